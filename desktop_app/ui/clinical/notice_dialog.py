"""终止康复治疗书面通知: the written notice ending a course for non-cooperation or a refusal to
leave (Beijing Art. 14; issue 19), opened from the discharge page. The case's notices, and a
form: the day, the reason, the facts, how it was delivered and whether the worker signed for
it (a refusal to sign is noted with its witness); the issuing physician writes and signs it
in one step with their password (``notice.add_notice`` then ``sign_notice``). Under a pack
whose text has no such notice the form stays closed and says why (the service refuses too)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import NOTICE_ACKNOWLEDGEMENTS, NOTICE_DELIVERIES, NOTICE_REASONS, Action
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import notice, value_report_documents
from desktop_app.services.clinical.notice import NoticeSheet, notice_sheet
from desktop_app.services.records.issued_documents import IssuedPdf
from desktop_app.ui.clinical.follow_up_dialog import choice_combo
from desktop_app.ui.intake.fields import FORM_STYLE, chain_tab_order, date_edit, date_of, show_field_errors
from desktop_app.ui.kit.forms import record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.messages import ERROR_STYLE, error_label
from desktop_app.ui.kit.pdf_viewer import open_pdf
from desktop_app.ui.kit.runner import PageReads, Runner, failed

REASON = {"non_cooperation": QT_TR_NOOP("不配合治疗"), "refused_to_leave": QT_TR_NOOP("拒不出院")}
DELIVERY = {
    "in_person": QT_TR_NOOP("当面送达"),
    "post": QT_TR_NOOP("邮寄送达"),
    "relative": QT_TR_NOOP("交近亲属转交"),
}
ACKNOWLEDGEMENT = {
    "signed": QT_TR_NOOP("本人签收"),
    "refused": QT_TR_NOOP("拒绝签收"),
    "absent": QT_TR_NOOP("未当面签收"),
}
NOTICE_HEADERS = (
    QT_TR_NOOP("通知日期"),
    QT_TR_NOOP("通知事由"),
    QT_TR_NOOP("签发医师"),
    QT_TR_NOOP("签收情况"),
    QT_TR_NOOP("状态"),
)


class NoticeDialog(QDialog):
    """``load()`` reads the case's notices and whether its pack has them; ``issue`` writes
    and signs one. ``issued`` counts the notices signed while open."""

    def __init__(self, runner: Runner, user: SignedIn, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("终止康复治疗书面通知"))
        self.setMinimumWidth(700)
        self.setStyleSheet(FORM_STYLE)
        self._runner = runner
        self._user = user
        self.case_id = case_id
        self.sheet: NoticeSheet | None = None
        self.issued = 0
        self.reads = PageReads(runner, self)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refusal = QLabel()
        self.refusal.setObjectName("noticeRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(ERROR_STYLE)
        self.refusal.hide()
        self.table = record_table(tuple(headers(NOTICE_HEADERS)), (90, 100, 90, 100))
        self.table.setMinimumHeight(90)
        self.issued_on = date_edit(runner.clock.today())
        self.reason = choice_combo(REASON, NOTICE_REASONS, placeholder=False)
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("noticeFacts")
        self.facts.setTabChangesFocus(True)
        self.facts.setMaximumHeight(self.facts.fontMetrics().lineSpacing() * 4)
        self.delivery = choice_combo(DELIVERY, NOTICE_DELIVERIES, placeholder=False)
        self.acknowledgement = choice_combo(ACKNOWLEDGEMENT, NOTICE_ACKNOWLEDGEMENTS,
                                             placeholder=False)
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("拒绝签收时写明拒签情况及在场见证人"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("本人登录密码"))
        self.issue_button = QPushButton(tr("签发并签名"))
        self.issue_button.setObjectName("issueNotice")
        self.issue_button.clicked.connect(self.issue)
        self.issue_button.setDefault(True)  # Enter issues and signs; Escape closes
        # A notice written but not signed (a wrong password) is signed from the list.
        self.sign_button = QPushButton(tr("签署所选草稿"))
        self.sign_button.setObjectName("signNotice")
        self.sign_button.clicked.connect(self.sign_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.error = error_label()
        self.saved = QLabel()
        self.saved.setObjectName("noticeSaved")
        self.saved.hide()

        self.form_box = QGroupBox(tr("签发通知（签名后不再改动）"))
        form = QFormLayout(self.form_box)
        form.setVerticalSpacing(4)
        form.addRow(tr("通知日期 *"), self.issued_on)
        form.addRow(tr("通知事由 *"), self.reason)
        form.addRow(tr("事实经过 *"), self.facts)
        form.addRow(tr("送达方式 *"), self.delivery)
        form.addRow(tr("签收情况 *"), self.acknowledgement)
        form.addRow(tr("送达说明"), self.note)
        form.addRow(tr("签名密码 *"), self.password)
        row = QHBoxLayout()
        row.addWidget(self.saved, 1)
        row.addWidget(self.sign_button)
        row.addWidget(self.issue_button)
        form.addRow(row)
        form.addRow(self.error)
        self.fields: dict[str, QWidget] = {
            "issued_on": self.issued_on,
            "reason": self.reason,
            "facts": self.facts,
            "delivery": self.delivery,
            "acknowledgement": self.acknowledgement,
            "delivery_note": self.note,
            "password": self.password,
            "signer": self.password,
        }

        self.print_button = QPushButton(tr("打印所选通知"))
        self.print_button.setObjectName("printNotice")
        self.print_button.clicked.connect(self.print_selected)
        self.printed_path: Path | None = None
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.refusal)
        layout.addWidget(self.table)
        layout.addWidget(self.form_box)
        layout.addWidget(close)
        chain_tab_order(
            (
                self.issued_on,
                self.reason,
                self.facts,
                self.delivery,
                self.acknowledgement,
                self.note,
                self.password,
                self.sign_button,
                self.issue_button,
            )
        )
        self.load()

    def load(self) -> None:
        self.reads.read(self._shown, notice_sheet, self.case_id)

    def _shown(self, sheet: NoticeSheet) -> None:
        self.sheet = sheet
        text = tr("病例 {case}　{patient}").format(case=sheet.case_number, patient=sheet.patient_name)
        if sheet.allowed:
            text += tr("　依据：{basis}").format(basis=pick(sheet.basis_zh, sheet.basis_en))
        self.summary.setText(text)
        self.refusal.setText(pick(sheet.refusal_zh, sheet.refusal_en))
        self.refusal.setVisible(not sheet.allowed)
        self.table.setRowCount(len(sheet.notices))
        for row, n in enumerate(sheet.notices):
            cells = (
                str(n.issued_on),
                tr(REASON.get(n.reason, n.reason)),
                n.issued_by,
                tr(ACKNOWLEDGEMENT.get(n.acknowledgement, n.acknowledgement)),
                tr("已签名") if n.signed else tr("未签名"),
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        may = sheet.allowed and sheet.open_case and permitted(self._user.role, Action.NOTICE_ISSUE, "draft")
        self.form_box.setEnabled(may)
        drafts = [
            i for i, n in enumerate(sheet.notices) if not n.signed and n.issued_by_id == self._user.user_id
        ]
        if drafts:
            self.table.selectRow(drafts[-1])
        elif sheet.notices:
            self.table.selectRow(len(sheet.notices) - 1)
        self._selection_changed()

    def selected_draft(self) -> int | None:
        """The id of the selected notice if it is this physician's unsigned draft."""
        if self.sheet is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.sheet.notices):
            return None
        chosen = self.sheet.notices[rows[0].row()]
        return chosen.notice_id if not chosen.signed and chosen.issued_by_id == self._user.user_id else None

    def selected_notice(self) -> int | None:
        if self.sheet is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.sheet.notices):
            return None
        return self.sheet.notices[rows[0].row()].notice_id

    @Slot()
    def _selection_changed(self) -> None:
        self.sign_button.setEnabled(self.form_box.isEnabled() and self.selected_draft() is not None)
        self.print_button.setEnabled(self.selected_notice() is not None)

    @Slot()
    def print_selected(self) -> None:
        """The selected notice as PDF/A (issued and audited), opened to print."""
        notice_id = self.selected_notice()
        if notice_id is not None:
            self._runner.submit(self, value_report_documents.print_notice, self.case_id, notice_id).then(
                self._printed
            )

    def _printed(self, doc: IssuedPdf) -> None:
        self.printed_path = open_pdf(self, doc.pdf, doc.filename)

    @Slot()
    def sign_selected(self) -> None:
        notice_id = self.selected_draft()
        if notice_id is None or not self.sign_button.isEnabled():
            return
        self._runner.submit(self, notice.sign_notice, self.case_id, notice_id, self.password.text()).either(
            self._signed
        )

    def notice_input(self) -> notice.NoticeInput:
        return notice.NoticeInput(
            date_of(self.issued_on),
            str(self.reason.currentData()),
            self.facts.toPlainText(),
            str(self.delivery.currentData()),
            str(self.acknowledgement.currentData()),
            self.note.text().strip() or None,
        )

    @Slot()
    def issue(self) -> None:
        if not self.form_box.isEnabled():
            return
        self._runner.submit(self, notice.add_notice, self.case_id, self.notice_input()).either(self._written)

    def _written(self, result: int | AppError) -> None:
        if self._refused(result):
            return
        assert isinstance(result, int)
        self._runner.submit(self, notice.sign_notice, self.case_id, result, self.password.text()).either(
            self._signed
        )

    def _signed(self, result: int | AppError) -> None:
        self.load()
        if self._refused(result):
            return
        show_field_errors(self.error, self.fields, [])
        self.issued += 1
        self.password.clear()
        self.facts.clear()
        self.saved.setText(tr("通知已签发并签名。"))
        self.saved.show()

    def _refused(self, result: object) -> bool:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.error, self.fields, result.errors)
            return True
        if isinstance(result, AppError):
            show_field_errors(self.error, self.fields, [])
            return failed(result, self)
        return False
