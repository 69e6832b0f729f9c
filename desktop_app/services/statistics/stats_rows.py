"""The plain rows a statistics report counts, read with a few set-based queries (one per
kind of row, joins and aggregates; never a query per case), for a period and the same period
a year before (``domain.statistics.rows``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Integer, String, and_, cast, func, not_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.db.models import (
    Approval,
    Assessment,
    CatalogueItem,
    ClaimAnswer,
    FeeLine,
    Injury,
    Prescription,
    RehabCase,
    Signature,
    SignatureItem,
    StaffUser,
    TreatmentSession,
)
from desktop_app.domain.instruments import load_instruments
from desktop_app.domain.outcome import minimal_difference
from desktop_app.domain.rules.packs import NATIONAL
from desktop_app.domain.signature_timing import CORRECTION_MEANINGS
from desktop_app.domain.statistics.indicators import READMISSION_DAYS
from desktop_app.domain.statistics.report import Period
from desktop_app.domain.statistics.rows import (
    AssessmentRow,
    CaseRow,
    ClaimAnswerRow,
    CostRow,
    DailyCountRow,
    LimitRow,
    SessionRow,
    SignatureDelayRow,
    StatsRows,
    WorkDayRow,
)
from desktop_app.domain.vocabulary import PATIENT_SIDE, SignerKind
from desktop_app.services.admin.outcome_settings import minimal_difference_overrides
from desktop_app.services.clinical.follow_up_view import latest_return_to_work
from desktop_app.services.core.lookup import superseded
from desktop_app.services.integrity.signature_timing import signature_limits

CENT = Decimal("0.01")
STAGES_READ = 7  # progress steps of read_rows


def return_to_work_status(session: Session, case_ids: Iterable[int]) -> dict[int, str]:
    """The latest known work status of each case that has one: its latest follow-up's, else
    the one recorded at discharge — the one place the statistics ask."""
    return latest_return_to_work(session, case_ids)


def _money(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def china_day(session: Session, column: Any) -> ColumnElement[Any]:
    """The China-local day of a UTC timestamp column, in SQL (UTC+8, no summer time)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("Asia/Shanghai", column), Date)
    return func.date(column, "+8 hours")


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


Windows = tuple[tuple[date, date], ...]  # the period and the same period last year


def within(column: Any, windows: Windows) -> ColumnElement[bool]:
    """The column's date falls in one of the windows (each on the column's index)."""
    return or_(*(column.between(a, b) for a, b in windows))


def read_rows(session: Session, period: Period,
              progress: Callable[[int, int], None] | None = None) -> StatsRows:
    """The rows of ``period`` and of the same period a year before."""
    before = period.last_year()
    windows: Windows = ((before.start, before.end), (period.start, period.end))
    first, last = before.start, period.end
    step = _stepper(progress)
    cases = _cases(session, first, last)
    step()
    sessions = _sessions(session, windows)
    work_days = _work_days(session, windows)
    daily_counts = _daily_counts(session, windows)
    step()
    limits = _limits(session, windows)
    step()
    gone = [c.case_id for c in cases if c.discharge is not None
            and any(a <= c.discharge <= b for a, b in windows)]
    costs = _costs(session, windows, gone)
    step()
    assessments = _assessments(session, gone)
    step()
    answers = [ClaimAnswerRow(case_id, claim_id, kind, day, _money(amount) if amount is not None else None)
               for case_id, claim_id, kind, day, amount in session.execute(
                   select(ClaimAnswer.case_id, ClaimAnswer.claim_id, ClaimAnswer.kind, ClaimAnswer.on_date,
                          ClaimAnswer.amount).where(within(ClaimAnswer.on_date, windows)))]
    step()
    signatures = _signatures(session, windows)
    step()
    overrides = minimal_difference_overrides(session)
    minimal = {code: m for code, instrument in load_instruments().items()
               if (m := minimal_difference(instrument, overrides)) is not None}
    lower = frozenset(code for code, instrument in load_instruments().items()
                      if not instrument.higher_is_better)
    return StatsRows(cases, sessions, work_days, daily_counts, limits, costs, assessments, answers,
                     signatures, minimal, lower)


def _stepper(progress: Callable[[int, int], None] | None) -> Callable[[], None]:
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], STAGES_READ)
    return step


def _cases(session: Session, first: date, last: date) -> list[CaseRow]:
    """Cases admitted up to the end of the window (and the 90 days after, for readmissions)
    and not discharged before it begins."""
    extensions = (select(Approval.case_id, func.count().label("n"))
                  .where(Approval.kind == "extension", Approval.id.not_in(superseded("approval")))
                  .group_by(Approval.case_id).subquery())
    rows = session.execute(
        select(RehabCase.id, RehabCase.case_number, RehabCase.worker_id, RehabCase.stage,
               RehabCase.setting, Injury.disease_category, RehabCase.policy_pack,
               RehabCase.admission_date, RehabCase.discharge_date, RehabCase.end_reason,
               func.coalesce(extensions.c.n, 0), RehabCase.previous_case_id, RehabCase.vocational_goal)
        .join(Injury, Injury.id == RehabCase.injury_id)
        .outerjoin(extensions, extensions.c.case_id == RehabCase.id)
        .where(RehabCase.admission_date.is_not(None),
               RehabCase.admission_date <= last + timedelta(days=READMISSION_DAYS),
               or_(RehabCase.discharge_date.is_(None), RehabCase.discharge_date >= first))).all()
    status = return_to_work_status(session, (r[0] for r in rows))
    return [CaseRow(case_id, number, worker, stage, setting, category,
                    (pack or NATIONAL).split("/")[0], admission, discharge, end_reason,
                    status.get(case_id), int(extended), previous, goal)
            for case_id, number, worker, stage, setting, category, pack, admission, discharge,
            end_reason, extended, previous, goal in rows]


def _current_sessions(windows: Windows) -> list[ColumnElement[bool]]:
    return [within(TreatmentSession.session_date, windows),
            TreatmentSession.id.not_in(superseded("treatment_session"))]


def _sessions(session: Session, windows: Windows) -> list[SessionRow]:
    """Current sessions of the window by case, therapist and month."""
    year = func.extract("year", TreatmentSession.session_date)
    month = func.extract("month", TreatmentSession.session_date)
    rows = session.execute(
        select(TreatmentSession.case_id, TreatmentSession.therapist_id, StaffUser.display_name, year,
               month, func.count(), func.sum(TreatmentSession.count))
        .join(StaffUser, StaffUser.id == TreatmentSession.therapist_id)
        .where(*_current_sessions(windows))
        .group_by(TreatmentSession.case_id, TreatmentSession.therapist_id, StaffUser.display_name, year,
                  month))
    return [SessionRow(case_id, therapist, name, int(y), int(m), int(n), int(units or 0))
            for case_id, therapist, name, y, m, n, units in rows]


def _work_days(session: Session, windows: Windows) -> list[WorkDayRow]:
    """The days each therapist worked, by the stage, setting and category of the cases."""
    rows = session.execute(
        select(TreatmentSession.therapist_id, TreatmentSession.session_date, RehabCase.stage,
               RehabCase.setting, Injury.disease_category, func.count())
        .join(RehabCase, RehabCase.id == TreatmentSession.case_id)
        .join(Injury, Injury.id == RehabCase.injury_id)
        .where(*_current_sessions(windows))
        .group_by(TreatmentSession.therapist_id, TreatmentSession.session_date, RehabCase.stage,
                  RehabCase.setting, Injury.disease_category))
    return [WorkDayRow(therapist, _as_date(day), stage, setting, category, int(n))
            for therapist, day, stage, setting, category, n in rows]


def _daily_counts(session: Session, windows: Windows) -> list[DailyCountRow]:
    """An item's units on one day of a case above the daily count of the catalogue item
    prescribed (the gate's ``max_per_day``); ``domain.rules.limits.judge`` decides."""
    units = func.sum(TreatmentSession.count)
    rows = session.execute(
        select(TreatmentSession.case_id, TreatmentSession.session_date, TreatmentSession.national_code,
               units, CatalogueItem.max_per_day)
        .join(Prescription, Prescription.id == TreatmentSession.prescription_id)
        .join(CatalogueItem, CatalogueItem.id == Prescription.catalogue_item_id)
        .where(*_current_sessions(windows), CatalogueItem.max_per_day.is_not(None))
        .group_by(TreatmentSession.case_id, TreatmentSession.session_date, TreatmentSession.national_code,
                  CatalogueItem.max_per_day)
        .having(units > CatalogueItem.max_per_day))
    return [DailyCountRow(case_id, _as_date(day), code, int(n), int(most or 0))
            for case_id, day, code, n, most in rows]


def _limits(session: Session, windows: Windows) -> list[LimitRow]:
    """Sessions of the window on which recording found a limit broken."""
    flags_text = cast(TreatmentSession.limit_flags, String)
    rows = session.execute(
        select(TreatmentSession.id, TreatmentSession.case_id, TreatmentSession.session_date,
               TreatmentSession.limit_flags, TreatmentSession.over_approved_count)
        .where(*_current_sessions(windows),
               or_(and_(TreatmentSession.limit_flags.is_not(None), flags_text.not_in(["[]", "null"])),
                   TreatmentSession.over_approved_count.is_(True))))
    out = []
    for session_id, case_id, day, flags, over in rows:
        found = set(flags or ())
        if over:
            found.add("over_approved_count")
        out += [LimitRow(case_id, session_id, _as_date(day), flag) for flag in sorted(found)]
    return out


def _costs(session: Session, windows: Windows, discharged: list[int]) -> list[CostRow]:
    """Fee lines by case, month, category and payer: those dated in the window (the date's
    index), and the other lines of the cases discharged in it (the case's index), for their
    cost per case."""
    year = func.extract("year", FeeLine.occurred_on)
    month = func.extract("month", FeeLine.occurred_on)
    columns = (FeeLine.case_id, year, month, FeeLine.category, FeeLine.coverage,
               func.sum(FeeLine.amount), func.count())
    grouping = (FeeLine.case_id, year, month, FeeLine.category, FeeLine.coverage)
    queries = [select(*columns).where(within(FeeLine.occurred_on, windows)).group_by(*grouping)]
    if discharged:
        queries.append(select(*columns).where(
            FeeLine.case_id.in_(discharged), not_(within(FeeLine.occurred_on, windows)))
            .group_by(*grouping))
    return [CostRow(case_id, int(y), int(m), category, payer, _money(amount), int(n))
            for query in queries for case_id, y, m, category, payer, amount, n in session.execute(query)]


def _assessments(session: Session, case_ids: list[int]) -> list[AssessmentRow]:
    if not case_ids:
        return []
    return [AssessmentRow(case_id, id_, code, phase, day, total) for id_, case_id, code, phase, day, total
            in session.execute(
                select(Assessment.id, Assessment.case_id, Assessment.instrument_code, Assessment.phase,
                       Assessment.assessed_on, Assessment.total)
                .where(Assessment.case_id.in_(case_ids), Assessment.total.is_not(None),
                       Assessment.id.not_in(superseded("assessment"))))]


def day_difference(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Whole days from one date expression to another, in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        return later - earlier
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def _signatures(session: Session, windows: Windows) -> list[SignatureDelayRow]:
    """Signatures on the window's sessions (event: the session's end) and assessments (event:
    the assessment day), counted per case, side, month of the event, delay in China calendar
    days and whether signed after the discharge, as ``domain.signature_timing`` times them;
    corrections are left out."""
    limits = signature_limits(session)
    signed_day = china_day(session, Signature.signed_at)
    staff = (Signature.signer_kind == SignerKind.STAFF).label("staff")
    after = (signed_day > func.coalesce(RehabCase.discharge_date, date(9999, 12, 31))).label("after")
    sides = [str(k) for k in (SignerKind.STAFF, *PATIENT_SIDE)]
    out: list[SignatureDelayRow] = []
    for record_type, model, event_day, day_column in (
            ("treatment_session", TreatmentSession, china_day(session, TreatmentSession.ended_at),
             TreatmentSession.session_date),
            ("assessment", Assessment, Assessment.assessed_on, Assessment.assessed_on)):
        delay = day_difference(session, signed_day, event_day).label("delay")
        year, month = func.extract("year", day_column), func.extract("month", day_column)
        rows = session.execute(
            select(model.case_id, staff, year, month, delay, after, func.count())
            .select_from(SignatureItem)
            .join(Signature, Signature.id == SignatureItem.signature_id)
            .join(model, model.id == SignatureItem.record_id)
            .join(RehabCase, RehabCase.id == model.case_id)
            .where(SignatureItem.record_type == record_type,
                   # The window twice, on purpose: SQLite drives the signatures from the IN
                   # list (the date index); PostgreSQL, given only the IN, hashed it against a
                   # scan of every session, and plans well from the joined row's date.
                   SignatureItem.record_id.in_(select(model.id).where(within(day_column, windows))),
                   within(day_column, windows),
                   Signature.signer_kind.in_(sides), Signature.meaning.not_in(CORRECTION_MEANINGS),
                   model.id.not_in(superseded(record_type)))
            .group_by(model.case_id, staff, year, month, delay, after))
        for case_id, is_staff, y, m, days, signed_after, n in rows:
            late = int(days) > limits.for_side(bool(is_staff)) or bool(signed_after)
            out.append(SignatureDelayRow(case_id, date(int(y), int(m), 1), bool(is_staff), int(days), late,
                                         int(n)))
    return out
