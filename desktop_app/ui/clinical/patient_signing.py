"""Open the bedside signature dialog for records and sign them when it is confirmed: the
flow the plan, consent and execution-sheet pages share (the dialog writes nothing itself).
On paper, the scan of the signed page is kept and signs the records in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QWidget

from desktop_app.services.clinical import paper_signing
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.signing import Signer
from desktop_app.ui.clinical.signature_dialog import PatientSignatureDialog
from desktop_app.ui.kit.runner import Runner


def open_patient_signature(parent: QWidget, runner: Runner, records: Sequence[tuple[str, int]],
                           meaning: str, lines: Sequence[str], *, heading: str, patient_name: str,
                           on_signed: Callable[[], None], signer: Signer | None = None,
                           paper: bool = False, scan_kind: str = "signed_sheet_scan",
                           late: Sequence[str] = ()) -> PatientSignatureDialog:
    """Window-modal, not blocking; ``on_signed()`` once the records are signed (a refusal
    is shown as a message). ``paper``: with the scan of the signed page, not the pad.
    ``late``: the records signed beyond the limit, warned about in the dialog."""
    dialog = PatientSignatureDialog(lines, heading=heading, meaning=meaning, patient_name=patient_name,
                                    signer=signer, paper=paper, scan_kind=scan_kind, late=late,
                                    parent=parent)

    def confirmed() -> None:  # the dialog has closed: the parent waits for the signing
        if paper:
            op = runner.submit(parent, paper_signing.sign_with_scan, list(records), meaning,
                               dialog.signer(), dialog.scan())
        else:
            op = runner.submit(parent, signing.sign, list(records), meaning, dialog.signer(),
                               handwriting=dialog.handwriting())
        op.then(lambda _signature: on_signed())

    dialog.accepted.connect(confirmed)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
