"""康复治疗处方: the case's current prescriptions (Luzhou Art. 21, Beijing Art. 11 list them
in the archive): item, count, frequency, parameters, prescriber and therapist, each with
its state and the signatures on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.documents.blocks import SignatureMark, data_table, gap, signature_block
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import STATE_ZH, zh

TITLE = "工伤康复治疗处方"
HEADER = ["序号", "开具日期", "项目编码", "项目名称", "次数", "频次", "治疗参数", "开具医师", "治疗师",
          "状态"]
WIDTHS = [9 * mm, 18 * mm, 27 * mm, 24 * mm, 10 * mm, 18 * mm, 26 * mm, 16 * mm, 16 * mm, 14 * mm]
ALIGNS = ["right", "center", "left", "left", "right", "left", "left", "left", "left", "center"]


@dataclass(frozen=True)
class PrescriptionRow:
    prescription_id: int
    prescribed_on: str
    national_code: str
    item_name: str
    count: int
    frequency: str
    parameters: str
    prescriber: str
    therapist: str
    state: str  # draft / signed / archived / sealed


@dataclass(frozen=True)
class PrescriptionData:
    case: CaseHeader
    rows: Sequence[PrescriptionRow]
    issued_at: datetime  # the last signature on them (else the last one's creation)
    signatures: Sequence[SignatureMark] = field(default_factory=tuple)


def prescription_story(data: PrescriptionData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        rows = [[i, r.prescribed_on, r.national_code, r.item_name, r.count, r.frequency,
                 r.parameters or "—", r.prescriber, r.therapist or "—", zh(STATE_ZH, r.state)]
                for i, r in enumerate(data.rows, start=1)]
        rows.append(["", "", "", "合计", sum(r.count for r in data.rows), "", "", "", "", ""])
        return [w.para(TITLE, s.title), w.para(f"共 {len(data.rows)} 张处方", s.small), gap(),
                case_fields(w, data.case, CONTENT_WIDTH), w.para("处方内容", s.heading),
                data_table(w, HEADER, rows, WIDTHS, ALIGNS),
                w.para("签名", s.heading), signature_block(w, data.signatures, CONTENT_WIDTH)]
    return story


def prescription_doc_id(data: PrescriptionData) -> str:
    ids = [r.prescription_id for r in data.rows]
    span = f"{min(ids)}-{max(ids)}" if ids else "0"
    return f"PRESC-{data.case.case_number}-{span}-{len(ids)}"


def build_prescription(data: PrescriptionData, *, institution: Institution,
                       anchor: AuditAnchor) -> BuiltDocument:
    return issue("prescription", prescription_doc_id(data), TITLE, data, institution=institution,
                 anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}", story=prescription_story(data))
