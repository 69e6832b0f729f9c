"""Assessment instruments (评估量表) read from ``resources/reference/assessment_instruments.json``.

The file describes each instrument in its own shape (explicit items, value sets,
ranges, grades…). ``load_instruments`` turns every one into the same form: a list of
items with the values each allows, whether the total is a sum, its range, and the
grading schemes. ``score`` checks values against that form and computes the total
and the grade, refusing anything the instrument does not allow.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from desktop_app.domain.reference import reference_dir
from desktop_app.errors import EnvironmentProblem, FieldError, ValidationFailed

Value = int | str


@dataclass(frozen=True)
class Item:
    key: str
    zh: str
    allowed: tuple[Value, ...]
    group: str = ""
    required: bool = True


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    zh: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name_zh: str
    items: tuple[Item, ...]
    summed: bool  # the total is the sum of the item values
    total_range: tuple[int, int] | None = None
    schemes: Mapping[str, tuple[Band, ...]] = field(default_factory=dict)
    default_scheme: str | None = None
    # Instruments graded per muscle or joint (MMT, MAS): any key, each value one of these.
    open_grades: tuple[str, ...] = ()
    # An item that replaces another (MBI: wheelchair only when the patient cannot walk).
    alternatives: Mapping[str, Item] = field(default_factory=dict)
    not_testable: str | None = None  # a value meaning "not testable" (GCS "NT")
    min_items: int = 1
    # A lower total is the better one (the screening scales PHQ-9, GAD-7: fewer symptoms).
    higher_is_better: bool = True
    # "vocational" / "psychological" for the instruments of those modes, else "".
    category: str = ""
    source: str = ""  # the publication the definition follows (reference file)
    # What an item value means, where the scale names it (PHQ-9: 1 = 好几天), by str(value).
    value_labels: Mapping[str, str] = field(default_factory=dict)

    def item(self, key: str) -> Item | None:
        for item in (*self.items, *self.alternatives.values()):
            if item.key == key:
                return item
        return None


@dataclass(frozen=True)
class Score:
    instrument_code: str
    total: int | None
    scheme: str | None
    grade_zh: str | None


def _bands(rows: list[dict[str, Any]]) -> tuple[Band, ...]:
    return tuple(Band(int(r["min"]), int(r["max"]), str(r["zh"])) for r in rows)


def _span(low: int, high: int) -> tuple[int, ...]:
    return tuple(range(low, high + 1))


def _barthel(code: str, raw: dict[str, Any]) -> Instrument:
    items = tuple(Item(i["key"], i["zh"], tuple(i["allowed"])) for i in raw["items"])
    schemes = {name: _bands(rows) for name, rows in raw["grading_schemes"].items()}
    return Instrument(code, raw["name_zh"], items, True, tuple(raw["total_range"]),
                      MappingProxyType(schemes), next(iter(schemes)))


def _modified_barthel(code: str, raw: dict[str, Any]) -> Instrument:
    sets = raw["value_sets"]
    items, alternatives = [], {}
    for spec in raw["items"]:
        items.append(Item(spec["key"], spec["zh"], tuple(sets[spec["set"]])))
        alt = spec.get("alternative")
        if alt:
            alternatives[spec["key"]] = Item(alt["key"], alt["zh"], tuple(sets[alt["set"]]))
    return Instrument(code, raw["name_zh"], tuple(items), True, tuple(raw["total_range"]),
                      alternatives=MappingProxyType(alternatives))


def _fim(code: str, raw: dict[str, Any]) -> Instrument:
    allowed = _span(*raw["item_range"])
    items = tuple(Item(f"fim{n:02d}", f"{group}·{name}", allowed, domain)
                  for n, (domain, group, name) in enumerate(raw["items"], start=1))
    return Instrument(code, raw["name_zh"], items, True, tuple(raw["total_range"]))


FMA_SUBSCALES_ZH = {"motor_UE": "上肢运动", "motor_LE": "下肢运动", "sensation": "感觉",
                    "balance": "平衡", "passive_ROM": "被动关节活动度", "joint_pain": "关节疼痛"}


def _fugl_meyer(code: str, raw: dict[str, Any]) -> Instrument:
    """Recorded as subscale sums (each item scores 0–2); any subscales may be assessed."""
    items = tuple(Item(key, FMA_SUBSCALES_ZH.get(key, key), _span(0, top), required=False)
                  for key, top in raw["subscale_max"].items())
    return Instrument(code, raw["name_zh"], items, True, (0, int(raw["total_max"])))


def _muscle_grades(code: str, raw: dict[str, Any]) -> Instrument:
    grades = list(raw["grades"])
    for modifier in raw.get("optional_modifiers", ()):
        grades += [f"{g}{modifier}" for g in raw["grades"][1:]
                   if not (g == "5" and modifier == "+")]
    return Instrument(code, raw["name_zh"], (), False, open_grades=tuple(grades))


def _gcs(code: str, raw: dict[str, Any]) -> Instrument:
    names = {"E": "睁眼反应", "V": "语言反应", "M": "运动反应"}
    items = tuple(Item(key, zh, _span(*raw[key])) for key, zh in names.items())
    return Instrument(code, raw["name_zh"], items, True, tuple(raw["total_range"]),
                      MappingProxyType({"severity": _bands(raw["bands"])}), "severity",
                      not_testable="NT")


def _berg(code: str, raw: dict[str, Any]) -> Instrument:
    allowed = _span(*raw["item_range"])
    items = tuple(Item(f"b{n:02d}", name, allowed)
                  for n, name in enumerate(raw["item_names_zh"], start=1))
    if len(items) != raw["items"]:
        raise ValueError("BBS: the item names do not match the item count")
    return Instrument(code, raw["name_zh"], items, True, tuple(raw["total_range"]),
                      MappingProxyType({"fall_risk": _bands(raw["bands"])}), "fall_risk")


def _mmse(code: str, raw: dict[str, Any]) -> Instrument:
    items = tuple(Item(f"d{n}", name, _span(0, top))
                  for n, (name, top) in enumerate(raw["domains_max"].items(), start=1))
    top = raw["total_range"][1]
    schemes = {f"文化程度：{level}（≤{cut}分为认知障碍）":
               (Band(0, cut, "认知功能障碍"), Band(cut + 1, top, "正常"))
               for level, cut in raw["education_cutoffs_impaired_if_leq"].items()}
    # No default: the cut-off depends on the patient's education.
    return Instrument(code, raw["name_zh"], items, True, tuple(raw["total_range"]),
                      MappingProxyType(schemes))


def _pain(code: str, raw: dict[str, Any]) -> Instrument:
    items = (Item("VAS_mm", "视觉模拟评分(mm)", _span(*raw["VAS_mm"]), required=False),
             Item("NRS", "数字评分", _span(*raw["NRS"]), required=False))
    return Instrument(code, raw["name_zh"], items, False)


def _brunnstrom(code: str, raw: dict[str, Any]) -> Instrument:
    keys = {"上肢": "upper_limb", "手": "hand", "下肢": "lower_limb"}
    items = tuple(Item(keys.get(part, part), part, tuple(raw["stages"]), required=False)
                  for part in raw["parts"])
    return Instrument(code, raw["name_zh"], items, False)


def _scored_scale(code: str, raw: dict[str, Any]) -> Instrument:
    """A summed scale with one severity scheme (PHQ-9, GAD-7, WAI): items either listed with
    their own values (``items``) or named with one value set (``items_zh`` + ``item_values``,
    keys ``phq9_1``…); ``better`` says which direction is an improvement."""
    if "items" in raw:
        items = tuple(Item(i["key"], i["zh"], tuple(i["allowed"])) for i in raw["items"])
    else:
        values = tuple(raw["item_values"])
        items = tuple(Item(f"{code.lower()}_{n}", name, values)
                      for n, name in enumerate(raw["items_zh"], start=1))
    low, high = raw["total_range"]
    bounds = [(int(min(i.allowed)), int(max(i.allowed))) for i in items]  # integer values only
    if (sum(b[0] for b in bounds), sum(b[1] for b in bounds)) != (low, high):
        raise ValueError(f"{code}: the items do not add up to the total range")
    if raw["better"] not in ("higher", "lower"):
        raise ValueError(f"{code}: 'better' is higher or lower")
    scheme = str(raw["scheme"])
    return Instrument(code, raw["name_zh"], items, True, (low, high),
                      MappingProxyType({scheme: _bands(raw["bands"])}), scheme,
                      higher_is_better=raw["better"] == "higher",
                      category=str(raw.get("category", "")), source=str(raw.get("source", "")),
                      value_labels=MappingProxyType(dict(raw.get("value_labels_zh", {}))))


_BUILDERS: Mapping[str, Callable[[str, dict[str, Any]], Instrument]] = {
    "BI": _barthel, "MBI": _modified_barthel, "FIM": _fim, "FMA": _fugl_meyer,
    "MMT": _muscle_grades, "MAS": _muscle_grades, "GCS": _gcs, "BBS": _berg, "MMSE": _mmse,
    "VAS_NRS": _pain, "Brunnstrom": _brunnstrom,
    "PHQ9": _scored_scale, "GAD7": _scored_scale, "WAI": _scored_scale,
}


@cache
def load_instruments() -> Mapping[str, Instrument]:
    """Every shipped instrument by code (BI, MBI, FIM, FMA, MMT, MAS, GCS, BBS, MMSE…, the
    psychological screening scales PHQ9 and GAD7, the vocational WAI)."""
    path = reference_dir() / "assessment_instruments.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EnvironmentProblem(f"无法读取评估量表定义 {path}：{exc}",
                                 f"cannot read the instrument definitions {path}: {exc}") from exc
    return MappingProxyType({code: _BUILDERS[code](code, spec) for code, spec in raw.items()
                             if code in _BUILDERS})


def _is_allowed(value: object, allowed: tuple[Value, ...]) -> bool:
    # bool is an int in Python: True must not pass for 1.
    return not isinstance(value, bool) and value in allowed


def _allowed_text(allowed: tuple[Value, ...], separator: str = "、") -> str:
    if len(allowed) > 8 and all(isinstance(v, int) for v in allowed):
        return f"{allowed[0]}–{allowed[-1]}"
    return separator.join(str(v) for v in allowed)


# Items whose answer above 0 calls for the clinician the same day: PHQ-9's ninth item asks
# about thoughts of being better off dead or of self-harm (Kroenke 2001; the PHQ
# instructions: any positive answer needs a risk assessment, whatever the total).
SAFETY_ITEMS: dict[str, str] = {"PHQ9": "phq9_9"}


def safety_warnings(code: str, values: Mapping[str, object]) -> list[FieldError]:
    """A warning (never blocking) when a safety item of the instrument is answered above 0."""
    key = SAFETY_ITEMS.get(code)
    value = values.get(key) if key else None
    if not isinstance(value, int | float) or value <= 0:
        return []
    return [FieldError(f"{code}·第 9 题", "第 9 题（自伤或轻生念头）得分大于 0：请医师当日评估风险并记录处理",
                       "Item 9 (thoughts of self-harm) scored above 0: a physician must assess the "
                       "risk today and record what was done", warning=True, key=f"values.{key}")]


def validate_values(instrument: Instrument, values: Mapping[str, object],
                    scheme: str | None = None) -> list[FieldError]:
    """Every value the instrument does not allow, every missing or unknown item. The keys:
    ``values.<item key>`` for an item, ``values`` for the whole (and for open grades, whose
    entries are the user's own), ``scheme`` for the grading scheme."""
    errors: list[FieldError] = []
    def fail(label: str, zh: str, en: str, key: str = "values") -> None:
        errors.append(FieldError(f"{instrument.code}·{label}", zh, en, key=key))

    if len(values) < instrument.min_items:
        fail("评分", "至少需要填写一项评分", "At least one item must be scored")
    for key, value in values.items():
        if instrument.open_grades:
            if not _is_allowed(value, instrument.open_grades):
                fail(key, f"“{value}”不是允许的分级（{_allowed_text(instrument.open_grades)}）",
                     f"{value!r} is not an allowed grade ({_allowed_text(instrument.open_grades, ', ')})")
            continue
        item = instrument.item(key)
        if item is None:
            fail(key, "量表中没有这一项", f"{key!r} is not an item of {instrument.code}")
        elif not (_is_allowed(value, item.allowed) or
                  (instrument.not_testable is not None and value == instrument.not_testable)):
            fail(item.zh, f"“{value}”不是允许的分值（{_allowed_text(item.allowed)}）",
                 f"{value!r} is not allowed for {key} ({_allowed_text(item.allowed, ', ')})",
                 f"values.{item.key}")
    for item in instrument.items:
        alternative = instrument.alternatives.get(item.key)
        given = item.key in values
        if alternative is not None and alternative.key in values:
            if given:
                fail(item.zh, f"“{item.zh}”与“{alternative.zh}”只能填写一项",
                     f"Score either {item.key} or {alternative.key}, not both", f"values.{item.key}")
            continue
        if item.required and not given:
            fail(item.zh, "此项未评分", f"{item.key} is not scored", f"values.{item.key}")
    if scheme is not None and scheme not in instrument.schemes:
        fail("分级标准", f"未知的分级标准：{scheme}", f"Unknown grading scheme: {scheme}", "scheme")
    return errors


def _grade(bands: tuple[Band, ...], total: int) -> str | None:
    return next((band.zh for band in bands if band.low <= total <= band.high), None)


def score(code: str, values: Mapping[str, object], *, scheme: str | None = None) -> Score:
    """Total and grade of valid values; ``ValidationFailed`` for anything not allowed."""
    instrument = load_instruments().get(code)
    if instrument is None:
        raise ValidationFailed([FieldError("评估量表", f"未知的量表：{code}", f"Unknown instrument: {code}",
                                           key="instrument")])
    errors = validate_values(instrument, values, scheme)
    if errors:
        raise ValidationFailed(errors)
    total = None
    if instrument.summed and instrument.not_testable not in values.values():
        total = sum(int(v) for v in values.values())  # type: ignore[call-overload]
        low, high = instrument.total_range or (total, total)
        if not low <= total <= high:
            raise ValidationFailed([FieldError(f"{instrument.code}·总分",
                                               f"总分 {total} 超出量表范围 {low}–{high}",
                                               f"The total {total} is outside {low}-{high}",
                                               key="values")])
    chosen = (scheme or instrument.default_scheme) if total is not None else None
    grade = _grade(instrument.schemes[chosen], total) if chosen and total is not None else None
    return Score(code, total, chosen, grade)


@dataclass(frozen=True)
class Preview:
    """What a form shows while it is filled in: the total and grade once every value is
    allowed and every required item scored, the sum so far and what is missing before."""

    total: int | None
    grade_zh: str | None
    complete: bool
    subtotal: int | None  # sum of the values given so far (summed instruments)
    missing: tuple[str, ...]  # items not scored yet (their Chinese labels)


def preview(code: str, values: Mapping[str, object], scheme: str | None = None) -> Preview:
    """``score`` for a form being filled in: never raises for incomplete values."""
    instrument = load_instruments()[code]
    missing = tuple(item.zh for item in instrument.items if item.required and item.key not in values
                    and (item.key not in instrument.alternatives
                         or instrument.alternatives[item.key].key not in values))
    numbers = [v for v in values.values() if isinstance(v, int) and not isinstance(v, bool)]
    subtotal = sum(numbers) if instrument.summed else None
    try:
        result = score(code, values, scheme=scheme)
    except ValidationFailed:
        return Preview(None, None, False, subtotal, missing)
    return Preview(result.total, result.grade_zh, True, subtotal, missing)
