"""确认延迟签名: the records officer acknowledges, with a reason, the late signatures the
gate lists for a claim (``services.claims.late_signatures.acknowledge``, audited; the
reason is printed on the claim cover)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from desktop_app.services.claims import late_signatures
from desktop_app.services.claims.claim_gate import Gap
from desktop_app.ui.kit.forms import FormDialog
from desktop_app.ui.kit.i18n import pick, tr
from desktop_app.ui.kit.runner import Runner


class AcknowledgeLateDialog(FormDialog):
    def __init__(self, runner: Runner, case_id: int, period: str, waiting: list[Gap],
                 parent: QWidget) -> None:
        super().__init__(tr("确认延迟签名"), tr("确认"), parent)
        self.setMinimumWidth(560)
        self._runner, self.case_id, self.period = runner, case_id, period
        self.listing = QLabel("\n".join(pick(g.zh, g.en) for g in waiting))
        self.listing.setObjectName("lateSignatures")
        self.listing.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("lateReason")
        self.reason.setPlaceholderText(tr("说明延迟签名的原因及核对情况（记入档案，并印在结算申报封面上）"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.form.addRow(tr("延迟签名"), self.listing)
        self.form.addRow(tr("原因"), self.reason)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, late_signatures.acknowledge, self.case_id, self.period,
                            self.reason.toPlainText()).either(self.outcome)
