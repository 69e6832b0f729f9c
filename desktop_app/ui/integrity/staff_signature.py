"""A staff member signs records as the signed-in user by re-entering their password.

The dialog shows what is signed (one line per record, like the patient's dialog) and
the meaning, then calls ``signing.sign`` itself: a wrong password is said inline and
the dialog stays open (the service audits the attempt and signs nothing); a refusal is
shown as a message. ``signed`` carries the new signature's id.

``open_staff_signature`` opens it without blocking (pages, tests); ``sign_as_staff``
blocks until it closes and says whether the records were signed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.bedside import SigningSummary
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.sign_summary_view import records_to_sign
from desktop_app.ui.admin.first_run_dialog import password_field
from desktop_app.ui.clinical.signature_dialog import SUMMARY_ROWS, meaning_label
from desktop_app.ui.kit.i18n import QT_TRANSLATE_NOOP, pick, tr, tr_in
from desktop_app.ui.kit.messages import error_label, set_error, show_error
from desktop_app.ui.kit.runner import Runner, failed

Records = Sequence[tuple[str, int]]
SIGN = QT_TRANSLATE_NOOP("button", "签名")  # the verb; a column 签名 is "Signature"


class StaffSignatureDialog(QDialog):
    """``summary``: what is shown and signed; read from the archive when not given."""

    signed = Signal(int)

    def __init__(self, runner: Runner, user: SignedIn, summary: SigningSummary, meaning: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("工作人员签名"))
        self._runner, self._user, self._meaning = runner, user, meaning
        self.records = list(summary.records)
        self.signature_id: int | None = None

        intro = QLabel(tr("请核对以下内容，重新输入本人密码签名。"))
        self.heading = QLabel(summary.heading)
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setVisible(bool(summary.heading))
        self.summary = QListWidget()
        self.summary.addItems(list(summary.lines))
        self.summary.setWordWrap(True)
        self.summary.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        rows = max(1, min(len(summary.lines), SUMMARY_ROWS))
        self.summary.setFixedHeight(rows * self.summary.sizeHintForRow(0)
                                    + 2 * self.summary.frameWidth() + 4)
        self.meaning = QLabel(meaning_label(meaning))
        self.signer = QLabel(f"{user.display_name}（{user.role_label}，{user.username}）")
        self.password = password_field(tr("本人密码"))
        form = QFormLayout()
        form.addRow(tr("签名含义"), self.meaning)
        form.addRow(tr("签名人"), self.signer)
        form.addRow(tr("本人密码"), self.password)
        self.error = error_label()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText(tr_in("button", SIGN))
        self.sign_button.setDefault(True)  # Enter in the password field signs
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.password.setFocus()
        self.resize(max(self.sizeHint().width(), 560), self.sizeHint().height())

    @Slot()
    def submit(self) -> None:
        signer = signing.Signer("staff", staff_user_id=self._user.user_id,
                                password=self.password.text())
        self._runner.submit(self, signing.sign, self.records, self._meaning, signer).either(
            self._signed)

    def _signed(self, result: int | AppError) -> None:
        if isinstance(result, ValidationFailed):
            set_error(self.error, pick(result.zh, result.en))
            self.password.clear()
            self.password.setFocus()
            return
        if isinstance(result, AppError):
            parent = self.parentWidget()
            self.reject()
            show_error(parent if parent is not None else self, result)
            return
        self.signature_id = result
        self.accept()
        self.signed.emit(result)


def staff_signature_dialog(parent: QWidget, runner: Runner, user: SignedIn, records: Records,
                           meaning: str, summary: SigningSummary | None = None
                           ) -> StaffSignatureDialog | None:
    """The dialog for ``records`` (None, after saying why, if they cannot be described)."""
    if summary is None:
        found = runner.read(records_to_sign, records)
        if failed(found, parent):
            return None
        summary = found
    return StaffSignatureDialog(runner, user, summary, meaning, parent)


def open_staff_signature(parent: QWidget, runner: Runner, user: SignedIn, records: Records,
                         meaning: str, on_signed: Callable[[int], None], *,
                         summary: SigningSummary | None = None) -> StaffSignatureDialog | None:
    """Open the dialog window-modal without blocking; ``on_signed(signature_id)`` after
    a successful signature."""
    dialog = staff_signature_dialog(parent, runner, user, records, meaning, summary)
    if dialog is None:
        return None
    dialog.signed.connect(on_signed)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def sign_as_staff(parent: QWidget, runner: Runner, user: SignedIn, records: Records,
                  meaning: str, *, summary: SigningSummary | None = None) -> bool:
    """Block until the dialog closes; True if the records were signed."""
    dialog = staff_signature_dialog(parent, runner, user, records, meaning, summary)
    if dialog is None:
        return False
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted and dialog.signature_id is not None
    finally:
        dialog.deleteLater()
