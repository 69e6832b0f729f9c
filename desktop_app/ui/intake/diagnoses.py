"""ICD-10 diagnoses of an injury: search the reference list by code or Chinese name (a
completer while typing; Enter takes the only match), or type "code name" for a code the
list lacks; the first row is the main diagnosis; codes can be refined in the table."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.reference import icd10_examples
from desktop_app.services.core.commands import DiagnosisInput
from desktop_app.services.intake.intake_view import icd_matches, parse_diagnosis
from desktop_app.ui.intake.fields import hint_label
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.messages import ERROR_STYLE

HEADERS = (QT_TR_NOOP("ICD-10 编码"), QT_TR_NOOP("诊断名称"))


class SearchLine(QLineEdit):
    """Enter adds the diagnosis instead of submitting the dialog."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.returnPressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DiagnosisEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entries = icd10_examples()
        self.search = SearchLine()
        self.search.setObjectName("icdSearch")
        self.search.setPlaceholderText(tr("输入编码或名称搜索，如 S72 或 股骨颈；回车添加"))
        completer = QCompleter(QStringListModel([f"{e.code} {e.name_zh}" for e in entries]), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(self._add_text)
        self.search.setCompleter(completer)
        self.search.returnPressed.connect(self.add_from_search)
        self.add_button = QPushButton(tr("添加诊断"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_from_search)
        self.remove_button = QPushButton(tr("移除"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.main_button = QPushButton(tr("设为主要诊断"))
        self.main_button.setAutoDefault(False)
        self.main_button.clicked.connect(self.make_main)
        self.hint = hint_label(tr("第一行为主要诊断。列表为常见工伤诊断示例；其他编码可按“编码 名称”录入。"))
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("diagnoses")
        self.table.setHorizontalHeaderLabels(headers(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 130)
        self.table.setTabKeyNavigation(False)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.remove_button)
        bottom.addWidget(self.main_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.search)

    @Slot()
    def add_from_search(self) -> None:
        self._add_text(self.search.text())

    @Slot(str)
    def _add_text(self, text: str) -> None:
        parsed = parse_diagnosis(text)
        matches = icd_matches(text)
        exact = [e for e in matches if f"{e.code} {e.name_zh}" == text.strip()]
        if exact or len(matches) == 1:
            chosen = (exact or matches)[0]
            self.add(chosen.code, chosen.name_zh)
        elif parsed is not None and not matches:
            self.add(*parsed)
        elif matches:
            self._say(tr("有 {count} 个匹配，请从列表中选择一个。").format(count=len(matches)), error=True)
            return
        else:
            self._say(tr("列表中没有匹配的诊断；请按“编码 名称”录入，如 S72.001 股骨颈骨折。"),
                      error=True)
            return
        self.search.clear()

    def add(self, code: str, name: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(code))
        self.table.setItem(row, 1, QTableWidgetItem(name))
        self._say(tr("第一行为主要诊断。"), error=False)

    def _say(self, text: str, *, error: bool) -> None:
        self.hint.setStyleSheet(ERROR_STYLE if error else "color: #555;")
        self.hint.setText(text)

    @Slot()
    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectionModel().selectedRows()},
                          reverse=True):
            self.table.removeRow(row)

    @Slot()
    def make_main(self) -> None:
        row = self.table.currentRow()
        if row > 0:
            values = [self.table.takeItem(row, c) for c in range(2)]
            self.table.removeRow(row)
            self.table.insertRow(0)
            for column, item in enumerate(values):
                self.table.setItem(0, column, item)
            self.table.selectRow(0)

    def diagnoses(self) -> tuple[DiagnosisInput, ...]:
        return tuple(DiagnosisInput(self._cell(row, 0), self._cell(row, 1))
                     for row in range(self.table.rowCount()))

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""
