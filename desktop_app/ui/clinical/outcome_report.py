"""康复效果评定报告: per instrument the pre / mid / post totals, the change from the
baseline to the latest, the grade change and the verdict, a chart of the totals over
time, and — when the latest assessments show no further benefit — a notice suggesting
that the course be ended (Luzhou Art. 23). The notice does not block anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.assessment_view import OutcomeLine, OutcomeReport, outcome_report
from desktop_app.ui.clinical.appraisal_dialog import AppraisalDialog
from desktop_app.ui.clinical.score_chart import ScoreChart
from desktop_app.ui.kit.case_page import CasePage
from desktop_app.ui.kit.forms import record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr, tr_in
from desktop_app.ui.kit.labels import PHASE
from desktop_app.ui.kit.runner import Runner

HEADERS = (QT_TR_NOOP("量表"), PHASE["pre"], PHASE["mid"], PHASE["post"], QT_TR_NOOP("变化"),
           QT_TR_NOOP("分级变化"), QT_TR_NOOP("判断"), QT_TR_NOOP("评估结论"))
PHASE_COLUMNS = (1, 2, 3)  # their headings are in the "phase" context (康复中: "mid")
# The instrument's name wraps; the figures and the grade change are fitted to their contents
# after each read, the verdict and the conclusion share the rest and wrap: every column in
# sight without scrolling sideways, on a 1280×640 window.
WIDTHS = (150, 50, 50, 50, 50, 120, 80)
FITTED = (1, 2, 3, 4)  # the figures: as wide as they are
# The columns that wrap: their share of what the figures leave; the conclusion takes the rest
# (at least a fifth).
SHARES = {0: 0.25, 5: 0.24, 6: 0.31}
CONCLUSION = 7
MOST_ROWS_HEIGHT = 220  # the table's rows kept in sight up to this height, the chart below
NOTICE_STYLE = ("background: #fff4ce; border: 1px solid #e0b400; border-radius: 4px;"
                " padding: 6px; color: #3d3000;")


def headings() -> tuple[str, ...]:
    return tuple(tr_in("phase", text) if column in PHASE_COLUMNS else tr(text)
                 for column, text in enumerate(HEADERS))


def _number(value: int | None) -> str:
    return "—" if value is None else str(value)


def change_text(change: int | None) -> str:
    if change is None:
        return "—"
    return f"+{change}" if change > 0 else ("0" if change == 0 else f"−{-change}")


def line_cells(line: OutcomeLine) -> tuple[str, ...]:
    return (f"{line.instrument_code} {line.instrument_name}", _number(line.pre_total),
            _number(line.mid_total), _number(line.post_total), change_text(line.change),
            line.grade_change, pick(line.verdict_zh, line.verdict_en), line.conclusion or "—")


class OutcomeReportPage(CasePage):
    """Read only: ``load(case_id)``; ``changed`` is never emitted (the contract's signal)."""

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.report: OutcomeReport | None = None
        title = QLabel(tr("康复效果评定报告"))
        title.setStyleSheet("font-weight: bold;")
        self.notice = QLabel()
        self.notice.setObjectName("endSuggestion")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()
        self.empty = QLabel(tr("尚无评估。"))
        self.table = record_table(headings(), WIDTHS)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)  # _share_columns sizes it
        self.chart = ScoreChart()
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        # Vocational goal and outcome, the physician's conclusion and the 先康复后鉴定 summary
        # for the appraisal committee (issue 19): a dialog of its own.
        self.appraisal_button = QPushButton(tr("职业康复与鉴定总结…"))
        self.appraisal_button.setObjectName("appraisalSummary")
        self.appraisal_button.setToolTip(tr("职业康复目标与结局、医师鉴定前结论、先康复后鉴定总结（PDF）"))
        self.appraisal_button.clicked.connect(self.open_appraisal)
        self.appraisal_button.setEnabled(False)
        self.appraisal: AppraisalDialog | None = None
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.appraisal_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.appraisal_button.setEnabled(True)
        self.reads.read(self._report_read, outcome_report, case_id)

    @Slot()
    def open_appraisal(self) -> AppraisalDialog | None:
        if self.case_id is None:
            return None
        dialog = AppraisalDialog(self._runner, self._user, self.case_id, self)
        dialog.finished.connect(dialog.deleteLater)
        self.appraisal = dialog
        dialog.open()
        return dialog

    def _report_read(self, report: OutcomeReport) -> None:
        self.report = report
        self.table.setRowCount(len(report.lines))
        for row, line in enumerate(report.lines):
            for column, text in enumerate(line_cells(line)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._share_columns()
        self.empty.setVisible(not report.lines)
        self.notice.setText(pick(report.suggestion_zh, report.suggestion_en))
        self.notice.setVisible(report.suggest_end)
        self.chart.set_series(report.series)

    def _share_columns(self) -> None:
        """The verdict and the conclusion share what the other columns leave (both wrap);
        then the rows as tall as their text, and all of them in sight."""
        table = self.table
        header = table.horizontalHeader()
        for column in FITTED:
            table.setColumnWidth(column, max(header.sectionSizeHint(column), table.sizeHintForColumn(column)))
        room = table.viewport().width() - sum(table.columnWidth(c) for c in FITTED)
        room -= max(0, header.sectionSizeHint(CONCLUSION) - int(room * (1 - sum(SHARES.values()))))
        for column, share in SHARES.items():
            table.setColumnWidth(column, max(header.sectionSizeHint(column), int(room * share)))
        rest = table.viewport().width() - sum(table.columnWidth(c) for c in range(CONCLUSION))
        table.setColumnWidth(CONCLUSION, max(header.minimumSectionSize(), rest))
        table.resizeRowsToContents()
        self._give_the_table_its_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  # Qt's name
        super().resizeEvent(event)
        if self.report is not None:
            self._share_columns()

    def _give_the_table_its_rows(self) -> None:
        """Every instrument's row in sight at the default split (the chart takes the rest,
        and at least half)."""
        table = self.table
        wanted = (table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                  + sum(table.rowHeight(row) for row in range(table.rowCount()))
                  + table.horizontalScrollBar().sizeHint().height())
        table.setMinimumHeight(min(wanted, MOST_ROWS_HEIGHT))  # the splitter keeps it so
        total = sum(self.split.sizes())
        if total > 0 and self.split.sizes()[0] < min(wanted, total // 2):
            rows = min(wanted, total // 2)
            self.split.setSizes([rows, total - rows])
