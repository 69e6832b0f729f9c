"""The case block at the top of most documents: who, which injury, which approval."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Table

from desktop_app.documents.blocks import field_grid
from desktop_app.documents.text import Writer


@dataclass(frozen=True)
class CaseHeader:
    case_number: str
    patient_name: str
    sex: str  # 男 / 女
    birth_date: str
    resident_id: str  # as the loader chooses to show it (full, or masked)
    employer: str
    injury_date: str
    diagnosis: str  # main diagnosis: ICD-10 code and name
    approval: str = ""  # decision number and approved period
    admission_date: str = ""


def case_fields(w: Writer, case: CaseHeader, width: float) -> Table:
    pairs: list[tuple[str, object]] = [
        ("病例号", case.case_number), ("姓名", case.patient_name),
        ("性别", case.sex), ("出生日期", case.birth_date),
        ("身份证号", case.resident_id), ("用人单位", case.employer),
        ("受伤日期", case.injury_date), ("主要诊断", case.diagnosis),
    ]
    if case.approval or case.admission_date:
        pairs += [("核准", case.approval), ("入院日期", case.admission_date)]
    return field_grid(w, pairs, width)
