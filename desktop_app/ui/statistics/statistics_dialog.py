"""统计分析 The statistics screen (issue 18), for administrators and records officers: a
year, a quarter or a month and filters (stage, setting, disease category); a table of the
report's figures with the same period last year and the change; the charts of the selected
figure's group (trend, distribution, comparison with last year); a double-click on a figure
lists the cases behind it (``DrillDownDialog``), where opening one shows its workspace.

The report is computed off the UI thread (``BackgroundJob``) with progress and Cancel;
changing the period or a filter while it runs stops it and starts again. It is read as the
signed-in user (``services/statistics/statistics_reads``: the permission table decides).
The main window imports this module only when the screen is opened (start-up stays as it
was; ``tests/ui/test_statistics_screen.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.documents.money import yuan
from desktop_app.domain.reference import injury_categories
from desktop_app.domain.statistics.report import Figure, Filters, Group, Period, Series, StatisticsReport
from desktop_app.domain.vocabulary import SETTINGS, STAGES
from desktop_app.errors import AppError
from desktop_app.services.core.progress import Progress
from desktop_app.services.statistics import statistics_reads
from desktop_app.services.statistics.stats_view import DrillRow
from desktop_app.ui.kit.background import BackgroundJob
from desktop_app.ui.kit.forms import fit_columns, record_table, selected_index
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.labels import SETTING, STAGE
from desktop_app.ui.kit.messages import show_error
from desktop_app.ui.kit.runner import Runner, failed
from desktop_app.ui.statistics.charts import StatisticsChart, chart_title, number

HEADERS = (QT_TR_NOOP("指标组"), QT_TR_NOOP("指标"), QT_TR_NOOP("本期"), QT_TR_NOOP("去年同期"),
           QT_TR_NOOP("变化"), QT_TR_NOOP("病例数"))
VALUE_COLUMNS = (2, 3, 4, 5)
LABEL_CHARS = {0: 10, 1: 24}  # column → the most average characters shown of a name
DRILL_HEADERS = (QT_TR_NOOP("病例号"), QT_TR_NOOP("患者"), QT_TR_NOOP("分期"), QT_TR_NOOP("服务方式"),
                 QT_TR_NOOP("入院日期"), QT_TR_NOOP("出院日期"), QT_TR_NOOP("住院日"),
                 QT_TR_NOOP("费用（元）"))
WARNINGS = QT_TR_NOOP("费用监测预警")
WHOLE_YEAR, QUARTER, MONTH = "year", "quarter", "month"
YEARS_BACK = 30  # the archive keeps 30 years
UP, DOWN = QColor("#1b5e20"), QColor("#b3261e")


def figure_value(figure: Figure, value: object) -> str:
    """A figure's value with its unit: money with thousands and fen, counts with thousands."""
    if value is None:
        return "—"
    assert isinstance(value, int | float | Decimal)
    unit = pick(figure.unit_zh, figure.unit_en)
    text = yuan(Decimal(value)) if figure.unit_zh == "元" else number(float(value))
    return f"{text} {unit}".strip()


def change_text(figure: Figure) -> str:
    """This period against last year: the difference, and the percentage where it means one."""
    if figure.value is None or figure.last_year is None:
        return "—"
    now, before = Decimal(str(figure.value)), Decimal(str(figure.last_year))
    difference = now - before
    sign = "+" if difference > 0 else ""
    text = (f"{sign}{yuan(difference)}" if figure.unit_zh == "元"
            else f"{sign}{number(float(difference))}")
    if before != 0 and figure.unit_zh != "%":
        percent = f"{sign}{float(difference / before * 100):.1f}%"
        text += pick(f"（{percent}）", f" ({percent})")
    return text


def period_label(period: Period) -> str:
    return pick(period.label_zh, period.label_en)


class StatisticsDialog(QDialog):
    """``case_requested(case_id)``: open that case (a drill-down's double-click)."""

    case_requested = Signal(int)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle(tr("统计分析"))
        self.resize(1180, 620)  # fits a 1280×720 screen with its taskbar
        self.report: StatisticsReport | None = None
        self.rows: list[tuple[Group | None, Figure]] = []  # the table's rows (None: a warning)
        self.job: BackgroundJob | None = None
        self._again = False  # the period or a filter changed while a report was computed
        self.drill: DrillDownDialog | None = None
        self._on_done: Callable[[StatisticsReport], None] = self._computed
        self._export_path = Path()
        self.exported: Path | None = None  # the file the last export wrote
        today = runner.clock.today()

        self.year = QComboBox()
        self.year.setObjectName("statisticsYear")
        for year in range(today.year, today.year - YEARS_BACK, -1):
            self.year.addItem(str(year), year)
        self.span = QComboBox()
        self.span.setObjectName("statisticsPeriod")
        self.span.addItem(tr("全年"), (WHOLE_YEAR, None))
        for quarter in range(1, 5):
            self.span.addItem(tr("第{n}季度").format(n=quarter), (QUARTER, quarter))
        for month in range(1, 13):
            self.span.addItem(tr("{n}月").format(n=month), (MONTH, month))
        self.stage = self._choice(tr("全部分期"), [(code, tr(STAGE[code])) for code in STAGES])
        self.setting = self._choice(tr("全部服务方式"), [(code, tr(SETTING[code])) for code in SETTINGS])
        self.category = self._choice(tr("全部疾病类别"), [(kind.code, f"{kind.code} {kind.name_zh}")
                                                          for kind in injury_categories()])
        offered = runner.run(statistics_reads.therapists_for)
        self.therapist = self._choice(tr("全部治疗师"), [] if isinstance(offered, AppError) else offered)
        self.therapist.setObjectName("statisticsTherapist")
        for box in (self.year, self.span, self.stage, self.setting, self.category, self.therapist):
            box.currentIndexChanged.connect(self._choice_changed)

        self.table = record_table(tuple(headers(HEADERS)), (80, 120, 90, 90, 110, 48))
        self.table.setObjectName("statisticsTable")
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.activated.connect(self._activated)
        self.chart_choice = QComboBox()
        self.chart_choice.setObjectName("statisticsChartChoice")
        self.chart_choice.currentIndexChanged.connect(self._show_chart)
        self.chart = StatisticsChart()
        self.hint = QLabel(tr("双击指标查看其病例"))
        self.hint.setStyleSheet("color: #5f6368;")

        self.stage_label = QLabel()
        self.stage_label.setObjectName("statisticsStage")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.xlsx_button = QPushButton(tr("导出 Excel…"))
        self.xlsx_button.clicked.connect(lambda: self.choose_export("xlsx"))
        self.pdf_button = QPushButton(tr("导出 PDF…"))
        self.pdf_button.clicked.connect(lambda: self.choose_export("pdf"))
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.close)

        choices = QHBoxLayout()
        for label, box in ((tr("年份"), self.year), (tr("期间"), self.span), (tr("分期"), self.stage),
                           (tr("服务方式"), self.setting), (tr("疾病类别"), self.category),
                           (tr("治疗师"), self.therapist)):
            choices.addWidget(QLabel(label))
            choices.addWidget(box)
        choices.addStretch()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.hint)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        chart_row = QHBoxLayout()
        chart_row.addWidget(QLabel(tr("图表")))
        chart_row.addWidget(self.chart_choice, 1)
        right_layout.addLayout(chart_row)
        right_layout.addWidget(self.chart, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stage_label, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.category, self.therapist)
        self.setTabOrder(self.therapist, self.table)
        self.setTabOrder(self.table, self.chart_choice)
        self._enable()
        self.reload()

    @staticmethod
    def _choice(everything: str, items: Sequence[tuple[object, str]]) -> QComboBox:
        box = QComboBox()
        box.addItem(everything, None)
        for code, label in items:
            box.addItem(label, code)
        return box

    # ----------------------------------------------------------------- choosing

    @property
    def period(self) -> Period:
        kind, n = self.span.currentData()
        year = int(self.year.currentData())
        return Period(year, quarter=n if kind == QUARTER else None, month=n if kind == MONTH else None)

    @property
    def filters(self) -> Filters:
        therapist = self.therapist.currentData()
        return Filters(self.stage.currentData(), self.setting.currentData(), self.category.currentData(),
                       therapist, self.therapist.currentText() if therapist is not None else None)

    def choose_period(self, year: int, quarter: int | None = None, month: int | None = None) -> None:
        """Select a period as a person would in the two lists (tests, and the main window)."""
        self.year.blockSignals(True)
        self.year.setCurrentIndex(self.year.findData(year))
        self.year.blockSignals(False)
        wanted = (QUARTER, quarter) if quarter else (MONTH, month) if month else (WHOLE_YEAR, None)
        index = next(i for i in range(self.span.count()) if self.span.itemData(i) == wanted)
        if index == self.span.currentIndex():
            self._choice_changed()
        else:
            self.span.setCurrentIndex(index)

    @Slot()
    def _choice_changed(self) -> None:
        if self.running:
            self._again = True  # computed again once the running one has stopped
            assert self.job is not None
            self.job.cancel()
            return
        self.reload()

    # ----------------------------------------------------------------- the job

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.isRunning()

    @Slot()
    def reload(self) -> BackgroundJob | None:
        """Compute the chosen period's report off the UI thread."""
        if self.running:
            return None
        period, filters = self.period, self.filters
        self._again = False
        work: Callable[[Progress], StatisticsReport] = self._runner.progress_job(
            statistics_reads.report_for, period, filters)
        return self._start(work, self._computed, tr("正在统计 {period}…").format(period=period_label(period)))

    def _start(self, work: Callable[[Progress], StatisticsReport], done: Callable[[StatisticsReport], None],
               text: str) -> BackgroundJob:
        """Run ``work``; ``done`` gets its report. The job's signals go to this dialog's slots
        (queued to the UI thread), never to a bare callable, which would run in the worker."""
        job = BackgroundJob(work, self)
        self.job, self._on_done = job, done
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        job.finished.connect(self._finished)
        self.stage_label.setText(text)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        job.start()
        self._enable()
        return job

    @Slot(object)
    def _succeeded(self, report: StatisticsReport) -> None:
        self._on_done(report)

    @Slot(str, int, int)
    def _progressed(self, _stage: str, done: int, total: int) -> None:
        if self.job is None or self.job.cancel_requested:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))

    @Slot(object)
    def _computed(self, report: StatisticsReport) -> None:
        self.report = report
        self.rows = [(group, figure) for group in report.groups for figure in group.figures]
        self.rows += [(None, warning) for warning in report.warnings]
        self.table.setRowCount(len(self.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        previous: str | None = None
        for row, (group, figure) in enumerate(self.rows):
            name = pick(group.label_zh, group.label_en) if group is not None else tr(WARNINGS)
            texts = ("" if name == previous else name, pick(figure.label_zh, figure.label_en),
                     figure_value(figure, figure.value), figure_value(figure, figure.last_year),
                     change_text(figure), number(len(figure.case_ids)))
            previous = name
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column in VALUE_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 0:
                    item.setFont(bold)
                if column in LABEL_CHARS:
                    item.setToolTip(text)
                if column == 4 and text.startswith(("+", "-")):
                    item.setForeground(UP if text.startswith("+") else DOWN)
                self.table.setItem(row, column, item)
        fit_columns(self.table, range(len(HEADERS) - 1))
        self._clamp_labels()
        self._place_table()
        self.stage_label.setText(tr("{period}　{count} 项指标").format(
            period=period_label(report.period), count=len(self.rows)))
        if self.rows:
            self.table.selectRow(0)
        else:
            self._fill_charts(None)

    def _clamp_labels(self) -> None:
        """The group and figure names at most ``LABEL_CHARS`` wide (a long one is elided, whole
        in its tooltip), so the numbers and the chart keep their room."""
        average = self.table.fontMetrics().averageCharWidth()
        for column, chars in LABEL_CHARS.items():
            widest = max(self.table.horizontalHeader().sectionSizeHint(column), chars * average)
            if self.table.columnWidth(column) > widest:
                self.table.setColumnWidth(column, widest)

    def table_width(self) -> int:
        """The figures' pane wide enough for every column (and a vertical scroll bar)."""
        table = self.table
        header = table.horizontalHeader()
        last = len(HEADERS) - 1
        columns = sum(table.columnWidth(c) for c in range(last))
        last_width = max(table.sizeHintForColumn(last), header.sectionSizeHint(last))
        scroll_bar = max(table.verticalScrollBar().sizeHint().width(),
                         table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, table))
        return columns + last_width + 2 * table.frameWidth() + scroll_bar + 6

    def _place_table(self) -> None:
        """The figures whole, the chart the rest (never less than 30 % of the width)."""
        total = sum(self.splitter.sizes())
        wanted = min(self.table_width(), total * 7 // 10)
        if self.splitter.sizes()[0] < wanted:
            self.splitter.setSizes([wanted, total - wanted])

    @Slot(object)
    def _failed(self, error: AppError) -> None:
        self.stage_label.setText(pick(error.zh, error.en))
        show_error(self, error)

    @Slot()
    def _cancelled(self) -> None:
        self.stage_label.setText(tr("已停止"))

    @Slot()
    def _finished(self) -> None:
        job = self.job
        if job is not None:
            job.wait()  # finished is emitted just before the thread ends: let it end first
        self.job = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0 if job is not None and job.cancel_requested else 1)
        self.cancel_button.setEnabled(False)
        self._enable()
        if self._again:
            self.reload()

    @Slot()
    def cancel(self) -> None:
        if self.job is not None:
            self._again = False
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.stage_label.setText(tr("正在停止…"))

    def _enable(self) -> None:
        ready = not self.running and self.report is not None
        self.xlsx_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    def stop_and_wait(self) -> None:
        if self.job is not None:
            self._again = False
            self.job.cancel()
            self.job.wait()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.stop_and_wait()
        super().closeEvent(event)

    def reject(self) -> None:
        self.stop_and_wait()
        super().reject()

    # ----------------------------------------------------------------- figures and charts

    def selected_figure(self) -> Figure | None:
        index = selected_index(self.table, len(self.rows))
        return self.rows[index][1] if index is not None else None

    @Slot()
    def _selected(self) -> None:
        index = selected_index(self.table, len(self.rows))
        self._fill_charts(self.rows[index][0] if index is not None else None)

    def _fill_charts(self, group: Group | None) -> None:
        series = group.series if group is not None else ()
        current = self.chart_choice.currentData()
        self.chart_choice.blockSignals(True)
        self.chart_choice.clear()
        for one in series:
            self.chart_choice.addItem(chart_title(one), one.key)
        keep = self.chart_choice.findData(current)
        self.chart_choice.setCurrentIndex(max(0, keep))
        self.chart_choice.blockSignals(False)
        self.chart_choice.setEnabled(bool(series))
        self._show_chart()

    def series_shown(self) -> Series | None:
        return self.chart.series

    def group_series(self) -> tuple[Series, ...]:
        index = selected_index(self.table, len(self.rows))
        group = self.rows[index][0] if index is not None else None
        return group.series if group is not None else ()

    @Slot()
    def _show_chart(self) -> None:
        series = self.group_series()
        index = self.chart_choice.currentIndex()
        shown = series[index] if 0 <= index < len(series) else None
        period = self.report.period if self.report is not None else self.period
        self.chart.set_series(shown, period_label(period), tr("去年同期 {period}").format(
            period=period_label(period.last_year())))

    def show_chart(self, key: str) -> None:
        """Show the selected group's chart ``key`` (tests, screenshots)."""
        self.chart_choice.setCurrentIndex(self.chart_choice.findData(key))

    def select_figure(self, key: str) -> int:
        """Select the row of the figure ``key``; its row number."""
        row = next(i for i, (_g, f) in enumerate(self.rows) if f.key == key)
        self.table.selectRow(row)
        return row

    # ----------------------------------------------------------------- drill-down

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.rows):
            self.drill_down(self.rows[index.row()][1])

    def drill_down(self, figure: Figure) -> DrillDownDialog | None:
        """The cases behind ``figure``, in a list of their own."""
        rows = self._runner.run(statistics_reads.cases_behind, figure.case_ids)
        if failed(rows, self):
            return None
        assert self.report is not None
        title = tr("{figure}（{period}）").format(figure=pick(figure.label_zh, figure.label_en),
                                                period=period_label(self.report.period))
        dialog = DrillDownDialog(title, rows, self)
        dialog.case_requested.connect(self.case_requested)
        self.drill = dialog
        dialog.show()
        return dialog

    # ----------------------------------------------------------------- exports

    def choose_export(self, kind: str) -> None:
        if self.report is None:
            return
        name = f"统计分析-{self.report.period.label_en}.{kind}"
        wanted = "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)"
        path, _chosen = QFileDialog.getSaveFileName(self, tr("导出统计分析"), name, wanted)
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> BackgroundJob | None:
        """Write the shown report's period and filters to ``path`` (.xlsx or .pdf) off the UI
        thread; a message says why not if it cannot be."""
        if self.report is None or self.running:
            return None
        self.exported = None
        from desktop_app.services.statistics import stats_export  # ReportLab, when first needed

        work: Callable[[Progress], StatisticsReport] = self._runner.progress_job(
            stats_export.export_statistics, self.report.period, path, self.report.filters)
        self._export_path = path
        return self._start(work, self._written, tr("正在导出到 {path}…").format(path=str(path)))

    def _written(self, _report: StatisticsReport) -> None:
        self.exported = self._export_path
        self.stage_label.setText(tr("已导出到 {path}").format(path=str(self._export_path)))


class DrillDownDialog(QDialog):
    """The cases behind one figure; a double-click opens the case."""

    case_requested = Signal(int)

    def __init__(self, title: str, rows: list[DrillRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(880, 480)
        self.rows = rows
        self.table = record_table(tuple(headers(DRILL_HEADERS)), (116, 70, 64, 70, 90, 90, 60))
        self.table.setObjectName("drillTable")
        self.table.setRowCount(len(rows))
        for row, case in enumerate(rows):
            texts = (case.case_number, case.name, tr(STAGE.get(case.stage, case.stage)),
                     tr(SETTING.get(case.setting, case.setting)), _day(case.admission), _day(case.discharge),
                     "—" if case.length_of_stay is None else str(case.length_of_stay), yuan(case.cost))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column >= 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        fit_columns(self.table, range(len(DRILL_HEADERS) - 1))
        self.table.activated.connect(self._activated)
        total = sum((case.cost for case in rows), Decimal(0))
        summary = QLabel(tr("共 {count} 个病例，费用合计 ¥{total}；双击打开病例").format(
            count=len(rows), total=yuan(total)))
        summary.setObjectName("drillSummary")
        self.open_button = QPushButton(tr("打开病例"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(summary, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if rows:
            self.table.selectRow(0)
        self.open_button.setEnabled(bool(rows))

    def case_ids(self) -> list[int]:
        return [row.case_id for row in self.rows]

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.case_requested.emit(self.rows[index.row()].case_id)

    @Slot()
    def open_selected(self) -> None:
        index = selected_index(self.table, len(self.rows))
        if index is not None:
            self.case_requested.emit(self.rows[index].case_id)


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else "—"
