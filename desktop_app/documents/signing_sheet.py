"""康复执行单（患者签字页）: the sessions awaiting the patient's signature, printed for a
ward PC without a signature pad. The patient signs each row on paper; the signed page
is scanned and attached, and that scan signs exactly the records printed here (each
row carries its record number to compare against the screen, and under the performer's
name the number of their signature, 签名 #N, once the therapist has signed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.blocks import data_table, gap
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.execution_sheet import SessionRow, sessions_doc_id
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer

SIGNATURE_ROW_HEIGHT = 12 * mm  # room for a hand signature


@dataclass(frozen=True)
class SigningSheetData:
    case: CaseHeader
    label: str  # the day, e.g. "2026-11-23", or "2026-11-20 至 2026-11-23"
    rows: Sequence[SessionRow]
    issued_at: datetime


def _performer(row: SessionRow) -> str:
    """The performer, and under the name the number of the therapist's signature once given."""
    if row.staff_signature_id is None:
        return row.therapist
    return f"{row.therapist}\n签名 #{row.staff_signature_id}"


def signing_sheet_story(data: SigningSheetData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        rows = [[f"#{r.session_id}", r.session_date, r.time, r.national_code,
                 r.item_name + ("（超核准次数）" if r.over_approved_count else ""), r.count,
                 _performer(r), Spacer(1, SIGNATURE_ROW_HEIGHT)] for r in data.rows]
        table = data_table(
            w, ["记录号", "日期", "时间", "项目编码", "项目名称", "次数", "实施人", "患者签名"], rows,
            [14 * mm, 18 * mm, 19.5 * mm, 28 * mm, 30 * mm, 9 * mm, 20 * mm, 39.5 * mm],
            ["left", "center", "center", "left", "left", "right", "left", "center"])
        total = sum(r.count for r in data.rows)
        signer = data_table(w, ["签名人签名", "与患者关系（代签时填）", "代签依据（代签时填）", "签名日期"],
                            [[Spacer(1, SIGNATURE_ROW_HEIGHT) for _ in range(4)]],
                            [50 * mm, 36 * mm, 60 * mm, 32 * mm])
        return [w.para("工伤康复执行单（患者签字页）", s.title),
                w.para(f"日期：{data.label}　共 {len(data.rows)} 条记录，{total} 次", s.small), gap(),
                case_fields(w, data.case, CONTENT_WIDTH), gap(), table, gap(),
                w.para("以上治疗记录经本人核对，时间、项目、次数属实。", s.body), gap(), signer, gap(),
                w.para("说明：患者本人签名；由他人代签的，写明与患者的关系及代签依据（如授权委托书）。"
                       "签字后扫描本页，在“执行单”页面选“附签字扫描件”上传；扫描件签署的正是上列记录号的记录。",
                       s.small)]
    return story


def signing_sheet_doc_id(data: SigningSheetData) -> str:
    return sessions_doc_id("SIGN", data.case, data.rows)


def build_signing_sheet(data: SigningSheetData, *, institution: Institution,
                        anchor: AuditAnchor) -> BuiltDocument:
    return issue("signing_sheet", signing_sheet_doc_id(data), "工伤康复执行单（患者签字页）", data,
                 institution=institution, anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}",
                 story=signing_sheet_story(data))
