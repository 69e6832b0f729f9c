"""The home screen: the search box and, by role, the lists that fit the work (role homes):

* therapists (and assistants): today's work, their own patients, and the alerts of their own
  patients only (``worklist_view.therapist_home``);
* physicians: the assessments, plans, prescriptions and extensions due
  (``physician_view.physician_home``), and every open case's alerts;
* records officers: the claim tasks (``claim_tasks_view.officer_home``; their landing page
  stays the claim desk, which links here), and every open case's alerts;
* administrators: the system's health — last backup, last check, free disk space, the
  agreement's end, late signatures (``health_view.admin_home``) — and every open case's alerts.

Every line has a level (紧急 / 注意 / 提示, and 正常 for a system check), shown by colour and
sorted most urgent first (``domain.alerts.by_urgency``); the legend says which is which. A
double-click (or Enter) asks the window to open the case behind a line (``case_requested``),
the prescription's work (``work_requested``) or a screen (``screen_requested``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
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

from desktop_app.domain.alerts import NOTICE, OK, URGENT, WARNING, Alert
from desktop_app.domain.vocabulary import Role
from desktop_app.services.admin import health_view
from desktop_app.services.admin.health_view import AdminHome
from desktop_app.services.claims import claim_tasks_view, claims_month
from desktop_app.services.claims.claim_tasks_view import OfficerHome
from desktop_app.services.clinical import physician_view, worklist_view
from desktop_app.services.clinical.case_view import CaseRow
from desktop_app.services.clinical.physician_view import PhysicianHome
from desktop_app.services.clinical.worklist_view import PatientRow, TherapistHome, WorkItem
from desktop_app.services.intake.search_view import search_cases
from desktop_app.ui.clinical.count_marks import mark_count_cell
from desktop_app.ui.clinical.daily_sheet_button import DailySheetButton
from desktop_app.ui.kit.forms import fit_columns, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr
from desktop_app.ui.kit.i18n import headers as i18n_headers
from desktop_app.ui.kit.labels import STATUS
from desktop_app.ui.kit.runner import PageReads, Runner
from desktop_app.ui.shell.case_table_model import status_text

SEARCH_DELAY_MS = 150
EXTRA_ROLE = Qt.ItemDataRole.UserRole + 1  # wait for the typing (or the input method) to pause
WORK_HEADERS = (QT_TR_NOOP("床号"), QT_TR_NOOP("患者"), QT_TR_NOOP("病例号"), QT_TR_NOOP("项目"),
                QT_TR_NOOP("频次"), QT_TR_NOOP("今日次数"), QT_TR_NOOP("今日待签"),
                QT_TR_NOOP("累计/处方"))
PATIENT_HEADERS = (QT_TR_NOOP("床号"), QT_TR_NOOP("患者"), QT_TR_NOOP("病例号"), QT_TR_NOOP("状态"),
                   QT_TR_NOOP("核准至"), QT_TR_NOOP("我最近治疗"))
ALERT_HEADERS = (QT_TR_NOOP("级别"), QT_TR_NOOP("患者"), QT_TR_NOOP("病例号"), QT_TR_NOOP("提醒"))
TASK_HEADERS = (QT_TR_NOOP("级别"), QT_TR_NOOP("患者"), QT_TR_NOOP("病例号"), QT_TR_NOOP("待办"))
HEALTH_HEADERS = (QT_TR_NOOP("状态"), QT_TR_NOOP("检查项与情况"))
RESULT_HEADERS = (QT_TR_NOOP("病例号"), QT_TR_NOOP("姓名"), QT_TR_NOOP("身份证号"), QT_TR_NOOP("状态"),
                  QT_TR_NOOP("核准期限"))
# Level → (label, text colour, the level cell's background): red, orange, blue, green.
SEVERITY = {URGENT: (QT_TR_NOOP("紧急"), "#b3261e", "#fbe3e1"),
            WARNING: (QT_TR_NOOP("注意"), "#a65a00", "#fdeed6"),
            NOTICE: (QT_TR_NOOP("提示"), "#2f5f98", "#e4edf8"),
            OK: (QT_TR_NOOP("正常"), "#1b5e20", "#e2f0e3")}
LEGEND_LEVELS = (URGENT, WARNING, NOTICE)
THERAPIST_ROLES = (Role.THERAPIST, Role.ASSISTANT)


def _table(headers: tuple[str, ...], widths: tuple[int, ...]) -> QTableWidget:
    table = record_table(tuple(i18n_headers(headers)), widths)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setTabKeyNavigation(False)  # Tab moves between the screen's parts
    return table


def _fill(table: QTableWidget, rows: Sequence[tuple[int, Sequence[str]]],
          colour: Callable[[int], str | None] = lambda _row: None,
          extra: Sequence[object] = ()) -> None:
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


def level_text(severity: str) -> str:
    return tr(SEVERITY[severity][0])


def fill_levelled(table: QTableWidget, found: Sequence[Alert],
                  texts: Callable[[Alert], tuple[str, ...]]) -> None:
    """Lines with a level in the first column: each line in its level's colour, the level's
    cell on its tint and bold; what a line opens rides on its first cell."""
    _fill(table, [(a.case_id, (level_text(a.severity), *texts(a))) for a in found],
          lambda row: SEVERITY[found[row].severity][1], [a.opens or "" for a in found])
    bold = QFont(table.font())
    bold.setBold(True)
    for row, alert in enumerate(found):
        cell = table.item(row, 0)
        assert cell is not None
        cell.setBackground(QBrush(QColor(SEVERITY[alert.severity][2])))
        cell.setFont(bold)


def legend() -> QLabel:
    """紧急 / 注意 / 提示 in their colours."""
    style = 'style="color:{fg}; background-color:{bg}; font-weight:bold"'
    parts = [f"<span {style.format(fg=fg, bg=bg)}>&nbsp;{tr(label)}&nbsp;</span>"
             for label, fg, bg in (SEVERITY[level] for level in LEGEND_LEVELS)]
    label = QLabel(tr("级别：") + "&nbsp;".join(parts))
    label.setObjectName("alertLegend")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setToolTip(tr("紧急：今天就要处理（期限已过、次数已用完）；注意：近期到期或缺签名、缺评估；"
                        "提示：提前安排（随访、归档、14 天后到期）"))
    return label


class HomeView(QWidget):
    case_requested = Signal(int)
    work_requested = Signal(int, int)  # case, prescription: record a session of it
    screen_requested = Signal(str)  # a screen behind a line without a case (institution, verify…)
    tasks_counted = Signal(int)  # a records officer's claim tasks, once read (the desk shows it)

    def __init__(self, runner: Runner, user_id: int, role: str, *,
                 gate_cache: claims_month.GateCache | None = None, read_now: bool = True) -> None:
        """``read_now``: read the lists at once (else at the first ``reload``: the records
        officer's window lets its landing page, the claim desk, read first)."""
        super().__init__()
        self._runner = runner
        self._gate_cache = gate_cache  # the claim tasks' gates: the month screen's, shared
        self._today = runner.clock.today
        self.role = role
        self.reads = PageReads(runner, self)  # the therapists, then the role's lists
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
        self.legend = legend()

        self.therapist = QComboBox()
        self.therapist.setObjectName("worklistTherapist")
        self.therapist.currentIndexChanged.connect(lambda _i: self.reload())
        self.work = _table(WORK_HEADERS, (48, 70, 110, 100, 70, 64, 64))
        self.work_note = QLabel()
        self.patients = _table(PATIENT_HEADERS, (48, 70, 110, 60, 86))
        self.patients.setObjectName("myPatients")
        self.alerts = _table(ALERT_HEADERS, (48, 80, 120))
        self.alerts.setObjectName("homeAlerts")
        self.tasks = _table(TASK_HEADERS, (48, 80, 120))
        self.tasks.setObjectName("homeTasks")
        self.health = _table(HEALTH_HEADERS, (60,))
        self.health.setObjectName("systemHealth")
        for table in (self.results, self.work, self.patients, self.alerts, self.tasks, self.health):
            table.activated.connect(self._activated)

        self.alert_box = QGroupBox(tr("我的患者的提醒") if role in THERAPIST_ROLES else tr("提醒"))
        QVBoxLayout(self.alert_box).addWidget(self.alerts)
        lower = QSplitter()
        lower.addWidget(self._main_part(role))
        lower.addWidget(self.alert_box)
        lower.setSizes([700, 500])
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.result_note)
        layout.addWidget(self.results)
        layout.addWidget(lower, 1)
        self.setTabOrder(self.search_box, self.results)
        if role in THERAPIST_ROLES:
            self.setTabOrder(self.results, self.therapist)
            self.setTabOrder(self.therapist, self.daily_sheet)  # 打印今日治疗单, on the same row
            self.setTabOrder(self.daily_sheet, self.work)
            self.setTabOrder(self.work, self.patients)
            self.setTabOrder(self.patients, self.alerts)
            self.reads.read(partial(self._fill_therapists, user_id, role), worklist_view.therapists)
        else:
            first = self.health if role == Role.ADMIN else self.tasks
            self.setTabOrder(self.results, first)
            self.setTabOrder(first, self.alerts)
            if read_now:
                self.reload()

    def _main_part(self, role: str) -> QWidget:
        """The role's own list (left of the alerts)."""
        if role == Role.PHYSICIAN:
            return self._box(tr("评估与方案待办"), self.tasks)
        if role == Role.RECORDS_OFFICER:
            return self._box(tr("结算待办"), self.tasks)
        if role == Role.ADMIN:
            return self._box(tr("系统状况"), self.health)
        work_box = QGroupBox(tr("今日治疗"))
        work_layout = QVBoxLayout(work_box)
        who = QHBoxLayout()
        who.addWidget(QLabel(tr("治疗师：")))
        who.addWidget(self.therapist)
        who.addStretch()
        who.addWidget(self.work_note)
        self.daily_sheet = DailySheetButton(self._runner, self.therapist.currentData)  # 打印今日治疗单
        who.addWidget(self.daily_sheet)
        work_layout.addLayout(who)
        work_layout.addWidget(self.work)
        part = QSplitter(Qt.Orientation.Vertical)
        part.addWidget(work_box)
        part.addWidget(self._box(tr("我的患者"), self.patients))
        part.setSizes([300, 200])
        return part

    @staticmethod
    def _box(title: str, table: QTableWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(table)
        return box

    def _fill_therapists(self, user_id: int, role: str, staff: list[tuple[int, str]]) -> None:
        """The therapists to choose from (the signed-in one chosen), then their work."""
        self.therapist.blockSignals(True)
        for staff_id, name in staff:
            self.therapist.addItem(name, staff_id)
        mine = self.therapist.findData(user_id)
        if mine >= 0:
            self.therapist.setCurrentIndex(mine)
        self.therapist.setEnabled(role not in THERAPIST_ROLES or mine < 0)
        self.therapist.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Read the role's lists again."""
        today = self._today()
        if self.role == Role.PHYSICIAN:
            self.reads.read(self._physician_read, physician_view.physician_home, today)
        elif self.role == Role.RECORDS_OFFICER:
            self.reads.read(self._officer_read, claim_tasks_view.officer_home, today, self._gate_cache)
        elif self.role == Role.ADMIN:
            self.reads.read(self._admin_read, health_view.admin_home, today)
        else:
            self.reads.read(self._therapist_read, worklist_view.therapist_home,
                            self.therapist.currentData(), today)

    def _therapist_read(self, home: TherapistHome) -> None:
        self.show_work(home.work)
        self.show_patients(home.patients)
        self.show_alerts(home.alerts)

    def _physician_read(self, home: PhysicianHome) -> None:
        self.show_tasks(home.tasks)
        self.show_alerts(home.alerts)

    def _officer_read(self, home: OfficerHome) -> None:
        self.show_tasks(home.tasks)
        self.show_alerts(home.alerts)
        self.tasks_counted.emit(len(home.tasks))

    def _admin_read(self, home: AdminHome) -> None:
        fill_levelled(self.health, home.health, lambda a: (pick(a.zh, a.en),))
        self.show_alerts(home.alerts)

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

    def show_patients(self, patients: list[PatientRow]) -> None:
        _fill(self.patients, [(p.case_id, (p.bed_number or "—", p.patient_name, p.case_number,
                                           tr(STATUS.get(p.status, p.status)),
                                           str(p.approved_until or "—"), str(p.last_session or "—")))
                              for p in patients])

    def show_alerts(self, found: list[Alert]) -> None:
        fill_levelled(self.alerts, found, lambda a: (a.patient_name, a.case_number, pick(a.zh, a.en)))

    def show_tasks(self, found: list[Alert]) -> None:
        fill_levelled(self.tasks, found, lambda a: (a.patient_name, a.case_number, pick(a.zh, a.en)))

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
                                     status_text(r),
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
        self.open_row(table, index.row())

    def open_row(self, table: QTableWidget, row: int) -> None:
        """Open what is behind a line: the case (the work: its prescription), or a screen."""
        case_id = self._case_at(table, row)
        extra = table.item(row, 0).data(EXTRA_ROLE)  # type: ignore[union-attr]  # row exists
        if table is self.work:
            self.work_requested.emit(case_id, int(extra))
        elif case_id:
            self.case_requested.emit(case_id)
        elif extra:
            self.screen_requested.emit(str(extra))
