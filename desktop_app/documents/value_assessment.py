"""康复价值评估报告及康复治疗建议: the institution's assessment that the injury has
rehabilitation value and its recommendation, which go with the application (Luzhou
Art. 13(4), 22 and Art. 30: the 康复价值评估报告 goes with the claim; Beijing Arts. 5, 7)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import Flowable

from desktop_app.documents.blocks import field_grid, gap
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import MODE_ZH, SETTING_ZH, STAGE_ZH, zh

TITLE = "康复价值评估报告及康复治疗建议"
NOT_RECORDED = "（登记时未录入）"


@dataclass(frozen=True)
class ValueAssessmentData:
    case: CaseHeader
    case_id: int
    assessed_on: str  # the rehab value assessment's date
    stage: str  # ACUTE / STABLE / MAINT / RECUR
    setting: str  # inpatient / outpatient / community / home
    modes: Sequence[str]  # early_intervention, tcm…
    disease_category: str  # as named (e.g. 骨折)
    injured_parts: Sequence[str]
    diagnoses: Sequence[str]  # "ICD-10 code name", main first
    assessment: str  # 康复价值评估意见
    recommendation: str  # 康复治疗建议
    issued_at: datetime  # the case's registration (the assessment is recorded with it)
    basis: str = ""  # the case's rules on the value assessment (articles cited)


def value_story(data: ValueAssessmentData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        facts: list[tuple[str, object]] = [
            ("评估日期", data.assessed_on or "—"), ("康复阶段", zh(STAGE_ZH, data.stage)),
            ("病种类别", data.disease_category or "—"), ("受伤部位", "、".join(data.injured_parts) or "—"),
            ("建议康复形式", zh(SETTING_ZH, data.setting)),
            ("康复模式", "、".join(zh(MODE_ZH, m) for m in data.modes) or "—")]
        if data.basis:
            facts.append(("依据", data.basis))
        parts: list[Flowable] = [
            w.para(TITLE, s.title), gap(), case_fields(w, data.case, CONTENT_WIDTH),
            w.para("伤情与评估", s.heading), field_grid(w, facts, CONTENT_WIDTH),
            w.para("诊断", s.heading), w.para("；".join(data.diagnoses) or "—"),
            w.para("康复价值评估意见", s.heading), w.para(data.assessment or NOT_RECORDED),
            w.para("康复治疗建议", s.heading), w.para(data.recommendation or NOT_RECORDED),
            w.para("签发：报送时以机构数字证书签署本文件（PAdES 数字签名，签章在末页）。", s.small)]
        return parts
    return story


def value_assessment_doc_id(data: ValueAssessmentData) -> str:
    return f"VALUE-{data.case.case_number}-{data.case_id}"


def build_value_assessment(data: ValueAssessmentData, *, institution: Institution,
                           anchor: AuditAnchor) -> BuiltDocument:
    return issue("value_assessment", value_assessment_doc_id(data), TITLE, data, institution=institution,
                 anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}", story=value_story(data))
