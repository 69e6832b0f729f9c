"""The Chinese-only walk: every dialog and page of the app, opened in the Chinese interface
(the app's labels as written, Qt's own strings through qtbase_zh_CN), shows no English word
that is not data — in labels, buttons, group titles, tabs, table headings and cells,
placeholders, tooltips, window titles, list and combo entries and menu items.

What may stay in Latin letters is listed in ``ALLOWED``: codes and abbreviations a Chinese
form prints as they are (ICD, BI, BBS, PDF…), units, file extensions, key names, product
names, and the instruments' proper names from the reference data. Paths, numbers with
letters (GS2026-0012, S72.001), hashes and single letters (mnemonics, 第 V 版) are data.

Each page of a stacked widget (the section tabs, the case pages, a dialog's tabs) is shown
in turn and read once its data has arrived. The walk is shown to fail: a planted English
label, and a whole dialog in the English interface, are caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import StaffUser
from desktop_app.domain.instruments import load_instruments
from desktop_app.domain.vocabulary import Role
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import claim_answers
from desktop_app.ui.admin.first_run_wizard import FirstRunWizard
from desktop_app.ui.claims.charges_page import ChargesPage
from desktop_app.ui.claims.claims_page import ClaimsPage
from desktop_app.ui.claims.monthly_summary_dialog import MonthlySummaryDialog
from desktop_app.ui.intake.fields import date_edit
from desktop_app.ui.kit import i18n
from desktop_app.ui.records.disposal_view import DisposalDialog
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.statistics.statistics_dialog import StatisticsDialog
from tests.archive_fixture import ADMISSION
from tests.services.test_assessment_view import assess, bbs, bi_values
from tests.services.test_worklist_search import prescribed_case
from tests.ui.test_claim_desk import desk_page, exported_april_and_may_draft
from tests.ui.test_claims_export import final_claim
from tests.ui.test_first_run_wizard import data_folder, fill_page
from tests.ui.test_i18n import english
from tests.ui.test_keyboard import (
    DIALOGS,
    KEPT,
    ROLES,
    Opener,
    from_retention,
    kept,
    runner_for,
    shown,
    signed_in,
)
from tests.ui.ward import Ward, loaded, type_chinese, ward

__all__ = ["data_folder", "english", "kept", "ward"]  # the fixtures
# The words on the widgets: the archive behind them only fills them, so SQLite alone.
pytestmark = pytest.mark.sqlite_only

# What a Chinese form prints in Latin letters.
INSTRUMENT_NAMES = {"Barthel", "Fugl", "Meyer", "Berg", "Ashworth", "Shah", "Lovett", "MRC",
                    "Brunnstrom", "VAS", "NRS", "NT"}
CODES = {"ICD", "ID", "PDF", "A", "CSV", "XLSX", "JSON", "ZIP", "HIS", "GBK", "UTF", "WS", "GB",
         "GS", "CA", "IC", "QR", "DRAFT", "UTC", "PNG", "JPG", "JPEG", "TIFF", "SQL"}
UNITS = {"mm", "cm", "kg", "ml", "min", "h", "km", "MB", "GB", "KB", "TB", "ms", "s"}
EXTENSIONS = {"pdf", "zip", "csv", "xlsx", "json", "png", "jpg", "jpeg", "tif", "tiff", "txt",
              "sqlite", "sqlite3", "xml", "p12", "pfx", "ts", "qm"}
KEYS = {"Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Del", "F1"}
PRODUCTS = {"SQLite", "PostgreSQL", "Windows", "Excel", "WPS"}
LANGUAGES = {"English"}  # the language menu names each language in itself
ALLOWED = frozenset(set(load_instruments()) | INSTRUMENT_NAMES | CODES | UNITS | EXTENSIONS
                    | KEYS | PRODUCTS | LANGUAGES | {"OD"})  # OD: the occupational-disease category

TAG = re.compile(r"<[^>]*>|&nbsp;|&amp;|&lt;|&gt;")
# Data: URLs, paths, e-mail addresses, anything with a digit in it (codes, numbers, hashes).
# A command the user types (rehab-desktop --demo, rehab-archive anchor) is data too.
DATA = re.compile(r"\w+://\S+|(?:[A-Za-z]:)?(?:[\\/][\w.~-]+)+[\\/]?|\S+@\S+"
                  r"|rehab-(?:archive|desktop)(?:\s+--?[\w-]+|\s+[a-z-]+)?"
                  r"|[A-Za-z0-9_.+-]*\d[A-Za-z0-9_.+-]*")
MACHINE_RECORD = '{"'  # an audit event's details as recorded (column names and values)
# Protocol names are never data, even with a number (SHA-256, PKCS#12, RFC 3161): say
# 校验值, 数字签名, 完整性校验包 instead.
PROTOCOL = re.compile(r"\b(SHA|PKCS|RFC|BagIt|PAdES|CAdES|XAdES)(?=\b|[-#\d])", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def english_words(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that are neither data (``data``: the archive's own
    words, such as user names) nor allowed."""
    if text.startswith(MACHINE_RECORD):
        return []
    words = PROTOCOL.findall(text)
    text = DATA.sub(" ", TAG.sub(" ", PROTOCOL.sub(" ", text).replace("&&", "&").replace("&", "")))
    for word in WORD.findall(text):
        if word in data:
            continue
        parts = [p for p in re.split(r"['’-]", word) if p]
        if len(word) > 1 and not all(p in ALLOWED or len(p) == 1 for p in parts):
            words.append(word)
    return words


# ----------------------------------------------------------------- what a person reads

def _model_texts(model: QAbstractItemModel, rows: int = 60) -> Iterator[str]:
    display = Qt.ItemDataRole.DisplayRole
    top = QModelIndex()
    try:
        columns = model.columnCount(top)
    except TypeError:  # a list model's columnCount is private: one column
        columns = 1
    for orientation in (Qt.Orientation.Horizontal,):
        for column in range(columns):
            for role in (display, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(column, orientation, role)
                if isinstance(value, str):
                    yield value
    for row in range(min(rows, model.rowCount(top))):
        for column in range(columns):
            for role in (display, Qt.ItemDataRole.ToolTipRole):
                value = model.index(row, column).data(role)
                if isinstance(value, str):
                    yield value


def _menu_texts(menu: QMenu) -> Iterator[str]:
    yield menu.title()
    for action in menu.actions():
        if action.isVisible() and not action.isSeparator():
            yield action.text()
            if action.toolTip() != action.text().replace("&", ""):
                yield action.toolTip()
            yield action.statusTip()
            if action.menu() is not None:
                yield from _menu_texts(action.menu())  # type: ignore[arg-type]


def widget_texts(widget: QWidget) -> Iterator[str]:
    """What a person can read on ``widget`` itself (not its children)."""
    if widget.isWindow():
        yield widget.windowTitle()
    yield widget.toolTip()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    for action in widget.actions():  # context menus and shortcuts with a name
        if action.isVisible():
            yield action.text()
    if isinstance(widget, QLabel):
        yield _as_read(widget)
    elif isinstance(widget, QAbstractButton):
        yield widget.text()
        menu = getattr(widget, "menu", lambda: None)()
        if isinstance(menu, QMenu):
            yield from _menu_texts(menu)
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QLineEdit):
        yield widget.placeholderText()  # the text typed is the user's
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        yield widget.placeholderText()
        if widget.isReadOnly():
            yield widget.toPlainText()  # written by the program
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    elif isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
        for part in ("prefix", "suffix"):
            getter = getattr(widget, part, None)
            if callable(getter):
                yield getter()
    elif isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield widget.tabText(index)
            yield widget.tabToolTip(index)
    elif isinstance(widget, QProgressBar):
        yield widget.text()
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) \
            and widget.model() is not None:
        yield from _model_texts(widget.model())
    if isinstance(widget, QMainWindow):
        for action in widget.menuBar().actions():
            if action.isVisible() and isinstance(action.menu(), QMenu):
                yield from _menu_texts(action.menu())  # type: ignore[arg-type]
    if isinstance(widget, QWizard):
        page = widget.currentPage()
        if page is not None:
            yield page.title()
            yield page.subTitle()


def _as_read(label: QLabel) -> str:
    """A label's text as a person reads it: rich text (coloured legends, links) without its
    markup, which is no English of the interface."""
    text = label.text()
    if label.textFormat() == Qt.TextFormat.PlainText or not QtGui.Qt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(widget class, text) for ``root`` and every visible widget in it."""
    for widget in (root, *root.findChildren(QWidget)):
        if widget is root or widget.isVisible():
            for text in widget_texts(widget):
                if text:
                    yield type(widget).__name__, text


class Walk:
    """The English words found on a window, each page of its stacked widgets shown in turn."""

    def __init__(self, qtbot: QtBot, data: frozenset[str] = frozenset()) -> None:
        self.qtbot = qtbot
        self.data = data
        self.found: dict[str, set[str]] = {}  # word → where
        self.pages = 0
        self.seen: list[str] = []  # the pages read

    def read(self, root: QWidget, where: str) -> None:
        typed = {w for field in root.findChildren(QLineEdit) for w in WORD.findall(field.text())}
        for kind, text in visible_texts(root):
            for word in english_words(text, self.data | typed):
                self.found.setdefault(word, set()).add(f"{where}: {kind} “{text[:80]}”")

    def window(self, root: QWidget, where: str) -> dict[str, set[str]]:
        QApplication.processEvents()
        self.read(root, where)
        done: set[int] = set()
        for stack in self._stacks(root, root):
            self._stack(root, stack, where, done)
        return self.found

    def _stacks(self, root: QWidget, inside: QWidget) -> list[QStackedWidget]:
        """The visible stacked widgets of ``inside`` not inside another one of it."""
        found = []
        for stack in inside.findChildren(QStackedWidget):
            if not stack.isVisible():
                continue
            parent = stack.parentWidget()
            while parent is not None and parent is not inside and not isinstance(parent, QStackedWidget):
                parent = parent.parentWidget()
            if parent is inside or parent is None:
                found.append(stack)
        return found

    def _stack(self, root: QWidget, stack: QStackedWidget, where: str, done: set[int]) -> None:
        if id(stack) in done:
            return
        done.add(id(stack))
        current = stack.currentIndex()
        for index in range(stack.count()):
            if stack.currentIndex() != index:
                self._show(stack, index)
            self.pages += 1
            page = stack.widget(index)
            self.seen.append(f"{where} / {stack_title(stack, index)}")
            self.read(page, f"{where} / {stack_title(stack, index)}")
            for inner in self._stacks(root, page):
                self._stack(root, inner, where, done)
        if stack.currentIndex() != current and current >= 0:
            self._show(stack, current)

    def _show(self, stack: QStackedWidget, index: int) -> None:
        """Page ``index``, through its tab bar where it has one (the page is then loaded
        as when a person clicks the tab)."""
        tabs = stack.parentWidget()
        if isinstance(tabs, QTabWidget) and tabs.count() == stack.count():
            tabs.setCurrentIndex(index)
        else:
            stack.setCurrentIndex(index)
        loaded(self.qtbot)
        QApplication.processEvents()


def stack_title(stack: QStackedWidget, index: int) -> str:
    bars = stack.parentWidget().findChildren(QTabBar) if stack.parentWidget() else []
    for bar in bars:
        if bar.count() == stack.count():
            return bar.tabText(index)
    return f"#{index}"


def archive_words(ward: Ward) -> frozenset[str]:
    """The archive's own words in Latin letters: user names and licence numbers."""
    with Session(ward.engine) as session:
        staff = session.execute(select(StaffUser.username, StaffUser.licence_number)).all()
    return frozenset(w for row in staff for value in row if value for w in WORD.findall(value))


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The Chinese interface as the app starts it: Qt's own strings through qtbase_zh_CN."""
    assert i18n.install_language(qapp, i18n.SOURCE_LANGUAGE) == i18n.SOURCE_LANGUAGE
    yield


# ------------------------------------------------------------- dialogs not in DIALOGS

def statistics(ward: Ward, qtbot: QtBot) -> QWidget:
    dialog = StatisticsDialog(runner_for(ward, "records_officer"))
    shown(qtbot, dialog)
    loaded(qtbot)
    return dialog


def monthly_summary(ward: Ward, qtbot: QtBot) -> QWidget:
    return shown(qtbot, MonthlySummaryDialog(runner_for(ward, "records_officer"), "2026-04",
                                             signed_in(ward, "records_officer")))


def message_box(ward: Ward, qtbot: QtBot) -> QWidget:
    """Qt's own standard buttons (Yes/No before qtbase_zh_CN was loaded)."""
    box = QMessageBox(QMessageBox.Icon.Question, "确认", "删除这一行？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Ok)
    return shown(qtbot, box)


def calendar(ward: Ward, qtbot: QtBot) -> QWidget:
    """A date field's calendar (before: January, Mon… on a PC whose locale is not Chinese)."""
    field = shown(qtbot, date_edit(ward.archive.clock.today()))
    assert isinstance(field, QDateEdit) and field.calendarPopup()
    popup = field.calendarWidget()
    popup.window().show()
    qtbot.waitExposed(popup.window())
    return popup


def charges_page(ward: Ward, qtbot: QtBot) -> ChargesPage:
    page = ChargesPage(runner_for(ward, "records_officer"), signed_in(ward, "records_officer"))
    shown(qtbot, page)
    page.load(ward.archive.admitted_case())
    loaded(qtbot)
    return page


def charge(ward: Ward, qtbot: QtBot) -> QWidget:
    found = charges_page(ward, qtbot).add_charge()
    assert found is not None
    return found


def charge_import(ward: Ward, qtbot: QtBot) -> QWidget:
    found = charges_page(ward, qtbot).import_file()
    assert found is not None
    return found


def claim_export(ward: Ward, qtbot: QtBot) -> QWidget:
    """The export dialog of a frozen claim (完整性校验包, 数字签名; before: BagIt, PAdES)."""
    case_id, _claim_id = final_claim(ward)
    page = ClaimsPage(runner_for(ward, "records_officer"), signed_in(ward, "records_officer"))
    shown(qtbot, page)
    page.load(case_id)
    loaded(qtbot)
    page.claim_table.selectRow(0)
    found = page.export()
    assert found is not None
    return found


def claim_answer(ward: Ward, qtbot: QtBot) -> QWidget:
    """The agency's answer to a submitted claim, from the claim desk."""
    _case_id, april, _may = exported_april_and_may_draft(ward)
    with ward.archive.uow(ward.archive.officer) as u:
        claim_answers.record_submitted(u, april, date(2026, 6, 5))
    page = desk_page(ward, qtbot)
    KEPT.append(page)
    page.select_claim(april)
    found = page.record_answer()
    assert found is not None
    return found


def disposal_approval(ward: Ward, qtbot: QtBot) -> QWidget:
    """Approving a disposal proposed for a case whose retention has ended."""
    ward.archive.archived_case()
    ward.archive.clock.current = datetime(2056, 7, 1, 9, 0, tzinfo=CHINA)
    dialog = from_retention("open_disposal")(ward, qtbot)
    assert isinstance(dialog, DisposalDialog)
    dialog.check_all_eligible()
    type_chinese(dialog.note, "保管期满，经鉴定小组鉴定无继续保存价值")
    dialog.propose()
    loaded(qtbot)
    found = dialog.approve()
    assert found is not None
    return found


MORE: dict[str, Opener] = {"statistics": statistics, "monthly_summary": monthly_summary,
                           "message_box": message_box, "calendar": calendar, "charge": charge,
                           "charge_import": charge_import, "claim_export": claim_export,
                           "claim_answer": claim_answer, "disposal_approval": disposal_approval}
EVERY_DIALOG = {**DIALOGS, **MORE}


@pytest.mark.parametrize("name", EVERY_DIALOG)
def test_every_dialog_speaks_chinese(ward: Ward, qtbot: QtBot, chinese: None, name: str) -> None:
    dialog = EVERY_DIALOG[name](ward, qtbot)
    loaded(qtbot)
    assert Walk(qtbot, archive_words(ward)).window(dialog.window(), name) == {}


def test_every_page_of_the_first_run_wizard_speaks_chinese(qtbot: QtBot, data_folder: object,
                                                           chinese: None) -> None:
    wizard = shown(qtbot, FirstRunWizard())
    assert isinstance(wizard, FirstRunWizard)
    walk = Walk(qtbot)
    for _ in range(4):
        walk.read(wizard, wizard.currentPage().title())
        if wizard.currentPage() is wizard.finish_page:
            break
        fill_page(wizard)
        wizard.next()
    assert wizard.currentPage() is wizard.finish_page
    assert walk.found == {}


def case_with_data(ward: Ward) -> tuple[int, int]:
    """An admitted case with a prescription, a session and BI and BBS assessments."""
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    assess(archive, case_id, "pre", ADMISSION, "BI", bi_values(40))
    assess(archive, case_id, "pre", ADMISSION, "BBS", bbs(30))
    assess(archive, case_id, "mid", ADMISSION + timedelta(days=5), "BI", bi_values(60))
    return case_id, prescription_id


@pytest.mark.parametrize("role", ROLES)
def test_the_main_window_and_every_case_page_speak_chinese(ward: Ward, qtbot: QtBot, chinese: None,
                                                           role: str) -> None:
    case_id, prescription_id = case_with_data(ward)
    user = signed_in(ward, role)
    if role == "administrator":  # the role's code, as signing in gives it
        user = SignedIn(user.user_id, user.username, user.display_name, Role.ADMIN)
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", user)
    loaded(qtbot)
    shown(qtbot, window)
    window.open_case(case_id, prescription_id)
    loaded(qtbot)
    walk = Walk(qtbot, archive_words(ward))
    found = walk.window(window, role)
    assert found == {}
    assert walk.pages >= 10  # the sections and the case pages were all read


# ------------------------------------------------------------------- it can fail

def test_a_planted_english_label_is_caught(ward: Ward, qtbot: QtBot, chinese: None) -> None:
    dialog = DIALOGS["leave"](ward, qtbot)
    assert Walk(qtbot).window(dialog, "leave") == {}
    planted = QLabel("Save changes", dialog)
    dialog.layout().addWidget(planted)  # type: ignore[union-attr]
    dialog.findChildren(QLineEdit)[0].setPlaceholderText("Reason (optional)")
    QApplication.processEvents()
    found = Walk(qtbot).window(dialog, "leave")
    assert set(found) == {"Save", "changes", "Reason", "optional"}
    assert any("Save changes" in where for where in found["Save"])


def test_data_and_codes_pass(chinese: None) -> None:
    assert english_words("BI Barthel指数 45 分（0–100），BBS Berg平衡量表") == []
    assert english_words("已写入：/home/张三/Documents/张三_GS2026-0012_病例档案.zip") == []
    assert english_words("ICD-10 S72.001　导出 PDF/A 与 XLSX、CSV（GBK 或 UTF-8）") == []
    assert english_words("保存(&S)　Ctrl+S　第 V2 版　校验值 3f9a0c…") == []
    assert english_words("完整性校验包（BagIt）") == ["BagIt"]
    assert english_words("SHA-256 校验") == ["SHA"]
    assert english_words("Yes") == ["Yes"] and english_words("待签名 — awaiting") == ["awaiting"]


@pytest.mark.parametrize(("before", "caught"), [
    ("以机构证书签署 PDF（PAdES）", ["PAdES"]),
    ("张三：按法定顺序导出全部档案，BagIt 文件夹和 zip，供检查或异地保存。", ["BagIt"]),
    ("冻结哈希 SHA-256 3f9a0c", ["SHA"]),
    ("PKCS#12 文件（可空）", ["PKCS"]),
    ("RFC 3161 时间戳服务网址（可空：签署时间取自本机时钟）", ["RFC"]),
    ("YYYY-MM-DD（可空）", ["YYYY-MM-DD"]),
    ("feeding=10，bathing=5", ["feeding", "bathing"]),
    ("rehab_case 1", ["rehab", "case"]),
    ("nursing_dependency (WS/T 431-style, as printed on Chinese BI forms)",
     ["nursing", "dependency", "printed", "Chinese"]),
])
def test_what_the_walk_found_before(before: str, caught: list[str]) -> None:
    """Texts the app showed before this walk, each caught."""
    assert set(caught) <= set(english_words(before))


def test_the_same_dialog_in_english_is_caught(ward: Ward, qtbot: QtBot, english: None) -> None:
    """With the English translations loaded the walk finds the dialog's words: it reads
    what is on the screen, not what the code says."""
    found = Walk(qtbot).window(DIALOGS["leave"](ward, qtbot), "leave")
    assert len(found) >= 3
    assert found.keys() & {"Leave", "leave", "Cancel", "OK", "Save", "Record"}
