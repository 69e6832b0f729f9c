"""结算申报封面: worker, employer, injury, approval, period, payment method (and, when the
claim records them, the region's rules it was judged by and the payment terms), and the totals
by category and by payer. The claim's data files ride along as PDF/A-3 associated files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from desktop_app.clock import CHINA
from desktop_app.documents.blocks import SignatureMark, data_table, field_grid, gap, signature_block
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.money import yuan
from desktop_app.documents.pdfa import EmbeddedFile
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import RULE, Writer
from desktop_app.domain.canonical import sha256_hex
from desktop_app.domain.claim_data import LateSignatureNote
from desktop_app.domain.vocabulary import CoverageClass, FeeCategory

CATEGORY_LABELS: dict[str, str] = {
    FeeCategory.REHAB: "康复治疗费", FeeCategory.MEDICAL: "医疗费", FeeCategory.DRUG: "药品费",
    FeeCategory.BED: "床位费", FeeCategory.OTHER: "其他费用"}
PAYER_LABELS: dict[str, str] = {
    CoverageClass.FUND: "工伤保险基金支付", CoverageClass.SELF_PAID: "个人自付（已签知情同意）",
    CoverageClass.INSTITUTION: "协议机构承担", CoverageClass.WORKER: "职工个人承担",
    CoverageClass.EXCLUDED: "不予支付", CoverageClass.PENDING: "待审核"}


@dataclass(frozen=True)
class Total:
    key: str  # category (rehab, drug…) or payer (fund, self_paid…) code
    amount: Decimal
    lines: int = 0


@dataclass(frozen=True)
class ClaimCoverData:
    claim_id: int
    version_no: int
    period_label: str  # "2026-11" or "出院结算"
    case: CaseHeader
    payment_method: str  # as shown: 按服务项目 / 按床日…
    by_category: Sequence[Total]
    by_payer: Sequence[Total]
    total: Decimal
    issued_at: datetime  # when the claim was frozen
    frozen_sha256: str = ""
    supersedes: str = ""  # earlier version this one corrects, if any
    signatures: Sequence[SignatureMark] = field(default_factory=tuple)
    policy_pack: str = ""  # the region's rules the claim was judged by (ClaimTotals.pack_zh)
    payment_terms: str = ""  # the terms used, with the pack's article (ClaimTotals.terms_zh)
    identity: Sequence[tuple[str, str]] = ()  # 认定书编号, 伤残等级, 入院/出院日期, 协议编号…
    # Late signatures on the covered records and who acknowledged them, why (签署时效确认).
    late_signatures: Sequence[LateSignatureNote] = ()


SIGN_OFF_ROLES = ("经办人", "审核人", "机构负责人")
HASHES_NOTE = ("以 sha256sum 核对：每个数据文件的 SHA-256 应与上表一致；冻结摘要即 claim_canonical.json"
               "（冻结时的规范化记录）的 SHA-256；页脚的内容 SHA-256 即包中同名 .content.json 的 SHA-256。"
               "上表亦以机读清单 data_files.sha256 内嵌于本文件，受签名保护。")


def sign_off_block(w: Writer) -> Table:
    """The paper sign-off: each role with blank lines for a signature and a date, and the
    institution's seal area beside them."""
    blank = "＿" * 9
    rows: list[list[object]] = [[f"{role}（签字）：", blank, "日期：", "＿" * 6] for role in SIGN_OFF_ROLES]
    people = Table(rows, colWidths=[30 * mm, 42 * mm, 12 * mm, 28 * mm], rowHeights=[11 * mm] * 3)
    font = ("FONTNAME", (0, 0), (-1, -1), w.chain.main)
    people.setStyle(TableStyle([font, ("FONTSIZE", (0, 0), (-1, -1), 9),
                                ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    seal = Table([[w.para("（机构盖章）", w.styles.small)]], colWidths=[54 * mm], rowHeights=[33 * mm])
    seal.setStyle(TableStyle([font, ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                              ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                              ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    outer = Table([[people, seal]], colWidths=[CONTENT_WIDTH - 58 * mm, 58 * mm])
    outer.setStyle(TableStyle([font, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return outer


def _local(moment: datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def late_signature_section(w: Writer, notes: Sequence[LateSignatureNote]) -> list[Flowable]:
    """签署时效确认: each late signature on a covered record, its delay, and the records
    officer's acknowledgement (who, when, the reason)."""
    rows = [[n.record_zh, n.signer_name, _local(n.signed_at),
             n.delay_zh.removeprefix("签署时效："), f"{n.acknowledged_by} {_local(n.acknowledged_at)}",
             n.reason] for n in notes]
    return [w.para("签署时效确认（延迟签名经病案人员说明原因并确认）", w.styles.heading),
            data_table(w, ["记录", "签名人", "签名时间", "签署时效", "确认人、时间", "原因"], rows,
                       [22 * mm, 18 * mm, 26 * mm, 46 * mm, 28 * mm, CONTENT_WIDTH - 140 * mm],
                       ["left", "left", "center", "left", "left", "left"])]


def _total_rows(totals: Sequence[Total], labels: dict[str, str], grand: Decimal) -> list[list[object]]:
    rows: list[list[object]] = [[labels.get(t.key, t.key), t.lines, yuan(t.amount)] for t in totals]
    rows.append(["合计", sum(t.lines for t in totals), yuan(grand)])
    return rows


def cover_story(data: ClaimCoverData, files: Sequence[EmbeddedFile]) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        claim_fields: list[tuple[str, object]] = [
            ("申报单号", f"{data.claim_id}（第 {data.version_no} 版）"), ("结算期间", data.period_label),
            ("支付方式", data.payment_method), ("申报总额", f"{yuan(data.total)} 元"), *data.identity]
        if data.policy_pack:
            claim_fields.append(("适用规则", data.policy_pack))
        if data.payment_terms:
            claim_fields.append(("支付标准", data.payment_terms))
        if data.supersedes:
            claim_fields.append(("更正", data.supersedes))
        if data.frozen_sha256:
            claim_fields.append(("冻结摘要", data.frozen_sha256))
        widths, aligns = [70 * mm, 30 * mm, 50 * mm], ["left", "right", "right"]
        parts: list[Flowable] = [
            w.para("工伤康复费用结算申报表", s.title), gap(), case_fields(w, data.case, CONTENT_WIDTH), gap(),
            field_grid(w, claim_fields, CONTENT_WIDTH),
            w.para("按费用类别", s.heading),
            data_table(w, ["类别", "明细条数", "金额（元）"],
                       _total_rows(data.by_category, CATEGORY_LABELS, data.total), widths, aligns),
            w.para("按支付方", s.heading),
            data_table(w, ["支付方", "明细条数", "金额（元）"],
                       _total_rows(data.by_payer, PAYER_LABELS, data.total), widths, aligns)]
        if files:
            parts += [w.para("随附数据文件（PDF/A-3 内嵌附件）", s.heading),
                      data_table(w, ["文件名", "类型", "字节数", "SHA-256"],
                                 [[f.filename, f.mime_type, len(f.data), sha256_hex(f.data)] for f in files],
                                 [40 * mm, 30 * mm, 18 * mm, 90 * mm], ["left", "left", "right", "left"]),
                      w.para(HASHES_NOTE, s.small)]
        if data.late_signatures:
            parts += late_signature_section(w, data.late_signatures)
        parts += [KeepTogether([w.para("审核签章", s.heading), sign_off_block(w)])]
        parts.append(w.para("签名", s.heading))
        if data.signatures:
            parts.append(signature_block(w, data.signatures, CONTENT_WIDTH))
        else:  # the records officer signs the exported PDF itself (PAdES), not a row here
            parts.append(w.para("经办人签章：报送时以机构数字证书签署本文件（PAdES 数字签名，签章在末页）；"
                                "无数字签名的副本仅供核对。", s.small))
        return parts
    return story


def cover_doc_id(data: ClaimCoverData) -> str:
    return f"CLAIM-{data.case.case_number}-{data.claim_id}-V{data.version_no}"


def build_claim_cover(data: ClaimCoverData, *, institution: Institution, anchor: AuditAnchor,
                      files: Sequence[EmbeddedFile] = (), watermark: str | None = None) -> BuiltDocument:
    """The cover sheet; a draft's preview gives a ``watermark`` (its id then starts DRAFT-)."""
    doc_id = f"DRAFT-{cover_doc_id(data)}" if watermark else cover_doc_id(data)
    return issue("claim_cover", doc_id, "工伤康复费用结算申报表", data,
                 institution=institution,
                 anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.case.case_number} {data.case.patient_name}", story=cover_story(data, files),
                 files=files, watermark=watermark)
