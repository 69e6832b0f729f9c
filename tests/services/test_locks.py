"""The case lock of use cases whose checks decide coverage (``services.core.locks``): taken
where it must be, held until the commit, and a wait that runs out is a message."""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, event, select, text

import desktop_app.services
from desktop_app.cli import main
from desktop_app.clock import china_datetime
from desktop_app.db import engine as engine_module
from desktop_app.db.models import RehabCase, TreatmentSession
from desktop_app.domain.vocabulary import Action, CaseStatus
from desktop_app.errors import ConcurrencyConflict, UserError
from desktop_app.services.admin import accounts
from desktop_app.services.clinical import treatment
from desktop_app.services.core import locks
from desktop_app.services.core import use_case as use_case_module
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovedItemInput,
    DischargeInput,
    PlanItemInput,
)
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import REGISTRY, use_case
from desktop_app.services.intake import intake
from tests.archive_fixture import ADMISSION, DISCHARGE, VALID_ID, Archive

DAY = date(2026, 4, 7)
# The use cases whose checks decide what the fund pays or what a session may be.
LOCKING = {"clinical.treatment.record_session", "clinical.treatment.prescribe",
           "clinical.treatment.create_plan", "clinical.treatment.revise_plan",
           "clinical.treatment.discharge", "clinical.leave.record_leave",
           "intake.intake.enter_approval", "claims.fees.charge_sessions",
           "claims.claims.build_claim", "claims.bed_days.charge_bed_days",
           "clinical.treatment.record_sessions",
           # issue 19: a transfer out reads the last session; a transfer in changes the counts
           "clinical.transfer.transfer_out", "clinical.transfer.transfer_in",
           # a fitting paid by the fund adds a charge line (issue 19, item 6)
           "clinical.device.fit_device",
           # numbers the next version: two physicians at once must not both take n + 1
           "clinical.value_report.add_value_report"}


def test_the_use_cases_that_decide_coverage_lock_their_case() -> None:
    for module in pkgutil.walk_packages(desktop_app.services.__path__, "desktop_app.services."):
        importlib.import_module(module.name)
    assert {name for name, declared in REGISTRY.items() if declared.locks_case} == LOCKING


def test_a_lock_needs_a_case_and_a_commit() -> None:
    with pytest.raises(ValueError, match="locks_case"):
        use_case(Action.SESSION_RECORD, locks_case=True)
    with pytest.raises(ValueError, match="locks_case"):
        use_case(Action.SESSION_RECORD, case="case_id", commits=False, locks_case=True)


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: seen.append(" ".join(statement.split())))
    return seen


def _at(archive: Archive, case_id: int, hour: int, day: date = DAY, **changes: object) -> int:
    start = china_datetime(day, hour)
    with archive.uow(archive.therapist) as u:
        return treatment.record_session(u, case_id, archive.session(
            day, started_at=start, ended_at=start + timedelta(minutes=30), **changes)).id


def _approved_for(archive: Archive, n: int) -> int:
    """An admitted case approved for ``n`` sessions of 运动疗法, planned for more."""
    case_id = archive.register()
    code = archive.codes["运动疗法"]
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(
            items=(ApprovedItemInput(code, "运动疗法", n),)))
    with archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, VALID_ID))
    with archive.uow(archive.physician) as u:
        treatment.create_plan(u, case_id, archive.plan(items=(PlanItemInput(code, "每日1次", 10),)))
    return case_id


def test_recording_locks_before_its_checks_read(archive: Archive, engine: Engine) -> None:
    case_id = archive.admitted_case()
    seen = _statements(engine)
    _at(archive, case_id, 8)
    count_read = next(i for i, s in enumerate(seen) if "sum(treatment_session.count)" in s
                      or "FROM treatment_session" in s)
    if engine.dialect.name == "sqlite":
        locked = [i for i, s in enumerate(seen) if s == "BEGIN IMMEDIATE"]
    else:
        locked = [i for i, s in enumerate(seen) if "FROM rehab_case" in s and "FOR NO KEY UPDATE" in s]
        assert any("FROM staff_user" in s and "FOR NO KEY UPDATE" in s for s in seen)
    assert locked and locked[0] < count_read, seen[:12]


@contextmanager
def _held_elsewhere(engine: Engine, case_id: int) -> Iterator[None]:
    """Another writer holding the case (PostgreSQL) or the database (SQLite)."""
    if engine.dialect.name == "sqlite":
        assert engine.url.database
        other = sqlite3.connect(engine.url.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    with engine.connect() as conn, conn.begin():  # the app's own lock: inserts are not held up
        conn.execute(select(RehabCase.id).where(RehabCase.id == case_id)
                     .with_for_update(key_share=True))
        yield


def test_a_second_writer_waits_for_the_lock(archive: Archive, engine: Engine) -> None:
    case_id = archive.admitted_case()
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(_at(archive, case_id, 9)))
    with _held_elsewhere(engine, case_id):
        worker.start()
        time.sleep(0.5)
        assert not done  # still waiting
    worker.join(timeout=10)
    assert not worker.is_alive() and len(done) == 1


def test_a_wait_that_runs_out_is_a_conflict_and_writes_nothing(
        archive: Archive, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = archive.admitted_case()
    monkeypatch.setattr(locks, "LOCK_WAIT_MS", 300)
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
    engine.dispose()  # new connections wait 300 ms on SQLite
    with _held_elsewhere(engine, case_id), pytest.raises(ConcurrencyConflict) as refused:
        _at(archive, case_id, 10)
    assert "try again" in refused.value.en and "稍后重试" in refused.value.zh
    with archive.uow() as u:
        assert u.session.scalars(select(TreatmentSession.id)).all() == []


def test_a_unit_of_work_that_read_first_judges_what_is_there_now(archive: Archive) -> None:
    """It read at 0 of 1, another clerk recorded the first: its session is the second,
    flagged, not a second "first" (SQLite: its read transaction begins again, immediate)."""
    case_id = _approved_for(archive, 1)
    with archive.uow(archive.therapist) as mine:
        mine.session.execute(select(TreatmentSession.id)).all()  # began: the count was below
        _at(archive, case_id, 15)  # someone else records the last within the count
        start = china_datetime(DAY, 16)
        row_id = treatment.record_session(mine, case_id, archive.session(
            DAY, started_at=start, ended_at=start + timedelta(minutes=30), limit_reason="医嘱")).id
    with archive.uow() as u:
        row = u.session.get(TreatmentSession, row_id)
        assert row is not None and row.over_approved_count


@pytest.mark.sqlite_only  # SQLite's own storage and locking
def test_an_outer_use_case_that_read_stale_data_is_a_conflict(archive: Archive, engine: Engine) -> None:
    """Inside an outer use case (which may have judged on what it read) the lock is taken in
    place; on SQLite a write since those reads makes it a conflict, never a silent judgement."""
    case_id = archive.admitted_case()
    mine = archive.uow(archive.therapist)
    with pytest.raises(ConcurrencyConflict), mine, mine.atomic():
        mine.session.execute(text("SELECT count(*) FROM treatment_session")).all()
        _at(archive, case_id, 15)
        start = china_datetime(DAY, 16)
        treatment.record_session(mine, case_id, archive.session(
            DAY, started_at=start, ended_at=start + timedelta(minutes=30)))
    with archive.uow() as u:
        assert len(u.session.scalars(select(TreatmentSession.id)).all()) == 1



def test_the_command_line_says_a_lock_wait_ran_out(
        archive: Archive, engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``session record`` while another writer holds the case: a message and exit 1."""
    case_id = archive.admitted_case()
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.therapist, "康复2026-secret")
    archive.passwords[archive.therapist] = "康复2026-secret"
    monkeypatch.setenv("PT_PASSWORD", "康复2026-secret")
    monkeypatch.setattr(locks, "LOCK_WAIT_MS", 300)
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
    held = ExitStack()  # another writer takes the case once the clerk has signed in

    def lock_once_taken(uow: UnitOfWork, locked_case: int) -> None:
        held.enter_context(_held_elsewhere(engine, locked_case))
        locks.lock_case(uow, locked_case)

    monkeypatch.setattr(use_case_module, "lock_case", lock_once_taken)
    with held:
        status = main(["--db", db_url, "session", "record", "--case", str(case_id),
                       "--item", archive.codes["运动疗法"], "--therapist", "pt",
                       "--start", "2026-04-07T08:00", "--end", "2026-04-07T08:30",
                       "--user", "pt", "--password-env", "PT_PASSWORD"])
    err = capsys.readouterr().err
    assert status == 1 and "Someone else is changing this case" in err and "请稍后重试" in err, err
    with archive.uow() as u:
        assert u.session.scalars(select(TreatmentSession.id)).all() == []


def test_the_checks_read_the_case_as_it_is_once_locked(archive: Archive) -> None:
    """A unit of work that loaded the case before another discharged it: under the lock its
    checks see the discharge (PostgreSQL reads the row again; SQLite begins again)."""
    case_id = archive.admitted_case()
    with archive.uow(archive.therapist) as mine:
        before = mine.session.get(RehabCase, case_id)
        assert before is not None and before.status == CaseStatus.ADMITTED
        with archive.uow(archive.physician) as other:
            treatment.discharge(other, case_id, DischargeInput(DISCHARGE, "completed",
                                                               None, "home", "same_job"))
        with pytest.raises(UserError, match="not in treatment"):
            treatment.record_session(mine, case_id, archive.session(DAY))
    with archive.uow() as u:
        assert u.session.scalars(select(TreatmentSession.id)).all() == []


@pytest.mark.sqlite_only  # SQLite's own storage and locking
def test_inside_an_outer_use_case_the_lock_is_taken_in_place(archive: Archive, engine: Engine) -> None:
    """An outer use case that read first: the inner one takes SQLite's write lock without
    beginning again (the outer's work stays), and holds it until the outer one commits."""
    case_id = archive.admitted_case()
    assert engine.url.database
    other = sqlite3.connect(engine.url.database, timeout=0.1, isolation_level=None)
    try:
        with archive.uow(archive.therapist) as mine, mine.atomic():
            mine.session.execute(text("SELECT count(*) FROM treatment_session")).all()
            seen = _statements(engine)
            start = china_datetime(DAY, 16)
            treatment.record_session(mine, case_id, archive.session(
                DAY, started_at=start, ended_at=start + timedelta(minutes=30)))
            assert not any(s.startswith(("BEGIN", "ROLLBACK")) for s in seen)  # not begun again
            taken = seen.index("UPDATE rehab_case SET id = id WHERE 0")
            assert taken < next(i for i, s in enumerate(seen) if "FROM treatment_session" in s)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
    with archive.uow() as u:
        assert len(u.session.scalars(select(TreatmentSession.id)).all()) == 1
