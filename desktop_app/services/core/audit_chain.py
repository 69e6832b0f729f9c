"""The SHA-256 hash chain over audit events, and the anchor kept outside the database.

Events are written unchained, in the same transaction as the change they describe.
Chaining gives each one the next ``chain_seq`` and ``hash = SHA-256(canonical(seq, prev,
event))``. On SQLite writers are serialised anyway, so the unit of work chains inside
its own transaction; on PostgreSQL it chains right after its commit, in a short
transaction under an advisory lock, so writers never wait for one another. Whoever
chains takes every committed unchained event, so nothing is left behind for long.

An unanchored chain cannot reveal a truncated or fully recomputed chain; the anchor
file (``rehab-archive anchor --out FILE``) pins the head and a digest per day.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, func, select, text, type_coerce, update
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import AuditEvent
from desktop_app.domain.canonical import CANONICAL_ENCODER, content_hash, plain
from desktop_app.errors import UserError

GENESIS = "0" * 64
CHAIN_LOCK_KEY = 0x7265_6861_6263  # "rehabc": one advisory lock for the chain
ANCHOR_FORMAT = "rehab-archive-anchor/1"
_ENCODE = CANONICAL_ENCODER.encode  # one value in canonical JSON (already plain)
_STRING = json.encoder.encode_basestring  # a str as that encoder writes it (ensure_ascii off)


def event_payload(event: AuditEvent) -> dict[str, Any]:
    """What the chain hash covers: every column of the event but its chain fields. The row
    state hash enters only when set, so events written before it existed hash as before."""
    payload = {"id": event.id, "occurred_at": event.occurred_at, "actor_id": event.actor_id,
               "action": event.action, "record_type": event.record_type,
               "record_id": event.record_id, "case_id": event.case_id, "details": event.details}
    if event.row_sha256 is not None:
        payload["row_sha256"] = event.row_sha256
    return payload


def event_hash(seq: int, prev_hash: str, payload: dict[str, Any]) -> str:
    return content_hash({"v": 1, "seq": seq, "prev": prev_hash, "event": payload})


# The columns of an event that ``stored_event_hash`` reads, in ``select`` order.
EVENT_COLUMNS = (AuditEvent.chain_seq, AuditEvent.prev_hash, AuditEvent.hash, AuditEvent.id,
                 AuditEvent.occurred_at, AuditEvent.actor_id, AuditEvent.action,
                 AuditEvent.record_type, AuditEvent.record_id, AuditEvent.case_id,
                 AuditEvent.details, AuditEvent.row_sha256)
# On SQLite the instant as stored (SQLAlchemy's "YYYY-MM-DD HH:MM:SS.ffffff", UTC): turned into
# the canonical form by slicing, not parsed into a datetime and formatted again.
_SQLITE_COLUMNS = tuple(type_coerce(c, String).label("occurred_at") if c is AuditEvent.occurred_at
                        else c for c in EVENT_COLUMNS)
_STORED_INSTANT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def _instant(value: datetime | str) -> str:
    """The canonical UTC instant (``plain``) of an event's time, read either way."""
    if isinstance(value, str):
        if _STORED_INSTANT.fullmatch(value):
            return f"{value[:10]}T{value[11:]}Z"
        parsed = datetime.fromisoformat(value)  # any other form SQLite may hold: as the column reads it
        value = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return str(plain(value))


def _json(value: object) -> str:
    """A column's value in canonical JSON: ids are ints (written as ``str`` does, which is
    what the encoder writes for an int) or None."""
    if value is None:
        return "null"
    return str(value) if type(value) is int else _ENCODE(value)


def stored_event_hash(seq: int, prev_hash: str, row: Any) -> str:  # noqa: ANN401 - a Row of EVENT_COLUMNS
    """``event_hash(seq, prev_hash, event_payload(event))`` for an event read as a row of
    ``EVENT_COLUMNS``: the canonical JSON is written out in its fixed key order (sorted:
    ``event``, ``prev``, ``seq``, ``v``; inside the event ``action`` … ``row_sha256``) around
    each value's own canonical encoding, and the details come back from the JSON column
    already plain, so nothing is walked twice. The same bytes, about twice as fast as
    building the dictionary (``verify`` reads millions; ``tests/services/test_audit_chain``
    holds the two to the same bytes)."""
    row_sha = "" if row.row_sha256 is None else f',"row_sha256":{_STRING(row.row_sha256)}'
    text = (f'{{"event":{{"action":{_STRING(row.action)},"actor_id":{_json(row.actor_id)},'
            f'"case_id":{_json(row.case_id)},"details":{_ENCODE(row.details)},"id":{_json(row.id)},'
            f'"occurred_at":"{_instant(row.occurred_at)}","record_id":{_json(row.record_id)},'
            f'"record_type":{_STRING(row.record_type)}{row_sha}}},"prev":{_STRING(prev_hash)},'
            f'"seq":{_json(seq)},"v":1}}')
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iter_chain_rows(session: Session, after: int = 0, batch: int = 5000,
                    upto: int | None = None) -> Iterator[Any]:
    """Chained events after position ``after`` (up to ``upto``) as rows of ``EVENT_COLUMNS``,
    in chain order, read in batches by position (no ORM objects: ``verify`` reads millions)."""
    connection = session.connection()
    columns = _SQLITE_COLUMNS if connection.dialect.name == "sqlite" else EVENT_COLUMNS
    while True:
        query = select(*columns).where(AuditEvent.chain_seq > after)
        if upto is not None:
            query = query.where(AuditEvent.chain_seq <= upto)
        rows = connection.execute(query.order_by(AuditEvent.chain_seq).limit(batch)).all()
        if not rows:
            return
        yield from rows
        after = int(rows[-1].chain_seq)


def chain_head(session: Session) -> tuple[int, str]:
    """``(seq, hash)`` of the last chained event, ``(0, GENESIS)`` for an empty chain."""
    row = session.execute(select(AuditEvent.chain_seq, AuditEvent.hash)
                          .where(AuditEvent.chain_seq.is_not(None))
                          .order_by(AuditEvent.chain_seq.desc()).limit(1)).first()
    return (int(row[0] or 0), str(row[1])) if row else (0, GENESIS)  # chain_seq is not None


def chain_pending(session: Session, *, wait: bool = True) -> int:
    """Chain every visible unchained event in id order; the caller commits.

    On PostgreSQL, with ``wait=False``, it returns 0 at once if another writer is
    chaining: that writer (or the next) takes these events too.
    """
    if session.get_bind().dialect.name == "postgresql":
        if wait:
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
        elif not session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                {"key": CHAIN_LOCK_KEY}):
            return 0
    # The head and the unchained events in one statement (one round trip; both engines
    # answer it from the chain_seq index), as stored: hashed from the very values ``verify``
    # reads back (``stored_event_hash``), set in one executemany, no ORM object loaded.
    session.flush()
    columns = _SQLITE_COLUMNS if session.get_bind().dialect.name == "sqlite" else EVENT_COLUMNS
    last = select(func.max(AuditEvent.chain_seq)).scalar_subquery()
    rows = session.execute(select(*columns).where(
        AuditEvent.chain_seq.is_(None) | (AuditEvent.chain_seq == last))
        .order_by(AuditEvent.id)).all()
    head = next((r for r in rows if r.chain_seq is not None), None)
    seq, prev = (int(head.chain_seq or 0), str(head.hash)) if head else (0, GENESIS)
    chained = []
    for row in rows:
        if row.chain_seq is not None:
            continue
        seq += 1
        digest = stored_event_hash(seq, prev, row)
        chained.append({"id": row.id, "chain_seq": seq, "prev_hash": prev, "hash": digest})
        prev = digest
    if chained:
        session.execute(update(AuditEvent), chained)  # by primary key
        ids = {item["id"] for item in chained}
        for loaded in list(session.identity_map.values()):  # this session's own events, if loaded
            if isinstance(loaded, AuditEvent) and loaded.id in ids:
                session.expire(loaded, ["chain_seq", "prev_hash", "hash"])
    return len(chained)


def unchained_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)
                          .where(AuditEvent.chain_seq.is_(None))) or 0


def iter_chain(session: Session, batch: int = 2000) -> Iterator[AuditEvent]:
    """Chained events in chain order, read in batches (the chain may hold millions)."""
    after = 0
    while True:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.chain_seq > after)
                               .order_by(AuditEvent.chain_seq).limit(batch)).all()
        if not rows:
            return
        yield from rows
        after = int(rows[-1].chain_seq or 0)
        session.expunge_all()


# ----------------------------------------------------------------------------- anchor


@dataclass(frozen=True)
class DailyDigest:
    day: date
    last_seq: int
    hash: str


@dataclass(frozen=True)
class Anchor:
    head_seq: int
    head_hash: str
    written_at: str
    database: str
    daily: tuple[DailyDigest, ...]


def build_anchor(session: Session, written_at: str, database: str) -> Anchor:
    """Head of the chain and, for each China-local day, its last event's hash."""
    last_of_day: dict[date, tuple[int, str]] = {}
    for event in iter_chain(session):
        last_of_day[event.occurred_at.astimezone(CHINA).date()] = (int(event.chain_seq or 0),
                                                                    str(event.hash))
    seq, head = chain_head(session)
    daily = tuple(DailyDigest(day, s, h) for day, (s, h) in sorted(last_of_day.items()))
    return Anchor(seq, head, written_at, database, daily)


def anchor_now(engine: Engine, path: Path, written_at: str, database: str) -> Anchor:
    """Chain whatever is pending, then write the anchor, so the file pins every event."""
    with Session(engine) as session, session.begin():
        chain_pending(session)
    with Session(engine) as session:
        anchor = build_anchor(session, written_at, database)
    write_anchor(anchor, path)
    return anchor


def write_anchor(anchor: Anchor, path: Path) -> None:
    data = {"format": ANCHOR_FORMAT, "head_seq": anchor.head_seq, "head_hash": anchor.head_hash,
            "written_at": anchor.written_at, "database": anchor.database,
            "daily": [{"day": d.day.isoformat(), "last_seq": d.last_seq, "hash": d.hash}
                      for d in anchor.daily]}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(plain(data), ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def read_anchor(path: Path) -> Anchor:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != ANCHOR_FORMAT:
            raise ValueError(f"unknown format {data.get('format')!r}")
        return Anchor(int(data["head_seq"]), str(data["head_hash"]), str(data["written_at"]),
                      str(data.get("database", "")),
                      tuple(DailyDigest(date.fromisoformat(d["day"]), int(d["last_seq"]),
                                        str(d["hash"])) for d in data.get("daily", [])))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"无法读取锚定文件 {path}：{exc}",
                        f"Cannot read the anchor file {path}: {exc}") from exc
