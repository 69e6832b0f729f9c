"""The rehab value assessment and treatment recommendation (康复价值评估报告及康复治疗建议) as a
signed, versioned record (issue 19 item 2; migration 0018).

The institution assesses whether the injury has rehabilitation value and recommends the
treatment (Luzhou Arts. 13(4), 22: the latest value report goes with a repeat application;
Art. 30: it goes with the claim; Beijing Arts. 5, 7: the assessment and the 康复治疗建议 go
with the application). A physician writes a version (``add_value_report``) and signs it with a
password signature over its content (``sign_value_report``); a signed version never changes, a
new version supersedes it. A course opened for an injury that already had one starts from the
latest signed version of the earlier course (``earlier_value_report`` → ``draft_for``).

The case's intake text fields (``rehab_case.rehab_value_assessment`` …) stay readable for old
cases; a case with a signed version prints that instead (``document_view.value_assessment_data``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import RehabCase, Signature, SignatureItem, StaffUser, ValueReport
from desktop_app.domain.vocabulary import (
    MODES,
    SETTINGS,
    STAGES,
    VALUE_CONCLUSIONS,
    Action,
    State,
)
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.lookup import get_case, require_open_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity import signing

RECORD_TYPE = "value_report"
MAX_INTENDED_DAYS = 366


@dataclass(frozen=True)
class ValueReportInput:
    assessed_on: date
    stage: str  # domain.vocabulary.STAGES
    conclusion: str  # has_value / no_value
    assessment: str  # 康复价值评估意见
    recommendation: str  # 康复治疗建议
    modes: tuple[str, ...] = ()  # recommended modes (MODES)
    setting: str | None = None  # recommended setting (SETTINGS)
    intended_days: int | None = None  # the intended period, in days
    goals: str | None = None  # 康复目标
    carried_from_id: int | None = None  # the earlier course's signed version it started from


@dataclass(frozen=True)
class ValueReportRow:
    """One version as screens, the CLI and documents show it."""

    report_id: int
    case_id: int
    version_no: int
    assessed_on: date
    stage: str
    conclusion: str
    assessment: str
    recommendation: str
    modes: tuple[str, ...]
    setting: str | None
    intended_days: int | None
    goals: str | None
    physician: str
    physician_id: int
    record_state: str
    signed_by: str  # "" while a draft
    signed_at: datetime | None
    signature_id: int | None
    carried_from_id: int | None
    current: bool  # the latest version of its case

    @property
    def signed(self) -> bool:
        return self.record_state != State.DRAFT


def value_report_errors(inp: ValueReportInput, today: date, injury_date: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if inp.assessed_on > today:
        errors.append(
            FieldError(
                "评估日期",
                "评估日期不能晚于今天",
                "The assessment cannot be in the future",
                key="assessed_on",
            )
        )
    elif inp.assessed_on < injury_date:
        errors.append(
            FieldError(
                "评估日期",
                f"评估日期早于受伤日期（{injury_date}）",
                f"The assessment is before the injury ({injury_date})",
                key="assessed_on",
            )
        )
    if inp.stage not in STAGES:
        errors.append(
            FieldError("康复阶段", f"无效的康复阶段：{inp.stage}", f"Invalid stage: {inp.stage}", key="stage")
        )
    if inp.conclusion not in VALUE_CONCLUSIONS:
        errors.append(
            FieldError(
                "评估结论",
                "请选择评估结论（具有/不具有康复价值）",
                "Choose the conclusion (has / has no rehabilitation value)",
                key="conclusion",
            )
        )
    if not inp.assessment.strip():
        errors.append(
            FieldError(
                "康复价值评估意见", "请填写康复价值评估意见", "Enter the value assessment", key="assessment"
            )
        )
    if not inp.recommendation.strip():
        errors.append(
            FieldError(
                "康复治疗建议",
                "请填写康复治疗建议",
                "Enter the treatment recommendation",
                key="recommendation",
            )
        )
    unknown = [m for m in inp.modes if m not in MODES]
    if unknown:
        errors.append(
            FieldError(
                "建议康复模式",
                f"无效的康复模式：{'、'.join(unknown)}",
                f"Invalid modes: {', '.join(unknown)}",
                key="modes",
            )
        )
    if inp.setting is not None and inp.setting not in SETTINGS:
        errors.append(
            FieldError(
                "建议康复形式",
                f"无效的康复形式：{inp.setting}",
                f"Invalid setting: {inp.setting}",
                key="setting",
            )
        )
    if inp.intended_days is not None and not 1 <= inp.intended_days <= MAX_INTENDED_DAYS:
        errors.append(
            FieldError(
                "预期康复期限",
                f"预期康复期限须为 1–{MAX_INTENDED_DAYS} 天",
                f"The intended period must be 1–{MAX_INTENDED_DAYS} days",
                key="intended_days",
            )
        )
    return errors


def _versions(session: Session, case_id: int) -> list[ValueReport]:
    return list(
        session.scalars(
            select(ValueReport).where(ValueReport.case_id == case_id).order_by(ValueReport.version_no)
        )
    )


@use_case(Action.VALUE_REPORT_WRITE, case="case_id", locks_case=True)  # numbers the version
def add_value_report(uow: UnitOfWork, case_id: int, inp: ValueReportInput) -> int:
    """Write a new version (a draft, by the signed-in physician); returns its id. It
    supersedes every earlier version of the case, signed or not; those stay as they are."""
    session = uow.session
    case = get_case(session, case_id)
    require_open_case(case)
    errors = value_report_errors(inp, uow.clock.today(), case.injury.injury_date)
    if inp.carried_from_id is not None:
        earlier = session.get(ValueReport, inp.carried_from_id)
        if (
            earlier is None
            or earlier.injury_id != case.injury_id
            or earlier.case_id == case_id
            or earlier.record_state == State.DRAFT
        ):
            errors.append(
                FieldError(
                    "沿用的评估报告",
                    "只能沿用同一工伤以往疗程已签署的康复价值评估报告",
                    "Only a signed value report of an earlier course for the same injury can be carried over",
                    key="carried_from",
                )
            )
    raise_if_blocking(errors)
    assert uow.actor_id is not None  # authorised: a physician is signed in
    number = (
        session.scalar(select(func.max(ValueReport.version_no)).where(ValueReport.case_id == case_id)) or 0
    ) + 1
    row = ValueReport(
        case_id=case_id,
        injury_id=case.injury_id,
        version_no=number,
        assessed_on=inp.assessed_on,
        stage=inp.stage,
        conclusion=inp.conclusion,
        assessment=inp.assessment.strip(),
        modes=list(dict.fromkeys(inp.modes)),
        setting=inp.setting,
        intended_days=inp.intended_days,
        goals=(inp.goals or "").strip() or None,
        recommendation=inp.recommendation.strip(),
        physician_id=uow.actor_id,
        carried_from_id=inp.carried_from_id,
        record_state=State.DRAFT,
        created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
    )
    session.add(row)
    session.flush()
    return row.id


@use_case(Action.VALUE_REPORT_WRITE, case="case_id")
def sign_value_report(uow: UnitOfWork, case_id: int, report_id: int, password: str) -> int:
    """The physician who wrote the latest version signs it with their password (医师签名);
    returns the signature id. A superseded or already signed version is refused."""
    session = uow.session
    require_open_case(get_case(session, case_id))
    row = session.get(ValueReport, report_id)
    if row is None or row.case_id != case_id:
        raise UserError(
            f"本病例没有编号为 {report_id} 的康复价值评估报告。",
            f"The case has no value report #{report_id}.",
        )
    latest = _versions(session, case_id)[-1]
    if latest.id != row.id:
        raise UserError(
            f"第 {row.version_no} 版已被第 {latest.version_no} 版取代，请签署最新版本。",
            f"Version {row.version_no} was superseded by version {latest.version_no}; sign the latest one.",
        )
    if row.record_state != State.DRAFT:
        raise UserError(
            f"第 {row.version_no} 版已签署，不能再次签署；如需修改请新建版本。",
            f"Version {row.version_no} is already signed; write a new version to change it.",
        )
    return signing.author_signs(uow, RECORD_TYPE, row.id, row.physician_id, password,
                                "康复价值评估报告由撰写的医师本人签署",
                                "The physician who wrote the value report signs it")


# ------------------------------------------------------------------------------ reads


def _rows(session: Session, reports: list[ValueReport]) -> list[ValueReportRow]:
    if not reports:
        return []
    ids = [r.id for r in reports]
    signatures: dict[int, Signature] = {}
    for record_id, signature in session.execute(
        select(SignatureItem.record_id, Signature)
        .join(Signature, Signature.id == SignatureItem.signature_id)
        .where(SignatureItem.record_type == RECORD_TYPE, SignatureItem.record_id.in_(ids))
        .order_by(Signature.signed_at, Signature.id)
    ):
        signatures.setdefault(record_id, signature)
    names = dict(
        session.execute(
            select(StaffUser.id, StaffUser.display_name).where(
                StaffUser.id.in_({r.physician_id for r in reports})
            )
        ).all()
    )
    latest: dict[int, int] = {}
    for r in reports:
        latest[r.case_id] = max(latest.get(r.case_id, 0), r.version_no)
    out = []
    for r in reports:
        s = signatures.get(r.id)
        out.append(
            ValueReportRow(
                r.id,
                r.case_id,
                r.version_no,
                r.assessed_on,
                r.stage,
                r.conclusion,
                r.assessment,
                r.recommendation,
                tuple(r.modes or ()),
                r.setting,
                r.intended_days,
                r.goals,
                names.get(r.physician_id, ""),
                r.physician_id,
                r.record_state,
                s.signer_name if s else "",
                s.signed_at if s else None,
                s.id if s else None,
                r.carried_from_id,
                latest[r.case_id] == r.version_no,
            )
        )
    return out


def value_reports(session: Session, case_id: int) -> list[ValueReportRow]:
    """Every version of the case's value report, oldest first."""
    return _rows(session, _versions(session, case_id))


def latest_signed(session: Session, case_id: int) -> ValueReportRow | None:
    """The case's latest signed version (what is printed, archived and claimed with)."""
    signed = [r for r in value_reports(session, case_id) if r.signed]
    return signed[-1] if signed else None


def earlier_value_report(session: Session, injury_id: int, excluding_case_id: int) -> ValueReportRow | None:
    """The latest signed version of an earlier course for the same injury (Luzhou Art. 13: a
    repeat application carries the latest 康复价值评估报告), or None."""
    row = session.scalars(
        select(ValueReport)
        .where(
            ValueReport.injury_id == injury_id,
            ValueReport.case_id != excluding_case_id,
            ValueReport.record_state != State.DRAFT,
        )
        .order_by(ValueReport.id.desc())
        .limit(1)
    ).first()
    return _rows(session, [row])[0] if row is not None else None


@dataclass(frozen=True)
class ValueReportDraft:
    """What a new version's form starts from, and where that came from."""

    inp: ValueReportInput
    source: str  # "own" (the case's latest version), "earlier" (an earlier course), "intake", "blank"
    earlier_case_number: str = ""


def draft_for(session: Session, case_id: int, today: date) -> ValueReportDraft:
    """The starting content of the next version: the case's own latest version; else the
    latest signed version of an earlier course for the same injury (carried over: the new
    version names it); else the text entered at registration; else the case's stage only."""
    case = get_case(session, case_id)
    own = value_reports(session, case_id)
    if own:
        r = own[-1]
        return ValueReportDraft(_input_of(r, today, None), "own")
    earlier = earlier_value_report(session, case.injury_id, case_id)
    if earlier is not None:
        number = session.scalar(select(RehabCase.case_number).where(RehabCase.id == earlier.case_id)) or ""
        return ValueReportDraft(
            _input_of(earlier, today, earlier.report_id, stage=case.stage), "earlier", number
        )
    if case.rehab_value_assessment or case.treatment_recommendation:
        return ValueReportDraft(
            ValueReportInput(
                case.rehab_value_date or today,
                case.stage,
                "has_value",
                case.rehab_value_assessment or "",
                case.treatment_recommendation or "",
                tuple(case.modes or ()),
                case.setting,
            ),
            "intake",
        )
    return ValueReportDraft(
        ValueReportInput(today, case.stage, "has_value", "", "", tuple(case.modes or ()), case.setting),
        "blank",
    )


def _input_of(
    r: ValueReportRow, today: date, carried_from: int | None, *, stage: str | None = None
) -> ValueReportInput:
    return ValueReportInput(
        today,
        stage or r.stage,
        r.conclusion,
        r.assessment,
        r.recommendation,
        r.modes,
        r.setting,
        r.intended_days,
        r.goals,
        carried_from,
    )


@dataclass(frozen=True)
class ValueReportSheet:
    """The value report dialog's read: the case, its versions, the next version's draft."""

    case_number: str
    patient_name: str
    open_case: bool  # not archived or sealed
    versions: tuple[ValueReportRow, ...]
    draft: ValueReportDraft


def value_report_sheet(session: Session, case_id: int, today: date) -> ValueReportSheet:
    case = get_case(session, case_id)
    return ValueReportSheet(
        case.case_number,
        case.worker.name,
        case.record_state not in (State.ARCHIVED, State.SEALED),
        tuple(value_reports(session, case_id)),
        draft_for(session, case_id, today),
    )
