"""The opened case: a header (who, which case, what state, how long the approval runs)
and one tab per page of the archive.

The overview tab holds the timeline (the main window's archive menu works on it); the
other pages follow one contract: ``Page(runner, user)``, ``load(case_id)`` and a
``changed`` signal after each write, upon which the workspace reads again, when next
shown, the pages that show a record kind the write committed (``CasePage.READS``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QTabWidget, QTreeWidget, QVBoxLayout, QWidget

from desktop_app.domain.permissions import permitted
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.case_view import CaseRow
from desktop_app.ui.claims.charges_page import ChargesPage
from desktop_app.ui.claims.claims_page import ClaimsPage
from desktop_app.ui.clinical.assessments import AssessmentsPage
from desktop_app.ui.clinical.consent import ConsentPage
from desktop_app.ui.clinical.discharge import DischargePage
from desktop_app.ui.clinical.execution_sheet import ExecutionSheetPage
from desktop_app.ui.clinical.outcome_report import OutcomeReportPage
from desktop_app.ui.clinical.plan_editor import PlanPage
from desktop_app.ui.clinical.prescriptions import PrescriptionsPage
from desktop_app.ui.intake.application_page import ApplicationPage
from desktop_app.ui.intake.approval_page import ApprovalPage
from desktop_app.ui.kit.i18n import QT_TR_NOOP, QT_TRANSLATE_NOOP, headers, tr, tr_in
from desktop_app.ui.kit.labels import SETTING, STAGE, STATUS
from desktop_app.ui.kit.runner import PageReads, Runner

NO_CASE = QT_TR_NOOP("请选择病例")
TIMELINE_HEADERS = (QT_TR_NOOP("日期"), QT_TR_NOOP("类别"), QT_TR_NOOP("事项"), QT_TR_NOOP("详情"))
# Tab titles name a page (评估: "Assessments"), not a record kind (labels.TIMELINE_KIND).
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
}
OVERVIEW, EXECUTION = 0, 1


def tab_title(key: str) -> str:
    return tr_in("tab", TAB[key])


def header_text(row: CaseRow) -> str:
    period = (tr("核准 {start} 至 {end}").format(start=row.approved_from, end=row.approved_to)
              if row.approved_from else tr("尚未核准"))
    left = ""
    if row.days_left is not None:
        left = tr("，已到期") if row.days_left < 0 else tr("，剩 {days} 天").format(days=row.days_left)
    return (f"{row.patient_name}　{row.case_number}　{tr(STATUS.get(row.status, row.status))}　"
            f"{tr(STAGE.get(row.stage, row.stage))}·{tr(SETTING.get(row.setting, row.setting))}　"
            f"{period}{left}")


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
        self.header = QLabel(tr(NO_CASE))
        self.header.setObjectName("caseHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px;")
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels(headers(TIMELINE_HEADERS))
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        for column, width in enumerate((100, 60, 220)):
            self.timeline.setColumnWidth(column, width)
        self.execution = ExecutionSheetPage(runner, user)
        self.tabs = QTabWidget()
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
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)
        self.application = ApplicationPage(runner, user)  # issue 19
        self.add_page(self.application, tab_title("application"),
                      shows=("rehab_application", "application_item"))
        self.approvals = ApprovalPage(runner, user)
        self.add_page(self.approvals, tab_title("approval"), shows=("approval",))
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
        self.add_page(self.claims, tab_title("claims"))
        self.charges: ChargesPage | None = None  # 费用: for those who charge fees only
        if permitted(user.role, "fee.charge", "draft"):
            self.charges = ChargesPage(runner, user)
            self.add_page(self.charges, tab_title("charges"), shows=("fee_line",))

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
        self.header.setText(header_text(row))
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
        self.header.setText(header_text(row))

    def _cancel_reads(self) -> None:
        """What the pages were still reading of the previous case is not shown."""
        for reads in self.findChildren(PageReads):
            reads.cancel()

    def clear(self) -> None:
        self._cancel_reads()
        self.case = None
        self.header.setText(tr(NO_CASE))
        self.timeline.clear()
        self.tabs.setCurrentIndex(OVERVIEW)
        self.tabs.setEnabled(False)
