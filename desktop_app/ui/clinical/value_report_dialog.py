"""康复价值评估报告及康复治疗建议: the signed, versioned value report of a case (issue 19),
opened from the application page. The versions written so far (the latest counts; a signed
one never changes), and a form for the next version that starts from the case's latest
version, else from the latest signed version of an earlier course for the same injury
(carried over, and named), else from the text entered at registration. The physician writes
and signs in one step with their password (``value_report.add_value_report`` then
``sign_value_report``); a draft left unsigned (a wrong password) is signed with
签署最新草稿."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA
from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import MODES, SETTINGS, STAGES, VALUE_CONCLUSIONS, Action
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import value_report, value_report_documents
from desktop_app.services.clinical.value_report import ValueReportSheet, value_report_sheet
from desktop_app.services.records.issued_documents import IssuedPdf
from desktop_app.ui.clinical.follow_up_dialog import choice_combo
from desktop_app.ui.intake.fields import (
    FORM_STYLE,
    chain_tab_order,
    date_edit,
    date_of,
    hint_label,
    set_date,
    show_field_errors,
)
from desktop_app.ui.kit.forms import record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.labels import MODE, SETTING, STAGE
from desktop_app.ui.kit.messages import error_label
from desktop_app.ui.kit.pdf_viewer import open_pdf
from desktop_app.ui.kit.runner import PageReads, Runner, failed

CONCLUSION = {"has_value": QT_TR_NOOP("具有康复价值"), "no_value": QT_TR_NOOP("不具有康复价值")}
VERSION_HEADERS = (
    QT_TR_NOOP("版本"),
    QT_TR_NOOP("评估日期"),
    QT_TR_NOOP("评估结论"),
    QT_TR_NOOP("评估医师"),
    QT_TR_NOOP("状态"),
    QT_TR_NOOP("签名时间"),
)
NO_SETTING = QT_TR_NOOP("不指定")


class ValueReportDialog(QDialog):
    """``load()`` reads the case's versions; ``write_and_sign`` saves the next version and
    signs it; ``sign_latest`` signs a draft left unsigned. ``signed`` counts signatures given."""

    def __init__(self, runner: Runner, user: SignedIn, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("康复价值评估报告及康复治疗建议"))
        self.setMinimumWidth(780)
        self.setStyleSheet(FORM_STYLE)
        self._runner = runner
        self._user = user
        self.case_id = case_id
        self.sheet: ValueReportSheet | None = None
        self.signed = 0
        self._carried_from: int | None = None
        self.reads = PageReads(runner, self)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.versions = record_table(tuple(headers(VERSION_HEADERS)), (60, 90, 120, 90, 70))
        self.versions.setObjectName("valueVersions")
        self.versions.setMinimumHeight(110)
        self.carried = hint_label()
        self.carried.setObjectName("carriedNote")

        today = runner.clock.today()
        self.assessed_on = date_edit(today)
        self.stage = choice_combo(STAGE, STAGES, placeholder=False)
        self.conclusion = choice_combo(CONCLUSION, VALUE_CONCLUSIONS, placeholder=False)
        self.assessment = QPlainTextEdit()
        self.assessment.setTabChangesFocus(True)
        self.assessment.setObjectName("valueAssessment")
        self.recommendation = QPlainTextEdit()
        self.recommendation.setTabChangesFocus(True)
        self.recommendation.setObjectName("valueRecommendation")
        for edit in (self.assessment, self.recommendation):
            edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 4)
        self.modes: dict[str, QCheckBox] = {code: QCheckBox(tr(MODE[code])) for code in MODES}
        modes_row = QHBoxLayout()
        for box in self.modes.values():
            modes_row.addWidget(box)
        modes_row.addStretch(1)
        self.setting = QComboBox()
        self.setting.addItem(tr(NO_SETTING), None)
        for code in SETTINGS:
            self.setting.addItem(tr(SETTING[code]), code)
        self.days = QSpinBox()
        self.days.setRange(0, value_report.MAX_INTENDED_DAYS)
        self.days.setSpecialValueText(tr("不指定"))
        self.days.setSuffix(tr(" 天"))
        self.goals = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("本人登录密码"))
        self.password.setObjectName("valuePassword")
        self.write_button = QPushButton(tr("保存新版本并签名"))
        self.write_button.setObjectName("writeValueReport")
        self.write_button.clicked.connect(self.write_and_sign)
        self.write_button.setDefault(True)  # Enter writes and signs; Escape closes
        self.print_button = QPushButton(tr("打印最新已签名版本"))
        self.print_button.setObjectName("printValueReport")
        self.print_button.clicked.connect(self.print_latest)
        self.printed_path: Path | None = None
        self.sign_button = QPushButton(tr("签署最新草稿"))
        self.sign_button.setObjectName("signValueReport")
        self.sign_button.clicked.connect(self.sign_latest)
        self.error = error_label()
        self.saved = QLabel()
        self.saved.setObjectName("valueSaved")
        self.saved.hide()

        form_box = QGroupBox(tr("撰写新版本（已签名的版本不再改动，新版本取代旧版本）"))
        form = QFormLayout(form_box)
        form.setVerticalSpacing(4)
        form.addRow(self.carried)
        form.addRow(tr("评估日期 *"), self.assessed_on)
        form.addRow(tr("康复阶段 *"), self.stage)
        form.addRow(tr("评估结论 *"), self.conclusion)
        form.addRow(tr("康复价值评估意见 *"), self.assessment)
        form.addRow(tr("康复治疗建议 *"), self.recommendation)
        form.addRow(tr("建议康复模式"), modes_row)
        form.addRow(tr("建议康复形式"), self.setting)
        form.addRow(tr("预期康复期限"), self.days)
        form.addRow(tr("康复目标"), self.goals)
        form.addRow(tr("签名密码 *"), self.password)
        row = QHBoxLayout()
        row.addWidget(self.saved, 1)
        row.addWidget(self.sign_button)
        row.addWidget(self.write_button)
        form.addRow(row)
        form.addRow(self.error)
        self.fields: dict[str, QWidget] = {
            "assessed_on": self.assessed_on,
            "stage": self.stage,
            "conclusion": self.conclusion,
            "assessment": self.assessment,
            "recommendation": self.recommendation,
            "setting": self.setting,
            "intended_days": self.days,
            "password": self.password,
            "signer": self.password,
        }

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.versions)
        layout.addWidget(form_box)
        layout.addWidget(close)
        chain_tab_order(
            (
                self.assessed_on,
                self.stage,
                self.conclusion,
                self.assessment,
                self.recommendation,
                *self.modes.values(),
                self.setting,
                self.days,
                self.goals,
                self.password,
                self.sign_button,
                self.write_button,
            )
        )
        self.load()

    def load(self) -> None:
        self.reads.read(self._shown, value_report_sheet, self.case_id, self._runner.clock.today())

    def _shown(self, sheet: ValueReportSheet) -> None:
        self.sheet = sheet
        current = sheet.versions[-1] if sheet.versions else None
        status = (
            tr("尚无评估报告版本")
            if current is None
            else tr("当前第 {n} 版（{state}）").format(
                n=current.version_no, state=tr("已签名") if current.signed else tr("未签名")
            )
        )
        self.summary.setText(
            tr("病例 {case}　{patient}　{status}").format(
                case=sheet.case_number, patient=sheet.patient_name, status=status
            )
        )
        self.versions.setRowCount(len(sheet.versions))
        for row, v in enumerate(sheet.versions):
            cells = (
                str(v.version_no),
                str(v.assessed_on),
                tr(CONCLUSION.get(v.conclusion, v.conclusion)),
                v.physician,
                tr("已签名") if v.signed else tr("未签名"),
                v.signed_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if v.signed_at else "—",
            )
            for column, text in enumerate(cells):
                self.versions.setItem(row, column, QTableWidgetItem(text))
        draft = sheet.draft
        inp = draft.inp
        self._carried_from = inp.carried_from_id
        notes = {
            "earlier": tr("沿用同一工伤以往疗程（{case}）最新已签署的评估报告，请核对后签署。").format(
                case=draft.earlier_case_number
            ),
            "own": tr("以本病例最新版本为底稿。"),
            "intake": tr("以登记时录入的评估意见为底稿。"),
            "blank": "",
        }
        self.carried.setText(notes.get(draft.source, ""))
        self.carried.setVisible(bool(self.carried.text()))
        set_date(self.assessed_on, inp.assessed_on)
        self.stage.setCurrentIndex(max(0, self.stage.findData(inp.stage)))
        self.conclusion.setCurrentIndex(max(0, self.conclusion.findData(inp.conclusion)))
        self.assessment.setPlainText(inp.assessment)
        self.recommendation.setPlainText(inp.recommendation)
        for code, box in self.modes.items():
            box.setChecked(code in inp.modes)
        self.setting.setCurrentIndex(max(0, self.setting.findData(inp.setting)))
        self.days.setValue(inp.intended_days or 0)
        self.goals.setText(inp.goals or "")
        self.print_button.setEnabled(any(v.signed for v in sheet.versions))
        may = sheet.open_case and permitted(self._user.role, Action.VALUE_REPORT_WRITE, "draft")
        self.write_button.setEnabled(may)
        self.sign_button.setEnabled(
            bool(
                may
                and current is not None
                and not current.signed
                and current.physician_id == self._user.user_id
            )
        )

    @Slot()
    def print_latest(self) -> None:
        """The latest signed version as PDF/A (issued and audited), opened to print."""
        if self.print_button.isEnabled():
            self._runner.submit(self, value_report_documents.print_value_report, self.case_id).then(
                self._printed
            )

    def _printed(self, doc: IssuedPdf) -> None:
        self.printed_path = open_pdf(self, doc.pdf, doc.filename)

    def report_input(self) -> value_report.ValueReportInput:
        return value_report.ValueReportInput(
            date_of(self.assessed_on),
            str(self.stage.currentData()),
            str(self.conclusion.currentData()),
            self.assessment.toPlainText(),
            self.recommendation.toPlainText(),
            tuple(code for code, box in self.modes.items() if box.isChecked()),
            self.setting.currentData(),
            self.days.value() or None,
            self.goals.text().strip() or None,
            self._carried_from,
        )

    @Slot()
    def write_and_sign(self) -> None:
        if not self.write_button.isEnabled():
            return
        self._runner.submit(self, value_report.add_value_report, self.case_id, self.report_input()).either(
            self._written
        )

    def _written(self, result: int | AppError) -> None:
        if self._refused(result):
            return
        assert isinstance(result, int)
        self._sign(result)

    @Slot()
    def sign_latest(self) -> None:
        if not self.sign_button.isEnabled() or self.sheet is None or not self.sheet.versions:
            return
        self._sign(self.sheet.versions[-1].report_id)

    def _sign(self, report_id: int) -> None:
        self._runner.submit(
            self, value_report.sign_value_report, self.case_id, report_id, self.password.text()
        ).either(self._signed)

    def _signed(self, result: int | AppError) -> None:
        self.load()  # a draft written before a refused signature shows as such
        if self._refused(result):
            return
        show_field_errors(self.error, self.fields, [])
        self.signed += 1
        self.password.clear()
        self.saved.setText(tr("已签名。"))
        self.saved.show()

    def _refused(self, result: object) -> bool:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.error, self.fields, result.errors)
            return True
        if isinstance(result, AppError):
            show_field_errors(self.error, self.fields, [])
            return failed(result, self)
        return False
