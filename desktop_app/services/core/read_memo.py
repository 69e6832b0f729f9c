"""Answers kept for the length of one read-only step, where several documents ask the
archive the same questions: a claim's export plan builds seven documents, and each asked
for the case's header and for the timing of the same signatures again (a third of the
plan's time).

Only inside ``reading(session)``, and only while the session holds no pending change: a
step that writes is never served from it. Outside, every call reads the archive as
before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session

_KEY = "read_memo"
K = TypeVar("K")
V = TypeVar("V")


@contextmanager
def reading(session: Session) -> Iterator[None]:
    """Keep answers (``remembered``) until the block ends; nested blocks share the outer one."""
    if _KEY in session.info:
        yield
        return
    session.info[_KEY] = {}
    try:
        yield
    finally:
        session.info.pop(_KEY, None)


def store(session: Session, name: str) -> dict[Any, Any] | None:
    """The memo ``name`` of this reading step, or None outside one (or with changes pending)."""
    memo = session.info.get(_KEY)
    if memo is None or session.new or session.dirty or session.deleted:
        return None
    found: dict[Any, Any] = memo.setdefault(name, {})
    return found


def remembered(session: Session, name: str, key: K, compute: Callable[[], V]) -> V:
    """``compute()``, or its answer for ``key`` given earlier in this reading step."""
    memo = store(session, name)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: V = memo[key]
    return value
