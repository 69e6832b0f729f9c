"""Serialising the use cases whose checks decide coverage or limits (``locks_case=True``).

Recording a session reads the counts already done (approved, plan, prescription,
catalogue) and the sessions that might overlap, then inserts: two people recording at once
must not both read "59 of 60" and both store a session within the count. So such a use case,
once authorised, takes a lock before its checks read, and holds it until it commits:

* SQLite: the transaction begins ``IMMEDIATE`` (the database's one write lock, taken at
  BEGIN; a second writer waits up to the busy timeout). The authorisation's reads are in a
  deferred transaction, which ends first (it wrote nothing; a refusal is audited by a
  writer of its own, which must not wait for this one). A transaction that has written
  already (an outer use case) takes the lock in place with a write that changes nothing;
  if another writer holds it or committed since, SQLite refuses at once: a
  ``ConcurrencyConflict`` (the reads are out of date).
* PostgreSQL: ``SELECT … FOR NO KEY UPDATE`` of the case row and of its worker's row (a
  worker's sessions in another case may overlap), and ``lock_staff`` for a therapist.
  ``NO KEY`` leaves inserts that merely reference those rows (an audit event) free.

See docs/decisions.md ("Coverage checks hold a case lock").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop_app.db.engine import SQLITE_BEGIN, SQLITE_BUSY_TIMEOUT_MS
from desktop_app.db.models import RehabCase, StaffUser, Worker
from desktop_app.errors import ConcurrencyConflict
from desktop_app.services.core import audit
from desktop_app.services.core.uow import UnitOfWork

LOCK_WAIT_MS = SQLITE_BUSY_TIMEOUT_MS  # PostgreSQL waits as long as SQLite, then gives up
# Takes SQLite's write lock and changes nothing: no row matches, so no trigger fires.
_TAKE_WRITE_LOCK = text("UPDATE rehab_case SET id = id WHERE 0")
_SQLITE_BUSY = 5  # the primary code of SQLITE_BUSY and of BUSY_SNAPSHOT (517)
_PG_REFUSED = ("55P03", "40P01")  # lock_timeout ran out; a deadlock, this side given up
_HELD = "rehab_write_lock"  # session.info: the transaction that holds SQLite's write lock
_WAIT_SET = "rehab_lock_wait"  # session.info: the transaction whose lock_timeout is set


def _busy() -> ConcurrencyConflict:
    return ConcurrencyConflict(
        "其他用户正在修改本病例，请稍后重试。",
        "Someone else is changing this case; try again in a moment.")


def _lock_refused(error: OperationalError) -> bool:
    """The lock was not had: SQLite busy (waited, or refused at once to a transaction that
    had read), PostgreSQL's lock_timeout or a deadlock."""
    orig = error.orig
    return ((getattr(orig, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_BUSY
            or getattr(orig, "sqlstate", None) in _PG_REFUSED)


def _only_read(uow: UnitOfWork) -> bool:
    """The transaction has read and written nothing: the outermost use case has just begun
    and nothing was added, changed or flushed before it."""
    session = uow.session
    return (uow.use_case_depth <= 1 and not (session.new or session.dirty or session.deleted)
            and not audit.changed_kinds(session))


def _sqlite_write_lock(uow: UnitOfWork) -> None:
    """Hold SQLite's write lock from here to the commit. A transaction that has only read
    (the authorisation) begins again, immediate; one that wrote already takes it in place."""
    session = uow.session
    if session.in_transaction() and session.info.get(_HELD) is session.get_transaction():
        return
    if session.in_transaction() and _only_read(uow):
        session.rollback()
    if not session.in_transaction():
        session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
    else:
        session.connection().execute(_TAKE_WRITE_LOCK)
    session.info[_HELD] = session.get_transaction()


def _pg_lock_wait(session: Session) -> None:
    """Give up a lock not had in ``LOCK_WAIT_MS``: set once per transaction."""
    if session.info.get(_WAIT_SET) is not session.get_transaction():
        session.execute(text(f"SET LOCAL lock_timeout = {int(LOCK_WAIT_MS)}"))
        session.info[_WAIT_SET] = session.get_transaction()


def _pg_row_lock(session: Session, query: Select[Any]) -> Any:
    """The row, locked and read again (``populate_existing``: the copy the authorisation
    loaded before the lock may be out of date)."""
    _pg_lock_wait(session)
    return session.execute(query.with_for_update(key_share=True)
                           .execution_options(populate_existing=True)).scalar_one_or_none()


def _locking(uow: UnitOfWork, query: Select[Any]) -> Any:
    """Lock (SQLite: the database for writing; PostgreSQL: the row ``query`` selects) and
    return what it selects (None on SQLite); a lock not had in time is a conflict."""
    session = uow.session
    try:
        if session.get_bind().dialect.name == "sqlite":
            _sqlite_write_lock(uow)
            return None
        return _pg_row_lock(session, query)
    except OperationalError as error:
        if _lock_refused(error):
            raise _busy() from error
        raise


def lock_case(uow: UnitOfWork, case_id: int) -> RehabCase | None:
    """Serialise this unit of work with every other one that locks the same case (on SQLite
    with every writer), and on its worker's other cases. An unknown case locks nothing; the
    use case then reports it. PostgreSQL: the case as read under the lock."""
    case: RehabCase | None = _locking(uow, select(RehabCase).where(RehabCase.id == case_id))
    if case is not None:
        _locking(uow, select(Worker.id).where(Worker.id == case.worker_id))
    return case


def lock_staff(uow: UnitOfWork, staff_id: int) -> None:
    """Serialise on a member of staff (a therapist's sessions of several cases must not
    overlap); taken after ``lock_case``, always in that order (no deadlock)."""
    _locking(uow, select(StaffUser.id).where(StaffUser.id == staff_id))


MONTH_LOCK_KEY = 0x7265_6861_626D  # "rehabm": the advisory locks of monthly summaries


def lock_month(uow: UnitOfWork, month: str) -> None:
    """Serialise the writers of one month's summary (two records officers summarising at once
    must not both number version n+1): SQLite's write lock, or on PostgreSQL an advisory
    lock of the transaction on the month (``YYYY-MM`` as the number YYYYMM)."""
    session = uow.session
    try:
        if session.get_bind().dialect.name == "sqlite":
            _sqlite_write_lock(uow)
            return
        _pg_lock_wait(session)
        session.execute(text("SELECT pg_advisory_xact_lock(:key, :month)"),
                        {"key": MONTH_LOCK_KEY & 0x7FFF_FFFF, "month": int(month.replace("-", ""))})
    except OperationalError as error:
        if _lock_refused(error):
            raise ConcurrencyConflict(
                "其他用户正在汇总本月，请稍后重试。",
                "Someone else is summarising this month; try again in a moment.") from error
        raise
