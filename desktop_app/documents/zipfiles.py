"""Deterministic zip files: entries sorted by name, fixed timestamps and attributes, fixed
compression, so the same entries always give the same bytes (XLSX data files, packages)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

# The earliest time a zip entry can carry: nothing about the moment of writing leaks in.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(entries: Mapping[str, bytes], *, sort: bool = True) -> bytes:
    """A zip of ``entries`` (name → bytes); ``sort=False`` keeps the given order (an XLSX
    wants ``[Content_Types].xml`` first)."""
    out = io.BytesIO()
    names = sorted(entries) if sort else list(entries)
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.create_system = 3  # Unix, whatever the writing OS
            archive.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
