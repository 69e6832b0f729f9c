"""The performance suite on the 30-year archive (issue 18): one table, every figure with its
target and, where one exists, a floor measured in the same run and the ratio to it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/suite.py [size flags of thirty_years.py]
        [--engine sqlite|postgresql --pg-url URL] [--skip-ui] [--reads | --writes]

The archive comes from ``bench/thirty_years.py`` (built once, cached); the suite works on a
copy of it (it records a verified anchor and saves sessions). ``--reads``: only the figures
that read, on the cached archive itself; ``--writes``: only the copy, saving sessions, opening
the largest case and start-up (no full verify first: at full size that is the long part).
A month of claims on the archive: ``bench/claims_month.py --on-archive``. Not part of the
test run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("REHAB_DATA_DIR", tempfile.mkdtemp(prefix="rehab-suite-"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_figures import BARE_WINDOW, median_ms, seconds_to_paint  # noqa: E402
from sqlalchemy import Engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from thirty_years import pg_database, size_arguments, size_of, thirty_years  # noqa: E402

from desktop_app.clock import SystemClock  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.models import (  # noqa: E402
    AttachmentBlob,
    AuditEvent,
    RehabCase,
    Signature,
    SignatureItem,
    StaffUser,
    TreatmentSession,
    Worker,
)
from desktop_app.services.core.uow import UnitOfWork  # noqa: E402
from desktop_app.services.intake.search_view import search_cases  # noqa: E402
from desktop_app.services.integrity.verify import (  # noqa: E402
    VerifyReport,
    record_anchor,
    verify_archive,
    verify_since_anchor,
)

SAVES = 200  # sessions saved for the p95


@dataclass
class Figure:
    name: str
    value: str
    target: str
    floor: str = "—"
    ratio: str = "—"
    met: str = ""


TABLE: list[Figure] = []


def add(figure: Figure) -> None:
    TABLE.append(figure)
    print(f"  {figure.name}: {figure.value} (target {figure.target}; floor {figure.floor}; "
          f"ratio {figure.ratio}) {figure.met}", flush=True)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def cpu_now() -> float:
    """CPU seconds of this process and of the worker processes it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class StageTimer:
    """``verify``'s progress callback: the wall and CPU time of each stage, first report to
    last (worker processes have ended by a stage's last report, so their CPU is counted)."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[float, float]] = {}
        self.last: dict[str, tuple[float, float]] = {}

    def __call__(self, stage: str, _done: int, _total: int) -> None:
        now = (time.perf_counter(), cpu_now())
        self.first.setdefault(stage, now)
        self.last[stage] = now

    def seconds(self, stage: str) -> float:
        return self.last.get(stage, (0.0, 0.0))[0] - self.first.get(stage, (0.0, 0.0))[0]

    def cpu(self, stage: str) -> float:
        return self.last.get(stage, (0.0, 0.0))[1] - self.first.get(stage, (0.0, 0.0))[1]


def timed(work: Callable[[], Any]) -> tuple[Any, float]:  # noqa: ANN401
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


# ----------------------------------------------------------------------------- the copy


def working_copy(url: str, engine_name: str, pg_url: str | None, size: Any) -> tuple[str, Callable[[], None]]:  # noqa: ANN401
    """A copy of the cached archive to write into, and how to remove it."""
    if engine_name == "sqlite":
        source = Path(make_url(url).database or "")
        folder = Path(tempfile.mkdtemp(prefix="rehab-suite-db-", dir=source.parent))
        copy = folder / source.name
        shutil.copyfile(source, copy)
        return f"sqlite:///{copy}", lambda: shutil.rmtree(folder, ignore_errors=True)
    assert pg_url
    name = pg_database(size) + "_suite"
    admin = make_engine(str(make_url(pg_url).set(database="postgres")))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_database(size)}"'))

    def drop() -> None:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return str(make_url(pg_url).set(database=name)), drop


# ----------------------------------------------------------------------------- verify


def read_floor(engine: Engine) -> tuple[float, float]:
    """Rows per second of merely reading what the chain and the signature checks read
    (the event rows; the signature rows, their items and the signed sessions), no hashing."""
    with engine.connect() as conn:
        _, events_s = timed(lambda: sum(1 for _ in conn.execute(select(
            AuditEvent.chain_seq, AuditEvent.prev_hash, AuditEvent.hash, AuditEvent.id,
            AuditEvent.occurred_at, AuditEvent.actor_id, AuditEvent.action, AuditEvent.record_type,
            AuditEvent.record_id, AuditEvent.case_id, AuditEvent.details, AuditEvent.row_sha256)
            .where(AuditEvent.chain_seq.is_not(None)).execution_options(yield_per=5000))))
        events = conn.scalar(select(func.count()).select_from(AuditEvent)) or 0

        def signatures() -> int:
            n = sum(1 for _ in conn.execute(select(Signature.__table__).execution_options(yield_per=5000)))
            sum(1 for _ in conn.execute(select(SignatureItem.__table__).execution_options(yield_per=5000)))
            sum(1 for _ in conn.execute(select(TreatmentSession.__table__).execution_options(yield_per=5000)))
            return n

        count, signatures_s = timed(signatures)
    return events / events_s, count / signatures_s


def verify_figures(engine: Engine) -> VerifyReport:
    timer = StageTimer()
    report, total = timed(lambda: verify_archive(engine, progress=timer))
    if not report.ok:
        print("\n".join(report.lines()[-12:]))
        raise SystemExit("the archive does not verify: the figures would mean nothing")
    events = report.checked["审计事件 audit events"]
    signatures = report.checked["签名 signatures"]
    event_rate = events / timer.seconds("audit_chain")
    signature_rate = signatures / timer.seconds("signature")
    floor_events, floor_signatures = read_floor(engine)
    cores = os.cpu_count() or 1
    event_cpu = events / timer.cpu("audit_chain")
    signature_cpu = signatures / timer.cpu("signature")
    add(Figure(f"full verify: audit chain ({events:,} events)", f"{event_rate:,.0f} events/s",
               ">= 60,000 events/s", f"read only {floor_events:,.0f} rows/s",
               f"{event_rate / floor_events:.2f}", verdict(event_rate >= 60_000)))
    add(Figure(f"full verify: signatures ({signatures:,})", f"{signature_rate:,.0f} signatures/s",
               ">= 10,000 signatures/s", f"read only {floor_signatures:,.0f} signatures/s",
               f"{signature_rate / floor_signatures:.2f}", verdict(signature_rate >= 10_000)))
    add(Figure("  the same, per CPU-second (the machine shared)",
               f"{event_cpu:,.0f} events and {signature_cpu:,.0f} signatures per CPU-s",
               f"x {cores} cores idle: {event_cpu * cores:,.0f} / {signature_cpu * cores:,.0f} per s"))
    rows = report.checked["记录与审计状态 rows against their audit"]
    add(Figure(f"full verify: rows against their audit ({rows:,})",
               f"{rows / timer.seconds('row_state'):,.0f} rows/s", "—"))
    add(Figure("full verify: whole check", f"{total:,.0f} s", "—"))
    return report


def chain_and_signatures(url: str) -> None:
    from desktop_app.db.opening import open_existing
    from desktop_app.services.integrity import verify as verify_module

    engine = open_existing(url, read_only=True)
    timer = StageTimer()
    report = VerifyReport()
    try:
        with Session(engine) as session:
            verify_module._check_chain(session, report, None, timer)  # noqa: SLF001 - a stage alone
            verify_module._check_signatures(session, report, timer)  # noqa: SLF001
    finally:
        engine.dispose()
    events, signatures = report.checked["审计事件 audit events"], report.checked["签名 signatures"]
    bad = len(report.problems)
    add(Figure(f"verify's chain stage alone ({events:,} events, {bad} problems)",
               f"{events / timer.seconds('audit_chain'):,.0f} events/s", ">= 60,000 events/s",
               f"{events / timer.cpu('audit_chain'):,.0f} per CPU-s"))
    add(Figure(f"verify's signature stage alone ({signatures:,})",
               f"{signatures / timer.seconds('signature'):,.0f} signatures/s", ">= 10,000 signatures/s",
               f"{signatures / timer.cpu('signature'):,.0f} per CPU-s"))


def fixity_figure(engine: Engine) -> None:
    """verify's attachment stage against ``sha256sum`` of the same bytes, in one file, both
    read warm (the archive's pages and the file in the page cache)."""
    timer = StageTimer()
    folder = Path(tempfile.mkdtemp(prefix="rehab-fixity-"))
    try:
        blob_file = folder / "blobs.bin"
        size = 0
        with engine.connect() as conn, blob_file.open("wb") as out:
            for (content,) in conn.execute(select(AttachmentBlob.content).execution_options(yield_per=50)):
                if content is not None:
                    out.write(content)
                    size += len(content)
        subprocess.run(["cat", str(blob_file)], stdout=subprocess.DEVNULL, check=True)  # warm
        _, floor = timed(lambda: subprocess.run(["sha256sum", str(blob_file)], check=True,
                                                stdout=subprocess.DEVNULL))
        from desktop_app.services.integrity import verify as verify_module

        with Session(engine) as session:
            report = VerifyReport()
            verify_module._check_attachments(session, report, timer)  # noqa: SLF001 - the stage alone
            _, ours = timed(lambda: verify_module._check_attachments(session, report, timer))  # noqa: SLF001
        mib = size / 2**20
        add(Figure(f"fixity of all attachments ({mib:,.0f} MiB)", f"{mib / ours:,.0f} MiB/s",
                   ">= 0.80 x sha256sum", f"sha256sum {mib / floor:,.0f} MiB/s", f"{floor / ours:.2f}",
                   verdict(floor / ours >= 0.8)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ----------------------------------------------------------------------------- writing


def save_figures(engine: Engine, before_floor: Callable[[], None] | None = None) -> None:
    """Saving a session through the unit of work: the row, its audit event with the row's
    state hash and, in the same transaction (both engines, since session 14), the chain.
    The floor: the same row inserted and committed, one transaction each, without the unit of
    work (no audit event, no chain, no ORM), as many times, right after (``before_floor``
    first: what must see only the audited rows)."""
    with Session(engine) as session:
        case = session.execute(select(RehabCase.id, RehabCase.admission_date).where(
            RehabCase.status == "admitted").order_by(RehabCase.id.desc()).limit(1)).one()
        therapist = session.scalar(select(StaffUser.id).order_by(StaffUser.id).limit(1))
    clock = SystemClock()

    def row(n: int) -> dict[str, Any]:
        begins = clock.now() - timedelta(days=1, minutes=SAVES * 40 - n * 40)
        return {"case_id": case.id, "national_code": "DEMO0001", "item_name": "运动疗法",
                "therapist_id": therapist, "session_date": begins.date(), "started_at": begins,
                "ended_at": begins + timedelta(minutes=30), "count": 1, "over_approved_count": False,
                "limit_flags": [], "created_at": clock.now(), "created_by_id": therapist,
                "record_state": "draft"}

    times = []
    for n in range(SAVES):
        started = time.perf_counter()
        with UnitOfWork(engine, clock=clock, actor_id=therapist) as uow:
            uow.session.add(TreatmentSession(**row(n)))
            uow.commit()
        times.append((time.perf_counter() - started) * 1000)
    if before_floor is not None:
        before_floor()
    bare = []
    for n in range(SAVES):
        values = {**row(n), "version": 1}
        started = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(insert(TreatmentSession), values)
        bare.append((time.perf_counter() - started) * 1000)
    p95, floor = statistics.quantiles(times, n=20)[-1], statistics.quantiles(bare, n=20)[-1]
    add(Figure(f"save a session, audited and chained (p95 of {SAVES}; median "
               f"{statistics.median(times):.1f} ms)", f"{p95:.1f} ms", "<= 20 ms",
               f"the row alone, inserted and committed: p95 {floor:.1f} ms (median "
               f"{statistics.median(bare):.1f})", f"{p95 / floor:.1f}", verdict(p95 <= 20)))


def incremental_figure(engine: Engine, full: VerifyReport, full_seconds: float) -> None:
    record_anchor(engine, full)
    found: list[tuple[VerifyReport, float]] = []
    # the day's work after the anchor, verified before the save figure's floor adds bare rows
    save_figures(engine, before_floor=lambda: found.append(timed(lambda: verify_since_anchor(engine))))
    report, seconds = found[0]
    assert report.ok, report.lines()
    events = report.checked["审计事件 audit events"]
    add(Figure(f"incremental verify since the anchor ({events:,} new events)", f"{seconds:.2f} s",
               "<= 5 s", f"full verify {full_seconds:,.0f} s", f"{seconds / full_seconds:.4f}",
               verdict(seconds <= 5)))


# ----------------------------------------------------------------------------- desktop


def statistics_figures(engine: Engine) -> None:
    """The statistics screen's report (``services.statistics.stats_view``) for the archive's
    last whole year and a month of it; floor: counting that year's sessions."""
    from sqlalchemy import func, select

    from desktop_app.db.models import RehabCase, TreatmentSession
    from desktop_app.domain.statistics.report import Period
    from desktop_app.services.statistics.stats_view import statistics_report

    with Session(engine) as session:
        last = session.scalar(select(func.max(RehabCase.admission_date)))
    if last is None:
        add(Figure("yearly / monthly statistics", "no admitted case in the archive", "—"))
        return
    year = last.year - 1 if last.month < 12 else last.year
    for name, period, target in (("yearly statistics", Period(year), 2.0),
                                 ("monthly statistics", Period(year, month=6), 0.5)):
        with Session(engine) as session:
            _, floor = timed(lambda p=period: session.scalar(
                select(func.count()).select_from(TreatmentSession).where(
                    TreatmentSession.session_date.between(p.start, p.end))))
        with Session(engine) as session:
            report, seconds = timed(lambda p=period: statistics_report(session, p))
        figures = sum(len(g.figures) for g in report.groups)
        add(Figure(f"{name} ({period.label_en}, {figures} figures)", f"{seconds:.2f} s",
                   f"<= {target} s", f"count its sessions {floor * 1000:.0f} ms",
                   f"{seconds / max(floor, 1e-9):.0f}", verdict(seconds <= target)))


def search_figure(engine: Engine) -> None:
    today = SystemClock().today()
    with Session(engine) as session:
        sample = session.scalars(select(Worker).order_by(Worker.id).offset(
            (session.scalar(select(func.count()).select_from(Worker)) or 1) // 2).limit(1)).one()
        two = session.scalar(select(Worker.name).where(func.length(Worker.name) == 2).limit(1)) or "王伟"
        number = session.scalar(select(RehabCase.case_number).where(RehabCase.worker_id == sample.id))
        queries = {"full ID number": sample.resident_id, "two-character name": two,
                   "pinyin initials": sample.name_initials, "case number": number or ""}
        times = {label: median_ms(lambda q=q: search_cases(session, q, today), repeats=20)
                 for label, q in queries.items()}
    worst = max(times, key=times.__getitem__)
    add(Figure("search (slowest of ID number, name, initials, case number)",
               f"{times[worst]:.1f} ms ({worst})", "<= 10 ms", "—", "—", verdict(times[worst] <= 10)))


def open_case_figure(engine: Engine) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.services.admin.sign_in import SignedIn
    from desktop_app.services.clinical.case_view import case_row
    from desktop_app.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with Session(engine) as session:
        largest, sessions = session.execute(
            select(TreatmentSession.case_id, func.count()).group_by(TreatmentSession.case_id)
            .order_by(func.count().desc()).limit(1)).one()
        staff = session.scalars(select(StaffUser)).first()
        assert staff is not None
        user = SignedIn(staff.id, staff.username, staff.display_name, staff.role)
        row = case_row(session, largest, SystemClock().today())
    assert row is not None
    window = MainWindow(engine, SystemClock(), "bench", user)
    window.show()
    app.processEvents()

    def open_and_paint() -> None:
        window.show_case(row)
        window.repaint()  # a synchronous paint of the whole window
        if window.workspace.case is None:
            raise SystemExit("the case did not open: see the message above")

    ms = median_ms(open_and_paint, repeats=15)
    window.close()
    add(Figure(f"open the largest case ({sessions:,} sessions) to first paint", f"{ms:.0f} ms",
               "<= 150 ms", "—", "—", verdict(ms <= 150)))


def startup_figure(url: str | None = None, runs: int = 5) -> None:
    """Start to the login window's first paint, the app's and a bare PySide6 window's,
    interleaved. With ``url`` the app is started on that archive (``--db``); the login
    window is painted before the archive is opened, by design, so its size does not enter
    here: ``archive_open_figure`` times what follows the sign-in."""
    env = {**os.environ, "REHAB_DATA_DIR": tempfile.mkdtemp(prefix="rehab-suite-start-")}
    command = [sys.executable, "-m", "desktop_app", "--startup-probe"]
    if url is not None:
        command += ["--db", url]
    bare, app = [], []
    for _ in range(runs):
        bare.append(seconds_to_paint([sys.executable, "-c", BARE_WINDOW], env))
        app.append(seconds_to_paint(command, env))
    b, a = statistics.median(bare), statistics.median(app)
    add(Figure(f"start-up to the login window (median of {runs})", f"{a * 1000:.0f} ms",
               "<= 1.3 x bare window", f"bare PySide6 window {b * 1000:.0f} ms", f"{a / b:.2f}",
               verdict(a / b <= 1.3)))


def archive_open_figure(url: str) -> None:
    """What the app does with the archive after the login window (``app._prepared``: open
    it, check its schema revision, upgrade if needed: here never), then the main window
    over it to its first paint (the case list); no target of its own, shown so that the
    archive's share of starting the app is seen."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import _prepared
    from desktop_app.services.admin.sign_in import SignedIn
    from desktop_app.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    engine, opened = timed(lambda: _prepared(url, False, None))
    try:
        with Session(engine) as session:
            staff = session.scalars(select(StaffUser).order_by(StaffUser.id)).first()
            assert staff is not None
            user = SignedIn(staff.id, staff.username, staff.display_name, staff.role)

        def paint() -> MainWindow:
            window = MainWindow(engine, SystemClock(), "bench", user)
            window.show()
            window.repaint()
            app.processEvents()
            return window

        window, painted = timed(paint)
        window.close()
    finally:
        engine.dispose()
    add(Figure("after the login: open the archive (schema check)", f"{opened * 1000:.0f} ms", "—"))
    add(Figure("after the login: main window (case list) to first paint", f"{painted * 1000:.0f} ms",
               "—"))


CLAIMS_POINTER = ("a month of claims", "bench/claims_month.py --on-archive: the month written on "
                  "a copy of this archive beside the same month in an empty one "
                  "(docs/performance.md, session 13)", "—")


def print_table() -> None:
    print()
    print("| figure | measured | target | floor (same run) | ratio | |")
    print("|---|---|---|---|---|---|")
    for f in TABLE:
        print(f"| {f.name} | {f.value} | {f.target} | {f.floor} | {f.ratio} | {f.met} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    size_arguments(parser)
    parser.add_argument("--skip-ui", action="store_true", help="no start-up / open-case figures")
    parser.add_argument("--chain-and-signatures", action="store_true",
                        help="only verify's chain and signature stages, on the cached archive "
                             "itself (read-only, no copy): the quick look at a full-size archive")
    parser.add_argument("--reads", action="store_true",
                        help="the figures that only read (verify's chain and signatures, fixity, "
                             "statistics, search) on the cached archive itself, no copy")
    parser.add_argument("--writes", action="store_true",
                        help="on a copy, without the full verify first: saving sessions, opening "
                             "the largest case, start-up")
    args = parser.parse_args()
    size = size_of(args)
    url = thirty_years(size, args.engine, args.pg_url)
    if args.writes:
        writes(url, args, size)
        return
    if args.chain_and_signatures or args.reads:
        print(f"archive {size.tag}, {os.cpu_count()} cores (load {os.getloadavg()[0]:.1f} at the start)",
              flush=True)
        chain_and_signatures(url)
        if args.reads:
            engine = make_engine(url)
            try:
                fixity_figure(engine)
                statistics_figures(engine)
                search_figure(engine)
            finally:
                engine.dispose()
        print_table()
        print(f"(load {os.getloadavg()[0]:.1f} at the end)")
        return
    copy, remove = working_copy(url, args.engine, args.pg_url, size)
    engine = make_engine(copy)
    print(f"archive {size.tag} on {engine.dialect.name}; {os.cpu_count()} cores "
          f"(load {os.getloadavg()[0]:.1f} at the start)", flush=True)
    try:
        full, full_seconds = timed(lambda: verify_figures(engine))
        fixity_figure(engine)
        incremental_figure(engine, full, full_seconds)
        statistics_figures(engine)
        search_figure(engine)
        if not args.skip_ui:
            open_case_figure(engine)
            startup_figure(copy)
        add(Figure(*CLAIMS_POINTER))
    finally:
        engine.dispose()
        remove()
    print_table()
    print(f"(load {os.getloadavg()[0]:.1f} at the end)")


def writes(url: str, args: argparse.Namespace, size: Any) -> None:  # noqa: ANN401
    """``--writes``: the figures that write or start the app, on a fresh copy of the archive."""
    print(f"archive {size.tag} on {args.engine}; {os.cpu_count()} cores "
          f"(load {' / '.join(f'{x:.2f}' for x in os.getloadavg())} at the start)", flush=True)
    (copy, remove), copied = timed(lambda: working_copy(url, args.engine, args.pg_url, size))
    print(f"  copied in {copied:.0f} s", flush=True)
    engine = make_engine(copy)
    try:
        with Session(engine) as session:
            counts = {m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
                      for m in (RehabCase, TreatmentSession, Signature, AuditEvent)}
        print("  " + ", ".join(f"{n:,} {t}" for t, n in counts.items()), flush=True)
        save_figures(engine)
        if not args.skip_ui:
            open_case_figure(engine)
            startup_figure(copy)
            archive_open_figure(copy)
        add(Figure(*CLAIMS_POINTER))
    finally:
        engine.dispose()
        remove()
    print_table()
    print(f"(load {' / '.join(f'{x:.2f}' for x in os.getloadavg())} at the end)")


if __name__ == "__main__":
    main()
