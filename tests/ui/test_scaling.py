"""125–200 % scaling: each window fits a 1280×720 screen in logical pixels (what
1600×900 at 125 %, 1920×1080 at 150 % and 2560×1440 at 200 % give Qt), its taskbar and
title bar taken off; the case list shows all its columns beside the case; the short
columns (dates, kinds, states, levels) show their heading and contents whole, in Chinese
and in English.

Logical pixels do not depend on the scale factor (Qt scales them to the screen), so the
check holds at every scale; docs/screenshots/scale*_*.png show it under a real X server.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.shell.main_window import CASES, DESK, HOME, MainWindow
from tests.services.test_worklist_search import prescribed_case
from tests.ui.test_first_run_wizard import data_folder
from tests.ui.test_i18n import english
from tests.ui.test_keyboard import DIALOGS, ROLES, kept, shown, signed_in
from tests.ui.ward import Ward, loaded, ward

__all__ = ["data_folder", "english", "kept", "ward"]  # the fixtures
# Layout and keys of the widgets: the archive behind them only fills them, so SQLite alone.
pytestmark = pytest.mark.sqlite_only

SCREEN = QSize(1280, 720 - 40 - 32)  # a 1280×720 logical screen less taskbar and title bar
LANGUAGES = ["zh_CN", "en"]


def fits(widget: QWidget) -> bool:
    return (widget.minimumSizeHint().boundedTo(SCREEN) == widget.minimumSizeHint()
            and widget.size().boundedTo(SCREEN) == widget.size())


def cut_columns(view: QAbstractItemView) -> list[str]:
    """Columns narrower than their heading or contents; the stretched last one aside."""
    header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) \
        else view.header()  # type: ignore[attr-defined]
    model = view.model()
    cut = []
    for column in range(header.count() - 1):
        if header.isSectionHidden(column) or header.sectionResizeMode(column) \
                == QHeaderView.ResizeMode.Stretch:
            continue
        wanted = max(header.sectionSizeHint(column), view.sizeHintForColumn(column))
        if wanted > header.sectionSize(column):
            cut.append(f"{model.headerData(column, header.orientation())}: "
                       f"{header.sectionSize(column)} < {wanted}")
    return cut


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    if request.param == "en":
        request.getfixturevalue("english")
    return str(request.param)


@pytest.mark.parametrize("role", ROLES)
def test_the_main_window_fits_and_its_lists_show_every_column(ward: Ward, qtbot: QtBot,
                                                              language: str, role: str) -> None:
    case_id, _prescription = prescribed_case(ward.archive)
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", signed_in(ward, role))
    loaded(qtbot)
    shown(qtbot, window)
    # the records officer lands on the claim desk, the others on the home screen
    assert window.sections.currentIndex() == (DESK if role == "records_officer" else HOME)
    assert fits(window)
    home = window.home
    problems = {name: cut_columns(table) for name, table in
                (("work", home.work), ("alerts", home.alerts)) if table.isVisible()}
    if window.desk is not None:
        problems["desk"] = cut_columns(window.desk.table)
    # The case list beside the case, every column visible: Chinese (the ward PCs' language)
    # on a 1280-wide screen, English (longer) on a 1366-wide one.
    window.resize(1280 if language == "zh_CN" else 1366, SCREEN.height())
    window.open_case(case_id)
    loaded(qtbot)
    assert window.sections.currentIndex() == CASES
    qtbot.wait(10)
    assert window.case_table.horizontalScrollBar().maximum() == 0, (
        window.splitter.sizes(), window.case_list_width(), window.workspace.minimumSizeHint())
    window.resize(SCREEN)
    assert fits(window)
    problems["cases"] = cut_columns(window.case_table)
    problems["timeline"] = cut_columns(window.timeline)
    assert {name: cut for name, cut in problems.items() if cut} == {}


@pytest.mark.parametrize("name", DIALOGS)
def test_every_dialog_fits_a_1280_by_720_screen(ward: Ward, qtbot: QtBot, language: str,
                                                name: str) -> None:
    dialog = DIALOGS[name](ward, qtbot)
    assert fits(dialog), (dialog.minimumSizeHint(), dialog.size())
    cut = {type(v).__name__: cut_columns(v) for v in dialog.findChildren(QTableView)
           if v.isVisible() and v.model() is not None and v.model().rowCount() > 0}
    assert {view: found for view, found in cut.items() if found} == {}


def test_the_first_run_wizard_fits(qtbot: QtBot, data_folder: object, language: str) -> None:
    from desktop_app.ui.admin.first_run_wizard import FirstRunWizard

    wizard = shown(qtbot, FirstRunWizard())
    assert fits(wizard), (wizard.minimumSizeHint(), wizard.size())

