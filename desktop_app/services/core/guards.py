"""Signed records never change: the ORM-level guard, and the database triggers' refusals
turned into messages for people.

Three layers refuse a change to a signed record: the services (which check the state
first and explain), this ``before_flush`` guard (which catches any code path that
forgot), and the database triggers of migration 0002 (which catch raw SQL).
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop_app.db.base import RecordState
from desktop_app.domain.vocabulary import RECORD_STATES, State
from desktop_app.errors import UserError

TRIGGER_TAG = "REHAB_IMMUTABLE"
# Columns a signed record may still change (as the triggers allow).
MUTABLE_AFTER_SIGNING: dict[str, frozenset[str]] = {
    "rehab_case": frozenset({"record_state", "version", "sealed_at", "seal_reason"}),
    "claim": frozenset({"record_state", "version", "status"}),
}
DEFAULT_MUTABLE = frozenset({"record_state", "version"})


class SignedRecordChange(UserError):
    """A change or deletion of a signed, archived or sealed record was refused."""


def attach(session: Session) -> None:
    event.listen(session, "before_flush", _before_flush)


def _committed_state(obj: RecordState) -> str:
    history = inspect(obj).attrs.record_state.history
    return str(history.deleted[0] if history.deleted else obj.record_state)


def _refusal(table: str, record_id: object, state: str, what: str) -> SignedRecordChange:
    labels: dict[str, str] = {State.SIGNED: "已签名", State.ARCHIVED: "已归档", State.SEALED: "已封存"}
    label = labels.get(state, state)
    return SignedRecordChange(
        f"{table} #{record_id} {label}，不能{what}；如需更正请提交更正（修订）记录。",
        f"{table} #{record_id} is {state} and cannot be "
        f"{'changed' if what == '修改' else 'deleted'}; record a correction (amendment) instead.")


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    for obj in session.deleted:
        if isinstance(obj, RecordState) and _committed_state(obj) != State.DRAFT:
            raise _refusal(obj.__tablename__, getattr(obj, "id", None), _committed_state(obj), "删除")
    for obj in session.dirty:
        if not isinstance(obj, RecordState) or not session.is_modified(obj):
            continue
        before = _committed_state(obj)
        if before == State.DRAFT:
            continue
        table = obj.__tablename__
        allowed = MUTABLE_AFTER_SIGNING.get(table, DEFAULT_MUTABLE)
        state = inspect(obj)
        changed = {attr.key for attr in state.mapper.column_attrs
                   if state.attrs[attr.key].history.has_changes()}
        backwards = RECORD_STATES.index(obj.record_state) < RECORD_STATES.index(before)
        if changed - allowed or backwards:
            raise _refusal(table, getattr(obj, "id", None), before, "修改")


def refusal_from_database(error: BaseException | None) -> UserError | None:
    """The message for a change the database triggers refused; None for other errors."""
    if isinstance(error, DBAPIError) and TRIGGER_TAG in str(error.orig):
        detail = str(error.orig).split(TRIGGER_TAG, 1)[1].strip(": ").splitlines()[0]
        return SignedRecordChange(f"数据库拒绝修改已签名或已归档的记录：{detail}",
                                  f"The database refused to change a signed or archived record: {detail}")
    return None
