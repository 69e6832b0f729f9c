"""Main window shell: the case list and the selected case's timeline."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop_app.clock import Clock
from desktop_app.services.queries import CaseRow, case_timeline, count_cases, list_cases
from desktop_app.ui.case_table_model import CaseTableModel
from desktop_app.ui.labels import STATUS, TIMELINE_KIND

ROW_HEIGHT = 26


class MainWindow(QMainWindow):
    def __init__(self, engine: Engine, clock: Clock, archive_label: str) -> None:
        super().__init__()
        self._engine = engine
        self._clock = clock
        self._status: str | None = None
        self.setWindowTitle(f"工伤康复档案 — {archive_label}")
        self.resize(1280, 760)

        self.status_filter = QComboBox()
        self.status_filter.addItem("全部病例", None)
        for code, label in STATUS.items():
            self.status_filter.addItem(label, code)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)

        self.model = CaseTableModel(self._fetch, self._count)
        self.case_table = QTableView()
        self.case_table.setModel(self.model)
        self.case_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.case_table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.case_table.verticalHeader().hide()
        self.case_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((116, 58, 146, 66, 52, 168)):
            self.case_table.setColumnWidth(column, width)
        self.case_table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.case_header = QLabel("请选择左侧病例")
        self.case_header.setTextFormat(Qt.TextFormat.PlainText)
        self.case_header.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px;")
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels(["日期", "类别", "事项", "详情"])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        for column, width in enumerate((100, 60, 220)):
            self.timeline.setColumnWidth(column, width)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("状态："))
        filter_row.addWidget(self.status_filter)
        filter_row.addStretch()
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.case_table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.case_header)
        right_layout.addWidget(self.timeline)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([740, 540])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(f"共 {self._count()} 个病例")

    def _fetch(self, offset: int, limit: int) -> list[CaseRow]:
        with Session(self._engine) as session:
            return list_cases(session, self._clock.today(), status=self._status,
                              offset=offset, limit=limit)

    def _count(self) -> int:
        with Session(self._engine) as session:
            return count_cases(session, self._status)

    @Slot(int)
    def _filter_changed(self, _index: int) -> None:
        self._status = self.status_filter.currentData()
        self.model.reload()
        self.timeline.clear()
        self.case_header.setText("请选择左侧病例")
        self.statusBar().showMessage(f"共 {self._count()} 个病例")

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.show_case(self.model.row_at(indexes[0].row()))

    def show_case(self, row: CaseRow) -> None:
        self.case_header.setText(
            f"{row.patient_name}　{row.case_number}　{STATUS.get(row.status, row.status)}")
        with Session(self._engine) as session:
            entries = case_timeline(session, row.id)
        self.timeline.clear()
        self.timeline.addTopLevelItems([
            QTreeWidgetItem([str(e.day), TIMELINE_KIND.get(e.kind, e.kind), e.title, e.detail])
            for e in entries
        ])

    def select_first_case(self) -> None:
        if self.model.rowCount() > 0:
            self.case_table.selectRow(0)
