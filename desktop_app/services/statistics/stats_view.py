"""The statistics report of a period (``domain.statistics.report.StatisticsReport``): every
indicator with last year's value and the cases behind it, and the cost-monitoring warnings;
and the rows of the drill-down list. Read-only: the screen runs it in a background job, the
``stats`` command and the exports call it too."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import FeeLine, Institution, RehabCase, StaffUser, Worker
from desktop_app.domain.statistics.indicators import NO_FILTERS, build_groups
from desktop_app.domain.statistics.monitoring import COST_FACTOR, warnings
from desktop_app.domain.statistics.report import Filters, Period, StatisticsReport
from desktop_app.domain.vocabulary import Role
from desktop_app.errors import UserError
from desktop_app.services.statistics.stats_rows import STAGES_READ, read_rows

COST_FACTOR_SETTING = "cost_warning_factor"  # institution.settings: e.g. 2.5 (default 2)


def cost_factor(session: Session) -> float:
    """How far above its category's median a case's cost must be to be warned about."""
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(COST_FACTOR_SETTING) if institution else None
    return float(value) if isinstance(value, int | float) and value > 1 else COST_FACTOR


def statistics_report(session: Session, period: Period, filters: Filters = NO_FILTERS,
                      progress: Callable[[int, int], None] | None = None) -> StatisticsReport:
    """Every indicator of ``period`` (and the same period last year) for the cases the filters
    keep; ``progress(done, total)`` after each stage."""
    total = STAGES_READ + 2

    def reading(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, total)
    rows = read_rows(session, period, reading)
    groups = build_groups(rows, period, filters)
    reading(STAGES_READ + 1, total)
    found = warnings(rows, period, filters, cost_factor(session))
    reading(total, total)
    return StatisticsReport(period, filters, groups, found)


def therapists(session: Session) -> list[tuple[int, str]]:
    """``(staff id, name)`` of every therapist, active or not (the statistics count the
    past), by name: the screen's therapist filter."""
    return [(i, name) for i, name in session.execute(
        select(StaffUser.id, StaffUser.display_name).where(StaffUser.role == Role.THERAPIST)
        .order_by(StaffUser.display_name, StaffUser.id))]


def therapist_filter(session: Session, username: str, filters: Filters) -> Filters:
    """``filters`` narrowed to the therapist signing in as ``username`` (the command line's
    ``--therapist``); an unknown name, or one who is not a therapist, is refused."""
    found = session.execute(select(StaffUser.id, StaffUser.display_name)
                            .where(StaffUser.username == username,
                                   StaffUser.role == Role.THERAPIST)).first()
    if found is None:
        raise UserError(f"没有用户名为 {username} 的治疗师",
                        f"There is no therapist with the user name {username}")
    return replace(filters, therapist=found[0], therapist_name=found[1])


@dataclass(frozen=True)
class DrillRow:
    """One case of the drill-down list."""

    case_id: int
    case_number: str
    name: str
    stage: str
    setting: str
    admission: date | None
    discharge: date | None
    length_of_stay: int | None  # days, at least 1; None while in treatment
    cost: Decimal  # every fee line of the case, net of reversals


def case_rows_for(session: Session, case_ids: Iterable[int]) -> list[DrillRow]:
    """The cases behind a figure, by case number (two queries whatever their number)."""
    wanted = sorted(set(case_ids))
    if not wanted:
        return []
    costs = {case_id: amount for case_id, amount in session.execute(
        select(FeeLine.case_id, func.sum(FeeLine.amount)).where(FeeLine.case_id.in_(wanted))
        .group_by(FeeLine.case_id))}
    rows = session.execute(
        select(RehabCase.id, RehabCase.case_number, Worker.name, RehabCase.stage, RehabCase.setting,
               RehabCase.admission_date, RehabCase.discharge_date)
        .join(Worker, Worker.id == RehabCase.worker_id)
        .where(RehabCase.id.in_(wanted)).order_by(RehabCase.case_number))
    out = []
    for case_id, number, name, stage, setting, admission, discharge in rows:
        stay = max(1, (discharge - admission).days) if admission and discharge else None
        cost = Decimal(str(costs.get(case_id) or 0)).quantize(Decimal("0.01"))
        out.append(DrillRow(case_id, number, name, stage, setting, admission, discharge, stay, cost))
    return out
