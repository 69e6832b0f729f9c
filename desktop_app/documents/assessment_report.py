"""康复评估与效果评定报告: pre/mid/post assessments with one instrument, the score chart and
the outcome (Luzhou Art. 21, Beijing Art. 11: assessments before, during and after)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.documents.blocks import SignatureMark, data_table, gap, signature_block
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.chart import score_chart
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import PHASE_ZH, zh


@dataclass(frozen=True)
class AssessmentRow:
    assessment_id: int
    phase: str  # pre / mid / post / other
    assessed_on: str
    assessor: str
    total: int | None
    grade: str = ""
    conclusion: str = ""  # the assessor's words, else the outcome rule's verdict at that point
    item_values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class AssessmentReportData:
    case: CaseHeader
    instrument_code: str
    instrument_name: str
    max_score: int
    assessments: Sequence[AssessmentRow]
    outcome: str  # 康复效果评定结论
    issued_at: datetime
    signatures: Sequence[SignatureMark] = field(default_factory=tuple)


def _label(row: AssessmentRow) -> str:
    return f"{zh(PHASE_ZH, row.phase)} {row.assessed_on[5:]}"


def assessment_story(data: AssessmentReportData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        summary = [[zh(PHASE_ZH, r.phase), r.assessed_on, r.assessor,
                    "—" if r.total is None else r.total, r.grade, r.conclusion] for r in data.assessments]
        parts: list[Flowable] = [
            w.para("工伤康复评估与效果评定报告", s.title),
            w.para(f"评定量表：{data.instrument_name}（{data.instrument_code}），"
                   f"满分 {data.max_score}", s.small),
            gap(), case_fields(w, data.case, CONTENT_WIDTH), w.para("评估记录", s.heading),
            data_table(w, ["阶段", "日期", "评估人", "总分", "分级", "结论"], summary,
                       [18 * mm, 22 * mm, 20 * mm, 14 * mm, 30 * mm, 74 * mm],
                       ["center", "center", "left", "right", "left", "left"])]
        scored = [r for r in data.assessments if r.total is not None]
        if scored:
            parts += [gap(), score_chart(w.chain, [_label(r) for r in scored],
                                         [float(r.total or 0) for r in scored], data.max_score,
                                         f"{data.instrument_name} 总分变化")]
        keys = list(dict.fromkeys(k for r in data.assessments for k in r.item_values))
        if keys:
            heads = [_label(r) for r in data.assessments]
            rows = [[k, *[r.item_values.get(k, "") for r in data.assessments]] for k in keys]
            col = (CONTENT_WIDTH - 60 * mm) / max(len(heads), 1)
            parts += [w.para("分项得分", s.heading),
                      data_table(w, ["项目", *heads], rows, [60 * mm, *[col] * len(heads)],
                                 ["left", *["right"] * len(heads)])]
        parts += [w.para("康复效果评定", s.heading), w.para(data.outcome),
                  w.para("签名", s.heading), signature_block(w, data.signatures, CONTENT_WIDTH)]
        return parts
    return story


def assessment_doc_id(data: AssessmentReportData) -> str:
    ids = "-".join(str(r.assessment_id) for r in data.assessments) or "0"
    return f"ASMT-{data.case.case_number}-{data.instrument_code}-{ids}"


def build_assessment_report(data: AssessmentReportData, *, institution: Institution,
                            anchor: AuditAnchor) -> BuiltDocument:
    return issue("assessment", assessment_doc_id(data), "工伤康复评估与效果评定报告", data,
                 institution=institution,
                 anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}", story=assessment_story(data))
