import pytest
from tests.ui.test_case_fit import full_case, open_window
from tests.ui.ward import ward, loaded
from tests.ui.test_keyboard import kept
from tests.ui.test_i18n import english

@pytest.mark.sqlite_only
def test_probe(ward, qtbot, english):
    w = open_window(ward, qtbot, "physician", "en")
    ws = w.workspace
    print("ws", ws.minimumSizeHint(), ws.header.minimumSizeHint(), ws.tabs.list.minimumSizeHint())
    for i in range(ws.tabs.count()):
        print(ws.tabs.tabText(i), ws.tabs.widget(i).minimumSizeHint())
