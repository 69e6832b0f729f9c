"""Where the app keeps user data. Never the install folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "rehab-archive"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    """Folder of shipped resources (fonts, reference data, schemas)."""
    override = os.environ.get("REHAB_RESOURCES")
    return Path(override) if override else RESOURCES


def data_dir() -> Path:
    """The user's data folder; ``REHAB_DATA_DIR`` overrides it."""
    override = os.environ.get("REHAB_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def subdir(name: str) -> Path:
    """A named folder under the data folder (``backups``, ``logs``, ``exports``…)."""
    path = data_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    """``REHAB_DB_URL`` if set, else the embedded SQLite archive in the data folder."""
    return os.environ.get("REHAB_DB_URL") or f"sqlite:///{data_dir() / 'archive.sqlite3'}"
