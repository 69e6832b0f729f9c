"""The inputs of the value report's and the notice's PDFs, read from the archive: a signed
version of the value report (``documents/value_assessment``, with version, physician and
signature) and a course notice (``documents/notice``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import CourseNotice, RehabCase, ValueReport
from desktop_app.documents.notice import NoticeData
from desktop_app.documents.value_assessment import ValueAssessmentData
from desktop_app.domain.reference import injury_categories
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import UserError
from desktop_app.services.clinical import notice as notices
from desktop_app.services.clinical.value_report import ValueReportRow, value_reports
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records.document_view import case_header, marks, signatures_by_record
from desktop_app.services.records.issued_documents import IssuedPdf, Source, issue
from desktop_app.services.rules.region import case_basis


def value_report_data(session: Session, case_id: int, report: ValueReportRow) -> ValueAssessmentData:
    """One version of the value report as its document prints it."""
    case = get_case(session, case_id)
    injury = case.injury
    categories = {c.code: c.name_zh for c in injury_categories()}
    signatures = signatures_by_record(session, "value_report", [report.report_id])[report.report_id]
    carried = ""
    if report.carried_from_id is not None:
        earlier = session.get(ValueReport, report.carried_from_id)
        if earlier is not None:
            number = session.scalar(select(RehabCase.case_number).where(RehabCase.id == earlier.case_id))
            carried = f"{number} 第 {earlier.version_no} 版"
    row = session.get(ValueReport, report.report_id)
    assert row is not None
    return ValueAssessmentData(
        case_header(session, case),
        case.id,
        report.assessed_on.isoformat(),
        report.stage,
        report.setting or case.setting,
        report.modes,
        categories.get(injury.disease_category, injury.disease_category or ""),
        tuple(injury.injured_body_parts or ()),
        tuple(f"{d.icd_code} {d.icd_name}" for d in injury.diagnoses),
        report.assessment,
        report.recommendation,
        signatures[-1].signed_at if signatures else row.created_at,
        case_basis(session, case, "value_assessment")["value_assessment"][0],
        version_no=report.version_no,
        conclusion=report.conclusion,
        intended_days=report.intended_days,
        goals=report.goals or "",
        physician=report.physician,
        state=report.record_state,
        carried_from=carried,
        signatures=tuple(marks(session, signatures)),
    )


def signed_value_documents(
    session: Session, case_id: int, *, every_version: bool
) -> list[tuple[int, ValueAssessmentData]]:
    """``(report id, input)`` of the latest signed version, or of every signed version."""
    signed = [r for r in value_reports(session, case_id) if r.signed]
    chosen = signed if every_version else signed[-1:]
    return [(r.report_id, value_report_data(session, case_id, r)) for r in chosen]


def notice_data(session: Session, case_id: int, notice_id: int) -> NoticeData:
    case = get_case(session, case_id)
    found = [n for n in notices.notices(session, case_id) if n.notice_id == notice_id]
    if not found:
        raise UserError(f"本病例没有编号为 {notice_id} 的书面通知。", f"The case has no notice #{notice_id}.")
    n = found[0]
    signatures = signatures_by_record(session, "course_notice", [notice_id])[notice_id]
    row = session.get(CourseNotice, notice_id)
    assert row is not None
    return NoticeData(
        case_header(session, case),
        n.notice_id,
        n.issued_on.isoformat(),
        n.reason,
        n.facts,
        n.consequence,
        n.basis,
        n.issued_by,
        n.delivery,
        n.acknowledgement,
        n.delivery_note or "",
        n.record_state,
        signatures[-1].signed_at if signatures else row.created_at,
        tuple(marks(session, signatures)),
    )


def signed_notice_documents(session: Session, case_id: int) -> list[tuple[int, NoticeData]]:
    return [
        (n.notice_id, notice_data(session, case_id, n.notice_id))
        for n in notices.notices(session, case_id)
        if n.signed
    ]


@use_case(Action.CASE_OPEN, case="case_id")
def print_value_report(uow: UnitOfWork, case_id: int, report_id: int | None = None) -> IssuedPdf:
    """A version of the value report as PDF/A, issued (anchored, audited as an export): the
    one named, else the latest signed one. A draft prints too, marked unsigned."""
    session = uow.session
    rows = value_reports(session, case_id)
    chosen = (
        [r for r in rows if r.report_id == report_id]
        if report_id is not None
        else [r for r in rows if r.signed][-1:]
    )
    if not chosen:
        raise UserError(
            "本病例没有可打印的康复价值评估报告（须先撰写并签署）。",
            "The case has no value report to print (write and sign one first).",
        )
    data = value_report_data(session, case_id, chosen[0])
    return issue(uow, "value_assessment", data, Source(case_id, "value_report", chosen[0].report_id))


@use_case(Action.CASE_OPEN, case="case_id")
def print_notice(uow: UnitOfWork, case_id: int, notice_id: int) -> IssuedPdf:
    """The written notice as PDF/A, issued (anchored, audited as an export)."""
    data = notice_data(uow.session, case_id, notice_id)
    return issue(uow, "notice", data, Source(case_id, "course_notice", notice_id))
