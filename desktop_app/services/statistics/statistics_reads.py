"""The statistics screen's reads, as the signed-in user: the permission table decides who
may see the figures and the patients behind them (``statistics.view``: administrators and
records officers); a refusal is audited. The command line reads ``stats_view`` directly (its
user holds the database's own credentials), as ``retention_rows`` beside ``retention_report``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from desktop_app.domain.statistics.report import Filters, Period, StatisticsReport
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import UserError
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.statistics.stats_view import DrillRow, case_rows_for, statistics_report

STAGE = "statistics"  # the progress stage the screen shows
# The exports (XLSX, the annual self-evaluation report as PDF/A) come with the statistics
# service: ``write_statistics(session, period, path, made_at, filters, progress)``.
EXPORT_MODULE = "desktop_app.services.statistics.stats_export"
NO_EXPORT = UserError("本版本尚未提供统计分析的导出功能。", "This version cannot export the statistics yet.")
Progress = Callable[[str, int, int], None]


@use_case(Action.STATISTICS_VIEW, commits=False)
def report_for(uow: UnitOfWork, period: Period, filters: Filters | None = None,
               progress: Progress | None = None) -> StatisticsReport:
    """The period's report; ``progress(stage, done, total)`` as background jobs report."""
    return statistics_report(uow.session, period, filters or Filters(), _step(progress))


@use_case(Action.STATISTICS_VIEW, commits=False)
def cases_behind(uow: UnitOfWork, case_ids: tuple[int, ...]) -> list[DrillRow]:
    """The cases behind a figure (the drill-down)."""
    return case_rows_for(uow.session, case_ids)


@use_case(Action.STATISTICS_VIEW, commits=False)
def export_for(uow: UnitOfWork, period: Period, path: Path, filters: Filters | None = None,
               progress: Progress | None = None) -> StatisticsReport:
    """The period's statistics written to ``path`` (.xlsx or .pdf), whole or not at all; the
    report written. Nothing in the archive changes."""
    try:
        export = importlib.import_module(EXPORT_MODULE)
    except ModuleNotFoundError:
        raise NO_EXPORT from None
    report: StatisticsReport = export.write_statistics(uow.session, period, path, uow.clock.now(),
                                                       filters or Filters(), _step(progress))
    return report


def _step(progress: Progress | None) -> Callable[[int, int], None]:
    """The service's ``progress(done, total)`` as a background job's report."""
    def step(done: int, total: int) -> None:
        if progress is not None:
            progress(STAGE, done, total)
    return step
