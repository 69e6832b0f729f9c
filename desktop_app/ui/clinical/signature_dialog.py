"""The bedside signature dialog: the patient (or someone signing for them) reads exactly
what is being signed and signs on the pad — or, on a PC without a pad, the staff member
attaches the scan of the paper the patient signed (``paper=True``).

The dialog writes nothing: on accept it offers ``signer()`` and ``handwriting()`` (or
``scan()``) for the caller to pass to ``services.integrity.signing.sign`` (or
``services.clinical.paper_signing.sign_with_scan``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import FieldError
from desktop_app.services.clinical import bedside
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.signing import MEANINGS, PATIENT_SIDE, Handwriting, Signer
from desktop_app.services.records.attachments import attachment_errors, read_file
from desktop_app.ui.clinical.signature_pad import SignaturePad
from desktop_app.ui.intake.fields import SCAN_FILTER
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr

SIGNER_LABELS = {"patient": QT_TR_NOOP("患者本人"), "legal_rep": QT_TR_NOOP("法定代理人"),
                 "authorised": QT_TR_NOOP("授权委托人"), "relative": QT_TR_NOOP("近亲属")}
# services.integrity.signing.MEANINGS (the words stored with a signature), marked for the screen.
MEANING_LABELS = {
    "patient_confirms_plan": QT_TR_NOOP("患者确认治疗方案"),
    "patient_confirms_sessions": QT_TR_NOOP("患者确认治疗记录"),
    "patient_consents": QT_TR_NOOP("患者知情同意"), "physician_signs": QT_TR_NOOP("医师签名"),
    "therapist_signs": QT_TR_NOOP("治疗师签名"), "assessor_signs": QT_TR_NOOP("评估人签名"),
    "reviewer_cosigns": QT_TR_NOOP("上级审核签名"), "officer_signs": QT_TR_NOOP("经办人签名"),
    "disposal_approves": QT_TR_NOOP("批准销毁"), "disposal_witness": QT_TR_NOOP("监销人签名"),
    "amender_signs": QT_TR_NOOP("更正人签名"), "amendment_approves": QT_TR_NOOP("批准更正"),
    "summary_prepares": QT_TR_NOOP("申报汇总表经办人签名"),
    "summary_reviews": QT_TR_NOOP("申报汇总表审核人签名"),
}
SUMMARY_ROWS = 6  # lines shown before the list scrolls
BUTTON_HEIGHT = 44  # finger-sized
WARNING_STYLE = "color: #8a5300;"


def meaning_label(meaning: str) -> str:
    """What a signature means, in the interface's language."""
    return tr(MEANING_LABELS.get(meaning, MEANINGS.get(meaning, meaning)))


class PatientSignatureDialog(QDialog):
    """``lines``: one per record being signed, as the caller will sign them."""

    def __init__(self, lines: Sequence[str], *, heading: str = "",
                 meaning: str = "patient_confirms_sessions", patient_name: str = "",
                 signer: Signer | None = None, paper: bool = False, scan_kind: str = "signed_sheet_scan",
                 late: Sequence[str] = (), parent: QWidget | None = None) -> None:
        """``signer``: who signs, already chosen by the caller (an out-of-scope consent names
        its signer, who may be the employer's representative); the dialog then shows it
        instead of asking. ``paper``: a scan of the signed paper (kept as ``scan_kind``)
        instead of the pad. ``late``: one line per record signed later than the
        institution's limit, shown as a warning before the signature (signing stays allowed)."""
        super().__init__(parent)
        self._fixed = signer
        self.paper = paper
        self._scan_kind = scan_kind
        self.setWindowTitle(tr("纸质签名扫描件") if paper else tr("患者签名确认"))
        self._patient_name = patient_name
        self._signer: Signer | None = None
        self._handwriting: Handwriting | None = None
        self._scan: AttachmentInput | None = None

        intro = QLabel(tr("请核对纸质签字页与以下记录一致（记录号相同），再选择签字页的扫描件。") if paper
                       else tr("请核对以下内容，确认无误后在下方签名。"))
        intro.setWordWrap(True)
        self.heading = QLabel(heading)
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setVisible(bool(heading))
        self.summary = QListWidget()
        self.summary.addItems(list(lines))
        self.summary.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        rows = max(1, min(len(lines), SUMMARY_ROWS))
        self.summary.setFixedHeight(rows * self.summary.sizeHintForRow(0) + 2 * self.summary.frameWidth()
                                    + 4)
        self.meaning = QLabel(tr("签名含义：{meaning}").format(meaning=meaning_label(meaning)))
        warned = [tr("超过签署时限（仍可签署，结算前须说明原因）："), *late] if late else []
        self.late = QLabel("\n".join(warned))
        self.late.setObjectName("lateWarning")
        self.late.setStyleSheet(WARNING_STYLE)
        self.late.setWordWrap(True)
        self.late.setVisible(bool(late))

        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        kind_row = QHBoxLayout()
        for position, kind in enumerate(PATIENT_SIDE):
            button = QRadioButton(tr(SIGNER_LABELS.get(kind, kind)))
            self.kind_group.addButton(button, position)
            self.kind_buttons[kind] = button
            kind_row.addWidget(button)
        kind_row.addStretch()
        self.kind_buttons["patient"].setChecked(True)
        self.kind_group.idToggled.connect(self._kind_toggled)

        self.name_edit = QLineEdit(patient_name)
        self.name_edit.setPlaceholderText(tr("签名人姓名"))
        self.relationship_edit = QLineEdit()
        self.relationship_edit.setPlaceholderText(tr("如：配偶、子女、父母、监护人"))
        self.proof_edit = QLineEdit()
        self.proof_edit.setPlaceholderText(tr("代签原因及查验的证明，如授权委托书"))
        self.fixed_signer = QLabel(self._fixed_text())
        self.form = QFormLayout()
        self.form.addRow(tr("签名人："), self.fixed_signer)
        self.form.addRow(tr("签名人："), kind_row)
        self.form.addRow(tr("姓名："), self.name_edit)
        self.form.addRow(tr("与患者关系："), self.relationship_edit)
        self.form.addRow(tr("代签依据："), self.proof_edit)

        self.pad = SignaturePad()
        self.pad.changed.connect(self._pad_changed)
        self.scan_file = QLabel(tr("（未选择文件）"))
        self.scan_file.setWordWrap(True)
        self.choose_button = QPushButton(tr("选择扫描件…"))
        self.choose_button.clicked.connect(self._choose_scan)
        self.choose_button.setAutoDefault(False)  # as on the pad, Enter does nothing here
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setVisible(False)

        self.clear_button = QPushButton(tr("清除"))
        self.cancel_button = QPushButton(tr("取消"))
        self.confirm_button = QPushButton(tr("确认签名"))
        for push in (self.clear_button, self.cancel_button, self.confirm_button):
            push.setAutoDefault(False)  # Enter must not sign
            push.setMinimumHeight(BUTTON_HEIGHT)
        self.clear_button.clicked.connect(self._clear)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self._confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.late)
        layout.addWidget(self.meaning)
        layout.addLayout(self.form)
        if paper:
            self.pad.setVisible(False)
            self.clear_button.setVisible(False)
            scan_row = QHBoxLayout()
            scan_row.addWidget(self.scan_file, 1)
            scan_row.addWidget(self.choose_button)
            layout.addLayout(scan_row)
        else:
            self.choose_button.setVisible(False)
            self.scan_file.setVisible(False)
            layout.addWidget(self.pad, stretch=1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._show_proxy_fields(False)
        self.form.setRowVisible(self.fixed_signer, signer is not None)
        if signer is not None:
            for row in (kind_row, self.name_edit, self.relationship_edit, self.proof_edit):
                self.form.setRowVisible(row, False)
        self.resize(max(self.sizeHint().width(), 720), self.sizeHint().height())

    # ----------------------------------------------------------------- results

    def signer_kind(self) -> str:
        return PATIENT_SIDE[self.kind_group.checkedId()]

    def signer(self) -> Signer:
        """Who signed; only after the dialog was accepted."""
        if self._signer is None:
            raise RuntimeError("the signature was not confirmed")
        return self._signer

    def handwriting(self) -> Handwriting:
        """The strokes, their image (``render_png``) and the device; only after accept."""
        if self._handwriting is None:
            raise RuntimeError("the signature was not confirmed")
        return self._handwriting

    def scan(self) -> AttachmentInput:
        """The chosen scan of the signed paper; only after accept in paper mode."""
        if self._scan is None or self._signer is None:
            raise RuntimeError("the signature was not confirmed")
        return self._scan

    def choose_scan(self, path: Path) -> None:
        """Take ``path`` as the scan (the file chooser's choice); an unreadable file is said."""
        try:
            self._scan = read_file(path, self._scan_kind)
        except OSError as error:
            self._scan = None
            self._say([tr("无法读取文件：{error}").format(error=error.strerror or error)])
            return
        self.scan_file.setText(path.name)
        self.message.setVisible(False)

    # ----------------------------------------------------------------- slots

    def _entered_signer(self) -> Signer:
        kind = self.signer_kind()
        if kind == "patient":
            return Signer(kind, self.name_edit.text().strip())
        return Signer(kind, self.name_edit.text().strip(),
                      relationship=self.relationship_edit.text().strip() or None,
                      proof_note=self.proof_edit.text().strip() or None)

    def _fixed_text(self) -> str:
        if self._fixed is None:
            return ""
        relation = self._fixed.relationship or tr(SIGNER_LABELS.get(self._fixed.kind, self._fixed.kind))
        return f"{self._fixed.name}（{relation}）"

    @Slot()
    def _confirm(self) -> None:
        signer = self._fixed or self._entered_signer()
        errors = [] if self._fixed else signing.patient_signer_errors(signer)
        if not self.paper:
            errors += self.pad.ink_errors()
        elif self._scan is None:
            errors.append(FieldError("签名扫描件", "请选择签字页的扫描件（图片或PDF）",
                                             "Choose the scan of the signed page (image or PDF)",
                                             key="scan"))
        else:
            errors += attachment_errors(self._scan, "签名扫描件", "scan")
        if errors:
            self._say([pick(e.zh, e.en) for e in errors])
            return
        self._signer = signer
        if not self.paper:
            self._handwriting = bedside.handwriting(self.pad.strokes(), self.pad.device_description())
        self.accept()

    def _say(self, lines: list[str]) -> None:
        self.message.setText("\n".join(lines))
        self.message.setVisible(True)

    @Slot()
    def _choose_scan(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("选择签字页扫描件"), "", tr(SCAN_FILTER))
        if name:
            self.choose_scan(Path(name))

    @Slot()
    def _clear(self) -> None:
        self.pad.clear()

    @Slot()
    def _pad_changed(self) -> None:
        self.message.setVisible(False)

    @Slot(int, bool)
    def _kind_toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        proxy = self.signer_kind() != "patient"
        self._show_proxy_fields(proxy)
        name = self.name_edit.text().strip()
        if proxy and self._patient_name and name == self._patient_name:
            self.name_edit.clear()  # the proxy signs with their own name
        elif not proxy and not name:
            self.name_edit.setText(self._patient_name)
        self.message.setVisible(False)

    def _show_proxy_fields(self, visible: bool) -> None:
        self.form.setRowVisible(self.relationship_edit, visible)
        self.form.setRowVisible(self.proof_edit, visible)
