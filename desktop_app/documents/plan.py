"""康复治疗方案: the treatment plan as told to the patient in writing and signed by them
(Luzhou Art. 21, Beijing Art. 10): period, items, expected effect, cost, precautions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.documents.blocks import SignatureMark, data_table, gap, signature_block
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.money import yuan
from desktop_app.documents.text import Writer

CONTENT_WIDTH = 178 * mm
ITEM_HEADER = ["序号", "项目编码", "项目名称", "单位", "频次", "次数", "单价（元）", "金额（元）"]
ITEM_WIDTHS = [10 * mm, 27 * mm, 45 * mm, 12 * mm, 28 * mm, 12 * mm, 20 * mm, 24 * mm]
TOLD_IN_WRITING = "患者（或其代理人）已被书面告知本方案的内容、期限、预期效果、费用及注意事项。"


@dataclass(frozen=True)
class PlanItemRow:
    national_code: str
    name: str
    unit: str
    frequency: str
    count: int
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class PlanData:
    case: CaseHeader
    plan_id: int
    version_no: int
    period_from: str
    period_to: str
    goals: str
    expected_effect: str
    precautions: str
    cost_estimate: Decimal
    items: Sequence[PlanItemRow]
    issued_at: datetime  # the last signature's time: fixed once signed
    revision_reason: str = ""
    signatures: Sequence[SignatureMark] = field(default_factory=tuple)


def plan_story(data: PlanData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        parts: list[Flowable] = [w.para("工伤康复治疗方案", s.title),
                                 w.para(f"第 {data.version_no} 版　方案期限 {data.period_from} 至 "
                                        f"{data.period_to}", s.small),
                                 gap(), case_fields(w, data.case, CONTENT_WIDTH)]
        if data.revision_reason:
            parts += [w.para("修订原因", s.heading), w.para(data.revision_reason)]
        parts += [w.para("康复目标", s.heading), w.para(data.goals),
                  w.para("治疗项目与费用明细", s.heading)]
        rows = [[i + 1, it.national_code, it.name, it.unit, it.frequency, it.count, yuan(it.unit_price),
                 yuan(it.amount)] for i, it in enumerate(data.items)]
        rows.append(["", "", "合计（预估费用）", "", "", "", "", yuan(data.cost_estimate)])
        parts.append(data_table(w, ITEM_HEADER, rows, ITEM_WIDTHS,
                                ["center", "left", "left", "center", "left", "right", "right", "right"]))
        parts += [w.para("预期效果", s.heading), w.para(data.expected_effect),
                  w.para("注意事项", s.heading), w.para(data.precautions),
                  w.para(TOLD_IN_WRITING, s.small),
                  w.para("签名", s.heading), signature_block(w, data.signatures, CONTENT_WIDTH)]
        return parts
    return story


def plan_doc_id(data: PlanData) -> str:
    return f"PLAN-{data.case.case_number}-{data.plan_id}-V{data.version_no}"


def build_plan(data: PlanData, *, institution: Institution, anchor: AuditAnchor) -> BuiltDocument:
    return issue("plan", plan_doc_id(data), "工伤康复治疗方案", data,
                 institution=institution, anchor=anchor,
                 issued_at=data.issued_at, subject=f"{data.case.case_number} {data.case.patient_name}",
                 story=plan_story(data))
