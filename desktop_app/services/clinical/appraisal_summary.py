"""先康复后鉴定 (issue 19, item 7): the physician's conclusion for the labour-capacity appraisal
committee and the summary of the course issued to it (``documents/appraisal_summary``).

``conclude`` records whether the injury is stable and ready for the appraisal, in the
physician's words, confirmed with the physician's password (an electronic signature by
password, as staff sign elsewhere); the case keeps it (migration 0022) and the audit trail
every earlier one. ``issue_summary`` prints the summary from the archive as it stands — the
course, the treatment per item, each instrument's pre / mid / post results with the change,
the vocational goal and outcome, the conclusion — issued and audited like every other
document (a rebuild of the same content is byte-identical). It needs a conclusion. Where the
case's region provides for 先康复后鉴定 the summary cites its article; elsewhere it says it was
printed on request (``domain.rules.appraisal``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import RehabCase, StaffUser, TreatmentSession
from desktop_app.documents.appraisal_summary import (
    KIND,
    AppraisalSummaryData,
    InstrumentLine,
    TreatmentLine,
)
from desktop_app.documents.blocks import SignatureMark
from desktop_app.domain.instruments import load_instruments
from desktop_app.domain.rules.appraisal import basis_text
from desktop_app.domain.vocabulary import (
    APPRAISAL_CONCLUSION_ZH,
    APPRAISAL_CONCLUSIONS,
    RETURN_TO_WORK_ZH,
    VOCATIONAL_GOAL_ZH,
    Action,
    zh,
)
from desktop_app.domain.vocational import goal_met
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.admin.accounts import check_password
from desktop_app.services.clinical.assessment_view import outcome_report
from desktop_app.services.core.lookup import get_case, superseded
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records.document_view import case_header, local
from desktop_app.services.records.issued_documents import IssuedPdf, Source, issue
from desktop_app.services.rules.region import case_pack

NOTE_LENGTH = 2000
MEANING = "医师结论（先康复后鉴定）"


@dataclass(frozen=True)
class ConclusionInput:
    conclusion: str  # domain.vocabulary.APPRAISAL_CONCLUSIONS
    note: str  # the physician's words: function, stability, what remains


@use_case(Action.APPRAISAL_CONCLUDE, case="case_id")
def conclude(uow: UnitOfWork, case_id: int, inp: ConclusionInput, password: str) -> None:
    """Record the physician's conclusion, confirmed with their password."""
    case = get_case(uow.session, case_id)
    errors: list[FieldError] = []
    if case.admission_date is None:
        errors.append(FieldError("病例", "病例尚未入院，不能作出鉴定前结论",
                                 "The case has not been admitted: no conclusion yet", key="case"))
    if inp.conclusion not in APPRAISAL_CONCLUSIONS:
        errors.append(FieldError("医师结论", "请选择医师结论", "Choose the conclusion", key="conclusion"))
    note = (inp.note or "").strip()
    if not note:
        errors.append(FieldError("结论说明", "请填写结论说明（功能状况、伤情是否稳定）",
                                 "Write the conclusion (function, whether the injury is stable)", key="note"))
    elif len(note) > NOTE_LENGTH:
        errors.append(FieldError("结论说明", f"结论说明不能超过 {NOTE_LENGTH} 字",
                                 f"The conclusion is over {NOTE_LENGTH} characters", key="note"))
    if uow.actor_id is None or not check_password(uow.session, uow.actor_id, password):
        errors.append(FieldError("密码", "密码不正确", "Wrong password", key="password"))
    raise_if_blocking(errors)
    case.appraisal_conclusion = inp.conclusion
    case.appraisal_note = note
    case.appraisal_physician_id = uow.actor_id
    case.appraisal_concluded_at = uow.clock.now()
    uow.session.flush()


def _treatment(session: Session, case_id: int) -> list[TreatmentLine]:
    rows = session.execute(
        select(TreatmentSession.item_name, TreatmentSession.national_code, func.sum(TreatmentSession.count),
               func.min(TreatmentSession.session_date), func.max(TreatmentSession.session_date))
        .where(TreatmentSession.case_id == case_id,
               TreatmentSession.id.not_in(superseded("treatment_session")))
        .group_by(TreatmentSession.item_name, TreatmentSession.national_code)
        .order_by(func.min(TreatmentSession.session_date), TreatmentSession.national_code))
    return [TreatmentLine(name, code, int(total or 0), first.isoformat(), last.isoformat())
            for name, code, total, first, last in rows]


def _goal_met_text(case: RehabCase) -> str:
    met = goal_met(case.vocational_goal, case.vocational_outcome)
    return "—" if met is None else ("已达成" if met else "未达成")


def summary_data(session: Session, case_id: int) -> AppraisalSummaryData:
    """The summary's content from the archive; refused without the physician's conclusion."""
    case = get_case(session, case_id)
    if case.appraisal_conclusion is None or case.appraisal_concluded_at is None:
        raise UserError("医师尚未作出鉴定前结论，不能出具先康复后鉴定总结。",
                        "The physician has not recorded the conclusion for the appraisal yet.")
    instruments = load_instruments()
    lines = []
    for line in outcome_report(session, case_id).lines:
        instrument = instruments[line.instrument_code]
        lines.append(InstrumentLine(line.instrument_code, line.instrument_name, instrument.category,
                                    line.pre_total, line.mid_total, line.post_total, line.change,
                                    line.grade_change, line.verdict_zh, not instrument.higher_is_better))
    physician = session.get(StaffUser, case.appraisal_physician_id) if case.appraisal_physician_id else None
    name = physician.display_name if physician is not None else "—"
    start = case.admission_date.isoformat() if case.admission_date else "—"
    end = case.discharge_date.isoformat() if case.discharge_date else "至今"
    region = case_pack(session, case).region
    concluded = local(case.appraisal_concluded_at)
    return AppraisalSummaryData(
        case_header(session, case), case.id, f"{start} 至 {end}", case.stage, case.setting,
        tuple(case.modes or ()), tuple(f"{d.icd_code} {d.icd_name}" for d in case.injury.diagnoses),
        tuple(_treatment(session, case_id)), tuple(lines),
        zh(VOCATIONAL_GOAL_ZH, case.vocational_goal),
        case.vocational_goal_set_on.isoformat() if case.vocational_goal_set_on else "—",
        zh(RETURN_TO_WORK_ZH, case.vocational_outcome),
        case.vocational_outcome_on.isoformat() if case.vocational_outcome_on else "—",
        case.vocational_note or "", _goal_met_text(case),
        zh(APPRAISAL_CONCLUSION_ZH, case.appraisal_conclusion), case.appraisal_note or "", name,
        concluded, basis_text(region)[0], case.appraisal_concluded_at,
        (SignatureMark(MEANING, name, concluded, "password"),))


def binder_data(session: Session, case_id: int) -> AppraisalSummaryData | None:
    """The summary the case's binder carries: once the physician has concluded, else None."""
    case = get_case(session, case_id)
    return summary_data(session, case_id) if case.appraisal_conclusion is not None else None


@use_case(Action.APPRAISAL_SUMMARY, case="case_id")
def issue_summary(uow: UnitOfWork, case_id: int) -> IssuedPdf:
    """Issue the summary (recorded in ``issued_document``, audited as ``export``)."""
    data = summary_data(uow.session, case_id)
    return issue(uow, KIND, data, Source(case_id, "rehab_case", case_id, KIND))


def check_target(path: Path) -> None:
    """The file the summary is written to: a .pdf in a folder that exists (checked first)."""
    if path.suffix.lower() != ".pdf":
        raise UserError(f"输出文件须为 .pdf：{path}", f"The output must be a .pdf file: {path}")
    if not path.parent.is_dir():
        raise UserError(f"文件夹不存在：{path.parent}", f"No such folder: {path.parent}")


@dataclass(frozen=True)
class AppraisalFacts:
    """What the 先康复后鉴定 dialog shows: the goal, the outcome, the conclusion and the
    region's basis (codes; the dialog labels them)."""

    case_number: str
    patient_name: str
    record_state: str
    vocational_goal: str | None
    vocational_goal_set_on: date | None
    vocational_outcome: str | None
    vocational_outcome_on: date | None
    vocational_note: str | None
    conclusion: str | None
    conclusion_note: str | None
    physician: str | None
    concluded_at: datetime | None
    basis_zh: str
    basis_en: str


def appraisal_facts(session: Session, case_id: int) -> AppraisalFacts:
    case = get_case(session, case_id)
    physician = session.get(StaffUser, case.appraisal_physician_id) if case.appraisal_physician_id else None
    basis_zh, basis_en = basis_text(case_pack(session, case).region)
    return AppraisalFacts(
        case.case_number, case.worker.name, case.record_state, case.vocational_goal,
        case.vocational_goal_set_on, case.vocational_outcome, case.vocational_outcome_on,
        case.vocational_note, case.appraisal_conclusion, case.appraisal_note,
        physician.display_name if physician is not None else None, case.appraisal_concluded_at,
        basis_zh, basis_en)
