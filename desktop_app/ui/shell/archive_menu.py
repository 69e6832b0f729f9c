"""The 档案 Archive menu of the main window, and the selected case's record actions.

Archive-wide: 保管与销毁 (retention and disposal) and 校验档案 (verify). For the case on
screen: 更正记录… (also a double-click or the context menu on a timeline entry),
本病例审计记录 and 导出病例档案… (the archive binder, ``ui/package_export``). Items are
shown per the permission table; the services refuse again, audited, whatever the menu
shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QTreeWidget, QTreeWidgetItem

from desktop_app.domain.permissions import permitted
from desktop_app.services.clinical.case_view import CaseRow, TimelineEntry
from desktop_app.ui.kit.i18n import tr
from desktop_app.ui.kit.keys import mnemonic
from desktop_app.ui.kit.runner import Runner

AMENDABLE_ENTRIES = ("treatment_session", "assessment")


class ArchiveMenu(QObject):
    """Builds the menu on ``window``; ``refresh`` shows the case again after a correction."""

    def __init__(self, window: QMainWindow, runner: Runner, role: str, timeline: QTreeWidget,
                 refresh: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._role = role
        self._timeline = timeline
        self._refresh = refresh
        self.case: CaseRow | None = None
        self.entries: list[TimelineEntry] = []
        menu = window.menuBar().addMenu(mnemonic(tr("档案"), "A"))
        self.retention_action = self._action(mnemonic(tr("保管与销毁…"), "R"), self.open_retention,
                                             permitted(role, "retention.report"))
        self.verify_action = self._action(mnemonic(tr("校验档案…"), "V"), self.open_verify,
                                          permitted(role, "audit.view"))
        self.amend_action = self._action(mnemonic(tr("更正记录…"), "C"), self.open_amendment,
                                         permitted(role, "record.amend", "signed"))
        self.case_audit_action = self._action(mnemonic(tr("本病例审计记录"), "A"),
                                              self.open_case_audit, permitted(role, "audit.view"))
        self.binder_action = self._action(mnemonic(tr("导出病例档案…"), "E"),
                                          self.open_binder_export,
                                          permitted(role, "archive.export", "draft"))
        menu.addActions([self.retention_action, self.verify_action])
        menu.addSeparator()
        menu.addActions([self.amend_action, self.case_audit_action, self.binder_action])
        menu.menuAction().setVisible(any(a.isVisible() for a in menu.actions()))
        timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        timeline.addActions([a for a in (self.amend_action, self.case_audit_action)
                             if a.isVisible()])
        timeline.itemDoubleClicked.connect(self._double_clicked)
        self.set_case(None, [])

    def _action(self, text: str, slot: Callable[[], object], visible: bool) -> QAction:
        action = QAction(text, self._window)
        action.triggered.connect(slot)
        action.setVisible(visible)
        return action

    def set_case(self, case: CaseRow | None, entries: list[TimelineEntry]) -> None:
        """The case on screen and its timeline, in the order of the timeline's rows."""
        self.case = case
        self.entries = entries
        for action in (self.amend_action, self.case_audit_action, self.binder_action):
            action.setEnabled(case is not None)

    def _case_label(self) -> str:
        assert self.case is not None
        return f"{self.case.patient_name}　{self.case.case_number}"

    def selected_record(self) -> tuple[str, int] | None:
        """The first record of the timeline entry selected, if it is one that is corrected."""
        item = self._timeline.currentItem()
        index = self._timeline.indexOfTopLevelItem(item) if item is not None else -1
        if not 0 <= index < len(self.entries):
            return None
        entry = self.entries[index]
        if entry.record_type in AMENDABLE_ENTRIES and entry.record_ids:
            return entry.record_type, entry.record_ids[0]
        return None

    @Slot(QTreeWidgetItem, int)
    def _double_clicked(self, _item: QTreeWidgetItem, _column: int) -> None:
        if self.amend_action.isVisible() and self.selected_record() is not None:
            self.open_amendment()

    @Slot()
    def open_amendment(self) -> QDialog | None:
        from desktop_app.ui.integrity.amendment_dialog import AmendmentDialog

        if self.case is None:
            return None
        dialog = AmendmentDialog(self._runner, self.case.id, self._case_label(),
                                 self.selected_record(), self._window, on_saved=self._refresh)
        dialog.show()
        return dialog

    @Slot()
    def open_case_audit(self) -> QDialog | None:
        from desktop_app.ui.integrity.audit_view import AuditHistoryDialog

        if self.case is None:
            return None
        return self._show_if_allowed(AuditHistoryDialog(
            self._runner, self._window, case_id=self.case.id, case_label=self._case_label()))

    @Slot()
    def open_binder_export(self) -> QDialog | None:
        from desktop_app.ui.records.package_export import binder_export_dialog

        if self.case is None:
            return None
        dialog = binder_export_dialog(self._runner, self.case.id, self._case_label(), self._window)
        dialog.open()
        return dialog

    @Slot()
    def open_retention(self) -> QDialog | None:
        from desktop_app.ui.records.retention_view import RetentionDialog

        return self._show_if_allowed(RetentionDialog(self._runner, self._role, self._window))

    @Slot()
    def open_verify(self) -> QDialog:
        from desktop_app.ui.integrity.verify_dialog import VerifyDialog

        dialog = VerifyDialog(self._runner, self._window)
        dialog.show()
        return dialog

    @staticmethod
    def _show_if_allowed(dialog: QDialog) -> QDialog | None:
        """Show the dialog if its service allowed the reading (else a message box was shown)."""
        if dialog.reload():  # type: ignore[attr-defined]
            dialog.show()
            return dialog
        dialog.deleteLater()
        return None
