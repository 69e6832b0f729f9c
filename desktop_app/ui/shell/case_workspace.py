"""The opened case: a header (who, which case, what state, how long the approval runs)
and its pages, chosen in a list of their titles above them that wraps onto a second row
where the case is narrow (every page in sight on a 1280×640 window, in any language: a
tab bar would hide some behind its scroll arrows), in a fixed order.

The overview tab holds the timeline (the main window's archive menu works on it); the
other pages follow one contract: ``Page(runner, user)``, ``load(case_id)`` and a
``changed`` signal after each write, upon which the workspace reads again, when next
shown, the pages that show a record kind the write committed (``CasePage.READS``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QHelpEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeView,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import Action, State
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.case_view import CaseRow
from desktop_app.ui.claims.charges_page import ChargesPage
from desktop_app.ui.claims.claims_page import ClaimsPage
from desktop_app.ui.clinical.assessments import AssessmentsPage
from desktop_app.ui.clinical.consent import ConsentPage
from desktop_app.ui.clinical.discharge import DischargePage
from desktop_app.ui.clinical.execution_sheet import ExecutionSheetPage
from desktop_app.ui.clinical.expert_devices import ExpertDevicesPage
from desktop_app.ui.clinical.outcome_report import OutcomeReportPage
from desktop_app.ui.clinical.plan_editor import PlanPage
from desktop_app.ui.clinical.prescriptions import PrescriptionsPage
from desktop_app.ui.clinical.transfer_page import TransferPage  # issue 19
from desktop_app.ui.intake.application_page import ApplicationPage
from desktop_app.ui.intake.approval_page import ApprovalPage
from desktop_app.ui.kit.i18n import QT_TR_NOOP, QT_TRANSLATE_NOOP, headers, tr, tr_in
from desktop_app.ui.kit.labels import SETTING, STAGE, STATUS
from desktop_app.ui.kit.runner import PageReads, Runner
from desktop_app.ui.shell.case_table_model import transferred_text

NO_CASE = QT_TR_NOOP("请选择病例")
TIMELINE_HEADERS = (QT_TR_NOOP("日期"), QT_TR_NOOP("类别"), QT_TR_NOOP("事项"), QT_TR_NOOP("详情"))
# Page titles name a page (评估: "Assessments"), not a record kind (labels.TIMELINE_KIND).
TAB = {
    "overview": QT_TRANSLATE_NOOP("tab", "概况"),
    "execution": QT_TRANSLATE_NOOP("tab", "执行单"),
    "approval": QT_TRANSLATE_NOOP("tab", "核准"),
    "plan": QT_TRANSLATE_NOOP("tab", "方案"),
    "prescriptions": QT_TRANSLATE_NOOP("tab", "处方"),
    "assessments": QT_TRANSLATE_NOOP("tab", "评估"),
    "outcome": QT_TRANSLATE_NOOP("tab", "效果评定"),
    "consent": QT_TRANSLATE_NOOP("tab", "知情同意"),
    "discharge": QT_TRANSLATE_NOOP("tab", "出院"),
    "claims": QT_TRANSLATE_NOOP("tab", "结算"),
    "charges": QT_TRANSLATE_NOOP("tab", "费用"),
    "application": QT_TRANSLATE_NOOP("tab", "申请"),  # issue 19: the application and its materials
    "transfer": QT_TRANSLATE_NOOP("tab", "转院"),  # issue 19: transfers out and in
    "expert_devices": QT_TRANSLATE_NOOP("tab", "评估与辅具"),  # issue 19: 专家评估, 辅助器具
}
OVERVIEW, EXECUTION = 0, 1


def tab_title(key: str) -> str:
    return tr_in("tab", TAB[key])


CLOSED: dict[str, str] = {State.ARCHIVED: QT_TR_NOOP("已归档"), State.SEALED: QT_TR_NOOP("已封存")}
CLOSED_TIP: dict[str, str] = {
    State.ARCHIVED: QT_TR_NOOP("病例已归档，不能再修改（更正须经批准）。"),
    State.SEALED: QT_TR_NOOP("病例已封存，不能再修改。")}
CLOSED_STYLE: dict[str, str] = {
    State.ARCHIVED: "background: #e3e8ef; color: #243b53; border: 1px solid #7b8794;",
    State.SEALED: "background: #3e4c59; color: #ffffff; border: 1px solid #1f2933;"}


def closed_label(record_state: str) -> str:
    """已归档 / 已封存 for a case that can no longer change; "" for an open one."""
    return tr(CLOSED[record_state]) if record_state in CLOSED else ""


def header_lines(row: CaseRow) -> tuple[str, str]:
    """Two planned lines: who and which case in what state; then the course and the
    approved period. Within a line the parts are kept whole (never "剩 12 / 天")."""
    period = (tr("核准 {start} 至 {end}").format(start=row.approved_from, end=row.approved_to)
              if row.approved_from else tr("尚未核准"))
    left = ""
    if row.days_left is not None:
        left = tr("，已到期") if row.days_left < 0 else tr("，剩 {days} 天").format(days=row.days_left)
    status = transferred_text(row) or tr(STATUS.get(row.status, row.status))  # 已转出: issue 19
    first = f"{row.patient_name}　{row.case_number}　{status}"
    second = (f"{tr(STAGE.get(row.stage, row.stage))}·{tr(SETTING.get(row.setting, row.setting))}　"
              f"{period}{left}")
    return first, second


def header_text(row: CaseRow) -> str:
    first, second = header_lines(row)
    badge = closed_label(row.record_state)
    return f"{first}　{badge}　{second}" if badge else f"{first}　{second}"


class ElidedLabel(QLabel):
    """One line that never wraps and never widens its window: cut with "…" (the whole
    text as tooltip) where it cannot fit. ``text()`` is the whole text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802  # Qt's name
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def elided(self) -> bool:
        return super().text() != self._full

    def wanted_width(self) -> int:
        """The width the whole text needs."""
        margins = self.contentsMargins()
        return (self.fontMetrics().horizontalAdvance(self._full) + 2 * self.margin()
                + margins.left() + margins.right())

    def _elide(self) -> None:
        width = self.contentsRect().width() - 2 * self.margin()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(width, 0))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  # Qt's name
        super().resizeEvent(event)
        self._elide()


class CaseHeader(QWidget):
    """The case's header on two planned lines: patient, case number, status and — for a
    case that can no longer change — a badge (已归档 / 已封存); then the course and the
    approved period. ``text()``: all of it, as one line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        self.first = ElidedLabel()
        self.first.setObjectName("caseHeaderFirst")
        self.first.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.badge = QLabel()
        self.badge.setObjectName("caseStateBadge")
        self.badge.hide()
        self.second = ElidedLabel()
        self.second.setObjectName("caseHeaderSecond")
        self.second.setStyleSheet("font-size: 13px;")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)
        top.addWidget(self.badge)
        top.addWidget(self.first, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.second)

    def show_case(self, row: CaseRow) -> None:
        first, second = header_lines(row)
        self.first.setText(first)
        self.second.setText(second)
        self.second.show()
        badge = closed_label(row.record_state)
        self.badge.setText(badge)
        self.badge.setStyleSheet(CLOSED_STYLE.get(row.record_state, "")
                                 + " font-weight: bold; padding: 1px 6px; border-radius: 3px;")
        self.badge.setVisible(bool(badge))

    def setText(self, text: str) -> None:  # noqa: N802  # as QLabel: no case
        self.first.setText(text)
        self.second.setText("")
        self.second.hide()
        self.badge.hide()

    def text(self) -> str:
        parts = [self.badge.text()] if self.badge.isVisibleTo(self) else []
        parts.append(self.first.text())
        if self.second.text():
            parts.append(self.second.text())
        return "　".join(parts)

    def lines(self) -> list[ElidedLabel]:
        return [line for line in (self.first, self.second) if line.isVisibleTo(self)]


class PagesBar(QListWidget):
    """The case's page titles in rows, as many as the width needs: every title in sight,
    none behind scroll arrows. One tab stop; the arrow keys choose."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casePages")
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(1)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("QListWidget#casePages { background: palette(window); }"
                           " QListWidget#casePages::item { padding: 0px 8px; margin: 0px 1px;"
                           " border: 1px solid palette(mid); border-radius: 3px; }"
                           " QListWidget#casePages::item:selected { font-weight: bold;"
                           " background: palette(highlight); color: palette(highlighted-text); }")

    def minimumSizeHint(self) -> QSize:  # noqa: N802  # Qt's name
        """The widest title (the others wrap onto further rows)."""
        widest = max((self.sizeHintForIndex(self.model().index(row, 0)).width()
                      for row in range(self.count())), default=40)
        return QSize(widest + 2 * self.frameWidth() + 4 * self.spacing(), self.height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.minimumSizeHint().width(), self.height())

    def fit_height(self) -> None:
        """As tall as the rows the titles take at this width, no taller."""
        if not self.count():
            return
        self.doItemsLayout()
        bottom = max(self.visualItemRect(self.item(row)).bottom() for row in range(self.count()))
        height = bottom + 1 + self.spacing() + 2 * self.frameWidth()
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self.fit_height)  # once the items are laid out at this width


class PageList(QWidget):
    """The case's pages: their titles above (``PagesBar``), the chosen page below.
    Navigated as a QTabWidget is (``setCurrentWidget``, ``currentIndex``, ``tabText``…)."""

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = PagesBar()
        self.list.setAccessibleName(tr("病例页面"))
        self.stack = QStackedWidget()
        self.list.currentRowChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)

    @Slot(int)
    def _chosen(self, row: int) -> None:
        if row < 0 or row == self.stack.currentIndex():
            return
        self.stack.setCurrentIndex(row)
        self.currentChanged.emit(row)

    def addTab(self, page: QWidget, title: str) -> int:  # noqa: N802  # QTabWidget's name
        self.stack.addWidget(page)
        self.list.addItem(QListWidgetItem(title))
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.list.fit_height()
        return self.stack.count() - 1

    def count(self) -> int:
        return self.stack.count()

    def tabText(self, index: int) -> str:  # noqa: N802
        item = self.list.item(index)
        return item.text() if item is not None else ""

    def widget(self, index: int) -> QWidget:
        page = self.stack.widget(index)
        assert page is not None, index  # index < count()
        return page

    def indexOf(self, page: QWidget) -> int:  # noqa: N802
        return self.stack.indexOf(page)

    def currentIndex(self) -> int:  # noqa: N802
        return self.stack.currentIndex()

    def currentWidget(self) -> QWidget:  # noqa: N802
        page = self.stack.currentWidget()
        assert page is not None  # the overview at least
        return page

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        if 0 <= index < self.count():
            self.list.setCurrentRow(index)

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802
        self.setCurrentIndex(self.stack.indexOf(page))


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their cells' text wrapped at the column's width (QTreeView asks
    its delegate without the width)."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex  # noqa: N802
                 ) -> QSize:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        item.rect = QRect(0, 0, self._tree.header().sectionSize(index.column()), 10_000)
        return self._tree.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, item,
                                                   QSize(), self._tree)


class TimelineTree(QTreeWidget):
    """The overview: the entry and its details share what the date and kind leave, and
    wrap in their columns; a cell is also shown whole as its tooltip."""

    TITLE_SHARE = 0.45  # at most, of the room beside the date and the kind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setItemDelegate(WrappingDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header().setStretchLastSection(True)
        self.header().sectionResized.connect(self._relayout)
        self.model().rowsInserted.connect(self._rows_added)

    @Slot()
    def _rows_added(self) -> None:
        QTimer.singleShot(0, self.share_columns)  # after the window has fitted the date and kind

    @Slot()
    def _relayout(self) -> None:
        self.scheduleDelayedItemsLayout()  # row heights follow the columns' new widths

    @Slot()
    def share_columns(self) -> None:
        """The entry column a share of the room the date and kind leave; details the rest."""
        room = self.viewport().width() - self.columnWidth(0) - self.columnWidth(1)
        title = max(self.header().sectionSizeHint(2),
                    min(self.natural_width(2), int(room * self.TITLE_SHARE)))
        if room > 0 and title != self.columnWidth(2):
            self.setColumnWidth(2, title)

    def natural_width(self, column: int) -> int:
        """What ``column``'s longest cell needs on one line."""
        metrics = self.fontMetrics()
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1)
        items = filter(None, (self.topLevelItem(row) for row in range(self.topLevelItemCount())))
        return max((metrics.horizontalAdvance(item.text(column)) + margin for item in items), default=0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  # Qt's name
        super().resizeEvent(event)
        self.share_columns()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802  # Qt's name
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            text = index.data() if index.isValid() else None
            if isinstance(text, str) and text:
                QToolTip.showText(event.globalPos(), text, self)
                return True
        return super().viewportEvent(event)


# The pages' write buttons and the action each asks of the services: for an archived or
# sealed case, those the permission table refuses in the case's state are not offered
# (the services would refuse them anyway). page attribute → ((button attribute, action), …)
WRITE_BUTTONS: dict[str, tuple[tuple[str, str], ...]] = {
    "execution": (("record_button", Action.SESSION_RECORD), ("sign_on_record", Action.SESSION_RECORD),
                  ("several_button", Action.SESSION_RECORD),
                  ("leave_button", Action.SESSION_RECORD),
                  ("sign_mine", Action.RECORD_SIGN), ("cosign_button", Action.RECORD_COSIGN),
                  ("sign_selected", Action.RECORD_PATIENT_SIGN),
                  ("sign_today", Action.RECORD_PATIENT_SIGN),
                  ("print_button", Action.RECORD_PATIENT_SIGN),  # the sheet to sign on paper
                  ("scan_button", Action.CASE_ATTACH)),
    "plan": (("add_button", Action.PLAN_WRITE), ("remove_button", Action.PLAN_WRITE),
             ("save_button", Action.PLAN_WRITE), ("revise_button", Action.PLAN_WRITE),
             ("sign_button", Action.RECORD_PATIENT_SIGN)),
    "prescriptions": (("prescribe_button", Action.PRESCRIPTION_WRITE), ("sign_button", Action.RECORD_SIGN)),
    "assessments": (("save_button", Action.ASSESSMENT_RECORD), ("sign_button", Action.RECORD_SIGN)),
    "consent": (("add_button", Action.CONSENT_RECORD), ("add_other_button", Action.CONSENT_RECORD),
                ("remove_button", Action.CONSENT_RECORD), ("save_button", Action.CONSENT_RECORD),
                ("sign_button", Action.RECORD_SIGN), ("scan_button", Action.CASE_ATTACH)),
    "approvals": (("add_button", Action.CASE_RECORD_APPROVAL), ("terms_button", Action.CASE_RECORD_APPROVAL)),
    "expert_devices": (("add_button", Action.EXPERT_RECORD), ("device_button", Action.DEVICE_RECORD)),
    "application": (("add_button", Action.APPLICATION_RECORD), ("mark_button", Action.APPLICATION_RECORD),
                    ("answer_button", Action.CASE_RECORD_APPROVAL),
                    ("value_button", Action.VALUE_REPORT_WRITE)),
    "discharge": (("notice_button", Action.NOTICE_ISSUE),),
    "outcome": (("appraisal_button", Action.APPRAISAL_CONCLUDE),),
    "claims": (("build_button", Action.CLAIM_BUILD), ("acknowledge_button", Action.CLAIM_BUILD),
               ("finalize_button", Action.CLAIM_FINALIZE), ("correct_button", Action.CLAIM_CORRECT),
               ("export_button", Action.CLAIM_EXPORT), ("terms_button", Action.CASE_RECORD_APPROVAL),
               ("course_end_button", Action.CASE_RECORD_APPROVAL)),
    "charges": (("add_button", Action.FEE_CHARGE), ("bed_button", Action.FEE_CHARGE),
                ("import_button", Action.FEE_CHARGE), ("reverse_button", Action.FEE_CHARGE),
                ("sign_button", Action.FEE_CHARGE)),
}


class ClosedCaseGuard(QObject):
    """Keeps the write buttons of an archived or sealed case disabled where the permission
    table refuses their action in that state, whatever the pages ask after their reads; an
    open case gets back what its pages asked for."""

    def __init__(self, role: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._role = role
        self._state: str | None = None
        self._actions: dict[QAbstractButton, str] = {}
        self._held: set[QAbstractButton] = set()  # enabled by their page, held disabled here
        self._forcing = False

    def watch(self, button: QAbstractButton, action: str) -> None:
        self._actions[button] = action
        button.installEventFilter(self)

    def refused(self, button: QAbstractButton) -> bool:
        return self._state in CLOSED and not permitted(self._role, self._actions[button], self._state)

    def set_state(self, record_state: str | None) -> None:
        self._state = record_state
        for button in self._actions:
            self._apply(button)

    def _apply(self, button: QAbstractButton) -> None:
        wanted = not button.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled) or button in self._held
        refused = self.refused(button)
        self._forcing = True
        try:
            if refused and wanted:
                self._held.add(button)
                button.setEnabled(False)
                button.setToolTip(tr(CLOSED_TIP.get(self._state or "", "")))
            elif not refused and button in self._held:
                self._held.discard(button)
                button.setEnabled(True)
                button.setToolTip("")
        finally:
            self._forcing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  # Qt's name
        if (event.type() == QEvent.Type.EnabledChange and not self._forcing
                and isinstance(watched, QAbstractButton) and watched in self._actions):
            if not watched.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled):
                self._held.discard(watched)  # the page enabled it: held again if refused
                self._apply(watched)
            else:
                self._held.discard(watched)  # the page disabled it itself
        return False


def shows_any(page: QWidget, written: frozenset[str]) -> bool:
    """Whether ``page`` shows one of the record kinds (tables) ``written``; a page that
    declares nothing, or a write that reported nothing, counts as yes."""
    reads: frozenset[str] | None = getattr(page, "READS", None)
    return not written or reads is None or bool(reads & written)


class CaseWorkspace(QWidget):
    """``changed`` after a page wrote something (the window refreshes its lists)."""

    changed = Signal()

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.case: CaseRow | None = None
        self.header = CaseHeader()
        self.header.setText(tr(NO_CASE))
        self.timeline = TimelineTree()
        self.timeline.setHeaderLabels(headers(TIMELINE_HEADERS))
        self.timeline.setRootIsDecorated(False)
        for column, width in enumerate((100, 60, 220)):
            self.timeline.setColumnWidth(column, width)
        self.execution = ExecutionSheetPage(runner, user)
        self.tabs = PageList()  # the case's pages: their titles in rows above them, no tab bar
        self.tabs.addTab(self.timeline, tab_title("overview"))  # OVERVIEW
        self.tabs.addTab(self.execution, tab_title("execution"))  # EXECUTION
        self.pages: list[tuple[QWidget, Callable[[int], None]]] = [
            (self.execution, self._load_execution)]
        self._stale: set[QWidget] = set()  # pages not yet shown for this case
        self._prescription_id: int | None = None
        self._page_for: dict[str, QWidget] = {"treatment_session": self.execution}
        self.execution.changed.connect(lambda: self._page_changed(self.execution))
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        self.claims = ClaimsPage(runner, user)
        self.claims.open_record.connect(self.open_record)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)
        self.application = ApplicationPage(runner, user)  # issue 19
        self.add_page(self.application, tab_title("application"),
                      shows=("rehab_application", "application_item"))
        self.approvals = ApprovalPage(runner, user)
        self.add_page(self.approvals, tab_title("approval"), shows=("approval",))
        self.expert_devices = ExpertDevicesPage(runner, user)  # issue 19: 专家评估, 辅助器具
        self.add_page(self.expert_devices, tab_title("expert_devices"),
                      shows=("expert_evaluation", "device_record"))
        self.plan = PlanPage(runner, user)
        self.add_page(self.plan, tab_title("plan"), shows=("treatment_plan",))
        self.prescriptions = PrescriptionsPage(runner, user)
        self.add_page(self.prescriptions, tab_title("prescriptions"), shows=("prescription",))
        self.assessments = AssessmentsPage(runner, user)
        self.add_page(self.assessments, tab_title("assessments"), shows=("assessment",))
        self.outcome = OutcomeReportPage(runner, user)
        self.add_page(self.outcome, tab_title("outcome"))
        self.consent = ConsentPage(runner, user)
        self.add_page(self.consent, tab_title("consent"), shows=("out_of_scope_consent",))
        self.discharge = DischargePage(runner, user)
        self.add_page(self.discharge, tab_title("discharge"))
        if permitted(user.role, Action.TRANSFER_RECORD, "draft"):  # 转院: for those who record them
            self.add_page(TransferPage(runner, user), tab_title("transfer"), shows=("case_transfer",))
        self.add_page(self.claims, tab_title("claims"))
        self.charges: ChargesPage | None = None  # 费用: for those who charge fees only
        if permitted(user.role, "fee.charge", "draft"):
            self.charges = ChargesPage(runner, user)
            self.add_page(self.charges, tab_title("charges"), shows=("fee_line",))
        self.closed_guard = ClosedCaseGuard(user.role, self)
        for name, buttons in WRITE_BUTTONS.items():
            page = getattr(self, name, None)
            for attribute, action in buttons if page is not None else ():
                button = getattr(page, attribute, None)
                if isinstance(button, QAbstractButton):
                    self.closed_guard.watch(button, action)

    def add_page(self, page: QWidget, title: str, shows: tuple[str, ...] = ()) -> None:
        """Another page of the case (plan, prescriptions, assessments…); ``shows``: the
        record types it is the place to fix."""
        load: Callable[[int], None] = page.load  # type: ignore[attr-defined]
        self.pages.append((page, load))
        self.tabs.addTab(page, title)
        self._page_for.update(dict.fromkeys(shows, page))
        page.changed.connect(lambda: self._page_changed(page))  # type: ignore[attr-defined]
        self._stale.add(page)
        self._load_current()

    def _load_execution(self, case_id: int) -> None:
        assert self.case is not None
        self.execution.load(case_id, self.case.patient_name, self._prescription_id)

    def _load_current(self) -> None:
        """Pages load when shown: opening a case reads only what is on screen."""
        current = self.tabs.currentWidget()
        if self.case is None or current not in self._stale:
            return
        self._stale.discard(current)
        for page, load in self.pages:
            if page is current:
                load(self.case.id)

    def _page_changed(self, source: QWidget) -> None:
        """One page wrote: the others that show what it wrote read the case again when
        next shown (a signed plan changes what the prescriptions offer, a session the
        claim); the window refreshes."""
        written = self._runner.changes.last
        self._stale = {page for page, _ in self.pages
                       if page is not source and shows_any(page, written)}
        self._load_current()
        self.changed.emit()

    @Slot(str, int)
    def open_record(self, record_type: str, record_id: int) -> None:
        """Show the page where ``record_type`` is kept (the overview if none is)."""
        page = self._page_for.get(record_type, self.timeline)
        self.tabs.setCurrentWidget(page)
        select = getattr(page, "select_record", None)
        reads = getattr(page, "reads", None)
        if callable(select) and isinstance(reads, PageReads):
            reads.after_shown(partial(select, record_type, record_id))  # once its rows are in
        elif callable(select):
            select(record_type, record_id)

    def show_case(self, row: CaseRow, prescription_id: int | None = None) -> None:
        self.case = row
        self.header.show_case(row)
        self.closed_guard.set_state(row.record_state)
        self.tabs.setEnabled(True)
        self._prescription_id = prescription_id
        self._cancel_reads()
        self._stale = {page for page, _ in self.pages}
        if prescription_id is not None:
            self.tabs.setCurrentWidget(self.execution)
        self._load_current()

    def reload_pages(self) -> None:
        """Something outside the pages changed the case (a correction): read it again."""
        self._stale = {page for page, _ in self.pages}
        self._load_current()

    def refresh_header(self, row: CaseRow) -> None:
        """The same case after a change (its state, period or days left moved)."""
        self.case = row
        self.header.show_case(row)
        self.closed_guard.set_state(row.record_state)

    def _cancel_reads(self) -> None:
        """What the pages were still reading of the previous case is not shown."""
        for reads in self.findChildren(PageReads):
            reads.cancel()

    def clear(self) -> None:
        self._cancel_reads()
        self.case = None
        self.header.setText(tr(NO_CASE))
        self.closed_guard.set_state(None)
        self.timeline.clear()
        self.tabs.setCurrentIndex(OVERVIEW)
        self.tabs.setEnabled(False)
