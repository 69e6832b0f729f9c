"""The home screen: the search box, today's work of a therapist, and the alerts.

Everything here is read through ``services.clinical.worklist_view`` and ``services.intake.search_view``; a
double-click (or Enter) asks the window to open the case (``case_requested``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.alerts import URGENT, WARNING, Alert
from desktop_app.services.clinical import worklist_view
from desktop_app.services.clinical.case_view import CaseRow
from desktop_app.services.clinical.worklist_view import WorkItem
from desktop_app.services.intake.search_view import search_cases
from desktop_app.ui.clinical.count_marks import mark_count_cell
from desktop_app.ui.clinical.daily_sheet_button import DailySheetButton
from desktop_app.ui.kit.forms import fit_columns, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr
from desktop_app.ui.kit.i18n import headers as i18n_headers
from desktop_app.ui.kit.labels import STATUS
from desktop_app.ui.kit.runner import PageReads, Runner

SEARCH_DELAY_MS = 150
EXTRA_ROLE = Qt.ItemDataRole.UserRole + 1  # wait for the typing (or the input method) to pause
WORK_HEADERS = (QT_TR_NOOP("床号"), QT_TR_NOOP("患者"), QT_TR_NOOP("病例号"), QT_TR_NOOP("项目"),
                QT_TR_NOOP("频次"), QT_TR_NOOP("今日次数"), QT_TR_NOOP("今日待签"),
                QT_TR_NOOP("累计/处方"))
ALERT_HEADERS = (QT_TR_NOOP("级别"), QT_TR_NOOP("患者"), QT_TR_NOOP("病例号"), QT_TR_NOOP("提醒"))
RESULT_HEADERS = (QT_TR_NOOP("病例号"), QT_TR_NOOP("姓名"), QT_TR_NOOP("身份证号"), QT_TR_NOOP("状态"),
                  QT_TR_NOOP("核准期限"))
SEVERITY = {URGENT: (QT_TR_NOOP("紧急"), "#b3261e"), WARNING: (QT_TR_NOOP("注意"), "#8a5300"),
            "notice": (QT_TR_NOOP("提示"), "#4a5560")}


def _table(headers: tuple[str, ...], widths: tuple[int, ...]) -> QTableWidget:
    table = record_table(tuple(i18n_headers(headers)), widths)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setTabKeyNavigation(False)  # Tab moves between the screen's parts
    return table


def _fill(table: QTableWidget, rows: Sequence[tuple[int, Sequence[str]]],
          colour: Callable[[int], str | None] = lambda _row: None,
          extra: Sequence[int] = ()) -> None:
    """Rows of (case id, texts); the case id (and ``extra[row]``) ride on the first cell."""
    table.setRowCount(len(rows))
    for row, (case_id, texts) in enumerate(rows):
        brush = QBrush(QColor(c)) if (c := colour(row)) else None
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setData(Qt.ItemDataRole.UserRole, case_id)
                if extra:
                    item.setData(EXTRA_ROLE, extra[row])
            if brush is not None:
                item.setForeground(brush)
            table.setItem(row, column, item)
    fit_columns(table, range(table.columnCount() - 1))  # the last one stretches


class HomeView(QWidget):
    case_requested = Signal(int)
    work_requested = Signal(int, int)  # case, prescription: record a session of it

    def __init__(self, runner: Runner, user_id: int, role: str) -> None:
        super().__init__()
        self._runner = runner
        self._today = runner.clock.today
        self.reads = PageReads(runner, self)  # the therapists, then their work and the alerts
        self.search_reads = PageReads(runner, self)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("caseSearch")
        self.search_box.setPlaceholderText(tr("查找患者：身份证号 / 姓名 / 拼音首字母 / 病例号  (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.results = _table(RESULT_HEADERS, (130, 90, 170, 70))
        self.results.hide()
        self.result_note = QLabel()
        self.result_note.hide()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self._search_now)
        QShortcut(QKeySequence.StandardKey.Find, self,  # type: ignore[call-overload]  # signal as keyword
                  activated=self.search_box.setFocus)

        self.therapist = QComboBox()
        self.therapist.setObjectName("worklistTherapist")
        self.therapist.currentIndexChanged.connect(lambda _i: self.reload())
        self.work = _table(WORK_HEADERS, (48, 70, 110, 100, 70, 64, 64))
        self.work_note = QLabel()
        self.alerts = _table(ALERT_HEADERS, (48, 80, 120))
        for table in (self.results, self.work, self.alerts):
            table.activated.connect(self._activated)

        work_box = QGroupBox(tr("今日治疗"))
        work_layout = QVBoxLayout(work_box)
        who = QHBoxLayout()
        who.addWidget(QLabel(tr("治疗师：")))
        who.addWidget(self.therapist)
        who.addStretch()
        who.addWidget(self.work_note)
        self.daily_sheet = DailySheetButton(runner, self.therapist.currentData)  # 打印今日治疗单
        who.addWidget(self.daily_sheet)
        work_layout.addLayout(who)
        work_layout.addWidget(self.work)
        alert_box = QGroupBox(tr("提醒"))
        QVBoxLayout(alert_box).addWidget(self.alerts)
        lower = QSplitter()
        lower.addWidget(work_box)
        lower.addWidget(alert_box)
        lower.setSizes([700, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_box)
        layout.addWidget(self.result_note)
        layout.addWidget(self.results)
        layout.addWidget(lower, 1)
        self.setTabOrder(self.search_box, self.results)
        self.setTabOrder(self.results, self.therapist)
        self.setTabOrder(self.therapist, self.work)
        self.setTabOrder(self.work, self.alerts)
        self.reads.read(partial(self._fill_therapists, user_id, role), worklist_view.therapists)

    def _fill_therapists(self, user_id: int, role: str, staff: list[tuple[int, str]]) -> None:
        """The therapists to choose from (the signed-in one chosen), then their work."""
        self.therapist.blockSignals(True)
        for staff_id, name in staff:
            self.therapist.addItem(name, staff_id)
        mine = self.therapist.findData(user_id)
        if mine >= 0:
            self.therapist.setCurrentIndex(mine)
        self.therapist.setEnabled(role not in ("therapist", "assistant") or mine < 0)
        self.therapist.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Read today's work and the alerts again."""
        self.reads.read(self._lists_read, worklist_view.home, self.therapist.currentData(), self._today())

    def _lists_read(self, lists: tuple[list[WorkItem], list[Alert]]) -> None:
        work, found = lists
        self.show_work(work)
        self.show_alerts(found)

    def show_work(self, work: list[WorkItem]) -> None:
        waiting = sum(item.unsigned_today for item in work)
        self.work_note.setText(tr("{items} 项；今日待患者签名 {waiting} 条").format(
            items=len(work), waiting=waiting))
        _fill(self.work, [(w.case_id, (w.bed_number or "—", w.patient_name, w.case_number,
                                       w.item_name, w.frequency, str(w.done_today),
                                       str(w.unsigned_today) if w.unsigned_today else "",
                                       f"{w.done_count}/{w.prescribed_count}")) for w in work],
              lambda row: "#b3261e" if work[row].unsigned_today else None,
              [w.prescription_id for w in work])
        for row, w in enumerate(work):  # 累计/处方 coloured at 80 % and 100 %, with a marker
            mark_count_cell(self.work.item(row, 7), w.done_count, w.prescribed_count)

    def show_alerts(self, found: list[Alert]) -> None:
        _fill(self.alerts, [(a.case_id, (tr(SEVERITY[a.severity][0]), a.patient_name,
                                         a.case_number, pick(a.zh, a.en))) for a in found],
              lambda row: SEVERITY[found[row].severity][1])

    @Slot()
    def run_search(self, open_single: bool = False) -> None:
        """Find the cases matching the box; ``open_single``: then open the one found."""
        text = self.search_box.text()
        self.search_reads.read(partial(self._found, text, open_single), search_cases, text, self._today())

    def _found(self, text: str, open_single: bool, rows: list[CaseRow]) -> None:
        visible = bool(text.strip())
        self.results.setVisible(visible and bool(rows))
        self.result_note.setVisible(visible)
        self.result_note.setText(tr("找到 {count} 个病例").format(count=len(rows)) if rows
                                 else tr("没有找到匹配的病例"))
        _fill(self.results, [(r.id, (r.case_number, r.patient_name, r.masked_resident_id,
                                     tr(STATUS.get(r.status, r.status)),
                                     tr("{start} 至 {end}").format(start=r.approved_from, end=r.approved_to)
                                     if r.approved_from
                                     else "—")) for r in rows])
        self.results.setMaximumHeight(self.results.sizeHintForRow(0) * 8 + 30 if rows else 0)
        if open_single:
            self._open_first_result()

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.run_search(open_single=True)

    def _open_first_result(self) -> None:
        if self.results.rowCount() == 1:
            self.case_requested.emit(self._case_at(self.results, 0))
        elif self.results.rowCount() > 1:
            self.results.setFocus()
            self.results.selectRow(0)

    @staticmethod
    def _case_at(table: QTableWidget, row: int) -> int:
        return int(table.item(row, 0).data(Qt.ItemDataRole.UserRole))  # type: ignore[union-attr]  # row exists

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        table = self.sender()
        assert isinstance(table, QTableWidget)
        case_id = self._case_at(table, index.row())
        if table is self.work:
            self.work_requested.emit(case_id, int(table.item(index.row(), 0).data(EXTRA_ROLE)))  # type: ignore[union-attr]
        else:
            self.case_requested.emit(case_id)
