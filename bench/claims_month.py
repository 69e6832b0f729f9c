"""Benchmark: a month of claims for 500 patients — list the month with every case's gate,
build, finalize and export (one BagIt package each, PDF/A documents and data files).

The archive is written through the real services (``services/demo``'s generator, narrowed
so that every patient is admitted between the 21st of the month before and the 26th of
the month, none waits, none leaves early), built once and kept in ``bench/.data/`` (on
PostgreSQL: a database ``rehab_scale_month_…``) unless ``--rebuild``; each run works on a
copy.

    .venv/bin/python bench/claims_month.py [--patients 500] [--month 2026-09] [--processes N]
        [--engine sqlite|postgresql --pg-url URL]
    .venv/bin/python bench/claims_month.py --on-archive [--patients 100] [size flags of
        bench/thirty_years.py] [--engine sqlite|postgresql --pg-url URL]

``--on-archive``: the same month (same generator, seed and number of patients) written through
the services on top of a copy of the 30-year archive (``bench/thirty_years.py``), and measured
beside the month written into an empty archive, in the same run: whether 30 years of history
slow the month down. The month is then by default the second after the archive's last session,
so that no case of the archive has a session in it or in the month before (``--month`` to
choose another), and both places get that month.

The export runs in ``--processes`` worker processes (default: one per core,
``services/claims/month_batch``). Beside it: the floor, a bare ReportLab rendering of the
same pages with the same text in one process (``bench/reportlab_floor``: what it includes),
and that floor spread over the same number of processes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import Engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.big_archive import DATA, new_archive  # noqa: E402
from bench.reportlab_floor import documents_of, floor_seconds  # noqa: E402
from bench.thirty_years import Size, pg_database, size_arguments, size_of, thirty_years  # noqa: E402
from desktop_app.clock import FixedClock, china_datetime  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.migrate import head_revision, upgrade_database  # noqa: E402
from desktop_app.db.models import RehabCase, StaffUser, TreatmentSession  # noqa: E402
from desktop_app.domain.rules.packs import region_from_text  # noqa: E402
from desktop_app.domain.vocabulary import Role  # noqa: E402
from desktop_app.services.admin import accounts  # noqa: E402
from desktop_app.services.claims import claim_gate, claims_month, gate_memo, month_batch  # noqa: E402
from desktop_app.services.demo import ANALYZE_EVERY, ANALYZED_TABLES, DEMO_PASSWORD, _Demo  # noqa: E402
from desktop_app.services.rules import region  # noqa: E402

ANALYZE_EVERY_PATIENTS = 10  # PostgreSQL: the statistics autovacuum would keep, while writing


class MonthDemo(_Demo):
    """Everyone admitted 42 to 6 days before ``as_of`` (recognition, approval and admission
    gaps are random), approved for 120 days, nobody waiting or finishing early."""

    injury_days = (56, 56)
    waiting_for_approval = waiting_for_admission = ()
    early_finishers = ()
    approval_lengths = (120,)
    showcase = ()  # nobody discharged: the showcase cases end early

    def setup(self) -> None:
        """The extra therapists sign their sessions as they record them: they need a password."""
        super().setup()
        admin = self.staff[Role.ADMIN][0]
        for therapist in self.staff[Role.THERAPIST][4:]:
            with self.uow(admin) as uow:
                accounts.set_password(uow, therapist, DEMO_PASSWORD, hasher=accounts.DEMO_HASHER)

    def refresh_statistics(self) -> None:
        """On PostgreSQL, every few patients the planner statistics a running server's
        autovacuum keeps (the generator's own refresh is for its one-transaction demo)."""
        engine = self.engine
        if not isinstance(engine, Engine) or engine.dialect.name != "postgresql":
            return
        self.refreshes = getattr(self, "refreshes", 0) + 1  # called every ANALYZE_EVERY patients
        if (self.refreshes - 1) % max(1, ANALYZE_EVERY_PATIENTS // ANALYZE_EVERY):
            return
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ANALYZED_TABLES:
                conn.exec_driver_sql(f"ANALYZE {table}")


class ArchiveMonthDemo(MonthDemo):
    """The same month written on top of an archive that already holds 30 years: what the
    generator assumed of an empty archive, made true of this one.

    - the institution exists (``save_institution`` updates it: name, agreement, address) but
      its policy region is the baseline: set to the region the demo's institution is in
      (``region.set_policy_region``, by the demo's administrator, with a reason), as a new
      archive gets from its region's text;
    - the archive has staff (therapists ``pt01``…) but no administrator, so the demo's first
      administrator is added as on a first run; its usernames must not be taken (checked);
    - no catalogue rows: the demo's pack is imported as into an empty archive;
    - case numbers and ids continue the archive's (``numbering``);
    - dates: the month must come after the archive's last sessions (``month_after``)."""

    def setup(self) -> None:
        with Session(self.engine) as session:  # type: ignore[arg-type]
            taken = set(session.scalars(select(StaffUser.username).where(StaffUser.username.in_(
                ("admin", "doc_wang", "doc_li", "pt_zhang", "pt_chen", "ot_liu", "st_zhao", "ro_sun",
                 *(f"pt_{n + 1:03d}" for n in range(self.extra_therapists)))))))
        if taken:
            raise SystemExit(f"the archive already has the demo's usernames {sorted(taken)}")
        super().setup()
        with self.uow(self.staff[Role.ADMIN][0]) as uow:
            region.set_policy_region(uow, region_from_text("泸州市"),
                                     "基准：三十年档案上的演示月份按泸州规则 / bench: the demo's region")


def as_of_for(month: str) -> date:
    """The 2nd of the next month: the generator leaves the last day's sessions (the 1st)
    awaiting the patient's signature, outside the month."""
    _first, last = claim_gate.month_window(month, date.max)
    return last + timedelta(days=2)


def month_after(url: str) -> str:
    """The second month after the archive's last session: neither it nor the month before
    (where the month's patients are admitted) holds a session of the archive."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            last = session.scalar(select(func.max(TreatmentSession.session_date)))
    finally:
        engine.dispose()
    assert last is not None
    months = last.year * 12 + last.month - 1 + 2
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


# ----------------------------------------------------------------------------- the archives


def _write_month(engine: Engine, demo_class: type[MonthDemo], patients: int, month: str) -> float:
    started = time.perf_counter()
    demo = demo_class(engine, seed=5, as_of=as_of_for(month))
    demo.extra_therapists = patients // 8  # everyone treated every working day
    demo.run(patients)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


def archive_path(patients: int, month: str, on: Size | None = None) -> Path:
    where = f"-on-{on.tag}" if on is not None else ""
    return DATA / f"claims-month-{patients}-{month}{where}-{head_revision()}.sqlite3"


def pg_month_database(patients: int, month: str, on: Size | None = None) -> str:
    if on is not None:
        return f"{pg_database(on)}_m{patients}_{month.replace('-', '')}"
    return f"rehab_scale_month_{patients}_{month.replace('-', '')}_{head_revision()}"


def _admin(pg_url: str) -> Engine:
    return make_engine(str(make_url(pg_url).set(database="postgres")))


def _pg_exists(pg_url: str, database: str) -> bool:
    """The database exists and was finished (its marker table is there)."""
    admin = _admin(pg_url)
    try:
        with admin.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": database}):
                return False
    finally:
        admin.dispose()
    engine = make_engine(str(make_url(pg_url).set(database=database)))
    try:
        with engine.connect() as conn:
            return bool(conn.scalar(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": database + "_done"}))
    finally:
        engine.dispose()


def _pg_create(pg_url: str, database: str, template: str | None = None) -> str:
    admin = _admin(pg_url)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{database}"'
                              + (f' TEMPLATE "{template}"' if template else "")))
    finally:
        admin.dispose()
    return str(make_url(pg_url).set(database=database))


def _pg_drop(pg_url: str, database: str) -> None:
    admin = _admin(pg_url)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _pg_done(url: str, database: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE TABLE "{database}_done" (built_at text)'))
    finally:
        engine.dispose()


def ensure_archive(patients: int, month: str, rebuild: bool, engine_name: str = "sqlite",
                   pg_url: str | None = None) -> str:
    """The URL of the month written into an empty archive (built first if needed)."""
    if engine_name == "postgresql":
        assert pg_url, "--pg-url is needed for PostgreSQL"
        database = pg_month_database(patients, month)
        url = str(make_url(pg_url).set(database=database))
        if _pg_exists(pg_url, database) and not rebuild:
            return url
        _pg_create(pg_url, database)
        engine = make_engine(url)
        upgrade_database(engine, Path(tempfile.mkdtemp(prefix="bench-backups-")))
        took = _write_month(engine, MonthDemo, patients, month)
        engine.dispose()
        _pg_done(url, database)
        print(f"archive: {patients} patients written through the services into an empty archive "
              f"in {took:.0f} s → {database}", flush=True)
        return url
    path = archive_path(patients, month)
    if path.exists() and not rebuild:
        return f"sqlite:///{path}"
    partial, engine = new_archive(path)
    took = _write_month(engine, MonthDemo, patients, month)
    engine.dispose()
    partial.replace(path)
    print(f"archive: {patients} patients written through the services into an empty archive "
          f"in {took:.0f} s → {path}", flush=True)
    return f"sqlite:///{path}"


def ensure_on_archive(size: Size, patients: int, month: str, rebuild: bool,
                      engine_name: str = "sqlite", pg_url: str | None = None) -> str:
    """The URL of the month written through the services on top of a copy of the 30-year
    archive of ``size`` (built first if needed)."""
    source = thirty_years(size, engine_name, pg_url)
    if engine_name == "postgresql":
        assert pg_url
        database = pg_month_database(patients, month, size)
        url = str(make_url(pg_url).set(database=database))
        if _pg_exists(pg_url, database) and not rebuild:
            return url
        copied = time.perf_counter()
        _pg_create(pg_url, database, template=pg_database(size))
        copied = time.perf_counter() - copied
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f'DROP TABLE IF EXISTS "{pg_database(size)}_done"'))
        took = _write_month(engine, ArchiveMonthDemo, patients, month)
        engine.dispose()
        _pg_done(url, database)
        print(f"archive: copied in {copied:.0f} s, {patients} patients written through the services "
              f"on top of it in {took:.0f} s → {database}", flush=True)
        return url
    path = archive_path(patients, month, size)
    if path.exists() and not rebuild:
        return f"sqlite:///{path}"
    partial = path.with_suffix(".partial")
    copied = time.perf_counter()
    shutil.copyfile(make_url(source).database or "", partial)
    copied = time.perf_counter() - copied
    engine = make_engine(f"sqlite:///{partial}")
    took = _write_month(engine, ArchiveMonthDemo, patients, month)
    engine.dispose()
    partial.replace(path)
    print(f"archive: copied in {copied:.0f} s, {patients} patients written through the services "
          f"on top of it in {took:.0f} s → {path}", flush=True)
    return f"sqlite:///{path}"


def working_copy(url: str, pg_url: str | None) -> tuple[str, Callable[[], None]]:
    """A copy of the month's archive to build, finalize and export in, and its removal."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="claims-month-", dir=DATA))
        copy = folder / "archive.sqlite3"
        shutil.copyfile(parsed.database or "", copy)
        return f"sqlite:///{copy}", lambda: shutil.rmtree(folder, ignore_errors=True)
    assert pg_url and parsed.database
    name = parsed.database + "_run"
    copy_url = _pg_create(pg_url, name, template=parsed.database)
    return copy_url, lambda: _pg_drop(pg_url, name)


# ----------------------------------------------------------------------------- the month


CPU: dict[str, tuple[float, float]] = {}  # stage → (this process, its worker processes) CPU seconds


def timed(work, stage: str = ""):  # type: ignore[no-untyped-def]
    """The result and the wall-clock seconds; the CPU seconds of this process and of the
    workers it waited for go to ``CPU`` (the machine may be busy with other work)."""
    before = os.times()
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    after = os.times()
    if stage:
        CPU[stage] = (after.user + after.system - before.user - before.system,
                      after.children_user + after.children_system
                      - before.children_user - before.children_system)
    return result, elapsed


def cpu_note(stage: str) -> str:
    own, workers = CPU.get(stage, (0.0, 0.0))
    return f"; CPU here {own:.1f} s" + (f", workers {workers:.1f} s" if workers else "")


@dataclass
class Month:
    """One measured month: wall seconds by stage, CPU seconds by stage, counts."""

    place: str
    cases: int = 0
    ready: int = 0
    sessions: int = 0
    archive_cases: int = 0
    claims: int = 0
    refused: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, tuple[float, float]] = field(default_factory=dict)
    floor: float = 0.0
    floor_pages: int = 0
    processes: int = 1

    def per_claim_ms(self, stage: str) -> float:
        return self.seconds.get(stage, 0.0) / max(self.claims, 1) * 1000

    def cpu_ms(self, stage: str) -> float:
        return sum(self.cpu.get(stage, (0.0, 0.0))) / max(self.claims, 1) * 1000


@contextmanager
def month_at_work(url: str, month: str, prefix: str) -> Iterator[tuple[Engine, FixedClock, int | None, Path]]:
    """The copy's engine, the clock on the month's run day, the records officer and an output
    folder (removed after); the CPU figures start afresh."""
    CPU.clear()
    engine = make_engine(url)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=DATA))
    try:
        with Session(engine) as session:
            officer = session.scalar(select(StaffUser.id).where(StaffUser.role == "records_officer"))
        yield engine, FixedClock(china_datetime(as_of_for(month), 10)), officer, work
    finally:
        engine.dispose()
        shutil.rmtree(work, ignore_errors=True)


def measure(url: str, month: str, processes: int, *, no_export: bool = False,
            place: str = "") -> Month:
    """List the month with every gate, build, finalize and export it, on ``url`` (a copy)."""
    result = Month(place, processes=processes)
    with month_at_work(url, month, "claims-month-out-") as (engine, clock, officer, work):
        with Session(engine) as session:
            result.sessions = session.scalar(select(func.count()).select_from(TreatmentSession)
                                             .where(TreatmentSession.session_date.between(
                                                 *claim_gate.month_window(month, date.max)))) or 0
            result.archive_cases = session.scalar(select(func.count()).select_from(RehabCase)) or 0

        def listing() -> list[claims_month.MonthCase]:
            with Session(engine) as session:
                return claims_month.month_cases(session, month, clock.today())

        cases, result.seconds["list"] = timed(listing)
        ready = [c.case_id for c in cases if c.buildable]
        result.cases, result.ready = len(cases), len(ready)
        built, result.seconds["build"] = timed(lambda: claims_month.build_month(
            engine, clock, officer, month, ready), "build")
        claim_ids = [o.claim_id for o in built if o.ok and o.claim_id is not None]
        frozen, result.seconds["finalize"] = timed(lambda: claims_month.finalize_month(
            engine, clock, officer, claim_ids), "finalize")
        if no_export:
            _again, result.seconds["relist"] = timed(listing)
            result.claims = len([o for o in frozen if o.ok])
            result.refused = sum(1 for o in (*built, *frozen) if not o.ok)
            result.cpu = dict(CPU)
            print(_memo_note(engine))
            print(f"{place or 'month'} {month}: {len(cases)} cases, {result.sessions} sessions; "
                  f"{len(ready)} ready\n"
                  f"  list with every gate   {result.seconds['list']:7.2f} s  "
                  f"(again after finalize {result.seconds['relist']:.2f} s)\n"
                  f"  build                  {result.seconds['build']:7.2f} s{cpu_note('build')}\n"
                  f"  finalize               {result.seconds['finalize']:7.2f} s{cpu_note('finalize')}\n"
                  f"  refused: {result.refused}", flush=True)
            return result
        exported, result.seconds["export"] = timed(lambda: claims_month.export_month(
            engine, clock, officer, [o.claim_id for o in frozen if o.ok and o.claim_id], work / "out",
            processes=processes), "export")
        _again, result.seconds["relist"] = timed(listing)
        result.cpu = dict(CPU)
        zips = [o.package.stat().st_size for o in exported if o.package is not None]
        folders = [sum(f.stat().st_size for f in o.package.with_suffix("").rglob("*") if f.is_file())
                   for o in exported if o.package is not None]
        failed = [o for o in (*built, *frozen, *exported) if not o.ok]
        result.claims, result.refused = len(zips), len(failed)
        floor_docs = documents_of([o.package.with_suffix("") for o in exported if o.package is not None])
        result.floor, result.floor_pages = floor_seconds(floor_docs)
        _report(result, month, zips, folders, failed, len(floor_docs))
        print(_memo_note(engine))
        return result


def measure_run(url: str, month: str, processes: int, floor: float | None = None) -> float:
    """The month-end run in one go (``claims_month.run_month``: build, freeze and export each
    case while the workers write the packages before it), on ``url`` (a fresh copy), after the
    month screen's listing as the records officer opens it. Returns its wall seconds. ``floor``
    (over ``processes``): measured here on the run's own packages when not given."""
    with month_at_work(url, month, "claims-month-run-") as (engine, clock, officer, work):
        with Session(engine) as session:
            ready = [c.case_id for c in claims_month.month_cases(session, month, clock.today())
                     if c.buildable]
        outcomes, seconds = timed(lambda: claims_month.run_month(
            engine, clock, officer, month, ready, work / "out", processes=processes), "run")
        done = sum(1 for o in outcomes if o.ok)
        if floor is None:
            floor_docs = documents_of([o.package.with_suffix("") for o in outcomes if o.package is not None])
            one, pages = floor_seconds(floor_docs)
            floor = one / max(processes, 1)
            print(f"  floor: bare ReportLab, {pages} pages of {len(floor_docs)} PDFs, one process "
                  f"{one:.2f} s; over {processes} processes {floor:.2f} s; "
                  f"run / one-process floor {seconds / max(one, 1e-9):.2f}×", flush=True)
        print(f"  build, freeze and export in one run: {seconds:7.2f} s for {done} claims "
              f"({seconds / max(done, 1) * 1000:.0f} ms a claim{cpu_note('run')}); "
              f"/ floor over {processes} processes {seconds / max(floor, 1e-9):.1f}×; "
              f"refused: {len(outcomes) - done}", flush=True)
        print(_memo_note(engine))
        return seconds


def _memo_note(engine: Engine) -> str:
    """How many gates were taken from the step before (``claims.gate_memo``) in this run."""
    with Session(engine) as session:
        taken, judged = gate_memo.counts(session)
    return f"  gates taken from the step before: {taken}, judged afresh: {judged} (gate_memo)"


def _report(m: Month, month: str, zips: list[int], folders: list[int], failed: list[Any],
            floor_documents: int) -> None:
    t = m.seconds
    n = max(m.claims, 1)
    spread = m.floor / max(m.processes, 1)
    total = t["build"] + t["finalize"] + t["export"]
    print(f"{m.place + ': ' if m.place else ''}month {month}: {m.cases} cases with sessions or "
          f"charges, {m.sessions} sessions; {m.ready} ready, {m.cases - m.ready} not "
          f"(the archive holds {m.archive_cases:,} cases)")
    per_case = t["list"] / max(m.cases, 1) * 1000
    print(f"  list with every gate   {t['list']:7.2f} s  ({per_case:.0f} ms per case;"
          f" again after export {t['relist']:.2f} s)")
    print(f"  build                  {t['build']:7.2f} s  ({t['build'] / n * 1000:.0f} ms per claim"
          f"{cpu_note('build')})")
    print(f"  finalize               {t['finalize']:7.2f} s  ({t['finalize'] / n * 1000:.0f} ms per claim"
          f"{cpu_note('finalize')})")
    print(f"  export                 {t['export']:7.2f} s  ({t['export'] / n * 1000:.0f} ms per claim,"
          f" {m.processes} process{'es' if m.processes > 1 else ''}{cpu_note('export')})")
    print(f"  build+finalize+export  {total:7.2f} s  ({total / n:.2f} s per claim)"
          f" for {m.claims} claims")
    print(f"  floor: bare ReportLab, {m.floor_pages} pages of {floor_documents} PDFs, one process "
          f"{m.floor:6.2f} s; over {m.processes} processes {spread:6.2f} s; export / floor "
          f"{t['export'] / max(spread, 1e-9):.1f}×, build+finalize+export / floor "
          f"{total / max(spread, 1e-9):.1f}×")
    # At 500 claims the work per claim is the same (each its own unit of work and package):
    # scaled from this run's wall clock, and from its CPU seconds as an idle machine would
    # spend them (build and finalize on one core, the export over the workers).
    cpu_one = sum(sum(m.cpu.get(stage, (0.0, 0.0))) for stage in ("build", "finalize"))
    own, workers = m.cpu.get("export", (0.0, 0.0))
    cpu_export = own + workers / max(m.processes, 1)
    print(f"  500 claims, scaled:    {total / n * 500:7.0f} s at this run's pace; "
          f"{(cpu_one + cpu_export) / n * 500:.0f} s from its CPU seconds (build+finalize "
          f"{cpu_one / n * 1000:.0f} ms CPU a claim, export "
          f"{(own + workers) / n * 1000:.0f} ms CPU a claim over {m.processes})")
    if zips:
        print(f"  zip size: median {statistics.median(zips) / 1024:.0f} KiB, min {min(zips) / 1024:.0f}, "
              f"max {max(zips) / 1024:.0f}, all {sum(zips) / 2**20:.1f} MiB; folders "
              f"{sum(folders) / 2**20:.1f} MiB")
    print(f"  refused: {len(failed)}" + "".join(f"\n    {o.case_number}: {o.en}" for o in failed[:5]),
          flush=True)


def comparison(empty: Month, archive: Month) -> None:
    """The two months side by side, as a markdown table."""
    def row(name: str, a: str, b: str, ratio: str = "") -> None:
        print(f"| {name} | {a} | {b} | {ratio} |")

    def ratio(a: float, b: float) -> str:
        return f"{b / a:.2f}" if a > 0 else "—"

    print()
    print(f"| figure | empty archive ({empty.archive_cases:,} cases) | 30-year archive "
          f"({archive.archive_cases:,} cases) | 30-year / empty |")
    print("|---|---|---|---|")
    row("claims / sessions in the month", f"{empty.claims} / {empty.sessions:,}",
        f"{archive.claims} / {archive.sessions:,}")
    for stage, label in (("list", "list with every gate"), ("build", "build"),
                         ("finalize", "finalize"), ("export", "export"), ("relist", "list again")):
        if stage not in empty.seconds:
            continue
        a, b = empty.seconds[stage], archive.seconds[stage]
        row(f"{label}, wall", f"{a:.2f} s", f"{b:.2f} s", ratio(a, b))
    for stage in ("build", "finalize", "export"):
        if stage in empty.cpu:
            a, b = empty.cpu_ms(stage), archive.cpu_ms(stage)
            row(f"{stage}, CPU a claim (this process + workers)", f"{a:.0f} ms", f"{b:.0f} ms",
                ratio(a, b))
    if empty.floor:
        row("floor: bare ReportLab, one process", f"{empty.floor:.2f} s ({empty.floor_pages} pages)",
            f"{archive.floor:.2f} s ({archive.floor_pages} pages)", ratio(empty.floor, archive.floor))
        a_total = sum(empty.seconds[s] for s in ("build", "finalize", "export"))
        b_total = sum(archive.seconds[s] for s in ("build", "finalize", "export"))
        row("build+finalize+export, wall", f"{a_total:.1f} s", f"{b_total:.1f} s", ratio(a_total, b_total))
        row("  ÷ floor over the processes", f"{a_total / (empty.floor / empty.processes):.1f}",
            f"{b_total / (archive.floor / archive.processes):.1f}")
    row("refused", str(empty.refused), str(archive.refused))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--patients", type=int, default=None,
                        help="default 500; with --on-archive 100")
    parser.add_argument("--month", default=None,
                        help="default 2026-09; with --on-archive the second after its last session")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--processes", type=int, default=month_batch.default_processes(),
                        help="worker processes for the export (1: in this process)")
    parser.add_argument("--no-export", action="store_true",
                        help="list, build and finalize only (the gate's share of the month)")
    parser.add_argument("--run-only", action="store_true",
                        help="only the month-end run in one go, with its floor")
    parser.add_argument("--on-archive", action="store_true",
                        help="the month on a copy of the 30-year archive, beside an empty archive")
    size_arguments(parser)  # --years … --engine --pg-url, as bench/thirty_years.py
    args = parser.parse_args()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load {load} at the start; {args.engine}", flush=True)
    if not args.on_archive:
        patients, month = args.patients or 500, args.month or "2026-09"
        source = ensure_archive(patients, month, args.rebuild, args.engine, args.pg_url)
        if args.run_only:
            copy, remove = working_copy(source, args.pg_url)
            try:
                measure_run(copy, month, args.processes)
            finally:
                remove()
            print(f"(load {' / '.join(f'{x:.2f}' for x in os.getloadavg())} at the end)")
            return
        copy, remove = working_copy(source, args.pg_url)
        try:
            measured = measure(copy, month, args.processes, no_export=args.no_export)
        finally:
            remove()
        if not args.no_export:
            copy, remove = working_copy(source, args.pg_url)
            try:
                measure_run(copy, month, args.processes, measured.floor / max(args.processes, 1))
            finally:
                remove()
        print(f"(load {' / '.join(f'{x:.2f}' for x in os.getloadavg())} at the end)")
        return
    size = size_of(args)
    patients = args.patients or 100
    month = args.month or month_after(thirty_years(size, args.engine, args.pg_url))
    sources = {"empty archive": ensure_archive(patients, month, args.rebuild, args.engine, args.pg_url),
               "30-year archive": ensure_on_archive(size, patients, month, args.rebuild, args.engine,
                                                    args.pg_url)}
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{patients} patients, month {month}, archive {size.tag}; load {load} before measuring",
          flush=True)
    measured = []
    for place, source in sources.items():
        (copy, remove), copied = timed(lambda s=source: working_copy(s, args.pg_url))
        print(f"{place}: copied in {copied:.0f} s", flush=True)
        try:
            measured.append(measure(copy, month, args.processes, no_export=args.no_export,
                                    place=place))
        finally:
            remove()
    comparison(*measured)
    print(f"(load {' / '.join(f'{x:.2f}' for x in os.getloadavg())} at the end)")


if __name__ == "__main__":
    main()
