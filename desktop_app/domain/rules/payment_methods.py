"""Payment methods per case and what the fund settles for a claim under each.

Per service item is the main method (Beijing Art. 16(1), Luzhou Art. 28); a case may
instead be settled per bed-day, per disease or by a fixed quota (Beijing Art. 16(2),
Luzhou Art. 28), or packaged per course for long-term bedridden workers (Baotou Art. 19).
The rates come from the agency's agreement and are stored with the case
(``rehab_case.payment_rate``, a JSON object of decimal strings):

* ``per_item``: none — the fund pays the sum of the fund-payable lines;
* ``per_bed_day``: ``{"rate": "320.00"}`` per bed-day;
* ``per_disease``: ``{"quotas": {"WI05": "18000.00", ...}}`` by disease category, or
  ``{"rate": ...}`` for every category; paid once, on the discharge claim;
* ``quota`` (定额): ``{"rate": "15000.00"}`` per case, paid once, on the discharge claim;
* ``package_course``: ``{"rate": "9000.00", "course_days": 28}`` per course; a course is
  paid in the claim whose window holds its last day; the last course, cut short by the
  discharge, is paid as a whole course (the package covers the stage, not the days).

Which methods a case may use is its pack's (``PolicyPack.payment_methods``, each with the
article offering it): ``pack_method_errors`` refuses the others, naming the pack's text.

Per-head payment (按人头) is in the seeds only as a direction to explore; it is refused
until an agreement defines it.

Under every method the fee lines are still listed with their coverage; what is not
fund-payable (self-paid, borne by the institution or the worker, excluded) stays so.
Only the fund's amount changes: the settlement replaces the sum of fund-payable lines,
and the difference is shown.

**Money**: ``Decimal`` only. A line's amount is unit price × count rounded once to the
fen, half up (``ROUND_HALF_UP``: 0.005 → 0.01, as Chinese invoices round); totals are
sums of the rounded line amounts and are never rounded again; a settlement is
units × rate rounded once to the fen, half up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from desktop_app.domain.dates import merge_periods
from desktop_app.domain.rules.packs import PolicyPack
from desktop_app.domain.rules.policy import cite
from desktop_app.errors import FieldError

FEN = Decimal("0.01")
METHODS = ("per_item", "per_bed_day", "per_disease", "quota", "package_course")
METHOD_LABELS = {"per_item": ("按服务项目", "per service item"), "per_bed_day": ("按床日", "per bed-day"),
                 "per_disease": ("按病种", "per disease"), "quota": ("定额", "fixed quota"),
                 "package_course": ("按疗程打包", "package per course"),
                 "per_head": ("按人头", "per head")}


def to_fen(value: Decimal) -> Decimal:
    """Round to the fen, half up (the one rounding rule of the fee engine)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def line_amount(unit_price: Decimal, quantity: Decimal) -> Decimal:
    return to_fen(unit_price * quantity)


@dataclass(frozen=True)
class PaymentTerms:
    method: str
    rate: Decimal | None = None
    quotas: dict[str, Decimal] = field(default_factory=dict)
    course_days: int | None = None


def _decimal(value: object, name: str) -> tuple[Decimal | None, list[FieldError]]:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if isinstance(value, float) or number is None or not number.is_finite() or number < 0:
        return None, [FieldError("支付标准", f"{name} 须为不小于0的金额（文本形式的小数）：{value!r}",
                                 f"{name} must be a non-negative amount given as decimal text: {value!r}",
                                 key="payment_rate")]
    return to_fen(number), []


def parse_terms(method: str, rate: dict[str, object] | None) -> tuple[PaymentTerms, list[FieldError]]:
    """The case's method and rates, checked. Floats are refused (money is never float)."""
    rate = rate or {}
    if method not in METHODS:
        label = METHOD_LABELS.get(method, (method, method))
        return PaymentTerms(method), [FieldError(
            "支付方式", f"暂不支持的支付方式：{label[0]}", f"Payment method not supported: {label[1]}",
            key="payment_method")]
    errors: list[FieldError] = []
    terms = PaymentTerms(method)
    if method in ("per_bed_day", "quota", "package_course") or (
            method == "per_disease" and "quotas" not in rate):
        if "rate" not in rate:
            return terms, [FieldError("支付标准", f"{METHOD_LABELS[method][0]}须有费率（rate）",
                                      f"{METHOD_LABELS[method][1]} needs a rate", key="payment_rate")]
        value, errors = _decimal(rate["rate"], "rate")
        terms = PaymentTerms(method, rate=value)
    if method == "per_disease" and "quotas" in rate:
        quotas: dict[str, Decimal] = {}
        raw = rate["quotas"]
        for category, amount in (raw.items() if isinstance(raw, dict) else ()):
            value, found = _decimal(amount, f"quotas.{category}")
            errors += found
            if value is not None:
                quotas[str(category)] = value
        terms = PaymentTerms(method, quotas=quotas)
    if method == "package_course":
        days = rate.get("course_days")
        if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
            errors.append(FieldError("支付标准", "按疗程打包须有疗程天数（course_days，正整数）",
                                     "package per course needs course_days (a positive integer)",
                                     key="payment_rate"))
        else:
            terms = PaymentTerms(method, rate=terms.rate, course_days=days)
    return terms, errors


@dataclass(frozen=True)
class Stay:
    """The facts of the stay a settlement counts."""

    admission: date
    discharge: date | None
    approved_periods: tuple[tuple[date, date], ...]
    course_ended_on: date | None = None
    disease_category: str = ""


@dataclass(frozen=True)
class Settlement:
    method: str
    units: Decimal  # bed-days, courses, cases; for per_item the number of fund lines' total
    rate: Decimal | None
    fund_amount: Decimal
    items_fund_amount: Decimal  # the fund-payable lines' sum
    zh: str
    en: str

    @property
    def difference(self) -> Decimal:
        """Settlement minus the fund-payable lines (negative: the institution bears it)."""
        return self.fund_amount - self.items_fund_amount


def bed_days(stay: Stay, start: date, end: date) -> int:
    """Bed-days inside ``start``–``end``: the admission day counts, the discharge day does
    not (a same-day stay counts one); only days inside the approved periods and up to the
    end of the course (Beijing Art. 14) are the fund's."""
    last = (stay.discharge - timedelta(days=1)) if stay.discharge else end
    if stay.discharge == stay.admission:
        last = stay.admission
    if stay.course_ended_on is not None:
        last = min(last, stay.course_ended_on)
    first, last = max(stay.admission, start), min(last, end)
    days = 0
    for a, b in merge_periods(list(stay.approved_periods)):
        lo, hi = max(first, a), min(last, b)
        days += max(0, (hi - lo).days + 1)
    return days


def courses_ending(stay: Stay, days: int, start: date, end: date) -> int:
    """Courses of ``days`` days from admission whose last day falls in ``start``–``end``;
    the course running at discharge (or at the course's end) ends there."""
    stop = stay.course_ended_on or (stay.discharge - timedelta(days=1) if stay.discharge else None)
    if stop is not None and stay.discharge == stay.admission:
        stop = stay.admission
    count, first = 0, stay.admission
    while True:
        last = first + timedelta(days=days - 1)
        if stop is not None and last >= stop:
            return count + (1 if start <= stop <= end else 0)
        if last > end:
            return count
        if last >= start:
            count += 1
        first = last + timedelta(days=1)


def settle(terms: PaymentTerms, stay: Stay, start: date, end: date, *, final: bool,
           items_fund_amount: Decimal) -> Settlement:
    """What the fund pays for the window ``start``–``end`` (``final``: the discharge claim)."""
    zh, en = METHOD_LABELS[terms.method]
    if terms.method == "per_item":
        return Settlement("per_item", Decimal(1), None, items_fund_amount, items_fund_amount,
                          f"{zh}：基金支付项目合计", f"{en}: sum of the fund-payable lines")
    if terms.method == "per_bed_day":
        units = Decimal(bed_days(stay, start, end))
        basis = (f"{zh}：{units}床日 × {terms.rate}元", f"{en}: {units} bed-days × {terms.rate}")
    elif terms.method == "package_course":
        assert terms.course_days is not None
        units = Decimal(courses_ending(stay, terms.course_days, start, end))
        basis = (f"{zh}：{units}个疗程（每疗程{terms.course_days}天）× {terms.rate}元",
                 f"{en}: {units} course(s) of {terms.course_days} days × {terms.rate}")
    else:  # per_disease, quota: once per case, on the discharge claim
        units = Decimal(1 if final else 0)
        basis = (f"{zh}：出院结算时支付{units}次", f"{en}: paid {units} time(s), at discharge")
    rate = terms.rate
    if terms.method == "per_disease" and terms.quotas:
        rate = terms.quotas.get(stay.disease_category)
        if rate is None:
            raise ValueError(f"no quota for disease category {stay.disease_category}")
    assert rate is not None
    return Settlement(terms.method, units, rate, to_fen(units * rate), items_fund_amount, *basis)


def pack_method_errors(pack: PolicyPack, method: str) -> list[FieldError]:
    """Refused unless the case's pack offers ``method``: the refusal names the pack's
    payment articles (Luzhou Art. 28: per item; Beijing Art. 16; Baotou Art. 19…)."""
    if method in pack.payment_methods:
        return []
    zh, en = cite(pack.basis("payment"))
    offered = [METHOD_LABELS[m] for m in pack.payment_methods]
    label = METHOD_LABELS.get(method, (method, method))
    return [FieldError(
        "支付方式", f"{pack.label[0]}未规定{label[0]}（{zh}）；可选：{'、'.join(o[0] for o in offered)}",
        f"{pack.label[1]} does not provide for {label[1]} ({en}); "
        f"available: {', '.join(o[1] for o in offered)}", key="payment_method")]


def terms_text(terms: PaymentTerms, pack: PolicyPack) -> tuple[str, str]:
    """The terms as the claim shows them, with the pack's article for the method."""
    zh, en = METHOD_LABELS[terms.method]
    parts_zh, parts_en = [zh], [en]
    if terms.rate is not None:
        parts_zh.append(f"费率 {terms.rate} 元")
        parts_en.append(f"rate {terms.rate}")
    if terms.quotas:
        quotas = "、".join(f"{k}={v}" for k, v in sorted(terms.quotas.items()))
        parts_zh.append(f"定额 {quotas} 元")
        parts_en.append(f"quotas {', '.join(f'{k}={v}' for k, v in sorted(terms.quotas.items()))}")
    if terms.course_days is not None:
        parts_zh.append(f"每疗程 {terms.course_days} 天")
        parts_en.append(f"{terms.course_days}-day course")
    basis_zh, basis_en = cite(pack.payment_methods.get(terms.method, pack.basis("payment")))
    return f"{'，'.join(parts_zh)}（{basis_zh}）", f"{', '.join(parts_en)} ({basis_en})"
