"""The case block at the top of every document: who, which injury, which approval, and
what an auditor matches a claim against (recognition number, disability grade, stay,
agreement, approved items and counts). One block, printed by every document that names
a case (``case_fields``); the fee list prints the same identity pairs (``identity_pairs``)."""

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
    # What identifies the case to the agency (all filled by the loaders; empty in documents
    # issued before they were printed, which then keep their content and hash).
    recognition_number: str = ""  # 工伤认定决定书编号
    disability_grade: str = ""  # "5 级" or 未鉴定
    discharge_date: str = ""  # or 未出院
    agreement_number: str = ""  # the institution's agreement with the agency (协议编号)
    approved_items: str = ""  # "运动疗法 40 次；作业疗法 18 次", or 未限定项目
    # The agreement's validity as a claim was built ("2025-01-01 至 2027-12-31"; issue 19):
    # printed only when given, so other documents keep their content.
    agreement_validity: str = ""


def identity_pairs(case: CaseHeader) -> list[tuple[str, str]]:
    """Recognition, grade, stay, agreement and approved items, as label/value pairs."""
    if not case.recognition_number:
        return []
    return [("认定书编号", case.recognition_number), ("伤残等级", case.disability_grade or "未鉴定"),
            ("入院日期", case.admission_date or "—"), ("出院日期", case.discharge_date or "未出院"),
            ("协议编号", case.agreement_number or "—"), ("核准项目", case.approved_items or "—")] + (
        [("协议有效期", case.agreement_validity)] if case.agreement_validity else [])


def case_fields(w: Writer, case: CaseHeader, width: float) -> Table:
    pairs: list[tuple[str, object]] = [
        ("病例号", case.case_number), ("姓名", case.patient_name),
        ("性别", case.sex), ("出生日期", case.birth_date),
        ("身份证号", case.resident_id), ("用人单位", case.employer),
        ("受伤日期", case.injury_date), ("主要诊断", case.diagnosis),
    ]
    identity = identity_pairs(case)
    if identity:
        pairs.append(("核准", case.approval))
        pairs += identity
    elif case.approval or case.admission_date:
        pairs += [("核准", case.approval), ("入院日期", case.admission_date)]
    return field_grid(w, pairs, width)
