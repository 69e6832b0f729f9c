"""工伤康复核准（确认）结论: one approval, extension or early-intervention filing as the
archive records it — decision number, date, issuing body, approved period, items and
counts — with the article of the case's rules that makes it the condition of payment
(Luzhou Arts. 12, 29, 30: the 确认结论书 goes with the claim; Beijing Art. 7)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.documents.blocks import SignatureMark, data_table, field_grid, gap, signature_block
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import APPROVAL_KIND_ZH, STATE_ZH, zh

TITLE = "工伤康复核准（确认）结论"
TRANSCRIPT = ("本件为康复机构按经办机构或劳动能力鉴定委员会出具的结论书登记的内容；"
              "结论书原件（扫描件）见档案申请材料部分。")


@dataclass(frozen=True)
class ApprovedItemRow:
    national_code: str
    name: str
    approved_count: int | None  # None: the decision sets no count


@dataclass(frozen=True)
class ApprovalData:
    case: CaseHeader
    approval_id: int
    kind: str  # approval / extension / early_filing
    rehab_type: str  # 医疗康复 / 职业康复, as the pack names it
    decision_number: str
    decision_date: str
    issuing_body: str
    period_from: str
    period_to: str
    items: Sequence[ApprovedItemRow]
    state: str  # draft / signed / archived / sealed
    issued_at: datetime  # the last signature on it, else its creation
    notes: str = ""
    basis: str = ""  # the case's rules on approval (articles cited)
    signatures: Sequence[SignatureMark] = field(default_factory=tuple)


def approval_story(data: ApprovalData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        decision: list[tuple[str, object]] = [
            ("类型", zh(APPROVAL_KIND_ZH, data.kind)), ("康复类别", data.rehab_type),
            ("结论书编号", data.decision_number), ("结论日期", data.decision_date),
            ("出具机构", data.issuing_body), ("核准期限", f"{data.period_from} 至 {data.period_to}"),
            ("记录状态", zh(STATE_ZH, data.state))]
        if data.basis:
            decision.append(("依据", data.basis))
        rows = [[i, it.national_code, it.name, "未限定" if it.approved_count is None else it.approved_count]
                for i, it in enumerate(data.items, start=1)]
        parts: list[Flowable] = [
            w.para(TITLE, s.title), w.para(TRANSCRIPT, s.small), gap(),
            case_fields(w, data.case, CONTENT_WIDTH), w.para("结论", s.heading),
            field_grid(w, decision, CONTENT_WIDTH), w.para("核准项目及次数", s.heading)]
        if rows:
            parts.append(data_table(w, ["序号", "项目编码", "项目名称", "核准次数"], rows,
                                    [12 * mm, 40 * mm, 96 * mm, 30 * mm],
                                    ["right", "left", "left", "right"]))
        else:
            parts.append(w.para("结论未限定具体项目；按治疗方案所列项目执行。"))
        if data.notes:
            parts += [w.para("备注", s.heading), w.para(data.notes)]
        parts += [w.para("登记签名", s.heading)]
        if data.signatures:
            parts.append(signature_block(w, data.signatures, CONTENT_WIDTH))
        else:
            parts.append(w.para("本记录尚无签名。", s.small))
        return parts
    return story


def approval_doc_id(data: ApprovalData) -> str:
    return f"APPR-{data.case.case_number}-{data.approval_id}"


def build_approval(data: ApprovalData, *, institution: Institution, anchor: AuditAnchor) -> BuiltDocument:
    return issue("approval", approval_doc_id(data), TITLE, data, institution=institution,
                 anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}", story=approval_story(data))
