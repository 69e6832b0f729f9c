"""The rehabilitation application (工伤康复申请, issue 19): recording it and ticking its materials.

``add_application`` records when the application was submitted (and accepted, 受理), by whom
and to which body, under the case's pack (``region.case_pack``: the one fixed at the first
approval, else the one in force on the submitted day) — whose checklist and answer deadline
(``domain.rules.application``) then apply, never another region's. ``mark_item`` records one
materials item as attached (a scan already in the case's archive, or a new one stored with
it) or not applicable, with the reason. Both write append-only rows (migration 0017); a later
row for the same item replaces it in the checklist (``application_view``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import ApplicationItem, Attachment, RehabApplication
from desktop_app.domain.rules.application import rules_for
from desktop_app.domain.vocabulary import APPLICANTS, APPLICATION_ITEM_STATUSES, Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records.attachments import attachment_errors, store_attachment
from desktop_app.services.rules.region import case_pack


@dataclass(frozen=True)
class ApplicationInput:
    submitted_on: date
    applicant: str  # domain.vocabulary.APPLICANTS
    submitted_to: str  # the deciding body (Luzhou: the committee; Beijing: the district agency)
    accepted_on: date | None = None  # 受理: the answer deadline runs from it
    note: str | None = None


@dataclass(frozen=True)
class ItemMark:
    item_code: str  # an item of the application's pack checklist
    status: str  # attached / not_applicable
    attachment_id: int | None = None  # a scan already in the case's archive…
    scan: AttachmentInput | None = None  # …or a new one, stored with the mark
    reason: str | None = None  # required when not applicable


def linked_application_errors(session: Session, case_id: int,
                              application_id: int | None) -> list[FieldError]:
    """An approval may name only an application of its own case."""
    if application_id is None:
        return []
    found = session.scalar(select(RehabApplication.case_id).where(RehabApplication.id == application_id))
    if found == case_id:
        return []
    return [FieldError("康复申请", f"本病例没有编号为 {application_id} 的康复申请",
                       f"The case has no application #{application_id}", key="application")]


def application_errors(inp: ApplicationInput, today: date, injury_date: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if inp.submitted_on > today:
        errors.append(FieldError("申请日期", "申请日期不能晚于今天",
                                 "The application cannot be submitted in the future", key="submitted_on"))
    elif inp.submitted_on < injury_date:
        errors.append(FieldError("申请日期", f"申请日期早于受伤日期（{injury_date}）",
                                 f"The application is before the injury ({injury_date})",
                                 key="submitted_on"))
    if inp.accepted_on is not None:
        if inp.accepted_on < inp.submitted_on:
            errors.append(FieldError("受理日期", "受理日期早于申请日期",
                                     "The application was accepted before it was submitted",
                                     key="accepted_on"))
        elif inp.accepted_on > today:
            errors.append(FieldError("受理日期", "受理日期不能晚于今天",
                                     "The acceptance cannot be in the future", key="accepted_on"))
    if inp.applicant not in APPLICANTS:
        errors.append(FieldError("申请人", f"请选择申请人（用人单位、职工本人或近亲属）：{inp.applicant}",
                                 f"Choose who applied (employer, worker or close relative): {inp.applicant}",
                                 key="applicant"))
    if not inp.submitted_to.strip():
        errors.append(FieldError("受理机构", "请填写受理申请的机构", "Enter the body the application went to",
                                 key="submitted_to"))
    return errors


@use_case(Action.APPLICATION_RECORD, case="case_id")
def add_application(uow: UnitOfWork, case_id: int, inp: ApplicationInput) -> int:
    """Record the application of a case; returns its id."""
    case = get_case(uow.session, case_id)
    raise_if_blocking(application_errors(inp, uow.clock.today(), case.injury.injury_date))
    pack = case_pack(uow.session, case, inp.submitted_on)
    row = RehabApplication(case_id=case_id, submitted_on=inp.submitted_on, accepted_on=inp.accepted_on,
                           applicant=inp.applicant, submitted_to=inp.submitted_to.strip(),
                           pack_code=pack.code, note=(inp.note or "").strip() or None,
                           created_at=uow.clock.now(), created_by_id=uow.actor_id)
    uow.session.add(row)
    uow.session.flush()
    return row.id


def get_application(uow: UnitOfWork, case_id: int, application_id: int) -> RehabApplication:
    row = uow.session.get(RehabApplication, application_id)
    if row is None or row.case_id != case_id:
        raise UserError(f"本病例没有编号为 {application_id} 的康复申请。",
                        f"The case has no application #{application_id}.")
    return row


@use_case(Action.APPLICATION_RECORD, case="case_id")
def mark_item(uow: UnitOfWork, case_id: int, application_id: int, mark: ItemMark) -> int:
    """Record one materials item attached or not applicable; returns the row's id."""
    application = get_application(uow, case_id, application_id)
    rules = rules_for(application.pack_code)
    codes = {item.code for item in rules.checklist}
    errors: list[FieldError] = []
    if mark.item_code not in codes:
        errors.append(FieldError("申请材料", f"本地区办法的申请材料清单中没有此项：{mark.item_code}",
                                 f"The region's checklist has no such item: {mark.item_code}",
                                 key="item_code"))
    if mark.status not in APPLICATION_ITEM_STATUSES:
        errors.append(FieldError("材料状态", f"无效的材料状态：{mark.status}",
                                 f"Invalid item status: {mark.status}", key="status"))
    reason = (mark.reason or "").strip() or None
    attachment_id = mark.attachment_id
    if mark.status == "not_applicable" and reason is None:
        errors.append(FieldError("不适用原因", "标记为“不适用”须说明原因",
                                 "An item marked not applicable needs a reason", key="reason"))
    if mark.status == "attached":
        if mark.scan is None and attachment_id is None:
            errors.append(FieldError("附件", "请选择已归档的附件或添加扫描件",
                                     "Choose a scan in the archive or add one", key="attachment"))
        elif mark.scan is not None:
            errors += attachment_errors(mark.scan, "附件", "attachment")
        else:
            found = uow.session.scalar(select(Attachment.case_id).where(Attachment.id == attachment_id))
            if found != case_id:
                errors.append(FieldError("附件", f"本病例档案中没有附件 #{attachment_id}",
                                         f"The case's archive has no attachment #{attachment_id}",
                                         key="attachment"))
    raise_if_blocking(errors)
    if mark.status == "attached" and mark.scan is not None:
        attachment_id = store_attachment(uow, case_id, mark.scan).id
    row = ApplicationItem(case_id=case_id, application_id=application.id, item_code=mark.item_code,
                          status=mark.status,
                          attachment_id=attachment_id if mark.status == "attached" else None,
                          reason=reason, created_at=uow.clock.now(), created_by_id=uow.actor_id)
    uow.session.add(row)
    uow.session.flush()
    return row.id
