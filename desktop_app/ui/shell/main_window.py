"""Main window shell: the case list and the selected case's timeline, for the signed-in user.

The session menu locks the PC, hands it to another user or quits; what happens then is the
workstation's business (``ui/shell/workstation.py``), told through signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import Clock
from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import Role
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import claims_month
from desktop_app.services.clinical.case_view import CaseRow, case_row, case_timeline, count_cases, list_cases
from desktop_app.services.core.reads import Database
from desktop_app.services.records import retention
from desktop_app.ui.claims.claim_desk import ClaimDeskPage
from desktop_app.ui.kit.forms import fit_columns
from desktop_app.ui.kit.i18n import (
    LANGUAGES,
    QT_TRANSLATE_NOOP,
    chosen_language,
    remember_language,
    tr,
    tr_in,
)
from desktop_app.ui.kit.keys import mnemonic
from desktop_app.ui.kit.labels import STATUS, TIMELINE_KIND, role_name
from desktop_app.ui.kit.runner import Runner, failed, opened
from desktop_app.ui.shell.archive_menu import ArchiveMenu
from desktop_app.ui.shell.case_table_model import CLOSED_STATUS, CaseTableModel
from desktop_app.ui.shell.case_table_model import HEADERS as CASE_HEADERS
from desktop_app.ui.shell.case_workspace import CaseWorkspace
from desktop_app.ui.shell.home_view import HomeView
from desktop_app.ui.shell.timeline_text import timeline_text

if TYPE_CHECKING:
    from desktop_app.ui.admin.user_admin import UserAdminDialog
    from desktop_app.ui.integrity.audit_view import AuditHistoryDialog
    from desktop_app.ui.statistics.statistics_dialog import StatisticsDialog

ROW_HEIGHT = 26
CONTENT, LOCKED = 0, 1
HOME, CASES, DESK = 0, 1, 2  # DESK: the records officer's claim desk (their landing section)
LANGUAGE_KEYS = {"zh_CN": "Z", "en": "E"}  # the language menu's access keys
HOME_TAB, CASES_TAB = QT_TRANSLATE_NOOP("tab", "首页"), QT_TRANSLATE_NOOP("tab", "病例")  # the section tabs
DESK_TAB = QT_TRANSLATE_NOOP("tab", "结算工作台")


class MainWindow(QMainWindow):
    """``user`` is who is signed in: every service call acts as them."""

    lock_requested = Signal()
    switch_user_requested = Signal()

    def __init__(self, engine: Database, clock: Clock, archive_label: str, user: SignedIn) -> None:
        super().__init__()
        self._clock = clock
        self.user = user
        self.runner = Runner(engine, clock, user.user_id)
        self._status: str | None = None
        # Asked before the window closes (the workstation may keep other users' windows).
        self.may_close: Callable[[], bool] = lambda: True
        self.setWindowTitle(tr("工伤康复档案 — {archive} — {user}").format(archive=archive_label,
                                                                     user=user.display_name))
        self.resize(1280, 640)  # fits a 1280×720 screen (2560×1440 at 200 %) with its taskbar

        self.status_filter = QComboBox()
        self.status_filter.addItem(tr("全部病例"), None)
        for code, label in (*STATUS.items(), *CLOSED_STATUS.items()):  # 已归档, 已封存 last
            self.status_filter.addItem(tr(label), code)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)

        self.model = CaseTableModel(self._fetch, self._count)
        self.case_table = QTableView()
        self.case_table.setModel(self.model)
        self.case_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.case_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.case_table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.case_table.verticalHeader().hide()
        self.case_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((116, 58, 146, 66, 52, 168)):
            self.case_table.setColumnWidth(column, width)
        fit_columns(self.case_table, range(len(CASE_HEADERS) - 1))
        self.case_table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.workspace = CaseWorkspace(self.runner, user)
        self.workspace.changed.connect(self.case_changed)
        self.case_header = self.workspace.header
        self.timeline = self.workspace.timeline
        self.gate_cache = claims_month.GateCache()  # the month screen's gates, for this window's life
        self.home = HomeView(self.runner, user.user_id, user.role, gate_cache=self.gate_cache,
                             read_now=user.role != Role.RECORDS_OFFICER)  # the desk reads first
        self.home.case_requested.connect(self.open_case)
        self.home.work_requested.connect(self.open_case)
        self.home.screen_requested.connect(self.open_screen)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(tr("状态：")))
        filter_row.addWidget(self.status_filter)
        filter_row.addStretch()
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.case_table)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.workspace)
        splitter.setStretchFactor(1, 1)  # a wider window widens the case, not the list
        self.splitter = splitter
        self._list_placed = False
        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(self.home, tr_in("tab", HOME_TAB))  # HOME
        self.sections.addTab(splitter, tr_in("tab", CASES_TAB))  # CASES
        self.sections.currentChanged.connect(self._place_list)
        # The records officer lands on the claim desk; the other roles on the home screen.
        self.desk: ClaimDeskPage | None = None
        self.statistics_dialog: StatisticsDialog | None = None  # the statistics screen, once opened
        if user.role == Role.RECORDS_OFFICER:
            self.desk = ClaimDeskPage(self.runner, user)
            self.desk.case_requested.connect(self._open_claims_of)
            self.desk.tasks_requested.connect(lambda: self.sections.setCurrentIndex(HOME))
            self.home.tasks_counted.connect(self.desk.set_task_count)
            self.home.reload()  # the claim tasks, after the desk's own reads
            self.sections.addTab(self.desk, tr_in("tab", DESK_TAB))  # DESK
            self.sections.setCurrentIndex(DESK)
        locked = QLabel(tr("已锁定"))
        locked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        locked.setStyleSheet("font-size: 22px; color: #666;")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sections)  # CONTENT
        self.pages.addWidget(locked)  # LOCKED: nothing of any patient
        self.setCentralWidget(self.pages)
        self.user_label = QLabel(tr("当前用户：{name}（{role}）").format(
            name=user.display_name, role=role_name(user.role)))
        self.user_label.setObjectName("currentUser")
        self.statusBar().addPermanentWidget(self.user_label)
        self._show_count()
        self._build_menus()

    def _build_menus(self) -> None:
        session = self.menuBar().addMenu(mnemonic(tr("会话"), "S"))
        self.lock_action = QAction(mnemonic(tr("锁定"), "L"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested)
        self.switch_action = QAction(mnemonic(tr("切换用户"), "U"), self)
        self.switch_action.triggered.connect(self.switch_user_requested)
        self.quit_action = QAction(mnemonic(tr("退出"), "Q"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        session.addActions([self.lock_action, self.switch_action])
        language = session.addMenu(mnemonic(tr("语言"), "G"))
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = language.addAction(mnemonic(name, LANGUAGE_KEYS[code]))
            action.setCheckable(True)
            action.setChecked(code == chosen_language())
            action.triggered.connect(lambda _checked=False, code=code: self.choose_language(code))
            self.language_actions[code] = action
        session.addSeparator()
        session.addAction(self.quit_action)
        cases = self.menuBar().addMenu(mnemonic(tr("病例"), "C"))
        self.new_case_action = QAction(mnemonic(tr("新建病例…"), "N"), self)
        self.new_case_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_case_action.triggered.connect(self.open_intake)
        self.new_case_action.setVisible(permitted(self.user.role, "case.register"))
        self.admit_action = QAction(mnemonic(tr("办理入院…"), "A"), self)
        self.admit_action.triggered.connect(self.open_admission)
        self.admit_action.setVisible(permitted(self.user.role, "case.admit", "draft"))
        cases.addActions([self.new_case_action, self.admit_action])
        cases.menuAction().setVisible(any(a.isVisible() for a in cases.actions()))
        # Shown to those the table allows; the services check again whatever the menu shows.
        admin = self.menuBar().addMenu(mnemonic(tr("管理"), "D"))
        self.user_admin_action = QAction(mnemonic(tr("用户管理"), "U"), self)
        self.user_admin_action.triggered.connect(self.open_user_admin)
        self.user_admin_action.setVisible(permitted(self.user.role, "user.manage"))
        self.audit_action = QAction(mnemonic(tr("审计记录"), "A"), self)
        self.audit_action.triggered.connect(self.open_audit_history)
        self.audit_action.setVisible(permitted(self.user.role, "audit.view"))
        self.catalogue_action = QAction(mnemonic(tr("收费目录"), "C"), self)
        self.catalogue_action.triggered.connect(self.open_catalogue)
        self.catalogue_action.setVisible(permitted(self.user.role, "catalogue.import"))
        self.institution_action = QAction(mnemonic(tr("机构设置"), "I"), self)
        self.institution_action.triggered.connect(self.open_institution)
        self.institution_action.setVisible(permitted(self.user.role, "settings.edit"))
        self.outcome_settings_action = QAction(mnemonic(tr("疗效判定设置"), "O"), self)
        self.outcome_settings_action.triggered.connect(self.open_outcome_settings)
        self.outcome_settings_action.setVisible(permitted(self.user.role, "settings.edit"))
        admin.addActions([self.user_admin_action, self.audit_action, self.catalogue_action,
                          self.institution_action, self.outcome_settings_action])
        admin.menuAction().setVisible(any(a.isVisible() for a in admin.actions()))
        self.archive_menu = ArchiveMenu(self, self.runner, self.user.role, self.timeline,
                                        self.refresh_timeline)
        claims = self.menuBar().addMenu(mnemonic(tr("结算"), "L"))
        self.claims_month_action = QAction(mnemonic(tr("月度结算…"), "M"), self)
        self.claims_month_action.triggered.connect(self.open_claims_month)
        self.claims_month_action.setVisible(permitted(self.user.role, "claim.build", "draft"))
        claims.addAction(self.claims_month_action)
        claims.menuAction().setVisible(self.claims_month_action.isVisible())
        statistics = self.menuBar().addMenu(mnemonic(tr("统计"), "T"))
        self.statistics_action = QAction(mnemonic(tr("统计分析…"), "S"), self)
        self.statistics_action.triggered.connect(self.open_statistics)
        self.statistics_action.setVisible(permitted(self.user.role, "statistics.view"))
        statistics.addAction(self.statistics_action)
        statistics.menuAction().setVisible(self.statistics_action.isVisible())

    def case_list_width(self) -> int:
        """The list's pane wide enough for every column of the list (and its scroll bar)."""
        table = self.case_table
        columns = sum(table.columnWidth(c) for c in range(len(CASE_HEADERS) - 1))
        header = table.horizontalHeader()  # the stretched last column: never below the default
        last = max(table.sizeHintForColumn(len(CASE_HEADERS) - 1),
                   header.sectionSizeHint(len(CASE_HEADERS) - 1), header.defaultSectionSize())
        margins = self.splitter.widget(0).layout().contentsMargins()  # type: ignore[union-attr]  # the list pane
        chrome = (2 * table.frameWidth() + margins.left() + margins.right()
                  + table.verticalScrollBar().sizeHint().width())
        return columns + last + chrome

    @Slot(int)
    def _place_list(self, section: int) -> None:
        """The first time the cases are shown: the list as wide as its columns (as far as
        the case beside it allows), the case the rest; the user's dragging is kept after."""
        if section != CASES or self._list_placed:
            return
        self._list_placed = True
        total, wanted = sum(self.splitter.sizes()), self.case_list_width()
        self.splitter.setSizes([wanted, total - wanted])

    def choose_language(self, code: str) -> None:
        """Remembered for this user on this PC; the interface changes at the next start."""
        remember_language(code)
        for other, action in self.language_actions.items():
            action.setChecked(other == code)
        self.statusBar().showMessage(
            tr("界面语言已设为 {language}，下次启动时生效。").format(language=LANGUAGES[code]), 10_000)

    def _show_count(self) -> None:
        self.statusBar().showMessage(tr("共 {count} 个病例").format(count=self._count()))

    @property
    def locked(self) -> bool:
        return self.pages.currentIndex() == LOCKED

    def set_locked(self, locked: bool) -> None:
        """Hide (or show again) everything of the patients; the widgets keep their state."""
        self.pages.setCurrentIndex(LOCKED if locked else CONTENT)
        self.menuBar().setEnabled(not locked)
        for action in (self.lock_action, self.switch_action, self.quit_action):
            action.setEnabled(not locked)

    def _fetch(self, offset: int, limit: int) -> list[CaseRow]:
        rows = self.runner.read(list_cases, self._clock.today(), status=self._status,
                                offset=offset, limit=limit)
        return [] if failed(rows, self) else rows

    def _count(self) -> int:
        count = self.runner.read(count_cases, self._status)
        return 0 if failed(count, self) else count

    @Slot(int)
    def _filter_changed(self, _index: int) -> None:
        self._status = self.status_filter.currentData()
        self.model.reload()
        fit_columns(self.case_table, range(len(CASE_HEADERS) - 1))
        self.workspace.clear()
        self.archive_menu.set_case(None, [])
        self._show_count()

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.show_case(self.model.row_at(indexes[0].row()))

    def show_case(self, row: CaseRow, prescription_id: int | None = None) -> None:
        """Open the case's archive (audited, as the signed-in user), then show it."""
        self.sections.setCurrentIndex(CASES)
        if failed(self.runner.run(retention.open_case, row.id), self):
            self.workspace.clear()
            self.archive_menu.set_case(None, [])
            return
        self.workspace.show_case(row, prescription_id)
        self._fill_timeline(row)

    @Slot(int)
    @Slot(int, int)
    def open_case(self, case_id: int, prescription_id: int | None = None) -> None:
        """Open a case found elsewhere (the home screen's lists or search)."""
        row = self._case_row(case_id)
        if row is not None:
            self.show_case(row, prescription_id)

    def _case_row(self, case_id: int) -> CaseRow | None:
        row = self.runner.read(case_row, case_id, self._clock.today())
        return None if failed(row, self) else row

    def _fill_timeline(self, row: CaseRow) -> None:
        entries = self.runner.read(case_timeline, row.id)
        if failed(entries, self):
            return
        self.timeline.clear()
        self.timeline.addTopLevelItems([
            QTreeWidgetItem([str(e.day), tr(TIMELINE_KIND.get(e.kind, e.kind)), *timeline_text(e)])
            for e in entries
        ])
        fit_columns(self.timeline, (0, 1))  # the date and the kind, whole in every language
        self.archive_menu.set_case(row, entries)

    @Slot()
    def refresh_timeline(self) -> None:
        """Show the open case's timeline again (after a correction), without reopening it."""
        if self.archive_menu.case is not None:
            self._fill_timeline(self.archive_menu.case)
        self.workspace.reload_pages()

    @Slot()
    def case_changed(self) -> None:
        """A page of the open case wrote something: refresh the lists that show it."""
        case = self.workspace.case
        if case is not None:
            fresh = self._case_row(case.id)
            if fresh is not None:
                self.workspace.refresh_header(fresh)
            self._fill_timeline(fresh or case)  # also tells the archive menu
        self.home.reload()

    @Slot()
    def open_intake(self) -> None:
        from desktop_app.ui.intake.intake_dialog import IntakeDialog

        dialog = IntakeDialog(self.runner, self.user, self)
        dialog.case_created.connect(self._case_created)
        dialog.open()

    @Slot(int)
    def _case_created(self, case_id: int) -> None:
        self.model.reload()
        self._show_count()
        self.open_case(case_id)
        self.workspace.tabs.setCurrentWidget(self.workspace.approvals)

    @Slot()
    def open_admission(self) -> None:
        from desktop_app.ui.intake.admission_dialog import AdmissionDialog

        case = self.workspace.case
        if case is None:
            self.statusBar().showMessage(tr("请先打开要办理入院的病例"), 5000)
            return
        dialog = opened(self, lambda: AdmissionDialog(self.runner, self.user, case.id, self))
        if dialog is None:
            return
        dialog.admitted.connect(lambda _id: self.case_changed())
        dialog.open()

    def select_first_case(self) -> None:
        if self.model.rowCount() > 0:
            self.case_table.selectRow(0)

    @Slot()
    def open_user_admin(self) -> None:
        from desktop_app.ui.admin.user_admin import UserAdminDialog

        self._open_if_allowed(UserAdminDialog(self.runner, self))

    @Slot()
    def open_audit_history(self) -> None:
        from desktop_app.ui.integrity.audit_view import AuditHistoryDialog

        self._open_if_allowed(AuditHistoryDialog(self.runner, self))

    @Slot()
    def open_catalogue(self) -> None:
        from desktop_app.ui.claims.catalogue_dialog import CatalogueDialog

        CatalogueDialog(self.runner, self).show()

    @Slot()
    def open_claims_month(self) -> None:
        from desktop_app.ui.claims.claims_month import ClaimsMonthDialog

        dialog = ClaimsMonthDialog(self.runner, self.user, self, cache=self.gate_cache)
        dialog.case_requested.connect(self._open_claims_of)
        dialog.show()

    @Slot()
    def open_statistics(self) -> StatisticsDialog:
        """The statistics screen (imported only now: start-up does not pay for it)."""
        from desktop_app.ui.statistics.statistics_dialog import StatisticsDialog

        dialog = StatisticsDialog(self.runner, self)
        dialog.case_requested.connect(self.open_case)
        dialog.show()
        self.statistics_dialog = dialog
        return dialog

    @Slot(str)
    def open_screen(self, screen: str) -> None:
        """The screen behind a home line without a case (the administrator's system health)."""
        if screen == "institution" and self.institution_action.isVisible():
            self.open_institution()
        elif screen == "verify" and self.archive_menu.verify_action.isVisible():
            self.archive_menu.open_verify()
        elif screen == "backup":
            self.statusBar().showMessage(tr("备份在命令行进行：rehab-archive backup --out 文件夹"), 15_000)

    @Slot(int)
    def _open_claims_of(self, case_id: int) -> None:
        self.open_case(case_id)
        self.workspace.tabs.setCurrentWidget(self.workspace.claims)

    @Slot()
    def open_institution(self) -> None:
        from desktop_app.ui.admin.institution_dialog import InstitutionDialog

        dialog = opened(self, lambda: InstitutionDialog(self.runner, self))
        if dialog is not None:
            dialog.open()

    @Slot()
    def open_outcome_settings(self) -> None:
        from desktop_app.ui.admin.outcome_settings_dialog import OutcomeSettingsDialog

        dialog = opened(self, lambda: OutcomeSettingsDialog(self.runner, self))
        if dialog is not None:
            dialog.open()

    @staticmethod
    def _open_if_allowed(dialog: UserAdminDialog | AuditHistoryDialog) -> None:
        """Show the dialog if its service allowed the reading (else a message box was shown)."""
        if dialog.reload():
            dialog.show()
        else:
            dialog.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.may_close():
            event.accept()
        else:
            event.ignore()
