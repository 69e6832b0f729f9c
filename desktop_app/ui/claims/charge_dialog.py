"""录入费用: one charge entered by hand — the item looked up by its code in the catalogue in
force that day (name, unit, price shown as typed), the time it occurred, who ordered it;
an out-of-scope item with its own name, unit and price. The service checks everything
(``fees.add_charge``); refusals show inline."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt, QTime, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

from desktop_app.documents.money import yuan
from desktop_app.errors import AppError
from desktop_app.services.claims import fees
from desktop_app.services.claims.charges_view import ItemView, chargeable_items, item_in_force
from desktop_app.ui.kit.forms import FormDialog
from desktop_app.ui.kit.i18n import QT_TR_NOOP, tr
from desktop_app.ui.kit.messages import set_error
from desktop_app.ui.kit.runner import Runner

# Categories a charge may have (rehabilitation items are charged from the execution sheet).
CATEGORY = {"drug": QT_TR_NOOP("药品"), "medical": QT_TR_NOOP("医疗"),
            "bed": QT_TR_NOOP("床位"), "other": QT_TR_NOOP("其他"), "meals": QT_TR_NOOP("伙食补助"),
            "rehab": QT_TR_NOOP("康复项目")}
ENTERED = ("drug", "medical", "bed", "other", "meals")


def category_label(category: str) -> str:
    return tr(CATEGORY.get(category, category))


def decimal_or_none(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip()) if text.strip() else None
    except InvalidOperation:
        return None


class ChargeDialog(FormDialog):
    """Reads the catalogue for the lookup (``runner.read``); writes only at OK."""

    def __init__(self, runner: Runner, case_id: int, parent: QWidget) -> None:
        super().__init__(tr("录入费用"), tr("录入"), parent)
        self._runner = runner
        self.case_id = case_id
        self.line_id: int | None = None
        today = runner.clock.today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.use_time = QCheckBox(tr("记录发生时间"))
        self.time = QTimeEdit(QTime(8, 0))
        self.time.setDisplayFormat("HH:mm")
        self.time.setEnabled(False)
        self.use_time.toggled.connect(self.time.setEnabled)
        self.code = QLineEdit()
        self.code.setObjectName("chargeCode")
        self.code.setPlaceholderText(tr("项目国家编码"))
        items = runner.read(chargeable_items, today)
        self._items: list[ItemView] = [] if isinstance(items, AppError) else items
        completer = QCompleter([f"{i.national_code} {i.name}" for i in self._items], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._completed)
        self.code.setCompleter(completer)
        self.item_label = QLabel()
        self.item_label.setObjectName("chargeItem")
        self.item_label.setWordWrap(True)
        self.quantity = QLineEdit("1")
        self.category = QComboBox()
        for category in ENTERED:
            self.category.addItem(category_label(category), category)
        self.category.setToolTip(tr("医疗：检查、治疗和卫生材料；康复项目由执行单计费，不在此录入"))
        self.dept_code, self.dept_name = QLineEdit(), QLineEdit()
        self.physician_code, self.physician_name = QLineEdit(), QLineEdit()
        self.out_of_scope = QCheckBox(tr("目录外项目（自带名称、单位、单价）"))
        self.name, self.unit, self.price = QLineEdit(), QLineEdit(), QLineEdit()
        self.without_consent = QCheckBox(tr("未经书面同意使用（由本机构承担）"))
        self.out_of_scope.toggled.connect(self._scope_changed)
        self.code.editingFinished.connect(self.look_up)
        self.day.dateChanged.connect(lambda _d: self.look_up())
        self.form.addRow(tr("发生日期"), self.day)
        self.form.addRow(self.use_time, self.time)
        self.form.addRow(tr("项目编码"), self.code)
        self.form.addRow("", self.item_label)
        self.form.addRow(tr("数量"), self.quantity)
        self.form.addRow(tr("费用类别"), self.category)
        self.form.addRow(tr("开单科室编码"), self.dept_code)
        self.form.addRow(tr("开单科室"), self.dept_name)
        self.form.addRow(tr("开单医师编码"), self.physician_code)
        self.form.addRow(tr("开单医师"), self.physician_name)
        self.form.addRow(self.out_of_scope)
        self.form.addRow(tr("名称"), self.name)
        self.form.addRow(tr("单位"), self.unit)
        self.form.addRow(tr("单价"), self.price)
        self.form.addRow(self.without_consent)
        self._scope_changed(False)

    def _date(self) -> datetime:
        day = self.day.date()
        return datetime(day.year(), day.month(), day.day())

    @Slot(str)
    def _completed(self, text: str) -> None:
        self.code.setText(text.split(" ", 1)[0])
        self.look_up()

    @Slot(bool)
    def _scope_changed(self, out: bool) -> None:
        for widget in (self.name, self.unit, self.price, self.without_consent):
            widget.setEnabled(out)
        self.look_up()

    @Slot()
    def look_up(self) -> ItemView | None:
        """The catalogue item in force that day for the code typed, shown beside it; its
        category becomes the charge's."""
        code = self.code.text().strip()
        if not code or self.out_of_scope.isChecked():
            self.item_label.setText("")
            return None
        found = self._runner.read(item_in_force, code, self._date().date())
        if isinstance(found, AppError) or found is None:
            self.item_label.setText(tr("{day} 无有效的目录项目 {code}").format(
                day=self._date().date().isoformat(), code=code))
            return None
        self.item_label.setText(tr("{name}\n{unit}，单价 ¥{price}（价格版本 {version}）").format(
            name=found.name, unit=found.unit, price=yuan(found.price), version=found.price_version))
        index = self.category.findData(found.category)
        if index >= 0:
            self.category.setCurrentIndex(index)
        return found

    def charge_input(self) -> fees.ChargeInput | None:
        quantity = decimal_or_none(self.quantity.text())
        if quantity is None:
            set_error(self.error, tr("数量须为数字"))
            return None
        day = self._date().date()
        moment = None
        if self.use_time.isChecked():
            clock = self.time.time()
            moment = datetime(day.year, day.month, day.day, clock.hour(), clock.minute())
        out = self.out_of_scope.isChecked()
        return fees.ChargeInput(
            self.code.text().strip(), day, quantity, self.category.currentData(),
            out_of_scope=out, name=self.name.text() if out else "", unit=self.unit.text() if out else "",
            unit_price=decimal_or_none(self.price.text()) if out else None, occurred_at=moment,
            dept_code=self.dept_code.text() or None, dept_name=self.dept_name.text() or None,
            physician_code=self.physician_code.text() or None,
            physician_name=self.physician_name.text() or None,
            without_consent=out and self.without_consent.isChecked())

    @Slot()
    def submit(self) -> None:
        inp = self.charge_input()
        if inp is not None:
            self._runner.submit(self, fees.add_charge, self.case_id, inp).either(self._done)

    def _done(self, result: int | AppError) -> None:
        if self.outcome(result):
            assert isinstance(result, int)
            self.line_id = result
