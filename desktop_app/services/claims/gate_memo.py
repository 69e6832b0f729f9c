"""A claim's gate handed on from one step to the next — the month's listing, build,
finalize, export — and used again only while nothing it read has changed (SQLite).

The gate (``claim_gate.check``) is judged at every step of a claim: the month screen lists
it, a build refuses on it, a finalize and an export check it again because time passes
between them. For a month of 500 claims that is three or four gates a claim, the largest
part of the month's work (docs/performance.md). Each step hands its report on, under the
exact inputs it judged (the case, the period and window, the ids of the lines billed and of
the sessions a build would charge), with the audit trail's position once its own writes are
in; the next step takes it instead of judging again only when no audit event since that
position touches what a gate reads: the case's records, any case-less record (signatures and
their items, staff, settings, catalogues, the region's pack) or any treatment session (the
gate compares the case's sessions with other cases'). Every change to those rows is audited in
its own transaction (``services.core.audit``), so a change between two steps means a gate
judged afresh.

The steps' own writes are what they hand on across: a build adds the claim and sets its
lines' claim and coverage, a finalize sets the lines' and the claim's state. The gate reads
none of those (``tests/services/test_gate_memo.py`` compares a handed-on report with a fresh
one after each step, on cases with warnings of every kind).

SQLite only: its writers are serialised, so audit event ids grow in commit order and the
events up to a transaction's last one are exactly what it saw. PostgreSQL hands out ids
across concurrent transactions out of commit order, so there every step judges afresh.
The audit events are read once each, from the position of the first look (never the whole
trail of an old archive); a database replaced under the same path (a restore) is noticed by
the event at the position last read, and everything is forgotten.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import AuditEvent, FeeLine, TreatmentSession
from desktop_app.services.claims import claim_gate
from desktop_app.services.claims.claim_gate import GateReport
from desktop_app.services.core.uow import UnitOfWork

Key = tuple[int, str, tuple[date, date], frozenset[int], frozenset[int]]
MAX_ENTRIES = 5_000  # two months of 1,000 claims; the oldest go first


def key_of(case_id: int, period: str, window: tuple[date, date], lines: Sequence[FeeLine],
           uncharged: Sequence[TreatmentSession] = ()) -> Key:
    """The inputs a gate judged: the case, period and window, the lines and the sessions."""
    return (case_id, period, window, frozenset(ln.id for ln in lines),
            frozenset(s.id for s in uncharged))


@dataclass
class _Archive:
    """What this process has read of one archive's audit trail, and the reports handed on."""

    last_id: int
    last_hash: str | None
    case_last: dict[int, int] = field(default_factory=dict)  # case → its latest event id
    wide_last: int = 0  # the latest case-less event
    session_last: int = 0  # the latest event of any treatment session
    entries: dict[Key, tuple[int, GateReport]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def unchanged_since(self, case_id: int, position: int) -> bool:
        return max(self.case_last.get(case_id, 0), self.wide_last, self.session_last) <= position


_ARCHIVES: dict[str, _Archive] = {}
_LOCK = threading.Lock()


def _path(session: Session) -> str | None:
    bind = session.get_bind()
    database = bind.engine.url.database if bind.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        return None
    return os.path.realpath(database)


def _head(session: Session) -> tuple[int, str | None]:
    row = session.execute(select(AuditEvent.id, AuditEvent.hash)
                          .order_by(AuditEvent.id.desc()).limit(1)).first()
    return (int(row[0]), row[1]) if row else (0, None)


def _caught_up(session: Session, path: str) -> _Archive | None:
    """The archive's record, brought up to the events this session sees; None where the
    memo does not apply (PostgreSQL, memory) or cannot be trusted now (this transaction
    holds events of its own not committed yet)."""
    archive = _ARCHIVES.get(path)
    if archive is not None and archive.last_id and session.scalar(
            select(AuditEvent.hash).where(AuditEvent.id == archive.last_id)) != archive.last_hash:
        archive = None  # another database under this path: forget everything
    if archive is None:
        archive = _ARCHIVES[path] = _Archive(*_head(session))
        if archive.last_hash is None and archive.last_id:
            del _ARCHIVES[path]  # the newest event is this transaction's own
            return None
        return archive
    rows = session.execute(select(AuditEvent.id, AuditEvent.case_id, AuditEvent.record_type,
                                  AuditEvent.hash).where(AuditEvent.id > archive.last_id)
                           .order_by(AuditEvent.id)).all()
    for event_id, case_id, record_type, event_hash in rows:
        if event_hash is None:  # not chained: this transaction's own, not committed yet
            return None
        if case_id is None:
            archive.wide_last = event_id
        else:
            archive.case_last[case_id] = event_id
        if record_type == "treatment_session":
            archive.session_last = event_id
        archive.last_id, archive.last_hash = event_id, event_hash
    return archive


def check(session: Session, case: claim_gate.RehabCase, period: str, window: tuple[date, date],
          lines: list[FeeLine], uncharged: Sequence[TreatmentSession] = ()) -> GateReport:
    """``claim_gate.check``, or the report handed on for the same inputs if nothing it read
    has changed since."""
    handed = _taken(session, key_of(case.id, period, window, lines, uncharged))
    if handed is not None:
        return handed
    return claim_gate.check(session, case, period, window, lines, list(uncharged))


def _taken(session: Session, key: Key) -> GateReport | None:
    """``handed_on``, counted."""
    path = _path(session)
    if path is None:
        return None
    handed = handed_on(session, key)
    with _LOCK:
        archive = _ARCHIVES.get(path)
        if archive is not None:
            archive.hits += handed is not None
            archive.misses += handed is None
    return handed


def _store(path: str, key: Key, position: int, report: GateReport,
           head: tuple[int, str | None] | None = None) -> None:
    """Keep ``report`` at ``position``; ``head``: the newest committed event (id, hash), to
    begin reading this archive's trail from if this process has not read it yet."""
    with _LOCK:
        archive = _ARCHIVES.get(path)
        if archive is None:
            if head is None or head[1] is None:
                return
            archive = _ARCHIVES[path] = _Archive(*head)
        if len(archive.entries) >= MAX_ENTRIES:
            del archive.entries[next(iter(archive.entries))]
        archive.entries[key] = (position, report)


def hand_on(uow: UnitOfWork, key: Key, report: GateReport) -> None:
    """Keep ``report`` for the next step, at the audit trail's position once this unit of
    work's writes are in (kept only if its commit succeeds)."""
    path = _path(uow.session)
    if path is None or not report.ok:
        return

    def at_commit(session: Session) -> Callable[[], None]:
        head = _head(session)  # this transaction's last event, chained: SQLite chains at commit
        return lambda: _store(path, key, head[0], report, head)

    uow.before_commit(at_commit)


def listed(uow: UnitOfWork, case_id: int, period: str) -> GateReport | None:
    """The report the month's listing judged for the claim a build would make now, if it
    still holds (read before the build writes anything)."""
    session = uow.session
    if _path(session) is None:
        return None
    given = claim_gate.inputs(session, case_id, period, uow.clock.today())
    return _taken(session, key_of(case_id, period, given.window, given.lines, given.uncharged))


def remember(session: Session, judged: Sequence[tuple[Key, GateReport]]) -> None:
    """Keep reports judged in a read-only session (the month's listing) for the builds, at
    the position this session's reads stand at."""
    path = _path(session)
    if path is None:
        return
    with _LOCK:
        if _caught_up(session, path) is None:
            return
        position = _head(session)[0]
    for key, report in judged:
        if report.ok:
            _store(path, key, position, report)


def reports(session: Session, case_ids: Sequence[int], period: str,
            today: date) -> dict[int, GateReport]:
    """``claim_gate.reports`` (the month's listing), each handed on to the case's build."""
    judged: list[tuple[Key, GateReport]] = []
    out = claim_gate.reports(session, case_ids, period, today, lambda given, report: judged.append(
        (key_of(given.case.id, period, given.window, given.lines, given.uncharged), report)))
    remember(session, judged)
    return out


def handed_on(session: Session, key: Key) -> GateReport | None:
    """The report handed on for ``key`` if it still holds (it is not counted as taken)."""
    path = _path(session)
    if path is None:
        return None
    with _LOCK:
        archive = _caught_up(session, path)
        found = archive.entries.get(key) if archive is not None else None
        if archive is None or found is None or not archive.unchanged_since(key[0], found[0]):
            return None
        return found[1]


def counts(session: Session) -> tuple[int, int]:
    """Reports taken again and judged afresh in this process, for the archive of ``session``."""
    path = _path(session)
    archive = _ARCHIVES.get(path) if path else None
    return (archive.hits, archive.misses) if archive else (0, 0)
