"""Two processes recording sessions at the approved count (issue 15, item 2).

Each round, two spawned processes start together at a barrier and record sessions of one
case as fast as they can, more than the approved count N between them, each stating a
reason (so a session beyond the count is recorded, flagged, and never billed). Afterwards
exactly N sessions are within the count, every other one carries ``over_approved_count``,
every attempt succeeded (waiting for the other, not refused as a conflict) and is stored,
and the archive verifies. Before the case lock (``locks_case``), the count read and the
insert were not atomic: on PostgreSQL both processes read N-1 and both stored the N-th
unflagged (4 of 4 and 3 of 4 rounds); on SQLite a deferred transaction that had read was
refused at once ("database is locked") when the other was writing (every round).
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from dataclasses import dataclass

from sqlalchemy import Engine, select

from desktop_app.db.models import TreatmentSession
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import AdmissionInput, ApprovedItemInput, PlanItemInput
from desktop_app.services.intake import intake
from desktop_app.services.integrity.verify import verify_archive
from tests import battery
from tests.archive_fixture import ADMISSION, VALID_ID, Archive
from tests.reliability.session_race_worker import RaceJob, record_all, slot

APPROVED = 6  # N: the approved count of the item
DONE_BEFORE = APPROVED - 1  # recorded before the race: its first two attempts meet at N
PER_PROCESS = 4  # attempts per process and round: with those before, 13 > N
ROUNDS = 4
DEADLINE_S = 90  # for all rounds of one engine; a hung child fails the test, never the run


@dataclass
class Round:
    stored: int = 0
    within: int = 0
    flagged: int = 0
    ok_ids: frozenset[int] = frozenset()
    failures: tuple[str, ...] = ()

    @property
    def flag_lost(self) -> bool:
        return self.within > APPROVED

    def held(self) -> bool:
        """No flag lost, nothing refused or lost: exactly what two careful clerks recording
        one after the other would have stored."""
        return (not self.failures and self.within == APPROVED
                and self.flagged == self.stored - APPROVED
                and self.stored == DONE_BEFORE + 2 * PER_PROCESS)


def _case(archive: Archive, code: str, round_no: int) -> int:
    """An admitted case approved for N sessions of the item, planned for more, with N-1
    done (on days and at an hour the race does not use)."""
    case_id = archive.register()
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(
            items=(ApprovedItemInput(code, "运动疗法", APPROVED),)))
    with archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, VALID_ID))
    with archive.uow(archive.physician) as u:
        treatment.create_plan(u, case_id, archive.plan(
            items=(PlanItemInput(code, "每日1次", 4 * APPROVED),)))
    for n in range(DONE_BEFORE):
        started, ended = slot(round_no, PER_PROCESS + n, 0)
        with archive.uow(archive.therapist) as u:
            treatment.record_session(u, case_id, archive.session(
                ADMISSION, started_at=started, ended_at=ended))
    return case_id


def _race(url: str, archive: Archive, case_ids: tuple[int, ...], code: str
          ) -> list[tuple[int, int, int | None, str | None]]:
    """Run both processes over every round; what each attempt reported."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    children = [context.Process(target=record_all, args=(
        RaceJob(url, case_ids, archive.therapist, code, PER_PROCESS, index), barrier, results))
        for index in (0, 1)]
    for child in children:
        child.start()
    expected = 2 * PER_PROCESS * len(case_ids)
    reported: list[tuple[int, int, int | None, str | None]] = []
    deadline = time.monotonic() + DEADLINE_S
    try:
        while len(reported) < expected and time.monotonic() < deadline:
            try:
                reported.append(results.get(timeout=1))
            except queue.Empty:
                if not any(child.is_alive() for child in children):
                    break
    finally:
        for child in children:
            child.join(timeout=max(1.0, deadline - time.monotonic()))
            if child.is_alive():
                child.kill()
                child.join(5)
    assert len(reported) == expected, f"the processes reported {len(reported)} of {expected}"
    assert all(child.exitcode == 0 for child in children)
    return reported


def _judge(engine: Engine, case_id: int, reports: list[tuple[int, int, int | None, str | None]]
           ) -> Round:
    with engine.connect() as conn:
        rows = conn.execute(select(TreatmentSession.id, TreatmentSession.over_approved_count)
                            .where(TreatmentSession.case_id == case_id)).all()
    ok_ids = frozenset(r[2] for r in reports if r[2] is not None)
    raced = {r.id for r in rows} - set(sorted(r.id for r in rows)[:DONE_BEFORE])
    assert raced == ok_ids, "a session reported stored is missing, or one unreported"
    return Round(stored=len(rows), within=sum(1 for r in rows if not r.over_approved_count),
                 flagged=sum(1 for r in rows if r.over_approved_count), ok_ids=ok_ids,
                 failures=tuple(r[3] for r in reports if r[3] is not None))


def test_two_processes_at_the_approved_count_lose_no_flag(
        archive: Archive, engine: Engine, db_kind: str) -> None:
    code = archive.codes["运动疗法"]
    case_ids = tuple(_case(archive, code, n) for n in range(ROUNDS))
    reported = _race(engine.url.render_as_string(hide_password=False), archive, case_ids, code)
    rounds = [_judge(engine, case_id, [r for r in reported if r[1] == n])
              for n, case_id in enumerate(case_ids)]
    battery.record("two-process race at the approved count", attempts=ROUNDS,
                   survived=sum(1 for r in rounds if not r.flag_lost), engine=db_kind)
    figures = [(r.stored, r.within, r.flagged, r.failures[:1]) for r in rounds]
    assert not any(r.flag_lost for r in rounds), f"a flag was lost: {figures}"
    assert all(r.held() for r in rounds), f"(stored, within, flagged, failures): {figures}"
    report = verify_archive(engine)
    assert report.ok, report.lines()
