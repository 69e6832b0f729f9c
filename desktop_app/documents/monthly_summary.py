"""申报汇总表: the institution's claims of a month in one table — per claim the case number,
patient, period, version, amounts by fee category and by payer and its total — then the
month's totals by category and by payer, the drafts left out, and the two sign-offs
(经办人 the records officer, 审核人 the reviewer): name, time and signature number, or blank
lines awaiting them. A4 landscape, under the usual page furniture (document id, content
SHA-256, audit anchor, QR code, page numbers)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from desktop_app.clock import CHINA
from desktop_app.documents.blocks import data_table, field_grid, gap
from desktop_app.documents.claim_cover import CATEGORY_LABELS, PAYER_LABELS
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.fee_list import COVERAGE_SHORT
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.money import yuan
from desktop_app.documents.page import MARGIN_X
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import zh

PAGE = landscape(A4)
WIDTH = PAGE[0] - 2 * MARGIN_X
TITLE = "工伤康复费用申报汇总表"
# Short category labels for the wide table's column heads (the totals spell them out).
CATEGORY_SHORT: dict[str, str] = {"rehab": "康复治疗", "medical": "医疗", "drug": "药品", "bed": "床位",
                                  "other": "其他"}


@dataclass(frozen=True)
class SummaryRow:
    case_number: str
    patient_name: str
    period_label: str  # "2026-04" or "出院结算（…至…）"
    version_no: int  # the latest frozen version (the amounts are the net of all frozen versions)
    claim_id: int
    line_count: int
    by_category: Mapping[str, Decimal]
    by_payer: Mapping[str, Decimal]
    total: Decimal


@dataclass(frozen=True)
class LeftOut:
    """A draft of the month, not in the totals."""

    case_number: str
    patient_name: str
    period_label: str
    claim_id: int
    version_no: int
    note: str


@dataclass(frozen=True)
class SignOff:
    role: str  # 经办人 / 审核人
    name: str = ""  # empty while awaited
    signed_at: datetime | None = None
    signature_id: int | None = None


@dataclass(frozen=True)
class MonthlySummaryData:
    month: str
    version_no: int
    made_at: datetime  # when this version was made (the document's date)
    made_by: str
    content_sha256: str  # of the summary's canonical JSON (the stored record)
    categories: Sequence[str]  # the category columns, in order
    payers: Sequence[str]  # the payer columns, in order
    rows: Sequence[SummaryRow]
    by_category: Mapping[str, Decimal]
    by_payer: Mapping[str, Decimal]
    total: Decimal
    line_count: int
    left_out: Sequence[LeftOut] = ()
    sign_offs: Sequence[SignOff] = ()


def _local(moment: datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def _claim_table(w: Writer, data: MonthlySummaryData) -> Flowable:
    header = ["序号", "病例号", "姓名", "结算期间", "版本", "明细",
              *[f"{zh(CATEGORY_SHORT, c)}" for c in data.categories],
              *[zh(COVERAGE_SHORT, p) for p in data.payers], "合计"]
    money = len(data.categories) + len(data.payers) + 1
    fixed = [9 * mm, 27 * mm, 17 * mm, 30 * mm, 9 * mm, 10 * mm]
    each = (WIDTH - sum(fixed)) / money
    rows: list[list[object]] = [
        [i, r.case_number, r.patient_name, r.period_label, f"V{r.version_no}", r.line_count,
         *[yuan(r.by_category.get(c, Decimal(0))) for c in data.categories],
         *[yuan(r.by_payer.get(p, Decimal(0))) for p in data.payers], yuan(r.total)]
        for i, r in enumerate(data.rows, start=1)]
    rows.append(["", "本月合计", "", "", "", data.line_count,
                 *[yuan(data.by_category.get(c, Decimal(0))) for c in data.categories],
                 *[yuan(data.by_payer.get(p, Decimal(0))) for p in data.payers], yuan(data.total)])
    aligns = ["right", "left", "left", "left", "center", "right", *["right"] * money]
    return data_table(w, header, rows, [*fixed, *[each] * money], aligns,
                      [("BACKGROUND", (0, -1), (-1, -1), "#f2f2f2")])


def _totals(w: Writer, title: str, keys: Sequence[str], amounts: Mapping[str, Decimal],
            labels: dict[str, str], total: Decimal) -> list[Flowable]:
    rows: list[list[object]] = [[zh(labels, k), yuan(amounts.get(k, Decimal(0)))] for k in keys]
    rows.append(["合计", yuan(total)])
    return [w.para(title, w.styles.heading),
            data_table(w, ["", "金额（元）"], rows, [70 * mm, 45 * mm], ["left", "right"])]


def side_by_side(w: Writer, left: list[Flowable], right: list[Flowable]) -> Flowable:
    """Two blocks in two columns, top-aligned (the month's totals by category and by payer)."""
    for part in (*left, *right):
        part.hAlign = "LEFT"
    table = Table([[left, right]], colWidths=[WIDTH / 2, WIDTH / 2])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), w.chain.main),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def sign_off_table(w: Writer, sign_offs: Sequence[SignOff]) -> Flowable:
    blank = "＿" * 8
    rows: list[list[object]] = []
    for s in sign_offs:
        if s.signed_at is None:
            rows.append([s.role, blank, blank, "（待签署）"])
        else:
            rows.append([s.role, s.name, _local(s.signed_at),
                         f"签名 #{s.signature_id}（电子签名，口令确认）"])
    table = data_table(w, ["签署", "姓名", "时间", "签名编号"], rows, [25 * mm, 40 * mm, 40 * mm, 80 * mm],
                       ["left", "left", "left", "left"])
    table.hAlign = "LEFT"
    return table


def summary_story(data: MonthlySummaryData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        fields: list[tuple[str, object]] = [
            ("汇总月份", data.month), ("版本", f"第 {data.version_no} 版"),
            ("纳入申报", f"{len(data.rows)} 份（{data.line_count} 条明细）"),
            ("申报总额", f"{yuan(data.total)} 元"),
            ("生成", f"{data.made_by} {_local(data.made_at)}"),
            ("未纳入草稿", f"{len(data.left_out)} 份")]
        parts: list[Flowable] = [
            w.para(f"{TITLE}（{data.month}）", s.title), gap(),
            field_grid(w, fields, WIDTH, columns=3), gap(),
            w.para("纳入的结算申报（每个病例、期间一行：已确认的最新版本；金额为各已确认版本之和，"
                   "更正版本只含差额）", s.heading),
            _claim_table(w, data),
            side_by_side(w, _totals(w, "本月合计（按费用类别）", data.categories, data.by_category,
                                    CATEGORY_LABELS, data.total),
                         _totals(w, "本月合计（按支付方）", data.payers, data.by_payer, PAYER_LABELS,
                                 data.total))]
        if data.left_out:
            parts += [w.para("未纳入的草稿（未确认，不计入本表）", s.heading),
                      data_table(w, ["病例号", "姓名", "结算期间", "申报单号", "版本", "说明"],
                                 [[d.case_number, d.patient_name, d.period_label, d.claim_id,
                                   f"V{d.version_no}", d.note] for d in data.left_out],
                                 [30 * mm, 20 * mm, 40 * mm, 20 * mm, 12 * mm, WIDTH - 122 * mm],
                                 ["left", "left", "left", "right", "center", "left"])]
        parts += [KeepTogether([w.para("签署（经办人、审核人）", s.heading),
                                sign_off_table(w, data.sign_offs),
                                w.para(f"汇总内容 SHA-256：{data.content_sha256}（即随附 "
                                       f"monthly-summary-{data.month}-V{data.version_no}.json 的 SHA-256，"
                                       "两个签名均覆盖该内容）", s.small)])]
        return parts
    return story


def summary_doc_id(data: MonthlySummaryData) -> str:
    return f"SUMMARY-{data.month}-V{data.version_no}"


def build_monthly_summary(data: MonthlySummaryData, *, institution: Institution,
                          anchor: AuditAnchor) -> BuiltDocument:
    return issue("monthly_summary", summary_doc_id(data), TITLE, data, institution=institution,
                 anchor=anchor, issued_at=data.made_at, subject=f"{institution.name} {data.month}",
                 story=summary_story(data), pagesize=PAGE)
