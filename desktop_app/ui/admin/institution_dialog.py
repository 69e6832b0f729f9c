"""机构设置: the institution's name, region, agreement, retention years (never below
30, never shortened — the service refuses), when the mid assessment falls due, the signing
certificate and the RFC 3161 time-stamping service (测试 asks it for one timestamp), and whose
rules apply: the pack in force is shown; the region changes only with a stated reason
(``services.rules.region.set_policy_region``, administrators, audited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, time
from functools import partial
from typing import Any

from PySide6.QtCore import QTime, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QWidget,
)

from desktop_app.domain.retention import ARCHIVE_MINIMUM_YEARS
from desktop_app.domain.rules.packs import NATIONAL, REGIONS, PolicyPack
from desktop_app.domain.signature_timing import MAX_LIMIT_DAYS
from desktop_app.errors import AppError, FieldError, ValidationFailed
from desktop_app.services.admin import institution_certificate, setup
from desktop_app.services.admin.admin_view import institution_settings
from desktop_app.services.claims import claim_gate
from desktop_app.services.claims.claim_gate import MID_ASSESSMENT_AFTER_DAYS
from desktop_app.services.core.progress import Progress
from desktop_app.services.integrity import signature_timing
from desktop_app.services.rules import region
from desktop_app.ui.kit.busy import BusyWork
from desktop_app.ui.kit.forms import FormDialog, inline_error
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr
from desktop_app.ui.kit.runner import Runner, WriteOp

MAX_RETENTION_YEARS = 200


def rules_combo(current: str = NATIONAL) -> QComboBox:
    """The regions that have a pack (and the national baseline), ``current`` selected."""
    combo = QComboBox()
    combo.setObjectName("policyRegion")
    for code, (zh, en) in REGIONS.items():
        combo.addItem(pick(zh, en), code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def pack_text(pack: PolicyPack) -> str:
    """The pack's name, version and effective dates, in the interface's language."""
    start = pack.effective_from.isoformat() if pack.effective_from else "—"
    end = pack.effective_to.isoformat() if pack.effective_to else tr("长期")
    return tr("{name}，{start} 至 {end}").format(name=pick(*pack.label), start=start, end=end)


def limit_box(days: int) -> QSpinBox:
    """签署时限: days a signature may follow its event before the claim gate warns."""
    box = QSpinBox()
    box.setRange(0, MAX_LIMIT_DAYS)
    box.setValue(days)
    box.setSuffix(tr(" 天内"))
    box.setSpecialValueText(tr("当日"))
    box.setToolTip(tr("签名晚于所签事件（治疗结束、评估、方案建立等）超过此期限，或在出院后签署，"
                      "结算前须由病案人员说明原因并确认"))
    return box


def _date_field(value: date | None) -> QLineEdit:
    field = QLineEdit(value.isoformat() if value else "")
    field.setPlaceholderText(tr("年-月-日，如 2026-01-01（可空）"))
    return field


def _parse_date(field: QLineEdit, label: str, key: str, errors: list[FieldError]) -> date | None:
    text = field.text().strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(FieldError(label, "格式应为 YYYY-MM-DD", "use YYYY-MM-DD", key=key))
        return None


WEEKDAYS = (QT_TR_NOOP("一"), QT_TR_NOOP("二"), QT_TR_NOOP("三"), QT_TR_NOOP("四"), QT_TR_NOOP("五"),
            QT_TR_NOOP("六"), QT_TR_NOOP("日"))


class InstitutionDialog(FormDialog):
    def __init__(self, runner: Runner, parent: QWidget) -> None:
        super().__init__(tr("机构设置"), tr("保存"), parent)
        self._runner = runner
        current = runner.fetch(institution_settings, runner.clock.today())
        saved = current.institution if current else setup.InstitutionInput("", "")
        self.name = QLineEdit(saved.name)
        self.region = QLineEdit(saved.region)
        self.region.setPlaceholderText(tr("统筹地区，如 泸州市"))
        self.agreement = QLineEdit(saved.agreement_number or "")
        self.agreement_from = _date_field(saved.agreement_valid_from)
        self.agreement_to = _date_field(saved.agreement_valid_to)
        self.credit_code = QLineEdit(saved.credit_code or "")
        self.credit_code.setMaxLength(18)
        self.address = QLineEdit(saved.address or "")
        self.phone = QLineEdit(saved.phone or "")
        self.retention = QSpinBox()
        self.retention.setRange(ARCHIVE_MINIMUM_YEARS, MAX_RETENTION_YEARS)
        self.retention.setValue(saved.retention_years or ARCHIVE_MINIMUM_YEARS)
        self.retention.setSuffix(tr(" 年"))
        self.mid_days = QSpinBox()
        self.mid_days.setRange(1, 365)
        self.mid_days.setValue(current.mid_assessment_after_days if current
                               else MID_ASSESSMENT_AFTER_DAYS)
        self.mid_days.setSuffix(tr(" 天"))
        limits = runner.fetch(signature_timing.signature_limits)
        self.patient_limit = limit_box(limits.patient_days)
        self.staff_limit = limit_box(limits.staff_days)
        saved_certificate = current.certificate_path if current else None
        self._saved_certificate = str(saved_certificate) if saved_certificate else ""
        self.certificate = QLineEdit(self._saved_certificate)
        self.certificate.setPlaceholderText(tr("证书文件 .p12 / .pfx（可空）"))
        # room for a path, in the font's own units (any scaling)
        self.certificate.setMinimumWidth(self.certificate.fontMetrics().horizontalAdvance("x" * 36))
        self.certificate.setToolTip(tr("记录员导出时用此证书签署 PDF；口令在导出时输入，从不保存"))
        browse = QToolButton()  # compact: the path gets the room
        browse.setText("…")
        browse.setToolTip(tr("选择证书文件"))
        browse.setAccessibleName(tr("选择证书文件"))
        browse.clicked.connect(self.choose_certificate)
        certificate_row = QHBoxLayout()
        certificate_row.addWidget(self.certificate, 1)
        certificate_row.addWidget(browse)
        self._saved_timestamp = (current.timestamp_url if current else None) or ""
        self.timestamp = QLineEdit(self._saved_timestamp)
        self.timestamp.setPlaceholderText(tr("可信时间戳服务网址（可空：签署时间取自本机时钟）"))
        self.timestamp.setToolTip(tr("设置后每个签章都加盖该服务的可信时间戳；服务不可用时导出停止，不签署"))
        self.timestamp.textChanged.connect(self._timestamp_edited)
        self.test_timestamp = QToolButton()
        self.test_timestamp.setText(tr("测试"))
        self.test_timestamp.setToolTip(tr("向该服务申请一个时间戳"))
        self.test_timestamp.clicked.connect(self.check_timestamp)
        timestamp_row = QHBoxLayout()
        timestamp_row.addWidget(self.timestamp, 1)
        timestamp_row.addWidget(self.test_timestamp)
        self.timestamp_result = QLabel()
        self.timestamp_result.setObjectName("timestampResult")
        self.timestamp_result.setWordWrap(True)
        self.busy: BusyWork[object] | None = None
        self._saved_rules = current.policy_region if current else NATIONAL
        self.rules = rules_combo(self._saved_rules)
        self.rules.currentIndexChanged.connect(self._rules_changed)
        self.pack = QLabel(pack_text(current.pack) if current else "")
        self.pack.setObjectName("policyPack")
        self.pack.setWordWrap(True)
        hours = current.opening_hours if current else None
        self.check_hours = QCheckBox(tr("检查开放时间"))
        self.check_hours.setChecked(hours is not None)
        self.opens = QTimeEdit(QTime(7, 30) if hours is None else QTime(hours[0].hour, hours[0].minute))
        self.closes = QTimeEdit(QTime(18, 0) if hours is None else QTime(hours[1].hour, hours[1].minute))
        for edit in (self.opens, self.closes):
            edit.setDisplayFormat("HH:mm")
        self.check_hours.toggled.connect(self.opens.setEnabled)
        self.check_hours.toggled.connect(self.closes.setEnabled)
        self.opens.setEnabled(hours is not None)
        self.closes.setEnabled(hours is not None)
        hours_row = QHBoxLayout()
        for part in (self.check_hours, self.opens, QLabel("—"), self.closes):
            hours_row.addWidget(part)
        hours_row.addStretch(1)
        rest = set(current.rest_weekdays if current else (7,))
        self.rest_days: list[QCheckBox] = []
        rest_row = QHBoxLayout()
        for day, label in enumerate(WEEKDAYS, start=1):
            box = QCheckBox(tr(label))
            box.setChecked(day in rest)
            self.rest_days.append(box)
            rest_row.addWidget(box)
        rest_row.addStretch(1)
        self.rules_reason = QLineEdit()
        self.rules_reason.setPlaceholderText(tr("更改适用地区须说明原因（记入审计）"))
        self.rules_reason.setEnabled(False)
        for label, widget in ((tr("机构名称"), self.name), (tr("统筹地区"), self.region),
                              (tr("协议编号"), self.agreement),
                              (tr("协议起"), self.agreement_from),
                              (tr("协议止"), self.agreement_to),
                              (tr("统一社会信用代码"), self.credit_code),
                              (tr("地址"), self.address), (tr("电话"), self.phone),
                              (tr("档案保管年限"), self.retention),
                              (tr("康复中评估（入院后）"), self.mid_days),
                              (tr("患者签署时限"), self.patient_limit),
                              (tr("工作人员签署时限"), self.staff_limit)):
            self.form.addRow(label, widget)
        self.form.addRow(tr("开放时间"), hours_row)
        self.form.addRow(tr("休息日（不计挂床）"), rest_row)
        self.form.addRow(tr("机构签章证书"), certificate_row)
        self.form.addRow(tr("时间戳服务"), timestamp_row)
        self.form.addRow("", self.timestamp_result)
        self.form.addRow(tr("适用地区规则"), self.rules)
        self.form.addRow(tr("现行规则包"), self.pack)
        self.form.addRow(tr("更改原因"), self.rules_reason)
        self.retention.setToolTip(tr("不少于{years}年，只能延长").format(years=ARCHIVE_MINIMUM_YEARS))
        self._saved_years = saved.retention_years

    def ward_hours(self) -> tuple[time, time] | None:
        if not self.check_hours.isChecked():
            return None
        opens, closes = self.opens.time(), self.closes.time()
        return time(opens.hour(), opens.minute()), time(closes.hour(), closes.minute())

    def rest_weekdays(self) -> tuple[int, ...]:
        return tuple(day for day, box in enumerate(self.rest_days, start=1) if box.isChecked())

    @Slot()
    def _rules_changed(self) -> None:
        self.rules_reason.setEnabled(self.rules.currentData() != self._saved_rules)

    @Slot()
    def choose_certificate(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("选择机构证书"), "",
                                              tr("证书文件 (*.p12 *.pfx);;所有文件 (*)"))
        if name:
            self.certificate.setText(name)

    @Slot()
    def _timestamp_edited(self) -> None:
        self.timestamp_result.clear()

    @Slot()
    def check_timestamp(self) -> None:
        """Ask the service in the field for one timestamp, off the UI thread; the answer (or
        why there is none) is shown under the field."""
        url = self.timestamp.text().strip()
        if not url:
            self.timestamp_result.setText(tr("未设置时间戳服务：签署时间取自本机时钟。"))
            return

        def work(_progress: Progress) -> object:
            try:
                return institution_certificate.check_timestamp_service(url)
            except AppError as error:
                return error

        self.busy = BusyWork(self, tr("正在向时间戳服务申请时间戳…"), work, self._checked).start()

    def _checked(self, result: object) -> None:
        if isinstance(result, institution_certificate.TimestampCheck):
            self.timestamp_result.setText(tr("服务可用：时间 {time}（UTC），签发者 {authority}").format(
                time=result.time.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"), authority=result.authority))
        elif isinstance(result, ValidationFailed):
            self.timestamp_result.setText(inline_error(result))
        elif isinstance(result, AppError):
            self.timestamp_result.setText(pick(result.zh, result.en))
        # room for the answer's lines (a form row does not grow for a wrapped label by itself)
        label = self.timestamp_result
        label.setMinimumHeight(label.heightForWidth(max(label.width(), self.timestamp.width())))
        self.adjustSize()

    @Slot()
    def submit(self) -> None:
        errors: list[FieldError] = []
        valid_from = _parse_date(self.agreement_from, QT_TR_NOOP("协议起始日期"), "agreement_from", errors)
        valid_to = _parse_date(self.agreement_to, QT_TR_NOOP("协议截止日期"), "agreement_to", errors)
        if self.rules.currentData() != self._saved_rules and not self.rules_reason.text().strip():
            errors.append(FieldError(QT_TR_NOOP("更改原因"), "更改适用地区须说明原因",
                                     "A reason is required to change the region", key="reason"))
        if errors:
            self.outcome(ValidationFailed(errors))
            return
        years = self.retention.value()
        unchanged = self._saved_years is None and years == ARCHIVE_MINIMUM_YEARS
        inp = setup.InstitutionInput(
            name=self.name.text(), region=self.region.text(),
            agreement_number=self.agreement.text().strip() or None,
            agreement_valid_from=valid_from, agreement_valid_to=valid_to,
            credit_code=self.credit_code.text().strip() or None,
            address=self.address.text().strip() or None, phone=self.phone.text().strip() or None,
            retention_years=None if unchanged else years)
        runner, hours, rest = self._runner, self.ward_hours(), self.rest_weekdays()
        mid_days = self.mid_days.value()
        patient_limit, staff_limit = self.patient_limit.value(), self.staff_limit.value()
        writes: list[Callable[[], WriteOp[Any]]] = [
            lambda: runner.submit(self, setup.save_institution, inp),
            lambda: runner.submit(self, claim_gate.set_mid_assessment_after_days, mid_days),
            lambda: runner.submit(self, signature_timing.set_signature_limits, patient_limit,
                                  staff_limit),
            lambda: runner.submit(self, setup.set_ward_rules, hours, rest),
        ]
        certificate = self.certificate.text().strip()
        if certificate != self._saved_certificate:
            writes.append(lambda: runner.submit(
                self, institution_certificate.set_certificate_path, certificate))
        timestamp = self.timestamp.text().strip()
        if timestamp != self._saved_timestamp:
            writes.append(lambda: runner.submit(self, institution_certificate.set_timestamp_url, timestamp))
        chosen, reason = str(self.rules.currentData()), self.rules_reason.text()
        if chosen != self._saved_rules:
            writes.append(lambda: runner.submit(self, region.set_policy_region, chosen, reason))
        self._save_next(writes, chosen)

    def _save_next(self, writes: list[Callable[[], WriteOp[Any]]], chosen: str,
                   _done: object = None) -> None:
        """The settings' writes one after another, each once the one before committed; the
        first refusal stops the rest and is shown, as the form's outcome."""
        if writes:
            writes.pop(0)().then(partial(self._save_next, writes, chosen), self.outcome)
            return
        self._saved_rules = chosen
        self.outcome(None)
