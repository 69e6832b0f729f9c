"""Audit events written in the same transaction as the change they describe.

A ``before_flush`` hook on each unit-of-work session records every insert, update
(with old and new values) and delete; inserts and updates also carry the hash of the row's
state after the flush (``domain.row_state``), which ``verify`` compares with the stored row.
Events for actions that change no row (opening a case, an export, a denial) are added with
``record_event``. The
records-integrity layer chains the events with SHA-256 (``prev_hash``/``hash``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Table, event, insert, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.clock import Clock
from desktop_app.db.models import AuditEvent
from desktop_app.domain.canonical import plain
from desktop_app.domain.row_state import RECONCILED_TABLES, stored_row_state_hash

# Left out of audit details: blob content and strokes are hashed elsewhere; secrets never
# leave their column.
BULKY = frozenset({"content", "strokes"})
SECRET = frozenset({"password_hash"})
_CLOCK_KEY = "audit_clock"
_ACTOR_KEY = "audit_actor_id"
_CHANGED_KEY = "changed_kinds"
_PENDING_KEY = "audit_pending"  # row changes waiting for their state after the flush
_READ_BACK_BATCH = 500
_AUDIT_TABLE = cast(Table, AuditEvent.__table__)
_DRAFT = "draft"  # domain.vocabulary.State.DRAFT: the guard lets a draft row change freely


def attach(session: Session, *, clock: Clock, actor_id: int | None) -> None:
    session.info[_CLOCK_KEY] = clock
    session.info[_ACTOR_KEY] = actor_id
    event.listen(session, "before_flush", _before_flush)
    # Registered for good, not ``once`` per flush: listening again with the same function
    # is a no-op while the spent once-wrapper stays registered, so rows created by a
    # unit of work's second and later flushes went unaudited. After ``postexec`` (the flush
    # finished): events added there queue in order, before the next flush's own events.
    event.listen(session, "after_flush_postexec", _after_flush_new)


def changed_kinds(session: Session) -> set[str]:
    """The tables this session inserted into, updated or deleted from (the unit of work
    reports them so the screens read again only what changed)."""
    kinds: set[str] = session.info.setdefault(_CHANGED_KEY, set())
    return kinds


def record_event(
    session: Session,
    action: str,
    record_type: str,
    record_id: int | None = None,
    *,
    case_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add an audit event for an action that is not a row change."""
    session.add(AuditEvent(**_event_values(session, action, record_type, record_id, case_id,
                                           details or {})))


def _event_values(
    session: Session,
    action: str,
    record_type: str,
    record_id: int | None,
    case_id: int | None,
    details: dict[str, Any],
    row_sha256: str | None = None,
) -> dict[str, Any]:
    clock: Clock = session.info[_CLOCK_KEY]
    return {"occurred_at": clock.now(), "actor_id": session.info.get(_ACTOR_KEY), "action": action,
            "record_type": record_type, "record_id": record_id, "case_id": case_id,
            "details": details, "row_sha256": row_sha256}


def _insert_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Row-change events written at once, in order, as one executemany: nothing reads them
    back as objects (the chain reads them from the table at commit), and as ORM objects
    SQLite inserted them one statement each to get their ids (72 statements for a month's
    claim of 44 lines). Written where they used to be queued (after a flush, in a bulk
    update), so they keep their place before anything added later."""
    if rows:
        session.connection().execute(insert(_AUDIT_TABLE), rows)


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    # New rows have no id before the flush, and no row's state is final before it: deletions
    # are described now, creations and updates after the flush, with the row's state hash.
    # Sessions keep these in identity sets, whose order varies from run to run: sort them
    # so the same work always writes the same audit trail.
    new = [obj for obj in session.new if not isinstance(obj, AuditEvent)]
    changed = _in_order(obj for obj in session.dirty if session.is_modified(obj)
                        and not isinstance(obj, AuditEvent))
    deleted = _in_order(obj for obj in session.deleted if not isinstance(obj, AuditEvent))
    changed_kinds(session).update(
        type(obj).__tablename__ for obj in (*new, *changed, *deleted))
    if not (new or changed or deleted):
        return
    pending: list[tuple[str, object, dict[str, Any] | None]] = session.info.setdefault(
        _PENDING_KEY, [])
    for obj in changed:
        diff = _changes(obj)
        if diff:
            pending.append(("update", obj, {"changes": diff}))
    for obj in deleted:
        session.add(AuditEvent(**_event_values(session, "delete", _table(obj), _pk(obj), _case_id(obj),
                                               {"old": _snapshot(obj)})))
    pending.extend(("create", obj, None) for obj in _in_order(new))


def _after_flush_new(session: Session, _context: object) -> None:
    pending: list[tuple[str, object, dict[str, Any] | None]] = session.info.pop(_PENDING_KEY, [])
    if not pending:
        return
    states = _row_states(session, [obj for _, obj, _ in pending])
    # Updates first, then creations, each in table and id order (creations sorted again:
    # their ids are known only now).
    updates = [(obj, details) for action, obj, details in pending if action == "update"]
    creations = _in_order(obj for action, obj, _ in pending if action == "create")
    _insert_events(session, [
        *(_event_values(session, "update", _table(obj), _pk(obj), _case_id(obj), details or {},
                        states.get(_key(obj))) for obj, details in updates),
        *(_event_values(session, "create", _table(obj), _pk(obj), _case_id(obj),
                        {"new": _snapshot(obj)}, states.get(_key(obj))) for obj in creations)])


def _key(obj: object) -> tuple[str, Any]:
    return _table(obj), inspect(obj).mapper.primary_key_from_instance(obj)[0]


def _row_states(session: Session, objects: list[object]) -> dict[tuple[str, Any], str]:
    """Each reconciled row's state hash as the database now holds it (read back, so the
    value types are those ``verify`` will read later), by (table, primary key)."""
    by_table: dict[Table, list[Any]] = {}
    for obj in objects:
        table = obj.__table__  # type: ignore[attr-defined]  # any mapped class
        if table.name in RECONCILED_TABLES:
            by_table.setdefault(table, []).append(_key(obj)[1])
    states: dict[tuple[str, Any], str] = {}
    connection = session.connection()
    for table, keys in by_table.items():
        pk = next(iter(table.primary_key.columns))
        for start in range(0, len(keys), _READ_BACK_BATCH):
            batch = keys[start:start + _READ_BACK_BATCH]
            for row in connection.execute(select(table).where(pk.in_(batch))).mappings():
                states[(table.name, row[pk.name])] = stored_row_state_hash(row)
    return states


def _table(obj: object) -> str:
    return obj.__table__.name  # type: ignore[attr-defined]  # any mapped class


def _pk(obj: object) -> int | None:
    # The identity key is not set yet inside after_flush: read the primary key columns.
    value = inspect(obj).mapper.primary_key_from_instance(obj)
    if value and isinstance(value[0], int):
        return value[0]
    return None


def _in_order(objects: Iterable[object]) -> list[object]:
    return sorted(objects, key=lambda obj: (_table(obj), _pk(obj) or 0))


def _case_id(obj: object) -> int | None:
    if _table(obj) == "rehab_case":
        return getattr(obj, "id", None)
    return getattr(obj, "case_id", None)


def _snapshot(obj: object) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {col.key: _value(col.key, getattr(obj, col.key)) for col in mapper.column_attrs
            if col.key not in BULKY}


def _changes(obj: object) -> dict[str, dict[str, Any]]:
    state = inspect(obj)
    result: dict[str, dict[str, Any]] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes() and attr.key != "version":
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            result[attr.key] = {"old": _value(attr.key, old), "new": _value(attr.key, new)}
    return result


def _value(key: str, value: Any) -> Any:
    if key in SECRET:
        return "<set>" if value else None
    return plain(value)


def bulk_update(session: Session, objects: Sequence[Any], values: Sequence[dict[str, Any]]) -> None:
    """Set ``values[i]`` on ``objects[i]`` (loaded rows of one mapped class) with a few
    set-based UPDATEs instead of one statement per row, writing what a flush of the same
    changes writes: the same columns, the version moved on by one where the row has one
    (an UPDATE matching fewer rows than it should raises ``StaleDataError``, as a flush
    does), and the same ``update`` audit events with the same details and row-state
    hashes, in the same order (table, then id), written as a flush writes them. Call it
    where a flush of these changes would happen: what is pending is flushed first.

    Only draft rows (or rows with no record state) go this way; anything else is set on
    the objects and flushed, so that the guard of ``services.core.guards`` sees it."""
    if len(objects) != len(values):
        raise ValueError("one dict of values per object")
    if not objects:
        return
    session.flush()
    if any(getattr(obj, "record_state", _DRAFT) != _DRAFT for obj in objects) or \
            len({type(obj) for obj in objects}) > 1:
        for obj, new in zip(objects, values, strict=True):
            for key, value in new.items():
                setattr(obj, key, value)
        session.flush()
        return
    mapper = inspect(objects[0]).mapper
    table: Table = mapper.local_table
    version = mapper.version_id_col
    version_key = mapper.get_property_by_column(version).key if version is not None else None
    pk = next(iter(table.primary_key.columns))
    order = [attr.key for attr in mapper.column_attrs]
    changes: list[tuple[Any, dict[str, tuple[Any, Any]]]] = []  # (row, key → (old, new)), column order
    groups: dict[tuple[Any, ...], list[Any]] = {}  # (old version, new values) → rows
    for obj, new in zip(objects, values, strict=True):
        changed = {key: (getattr(obj, key), new[key]) for key in order
                   if key in new and getattr(obj, key) != new[key]}
        if not changed:
            continue
        changes.append((obj, changed))
        old_version = getattr(obj, version_key) if version_key else None
        group = (old_version, *((key, repr(value)) for key, (_old, value) in changed.items()))
        groups.setdefault(group, []).append((obj, {key: value for key, (_old, value) in changed.items()}))
    if not changes:
        return
    for (old_version, *_same), members in groups.items():
        new = members[0][1]
        columns = {mapper.get_property(key).columns[0].name: value for key, value in new.items()}
        if version is not None:
            columns[version.name] = old_version + 1
        ids = [_pk(obj) for obj, _new in members]
        for start in range(0, len(ids), _READ_BACK_BATCH):
            batch = ids[start:start + _READ_BACK_BATCH]
            statement = update(table).where(pk.in_(batch)).values(columns)
            if version is not None:
                statement = statement.where(version == old_version)
            matched = session.connection().execute(statement).rowcount
            if matched != len(batch):
                raise StaleDataError(f"UPDATE statement on table '{table.name}' expected to update "
                                     f"{len(batch)} row(s); {matched} were matched.")
        for obj, _new in members:
            for key, value in new.items():
                set_committed_value(obj, key, value)
            if version_key:
                set_committed_value(obj, version_key, old_version + 1)
    changed_kinds(session).add(table.name)
    states = _row_states(session, [obj for obj, _ in changes])
    rows = []
    for obj, changed in sorted(changes, key=lambda item: (_table(item[0]), _pk(item[0]) or 0)):
        details = {"changes": {key: {"old": _value(key, old), "new": _value(key, value)}
                               for key, (old, value) in changed.items()}}
        rows.append(_event_values(session, "update", _table(obj), _pk(obj), _case_id(obj), details,
                                  states.get(_key(obj))))
    _insert_events(session, rows)
