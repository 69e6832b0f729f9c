"""Languages of the desktop: Chinese (the source language of every label) and English.

Labels are written in Chinese inside ``tr("…")``; Qt Linguist files in
``resources/i18n/<language>/*.ts`` hold the translations, compiled to ``.qm`` when the app
is set up or bundled (``compile_translations``; the ``.qm`` files are not kept in git).
The language is chosen with ``--lang``, ``REHAB_LANG`` or this user's preferences
(``language``, set from the 会话 menu; it takes effect at the next start).

``tr`` uses one translation context for the whole app, so a label reads the same
everywhere; ``pyside6-lupdate`` finds every ``tr("…")`` call.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop_app.paths import read_preferences, resources_dir, save_preference

log = logging.getLogger(__name__)
SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "中文", "en": "English"}
CONFIG_KEY = "language"
_installed: list[QTranslator] = []  # kept alive as long as the app runs
_language = [SOURCE_LANGUAGE]  # the language installed last


def QT_TR_NOOP(text: str) -> str:
    """Marks a label for ``pyside6-lupdate``, translated where shown with ``tr``. PySide6's own
    is typed ``object -> object``; this one lets the marked labels type-check as ``str``."""
    return text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks a label of ``context`` for ``pyside6-lupdate``, translated with ``tr_in``."""
    return text


def tr(text: str) -> str:
    """The label in the chosen language (Chinese when no translation is installed)."""
    return QCoreApplication.translate("", text)


def tr_in(context: str, text: str) -> str:
    """A label marked with ``QT_TRANSLATE_NOOP(context, …)``: the same Chinese word may
    need another English one there (康复中: "in rehabilitation" as a state, "mid" as a phase)."""
    return QCoreApplication.translate(context, text)


def pick(zh: str, en: str) -> str:
    """A bilingual text from the services (errors, alerts) in the interface's language."""
    return en if _language[0] == "en" else zh


def headers(labels: tuple[str, ...]) -> list[str]:
    """Column headings marked with ``QT_TR_NOOP``, translated now."""
    return [tr(label) for label in labels]


def translations_dir(language: str) -> Path:
    return resources_dir() / "i18n" / language


def chosen_language(argument: str | None = None) -> str:
    """``--lang``, else ``REHAB_LANG``, else the saved preference, else Chinese."""
    for value in (argument, os.environ.get("REHAB_LANG"), read_preferences().get(CONFIG_KEY)):
        if isinstance(value, str) and value in LANGUAGES:
            return value
    return SOURCE_LANGUAGE


def remember_language(language: str) -> None:
    """The language to use from the next start on."""
    if language not in LANGUAGES:
        raise ValueError(language)
    save_preference(CONFIG_KEY, language)


def install_language(app: QCoreApplication, language: str) -> str:
    """Load the compiled translations of ``language``; returns the language in use (the
    source language when they are missing, which is logged)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _language[0] = SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE:
        _install_qt_chinese(app)
        return language
    files = sorted(translations_dir(language).glob("*.qm"))
    if not files:
        log.warning("no compiled translations for %s in %s: showing Chinese", language,
                    translations_dir(language))
        _install_qt_chinese(app)
        return SOURCE_LANGUAGE
    for qm in files:
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("could not load %s", qm)
    _language[0] = language if _installed else SOURCE_LANGUAGE
    if _language[0] == SOURCE_LANGUAGE:
        _install_qt_chinese(app)
    else:
        _set_locale(_language[0])
    return _language[0]


def _set_locale(language: str) -> None:
    """Qt's locale follows the interface, not the PC: a calendar's month and day names
    (一月, 周一) and whatever Qt formats itself, for widgets made from now on."""
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if language == SOURCE_LANGUAGE
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


QT_OWN_CHINESE = "qtbase_zh_CN"  # Qt's own strings: standard buttons, file and colour dialogs


def _install_qt_chinese(app: QCoreApplication) -> None:
    """Qt's own strings in Chinese (是/否/确定/取消, the file dialog's 查找范围…), from the
    translations PySide6 ships; without them a Chinese interface shows Yes/No/Cancel."""
    from PySide6.QtCore import QLibraryInfo

    _set_locale(SOURCE_LANGUAGE)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(QT_OWN_CHINESE, folder):
        app.installTranslator(translator)
        _installed.append(translator)
    else:
        log.warning("Qt's own Chinese translations (%s) not found in %s", QT_OWN_CHINESE, folder)
    gaps = _QtChineseGaps(app)
    app.installTranslator(gaps)  # installed last: asked first
    _installed.append(gaps)


class _QtChineseGaps(QTranslator):
    """What Qt's own Chinese leaves in English: two labels of its file dialog (found by
    tests/ui/test_i18n.py walking the dialog)."""

    GAPS = {("QFileDialog", "&Look in:"): "查找范围(&L)：",
            ("QFileDialog", "Files of &type:"): "文件类型(&T)："}

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str | None:
        return self.GAPS.get((context, source))  # None: a null QString, "not mine" (not "")

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def lrelease() -> str:
    """The Qt Linguist compiler that comes with PySide6."""
    import shutil  # here, not at the top: the app imports this module before its first paint

    beside = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(beside) if beside.exists() else shutil.which("pyside6-lrelease")
    if not found:
        raise FileNotFoundError("pyside6-lrelease not found (it comes with PySide6)")
    return found


def compile_translations(root: Path | None = None) -> list[Path]:
    """Compile every ``resources/i18n/*/*.ts`` to ``.qm`` beside it; returns the .qm files."""
    import subprocess

    base = (root or resources_dir()) / "i18n"
    made = []
    for ts in sorted(base.glob("*/*.ts")):
        qm = ts.with_suffix(".qm")
        # Written beside, then renamed: a running app may have the old file mapped.
        partial = qm.with_name(f".{qm.name}.{os.getpid()}")
        subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(partial)], check=True)
        os.replace(partial, qm)
        made.append(qm)
    return made


if __name__ == "__main__":  # python -m desktop_app.ui.kit.i18n: compile the translations
    for path in compile_translations():
        print(path)
