"""Languages: every marked label has its English translation; switching to English shows
it; the choice is remembered for the next start; Chinese stays without translations."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.paths import read_preferences
from desktop_app.ui.kit import i18n
from desktop_app.ui.shell.home_view import HomeView
from tests.ui.ward import Ward, loaded, ward

__all__ = ["ward"]  # the fixture
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def english(qapp: QApplication, compiled_translations: None) -> Iterator[None]:
    assert i18n.install_language(qapp, "en") == "en"
    yield
    i18n.install_language(qapp, i18n.SOURCE_LANGUAGE)


def test_every_marked_label_is_translated() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "installer" / "translations.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_the_home_screen_in_english(ward: Ward, qtbot, english: None) -> None:  # type: ignore[no-untyped-def]
    view = HomeView(ward.runner, ward.archive.therapist, "therapist")  # the day's work is theirs
    loaded(qtbot)
    qtbot.addWidget(view)
    assert view.search_box.placeholderText().startswith("Find a patient")
    assert not view.work.isHidden()
    headings = [view.work.horizontalHeaderItem(c).text() for c in range(view.work.columnCount())]
    assert headings[:3] == ["Bed", "Patient", "Case no."]
    view.search_box.setText("张")
    view.run_search()
    loaded(qtbot)
    assert view.result_note.text() == "1 case(s) found"
    assert view.results.item(0, 3).text() == "Awaiting approval"  # 张三 is registered


@pytest.mark.sqlite_only  # the labels' language, not the database
def test_chinese_by_default_and_without_translations(ward: Ward, qtbot, qapp: QApplication,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n.install_language(qapp, i18n.SOURCE_LANGUAGE) == "zh_CN"
    view = HomeView(ward.runner, ward.archive.officer, "records_officer")
    loaded(qtbot)
    qtbot.addWidget(view)
    assert view.search_box.placeholderText().startswith("查找患者")
    monkeypatch.setenv("REHAB_RESOURCES", str(tmp_path))  # no compiled translations there
    assert i18n.install_language(qapp, "en") == "zh_CN"
    assert i18n.tr("今日治疗") == "今日治疗" and i18n.pick("中", "en") == "中"


def test_the_choice_is_remembered(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REHAB_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("REHAB_LANG", raising=False)
    assert i18n.chosen_language() == "zh_CN"
    i18n.remember_language("en")
    assert read_preferences() == {"language": "en"} and i18n.chosen_language() == "en"
    assert not (tmp_path / "config.json").exists()  # the first-run marker stays untouched
    assert i18n.chosen_language("zh_CN") == "zh_CN"  # --lang wins
    monkeypatch.setenv("REHAB_LANG", "zh_CN")
    assert i18n.chosen_language() == "zh_CN"
    with pytest.raises(ValueError):
        i18n.remember_language("fr")


@pytest.mark.sqlite_only  # the labels' language, not the database
def test_the_session_menu_remembers_the_language(ward: Ward, qtbot,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from desktop_app.services.admin.sign_in import SignedIn
    from desktop_app.ui.shell.main_window import MainWindow

    monkeypatch.setenv("REHAB_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("REHAB_LANG", raising=False)
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案",
                        SignedIn(ward.archive.officer, "ro", "孙档案员", "records_officer"))
    loaded(qtbot)
    qtbot.addWidget(window)
    assert window.language_actions["zh_CN"].isChecked()
    window.language_actions["en"].trigger()
    assert i18n.chosen_language() == "en" and window.language_actions["en"].isChecked()
    assert not window.language_actions["zh_CN"].isChecked()
    assert "下次启动时生效" in window.statusBar().currentMessage()


def test_two_files_may_not_translate_a_label_differently(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "installer"))
    from translations import disagreements

    def ts(name: str, english: str) -> Path:
        path = tmp_path / name
        path.write_text('<?xml version="1.0" encoding="utf-8"?><TS version="2.1"><context><name></name>'
                        f"<message><source>签名</source><translation>{english}</translation></message>"
                        "</context></TS>", encoding="utf-8")
        return path

    assert disagreements([ts("a.ts", "Signature"), ts("b.ts", "Signature")]) == {}
    assert disagreements([ts("a.ts", "Signature"), ts("c.ts", "Sign")]) == {
        ("", "签名"): {"Signature", "Sign"}}


@pytest.mark.sqlite_only  # Qt's own strings, not the database
def test_qts_own_buttons_and_file_dialog_speak_chinese(qapp: QApplication, qtbot,  # type: ignore[no-untyped-def]
                                                       compiled_translations: None) -> None:
    """In the Chinese interface Qt's standard buttons and its file dialog are in Chinese
    (before: Yes/No/OK, "Look in", "Choose"), and back in English with the English one."""
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox

    def texts() -> tuple[list[str], list[str]]:
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        box = QMessageBox(QMessageBox.Icon.Question, "t", "t", yes | no)
        buttons = QDialogButtonBox(ok | cancel)
        chooser = QFileDialog(None, "t")
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog)
        for widget in (box, buttons, chooser):
            qtbot.addWidget(widget)
        shown = [box.button(yes).text(), box.button(no).text(),
                 buttons.button(ok).text(), buttons.button(cancel).text()]
        labels = [label.text() for label in chooser.findChildren(QLabel) if label.text()]
        return shown, labels

    assert i18n.install_language(qapp, i18n.SOURCE_LANGUAGE) == "zh_CN"
    shown, labels = texts()
    assert ["是" in shown[0], "否" in shown[1], "确定" in shown[2], "取消" in shown[3]] == [True] * 4
    assert labels and not any(word in " ".join(labels) for word in ("Look in", "File name", "Files of type"))
    assert i18n.install_language(qapp, "en") == "en"
    shown, _labels = texts()
    assert "Yes" in shown[0] and "OK" in shown[2]
    i18n.install_language(qapp, i18n.SOURCE_LANGUAGE)
