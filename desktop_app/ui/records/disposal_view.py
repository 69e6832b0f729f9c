"""销毁鉴定与监销: the disposal workflow of ``services.records.disposal``.

Expired archives (not held) → proposed with an appraisal note → approved by an
administrator (their password) → two other people witness (each enters their own user
name and password at this PC: the signature is made as them, and the service checks the
password before writing anything) → carried out after an explicit confirmation → the
permanent disposal record with the SHA-256 of everything destroyed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA
from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError, FieldError, ValidationFailed
from desktop_app.services.admin import accounts
from desktop_app.services.admin.sign_in import WRONG_CREDENTIALS
from desktop_app.services.records import disposal, retention
from desktop_app.services.records.disposal import DisposalView, RequestLine
from desktop_app.services.records.retention import RetentionRow
from desktop_app.ui.admin.first_run_dialog import password_field
from desktop_app.ui.intake.fields import show_field_errors
from desktop_app.ui.kit.forms import FormDialog, message_parent, record_table, selected_index
from desktop_app.ui.kit.i18n import QT_TR_NOOP, QT_TRANSLATE_NOOP, headers, pick, tr, tr_in
from desktop_app.ui.kit.messages import error_label, set_error
from desktop_app.ui.kit.runner import Runner, failed

STAGES = {"proposed": QT_TR_NOOP("待批准"), "approved": QT_TR_NOOP("待监销"),
          "witnessed": QT_TR_NOOP("可执行"), "destroyed": QT_TR_NOOP("已销毁")}
ELIGIBLE_HEADERS = ("", QT_TR_NOOP("病例号"), QT_TR_NOOP("患者"), QT_TR_NOOP("保管至"))
SIGN = QT_TRANSLATE_NOOP("button", "签名")  # the verb; a column 签名 is "Signature"
REQUEST_HEADERS = (QT_TR_NOOP("编号"), QT_TR_NOOP("提出"), QT_TR_NOOP("病例"), QT_TR_NOOP("鉴定意见"),
                   QT_TR_NOOP("批准人"), QT_TR_NOOP("监销人"), QT_TR_NOOP("阶段"))


def names(people: list[str] | tuple[str, ...]) -> str:
    """People's names in a list, or a dash."""
    return pick("、", ", ").join(people) or "—"


def describe_record(view: DisposalView) -> str:
    """The disposal record as text: who, when, and the hashes of what was destroyed."""
    approved_at = (f"（{view.approved_at.astimezone(CHINA):%Y-%m-%d %H:%M}）"
                   if view.approved_at else "")
    lines = [tr("销毁记录 #{disposal}（申请 #{request}）").format(disposal=view.disposal_id,
                                                             request=view.request_id),
             tr("销毁日期：{day}").format(day=view.destroyed_on),
             tr("鉴定意见：{note}").format(note=view.appraisal_note),
             tr("批准人：{name}").format(name=view.approved_by) + approved_at,
             tr("监销人：{names}").format(names=names(view.witnesses)), ""]
    for case in view.cases:
        lines.append(tr("病例 {case}（保管至 {until}）校验值 {sha}").format(
            case=case.case_number, until=case.retain_until, sha=case.sha256))
        for table, digest in sorted(case.tables.items()):
            lines.append(tr("  {table}: {rows} 行，校验值 {sha}").format(
                table=table, rows=digest.get("rows"), sha=digest.get("sha256")))
        lines += [tr("  附件校验值 {sha}").format(sha=sha) for sha in case.attachments_sha256]
    return "\n".join(lines)


class ApproveDialog(FormDialog):
    """The signed-in administrator approves by re-entering their password."""

    def __init__(self, runner: Runner, request: RequestLine, parent: QWidget) -> None:
        super().__init__(tr("批准销毁 #{request}").format(request=request.request_id), tr("签名批准"),
                         parent)
        self._runner, self._request_id = runner, request.request_id
        self.password = password_field(tr("本人密码"))
        self.form.addRow(tr("病例"), QLabel(names(request.case_numbers)))
        self.form.addRow(tr("鉴定意见"), QLabel(request.appraisal_note))
        self.form.addRow(tr("本人密码"), self.password)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, disposal.approve, self._request_id, self.password.text()).either(
            self.outcome)


class WitnessDialog(FormDialog):
    """A witness signs at this PC with their own user name and password; the signature is
    made as them (not as whoever is signed in)."""

    def __init__(self, runner: Runner, request: RequestLine, parent: QWidget) -> None:
        super().__init__(tr("监销签名 #{request}").format(request=request.request_id),
                         tr_in("button", SIGN), parent)
        self._runner, self._request_id = runner, request.request_id
        self.username = QLineEdit()
        self.username.setPlaceholderText(tr("监销人本人的用户名"))
        self.password = password_field(tr("监销人本人的密码"))
        self.form.addRow(tr("病例"), QLabel(names(request.case_numbers)))
        self.form.addRow(tr("已签监销人"), QLabel(names(request.witnesses)))
        self.form.addRow(tr("监销人"), self.username)
        self.form.addRow(tr("密码"), self.password)

    @Slot()
    def submit(self) -> None:
        witness_id = self._runner.read(accounts.staff_id, self.username.text())
        if failed(witness_id, self):
            return
        if witness_id is None:
            show_field_errors(self.error, {}, [FieldError(QT_TR_NOOP("监销人"), *WRONG_CREDENTIALS,
                                                          key="witness")])
            return
        self._runner.as_actor(witness_id).submit(
            self, disposal.witness, self._request_id, self.password.text()).either(self.outcome)


class CarryOutDialog(FormDialog):
    """Destroying cannot be undone: the box must be ticked first."""

    def __init__(self, runner: Runner, request: RequestLine, parent: QWidget) -> None:
        super().__init__(tr("执行销毁 #{request}").format(request=request.request_id), tr("销毁"),
                         parent)
        self._runner, self._request_id = runner, request.request_id
        self.disposal_id: int | None = None
        self.confirm = QCheckBox(tr("我确认：这些病例的内容将被永久删除，仅保留销毁记录及其校验值"))
        self.confirm.toggled.connect(self.ok_button.setEnabled)
        self.ok_button.setEnabled(False)
        self.form.addRow(tr("病例"), QLabel(names(request.case_numbers)))
        self.form.addRow(tr("批准人"), QLabel(request.approved_by or "—"))
        self.form.addRow(tr("监销人"), QLabel(names(request.witnesses)))
        self.form.addRow(self.confirm)

    @Slot()
    def submit(self) -> None:
        if not self.confirm.isChecked():
            return
        self._runner.submit(self, disposal.carry_out, self._request_id).either(self._carried_out)

    def _carried_out(self, result: int | AppError) -> None:
        if self.outcome(result) and not isinstance(result, AppError):
            self.disposal_id = result


class DisposalDialog(QDialog):
    def __init__(self, runner: Runner, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.eligible_rows: list[RetentionRow] = []
        self.requests: list[RequestLine] = []
        self.proposed_id: int | None = None  # the last request proposed from this dialog
        self.setWindowTitle(tr("销毁鉴定与监销"))
        self.resize(1100, 640)  # fits a 1280×720 screen with its taskbar
        self.eligible = record_table(tuple(headers(ELIGIBLE_HEADERS)), (30, 160, 90))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(tr("鉴定意见（必填）：为何已无继续保存价值"))
        self.note.setMaximumHeight(60)
        self.propose_button = QPushButton(tr("提出销毁"))
        self.propose_button.clicked.connect(self.propose)
        self.propose_button.setVisible(permitted(role, "disposal.propose"))
        self.propose_error = error_label()
        self.request_table = record_table(tuple(headers(REQUEST_HEADERS)), (50, 140, 170, 220, 80, 140))
        self.request_table.itemSelectionChanged.connect(self._request_selected)
        self.approve_button = QPushButton(tr("批准…"))
        self.approve_button.setVisible(permitted(role, "disposal.approve"))
        self.witness_button = QPushButton(tr("监销签名…"))
        self.carry_out_button = QPushButton(tr("执行销毁…"))
        self.carry_out_button.setVisible(permitted(role, "disposal.execute"))
        self.approve_button.clicked.connect(self.approve)
        self.witness_button.clicked.connect(self.witness)
        self.carry_out_button.clicked.connect(self.carry_out)
        self.record = QPlainTextEdit()
        self.record.setReadOnly(True)
        self.record.setPlaceholderText(tr("选择已销毁的申请查看销毁记录"))
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.close)

        propose_box = QWidget()
        propose = QVBoxLayout(propose_box)
        propose.setContentsMargins(0, 0, 0, 0)
        propose.addWidget(QLabel(tr("已过保管期、未保全（勾选要销毁的）")))
        propose.addWidget(self.eligible)
        propose.addWidget(self.note)
        propose.addWidget(self.propose_error)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.propose_button)
        propose.addLayout(row)
        requests_box = QWidget()
        requests = QVBoxLayout(requests_box)
        requests.setContentsMargins(0, 0, 0, 0)
        requests.addWidget(QLabel(tr("销毁申请")))
        requests.addWidget(self.request_table)
        steps = QHBoxLayout()
        for button in (self.approve_button, self.witness_button, self.carry_out_button):
            steps.addWidget(button)
        steps.addStretch()
        requests.addLayout(steps)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for part in (propose_box, requests_box, self.record):
            splitter.addWidget(part)
        splitter.setSizes([260, 260, 200])
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(bottom)
        self._request_selected()

    def reload(self) -> bool:
        """Read the expired archives and the requests; False (after a message) if refused."""
        report = self._runner.run(retention.retention_report)
        if failed(report, message_parent(self)):
            return False
        found = self._runner.run(disposal.requests)
        if failed(found, message_parent(self)):
            return False
        self.eligible_rows = [r for r in report if r.status == "expired"]
        self.eligible.setRowCount(len(self.eligible_rows))
        for row, line in enumerate(self.eligible_rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.eligible.setItem(row, 0, check)
            for column, value in enumerate((line.case_number, line.patient_name,
                                            str(line.retain_until)), start=1):
                self.eligible.setItem(row, column, QTableWidgetItem(value))
        selected = self.selected_request()
        self.requests = found
        self.request_table.setRowCount(len(found))
        for row, request in enumerate(found):
            values = (f"#{request.request_id}",
                      f"{request.created_at.astimezone(CHINA):%Y-%m-%d} {request.proposed_by}",
                      names(request.case_numbers), request.appraisal_note,
                      request.approved_by or "—", names(request.witnesses),
                      tr(STAGES[request.stage]))
            for column, value in enumerate(values):
                self.request_table.setItem(row, column, QTableWidgetItem(value))
            if selected is not None and request.request_id == selected.request_id:
                self.request_table.selectRow(row)
        self._request_selected()
        return True

    def check_all_eligible(self) -> None:
        for row in range(self.eligible.rowCount()):
            item = self.eligible.item(row, 0)
            if item is not None:
                item.setCheckState(Qt.CheckState.Checked)

    def checked_retention_ids(self) -> list[int]:
        return [line.retention_id for row, line in enumerate(self.eligible_rows)
                if (item := self.eligible.item(row, 0)) is not None
                and item.checkState() == Qt.CheckState.Checked]

    @Slot()
    def propose(self) -> None:
        """Send the proposal for the ticked archives; once written, ``proposed_id`` is the
        request's id and it is selected (a problem leaves it None)."""
        self.proposed_id = None
        self._runner.submit(self, disposal.propose, self.checked_retention_ids(),
                            self.note.toPlainText()).either(self._proposed)

    def _proposed(self, result: int | AppError) -> None:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.propose_error, {}, result.errors)
            return
        if failed(result, self):
            return
        set_error(self.propose_error, "")
        self.note.clear()
        self.proposed_id = result
        self.reload()
        self.select_request(result)

    def selected_request(self) -> RequestLine | None:
        index = selected_index(self.request_table, len(self.requests))
        return None if index is None else self.requests[index]

    def select_request(self, request_id: int) -> None:
        for row, request in enumerate(self.requests):
            if request.request_id == request_id:
                self.request_table.selectRow(row)

    @Slot()
    def _request_selected(self) -> None:
        request = self.selected_request()
        stage = request.stage if request is not None else None
        self.approve_button.setEnabled(stage == "proposed")
        self.witness_button.setEnabled(stage == "approved")
        self.carry_out_button.setEnabled(stage == "witnessed")
        self.record.clear()
        if request is not None and request.disposal_record_id is not None:
            view = self._runner.run(disposal.disposal_record, request.request_id)
            if isinstance(view, DisposalView):
                self.record.setPlainText(describe_record(view))
            else:
                failed(view, self)

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    @Slot()
    def approve(self) -> FormDialog | None:
        request = self.selected_request()
        return self._open(ApproveDialog(self._runner, request, self)) if request else None

    @Slot()
    def witness(self) -> FormDialog | None:
        request = self.selected_request()
        return self._open(WitnessDialog(self._runner, request, self)) if request else None

    @Slot()
    def carry_out(self) -> FormDialog | None:
        request = self.selected_request()
        return self._open(CarryOutDialog(self._runner, request, self)) if request else None
