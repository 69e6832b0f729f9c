"""Expert evaluation (专家评估) before the care that needs it, and assistive devices (辅助器具),
per pack (issue 19 items 5 and 6). Plain Python: the services, the CLI and the UI ask here.

Only the active pack's own text decides (``reference/region_rules.md`` §3, §14 and "Expert
gates", "Devices"); where it is silent no evaluation is required and no device rule applies:

* Baotou: TCM/蒙医 (Art. 9), psychological (Art. 10) and vocational rehabilitation (Art. 13)
  are given 「经康复专家库成员评估」; packaged payment for the long-term bedridden (Art. 19)
  after the same evaluation. Devices: the treating department's opinion 「需经办机构备案后」
  may be fitted in the course (Art. 11): a fitting needs the filing, and is part of the course
  the fund pays (Art. 11 makes it a mode of the rehabilitation the measures fund; Art. 17
  does not exclude it).
* Luzhou: devices 「可以根据伤情一并申请安装辅助器具辅助治疗」 with the rehab application (Art. 6):
  part of the confirmed course, so a fitting is claimed; no filing. Art. 14's expert panel
  gives the committee's confirmation of the whole application (the approval itself), not an
  evaluation before particular care: no gate.
* Beijing, Shandong, Ningxia and the baseline: silent on both. A fitting is recorded but not
  claimed with the rehabilitation fees (devices are then the separate benefit of 条例 Art. 32,
  outside this claim).

No national or regional device catalogue is in ``reference/`` (the 国家基本康复辅助器具目录
is not among the files): a device is recorded with a free code and name; it is claimed at the
price of the work-injury catalogue item of that code in force on the fitting day, when the
institution has imported one (category ``other``), else recorded and not claimed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from desktop_app.domain.rules.policy import BAOTOU, LUZHOU, Article, art, cite
from desktop_app.errors import FieldError

# The care an evaluation may support (its conclusion), in the order shown.
CARE_KINDS = ("tcm", "psychological", "vocational", "package")
CARE_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "tcm": ("中医/蒙医康复", "TCM / Mongolian medicine rehab"),
    "psychological": ("心理康复", "psychological rehab"),
    "vocational": ("职业康复", "vocational rehab"),
    "package": ("打包付费（长期卧床）", "packaged payment (long-term bedridden)"),
})

BT_9, BT_10, BT_11 = art(BAOTOU, "第九条", "9"), art(BAOTOU, "第十条", "10"), art(BAOTOU, "第十一条", "11")
BT_13, BT_19 = art(BAOTOU, "第十三条", "13"), art(BAOTOU, "第十九条", "19")
LZ_6 = art(LUZHOU, "第六条", "6")

# pack code → care kind → the articles requiring an expert evaluation first.
EXPERT_GATES: Mapping[str, Mapping[str, tuple[Article, ...]]] = MappingProxyType({
    "baotou/2025-1": MappingProxyType({"tcm": (BT_9,), "psychological": (BT_10,),
                                       "vocational": (BT_13,), "package": (BT_19,)}),
})


@dataclass(frozen=True)
class DeviceRules:
    """What a pack's text says of assistive devices."""

    filing: tuple[Article, ...] = ()  # a filing (备案) with the agency before fitting
    paid: tuple[Article, ...] = ()  # a fitting is claimed with the course
    opinion: tuple[Article, ...] = ()  # where the opinion comes from


SILENT = DeviceRules()
DEVICE_RULES: Mapping[str, DeviceRules] = MappingProxyType({
    "baotou/2025-1": DeviceRules(filing=(BT_11,), paid=(BT_11,), opinion=(BT_11,)),
    "luzhou/2025-1": DeviceRules(paid=(LZ_6,), opinion=(LZ_6,)),
})


def gates(pack_code: str) -> Mapping[str, tuple[Article, ...]]:
    return EXPERT_GATES.get(pack_code, MappingProxyType({}))


def device_rules(pack_code: str) -> DeviceRules:
    return DEVICE_RULES.get(pack_code, SILENT)


def care_of_rehab_type(rehab_type: str) -> str | None:
    """The gated care an approval of ``rehab_type`` (``packs.REHAB_TYPES``) is for."""
    return "vocational" if rehab_type == "vocational" else None


# The catalogue does not mark items TCM, psychological or vocational: the app reads it from
# the national price code (chapter 4 of the national price specification is 中医及民族医诊疗类;
# 340200032 is 职业功能训练, ``reference/price_items_3402_verified.csv``) and the item's name.
_TCM_WORDS = ("中医", "蒙医", "针刺", "针灸", "推拿", "艾灸", "拔罐", "刮痧")
_VOCATIONAL_CODES = frozenset({"340200032"})


def price_code(national_code: str) -> str:
    """The 9-digit national price code of a code as stored: itself, or the middle of a 15-digit
    medical-insurance code (003402000320000 → 340200032)."""
    code = national_code.strip()
    if len(code) == 15 and code.isdigit() and code.startswith("00"):
        return code[2:11]
    return code


def care_of_item(national_code: str, name: str = "") -> str | None:
    """The gated care a prescription of this item is for, or None."""
    code = price_code(national_code)
    if code in _VOCATIONAL_CODES or "职业" in name:
        return "vocational"
    if "心理" in name:
        return "psychological"
    if (len(code) == 9 and code.isdigit() and code.startswith("4")) or any(w in name for w in _TCM_WORDS):
        return "tcm"
    return None


@dataclass(frozen=True)
class Evaluation:
    """An expert evaluation as the gate sees it."""

    evaluation_id: int
    evaluated_on: date
    supports: frozenset[str]


def supporting(evaluations: Iterable[Evaluation], care: str, on: date) -> Evaluation | None:
    """The latest evaluation supporting ``care`` dated on or before ``on``."""
    found = [e for e in evaluations if care in e.supports and e.evaluated_on <= on]
    return max(found, key=lambda e: (e.evaluated_on, e.evaluation_id)) if found else None


def gate_errors(pack_code: str, care: str | None, on: date, evaluations: Iterable[Evaluation],
                *, what: tuple[str, str], key: str) -> list[FieldError]:
    """The refusal when the pack requires an expert evaluation for ``care`` and none supporting
    it is dated on or before ``on``; nothing where the pack is silent. ``what``: the act refused
    (``("核准", "approval")``)."""
    if care is None:
        return []
    articles = gates(pack_code).get(care)
    if not articles or supporting(evaluations, care, on) is not None:
        return []
    zh, en = cite(articles)
    care_zh, care_en = CARE_NAMES[care]
    return [FieldError("专家评估", f"{care_zh}须先经康复专家库成员评估（{zh}）：{on} 或之前没有支持"
                       f"{care_zh}的专家评估记录，不能录入{what[0]}。请先在“评估与辅具”页录入专家评估",
                       f"{care_en.capitalize()} needs an evaluation by members of the rehab expert "
                       f"pool first ({en}): no expert evaluation supporting it is dated on or before "
                       f"{on}, so the {what[1]} cannot be recorded. Record the expert evaluation "
                       "first (page Experts & devices)", key=key)]


def filing_errors(pack_code: str, filed_on: date | None, fitted_on: date) -> list[FieldError]:
    """Where the pack requires a filing before fitting (Baotou Art. 11), one dated on or before."""
    rules = device_rules(pack_code)
    if not rules.filing or (filed_on is not None and filed_on <= fitted_on):
        return []
    zh, en = cite(rules.filing)
    return [FieldError("辅具备案", f"辅助器具配置意见须经办机构备案后方可配置（{zh}）：{fitted_on} 或之前"
                       "没有该配置意见的备案", "A device opinion must be filed with the agency "
                       f"before the device is fitted ({en}): the opinion has no filing dated on or "
                       f"before {fitted_on}", key="filing")]
