"""Transfers between institutions (转院, issue 19 item 3).

``transfer_out`` records that the course goes on at another institution: where to, why, on
which day, and the agency's consent (or filing) where the case's pack requires it
(``domain.rules.transfer``: Luzhou Art. 24 out of the city, Ningxia No. 9 out of the region;
silent elsewhere) — refused without it. It issues the transfer summary (转院小结,
``documents/transfer_summary``) in the same transaction. After the transfer day the case
accepts no session (``treatment.record_session``); the case shows as transferred
(``transfer_view.standing``: derived from the row, the case's status is untouched).

``transfer_in`` records a case that began at an earlier institution: its name, the day, its
summary (an attachment of the case) and the sessions it already used per approved item,
which come off what the approval still allows here (``lookup.approved_counts``) — the approval
period is the agency's and stays as it is. Both write append-only rows (migration 0019).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from desktop_app.db.models import Attachment, CaseTransfer, TransferUsedCount, TreatmentSession
from desktop_app.domain.rules.transfer import consent_errors, rules_for
from desktop_app.domain.vocabulary import Action, CaseStatus
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.core.lookup import (
    get_case,
    granted_counts,
    require_open_case,
    superseded,
    transfer_out_date,
)
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records.attachments import attachment_errors, store_attachment
from desktop_app.services.records.issued_documents import IssuedPdf, Source, issue
from desktop_app.services.rules.region import case_pack


@dataclass(frozen=True)
class TransferOutInput:
    to_institution: str
    transfer_date: date
    reason: str
    outside_region: bool = False  # outside the region the pack speaks of (city, province)
    consent_number: str | None = None  # the agency's consent / transfer filing number
    consent_date: date | None = None


@dataclass(frozen=True)
class UsedCount:
    national_code: str
    count: int


@dataclass(frozen=True)
class TransferInInput:
    from_institution: str
    transfer_date: date
    summary: AttachmentInput | None  # the earlier institution's 转院小结 (required)
    used: Sequence[UsedCount] = ()
    reason: str | None = None
    summary_attachment_id: int | None = None  # or a scan already in the case's archive


@dataclass(frozen=True)
class TransferredOut:
    transfer_id: int
    summary: IssuedPdf


def _date_errors(transfer_date: date, today: date, earliest: date | None) -> list[FieldError]:
    if transfer_date > today:
        return [FieldError("转院日期", "转院日期不能晚于今天", "The transfer cannot be in the future",
                           key="transfer_date")]
    if earliest is not None and transfer_date < earliest:
        return [FieldError("转院日期", f"转院日期早于受伤日期（{earliest}）",
                           f"The transfer is before the injury ({earliest})", key="transfer_date")]
    return []


def _last_session_day(uow: UnitOfWork, case_id: int) -> date | None:
    return uow.session.scalar(select(func.max(TreatmentSession.session_date)).where(
        TreatmentSession.case_id == case_id,
        TreatmentSession.id.not_in(superseded("treatment_session"))))


@use_case(Action.TRANSFER_RECORD, case="case_id", locks_case=True)
def transfer_out(uow: UnitOfWork, case_id: int, inp: TransferOutInput) -> TransferredOut:
    """Record the transfer out and issue its summary; returns both."""
    case = get_case(uow.session, case_id)
    require_open_case(case)
    if case.status not in (CaseStatus.APPROVED, CaseStatus.ADMITTED):
        raise UserError(f"病例 {case.case_number} 未在康复中，不能转出（当前状态：{case.status}）。",
                        f"Case {case.case_number} is not in a course; it cannot be transferred out "
                        f"(status: {case.status}).")
    already = transfer_out_date(uow.session, case_id)
    if already is not None:
        raise UserError(f"病例 {case.case_number} 已于 {already} 转出。",
                        f"Case {case.case_number} was already transferred out on {already}.")
    errors = _date_errors(inp.transfer_date, uow.clock.today(), case.injury.injury_date)
    if not inp.to_institution.strip():
        errors.append(FieldError("转往机构", "请填写转往的康复机构", "Enter the institution it goes to",
                                 key="to_institution"))
    if not inp.reason.strip():
        errors.append(FieldError("转院原因", "请填写转院原因", "Enter the reason for the transfer",
                                 key="reason"))
    last = _last_session_day(uow, case_id)
    if last is not None and inp.transfer_date < last:
        errors.append(FieldError("转院日期", f"本病例在 {last} 仍有治疗记录，转院日期不能早于该日",
                                 f"The case has a session on {last}; the transfer cannot be earlier",
                                 key="transfer_date"))
    pack = case_pack(uow.session, case)
    errors += consent_errors(rules_for(pack.code), inp.outside_region, inp.consent_number,
                             inp.consent_date, inp.transfer_date)
    raise_if_blocking(errors)
    row = CaseTransfer(case_id=case_id, direction="out", other_institution=inp.to_institution.strip(),
                       transfer_date=inp.transfer_date, reason=inp.reason.strip(),
                       outside_region=inp.outside_region,
                       consent_number=(inp.consent_number or "").strip() or None,
                       consent_date=inp.consent_date,
                       created_at=uow.clock.now(), created_by_id=uow.actor_id)
    uow.session.add(row)
    uow.session.flush()
    return TransferredOut(row.id, issue_summary(uow, case_id, row.id))


def issue_summary(uow: UnitOfWork, case_id: int, transfer_id: int) -> IssuedPdf:
    """Issue (or re-issue, byte-identical while nothing changed) a transfer out's summary.
    No permission check or commit of its own: ``transfer_out`` and the readers that print
    it (``transfer_view.summary_pdf``) authorise."""
    from desktop_app.services.clinical.transfer_view import summary_data

    return issue(uow, "transfer_summary", summary_data(uow.session, case_id, transfer_id),
                 Source(case_id, "case_transfer", transfer_id))


@use_case(Action.TRANSFER_RECORD, case="case_id", locks_case=True)
def transfer_in(uow: UnitOfWork, case_id: int, inp: TransferInInput) -> int:
    """Record a transfer in from an earlier institution and the counts it used; returns its id."""
    case = get_case(uow.session, case_id)
    require_open_case(case)
    errors = _date_errors(inp.transfer_date, uow.clock.today(), case.injury.injury_date)
    if not inp.from_institution.strip():
        errors.append(FieldError("转出机构", "请填写转出的康复机构", "Enter the earlier institution",
                                 key="from_institution"))
    if inp.summary is None and inp.summary_attachment_id is None:
        errors.append(FieldError("转院小结", "请附上转出机构的转院小结",
                                 "Attach the earlier institution's transfer summary", key="summary"))
    elif inp.summary is not None:
        errors += attachment_errors(inp.summary, "转院小结", "summary")
    else:
        found = uow.session.scalar(select(Attachment.case_id).where(
            Attachment.id == inp.summary_attachment_id))
        if found != case_id:
            errors.append(FieldError("转院小结", f"本病例档案中没有附件 #{inp.summary_attachment_id}",
                                     f"The case's archive has no attachment #{inp.summary_attachment_id}",
                                     key="summary"))
    granted = granted_counts(uow.session, case_id)
    if not granted:
        errors.append(FieldError("核准项目", "请先录入经办机构的核准（转入病例的核准项目与期限）",
                                 "Record the agency's approval first (its items and period)",
                                 key="used"))
    seen: set[str] = set()
    for n, used in enumerate(inp.used, start=1):
        key = f"used.{n}"
        if used.national_code in seen:
            errors.append(FieldError(f"已用次数{n}", "项目重复", "Duplicate item", key=key))
        seen.add(used.national_code)
        if used.national_code not in granted:
            errors.append(FieldError(f"已用次数{n}", f"项目 {used.national_code} 不在核准项目内",
                                     f"Item {used.national_code} is not among the approved items",
                                     key=key))
        elif used.count < 0:
            errors.append(FieldError(f"已用次数{n}", "已用次数不能为负数", "A used count cannot be negative",
                                     key=key))
        elif (limit := granted[used.national_code]) is not None and used.count > limit:
            errors.append(FieldError(f"已用次数{n}", f"已用 {used.count} 次超过核准的 {limit} 次",
                                     f"{used.count} used is more than the {limit} approved", key=key))
    raise_if_blocking(errors)
    attachment_id = inp.summary_attachment_id
    if inp.summary is not None:
        attachment_id = store_attachment(uow, case_id, inp.summary).id
    row = CaseTransfer(case_id=case_id, direction="in", other_institution=inp.from_institution.strip(),
                       transfer_date=inp.transfer_date, reason=(inp.reason or "").strip() or None,
                       summary_attachment_id=attachment_id,
                       created_at=uow.clock.now(), created_by_id=uow.actor_id)
    uow.session.add(row)
    uow.session.flush()
    for used in inp.used:
        if used.count:
            uow.session.add(TransferUsedCount(case_id=case_id, transfer_id=row.id,
                                              national_code=used.national_code, used_count=used.count,
                                              created_at=uow.clock.now(), created_by_id=uow.actor_id))
    uow.session.flush()
    return row.id


@use_case(Action.TRANSFER_RECORD, case="case_id")
def print_summary(uow: UnitOfWork, case_id: int, transfer_id: int) -> IssuedPdf:
    """The summary of a transfer out again, to save or print (an ``export`` audit event)."""
    row = uow.session.get(CaseTransfer, transfer_id)
    if row is None or row.case_id != case_id or row.direction != "out":
        raise UserError(f"本病例没有编号为 {transfer_id} 的转出记录。",
                        f"The case has no transfer out #{transfer_id}.")
    return issue_summary(uow, case_id, transfer_id)
