"""Input pieces the intake, approval and admission forms share: a date field, the resident
ID field with its live check, a list of scanned files, and showing field errors inline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.attachments import KINDS, human_size, sniff_media_type
from desktop_app.errors import FieldError
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.intake.intake_view import id_preview
from desktop_app.services.records.attachments import attachment_errors, read_file
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.messages import ERROR_STYLE, error_label, field_error_line, set_error

SEX = {"M": QT_TR_NOOP("男"), "F": QT_TR_NOOP("女")}
OK_STYLE = "color: #1b5e20;"
HINT_STYLE = "color: #555;"
WARNING_STYLE = "color: #8a5300;"
INVALID = "invalid"  # dynamic property: the field named by an error
FORM_STYLE = "*[invalid=\"true\"] { border: 2px solid #b00020; }"
SCAN_FILTER = QT_TR_NOOP("扫描件 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)")
ATTACHMENT_HEADERS = (QT_TR_NOOP("文件名"), QT_TR_NOOP("类型"), QT_TR_NOOP("大小"), QT_TR_NOOP("格式"))


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def date_of(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def set_date(edit: QDateEdit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def hint_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(HINT_STYLE)
    label.setWordWrap(True)
    return label


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


def show_field_errors(label: QLabel, fields: dict[str, QWidget], errors: Sequence[FieldError],
                      heading: str = "") -> QWidget | None:
    """The blocking errors listed in ``label`` (after ``heading``), their fields outlined;
    the first field named, to focus."""
    lines = [field_error_line(e) for e in errors if not e.warning]
    set_error(label, "\n".join(([heading] if heading else []) + lines))
    return mark_fields(fields, errors)


def kind_name(kind: str) -> str:
    return pick(*KINDS[kind])


def mark_fields(fields: dict[str, QWidget], errors: Sequence[FieldError]) -> QWidget | None:
    """Outline the widgets of the blocking errors, ``fields`` by key (the error's key, or a
    key it is part of: "diagnosis" for "diagnosis.2.code"); the first one named, to focus."""
    for widget in fields.values():
        widget.setProperty(INVALID, False)
    first = None
    for error in errors:
        if error.warning:
            continue
        named = fields.get(error.key) or next(
            (w for key, w in fields.items() if error.concerns(key)), None)
        if named is not None:
            named.setProperty(INVALID, True)
            first = first or named
    for widget in fields.values():
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    return first


class IdNumberField(QWidget):
    """The resident ID number with what it says as it is typed: sex, birth date, age and
    province once valid, the check-digit or date problem in red otherwise."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.edit = QLineEdit()
        self.edit.setObjectName("residentId")
        self.edit.setMaxLength(20)
        self.edit.setPlaceholderText(tr("18位居民身份证号"))
        self.preview = QLabel()
        self.preview.setObjectName("idPreview")
        self.preview.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.preview)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._update)
        self._update("")

    def text(self) -> str:
        return self.edit.text()

    @Slot(str)
    def _update(self, text: str) -> None:
        preview = id_preview(text, self._today)
        if preview.errors:
            self.preview.setStyleSheet(ERROR_STYLE)
            self.preview.setText("\n".join(pick(e.zh, e.en) for e in preview.errors))
        elif preview.valid:
            self.preview.setStyleSheet(OK_STYLE)
            self.preview.setText(tr("✓ 性别：{sex}　出生日期：{birth_date}（{age}岁）　地区：{province}")
                                 .format(sex=tr(SEX[preview.sex or "M"]), birth_date=preview.birth_date,
                                         age=preview.age, province=preview.province or "—"))
        else:
            self.preview.setStyleSheet(HINT_STYLE)
            self.preview.setText(tr("已输入 {typed}/18 位；性别与出生日期由身份证号得出").format(
                typed=preview.typed))

    @property
    def valid(self) -> bool:
        return id_preview(self.edit.text(), self._today).valid


class AttachmentList(QWidget):
    """Scanned files chosen for saving: add (checked at once), see name, kind and size,
    remove. Nothing is stored until the form is saved."""

    changed = Signal()

    def __init__(self, kinds: Sequence[str], single: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[AttachmentInput] = []
        self._single = single
        self.kind = QComboBox()
        for kind in kinds:
            self.kind.addItem(kind_name(kind), kind)
        self.kind.setVisible(len(kinds) > 1)
        self.add_button = QPushButton(tr("添加文件…"))
        self.remove_button = QPushButton(tr("移除"))
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)  # Enter in the form saves it, never opens the files
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(headers(ATTACHMENT_HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # a few rows only
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.error = error_label()
        kind_label = QLabel(tr("材料类型"))
        kind_label.setBuddy(self.kind)
        kind_label.setVisible(len(kinds) > 1)
        buttons = QHBoxLayout()
        buttons.addWidget(kind_label)
        buttons.addWidget(self.kind)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        if single:
            self.table.setMaximumHeight(self.table.horizontalHeader().sizeHint().height() * 3)

    @Slot()
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, tr("选择扫描件"), "", tr(SCAN_FILTER))
        self.add_paths([Path(name) for name in names])

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Read and check each file; a bad one is named inline and left out."""
        problems: list[str] = []
        for path in paths:
            try:
                item = read_file(path, str(self.kind.currentData()))
            except OSError as error:
                problems.append(tr("无法读取“{name}”：{reason}").format(
                    name=path.name, reason=error.strerror or error))
                continue
            errors = attachment_errors(item)
            if errors:
                problems += [pick(e.zh, e.en) for e in errors]
                continue
            if self._single:
                self.items.clear()
            self.items.append(item)
        set_error(self.error, "\n".join(problems))
        self._refill()

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            del self.items[row]
        self._refill()

    def clear(self) -> None:
        self.items.clear()
        set_error(self.error, "")
        self._refill()

    def _refill(self) -> None:
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            values = (item.filename, kind_name(item.kind), human_size(len(item.content)),
                      sniff_media_type(item.content) or "")
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.remove_button.setEnabled(bool(self.items))
        self.changed.emit()
