"""What every page of the case workspace shares: who acts, which case, and the
``changed`` signal a page emits after each successful write (see ui/shell/case_workspace.py).
Also the read-only table of plain rows the pages show."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Signal
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.kit.runner import PageReads, Runner

# What every page of a case shows: the patient, the case and its state, who did what,
# the signatures and corrections.
CASE_BASICS = frozenset({"rehab_case", "worker", "injury", "diagnosis", "institution", "staff_user",
                         "signature", "signature_item", "amendment"})


class CasePage(QWidget):
    """Subclasses implement ``load(case_id)``, reading through ``self.reads`` (in the
    background), and name in ``READS`` the record kinds (tables) they show, so a write
    elsewhere that touched none of them leaves them as they are (None: every write
    refreshes the page)."""

    changed = Signal()
    READS: frozenset[str] | None = None

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._user = user
        self.case_id: int | None = None
        self.reads = PageReads(runner, self)

    def load(self, case_id: int) -> None:
        raise NotImplementedError


def rows_view(model: QAbstractItemModel) -> QTableView:
    """Whole rows selected, nothing edited in place, Tab leaves the table."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)
    return table
