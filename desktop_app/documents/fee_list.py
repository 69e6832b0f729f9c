"""费用清单: every fee line of a claim (序号 from 1, date, code, name, unit, price, count,
amount, coverage), the patient and the claim named on every page, a subtotal per page and
per fee category, then the total. Reversal lines (negative count) name the line they reverse."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from desktop_app.documents.blocks import data_table, field_grid, gap
from desktop_app.documents.claim_cover import CATEGORY_LABELS
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.money import quantity, yuan
from desktop_app.documents.pdfa import EmbeddedFile
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import CoverageClass, zh

HEADER = ["序号", "日期", "项目编码", "项目名称", "单位", "单价", "数量", "金额", "支付类别"]
# The code column fits a 15-digit national code on one line.
WIDTHS = [12 * mm, 19 * mm, 29 * mm, 41 * mm, 10 * mm, 16 * mm, 11 * mm, 18 * mm, 22 * mm]
# Short payer labels keep one line per fee line (the cover sheet spells them out).
COVERAGE_SHORT: dict[str, str] = {CoverageClass.FUND: "基金支付", CoverageClass.SELF_PAID: "个人自付",
                                  CoverageClass.INSTITUTION: "机构承担", CoverageClass.WORKER: "个人承担",
                                  CoverageClass.EXCLUDED: "不予支付", CoverageClass.PENDING: "待审核"}
ALIGNS = ["right", "center", "left", "left", "center", "right", "right", "right", "left"]
PAGE_SUBTOTAL = "本页小计"
SLACK = 2.0  # pt kept free under a page's table (grid lines, rounding)


@dataclass(frozen=True)
class FeeRow:
    line_no: int  # 序号: 1, 2, … within the claim (never a database id)
    occurred_on: str
    national_code: str
    name: str
    unit: str
    unit_price: Decimal
    quantity: Decimal
    amount: Decimal
    coverage: str  # fund / self_paid / institution / worker / excluded / pending
    reverses_line_no: int | None = None  # 序号 of the reversed line, when it is in this claim
    category: str = ""  # rehab / medical / drug / bed / other
    reverses_note: str = ""  # the reversed line when it lies in an earlier version


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
    identity: Sequence[tuple[str, str]] = ()  # 认定书编号, 伤残等级, 入院/出院日期, 协议编号…


def _name(r: FeeRow) -> str:
    if r.reverses_line_no:
        return f"{r.name}（冲销第{r.reverses_line_no}行）"
    if r.reverses_note:
        return f"{r.name}（冲销{r.reverses_note}）"
    return r.name


def fee_rows(lines: Sequence[FeeRow]) -> list[list[object]]:
    """The table body: one row per fee line, amounts to the fen."""
    return [[r.line_no, r.occurred_on, r.national_code, _name(r), r.unit,
             yuan(r.unit_price), quantity(r.quantity), yuan(r.amount),
             zh(COVERAGE_SHORT, r.coverage)]
            for r in lines]


def running_line(data: FeeListData) -> str:
    """What every page repeats above its table: whose fees, which claim."""
    return (f"姓名：{data.patient_name}　病例号：{data.case_number}　"
            f"申报单号：{data.claim_id}（第 {data.version_no} 版）　结算期间：{data.period_label}")


def category_subtotals(lines: Sequence[FeeRow]) -> list[tuple[str, int, Decimal]]:
    """(category, lines, amount) in the order categories first appear."""
    sums: dict[str, tuple[int, Decimal]] = {}
    for r in lines:
        count, amount = sums.get(r.category, (0, Decimal("0.00")))
        sums[r.category] = (count + 1, amount + r.amount)
    return [(k, n, a) for k, (n, a) in sums.items()]


class PagedFeeTable(Flowable):
    """The fee lines, cut at page ends by the room the frame offers: each page's part is
    the running line, the table (header repeated) and a 本页小计 row."""

    def __init__(self, w: Writer, line: str, rows: Sequence[list[object]], amounts: Sequence[Decimal],
                 heights: Sequence[float] | None = None) -> None:
        super().__init__()
        self.w, self.line, self.rows, self.amounts = w, line, list(rows), list(amounts)
        self._heights = list(heights) if heights is not None else None
        self._intro: float | None = None

    def _table(self, rows: list[list[object]], amounts: list[Decimal]) -> Table:
        subtotal = ["", "", "", PAGE_SUBTOTAL, "", "", "", yuan(sum(amounts, Decimal("0.00"))), ""]
        return data_table(self.w, HEADER, [*rows, subtotal], WIDTHS, ALIGNS,
                          [("BACKGROUND", (0, -1), (-1, -1), "#f2f2f2")])

    def _measure(self, width: float) -> None:
        if self._heights is None:
            table = self._table(self.rows, self.amounts)
            table.wrap(width, 1e9)
            self._heights = list(table._rowHeights)  # header, each row, the subtotal row

    def _parts(self, rows: list[list[object]], amounts: list[Decimal]) -> list[Flowable]:
        return [self.w.para(self.line, self.w.styles.small), gap(1 * mm), self._table(rows, amounts)]

    def _height(self, n: int, width: float) -> float:
        assert self._heights is not None
        head, subtotal = self._heights[0], self._heights[-1]
        if self._intro is None:
            self._intro = sum(f.wrap(width, 1e9)[1] for f in self._parts([], [])[:2])
        return self._intro + head + sum(self._heights[1:1 + n]) + subtotal

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._measure(availWidth)
        self.width, self.height = availWidth, self._height(len(self.rows), availWidth)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._measure(availWidth)
        n = 0
        while n < len(self.rows) and self._height(n + 1, availWidth) + SLACK <= availHeight:
            n += 1
        if n == 0:
            return []
        assert self._heights is not None
        rest = PagedFeeTable(self.w, self.line, self.rows[n:], self.amounts[n:],
                             [self._heights[0], *self._heights[1 + n:]])
        return [*self._parts(self.rows[:n], self.amounts[:n]), rest]

    def draw(self) -> None:
        y = self.height
        for f in self._parts(self.rows, self.amounts):
            _, h = f.wrap(self.width, 1e9)
            y -= h
            f.drawOn(self.canv, 0, y)


def fee_list_story(data: FeeListData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        fields: list[tuple[str, object]] = [
            ("病例号", data.case_number), ("姓名", data.patient_name),
            ("申报单号", f"{data.claim_id}（第 {data.version_no} 版）"), ("结算期间", data.period_label),
            *data.identity]
        subtotals = category_subtotals(data.lines)
        summary = [[zh(CATEGORY_LABELS, k, "未分类"), n, yuan(a)] for k, n, a in subtotals]
        summary.append(["合计", len(data.lines), yuan(data.total)])
        return [w.para("工伤康复费用清单", s.title), gap(), field_grid(w, fields, CONTENT_WIDTH), gap(),
                PagedFeeTable(w, running_line(data), fee_rows(data.lines), [r.amount for r in data.lines]),
                w.para(f"按费用类别小计（{data.patient_name}，申报单 {data.claim_id} "
                       f"第 {data.version_no} 版）", s.heading),
                data_table(w, ["费用类别", "明细条数", "金额（元）"], summary,
                           [70 * mm, 30 * mm, 50 * mm], ["left", "right", "right"])]
    return story


def fee_list_doc_id(data: FeeListData) -> str:
    return f"FEES-{data.case_number}-{data.claim_id}-V{data.version_no}"


def build_fee_list(data: FeeListData, *, institution: Institution, anchor: AuditAnchor,
                   files: Sequence[EmbeddedFile] = (), watermark: str | None = None) -> BuiltDocument:
    """The fee list; a draft's preview gives a ``watermark`` (its id then starts DRAFT-)."""
    doc_id = f"DRAFT-{fee_list_doc_id(data)}" if watermark else fee_list_doc_id(data)
    return issue("fee_list", doc_id, "工伤康复费用清单", data,
                 institution=institution, anchor=anchor,
                 issued_at=data.issued_at, subject=f"{data.case_number} {data.patient_name}",
                 story=fee_list_story(data), files=files, watermark=watermark)
