"""Serialising the use cases whose checks decide coverage or limits (``locks_case=True``).

Recording a session reads the counts already done (approved, plan, prescription,
catalogue) and the sessions that might overlap, then inserts: two people recording at once
must not both read "59 of 60" and both store a session within the count. So such a use case
takes a lock before its first read, and holds it until its unit of work commits:

* SQLite: the transaction begins ``IMMEDIATE`` (the database's one write lock, taken at
  BEGIN; a second writer waits up to the busy timeout). If the unit of work has already
  begun (an outer read), a write that changes nothing takes the lock instead; if another
  writer committed since those reads, SQLite refuses at once and the unit of work turns
  that into a ``ConcurrencyConflict`` (its reads are stale).
* PostgreSQL: ``SELECT … FOR NO KEY UPDATE`` of the case row and of its worker's row (a
  worker's sessions in another case may overlap), and ``lock_staff`` for a therapist.
  ``NO KEY`` leaves inserts that merely reference those rows free.

See docs/decisions.md ("Coverage checks hold a case lock").
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop_app.db.engine import SQLITE_BEGIN
from desktop_app.db.models import RehabCase, StaffUser, Worker
from desktop_app.errors import ConcurrencyConflict
from desktop_app.services.core.uow import UnitOfWork

# Takes SQLite's write lock and changes nothing: no row matches, so no trigger fires.
_TAKE_WRITE_LOCK = text("UPDATE rehab_case SET id = id WHERE 0")
_SQLITE_BUSY = 5  # the primary code of SQLITE_BUSY and of BUSY_SNAPSHOT (517)


def _on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _sqlite_write_lock(session: Session) -> None:
    """Hold SQLite's write lock from here to the commit."""
    if not session.in_transaction():
        session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
        return
    try:
        session.connection().execute(_TAKE_WRITE_LOCK)
    except OperationalError as error:
        if (getattr(error.orig, "sqlite_errorcode", 0) or 0) & 0xFF != _SQLITE_BUSY:
            raise
        # A transaction that has read gets no busy wait: SQLite refuses at once when another
        # writer holds the lock or has committed since (its reads would be out of date).
        raise ConcurrencyConflict(
            "其他用户正在修改本病例，请稍后重试。",
            "Someone else is changing this case; try again in a moment.") from error


def lock_case(uow: UnitOfWork, case_id: int) -> None:
    """Serialise this unit of work with every other one that locks the same case (on SQLite
    with every writer). An unknown case locks nothing; the use case then reports it."""
    session = uow.session
    if _on_sqlite(session):
        _sqlite_write_lock(session)
        return
    worker_id = session.execute(select(RehabCase.worker_id).where(RehabCase.id == case_id)
                                .with_for_update(key_share=True)).scalar_one_or_none()
    if worker_id is not None:
        session.execute(select(Worker.id).where(Worker.id == worker_id)
                        .with_for_update(key_share=True))


def lock_staff(uow: UnitOfWork, staff_id: int) -> None:
    """Serialise on a member of staff (a therapist's sessions of several cases must not
    overlap); taken after ``lock_case``, always in that order. SQLite: already serialised."""
    session = uow.session
    if _on_sqlite(session):
        _sqlite_write_lock(session)
        return
    session.execute(select(StaffUser.id).where(StaffUser.id == staff_id)
                    .with_for_update(key_share=True))
