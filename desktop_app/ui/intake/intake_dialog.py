"""New case (登记新病例): worker, employer and injury, the rehabilitation asked for, and the
application materials as scans. One save: the service checks everything and writes the
worker, employer, injury, case and scans together, or nothing.

A worker already registered (found by the ID number as it is typed) may come back for a new
course of an injury of theirs (旧伤复发, a repeat application): choosing that injury fills the
injury tab read-only, names the earlier course the new one follows, and starts the value
assessment and treatment recommendation from that course's (editable); the save then opens a
course on the existing injury (``intake.register_course``), never a second injury.

Errors are listed under the tabs (always visible), the fields they name are outlined in
red and the first one gets the focus on its tab.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.identity import validate_credit_code
from desktop_app.domain.permissions import permitted
from desktop_app.domain.reference import disability_grades, injury_categories, rehab_stages
from desktop_app.domain.vocabulary import COURSE_REASONS, MODES, SETTINGS
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.core.commands import EligibilityFacts, EmployerInput, RegistrationInput
from desktop_app.services.intake import intake
from desktop_app.services.intake.earlier_courses_view import InjuryChoice, worker_injuries
from desktop_app.services.intake.intake_view import split_list
from desktop_app.ui.intake.diagnoses import DiagnosisEditor
from desktop_app.ui.intake.earlier_courses import COURSE_REASON
from desktop_app.ui.intake.fields import (
    FORM_STYLE,
    HINT_STYLE,
    WARNING_STYLE,
    AttachmentList,
    IdNumberField,
    chain_tab_order,
    date_edit,
    date_of,
    hint_label,
    set_date,
    show_field_errors,
)
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr
from desktop_app.ui.kit.labels import MODE, SETTING, STAGE, role_name
from desktop_app.ui.kit.messages import ERROR_STYLE, error_label, show_error
from desktop_app.ui.kit.runner import PageReads, Runner

MATERIAL_KINDS = ("application_material", "recognition_decision", "identity_document", "other")
# The services' labels of the form's fields (FieldError.field), marked so that an error names
# them in English; the form finds a field's widget by the error's key.
FIELD_LABELS = (
    QT_TR_NOOP("姓名"), QT_TR_NOOP("身份证号"), QT_TR_NOOP("用人单位"), QT_TR_NOOP("统一社会信用代码"),
    QT_TR_NOOP("工伤认定决定书编号"), QT_TR_NOOP("工伤认定日期"), QT_TR_NOOP("受伤日期"),
    QT_TR_NOOP("受伤部位"), QT_TR_NOOP("诊断"), QT_TR_NOOP("主要诊断"), QT_TR_NOOP("疾病类别"),
    QT_TR_NOOP("伤残等级"), QT_TR_NOOP("康复阶段"), QT_TR_NOOP("康复形式"), QT_TR_NOOP("工伤认定"),
    QT_TR_NOOP("劳动关系"), QT_TR_NOOP("工伤保险关系"), QT_TR_NOOP("申请材料"),
    QT_TR_NOOP("工伤"), QT_TR_NOOP("前次病例"), QT_TR_NOOP("疗程原因"))


def _line(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def _text_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    return box


def _optional(text: str) -> str | None:
    return text.strip() or None


class IntakeDialog(QDialog):
    """``case_created(case_id)`` once the case is saved."""

    case_created = Signal(int)

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._user = user
        self.case_id: int | None = None
        self.injuries: list[InjuryChoice] = []  # the worker's, once the ID number finds them
        self.injury_reads = PageReads(runner, self)
        today = runner.clock.today()
        self.setWindowTitle(tr("登记新病例"))
        self.setStyleSheet(FORM_STYLE)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._worker_tab(today), tr("1 职工"))
        self.injury_page = self._injury_tab(today)
        self.tabs.addTab(self.injury_page, tr("2 单位与工伤"))
        self.tabs.addTab(self._rehab_tab(today), tr("3 康复申请"))
        self.tabs.addTab(self._materials_tab(), tr("4 申请材料"))
        self.tabs.setUsesScrollButtons(False)
        self.error = error_label()
        self.error.setObjectName("intakeError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr("保存病例"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        allowed = permitted(user.role, "case.register")
        self.save_button.setEnabled(allowed)
        role = role_name(user.role)
        self.role_note = hint_label("" if allowed else
                                    tr("{role}无权登记病例（由病案人员或医师登记）。").format(role=role))
        self.role_note.setVisible(not allowed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.role_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)  # once in the dialog: Enter saves, on every tab
        self.fields: dict[str, QWidget] = {  # by FieldError.key (the labels: FIELD_LABELS)
            "name": self.name, "resident_id": self.resident_id.edit,
            "employer": self.employer, "credit_code": self.credit_code,
            "recognition_number": self.recognition_number,
            "recognition_date": self.recognition_date, "injury_date": self.injury_date,
            "body_parts": self.body_parts, "diagnosis": self.diagnoses.table,
            "disease_category": self.category,
            "disability_grade": self.grade, "stage": self.stage,
            "setting": self.setting, "injury_recognised": self.recognised,
            "employment_relation": self.employment_ended,
            "insurance_relation": self.insurance_ended,
            "materials": self.materials.table,
            "injury": self.injury_choice, "follows_case": self.injury_choice,
            "course_reason": self.course_reason,
        }
        # Sized in characters, so it grows with the font at 125–200 % scaling.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 46)
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    # ----------------------------------------------------------------- tabs

    def _worker_tab(self, today: date) -> QWidget:
        self.name = _line(50, tr("姓名"))
        self.name.setObjectName("workerName")
        self.resident_id = IdNumberField(today)
        self.phone = _line(30, tr("手机或固定电话"))
        self.card = _line(40, tr("社会保障卡卡号（可空）"))
        self.address = _line(200)
        self.relative_name = _line(50, tr("姓名"))
        self.relative_relation = _line(20, tr("如 配偶、子女"))
        self.relative_phone = _line(30, tr("电话"))
        relative = QHBoxLayout()
        for widget, stretch in ((self.relative_name, 2), (self.relative_relation, 1),
                                (self.relative_phone, 2)):
            relative.addWidget(widget, stretch)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(tr("姓名 *"), self.name)
        form.addRow(tr("身份证号 *"), self.resident_id)
        form.addRow(self._course_box())
        form.addRow(tr("联系电话"), self.phone)
        form.addRow(tr("社会保障卡号"), self.card)
        form.addRow(tr("住址"), self.address)
        form.addRow(tr("近亲属"), relative)
        form.addRow("", hint_label(tr("近亲属可在职工本人无法签字时代为签名。")))
        chain_tab_order([self.name, self.resident_id.edit, self.phone, self.card, self.address,
                         self.relative_name, self.relative_relation, self.relative_phone])
        return page

    def _course_box(self) -> QWidget:
        """Shown once the ID number finds a registered worker with injuries: a new injury, or
        a new course of one of theirs and why."""
        self.injury_choice = QComboBox()
        self.injury_choice.setObjectName("injuryChoice")
        self.injury_choice.currentIndexChanged.connect(self._injury_chosen)
        self.course_reason = QComboBox()
        self.course_reason.setObjectName("courseReason")
        for reason in COURSE_REASONS:
            self.course_reason.addItem(tr(COURSE_REASON[reason]), reason)
        self.course_reason.currentIndexChanged.connect(self._reason_chosen)
        self.course_note = hint_label()
        self.course_note.setObjectName("courseNote")
        row = QHBoxLayout()
        row.addWidget(self.injury_choice, 1)
        row.addWidget(QLabel(tr("疗程原因")))
        row.addWidget(self.course_reason)
        self.course_box = QWidget()
        self.course_box.setObjectName("courseBox")
        box = QVBoxLayout(self.course_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(tr("该职工已登记工伤：旧伤复发或再次申请，请选择原工伤（不新建工伤记录）")))
        box.addLayout(row)
        box.addWidget(self.course_note)
        self.course_box.hide()
        self.resident_id.edit.textChanged.connect(self._look_up_worker)
        return self.course_box

    @Slot(str)
    def _look_up_worker(self, text: str) -> None:
        if self.resident_id.valid:
            self.injury_reads.read(self.show_injuries, worker_injuries, text)
        elif self.injuries:
            self.show_injuries([])

    def show_injuries(self, injuries: list[InjuryChoice]) -> None:
        """The worker's injuries offered for a new course (none: a new worker, or an unknown
        ID number); a new injury stays chosen until the user picks one."""
        self.injuries = injuries
        self.injury_choice.blockSignals(True)
        self.injury_choice.clear()
        self.injury_choice.addItem(tr("登记新的工伤"), None)
        for index, injury in enumerate(injuries):
            diagnosis = injury.diagnoses[0][1] if injury.diagnoses else ""
            case = (tr("，病例 {number}").format(number=injury.latest_case_number)
                    if injury.latest_case_number else "")
            self.injury_choice.addItem(tr("{number}（受伤 {day}）{diagnosis}{case}").format(
                number=injury.recognition_number, day=injury.injury_date, diagnosis=diagnosis,
                case=case), index)
        self.injury_choice.blockSignals(False)
        self.course_box.setVisible(bool(injuries))
        if injuries and not self.name.text().strip():
            self.name.setText(injuries[0].worker_name)
        self._injury_chosen()

    def chosen_injury(self) -> InjuryChoice | None:
        index = self.injury_choice.currentData()
        return self.injuries[index] if isinstance(index, int) and index < len(self.injuries) else None

    @Slot()
    def _injury_chosen(self) -> None:
        choice = self.chosen_injury()
        self.injury_page.setEnabled(choice is None)  # an existing injury is not edited here
        self.course_reason.setEnabled(choice is not None)
        if choice is None:
            self.course_note.setText("")
            return
        self.employer.setText(choice.employer_name)
        self.credit_code.setText(choice.employer_credit_code)
        self.recognition_number.setText(choice.recognition_number)
        set_date(self.injury_date, choice.injury_date)
        set_date(self.recognition_date, choice.recognition_date)
        self.body_parts.setText("、".join(choice.injured_body_parts))
        self.diagnoses.table.setRowCount(0)
        for code, name in choice.diagnoses:
            self.diagnoses.add(code, name)
        self.category.setCurrentIndex(max(0, self.category.findData(choice.disease_category)))
        self.occupational.setChecked(choice.occupational_disease)
        grade = self.grade.findData(choice.disability_grade) if choice.disability_grade else 0
        self.grade.setCurrentIndex(max(0, grade))
        # the new course starts from the earlier course's assessment and recommendation
        if choice.rehab_value_assessment:
            self.value_assessment.setPlainText(choice.rehab_value_assessment)
        if choice.treatment_recommendation:
            self.recommendation.setPlainText(choice.treatment_recommendation)
        self._reason_chosen()
        if choice.open_case_number:
            self.course_note.setStyleSheet(ERROR_STYLE)
            self.course_note.setText(tr("该工伤的病例 {number} 尚未出院（结束），不能开始新的疗程。")
                                     .format(number=choice.open_case_number))
        else:
            self.course_note.setStyleSheet(HINT_STYLE)
            self.course_note.setText(tr("新疗程将接续病例 {number}，沿用原工伤记录。")
                                     .format(number=choice.latest_case_number or "—"))

    @Slot()
    def _reason_chosen(self) -> None:
        if self.chosen_injury() is not None and self.course_reason.currentData() == "relapse":
            self.stage.setCurrentIndex(self.stage.findData("RECUR"))

    def _injury_tab(self, today: date) -> QWidget:
        self.employer = _line(200, tr("用人单位全称"))
        self.credit_code = _line(24, tr("18位统一社会信用代码"))
        self.credit_note = hint_label()
        self.credit_note.setStyleSheet(WARNING_STYLE)
        self.credit_code.textChanged.connect(self._check_credit_code)
        self.recognition_number = _line(100, tr("如 泸人社工认〔2026〕101号"))
        self.recognition_date = date_edit(today)
        self.injury_date = date_edit(today)
        self.body_parts = _line(200, tr("多个部位用顿号或逗号分隔，如 右髋、右大腿"))
        self.diagnoses = DiagnosisEditor()
        self.category = QComboBox()
        for kind in injury_categories():
            self.category.addItem(kind.name_zh, kind.code)
        self.occupational = QCheckBox(tr("职业病"))
        self.grade = QComboBox()
        self.grade.addItem(tr("未鉴定"), None)
        for grade in disability_grades():
            self.grade.addItem(tr("{grade}级（{capacity}）").format(
                grade=grade.grade, capacity=grade.labor_capacity), grade.grade)
        dates = QHBoxLayout()
        dates.addWidget(QLabel(tr("受伤日期")))
        dates.addWidget(self.injury_date)
        dates.addSpacing(12)
        dates.addWidget(QLabel(tr("认定日期")))
        dates.addWidget(self.recognition_date)
        dates.addStretch(1)
        category = QHBoxLayout()
        category.addWidget(self.category, 1)
        category.addWidget(self.occupational)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(tr("用人单位 *"), self.employer)
        form.addRow(tr("统一社会信用代码"), self.credit_code)
        form.addRow("", self.credit_note)
        form.addRow(tr("工伤认定书编号 *"), self.recognition_number)
        form.addRow(tr("日期 *"), dates)
        form.addRow(tr("受伤部位 *"), self.body_parts)
        form.addRow(tr("诊断 ICD-10 *"), self.diagnoses)
        form.addRow(tr("疾病类别 *"), category)
        form.addRow(tr("伤残等级"), self.grade)
        chain_tab_order([self.employer, self.credit_code, self.recognition_number,
                         self.injury_date, self.recognition_date, self.body_parts,
                         self.diagnoses.search, self.diagnoses.add_button,
                         self.diagnoses.remove_button, self.diagnoses.main_button,
                         self.diagnoses.table, self.category, self.occupational, self.grade])
        return page

    def _rehab_tab(self, today: date) -> QWidget:
        self.stage = QComboBox()
        for stage in rehab_stages():
            self.stage.addItem(tr(STAGE.get(stage.code, stage.name_zh)), stage.code)
        self.stage.setCurrentIndex(self.stage.findData("STABLE"))
        self.setting = QComboBox()
        for setting in SETTINGS:
            self.setting.addItem(tr(SETTING[setting]), setting)
        self.modes = {mode: QCheckBox(tr(MODE[mode])) for mode in MODES}
        modes = QGridLayout()
        for index, box in enumerate(self.modes.values()):
            modes.addWidget(box, index // 3, index % 3)
        self.recognised = QCheckBox(tr("已认定为工伤"))
        self.recognised.setChecked(True)
        self.employment_ended = QCheckBox(tr("与受伤单位的劳动关系已终止"))
        self.insurance_transferred = QCheckBox(tr("工伤保险关系已转移"))
        self.insurance_ended = QCheckBox(tr("工伤保险关系已终止"))
        eligibility = QGridLayout()
        for index, box in enumerate((self.recognised, self.employment_ended,
                                     self.insurance_transferred, self.insurance_ended)):
            eligibility.addWidget(box, index // 2, index % 2)
        self.value_assessment = _text_box(tr("康复价值评估意见"))
        self.value_date = date_edit(today)
        self.recommendation = _text_box(tr("康复治疗建议：项目、强度、预计周期"))
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(tr("康复阶段 *"), self.stage)
        form.addRow(tr("康复形式 *"), self.setting)
        form.addRow(tr("康复模式"), modes)
        form.addRow(tr("资格"), eligibility)
        form.addRow(tr("康复价值评估"), self.value_assessment)
        form.addRow(tr("评估日期"), self.value_date)
        form.addRow(tr("治疗建议"), self.recommendation)
        chain_tab_order([self.stage, self.setting, *self.modes.values(), self.recognised,
                         self.employment_ended, self.insurance_transferred, self.insurance_ended,
                         self.value_assessment, self.value_date, self.recommendation])
        return page

    def _materials_tab(self) -> QWidget:
        self.materials = AttachmentList(MATERIAL_KINDS)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(hint_label(tr("康复申请材料的扫描件（图片或PDF）：申请表、工伤认定决定书、"
                                       "身份证件等。保存病例时一并存档；保存前可移除。")))
        layout.addWidget(self.materials, 1)
        return page

    @Slot(str)
    def _check_credit_code(self, text: str) -> None:
        problems = validate_credit_code(text) if text.strip() else []
        self.credit_note.setText("\n".join(f"⚠ {pick(e.zh, e.en)}" for e in problems))
        self.credit_note.setVisible(bool(problems))

    # ----------------------------------------------------------------- saving

    def _eligibility(self) -> EligibilityFacts:
        return EligibilityFacts(
            injury_recognised=self.recognised.isChecked(),
            employment_ended=self.employment_ended.isChecked(),
            insurance_transferred=self.insurance_transferred.isChecked(),
            insurance_relation_ended=self.insurance_ended.isChecked())

    def course(self) -> intake.CourseInput | None:
        """A new course of the chosen injury, or None (a new injury: ``registration``)."""
        choice = self.chosen_injury()
        if choice is None:
            return None
        value = self.value_assessment.toPlainText().strip()
        return intake.CourseInput(
            resident_id=self.resident_id.text(), injury_id=choice.injury_id,
            reason=str(self.course_reason.currentData()), stage=str(self.stage.currentData()),
            setting=str(self.setting.currentData()), follows_case_id=choice.latest_case_id,
            modes=tuple(mode for mode, box in self.modes.items() if box.isChecked()),
            eligibility=self._eligibility(), rehab_value_assessment=value or None,
            rehab_value_date=date_of(self.value_date) if value else None,
            treatment_recommendation=_optional(self.recommendation.toPlainText()),
            materials=tuple(self.materials.items))

    def registration(self) -> RegistrationInput:
        value = self.value_assessment.toPlainText().strip()
        grade = self.grade.currentData()
        return RegistrationInput(
            name=self.name.text(), resident_id=self.resident_id.text(),
            phone=_optional(self.phone.text()),
            employer=EmployerInput(self.employer.text(), self.credit_code.text().strip()),
            recognition_number=self.recognition_number.text(),
            recognition_date=date_of(self.recognition_date),
            injury_date=date_of(self.injury_date),
            injured_body_parts=split_list(self.body_parts.text()),
            diagnoses=self.diagnoses.diagnoses(),
            disease_category=str(self.category.currentData()),
            occupational_disease=self.occupational.isChecked(),
            disability_grade=int(grade) if grade is not None else None,
            stage=str(self.stage.currentData()), setting=str(self.setting.currentData()),
            modes=tuple(mode for mode, box in self.modes.items() if box.isChecked()),
            social_security_card=_optional(self.card.text()),
            address=_optional(self.address.text()),
            relative_name=_optional(self.relative_name.text()),
            relative_relation=_optional(self.relative_relation.text()),
            relative_phone=_optional(self.relative_phone.text()),
            eligibility=self._eligibility(),
            rehab_value_assessment=value or None,
            rehab_value_date=date_of(self.value_date) if value else None,
            treatment_recommendation=_optional(self.recommendation.toPlainText()),
            materials=tuple(self.materials.items),
        )

    @Slot()
    def submit(self) -> None:
        course = self.course()
        if course is not None:
            self._runner.submit(self, intake.register_course, course).either(self._registered)
            return
        self._runner.submit(self, intake.register_case, self.registration()).either(self._registered)

    def _registered(self, result: intake.Registered | AppError) -> None:
        if isinstance(result, ValidationFailed):
            first = show_field_errors(self.error, self.fields, result.errors)
            if first is not None:
                self._show_field(first)
            return
        if isinstance(result, AppError):
            show_error(self, result)
            return
        self.case_id = result.case_id
        self.case_number = result.case_number
        self.warnings = result.warnings
        self.case_created.emit(result.case_id)
        self.accept()

    def _show_field(self, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):  # type: ignore[union-attr]  # index < count()
                self.tabs.setCurrentIndex(index)
                break
        widget.setFocus()
