"""The statistics screen's reads, as the signed-in user: the permission table decides who
may see the figures and the patients behind them (``statistics.view``: administrators and
records officers); a refusal is audited. The command line prints the figures from
``stats_view`` directly (its user holds the database's own credentials), as ``retention_rows``
beside ``retention_report``; files, which name patients, are written by the audited use case
``stats_export.export_statistics`` from both.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.domain.statistics.report import Filters, Period, StatisticsReport
from desktop_app.domain.vocabulary import Action
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.statistics.stats_view import (
    DrillRow,
    case_rows_for,
    statistics_report,
    therapists,
)

STAGE = "statistics"  # the progress stage the screen shows
Progress = Callable[[str, int, int], None]


@use_case(Action.STATISTICS_VIEW, commits=False)
def report_for(uow: UnitOfWork, period: Period, filters: Filters | None = None,
               progress: Progress | None = None) -> StatisticsReport:
    """The period's report; ``progress(stage, done, total)`` as background jobs report."""
    return statistics_report(uow.session, period, filters or Filters(), job_steps(progress))


@use_case(Action.STATISTICS_VIEW, commits=False)
def therapists_for(uow: UnitOfWork) -> list[tuple[int, str]]:
    """The therapists the screen's filter offers."""
    return therapists(uow.session)


@use_case(Action.STATISTICS_VIEW, commits=False)
def cases_behind(uow: UnitOfWork, case_ids: tuple[int, ...]) -> list[DrillRow]:
    """The cases behind a figure (the drill-down)."""
    return case_rows_for(uow.session, case_ids)


def job_steps(progress: Progress | None) -> Callable[[int, int], None]:
    """The service's ``progress(done, total)`` as a background job's report."""
    def step(done: int, total: int) -> None:
        if progress is not None:
            progress(STAGE, done, total)
    return step
