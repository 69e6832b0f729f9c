"""Every protected row against its last audit event (``verify``'s row-state check).

The audit chain proves the events were not altered; this proves the rows still say what
the events say. For each protected table, the rows and each row's latest create/update/
delete event are read in id order, side by side (bounded memory for millions of rows):

* a row whose state hash differs from its last event's ``row_sha256``: changed outside
  the app (the triggers off);
* a row with no event at all: inserted outside the app;
* a row whose last event is a deletion: deleted, then put back outside the app;
* a last event that is not a deletion, for a row that is gone: deleted outside the app,
  unless an approved disposal (``dispose`` event) names it.

Events written before row state hashes existed (revision 0007) carry none: for those rows
only presence and absence are checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import AuditEvent, Base
from desktop_app.domain.row_state import RECONCILED_TABLES, stored_row_state_hash
from desktop_app.services.core.progress import Progress

ROW_ACTIONS = ("create", "update", "delete")
STEP = 500
IN_CHUNK = 900  # ids per IN (...) list, under SQLite's bound-parameter limit


@dataclass(frozen=True)
class RowProblem:
    table: str
    row_id: int
    zh: str
    en: str


def check_rows(session: Session, progress: Progress,
               report: Callable[[RowProblem], None]) -> int:
    """Reconcile every protected row; returns how many rows and events were compared."""
    disposed = _disposed_rows(session)
    sizes = {Base.metadata.tables[name]: session.scalar(
        select(func.count()).select_from(Base.metadata.tables[name])) or 0 for name in RECONCILED_TABLES}
    total = sum(sizes.values())
    progress("row_state", 0, total)
    seen = 0
    for table, size in sizes.items():
        for problem in _check_table(session, table, disposed):
            report(problem)
        seen += size
        progress("row_state", seen, total)
    return seen


def check_records(session: Session, touched: dict[str, set[int]],
                  disposals: list[tuple[int | None, Any]],
                  report: Callable[[RowProblem], None]) -> int:
    """Reconcile only the rows named here (by table): the rows an incremental ``verify``
    saw events for since its anchor. ``disposals`` are the ``(case id, details)`` of the
    ``dispose`` events among those events. Returns how many rows were compared."""
    disposed = _disposed_from(session, disposals)
    seen = 0
    for name in RECONCILED_TABLES:
        ids = sorted(touched.get(name, ()))
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start:start + IN_CHUNK]
            for problem in _check_table(session, Base.metadata.tables[name], disposed, chunk):
                report(problem)
        seen += len(ids)
    return seen


def _check_table(session: Session, table: Table, disposed: set[tuple[str, int]],
                 ids: list[int] | None = None) -> Iterator[RowProblem]:
    name = table.name
    rows = _rows(session, table, ids)
    events = _last_events(session, name, ids)
    row = next(rows, None)
    last = next(events, None)
    while row is not None or last is not None:
        row_id = row[0] if row is not None else None
        event_id = last[0] if last is not None else None
        if last is None or (row_id is not None and event_id is not None and row_id < event_id):
            assert row is not None and row_id is not None
            yield RowProblem(name, row_id, "该记录没有任何审计事件：在应用之外插入",
                             "the row has no audit event: inserted outside the app")
            row = next(rows, None)
        elif row is None or (row_id is not None and event_id is not None and event_id < row_id):
            assert event_id is not None
            _, action, _ = last
            if action != "delete" and (name, event_id) not in disposed:
                yield RowProblem(name, event_id, "记录已不存在，但审计中没有删除：在应用之外删除",
                                 "the row is gone but no deletion was audited: deleted outside the app")
            last = next(events, None)
        else:
            assert row_id is not None
            _, action, expected = last
            if action == "delete":
                yield RowProblem(name, row_id, "审计记录为已删除，但该记录仍在：在应用之外恢复",
                                 "audited as deleted but present: put back outside the app")
            elif expected is not None and row[1] != expected:
                yield RowProblem(name, row_id, "记录内容与最后一次审计的状态不符：在应用之外被修改",
                                 "the row differs from its last audited state: changed outside the app")
            row, last = next(rows, None), next(events, None)


def _rows(session: Session, table: Table, ids: list[int] | None = None) -> Iterator[tuple[int, str]]:
    """``(id, state hash)`` of each row (of those with ``ids``), in id order."""
    query = select(table) if ids is None else select(table).where(table.c.id.in_(ids))
    result = session.connection().execute(
        query.order_by(table.c.id).execution_options(yield_per=STEP)).mappings()
    for values in result:
        yield int(values["id"]), stored_row_state_hash(values)


def _last_events(session: Session, table_name: str, ids: list[int] | None = None
                 ) -> Iterator[tuple[int, str, str | None]]:
    """``(record id, action, row_sha256)`` of each record's latest row event, in id order."""
    which = (AuditEvent.record_id.is_not(None) if ids is None
             else AuditEvent.record_id.in_(ids))
    newest = (select(AuditEvent.record_id, func.max(AuditEvent.id).label("last"))
              .where(AuditEvent.record_type == table_name, which,
                     AuditEvent.action.in_(ROW_ACTIONS))
              .group_by(AuditEvent.record_id).subquery())
    query = (select(newest.c.record_id, AuditEvent.action, AuditEvent.row_sha256)
             .join(AuditEvent, AuditEvent.id == newest.c.last)
             .order_by(newest.c.record_id).execution_options(yield_per=STEP))
    for record_id, action, row_hash in session.connection().execute(query):
        yield int(record_id), str(action), row_hash


def _disposed_rows(session: Session) -> set[tuple[str, int]]:
    """Rows an approved disposal removed, from its ``dispose`` events (older disposals,
    which named no ids, are matched by their case: every row event of that case)."""
    return _disposed_from(session, session.execute(
        select(AuditEvent.case_id, AuditEvent.details).where(AuditEvent.action == "dispose")))


def _disposed_from(session: Session, disposals: Iterable[Any]) -> set[tuple[str, int]]:
    """``_disposed_rows`` for these ``(case id, details)`` of ``dispose`` events."""
    disposed: set[tuple[str, int]] = set()
    cases: list[int] = []
    for case_id, details in disposals:
        tables = cast(dict[str, Any], (details or {}).get("tables", {}))
        named = {(name, int(i)) for name, digest in tables.items() for i in digest.get("ids", [])}
        if named:
            disposed |= named
        elif case_id is not None:
            cases.append(int(case_id))
    if cases:
        disposed |= {(str(t), int(i)) for t, i in session.execute(
            select(AuditEvent.record_type, AuditEvent.record_id).distinct()
            .where(AuditEvent.case_id.in_(cases), AuditEvent.record_id.is_not(None)))
            if i is not None}
    return disposed
