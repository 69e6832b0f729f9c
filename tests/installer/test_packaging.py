"""The installer files that cannot be exercised here: the Inno Setup script (compiled on
Windows only) and the Linux desktop entry, checked for what matters."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

INSTALLER = Path(__file__).resolve().parents[2] / "installer"
ISS = INSTALLER / "rehab-desktop.iss"


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in ISS.read_bytes().decode("utf-8-sig").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", stripped):
            current = stripped[1:-1].lower()
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(stripped)
    return sections


def test_the_script_is_utf8_with_a_bom() -> None:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "工伤康复档案" in raw.decode("utf-8-sig")


def test_chinese_and_english() -> None:
    languages = iss_sections()["languages"]
    assert any('"chinesesimplified"' in line and "ChineseSimplified.isl" in line for line in languages)
    assert any('"english"' in line and "Default.isl" in line for line in languages)
    custom = iss_sections()["custommessages"]
    for key in {line.split(".", 1)[1].split("=", 1)[0] for line in custom}:
        assert f"chinesesimplified.{key}=" in "\n".join(custom) and f"english.{key}=" in "\n".join(custom)


def test_per_machine_install_with_a_fixed_app_id_and_shortcuts() -> None:
    setup = "\n".join(iss_sections()["setup"])
    guid = r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"
    assert re.search(rf"^AppId=\{{\{{{guid}\}}$", setup, re.M)
    assert "PrivilegesRequired=admin" in setup and "DefaultDirName={autopf}" in setup
    icons = "\n".join(iss_sections()["icons"])
    assert '"{autoprograms}\\' in icons and '"{autodesktop}\\' in icons
    files = "\n".join(iss_sections()["files"])
    assert '"{#Bundle}\\*"' in files
    assert '#define Bundle "..\\dist\\rehab-desktop"' in ISS.read_text("utf-8-sig")  # build.py's output


def test_uninstall_and_upgrade_never_delete_the_archive_data() -> None:
    sections = iss_sections()
    assert "uninstalldelete" not in sections
    for line in sections.get("installdelete", []):
        assert 'Name: "{app}\\' in line, line  # only the install folder's own files
    text = ISS.read_text("utf-8-sig").lower()
    for data in ("{localappdata}", "{userappdata}", "{commonappdata}", "{%localappdata"):
        assert data not in text


def test_the_linux_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(INSTALLER / "rehab-desktop.desktop", encoding="utf-8")
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application" and main["Name[zh_CN]"] == "工伤康复档案"
    assert main["Exec"].endswith("/rehab-desktop") and main["Terminal"] == "false"
    assert entry["Desktop Action demo"]["Exec"].endswith("rehab-desktop --demo")
