"""康复价值评估报告及康复治疗建议: the institution's assessment that the injury has
rehabilitation value and its recommendation, which go with the application (Luzhou
Art. 13(4), 22 and Art. 30: the 康复价值评估报告 goes with the claim; Beijing Arts. 5, 7).

Two sources: a signed version of the value report (``services.clinical.value_report``,
``version_no`` set: the version, the conclusion, the intended period and goals, the physician
and the signature are printed), or, for old cases, the text entered at registration."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import Flowable

from desktop_app.documents.blocks import SignatureMark, field_grid, gap, signature_block
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import MODE_ZH, SETTING_ZH, STAGE_ZH, STATE_ZH, VALUE_CONCLUSION_ZH, zh

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
    # A signed version of the value report (None: the text entered at registration).
    version_no: int | None = None
    conclusion: str = ""  # has_value / no_value
    intended_days: int | None = None
    goals: str = ""
    physician: str = ""
    state: str = ""  # signed / archived …
    carried_from: str = ""  # "GS2025-0003 第 2 版": the earlier course's version it started from
    signatures: Sequence[SignatureMark] = ()


def value_story(data: ValueAssessmentData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        facts: list[tuple[str, object]] = [
            ("评估日期", data.assessed_on or "—"), ("康复阶段", zh(STAGE_ZH, data.stage)),
            ("病种类别", data.disease_category or "—"), ("受伤部位", "、".join(data.injured_parts) or "—"),
            ("建议康复形式", zh(SETTING_ZH, data.setting)),
            ("康复模式", "、".join(zh(MODE_ZH, m) for m in data.modes) or "—")]
        if data.version_no is not None:
            facts[1:1] = [("版本", f"第 {data.version_no} 版"),
                          ("评估结论", zh(VALUE_CONCLUSION_ZH, data.conclusion)),
                          ("评估医师", data.physician or "—"), ("记录状态", zh(STATE_ZH, data.state))]
            facts += [("预期康复期限", f"{data.intended_days} 天" if data.intended_days else "—")]
            if data.carried_from:
                facts.append(("沿用", f"以往疗程评估报告 {data.carried_from}"))
        if data.basis:
            facts.append(("依据", data.basis))
        parts: list[Flowable] = [
            w.para(TITLE, s.title), gap(), case_fields(w, data.case, CONTENT_WIDTH),
            w.para("伤情与评估", s.heading), field_grid(w, facts, CONTENT_WIDTH),
            w.para("诊断", s.heading), w.para("；".join(data.diagnoses) or "—"),
            w.para("康复价值评估意见", s.heading), w.para(data.assessment or NOT_RECORDED),
            w.para("康复治疗建议", s.heading), w.para(data.recommendation or NOT_RECORDED)]
        if data.version_no is not None:
            parts += [w.para("康复目标", s.heading), w.para(data.goals or "—"),
                      w.para("医师签名", s.heading)]
            parts.append(signature_block(w, data.signatures, CONTENT_WIDTH) if data.signatures
                         else w.para("本版本尚未签名。", s.small))
        parts.append(w.para("签发：报送时以机构数字证书签署本文件（PAdES 数字签名，签章在末页）。", s.small))
        return parts
    return story


def value_assessment_doc_id(data: ValueAssessmentData) -> str:
    if data.version_no is not None:
        return f"VALUE-{data.case.case_number}-{data.case_id}-V{data.version_no}"
    return f"VALUE-{data.case.case_number}-{data.case_id}"


def build_value_assessment(data: ValueAssessmentData, *, institution: Institution,
                           anchor: AuditAnchor) -> BuiltDocument:
    return issue("value_assessment", value_assessment_doc_id(data), TITLE, data, institution=institution,
                 anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}", story=value_story(data))
