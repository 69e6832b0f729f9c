"""费用清单: every fee line of a claim (date, code, name, unit, price, count, amount,
coverage). Reversal lines (negative count) name the line they reverse."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.documents.blocks import data_table, field_grid, gap
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.money import quantity, yuan
from desktop_app.documents.pdfa import EmbeddedFile
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import CoverageClass

HEADER = ["序号", "日期", "项目编码", "项目名称", "单位", "单价", "数量", "金额", "支付类别"]
# The code column fits a 15-digit national code on one line.
WIDTHS = [12 * mm, 19 * mm, 29 * mm, 41 * mm, 10 * mm, 16 * mm, 11 * mm, 18 * mm, 22 * mm]
# Short payer labels keep one line per fee line (the cover sheet spells them out).
COVERAGE_SHORT: dict[str, str] = {CoverageClass.FUND: "基金支付", CoverageClass.SELF_PAID: "个人自付",
                                  CoverageClass.INSTITUTION: "机构承担", CoverageClass.WORKER: "个人承担",
                                  CoverageClass.EXCLUDED: "不予支付", CoverageClass.PENDING: "待审核"}
ALIGNS = ["right", "center", "left", "left", "center", "right", "right", "right", "left"]


@dataclass(frozen=True)
class FeeRow:
    line_no: int
    occurred_on: str
    national_code: str
    name: str
    unit: str
    unit_price: Decimal
    quantity: Decimal
    amount: Decimal
    coverage: str  # fund / self_paid / institution / worker / excluded / pending
    reverses_line_no: int | None = None


@dataclass(frozen=True)
class FeeListData:
    claim_id: int
    version_no: int
    case_number: str
    patient_name: str
    period_label: str
    lines: Sequence[FeeRow]
    total: Decimal
    issued_at: datetime


def fee_rows(lines: Sequence[FeeRow]) -> list[list[object]]:
    """The table body: one row per fee line, amounts to the fen."""
    return [[r.line_no, r.occurred_on, r.national_code,
             r.name + (f"（冲销第{r.reverses_line_no}行）" if r.reverses_line_no else ""), r.unit,
             yuan(r.unit_price), quantity(r.quantity), yuan(r.amount),
             COVERAGE_SHORT.get(r.coverage, r.coverage)]
            for r in lines]


def fee_list_story(data: FeeListData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        rows = fee_rows(data.lines)
        rows.append(["", "", "", "合计", "", "", "", yuan(data.total), ""])
        return [w.para("工伤康复费用清单", w.styles.title), gap(),
                field_grid(w, [("病例号", data.case_number), ("姓名", data.patient_name),
                               ("申报单号", f"{data.claim_id}（第 {data.version_no} 版）"),
                               ("结算期间", data.period_label)], CONTENT_WIDTH),
                gap(), data_table(w, HEADER, rows, WIDTHS, ALIGNS)]
    return story


def fee_list_doc_id(data: FeeListData) -> str:
    return f"FEES-{data.case_number}-{data.claim_id}-V{data.version_no}"


def build_fee_list(data: FeeListData, *, institution: Institution, anchor: AuditAnchor,
                   files: Sequence[EmbeddedFile] = ()) -> BuiltDocument:
    return issue("fee_list", fee_list_doc_id(data), "工伤康复费用清单", data,
                 institution=institution, anchor=anchor,
                 issued_at=data.issued_at, subject=f"{data.case_number} {data.patient_name}",
                 story=fee_list_story(data), files=files)
