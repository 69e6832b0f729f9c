"""Case list model: holds plain rows, fetched lazily in batches."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.services.clinical.case_view import CaseRow
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.labels import STAGE, STATUS
from desktop_app.ui.kit.rows_model import Index, RowsModel

BATCH = 200
# The status of a case that can no longer change (its record state), instead of 已出院.
CLOSED_STATUS = {"archived": QT_TR_NOOP("已归档"), "sealed": QT_TR_NOOP("已封存")}
HEADERS = (QT_TR_NOOP("病例号"), QT_TR_NOOP("姓名"), QT_TR_NOOP("身份证号"), QT_TR_NOOP("阶段"),
           QT_TR_NOOP("状态"), QT_TR_NOOP("核准期限"), QT_TR_NOOP("剩余天数"))


def status_text(row: CaseRow) -> str:
    """The case's status as lists show it: an archived or sealed case as that (已归档 /
    已封存), not as 已出院; the search results can show it the same way."""
    if row.record_state in CLOSED_STATUS:
        return tr(CLOSED_STATUS[row.record_state])
    return transferred_text(row) or tr(STATUS.get(row.status, row.status))


def transferred_text(row: CaseRow) -> str:
    """已转出 for a case transferred out and not yet discharged (issue 19), else ""."""
    if row.transferred_out_on is None or row.status == "discharged":
        return ""
    return tr("已转出")


class CaseTableModel(RowsModel[CaseRow]):
    """``fetch(offset, limit)`` returns rows; ``total()`` their number."""

    HEADERS: tuple[str, ...] = HEADERS

    def __init__(self, fetch: Callable[[int, int], list[CaseRow]], total: Callable[[], int]) -> None:
        super().__init__()
        self.HEADERS = tuple(headers(HEADERS))
        self._fetch = fetch
        self._total_fn = total
        self._total = total()
        self._fetching = False
        self.fetchMore()  # the first batch at once, so the first paint shows cases

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._total = self._total_fn()
        self.endResetModel()
        self.fetchMore()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self.rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._fetching:
            return
        self._fetching = True  # views may call fetchMore again from inside beginInsertRows
        try:
            batch = self._fetch(len(self.rows), BATCH)
            if not batch:
                self._total = len(self.rows)
                return
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
            self.rows.extend(batch)
            self.endInsertRows()
        finally:
            self._fetching = False

    def row_at(self, row: int) -> CaseRow:
        return self.rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 \
                and row.record_state in CLOSED_STATUS:
            return QColor("#52606d")
        if (role == Qt.ItemDataRole.ForegroundRole and index.column() == 6
                and row.days_left is not None and row.days_left <= 7):
            return QColor("#b3261e")
        return None

    @staticmethod
    def _display(row: CaseRow, column: int) -> str:
        if column == 0:
            return row.case_number
        if column == 1:
            return row.patient_name
        if column == 2:
            return row.masked_resident_id
        if column == 3:
            return tr(STAGE.get(row.stage, row.stage))
        if column == 4:
            return status_text(row)
        if column == 5:
            return (tr("{start} 至 {end}").format(start=row.approved_from, end=row.approved_to)
                    if row.approved_from else "—")
        if row.days_left is None:
            return "—"
        return tr("已到期") if row.days_left < 0 else tr("{days} 天").format(days=row.days_left)
