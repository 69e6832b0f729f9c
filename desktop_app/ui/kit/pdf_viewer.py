"""Show a PDF the archive built (a preview, a page to print) in the system's PDF viewer:
written to a fresh temporary folder, then opened; where no viewer is installed the user
is told where the file is."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from desktop_app.errors import EnvironmentProblem, UserError
from desktop_app.ui.kit.i18n import tr
from desktop_app.ui.kit.messages import show_error


def open_pdf(parent: QWidget, content: bytes, filename: str) -> Path | None:
    """The file written and handed to the viewer, or None (the problem was shown)."""
    path = Path(tempfile.mkdtemp(prefix="rehab-pdf-")) / filename
    try:
        path.write_bytes(content)
    except OSError as error:
        show_error(parent, EnvironmentProblem(f"无法写入 PDF 文件：{error}",
                                              f"Cannot write the PDF: {error}"))
        return None
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        show_error(parent, UserError(f"没有可打开 PDF 的程序；文件在 {path}",
                                     f"No program opens PDFs here; the file is at {path}"), tr("预览"))
    return path
