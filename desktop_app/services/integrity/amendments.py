"""Corrections of signed records: a new version linked to the original, never an edit.

The replacement is written already signed by the person correcting it (password
re-entered) and the ``amendment`` row links both with the reason. The original stays
as it was, with its signatures, and is shown as superseded. A record of an archived
case is corrected only with an administrator's approval given on the spot (the
administrator's password); the approval is a second signature on the replacement.

Two declared use cases: ``amend`` (record.amend) and, for an archived record, the
``amend_archived`` it calls (record.approve_amendment: the approver's role is judged with
the corrector's permission, before the form's checks and the passwords).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from desktop_app.db.models import Amendment, RehabCase, StaffUser
from desktop_app.domain.permissions import effective_state, permitted
from desktop_app.domain.vocabulary import Action, Meaning, SignerKind, State
from desktop_app.errors import FieldError, NotFound, UserError, raise_if_blocking
from desktop_app.services.admin import accounts
from desktop_app.services.core.lookup import superseded
from desktop_app.services.core.permissions import authorize_record, deny, record_case_state
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity import signing

# What a correction may never change: identity, ownership, state and bookkeeping.
FIXED = frozenset({"id", "case_id", "record_state", "version", "created_at", "created_by_id",
                   "plan_id", "supersedes_id"})
AMENDABLE = ("treatment_session", "prescription", "assessment", "out_of_scope_consent")
# What the amendment dialog offers to correct, per type (the service accepts any column
# not FIXED; these are the ones a correction is for).
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "treatment_session": ("count", "ended_at", "location", "notes"),
    "prescription": ("count", "frequency", "parameters"),
    "assessment": ("total", "grade", "conclusion"),
    "out_of_scope_consent": ("amount", "signer_name", "note"),
}
PHASES = {"pre": "康复前评估", "mid": "康复中评估", "post": "康复后评估", "other": "其他评估"}


@dataclass(frozen=True)
class RecordChoice:
    """A signed record of a case that can be corrected (its latest version)."""

    record_type: str
    record_id: int
    label: str


@dataclass(frozen=True)
class Version:
    """One version of a record: its values and, for a correction, why and by whom."""

    record_id: int
    values: dict[str, Any]
    created_at: datetime
    created_by: str
    reason: str | None  # None: the original
    approved_by: str | None
    superseded: bool


def _check_password(uow: UnitOfWork, user_id: int | None, password: str, who: str,
                    key: str) -> None:
    if user_id is None or not accounts.check_password(uow.session, user_id, password):
        raise_if_blocking([FieldError(who, f"{who}密码不正确", f"The {who} password is wrong",
                                      key=key)])


def _amendable(session: Session, record_type: str, record_id: int) -> Any:  # noqa: ANN401 - a SIGNABLE model
    """The record to correct (NotFound if it is not of an amendable type)."""
    model = signing.SIGNABLE.get(record_type) if record_type in AMENDABLE else None
    original = session.get(model, record_id) if model is not None else None
    if original is None:
        raise NotFound(f"找不到可更正的记录 {record_type} #{record_id}。",
                       f"No amendable record {record_type} #{record_id}.")
    return original


def _corrector(uow: UnitOfWork, record_type: str, record_id: int, **_arguments: object) -> None:
    """The signed-in user may correct the record in its state (raised to its case's)."""
    authorize_record(uow, Action.RECORD_AMEND, record_type, _amendable(uow.session, record_type, record_id))


def _corrector_and_approver(uow: UnitOfWork, record_type: str, record_id: int,
                            approver_id: int | None, **_arguments: object) -> None:
    """The corrector may correct it, and the approver present may approve it; a refusal of
    the approver is audited with the approver's role, the corrector as the actor."""
    _corrector(uow, record_type, record_id)
    original = _amendable(uow.session, record_type, record_id)
    approver = uow.session.get(StaffUser, approver_id) if approver_id is not None else None
    role = approver.role if approver is not None and approver.active else None
    if not permitted(role, Action.RECORD_APPROVE_AMENDMENT, State.ARCHIVED):
        deny(uow, Action.RECORD_APPROVE_AMENDMENT, State.ARCHIVED, record_type, original.id,
             getattr(original, "case_id", None),
             "已归档记录的更正须经系统管理员当场批准（输入管理员密码）。",
             "Correcting an archived record needs an administrator's approval (their password).",
             role=role)


@use_case(Action.RECORD_AMEND, authorize_with=_corrector)
def amend(uow: UnitOfWork, record_type: str, record_id: int, changes: dict[str, Any], reason: str,
          *, password: str, approver_id: int | None = None,
          approver_password: str = "") -> int:
    """Correct a signed record. Returns the id of the replacement. A record of an archived
    case goes through ``amend_archived`` (the approver's permission too)."""
    original = _amendable(uow.session, record_type, record_id)
    if _state(uow, original) == State.ARCHIVED:
        return amend_archived(uow, record_type, record_id, changes, reason, password=password,
                              approver_id=approver_id, approver_password=approver_password)
    return _amend(uow, record_type, original, changes, reason, password, None)


@use_case(Action.RECORD_APPROVE_AMENDMENT, authorize_with=_corrector_and_approver)
def amend_archived(uow: UnitOfWork, record_type: str, record_id: int, changes: dict[str, Any],
                   reason: str, *, password: str, approver_id: int | None,
                   approver_password: str) -> int:
    """Correct a record of an archived case with an administrator's approval given on the
    spot (their password): a second signature on the replacement. Returns its id."""
    original = _amendable(uow.session, record_type, record_id)
    if _state(uow, original) != State.ARCHIVED:
        raise UserError("只有已归档记录的更正需要批准。",
                        "Only a correction of an archived record is approved.")
    return _amend(uow, record_type, original, changes, reason, password, (approver_id, approver_password))


def _state(uow: UnitOfWork, original: Any) -> str:  # noqa: ANN401 - a SIGNABLE model
    return effective_state(original.record_state, record_case_state(uow, original))


def _amend(uow: UnitOfWork, record_type: str, original: Any, changes: dict[str, Any],  # noqa: ANN401
           reason: str, password: str, approval: tuple[int | None, str] | None) -> int:
    """The correction itself, authorised already: checks, the replacement signed by the
    corrector (and the approver, with ``approval``), the amendment row. No commit."""
    session = uow.session
    record_id = original.id
    model = type(original)
    columns = {a.key for a in inspect(model).column_attrs}
    errors: list[FieldError] = []
    if not reason.strip():
        errors.append(FieldError("更正原因", "更正原因不能为空", "A reason is required", key="reason"))
    unknown = sorted(set(changes) - (columns - FIXED))
    if unknown:
        errors.append(FieldError("更正内容", f"这些字段不能更正：{', '.join(unknown)}",
                                 f"These fields cannot be corrected: {', '.join(unknown)}", key="changes"))
    if not changes or all(getattr(original, k) == v for k, v in changes.items() if k in columns):
        errors.append(FieldError("更正内容", "没有任何改动", "Nothing is changed", key="changes"))
    if "count" in changes and not (isinstance(changes["count"], int) and changes["count"] >= 1):
        errors.append(FieldError("次数", "次数须为正整数", "The count must be a positive number",
                                 key="count"))
    if _already_amended(session, record_type, record_id):
        errors.append(FieldError("更正", "该记录已有更正版本，请更正最新版本",
                                 "This record was already corrected; correct the latest version",
                                 key="amendment"))
    raise_if_blocking(errors)
    _check_password(uow, uow.actor_id, password, "本人", "password")
    approver_id = approval[0] if approval is not None else None
    if approval is not None:
        _check_password(uow, approver_id, approval[1], "批准人", "approver_password")
    values = {k: getattr(original, k) for k in columns - {"id", "version"}}
    values.update(changes, record_state=State.SIGNED, created_at=uow.clock.now(),
                  created_by_id=uow.actor_id)
    replacement = model(**values)
    session.add(replacement)
    session.flush()
    target = [(record_type, replacement.id)]
    signing.write_signature(uow, target, Meaning.AMENDER_SIGNS, signing.Signer(
        SignerKind.STAFF, staff_user_id=uow.actor_id, password=password))
    if approval is not None:
        signing.write_signature(uow, target, Meaning.AMENDMENT_APPROVES, signing.Signer(
            SignerKind.STAFF, staff_user_id=approver_id, password=approval[1]))
    session.add(Amendment(record_type=record_type, original_id=record_id,
                          replacement_id=replacement.id, reason=reason.strip(),
                          approved_by_id=approver_id, created_at=uow.clock.now(),
                          created_by_id=uow.actor_id))
    session.flush()
    return replacement.id


def _already_amended(session: Session, record_type: str, record_id: int) -> bool:
    return session.scalars(select(Amendment.id).where(
        Amendment.record_type == record_type, Amendment.original_id == record_id)).first() is not None


def versions(session: Session, record_type: str, record_id: int) -> list[int]:
    """The record and its corrections, oldest first (follows replacements forward)."""
    chain = [record_id]
    while True:
        nxt = session.scalars(select(Amendment.replacement_id).where(
            Amendment.record_type == record_type, Amendment.original_id == chain[-1])).first()
        if nxt is None:
            return chain
        chain.append(nxt)


def amend_approved_by(uow: UnitOfWork, record_type: str, record_id: int,
                      changes: dict[str, Any], reason: str, *, password: str,
                      approver_username: str = "", approver_password: str = "") -> int:
    """``amend`` with the approving administrator named by user name (the dialog's form)."""
    approver_id = accounts.staff_id(uow.session, approver_username)
    return amend(uow, record_type, record_id, changes, reason, password=password,
                 approver_id=approver_id, approver_password=approver_password)


def _first_version(session: Session, record_type: str, record_id: int) -> int:
    while True:
        before = session.scalars(select(Amendment.original_id).where(
            Amendment.record_type == record_type, Amendment.replacement_id == record_id)).first()
        if before is None:
            return record_id
        record_id = before


def version_history(session: Session, record_type: str, record_id: int) -> list[Version]:
    """Every version of the record, original first, whichever version ``record_id`` is."""
    model = signing.SIGNABLE[record_type]
    names = {i: n for i, n in session.execute(select(StaffUser.id, StaffUser.display_name))}
    chain = versions(session, record_type, _first_version(session, record_type, record_id))
    links = {a.replacement_id: a for a in session.scalars(select(Amendment).where(
        Amendment.record_type == record_type, Amendment.replacement_id.in_(chain)))}
    result = []
    for position, version_id in enumerate(chain):
        row = session.get(model, version_id)
        assert row is not None
        link = links.get(version_id)
        values = {a.key: getattr(row, a.key) for a in inspect(model).column_attrs}
        result.append(Version(
            version_id, values, values["created_at"], names.get(values["created_by_id"], "—"),
            link.reason if link else None,
            names.get(link.approved_by_id) if link and link.approved_by_id else None,
            position < len(chain) - 1))
    return result


def needs_approval(session: Session, record_type: str, record_id: int) -> bool:
    """Whether correcting the record needs an administrator's approval (archived case)."""
    row = session.get(signing.SIGNABLE[record_type], record_id)
    case = session.get(RehabCase, getattr(row, "case_id", None)) if row is not None else None
    return case is not None and case.record_state == State.ARCHIVED


def amendable_records(session: Session, case_id: int) -> list[RecordChoice]:
    """The case's signed records of the amendable types, latest versions only."""
    choices: list[RecordChoice] = []
    for record_type in AMENDABLE:
        model: Any = signing.SIGNABLE[record_type]
        rows = session.scalars(select(model).where(
            model.case_id == case_id, model.record_state == State.SIGNED,
            model.id.not_in(superseded(record_type))).order_by(model.id))
        choices += [RecordChoice(record_type, row.id, record_label(record_type, row))
                    for row in rows]
    return choices


def record_label(record_type: str, row: Any) -> str:
    if record_type == "treatment_session":
        return f"治疗 {row.session_date} {row.item_name} ×{row.count}（#{row.id}）"
    if record_type == "prescription":
        return f"处方 {row.prescribed_on} {row.item_name} ×{row.count}（#{row.id}）"
    if record_type == "assessment":
        return (f"{PHASES.get(row.phase, row.phase)} {row.assessed_on} {row.instrument_code}"
                f"（#{row.id}）")
    return f"自费知情同意 {row.signed_on} {row.signer_name}（#{row.id}）"


def amendable_choices(session: Session, case_id: int, select: tuple[str, int] | None
                      ) -> tuple[list[RecordChoice], tuple[str, int] | None]:
    """The amendment dialog's list, and which entry to select: a superseded version
    ``select`` stands for its latest version (None if it has none in the list)."""
    choices = amendable_records(session, case_id)
    if select is not None:
        chain = version_history(session, *select) if select[0] in AMENDABLE else []
        select = (select[0], chain[-1].record_id) if chain else None
    return choices, select


def correction_facts(session: Session, record_type: str, record_id: int) -> tuple[list[Version], bool]:
    """A record's versions and whether correcting it needs an administrator's approval."""
    return (version_history(session, record_type, record_id),
            needs_approval(session, record_type, record_id))
