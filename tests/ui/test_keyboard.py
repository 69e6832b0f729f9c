"""Keyboard: every screen can be worked through with Tab, in reading order, without a
trap (tests/ui/keys.py presses the real Tab key); Enter is the dialog's main button and
Escape cancels; every menu item has a mnemonic or a shortcut, no shortcut twice.

Window shortcuts cannot fire here (the offscreen window is never active), so their key
sequences are checked instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMenu, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.admin.first_run_dialog import FirstRunDialog
from desktop_app.ui.admin.first_run_wizard import FirstRunWizard
from desktop_app.ui.admin.institution_dialog import InstitutionDialog
from desktop_app.ui.admin.outcome_settings_dialog import OutcomeSettingsDialog
from desktop_app.ui.admin.user_admin import UserAdminDialog
from desktop_app.ui.claims.case_terms_dialog import AgencyIdsDialog, CourseEndDialog, PaymentTermsDialog
from desktop_app.ui.claims.catalogue_dialog import CatalogueDialog
from desktop_app.ui.claims.claims_month import ClaimsMonthDialog
from desktop_app.ui.clinical.follow_up_dialog import FollowUpDialog
from desktop_app.ui.clinical.leave_dialog import LeaveDialog
from desktop_app.ui.clinical.notice_dialog import NoticeDialog
from desktop_app.ui.clinical.prescriptions import PrescriptionsPage
from desktop_app.ui.clinical.signature_dialog import PatientSignatureDialog
from desktop_app.ui.clinical.value_report_dialog import ValueReportDialog
from desktop_app.ui.intake.admission_dialog import AdmissionDialog
from desktop_app.ui.intake.approval_page import ApprovalPage
from desktop_app.ui.intake.intake_dialog import IntakeDialog
from desktop_app.ui.integrity.amendment_dialog import AmendmentDialog
from desktop_app.ui.integrity.audit_view import AuditHistoryDialog
from desktop_app.ui.integrity.verify_dialog import VerifyDialog
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.records.package_export import binder_export_dialog
from desktop_app.ui.records.retention_view import RetentionDialog
from desktop_app.ui.shell.lock_screen import LockScreen
from desktop_app.ui.shell.login_dialog import LoginDialog
from desktop_app.ui.shell.main_window import CASES, MainWindow
from tests.services.test_worklist_search import prescribed_case
from tests.ui.keys import default_button, keyboard_problems, tab_stop
from tests.ui.test_amendment_dialog import signed_sessions
from tests.ui.test_first_run_wizard import data_folder, fill_page
from tests.ui.test_staff_signature import draft_prescription
from tests.ui.ward import Ward, loaded, ward

__all__ = ["data_folder", "ward"]  # the fixtures
# Layout and keys of the widgets: the archive behind them only fills them, so SQLite alone.
pytestmark = pytest.mark.sqlite_only

ROLES = {"physician": ("doc", "王医生"), "therapist": ("pt", "李治疗师"),
         "records_officer": ("ro", "孙档案员"), "admin": ("admin", "管理员")}


def signed_in(ward: Ward, role: str) -> SignedIn:
    archive = ward.archive
    user_id = {"physician": archive.physician, "therapist": archive.therapist,
               "records_officer": archive.officer, "admin": archive.admin}[role]
    username, name = ROLES[role]
    return SignedIn(user_id, username, name, role)


def runner_for(ward: Ward, role: str) -> Runner:
    return ward.runner.as_actor(signed_in(ward, role).user_id)


KEPT: list[QWidget] = []  # what opened a dialog, kept alive while the test looks at it


@pytest.fixture(autouse=True)
def kept() -> Iterator[None]:
    yield
    KEPT.clear()


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    KEPT.append(widget)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def opened(parent: QWidget, kind: type[QDialog]) -> QDialog:
    """The dialog of ``kind`` that ``parent`` just opened."""
    QApplication.processEvents()
    found = [d for d in parent.findChildren(kind) if d.isVisible()]
    assert found, f"no {kind.__name__} opened"
    return found[-1]


def tab_pages(window: QWidget) -> list[tuple[str, QWidget]]:
    """Each page of the window's tab widgets shown in turn: (where, window)."""
    seen: list[tuple[str, QWidget]] = [("", window)]
    for tabs in window.findChildren(QTabWidget):
        for index in range(1, tabs.count()):
            tabs.setCurrentIndex(index)
            seen.append((tabs.tabText(index), window))
    return seen


# ------------------------------------------------------------- the case workspace



@pytest.mark.parametrize("role", ROLES)
def test_the_main_window_and_every_case_page_in_reading_order(ward: Ward, qtbot: QtBot,
                                                               role: str) -> None:
    case_id, prescription_id = prescribed_case(ward.archive)
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", signed_in(ward, role))
    loaded(qtbot)
    shown(qtbot, window)
    problems = {"home": keyboard_problems(window)}
    window.open_case(case_id, prescription_id)
    loaded(qtbot)
    assert window.sections.currentIndex() == CASES
    tabs = window.workspace.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        loaded(qtbot)
        problems[tabs.tabText(index)] = keyboard_problems(window)
    assert {page: found for page, found in problems.items() if found} == {}
    assert len(problems) == tabs.count() + 1


# ------------------------------------------------------------------- the dialogs

Opener = Callable[[Ward, QtBot], QWidget]


def intake(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, IntakeDialog(runner_for(ward, "records_officer"),
                                     signed_in(ward, "records_officer")))


def admission(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, AdmissionDialog(runner_for(ward, "records_officer"),
                                        signed_in(ward, "records_officer"), ward.case_id))


def approval(ward: Ward, qtbot: QtBot) -> QWidget:
    page = ApprovalPage(runner_for(ward, "records_officer"), signed_in(ward, "records_officer"))
    shown(qtbot, page)
    page.load(ward.case_id)
    loaded(qtbot)
    page.open_dialog()
    assert page.dialog is not None
    return page.dialog


def application(ward: Ward, qtbot: QtBot) -> QWidget:
    """The application dialog of the 申请 tab (issue 19)."""
    from desktop_app.ui.intake.application_page import ApplicationPage

    page = ApplicationPage(runner_for(ward, "records_officer"), signed_in(ward, "records_officer"))
    shown(qtbot, page)
    page.load(ward.case_id)
    loaded(qtbot)
    dialog = page.open_application_dialog()
    assert dialog is not None
    return dialog


def transfer_dialog(opener: str) -> Opener:
    """The transfer out and in dialogs of the 转院 tab (issue 19)."""
    def open_dialog(ward: Ward, qtbot: QtBot) -> QWidget:
        from desktop_app.ui.clinical.transfer_page import TransferPage

        page = TransferPage(runner_for(ward, "physician"), signed_in(ward, "physician"))
        shown(qtbot, page)
        page.load(ward.case_id)
        loaded(qtbot)
        dialog = getattr(page, opener)()
        assert dialog is not None
        return dialog  # type: ignore[no-any-return]
    return open_dialog
def expert_page(ward: Ward, qtbot: QtBot) -> QWidget:
    from desktop_app.ui.clinical.expert_devices import ExpertDevicesPage

    page = ExpertDevicesPage(runner_for(ward, "physician"), signed_in(ward, "physician"))
    shown(qtbot, page)
    page.load(ward.case_id)
    loaded(qtbot)
    return page


def expert_evaluation(ward: Ward, qtbot: QtBot) -> QWidget:
    """The expert evaluation dialog of the 评估与辅具 page (issue 19)."""
    dialog = expert_page(ward, qtbot).open_evaluation_dialog()  # type: ignore[attr-defined]
    assert dialog is not None
    return dialog  # type: ignore[no-any-return]


def device_record(ward: Ward, qtbot: QtBot) -> QWidget:
    """The assistive device dialog of the 评估与辅具 page (issue 19)."""
    dialog = expert_page(ward, qtbot).open_device_dialog()  # type: ignore[attr-defined]
    assert dialog is not None
    return dialog  # type: ignore[no-any-return]


def staff_signature(ward: Ward, qtbot: QtBot) -> QWidget:
    case_id, _prescription_id = draft_prescription(ward)
    page = PrescriptionsPage(runner_for(ward, "physician"), signed_in(ward, "physician"))
    shown(qtbot, page)
    page.load(case_id)
    loaded(qtbot)
    page.table.selectRow(0)
    page.sign_selected()
    assert page.dialog is not None
    return page.dialog


def catalogue(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, CatalogueDialog(runner_for(ward, "admin")))


def institution(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, InstitutionDialog(runner_for(ward, "admin"), None))  # type: ignore[arg-type]


def user_admin(ward: Ward, qtbot: QtBot) -> UserAdminDialog:
    dialog = UserAdminDialog(runner_for(ward, "admin"), None)  # type: ignore[arg-type]
    assert dialog.reload()
    shown(qtbot, dialog)
    dialog.table.selectRow(1)
    return dialog


def add_user(ward: Ward, qtbot: QtBot) -> QWidget:
    return user_admin(ward, qtbot).add_user()


def reset_password(ward: Ward, qtbot: QtBot) -> QWidget:
    found = user_admin(ward, qtbot).reset_password()
    assert found is not None
    return found


def audit(ward: Ward, qtbot: QtBot) -> QWidget:
    dialog = AuditHistoryDialog(runner_for(ward, "records_officer"), None)  # type: ignore[arg-type]
    assert dialog.reload()
    return shown(qtbot, dialog)


def amendment(ward: Ward, qtbot: QtBot) -> QWidget:
    case_id, sessions = signed_sessions(ward)
    return shown(qtbot, AmendmentDialog(runner_for(ward, "therapist"), case_id, "张三　测试病例",
                                        ("treatment_session", sessions[0])))


def retention(ward: Ward, qtbot: QtBot) -> RetentionDialog:
    ward.archive.archived_case()
    dialog = RetentionDialog(runner_for(ward, "admin"), "admin")
    assert dialog.reload()
    shown(qtbot, dialog)
    dialog.table.selectRow(0)
    return dialog


def from_retention(action: str) -> Opener:
    """What the retention dialog's button ``action`` opens for its first row."""
    def opener(ward: Ward, qtbot: QtBot) -> QWidget:
        found = getattr(retention(ward, qtbot), action)()
        assert found is not None
        return found
    return opener


def verify(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, VerifyDialog(runner_for(ward, "admin")))


def export(ward: Ward, qtbot: QtBot) -> QWidget:
    case_id = ward.archive.archived_case()
    return shown(qtbot, binder_export_dialog(runner_for(ward, "records_officer"), case_id,
                                             "张三", None))  # type: ignore[arg-type]


def claims_month(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, ClaimsMonthDialog(runner_for(ward, "records_officer"),
                                          signed_in(ward, "records_officer")))


def outcome_settings(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, OutcomeSettingsDialog(runner_for(ward, "admin"), None))  # type: ignore[arg-type]


def login(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, LoginDialog(ward.runner, hint="演示档案"))


def first_administrator(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, FirstRunDialog(ward.runner))


def lock_screen(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, LockScreen())


def patient_signature(ward: Ward, qtbot: QtBot, *, paper: bool = False) -> QWidget:
    dialog = PatientSignatureDialog(["2026-04-04　10:00–10:30　运动疗法　1 次"], heading="患者 张三",
                                    patient_name="张三", paper=paper)
    dialog.kind_buttons["relative"].setChecked(True)  # every field shown
    return shown(qtbot, dialog)


def paper_signature(ward: Ward, qtbot: QtBot) -> QWidget:
    return patient_signature(ward, qtbot, paper=True)


def leave(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, LeaveDialog(runner_for(ward, "therapist"), ward.case_id, None))  # type: ignore[arg-type]


def payment_terms(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, PaymentTermsDialog(runner_for(ward, "records_officer"), ward.case_id))


def course_end(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, CourseEndDialog(runner_for(ward, "physician"), ward.case_id))


def agency_ids(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, AgencyIdsDialog(runner_for(ward, "records_officer"), ward.case_id))


def follow_up(ward: Ward, qtbot: QtBot) -> QWidget:
    case_id = ward.archive.discharged_case()
    return shown(qtbot, FollowUpDialog(runner_for(ward, "records_officer"),
                                       signed_in(ward, "records_officer"), case_id))


def appraisal(ward: Ward, qtbot: QtBot) -> QWidget:
    """职业康复与先康复后鉴定 of the outcome report (issue 19, item 7), as the physician."""
    from desktop_app.ui.clinical.outcome_report import OutcomeReportPage

    page = OutcomeReportPage(runner_for(ward, "physician"), signed_in(ward, "physician"))
    shown(qtbot, page)
    page.load(ward.archive.admitted_case())
    loaded(qtbot)
    dialog = page.open_appraisal()
    assert dialog is not None
    loaded(qtbot)
    return dialog
def value_report(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, ValueReportDialog(runner_for(ward, "physician"), signed_in(ward, "physician"),
                                          ward.case_id))


def notice(ward: Ward, qtbot: QtBot) -> QWidget:
    from desktop_app.db.models import RehabCase
    from desktop_app.domain.rules.packs import pack_for
    from tests.archive_fixture import APPROVAL

    case_id = ward.archive.admitted_case()
    with ward.archive.uow(ward.archive.officer) as u:  # a case under Beijing Art. 14
        u.session.get(RehabCase, case_id).policy_pack = pack_for("beijing", APPROVAL).code  # type: ignore[union-attr]
        u.commit()
    return shown(qtbot, NoticeDialog(runner_for(ward, "physician"), signed_in(ward, "physician"), case_id))


DIALOGS: dict[str, Opener] = {
    "intake": intake, "admission": admission, "approval": approval,
    "staff_signature": staff_signature, "catalogue": catalogue, "institution": institution,
    "user_admin": user_admin, "add_user": add_user, "reset_password": reset_password,
    "audit": audit, "amendment": amendment, "retention": retention,
    "hold": from_retention("toggle_hold"), "extend": from_retention("extend"),
    "seal": from_retention("seal"), "disposal": from_retention("open_disposal"),
    "verify": verify, "export": export, "claims_month": claims_month,
    "outcome_settings": outcome_settings, "login": login,
    "first_administrator": first_administrator, "lock_screen": lock_screen,
    "patient_signature": patient_signature, "paper_signature": paper_signature,
    "leave": leave, "payment_terms": payment_terms, "course_end": course_end,
    "agency_ids": agency_ids, "follow_up": follow_up,
    "application": application,
    "appraisal": appraisal,
    "value_report": value_report, "notice": notice,
    "transfer_out": transfer_dialog("open_out_dialog"), "transfer_in": transfer_dialog("open_in_dialog"),
    "expert_evaluation": expert_evaluation, "device_record": device_record,
}
# The patient's signature dialog, on the pad and on paper, has no default button on
# purpose: Enter must not sign.
PATIENT_SIGNATURE = ("patient_signature", "paper_signature")


@pytest.mark.parametrize("name", DIALOGS)
def test_every_dialog_in_reading_order(ward: Ward, qtbot: QtBot, name: str) -> None:
    window = DIALOGS[name](ward, qtbot)
    problems = {where or "-": keyboard_problems(shown_window)
                for where, shown_window in tab_pages(window)}
    assert {where: found for where, found in problems.items() if found} == {}


def test_the_first_run_wizard_pages_in_reading_order(qtbot: QtBot, data_folder: object) -> None:
    wizard = shown(qtbot, FirstRunWizard())
    assert isinstance(wizard, FirstRunWizard)
    problems = {}
    for _ in range(4):
        page = wizard.currentPage()
        problems[page.title()] = keyboard_problems(wizard)
        if page is wizard.finish_page:
            break
        fill_page(wizard)
        wizard.next()
    assert {page: found for page, found in problems.items() if found} == {}
    assert len(problems) == 4 and wizard.currentPage() is wizard.finish_page


# ------------------------------------------------------------ Enter and Escape

# Enter in the login form's fields signs in (returnPressed), so the button is no default:
# Enter would sign in twice. The audit history is read only: Enter has nothing to do.
NO_DEFAULT = ("login", "audit")


@pytest.mark.parametrize("name", [n for n in DIALOGS if n != "lock_screen"])
def test_enter_is_the_main_button_and_escape_cancels(ward: Ward, qtbot: QtBot, name: str) -> None:
    dialog = DIALOGS[name](ward, qtbot)
    assert isinstance(dialog, QDialog)
    fields = [f for f in dialog.findChildren(QLineEdit) if tab_stop(f, dialog)]
    if fields:
        fields[0].setFocus()  # typing in a field, not on a button
    button = default_button(dialog)
    if name in NO_DEFAULT or name in PATIENT_SIGNATURE:
        assert button is None
    else:
        # Enabled once the form is complete (an ID number typed again, a ticked confirmation).
        assert button is not None, f"{name}: Enter presses nothing"
    with qtbot.waitSignal(dialog.finished, timeout=1000) as closed:
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert closed.args == [QDialog.DialogCode.Rejected.value] and not dialog.isVisible()


# --------------------------------------------------------------------- the menus

def menu_actions(window: MainWindow) -> list[tuple[QMenu, QAction]]:
    found = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            found += [(menu, action) for action in menu.actions() if not action.isSeparator()]
            found += [(sub, action) for sub in menu.findChildren(QMenu) for action in sub.actions()]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_item_has_a_key(ward: Ward, qtbot: QtBot, role: str) -> None:
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", signed_in(ward, role))
    loaded(qtbot)
    qtbot.addWidget(window)
    titles = [a for a in window.menuBar().actions() if a.isVisible()]
    keys = [QKeySequence.mnemonic(a.text()) for a in titles]
    assert all(not k.isEmpty() for k in keys), [a.text() for a in titles]
    assert len(set(keys)) == len(keys), [a.text() for a in titles]
    shortcuts: list[QKeySequence] = []
    for menu, action in menu_actions(window):
        if not action.isVisible():
            continue
        mnemonic = QKeySequence.mnemonic(action.text())
        assert not (mnemonic.isEmpty() and action.shortcut().isEmpty()), \
            f"{menu.title()} → {action.text()}: no key"
        shortcuts += [s for s in action.shortcuts() if not s.isEmpty()]
    for menu in {m for m, _ in menu_actions(window)}:
        keys = [QKeySequence.mnemonic(a.text()) for a in menu.actions()
                if a.isVisible() and not a.isSeparator()]
        keys = [k for k in keys if not k.isEmpty()]
        assert len(set(keys)) == len(keys), menu.title()
    texts = [s.toString() for s in shortcuts]
    assert len(set(texts)) == len(texts), texts
    assert "Ctrl+L" in texts  # Quit's standard key is none on Windows: its access key serves
