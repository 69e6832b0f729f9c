"""Transfers between institutions (转院, issue 19): what each region's text says a transfer
out needs — per pack, never a union of regions (``reference/region_rules.md`` §13).

* Luzhou (泸市人社规〔2025〕1号) Art. 24: a worker who must be treated 「在本市外」 may be
  transferred to an agreement institution elsewhere 「经社会保险经办机构同意后」 — the agency's
  consent, for a destination outside the city. A transfer within the city: silent.
* Ningxia (任务清单) No. 9: a transfer 「转外省」 needs 「办理转院备案手续」 (a filing), and the
  place of treatment's items then apply. Within the region: silent (No. 8: agreement
  institutions are recognised region-wide).
* Beijing, Baotou, Shandong and the national baseline: silent on transfers (Shandong §四(十三)
  asks the agencies to 「做好工伤职工异地康复衔接和结算」, a duty of the agencies, not a
  condition on the transfer) — no consent is required; one may still be recorded.

A transfer in is the same under every pack: the counts the earlier institution used come off
what the approval still allows (the approval period is the agency's and does not change).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from desktop_app.domain.rules.policy import LUZHOU, NINGXIA, Article, art, cite
from desktop_app.errors import FieldError


@dataclass(frozen=True)
class TransferRules:
    """What one region's text requires of a transfer out."""

    # The agency's consent (or filing) is required when the destination is outside the region.
    consent_outside: bool = False
    consent_zh: str = "经办机构同意"  # what the text calls it
    consent_en: str = "the agency's consent"
    outside_zh: str = "统筹地区以外"  # the region the text speaks of
    outside_en: str = "outside the region"
    articles: tuple[Article, ...] = ()  # empty: the text is silent


SILENT = TransferRules()
RULES: Mapping[str, TransferRules] = MappingProxyType({
    "luzhou/2025-1": TransferRules(True, "经办机构同意", "the agency's consent", "本市以外",
                                   "outside the city", (art(LUZHOU, "第二十四条", "24"),)),
    "ningxia/tasklist": TransferRules(True, "转院备案", "the transfer filing", "自治区以外（外省）",
                                      "outside the autonomous region", (art(NINGXIA, "序号9", "No. 9"),)),
})


def rules_for(pack_code: str) -> TransferRules:
    """The transfer rules of the pack (the text it was built from); silent: none."""
    return RULES.get(pack_code, SILENT)


def consent_required(rules: TransferRules, outside_region: bool) -> bool:
    return rules.consent_outside and outside_region


def consent_errors(rules: TransferRules, outside_region: bool, number: str | None,
                   on: date | None, transfer_date: date) -> list[FieldError]:
    """A transfer out refused without the consent its pack requires; a consent dated after the
    transfer is refused under every pack."""
    errors: list[FieldError] = []
    if consent_required(rules, outside_region):
        zh, en = cite(rules.articles)
        if not (number or "").strip():
            errors.append(FieldError(
                "同意文号", f"转往{rules.outside_zh}须经{rules.consent_zh}，请填写文号（{zh}）",
                f"A transfer {rules.outside_en} needs {rules.consent_en}: enter its number ({en})",
                key="consent_number"))
        if on is None:
            errors.append(FieldError(
                "同意日期", f"请填写{rules.consent_zh}的日期（{zh}）",
                f"Enter the date of {rules.consent_en} ({en})", key="consent_date"))
    if on is not None and on > transfer_date:
        errors.append(FieldError("同意日期", "同意日期晚于转院日期",
                                 "The consent is dated after the transfer", key="consent_date"))
    return errors


def remaining(approved: int | None, used_before: int, used_here: int) -> int | None:
    """What an approved count leaves after the sessions used before a transfer and here."""
    if approved is None:
        return None
    return max(0, approved - used_before - used_here)
