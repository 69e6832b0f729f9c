"""先康复后鉴定 ("rehabilitate first, appraise later") and vocational rehabilitation: what each
region's text says, per pack, never a union of regions (DOMAIN.md).

The summary for the labour-capacity appraisal committee (劳动能力鉴定委员会) is printed
wherever it is asked for; it names the article of the case's region that provides for the
mechanism, or says that the region's text does not and that it was printed on request:

* Baotou Art. 15: the 先康复后鉴定 model, for workers of orthopaedics and neurosurgery whose
  injury was confirmed to have rehab value; vocational rehab after an expert assessment (Art. 13).
* Luzhou Art. 2 (the principle 先康复、后鉴定) and Art. 5 (rehabilitation first, then appraisal,
  once the injury is relatively stable).
* Beijing Art. 3 (先治疗康复，后鉴定补偿) and Art. 23 (the committee is to build the mechanism
  step by step); vocational rehab period Art. 8(2).
* Shandong §二(四) (build it step by step: the institution assesses the effect, then the
  appraisal follows); vocational rehab as the core, §二(一).
* Ningxia task list No. 5 (the same words as Shandong's).
* The national baseline: no article; printed on request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from desktop_app.domain.rules.policy import BAOTOU, BEIJING, LUZHOU, NINGXIA, SHANDONG, Article, art, cite


@dataclass(frozen=True)
class AppraisalRules:
    """What one region's text says of 先康复后鉴定 and of vocational rehabilitation."""

    rehab_first: tuple[Article, ...] = ()
    vocational: tuple[Article, ...] = ()
    scope_zh: str = ""  # a limit the text puts on who it is for


RULES: Mapping[str, AppraisalRules] = MappingProxyType({
    "baotou": AppraisalRules((art(BAOTOU, "第十五条", "15"),), (art(BAOTOU, "第十三条", "13"),),
                             "针对骨科和神经外科的工伤职工，经确认伤情具有康复价值的"),
    "luzhou": AppraisalRules((art(LUZHOU, "第二条", "2"), art(LUZHOU, "第五条", "5"))),
    "beijing": AppraisalRules((art(BEIJING, "第三条", "3"), art(BEIJING, "第二十三条", "23")),
                              (art(BEIJING, "第八条第（二）项", "8(2)"),)),
    "shandong": AppraisalRules((art(SHANDONG, "二、（四）", "§二(四)"),),
                               (art(SHANDONG, "二、（一）", "§二(一)"),)),
    "ningxia": AppraisalRules((art(NINGXIA, "序号5", "No. 5"),)),
})
NONE = AppraisalRules()


def rules_for(region: str) -> AppraisalRules:
    """The region's rules; a region without a pack (the national baseline) has none."""
    return RULES.get(region, NONE)


def basis_text(region: str) -> tuple[str, str]:
    """What the summary prints as its basis, in Chinese and English."""
    rules = rules_for(region)
    if not rules.rehab_first:
        return ("本地区规则未规定“先康复后鉴定”，本总结系应申请出具。",
                "The region's rules do not provide for it; printed on request.")
    zh, en = cite(rules.rehab_first)
    if rules.scope_zh:
        zh += f"（{rules.scope_zh}）"
    return zh, en
