"""导入费用: a HIS export (CSV in UTF-8 or GBK, or XLSX) imported into the case — all rows or
none. The service (``fees.import_charge_file``) checks every row; a refused file lists
each bad row here (line, column, problem) and nothing is imported; fix the file and
import again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.services.claims import fees
from desktop_app.ui.kit.forms import record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.runner import Runner, failed

REPORT_HEADERS = (QT_TR_NOOP("位置"), QT_TR_NOOP("问题"))


class ChargeImportDialog(QDialog):
    """``imported`` with the new line ids once a file went in whole."""

    imported = Signal(object)

    def __init__(self, runner: Runner, case_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("导入费用"))
        self.setMinimumWidth(640)
        self._runner = runner
        self.case_id = case_id
        self.report: fees.ImportReport | None = None
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(tr("HIS 导出的 CSV（UTF-8 或 GBK）或 XLSX 文件"))
        choose = QPushButton(tr("选择文件…"))
        choose.clicked.connect(self.choose)
        self.import_button = QPushButton(tr("导入"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.run_import)
        self.status = QLabel(tr("有任何一行错误时，整个文件都不导入。"))
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.table = record_table(tuple(headers(REPORT_HEADERS)), (180,))
        self.table.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("文件")))
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        row.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)

    @Slot()
    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("选择费用文件"), "",
                                              tr("费用文件 (*.csv *.txt *.xlsx)"))
        if name:
            self.path.setText(name)

    @Slot()
    def run_import(self) -> None:
        path = Path(self.path.text().strip())
        if not self.path.text().strip() or not path.is_file():
            self.status.setText(tr("请选择一个存在的文件。"))
            return
        try:
            data = path.read_bytes()
        except OSError as error:
            self.status.setText(tr("无法读取文件：{error}").format(error=error))
            return
        self._runner.submit(self, fees.import_charge_file, self.case_id, data, path.name).either(
            self._imported)

    def _imported(self, result: fees.ImportReport | AppError) -> None:
        if failed(result, self):
            return
        assert isinstance(result, fees.ImportReport)
        self.report = result
        self.table.setRowCount(len(result.errors))
        for row, error in enumerate(result.errors):
            field = error.field if pick("zh", "en") == "zh" else (error.key or error.field)
            self.table.setItem(row, 0, QTableWidgetItem(field))
            self.table.setItem(row, 1, QTableWidgetItem(pick(error.zh, error.en)))
        self.table.resizeRowsToContents()
        if result.ok:
            self.status.setText(tr("已导入 {count} 笔费用。请录入人签名确认。").format(
                count=len(result.imported)))
            self.status.setStyleSheet("color: #1b5e20;")
            self.imported.emit(result.imported)
        else:
            self.status.setText(tr("未导入任何费用：{count} 处错误，请修改文件后重新导入。").format(
                count=len(result.errors)))
            self.status.setStyleSheet("color: #b3261e;")
