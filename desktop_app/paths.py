"""Where the app finds what it ships and where it keeps user data. Never the install folder.

From source the shipped resources are ``resources/`` beside the package; in a PyInstaller
bundle they are unpacked beside the bundled modules (``sys._MEIPASS``). User data (the
embedded archive, backups, logs, the local configuration) always goes to the user's data
folder, so an installed app never writes where it is installed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

APP_NAME = "rehab-archive"
CONFIG_FILE = "config.json"  # the local configuration, in the data folder
PREFERENCES_FILE = "preferences.json"  # this user's choices (language…), not the archive's


def bundle_dir() -> Path | None:
    """The folder a PyInstaller bundle unpacked into, or None when running from source."""
    unpacked = getattr(sys, "_MEIPASS", None)
    return Path(unpacked) if getattr(sys, "frozen", False) and unpacked else None


RESOURCES = (bundle_dir() or Path(__file__).resolve().parent.parent) / "resources"


def resources_dir() -> Path:
    """Folder of shipped resources (fonts, reference data, schemas)."""
    override = os.environ.get("REHAB_RESOURCES")
    return Path(override) if override else RESOURCES


def data_dir() -> Path:
    """The user's data folder; ``REHAB_DATA_DIR`` overrides it."""
    path = data_dir_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir_path() -> Path:
    """The data folder without creating it (the first-run wizard writes nothing until done)."""
    override = os.environ.get("REHAB_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def subdir(name: str) -> Path:
    """A named folder under the data folder (``backups``, ``logs``, ``exports``…)."""
    path = data_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_path() -> Path:
    return data_dir_path() / CONFIG_FILE


def embedded_database_path() -> Path:
    return data_dir_path() / "archive.sqlite3"


def read_config() -> dict[str, object]:
    """The local configuration written by the first-run wizard ({} when there is none)."""
    try:
        loaded = json.loads(config_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def configured_database_url() -> str | None:
    """``REHAB_DB_URL`` if set, else the database the first-run wizard chose, else None."""
    url = os.environ.get("REHAB_DB_URL") or read_config().get("database_url")
    return str(url) if url else None


DEMO_FILE = "demo-archive.sqlite3"  # the training archive `rehab-desktop --demo` opens


def demo_database_url() -> str:
    """The demo archive in the data folder (``rehab-desktop --demo`` generates it)."""
    return f"sqlite:///{data_dir_path() / DEMO_FILE}"


def default_database_url() -> str:
    """``REHAB_DB_URL``, else the configured database, else the embedded SQLite archive."""
    return configured_database_url() or f"sqlite:///{embedded_database_path()}"


def preferences_path() -> Path:
    return data_dir_path() / PREFERENCES_FILE


def read_preferences() -> dict[str, object]:
    """This user's choices on this PC ({} when none). Kept apart from config.json, whose
    presence tells the app the first run is done."""
    try:
        loaded = json.loads(preferences_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def save_preference(key: str, value: object) -> None:
    """Set one preference, replacing the file whole (never half written)."""
    values = {**read_preferences(), key: value}
    path = preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporary, path)
