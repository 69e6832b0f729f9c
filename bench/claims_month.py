"""Benchmark: a month of claims for 500 patients — list the month with every case's gate,
build, finalize and export (one BagIt package each, PDF/A documents and data files).

The archive is written through the real services (``services/demo``'s generator, narrowed
so that every patient is admitted between the 21st of the month before and the 26th of
the month, none waits, none leaves early), built once and kept in ``bench/.data/``
unless ``--rebuild``; each run works on a copy. SQLite only.

    .venv/bin/python bench/claims_month.py [--patients 500] [--month 2026-09] [--processes N]

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
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.big_archive import DATA, new_archive  # noqa: E402
from bench.reportlab_floor import documents_of, floor_seconds  # noqa: E402
from desktop_app.clock import FixedClock, china_datetime  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.migrate import head_revision  # noqa: E402
from desktop_app.db.models import StaffUser, TreatmentSession  # noqa: E402
from desktop_app.domain.vocabulary import Role  # noqa: E402
from desktop_app.services.admin import accounts  # noqa: E402
from desktop_app.services.claims import claim_gate, claims_month, month_batch  # noqa: E402
from desktop_app.services.demo import DEMO_PASSWORD, _Demo  # noqa: E402


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


def as_of_for(month: str) -> date:
    """The 2nd of the next month: the generator leaves the last day's sessions (the 1st)
    awaiting the patient's signature, outside the month."""
    _first, last = claim_gate.month_window(month, date.max)
    return last + timedelta(days=2)


def archive_path(patients: int, month: str) -> Path:
    return DATA / f"claims-month-{patients}-{month}-{head_revision()}.sqlite3"


def ensure_archive(patients: int, month: str, rebuild: bool) -> Path:
    path = archive_path(patients, month)
    if path.exists() and not rebuild:
        return path
    partial, engine = new_archive(path)
    started = time.perf_counter()
    demo = MonthDemo(engine, seed=5, as_of=as_of_for(month))
    demo.extra_therapists = patients // 8  # everyone treated every working day
    demo.run(patients)
    engine.dispose()
    partial.replace(path)
    print(f"archive: {patients} patients written through the services in "
          f"{time.perf_counter() - started:.0f} s → {path}")
    return path


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--month", default="2026-09")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--processes", type=int, default=month_batch.default_processes(),
                        help="worker processes for the export (1: in this process)")
    parser.add_argument("--no-export", action="store_true",
                        help="list, build and finalize only (the gate's share of the month)")
    args = parser.parse_args()
    source = ensure_archive(args.patients, args.month, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="claims-month-") as tmp:
        work = Path(tmp)
        shutil.copyfile(source, work / "archive.sqlite3")
        engine = make_engine(f"sqlite:///{work / 'archive.sqlite3'}")
        clock = FixedClock(china_datetime(as_of_for(args.month), 10))
        with Session(engine) as session:
            officer = session.scalar(select(StaffUser.id).where(StaffUser.role == "records_officer"))
            sessions = session.scalar(select(func.count()).select_from(TreatmentSession)
                                      .where(TreatmentSession.session_date.between(
                                          *claim_gate.month_window(args.month, date.max))))

        def listing() -> list[claims_month.MonthCase]:
            with Session(engine) as session:
                return claims_month.month_cases(session, args.month, clock.today())

        cases, t_list = timed(listing)
        ready = [c.case_id for c in cases if c.buildable]
        built, t_build = timed(lambda: claims_month.build_month(
            engine, clock, officer, args.month, ready), "build")
        claim_ids = [o.claim_id for o in built if o.ok and o.claim_id is not None]
        frozen, t_final = timed(lambda: claims_month.finalize_month(
            engine, clock, officer, claim_ids), "finalize")
        if args.no_export:
            _again, t_relist = timed(listing)
            print(f"month {args.month}: {len(cases)} cases, {sessions} sessions; {len(ready)} ready\n"
                  f"  list with every gate   {t_list:7.2f} s  (again after finalize {t_relist:.2f} s)\n"
                  f"  build                  {t_build:7.2f} s{cpu_note('build')}\n"
                  f"  finalize               {t_final:7.2f} s{cpu_note('finalize')}\n"
                  f"  refused: {sum(1 for o in (*built, *frozen) if not o.ok)}")
            engine.dispose()
            return
        exported, t_export = timed(lambda: claims_month.export_month(
            engine, clock, officer, [o.claim_id for o in frozen if o.ok and o.claim_id], work / "out",
            processes=args.processes), "export")
        _again, t_relist = timed(listing)
        zips = [o.package.stat().st_size for o in exported if o.package is not None]
        folders = [sum(f.stat().st_size for f in o.package.with_suffix("").rglob("*") if f.is_file())
                   for o in exported if o.package is not None]
        failed = [o for o in (*built, *frozen, *exported) if not o.ok]
        floor_docs = documents_of([o.package.with_suffix("") for o in exported if o.package is not None])
        t_floor, floor_pages = floor_seconds(floor_docs)
        spread = t_floor / max(args.processes, 1)
        n = max(len(zips), 1)
        total = t_build + t_final + t_export
        print(f"month {args.month}: {len(cases)} cases with sessions or charges, {sessions} sessions; "
              f"{len(ready)} ready, {len(cases) - len(ready)} not")
        per_case = t_list / max(len(cases), 1) * 1000
        print(f"  list with every gate   {t_list:7.2f} s  ({per_case:.0f} ms per case;"
              f" again after export {t_relist:.2f} s)")
        print(f"  build                  {t_build:7.2f} s  ({t_build / n * 1000:.0f} ms per claim"
              f"{cpu_note('build')})")
        print(f"  finalize               {t_final:7.2f} s  ({t_final / n * 1000:.0f} ms per claim"
              f"{cpu_note('finalize')})")
        print(f"  export                 {t_export:7.2f} s  ({t_export / n * 1000:.0f} ms per claim,"
              f" {args.processes} process{'es' if args.processes > 1 else ''}{cpu_note('export')})")
        print(f"  build+finalize+export  {total:7.2f} s  ({total / n:.2f} s per claim)"
              f" for {len(zips)} claims")
        print(f"  floor: bare ReportLab, {floor_pages} pages of {len(floor_docs)} PDFs, one process "
              f"{t_floor:6.2f} s; over {args.processes} processes {spread:6.2f} s; export / floor "
              f"{t_export / max(spread, 1e-9):.1f}×, build+finalize+export / floor "
              f"{total / max(spread, 1e-9):.1f}×")
        # At 500 claims the work per claim is the same (each its own unit of work and package):
        # scaled from this run's wall clock, and from its CPU seconds as an idle machine would
        # spend them (build and finalize on one core, the export over the workers).
        cpu_one = sum(sum(CPU.get(stage, (0.0, 0.0))) for stage in ("build", "finalize"))
        own, workers = CPU.get("export", (0.0, 0.0))
        cpu_export = own + workers / max(args.processes, 1)
        print(f"  500 claims, scaled:    {total / n * 500:7.0f} s at this run's pace; "
              f"{(cpu_one + cpu_export) / n * 500:.0f} s from its CPU seconds (build+finalize "
              f"{cpu_one / n * 1000:.0f} ms CPU a claim, export "
              f"{(own + workers) / n * 1000:.0f} ms CPU a claim over {args.processes})")
        if zips:
            print(f"  zip size: median {statistics.median(zips) / 1024:.0f} KiB, min {min(zips) / 1024:.0f}, "
                  f"max {max(zips) / 1024:.0f}, all {sum(zips) / 2**20:.1f} MiB; folders "
                  f"{sum(folders) / 2**20:.1f} MiB")
        print(f"  refused: {len(failed)}" + "".join(f"\n    {o.case_number}: {o.en}" for o in failed[:5]))
        engine.dispose()


if __name__ == "__main__":
    main()
