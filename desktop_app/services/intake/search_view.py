"""Finding a patient's cases from what the person at the desk types.

One box takes an ID number (or its start), a case number, a Chinese name or part of
it — one- and two-character names included, which is why this is a plain prefix and
substring match, not a full-text index (trigram indexes need three characters) — or
the name's pinyin initials (张小明 → zxm).
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import ColumnElement, case, or_
from sqlalchemy.orm import Session

from desktop_app.db.models import RehabCase, Worker
from desktop_app.services.clinical.case_view import CaseRow, list_cases

RESULT_LIMIT = 50
ID_LIKE = re.compile(r"^\d{4,17}[\dXx]?$", re.ASCII)  # ٦٦… is no ID number
CASE_NUMBER_LIKE = re.compile(r"^GS\d{0,4}(-\d{0,6})?$", re.IGNORECASE | re.ASCII)
INITIALS_LIKE = re.compile(r"^[A-Za-z]{1,10}$")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def criteria(text: str) -> tuple[ColumnElement[bool], ColumnElement[int]] | None:
    """The filter for ``text`` and a rank (0 best) to order the hits; None for nothing."""
    query = "".join(text.split())
    if not query:
        return None
    if CASE_NUMBER_LIKE.match(query):
        match = RehabCase.case_number.startswith(query.upper(), autoescape=True)
        return match, case((RehabCase.case_number == query.upper(), 0), else_=1)
    if ID_LIKE.match(query):
        resident_id = query.upper()
        match = (Worker.resident_id == resident_id if len(resident_id) == 18
                 else Worker.resident_id.startswith(resident_id, autoescape=True))
        return match, case((Worker.resident_id == resident_id, 0), else_=1)
    if INITIALS_LIKE.match(query):
        initials = query.lower()
        match = Worker.name_initials.startswith(initials, autoescape=True)
        return match, case((Worker.name_initials == initials, 0), else_=1)
    pattern = f"%{_escape(query)}%"
    match = or_(Worker.name.like(pattern, escape="\\"),
                RehabCase.case_number.like(pattern, escape="\\"))
    rank = case((Worker.name == query, 0),
                (Worker.name.startswith(query, autoescape=True), 1), else_=2)
    return match, rank


def search_cases(session: Session, text: str, today: date,
                 limit: int = RESULT_LIMIT) -> list[CaseRow]:
    """Cases whose patient or number matches ``text``: exact matches first, then the
    newest cases."""
    found = criteria(text)
    if found is None:
        return []
    match, rank = found
    return list_cases(session, today, matching=match, rank=rank, limit=limit)
