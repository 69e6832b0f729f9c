"""Files handed to people (statistics, sheets, summaries): whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from desktop_app.documents.bagit import partial_name
from desktop_app.errors import EnvironmentProblem


def write_whole(path: Path, data: bytes, before_placing: Callable[[], None] | None = None) -> None:
    """Write ``data`` to a hidden partial file beside ``path``, flush it to the disk, then give
    it its name; a failure leaves neither. ``before_placing`` runs once the bytes are safely
    on disk and before the file takes its name (an audited export records itself there, so a
    refusal leaves no file). A disk problem is an ``EnvironmentProblem`` naming the file."""
    partial = partial_name(path)
    try:
        with open(partial, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if before_placing is not None:
            before_placing()
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise EnvironmentProblem(f"无法写入 {path}：{exc}", f"Cannot write {path}: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
