"""先康复后鉴定工伤康复总结: the course of a case for the labour-capacity appraisal committee
(劳动能力鉴定委员会) — the period, the diagnoses, the treatment given per item, the pre / mid /
post results per instrument with their change, the vocational and psychological results, and
the physician's conclusion on whether the injury is stable and ready for the appraisal.

The basis printed is the case's region's article (``domain.rules.appraisal``: Baotou Art. 15,
Luzhou Arts. 2 and 5, Beijing Arts. 3 and 23, Shandong §二(四), Ningxia No. 5), or, where the
region's text is silent, that it was printed on request."""

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
from desktop_app.domain.vocabulary import MODE_ZH, SETTING_ZH, STAGE_ZH, zh

TITLE = "先康复后鉴定工伤康复总结"
KIND = "appraisal_summary"


@dataclass(frozen=True)
class TreatmentLine:
    """One item given: its name and national code, the count and the first and last day."""

    item: str
    code: str
    count: int
    first_day: str
    last_day: str


@dataclass(frozen=True)
class InstrumentLine:
    code: str
    name: str
    category: str  # "vocational", "psychological" or "" (domain.instruments.Instrument.category)
    pre: int | None
    mid: int | None
    post: int | None
    change: int | None  # latest − baseline
    grade_change: str
    verdict: str
    lower_is_better: bool = False


@dataclass(frozen=True)
class AppraisalSummaryData:
    case: CaseHeader
    case_id: int
    period: str  # admission to discharge (or 至今)
    stage: str
    setting: str
    modes: Sequence[str]
    diagnoses: Sequence[str]
    treatment: Sequence[TreatmentLine]
    instruments: Sequence[InstrumentLine]
    vocational_goal: str  # printed labels (domain.vocabulary), — when not set
    vocational_goal_set_on: str
    vocational_outcome: str
    vocational_outcome_on: str
    vocational_note: str
    vocational_goal_met: str  # 已达成 / 未达成 / —
    conclusion: str  # the physician's conclusion (APPRAISAL_CONCLUSION_ZH)
    conclusion_note: str
    physician: str
    concluded_at: str  # China-local time
    basis: str  # the region's article(s), or that it was printed on request
    issued_at: datetime
    signatures: Sequence[SignatureMark] = field(default_factory=tuple)


def _number(value: int | None) -> str:
    return "—" if value is None else str(value)


def _change(line: InstrumentLine) -> str:
    if line.change is None:
        return "—"
    return f"+{line.change}" if line.change > 0 else str(line.change)


def _instrument_rows(lines: Sequence[InstrumentLine]) -> list[list[object]]:
    return [[f"{x.code} {x.name}" + ("（分数越低越好）" if x.lower_is_better else ""),
             _number(x.pre), _number(x.mid), _number(x.post), _change(x),
             x.grade_change or "—", x.verdict or "—"] for x in lines]


HEAD = ["量表", "康复前", "康复中", "康复后", "变化", "分级变化", "判断"]
WIDTHS = [48 * mm, 13 * mm, 13 * mm, 13 * mm, 14 * mm, 37 * mm, 40 * mm]
ALIGN = ["left", "right", "right", "right", "right", "left", "left"]


def appraisal_story(data: AppraisalSummaryData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        facts: list[tuple[str, object]] = [
            ("康复期间", data.period), ("康复阶段", zh(STAGE_ZH, data.stage)),
            ("康复形式", zh(SETTING_ZH, data.setting)),
            ("康复模式", "、".join(zh(MODE_ZH, m) for m in data.modes) or "—"),
            ("依据", data.basis)]
        parts: list[Flowable] = [
            w.para(TITLE, s.title), w.para("报送：劳动能力鉴定委员会", s.small), gap(),
            case_fields(w, data.case, CONTENT_WIDTH), w.para("康复经过", s.heading),
            field_grid(w, facts, CONTENT_WIDTH),
            w.para("诊断", s.heading), w.para("；".join(data.diagnoses) or "—"),
            w.para("已实施的康复治疗", s.heading)]
        if data.treatment:
            parts.append(data_table(
                w, ["项目", "国家编码", "次数", "首次", "末次"],
                [[t.item, t.code, t.count, t.first_day, t.last_day] for t in data.treatment],
                [62 * mm, 42 * mm, 16 * mm, 29 * mm, 29 * mm], ["left", "left", "right", "center", "center"]))
        else:
            parts.append(w.para("（无治疗记录）"))
        general = [x for x in data.instruments if x.category not in ("vocational", "psychological")]
        special = [x for x in data.instruments if x.category in ("vocational", "psychological")]
        parts.append(w.para("康复前、中、后评估结果", s.heading))
        parts.append(data_table(w, HEAD, _instrument_rows(general), WIDTHS, ALIGN) if general
                     else w.para("（无评估记录）"))
        parts.append(w.para("职业康复与心理评估", s.heading))
        if special:
            parts.append(data_table(w, HEAD, _instrument_rows(special), WIDTHS, ALIGN))
        vocational: list[tuple[str, object]] = [
            ("职业康复目标", data.vocational_goal), ("目标确定日期", data.vocational_goal_set_on),
            ("职业康复结局", data.vocational_outcome), ("结局日期", data.vocational_outcome_on),
            ("目标达成", data.vocational_goal_met), ("说明", data.vocational_note or "—")]
        parts += [gap(), field_grid(w, vocational, CONTENT_WIDTH)]
        parts += [w.para("医师结论", s.heading), w.para(data.conclusion),
                  w.para(data.conclusion_note or "—"),
                  w.para(f"医师：{data.physician}　时间：{data.concluded_at}", s.small),
                  w.para("签名", s.heading), signature_block(w, data.signatures, CONTENT_WIDTH)]
        return parts
    return story


def appraisal_summary_doc_id(data: AppraisalSummaryData) -> str:
    return f"APPRAISAL-{data.case.case_number}-{data.case_id}"


def build_appraisal_summary(data: AppraisalSummaryData, *, institution: Institution,
                            anchor: AuditAnchor) -> BuiltDocument:
    return issue(KIND, appraisal_summary_doc_id(data), TITLE, data, institution=institution,
                 anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}", story=appraisal_story(data))
