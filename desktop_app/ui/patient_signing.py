"""Open the bedside signature dialog for records and sign them when it is confirmed: the
flow the plan and consent pages share (the dialog writes nothing itself)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QWidget

from desktop_app.services import signing
from desktop_app.services.signing import Signer
from desktop_app.ui.runner import Runner, failed
from desktop_app.ui.signature_dialog import PatientSignatureDialog


def open_patient_signature(parent: QWidget, runner: Runner, records: Sequence[tuple[str, int]],
                           meaning: str, lines: Sequence[str], *, heading: str, patient_name: str,
                           on_signed: Callable[[], None], signer: Signer | None = None
                           ) -> PatientSignatureDialog:
    """Window-modal, not blocking; ``on_signed()`` once ``signing.sign`` succeeded (a
    refusal is shown as a message)."""
    dialog = PatientSignatureDialog(lines, heading=heading, meaning=meaning,
                                    patient_name=patient_name, signer=signer, parent=parent)

    def confirmed() -> None:
        result = runner.run(signing.sign, list(records), meaning, dialog.signer(),
                            handwriting=dialog.handwriting())
        if not failed(parent, result):
            on_signed()

    dialog.accepted.connect(confirmed)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
