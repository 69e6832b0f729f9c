"""Numbers that are never given twice, even after a record was deleted or destroyed.

A counter row per name, moved forward by one UPDATE (the row lock orders concurrent
writers on PostgreSQL; SQLite has one writer at a time). The first use starts the
counter at what the archive already holds.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.db.models import NumberSequence, RehabCase, RetentionRecord
from desktop_app.errors import ConcurrencyConflict


def next_value(session: Session, name: str, start_after: int) -> int:
    """The next number of the counter ``name``; a new counter continues after ``start_after``."""
    moved = session.execute(update(NumberSequence).where(NumberSequence.name == name)
                            .values(last_value=NumberSequence.last_value + 1)
                            .returning(NumberSequence.last_value)).scalar_one_or_none()
    if moved is not None:
        return int(moved)
    try:
        with session.begin_nested():
            session.add(NumberSequence(name=name, last_value=start_after + 1))
    except IntegrityError as error:  # another writer started the counter just now
        raise ConcurrencyConflict("编号冲突，请重试。", "Numbering clash; please try again.") from error
    return start_after + 1


def next_case_id(session: Session) -> int | None:
    """On SQLite, the id for a new case (never a destroyed case's); elsewhere None, and the
    database's own sequence (which never goes back) gives it."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    highest = max(session.scalar(select(func.max(RehabCase.id))) or 0,
                  session.scalar(select(func.max(RetentionRecord.record_id)).where(
                      RetentionRecord.record_type == "rehab_case")) or 0)
    return next_value(session, "rehab_case.id", highest)


def next_case_number(session: Session, year: int) -> str:
    prefix = f"GS{year}-"
    highest = session.scalar(select(func.max(RehabCase.case_number)).where(
        RehabCase.case_number.like(prefix + "%")))
    number = next_value(session, f"case_number.{year}",
                        int(highest.removeprefix(prefix)) if highest else 0)
    return f"{prefix}{number:06d}"
