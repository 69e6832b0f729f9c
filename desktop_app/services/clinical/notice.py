"""The written notice ending a course (终止康复治疗书面通知, issue 19 item 8; migration 0018).

Beijing Art. 14 para. 1: a worker who does not cooperate with treatment (不配合治疗) or breaks
other rules is notified **in writing** that the course ends; para. 2: after the plan is done or
the course ended, the costs of a worker who refuses to leave (拒不出院) fall on the worker. The
notice records the day, the reason, the facts, the costs consequence as the text states it,
who issued it, how it was delivered and whether the worker signed for it (or refused to); the
issuing physician signs it with a password signature. Only a case whose pack cites such a
notice (``topics["end_notice"]``: Beijing) may have one: the other texts require none (Baotou
Arts. 17(3), 23 and Luzhou Art. 32(7) make a refusal to leave unpaid without any notice), so
there the action is refused, naming the region. Recording the course end for a refusal to
leave under Beijing needs a signed notice first (``course_end.record_course_end``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import CourseNotice, RehabCase, Signature, SignatureItem, StaffUser
from desktop_app.domain.rules.packs import PolicyPack
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.vocabulary import (
    NOTICE_ACKNOWLEDGEMENTS,
    NOTICE_DELIVERIES,
    NOTICE_REASONS,
    Action,
    State,
)
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.lookup import get_case, require_open_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity import signing
from desktop_app.services.rules.region import case_pack

RECORD_TYPE = "course_notice"
# The costs consequence each reason carries, as Beijing Art. 14 states it.
CONSEQUENCES = {
    "non_cooperation": "工伤职工不配合治疗，依据本办法应书面通知终止康复治疗。"
    "终止康复治疗后，工伤职工拒不出院发生的相关费用，由工伤职工承担。",
    "refused_to_leave": "康复计划完成或终止康复治疗后，工伤职工拒不出院发生的相关费用，由工伤职工承担。",
}


@dataclass(frozen=True)
class NoticeInput:
    issued_on: date
    reason: str  # NOTICE_REASONS
    facts: str  # what happened, when
    delivery: str  # NOTICE_DELIVERIES
    acknowledgement: str  # NOTICE_ACKNOWLEDGEMENTS: signed / refused / absent
    delivery_note: str | None = None  # e.g. the witness of a refusal to sign


@dataclass(frozen=True)
class NoticeRow:
    notice_id: int
    case_id: int
    issued_on: date
    reason: str
    facts: str
    consequence: str
    basis: str
    issued_by: str
    issued_by_id: int
    delivery: str
    acknowledgement: str
    delivery_note: str | None
    record_state: str
    signed_by: str
    signed_at: datetime | None
    signature_id: int | None

    @property
    def signed(self) -> bool:
        return self.record_state != State.DRAFT


def notice_basis(pack: PolicyPack) -> tuple[str, str]:
    """The articles of the pack that call for a written notice ("" where its text is silent)."""
    return cite(pack.basis("end_notice"))


def no_notice_refusal(pack: PolicyPack) -> UserError:
    zh_name, en_name = pack.label
    return UserError(
        f"本机构适用的{zh_name}未规定终止康复的书面通知（北京市办法第十四条的通知仅适用于北京市）；"
        "职工拒不出院的费用按本地区办法处理，无须签发此通知。",
        f"The {en_name} pack's text has no written notice ending a course (Beijing Art. 14 "
        "applies in Beijing only); a refusal to leave is handled by the region's own rules, "
        "without this notice.",
    )


def require_notice_rule(session: Session, case: RehabCase) -> PolicyPack:
    pack = case_pack(session, case)
    if not pack.basis("end_notice"):
        raise no_notice_refusal(pack)
    return pack


def notice_errors(inp: NoticeInput, today: date, admitted: date | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if inp.issued_on > today:
        errors.append(
            FieldError(
                "通知日期",
                "通知日期不能晚于今天",
                "The notice cannot be dated in the future",
                key="issued_on",
            )
        )
    elif admitted is None or inp.issued_on < admitted:
        errors.append(
            FieldError(
                "通知日期", "通知日期须在入院之后", "The notice must follow the admission", key="issued_on"
            )
        )
    if inp.reason not in NOTICE_REASONS:
        errors.append(
            FieldError(
                "通知事由",
                "请选择通知事由（不配合治疗 / 拒不出院）",
                "Choose the reason (non-cooperation / refusal to leave)",
                key="reason",
            )
        )
    if not inp.facts.strip():
        errors.append(FieldError("事实经过", "请写明事实经过", "State the facts", key="facts"))
    if inp.delivery not in NOTICE_DELIVERIES:
        errors.append(
            FieldError("送达方式", "请选择送达方式", "Choose how the notice was delivered", key="delivery")
        )
    if inp.acknowledgement not in NOTICE_ACKNOWLEDGEMENTS:
        errors.append(
            FieldError(
                "签收情况", "请选择签收情况", "Choose whether the worker signed for it", key="acknowledgement"
            )
        )
    elif inp.acknowledgement == "refused" and not (inp.delivery_note or "").strip():
        errors.append(
            FieldError(
                "送达说明",
                "职工拒绝签收的，须注明拒签情况及在场见证人",
                "A refusal to sign needs a note of the refusal and the witness present",
                key="delivery_note",
            )
        )
    return errors


@use_case(Action.NOTICE_ISSUE, case="case_id")
def add_notice(uow: UnitOfWork, case_id: int, inp: NoticeInput) -> int:
    """Write the notice (a draft by the signed-in physician); returns its id. Refused under a
    pack whose text has no such notice."""
    session = uow.session
    case = get_case(session, case_id)
    require_open_case(case)
    pack = require_notice_rule(session, case)
    raise_if_blocking(notice_errors(inp, uow.clock.today(), case.admission_date))
    assert uow.actor_id is not None
    row = CourseNotice(
        case_id=case_id,
        issued_on=inp.issued_on,
        reason=inp.reason,
        facts=inp.facts.strip(),
        consequence=CONSEQUENCES[inp.reason],
        basis=notice_basis(pack)[0],
        pack_code=pack.code,
        issued_by_id=uow.actor_id,
        delivery=inp.delivery,
        acknowledgement=inp.acknowledgement,
        delivery_note=(inp.delivery_note or "").strip() or None,
        record_state=State.DRAFT,
        created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
    )
    session.add(row)
    session.flush()
    return row.id


@use_case(Action.NOTICE_ISSUE, case="case_id")
def sign_notice(uow: UnitOfWork, case_id: int, notice_id: int, password: str) -> int:
    """The issuing physician signs the notice (医师签名); returns the signature id."""
    session = uow.session
    require_open_case(get_case(session, case_id))
    row = session.get(CourseNotice, notice_id)
    if row is None or row.case_id != case_id:
        raise UserError(f"本病例没有编号为 {notice_id} 的书面通知。", f"The case has no notice #{notice_id}.")
    if row.record_state != State.DRAFT:
        raise UserError("该通知已签署，不能再次签署。", "The notice is already signed.")
    return signing.author_signs(uow, RECORD_TYPE, row.id, row.issued_by_id, password,
                                "书面通知由签发的医师本人签署",
                                "The physician who issued the notice signs it")


def notices(session: Session, case_id: int) -> list[NoticeRow]:
    """The case's notices, oldest first."""
    rows = list(
        session.scalars(select(CourseNotice).where(CourseNotice.case_id == case_id).order_by(CourseNotice.id))
    )
    if not rows:
        return []
    signatures: dict[int, Signature] = {}
    for record_id, signature in session.execute(
        select(SignatureItem.record_id, Signature)
        .join(Signature, Signature.id == SignatureItem.signature_id)
        .where(SignatureItem.record_type == RECORD_TYPE, SignatureItem.record_id.in_([r.id for r in rows]))
        .order_by(Signature.signed_at, Signature.id)
    ):
        signatures.setdefault(record_id, signature)
    names = dict(
        session.execute(
            select(StaffUser.id, StaffUser.display_name).where(
                StaffUser.id.in_({r.issued_by_id for r in rows})
            )
        ).all()
    )
    out = []
    for r in rows:
        s = signatures.get(r.id)
        out.append(
            NoticeRow(
                r.id,
                r.case_id,
                r.issued_on,
                r.reason,
                r.facts,
                r.consequence,
                r.basis,
                names.get(r.issued_by_id, ""),
                r.issued_by_id,
                r.delivery,
                r.acknowledgement,
                r.delivery_note,
                r.record_state,
                s.signer_name if s else "",
                s.signed_at if s else None,
                s.id if s else None,
            )
        )
    return out


def signed_notice_exists(session: Session, case_id: int, reason: str | None = None) -> bool:
    """Whether the case holds a signed notice (of ``reason``, when given)."""
    query = select(CourseNotice.id).where(CourseNotice.case_id == case_id,
                                          CourseNotice.record_state != State.DRAFT)
    if reason is not None:
        query = query.where(CourseNotice.reason == reason)
    return session.scalar(query.limit(1)) is not None


ENDING_FOR = {"non_cooperation": ("因不配合治疗终止康复", "Ending the course for non-cooperation"),
              "refused_to_leave": ("职工拒不出院", "A refusal to leave")}


def missing_notice_errors(session: Session, case: RehabCase, reason: str, label_zh: str,
                          key: str) -> list[FieldError]:
    """Under a pack whose text calls for the written notice (Beijing Art. 14), a course is
    ended for ``reason`` (non-cooperation, a refusal to leave) only once a signed notice of
    that reason is in the case; under the other packs nothing is required."""
    zh_article, en_article = notice_basis(case_pack(session, case))
    if not zh_article or signed_notice_exists(session, case.id, reason):
        return []
    what_zh, what_en = ENDING_FOR[reason]
    return [FieldError(label_zh, f"{what_zh}须先签发并签署终止康复书面通知（{zh_article}）",
                       f"{what_en} needs the signed written notice first ({en_article})", key=key)]


def notice_allowed(session: Session, case_id: int) -> tuple[bool, str, str]:
    """Whether the case's pack has the notice, and the refusal (zh, en) when it does not —
    for the discharge page's button."""
    case = get_case(session, case_id)
    pack = case_pack(session, case)
    if pack.basis("end_notice"):
        return True, "", ""
    refusal = no_notice_refusal(pack)
    return False, refusal.zh, refusal.en


@dataclass(frozen=True)
class NoticeSheet:
    """The notice dialog's read: whether the case's pack has the notice (else the refusal),
    the articles, the case's notices."""

    case_number: str
    patient_name: str
    allowed: bool
    refusal_zh: str
    refusal_en: str
    basis_zh: str
    basis_en: str
    open_case: bool
    notices: tuple[NoticeRow, ...]


def notice_sheet(session: Session, case_id: int) -> NoticeSheet:
    case = get_case(session, case_id)
    pack = case_pack(session, case)
    allowed, zh, en = notice_allowed(session, case_id)
    basis_zh, basis_en = notice_basis(pack)
    return NoticeSheet(
        case.case_number,
        case.worker.name,
        allowed,
        zh,
        en,
        basis_zh,
        basis_en,
        case.record_state not in (State.ARCHIVED, State.SEALED),
        tuple(notices(session, case_id)),
    )
