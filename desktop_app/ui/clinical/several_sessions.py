"""Recording for one patient: the per-session parameters (minutes, intensity, body part,
reaction) as a row of fields, and 记录多项 — several prescribed items in one step.

The dialog lists the patient's signed prescriptions (those assigned to the signed-in
therapist ticked), each with its count done/prescribed coloured at 80 % and 100 %, a count
and the parameters. The ticked items are laid one after another from the start time (each
as long as its minutes, 30 when not noted) and saved by ``treatment.record_sessions`` in one
transaction: all or none, each checked against the plan, the approved counts and the
catalogue's limits as if recorded alone. A refusal names its item and records nothing; one
that only needs a reason (beyond a count or a limit) shows the reason field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QTime, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA, china_datetime
from desktop_app.domain.session_params import (
    BODY_PART_MAX,
    DURATION_MAX,
    INTENSITY_MAX,
    REACTION_NOTE_MAX,
    REACTIONS,
    SessionParameters,
    back_to_back,
)
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.execution_sheet_view import PrescribedItem
from desktop_app.services.clinical.treatment import RecordedSeveral
from desktop_app.services.core.commands import SessionInput
from desktop_app.services.rules.session_limits import REASON_KEY
from desktop_app.ui.clinical.count_marks import count_colour, count_text, count_tooltip
from desktop_app.ui.kit.i18n import pick, tr
from desktop_app.ui.kit.messages import error_label, set_error
from desktop_app.ui.kit.runner import Runner, failed

DEFAULT_MINUTES = 30  # a slot's length when its minutes are not noted


class ParameterFields:
    """The parameters of one session as five fields; ``value()`` reads them (blank: None)."""

    def __init__(self, prefix: str = "") -> None:
        self.duration = QSpinBox()
        self.duration.setObjectName(f"{prefix}duration")
        self.duration.setRange(0, DURATION_MAX)
        self.duration.setSpecialValueText("—")  # 0: not noted
        self.duration.setSuffix(tr(" 分钟"))
        self.duration.setToolTip(tr("治疗时长（分钟），不填为 —"))
        self.intensity = QLineEdit()
        self.intensity.setObjectName(f"{prefix}intensity")
        self.intensity.setMaxLength(INTENSITY_MAX)
        self.intensity.setPlaceholderText(tr("强度"))
        self.body_part = QLineEdit()
        self.body_part.setObjectName(f"{prefix}bodyPart")
        self.body_part.setMaxLength(BODY_PART_MAX)
        self.body_part.setPlaceholderText(tr("部位"))
        self.reaction = QComboBox()
        self.reaction.setObjectName(f"{prefix}reaction")
        self.reaction.addItem(tr("反应：未填"), None)
        for code, (zh, en) in REACTIONS.items():
            self.reaction.addItem(pick(zh, en), code)
        self.note = QLineEdit()
        self.note.setObjectName(f"{prefix}reactionNote")
        self.note.setMaxLength(REACTION_NOTE_MAX)
        self.note.setPlaceholderText(tr("反应说明"))
        for edit in (self.intensity, self.body_part, self.note):
            edit.setMinimumWidth(60)

    def widgets(self) -> list[QWidget]:
        return [self.duration, self.intensity, self.body_part, self.reaction, self.note]

    def value(self) -> SessionParameters:
        return SessionParameters(self.duration.value() or None, self.intensity.text(),
                                 self.body_part.text(), self.reaction.currentData(),
                                 self.note.text()).cleaned()

    def clear(self) -> None:
        self.duration.setValue(0)
        for edit in (self.intensity, self.body_part, self.note):
            edit.clear()
        self.reaction.setCurrentIndex(0)


class ItemRow:
    """One prescribed item of the dialog: ticked or not, its count and its parameters."""

    def __init__(self, item: PrescribedItem, number: int, ticked: bool) -> None:
        self.item = item
        self.tick = QCheckBox(item.item_name)
        self.tick.setObjectName(f"severalItem{number}")
        self.tick.setChecked(ticked)
        self.done = QLabel(count_text(item.done, item.count))
        self.done.setObjectName(f"severalDone{number}")
        colour = count_colour(item.done, item.count)
        if colour is not None:
            self.done.setStyleSheet(f"color: {colour.name()};")
            self.done.setToolTip(count_tooltip(item.done, item.count))
        self.count = QSpinBox()
        self.count.setObjectName(f"severalCount{number}")
        self.count.setRange(1, 20)
        self.params = ParameterFields(f"several{number}_")

    def minutes(self) -> int:
        return self.params.duration.value() or DEFAULT_MINUTES


class SeveralSessionsDialog(QDialog):
    """记录多项; ``recorded`` once the sessions are committed."""

    recorded = Signal(object)  # RecordedSeveral

    def __init__(self, runner: Runner, case_id: int, therapist_id: int, patient_name: str,
                 items: Sequence[PrescribedItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("severalSessionsDialog")
        self.setWindowTitle(tr("记录多项：{patient}").format(patient=patient_name))
        self._runner = runner
        self._case_id = case_id
        self._therapist_id = therapist_id
        self.result_ids: tuple[int, ...] = ()
        self.rows = [ItemRow(item, n + 1, item.assigned_therapist_id == therapist_id)
                     for n, item in enumerate(items)]
        grid = QGridLayout()
        heads = (tr("项目"), tr("已做/处方"), tr("次数"), tr("时长"), tr("强度"), tr("部位"), tr("反应"),
                 tr("反应说明"))
        for column, text in enumerate(heads):
            grid.addWidget(QLabel(text), 0, column)
        for n, row in enumerate(self.rows, start=1):
            for column, widget in enumerate((row.tick, row.done, row.count, *row.params.widgets())):
                grid.addWidget(widget, n, column)
            row.tick.toggled.connect(self._suggest_start)
            row.params.duration.valueChanged.connect(self._suggest_start)
        self.start = QTimeEdit()
        self.start.setObjectName("severalStart")
        self.start.setDisplayFormat("HH:mm")
        self.slots = QLabel()
        self.slots.setObjectName("severalSlots")
        self.reason = QLineEdit()
        self.reason.setObjectName("severalReason")
        self.reason.setPlaceholderText(tr("超出限次或开放时间的原因（该次不由工伤保险基金支付）"))
        self.reason.hide()
        self.error = error_label()
        self.error.setObjectName("severalError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(tr("记录所选"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("severalSave")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        times = QHBoxLayout()
        times.addWidget(QLabel(tr("开始")))
        times.addWidget(self.start)
        times.addWidget(self.slots, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("勾选今日实施的项目；各项按时长依次排列，全部记录或全不记录。")))
        layout.addLayout(grid)
        layout.addLayout(times)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.start.timeChanged.connect(self._show_slots)
        self._suggest_start()

    def ticked(self) -> list[ItemRow]:
        return [row for row in self.rows if row.tick.isChecked()]

    @Slot()
    def _suggest_start(self) -> None:
        """Start so that the ticked items end now (rounded down to 5 minutes)."""
        now = self._runner.clock.now().astimezone(CHINA)
        end = now.replace(minute=now.minute - now.minute % 5, second=0, microsecond=0)
        start = end - timedelta(minutes=sum(row.minutes() for row in self.ticked()))
        self.start.setTime(QTime(start.hour, start.minute))
        self._show_slots()

    def _slots(self) -> list[tuple[datetime, datetime]]:
        value = self.start.time()
        start = china_datetime(self._runner.clock.today(), value.hour(), value.minute())
        return back_to_back(start, [row.minutes() for row in self.ticked()])

    @Slot()
    def _show_slots(self) -> None:
        self.slots.setText("，".join(
            f"{row.item.item_name} {a.astimezone(CHINA):%H:%M}–{b.astimezone(CHINA):%H:%M}"
            for row, (a, b) in zip(self.ticked(), self._slots(), strict=True)))

    def inputs(self) -> list[SessionInput]:
        reason = self.reason.text().strip() or None
        return [SessionInput(national_code=row.item.national_code, therapist_id=self._therapist_id,
                             started_at=start, ended_at=end, count=row.count.value(),
                             prescription_id=row.item.prescription_id, limit_reason=reason,
                             parameters=row.params.value())
                for row, (start, end) in zip(self.ticked(), self._slots(), strict=True)]

    @Slot()
    def save(self) -> None:
        inputs = self.inputs()
        if not inputs:
            set_error(self.error, tr("请至少勾选一个项目。"))
            return
        self._runner.submit(self, treatment.record_sessions, self._case_id, inputs).either(self._saved)

    def _saved(self, result: RecordedSeveral | AppError) -> None:
        if isinstance(result, ValidationFailed):
            set_error(self.error, "\n".join(pick(f.zh, f.en) for f in result.errors))
            blocking = [f for f in result.errors if not f.warning]
            if blocking and all(f.key == REASON_KEY for f in blocking):
                self.reason.show()
                self.reason.setFocus()
            return
        if failed(result, self):
            return
        self.result_ids = result.ids
        self.recorded.emit(result)
        self.accept()
