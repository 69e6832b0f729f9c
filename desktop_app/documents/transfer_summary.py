"""转院小结: what a case's course was when it is transferred out to another institution
(Luzhou Art. 24; Ningxia No. 9; silent elsewhere) — diagnoses, the approval and its period,
the sessions used per approved item against the approved counts (with those used before a
transfer in), the latest assessments and the plan's goals. It goes with the patient and into
the binder; issued like every document (PDF/A-3b, audit anchor, identical rebuild)."""

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

TITLE = "工伤康复转院小结"
COUNT_HEADER = ["项目编码", "项目名称", "核准次数", "转入前已用", "本院已用", "剩余次数"]
COUNT_WIDTHS = [34 * mm, 48 * mm, 22 * mm, 24 * mm, 24 * mm, 26 * mm]
COUNT_ALIGNS = ["left", "left", "right", "right", "right", "right"]
ASSESSMENT_HEADER = ["评估量表", "阶段", "评估日期", "总分", "分级", "结论"]
ASSESSMENT_WIDTHS = [40 * mm, 16 * mm, 22 * mm, 16 * mm, 30 * mm, 54 * mm]
ASSESSMENT_ALIGNS = ["left", "center", "center", "right", "left", "left"]


@dataclass(frozen=True)
class ItemCount:
    national_code: str
    name: str
    approved: int | None  # the agency's count (None: not limited)
    used_before: int  # at an earlier institution (transfer in)
    used_here: int

    @property
    def remaining(self) -> int | None:
        if self.approved is None:
            return None
        return max(0, self.approved - self.used_before - self.used_here)


@dataclass(frozen=True)
class AssessmentLine:
    instrument: str  # as named
    phase: str  # 康复前 / 康复中 / 康复后
    assessed_on: str
    total: str  # "65" or —
    grade: str
    conclusion: str


@dataclass(frozen=True)
class TransferSummaryData:
    case: CaseHeader
    case_id: int
    transfer_id: int
    to_institution: str
    transfer_date: str
    reason: str
    consent: str  # "泸人社转〔2026〕8号（2026-05-10）" or 无需（…）
    diagnoses: Sequence[str]  # "ICD-10 code name", main first
    approval: str  # decision number(s) and the approved period
    counts: Sequence[ItemCount]
    assessments: Sequence[AssessmentLine]
    goals: str  # the current plan's goals
    physician: str  # who recorded the transfer
    issued_at: datetime  # when the transfer was recorded
    basis: str = ""  # the case's rules on transfers (articles cited), or 无
    transferred_in_from: str = ""  # an earlier institution, when the case came in by transfer
    signatures: Sequence[SignatureMark] = field(default_factory=tuple)


def _count(value: int | None) -> object:
    return "不限" if value is None else value


def transfer_story(data: TransferSummaryData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        facts: list[tuple[str, object]] = [
            ("转往机构", data.to_institution), ("转院日期", data.transfer_date),
            ("经办机构同意/备案", data.consent or "—"), ("转院原因", data.reason or "—"),
            ("核准", data.approval or "—")]
        if data.transferred_in_from:
            facts.append(("本病例转入自", data.transferred_in_from))
        if data.basis:
            facts.append(("依据", data.basis))
        counts = [[c.national_code, c.name, _count(c.approved), c.used_before, c.used_here,
                   _count(c.remaining)] for c in data.counts]
        assessments = [[a.instrument, a.phase, a.assessed_on, a.total, a.grade or "—",
                        a.conclusion or "—"] for a in data.assessments]
        parts: list[Flowable] = [
            w.para(TITLE, s.title), gap(), case_fields(w, data.case, CONTENT_WIDTH),
            w.para("转院信息", s.heading), field_grid(w, facts, CONTENT_WIDTH),
            w.para("诊断", s.heading), w.para("；".join(data.diagnoses) or "—"),
            w.para("核准项目与已用次数", s.heading),
            data_table(w, COUNT_HEADER, counts or [["—", "无核准项目", "", "", "", ""]],
                       COUNT_WIDTHS, COUNT_ALIGNS), gap(1.5 * mm),
            w.para("核准期限由经办机构核定，转院后不变；剩余次数 = 核准次数 − 转入前已用 − 本院已用。",
                   s.small),
            w.para("最近一次评估", s.heading),
            data_table(w, ASSESSMENT_HEADER, assessments or [["尚无评估", "", "", "", "", ""]],
                       ASSESSMENT_WIDTHS, ASSESSMENT_ALIGNS),
            w.para("康复治疗方案目标", s.heading), w.para(data.goals or "（尚无治疗方案）"),
            w.para("经治医师", s.heading), w.para(data.physician or "—")]
        if data.signatures:
            parts += [w.para("签名", s.heading), signature_block(w, data.signatures, CONTENT_WIDTH)]
        parts.append(w.para("签发：报送时以机构数字证书签署本文件（数字签名，签章在末页）。", s.small))
        return parts
    return story


def transfer_summary_doc_id(data: TransferSummaryData) -> str:
    return f"TRANSFER-{data.case.case_number}-{data.transfer_id}"


def build_transfer_summary(data: TransferSummaryData, *, institution: Institution,
                           anchor: AuditAnchor) -> BuiltDocument:
    return issue("transfer_summary", transfer_summary_doc_id(data), TITLE, data,
                 institution=institution, anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}",
                 story=transfer_story(data))
