"""Benchmark: recording a session through the app's own use case (``treatment.record_session``:
the limit judgement against the case, its prescription and the therapist's other sessions, the
row, its audit event and the chain) on a 30-year archive with a month of patients on top —
the archive ``bench/claims_month.py --on-archive`` writes — beside the same sessions recorded
in the month written into an empty archive. Not part of the test run.

    .venv/bin/python bench/record_sessions.py [--sessions 100] [--rounds 1] [ARCHIVE ...]
        [--pg-url URL --pg DATABASE ...]   (PostgreSQL databases, copied with TEMPLATE)

Each archive is copied first (the sessions are written). For each of up to ``--sessions``
admitted cases of the month, one more session of the item of its latest session, under the same
prescription, by the same therapist, on the day after the month's last session (each therapist's
sessions in consecutive 40-minute slots, so none overlaps; ``--rounds N`` goes round the cases
N times, for more samples from a small month). The figure is the p95 of the
recordings; the floor, the same rows inserted and committed bare (no judgement, no audit event,
no chain), right after, in the same copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.big_archive import DATA  # noqa: E402
from desktop_app.clock import CHINA, FixedClock, china_datetime  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.models import RehabCase, TreatmentSession  # noqa: E402
from desktop_app.errors import UserError  # noqa: E402
from desktop_app.services.clinical import treatment  # noqa: E402
from desktop_app.services.core.commands import SessionInput  # noqa: E402
from desktop_app.services.core.uow import UnitOfWork  # noqa: E402

SLOT_MINUTES = 40
# The first recordings of a process load the rules, packs and statements, and psycopg
# prepares each statement on a connection at its fifth execution: not counted.
WARM_UP = 6


def latest_of_each_case(session: Session, wanted: int) -> list[TreatmentSession]:
    """The latest session (with a prescription) of up to ``wanted`` admitted cases."""
    last_ids = (select(func.max(TreatmentSession.id))
                .join(RehabCase, RehabCase.id == TreatmentSession.case_id)
                .where(RehabCase.status == "admitted", TreatmentSession.prescription_id.is_not(None))
                .group_by(TreatmentSession.case_id))
    rows = list(session.scalars(select(TreatmentSession).where(TreatmentSession.id.in_(last_ids))
                                .order_by(TreatmentSession.id.desc()).limit(wanted)))
    session.expunge_all()
    return rows


def measure(path: Path, wanted: int, rounds: int = 1) -> tuple[list[float], list[float], int, int]:
    """(recording times ms, bare insert times ms, recorded, refused) on a copy of the SQLite
    archive ``path``; the first ``WARM_UP`` of each left out of the times."""
    with tempfile.TemporaryDirectory(prefix="record-sessions-") as tmp:
        copy = Path(tmp) / "archive.sqlite3"
        shutil.copyfile(path, copy)
        return record(f"sqlite:///{copy}", wanted, rounds)


def measure_pg(pg_url: str, database: str, wanted: int, rounds: int = 1
               ) -> tuple[list[float], list[float], int, int]:
    """The same on a copy (``CREATE DATABASE … TEMPLATE``) of the PostgreSQL ``database``."""
    copy = f"{database}_record"
    admin = make_engine(str(make_url(pg_url).set(database="postgres")))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{database}"'))
    try:
        return record(str(make_url(pg_url).set(database=copy)), wanted, rounds)
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
        admin.dispose()


def record(url: str, wanted: int, rounds: int = 1) -> tuple[list[float], list[float], int, int]:
    """The recordings and the bare inserts into the archive at ``url`` (written to)."""
    engine = make_engine(url)
    with Session(engine) as session:
        rows = latest_of_each_case(session, wanted)
        last_day = session.scalar(select(func.max(TreatmentSession.session_date)))
    assert last_day is not None
    day = last_day + timedelta(days=1)
    slots: dict[int, int] = {}
    times, bare, refused = [], [], 0
    new_rows = []
    for row in rows * rounds:
        slot = slots.get(row.therapist_id, 0)
        slots[row.therapist_id] = slot + 1
        start = china_datetime(day, 8) + timedelta(minutes=SLOT_MINUTES * slot)
        end = start + timedelta(minutes=30)
        clock = FixedClock(end.astimezone(CHINA))
        inp = SessionInput(national_code=row.national_code, therapist_id=row.therapist_id,
                           started_at=start, ended_at=end, location="康复治疗大厅",
                           prescription_id=row.prescription_id, limit_reason="bench")
        began = time.perf_counter()
        try:
            with UnitOfWork(engine, clock=clock, actor_id=row.therapist_id) as uow:
                treatment.record_session(uow, row.case_id, inp)
                uow.commit()
        except UserError:
            refused += 1
            continue
        times.append((time.perf_counter() - began) * 1000)
        new_rows.append({"case_id": row.case_id, "national_code": row.national_code,
                         "item_name": row.item_name, "therapist_id": row.therapist_id,
                         "session_date": day + timedelta(days=1), "started_at": start + timedelta(days=1),
                         "ended_at": end + timedelta(days=1), "count": 1, "over_approved_count": False,
                         "limit_flags": [], "created_at": end, "created_by_id": row.therapist_id,
                         "record_state": "draft", "version": 1})
    for values in new_rows:
        began = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(insert(TreatmentSession), values)
        bare.append((time.perf_counter() - began) * 1000)
    engine.dispose()
    return times[WARM_UP:], bare[WARM_UP:], len(times), refused


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1,
                        help="record for each case this many times (a small month: more samples)")
    parser.add_argument("archives", nargs="*", type=Path)
    parser.add_argument("--pg-url", help="a PostgreSQL server (any database on it)")
    parser.add_argument("--pg", action="append", default=[], help="a database to copy and record into")
    args = parser.parse_args()
    archives = args.archives or ([] if args.pg else sorted(DATA.glob("claims-month-*-on-*.sqlite3")))
    if not args.archives and not args.pg:  # the on-archive month beside the same month in an empty archive
        archives += [DATA / (a.name.split("-on-")[0] + "-" + a.name.rsplit("-", 1)[1]) for a in archives]
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the start")
    print("| archive | recorded (refused) | p95 | median | floor: bare insert p95 (median) | ratio |")
    print("|---|---|---|---|---|---|")
    runs = [(path.name, lambda path=path: measure(path, args.sessions, args.rounds)) for path in archives]
    runs += [(f"PostgreSQL {name}",
              lambda name=name: measure_pg(args.pg_url, name, args.sessions, args.rounds))
             for name in args.pg]
    for label, run in runs:
        times, bare, recorded, refused = run()
        print(f"| {label} | {recorded} ({refused}) | {p95(times):.1f} ms | "
              f"{statistics.median(times):.1f} ms | {p95(bare):.1f} ms ({statistics.median(bare):.1f}) | "
              f"{p95(times) / p95(bare):.1f} |", flush=True)
    print(f"(load {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    main()
