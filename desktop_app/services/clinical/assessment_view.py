"""What the assessment pages show: the case's assessments (latest versions), the
comparison of pre / mid / post totals per instrument, the points of the score chart and
the outcome report with its suggestion to end the course (``domain.outcome``). Plain
data, no Qt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Assessment, StaffUser
from desktop_app.domain.assessment_phase import PhaseFacts
from desktop_app.domain.instruments import load_instruments
from desktop_app.domain.outcome import (
    Measure,
    Trend,
    grade_change_text,
    suggests_ending,
    trend,
)
from desktop_app.domain.vocabulary import State
from desktop_app.services.admin.outcome_settings import minimal_difference_overrides
from desktop_app.services.core.lookup import approved_periods, get_case, superseded
from desktop_app.services.rules.region import case_basis


@dataclass(frozen=True)
class AssessmentRow:
    assessment_id: int
    phase: str  # pre / mid / post / other
    instrument_code: str
    instrument_name: str
    assessed_on: date
    total: int | None
    grade: str | None
    grading_scheme: str | None
    assessor: str
    record_state: str  # draft / signed / archived…
    conclusion: str
    item_values: Mapping[str, object]

    @property
    def signed(self) -> bool:
        return self.record_state != State.DRAFT


@dataclass(frozen=True)
class ScoreSeries:
    """One line of the chart: an instrument's totals by date."""

    instrument_code: str
    label: str
    points: tuple[tuple[date, int], ...]


@dataclass(frozen=True)
class OutcomeLine:
    """One instrument in the comparison and the outcome report."""

    instrument_code: str
    instrument_name: str
    pre_total: int | None  # the first pre assessment (the baseline)
    mid_total: int | None  # the latest mid assessment
    post_total: int | None  # the latest post assessment
    latest_total: int | None
    change: int | None  # latest − baseline
    grade_change: str
    verdict_zh: str
    verdict_en: str
    conclusion: str  # the assessor's words on the latest assessment
    judged: bool
    no_further_benefit: bool
    count: int


@dataclass(frozen=True)
class OutcomeReport:
    lines: tuple[OutcomeLine, ...]
    series: tuple[ScoreSeries, ...]
    suggest_end: bool
    suggestion_zh: str
    suggestion_en: str


def instrument_name(code: str) -> str:
    instrument = load_instruments().get(code)
    return instrument.name_zh if instrument is not None else code


def assessment_rows(session: Session, case_id: int) -> list[AssessmentRow]:
    """The case's assessments in the order assessed; corrected ones by their latest version."""
    rows = session.execute(
        select(Assessment, StaffUser.display_name)
        .join(StaffUser, StaffUser.id == Assessment.assessor_id)
        .where(Assessment.case_id == case_id, Assessment.id.not_in(superseded("assessment")))
        .order_by(Assessment.assessed_on, Assessment.id)).all()
    return [AssessmentRow(a.id, a.phase, a.instrument_code, instrument_name(a.instrument_code),
                          a.assessed_on, a.total, a.grade, a.grading_scheme, assessor,
                          a.record_state, a.conclusion or "", dict(a.item_values or {}))
            for a, assessor in rows]


def _phase_total(rows: list[AssessmentRow], phase: str, first: bool) -> int | None:
    of_phase = [r for r in rows if r.phase == phase and r.total is not None]
    if not of_phase:
        return None
    return (of_phase[0] if first else of_phase[-1]).total


def _line(code: str, rows: list[AssessmentRow], result: Trend) -> OutcomeLine:
    return OutcomeLine(
        code, rows[0].instrument_name, _phase_total(rows, "pre", True),
        _phase_total(rows, "mid", False), _phase_total(rows, "post", False), rows[-1].total,
        result.change, grade_change_text(result.baseline, result.latest), result.verdict_zh,
        result.verdict_en, rows[-1].conclusion, result.judged, result.no_further_benefit, len(rows))


def outcome_report(session: Session, case_id: int) -> OutcomeReport:
    """Per instrument (in the order first assessed): the comparison, the verdict, the chart."""
    instruments = load_instruments()
    overrides = minimal_difference_overrides(session)
    by_code: dict[str, list[AssessmentRow]] = {}
    for row in assessment_rows(session, case_id):
        by_code.setdefault(row.instrument_code, []).append(row)
    lines, series, trends = [], [], []
    for code, rows in by_code.items():
        instrument = instruments.get(code)
        if instrument is None:
            continue
        history = [Measure(r.assessed_on, r.phase, r.total, r.grade, r.grading_scheme) for r in rows]
        result = trend(instrument, history, overrides)
        trends.append(result)
        lines.append(_line(code, rows, result))
        points = tuple((r.assessed_on, r.total) for r in rows if r.total is not None)
        if points:
            series.append(ScoreSeries(code, f"{code} {instrument.name_zh}", points))
    end = suggests_ending(trends)
    zh = en = ""
    if end:
        basis_zh, basis_en = case_basis(session, get_case(session, case_id),
                                        "end_no_benefit")["end_no_benefit"]
        zh = (f"最近的评估显示无进一步康复治疗效果，建议按程序结束康复治疗"
              f"（{basis_zh}）。由医师决定。")
        en = ("The latest assessments show no further benefit: consider ending the course by "
              f"procedure ({basis_en}). The physician decides.")
    return OutcomeReport(tuple(lines), tuple(series), end, zh, en)


@dataclass(frozen=True)
class AssessmentPage:
    """The assessments page: the rows and what decides the phase a new form is due in."""

    rows: list[AssessmentRow]
    facts: PhaseFacts


def assessment_page(session: Session, case_id: int) -> AssessmentPage:
    case = get_case(session, case_id)
    periods = approved_periods(session, case_id)
    facts = PhaseFacts(case.admission_date, max((end for _start, end in periods), default=None),
                       case.course_ended_on, case.discharge_date)
    return AssessmentPage(assessment_rows(session, case_id), facts)
