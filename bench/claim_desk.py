"""Benchmark: the records officer's month view and claim desk for 500 patients — the month
listed with every case's gate the first time (computed) and again (from the gate cache,
``services.claims.claims_month``), and the claim desk across every claim.

The archive is ``bench/claims_month.py``'s (its ``ensure_archive``: everyone treated every
working day), built through the real services once and kept in ``bench/.data/`` unless
``--rebuild``; each run migrates its copy to head. SQLite only.

    .venv/bin/python bench/claim_desk.py [--patients 500] [--month 2026-09] [--claims 100]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.claims_month import as_of_for, ensure_archive, timed  # noqa: E402
from desktop_app.clock import FixedClock, china_datetime  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.migrate import upgrade_database  # noqa: E402
from desktop_app.db.models import StaffUser  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--month", default="2026-09")
    parser.add_argument("--claims", type=int, default=100, help="claims built and frozen first")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    from desktop_app.services.claims import claim_desk_view, claims_month

    source = ensure_archive(args.patients, args.month, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="claim-desk-") as tmp:
        work = Path(tmp)
        shutil.copyfile(source, work / "archive.sqlite3")
        engine = make_engine(f"sqlite:///{work / 'archive.sqlite3'}")
        upgrade_database(engine, work / "backups")
        clock = FixedClock(china_datetime(as_of_for(args.month), 10))
        with Session(engine) as session:
            officer = session.scalar(select(StaffUser.id).where(StaffUser.role == "records_officer"))
        cache = claims_month.GateCache()

        def listing() -> list[claims_month.MonthCase]:
            with Session(engine) as session:
                return claims_month.month_cases(session, args.month, clock.today(), cache=cache)

        cases, t_first = timed(listing)
        again, t_again = timed(listing)
        assert [c.gaps for c in cases] == [c.gaps for c in again]
        ready = [c.case_id for c in cases if c.buildable][:args.claims]
        built = claims_month.build_month(engine, clock, officer, args.month, ready)
        ids = [o.claim_id for o in built if o.ok and o.claim_id is not None]
        claims_month.finalize_month(engine, clock, officer, ids[: len(ids) // 2])
        _after, t_after = timed(listing)
        _again2, t_again2 = timed(listing)

        def desk() -> list[claim_desk_view.DeskRow]:
            with Session(engine) as session:
                return claim_desk_view.desk_rows(session)

        rows, t_desk = timed(desk)
        print(f"month {args.month}: {len(cases)} cases, {sum(c.buildable for c in cases)} ready")
        print(f"  month view, gates computed        {t_first:7.2f} s")
        print(f"  month view again (cached)         {t_again:7.2f} s")
        print(f"  after {len(ids)} claims built ({len(ids) // 2} frozen): "
              f"{t_after:.2f} s (those cases computed again), then {t_again2:.2f} s cached")
        print(f"  claim desk, {len(rows)} claims           {t_desk:7.2f} s")
        engine.dispose()


if __name__ == "__main__":
    main()
