"""One of the two processes of ``test_session_race``: records sessions as fast as it can,
each round starting with the other process at a barrier. Imports only the app (no pytest),
so that a spawned child starts quickly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from desktop_app.clock import CHINA, FixedClock, china_datetime
from desktop_app.db.engine import make_engine
from desktop_app.errors import AppError
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import SessionInput
from desktop_app.services.core.uow import UnitOfWork

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=CHINA)  # the tests' clock (tests/conftest.py)
FIRST_DAY = date(2026, 4, 4)  # the day after the fixture's admission
BARRIER_TIMEOUT_S = 60


@dataclass(frozen=True)
class RaceJob:
    url: str
    case_ids: tuple[int, ...]  # one case per round
    therapist_id: int
    national_code: str
    attempts: int  # per round, this process
    index: int  # 0 or 1: which days this process records on


def slot(round_no: int, attempt: int, index: int) -> tuple[datetime, datetime]:
    """A half hour no other attempt uses: a day per attempt and process, an hour per round
    (the rounds' cases share one worker and one therapist, who may not overlap)."""
    start = china_datetime(FIRST_DAY + timedelta(days=2 * attempt + index), 8 + round_no)
    return start, start + timedelta(minutes=30)


def record_all(job: RaceJob, barrier: Any, results: Any) -> None:
    """For each round: wait for the other process, then try ``attempts`` sessions; put
    (round, attempt, session id or None, error text or None) on ``results``."""
    engine = make_engine(job.url)
    try:
        for round_no, case_id in enumerate(job.case_ids):
            barrier.wait(BARRIER_TIMEOUT_S)
            for attempt in range(job.attempts):
                results.put((job.index, round_no, *_try(engine, job, case_id, round_no, attempt)))
    finally:
        engine.dispose()


def _try(engine: Any, job: RaceJob, case_id: int, round_no: int,
         attempt: int) -> tuple[int | None, str | None]:
    started, ended = slot(round_no, attempt, job.index)
    inp = SessionInput(national_code=job.national_code, therapist_id=job.therapist_id,
                       started_at=started, ended_at=ended, limit_reason="并发测试 race test")
    try:
        with UnitOfWork(engine, clock=FixedClock(NOW), actor_id=job.therapist_id) as uow:
            return treatment.record_session(uow, case_id, inp).id, None
    except (AppError, SQLAlchemyError) as error:  # a refusal, a conflict, a lock wait given up
        return None, f"{type(error).__name__}: {error}"
