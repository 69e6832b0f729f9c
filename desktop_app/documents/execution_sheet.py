"""康复执行单: who performed each session, when, how many times, signed by the therapist
who performed it (实施人签名) and by the patient (Luzhou Art. 21, the execution-sheet system).
Each signature cell names the signature's number in the archive (签名 #123), so a row can
be matched with the signature that covers it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.documents.blocks import (
    CELL_FONT_SIZE,
    CELL_LEADING,
    CELL_PADDING,
    SignatureImage,
    SignatureMark,
    cell,
    data_table,
    gap,
    png_image,
    signature_block,
)
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer

# The sheet's columns: 日期 时间 项目编码 项目名称 次数 实施人 地点 实施人签名 患者签名.
WIDTHS = (18 * mm, 19.5 * mm, 28 * mm, 25 * mm, 9 * mm, 13 * mm, 21 * mm, 19 * mm, 25.5 * mm)


@dataclass(frozen=True)
class SessionRow:
    session_id: int
    session_date: str
    time: str  # "09:00–09:40", China-local
    national_code: str
    item_name: str
    count: int
    therapist: str
    location: str = ""
    patient_signature: int | None = None  # index into ExecutionSheetData.signatures
    staff_signature: int | None = None  # the performer's (实施人签名) or a reviewer's co-signature
    over_approved_count: bool = False
    patient_signature_id: int | None = None  # the signature's number in the archive
    staff_signature_id: int | None = None
    parameters: str = ""  # "20 分钟；中等；右膝；无不良反应" when noted (under the item's name)


@dataclass(frozen=True)
class ExecutionSheetData:
    case: CaseHeader
    period_label: str  # e.g. "2026-11" or "2026-10-08 至 2026-11-20"
    rows: Sequence[SessionRow]
    issued_at: datetime
    signatures: Sequence[SignatureMark] = field(default_factory=tuple)


class StackedSignature(Flowable):
    """The patient's hand signature above its number, centred in the cell: what a one-column
    table of the two drew, without a table's layout for each of a sheet's rows."""

    def __init__(self, w: Writer, image: SignatureImage, label: str) -> None:
        super().__init__()
        w.chain.check(label, "签名编号")
        self.writer, self.image, self.label = w, image, label
        self.label_width = w.width(label, CELL_FONT_SIZE)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = max(self.image.width, self.label_width)
        self.height = self.image.height + CELL_LEADING
        return self.width, self.height

    def draw(self) -> None:
        self.image.drawOn(self.canv, (self.width - self.image.width) / 2, CELL_LEADING)
        # The label's baseline where a table cell of that leading puts it.
        self.writer.draw(self.canv, self.width / 2, CELL_LEADING - CELL_FONT_SIZE, self.label,
                         CELL_FONT_SIZE, "center")


def _mark(w: Writer, data: ExecutionSheetData, index: int | None, number: int | None,
          image: bool, room: float) -> object:
    """A signature cell ``room`` wide (its column's, inside the padding): the hand
    signature's image (the patient's) or the signer's name, then the signature's number in
    the archive and (the registry below) its entry."""
    if index is None:
        return cell(w, "未签", w.styles.cell_center, room)
    mark = data.signatures[index]
    numbered = f"签名 #{number}" if number is not None else f"（{index + 1}）"
    if image and mark.image_png:
        return StackedSignature(w, png_image(mark.image_png, 22 * mm, 8 * mm), numbered)
    return cell(w, f"{mark.signer_name}\n{numbered}\n{mark.signed_at[5:]}", w.styles.cell_center, room)


def execution_story(data: ExecutionSheetData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        staff_room, patient_room = (WIDTHS[7] - 2 * CELL_PADDING, WIDTHS[8] - 2 * CELL_PADDING)
        rows = [[r.session_date, r.time, r.national_code,
                 r.item_name + ("（超核准次数）" if r.over_approved_count else "")
                 + (f"\n{r.parameters}" if r.parameters else ""), r.count, r.therapist,
                 r.location, _mark(w, data, r.staff_signature, r.staff_signature_id, False, staff_room),
                 _mark(w, data, r.patient_signature, r.patient_signature_id, True, patient_room)]
                for r in data.rows]
        total = sum(r.count for r in data.rows)
        rows.append(["合计", "", "", "", total, "", "", "", ""])
        # Date, time and the 15-digit national code each fit on one line.
        table = data_table(
            w, ["日期", "时间", "项目编码", "项目名称", "次数", "实施人", "地点", "实施人签名", "患者签名"],
            rows, WIDTHS,
            ["center", "center", "left", "left", "right", "left", "left", "center", "center"])
        return [w.para("工伤康复执行单", s.title), w.para(f"期间：{data.period_label}", s.small), gap(),
                case_fields(w, data.case, CONTENT_WIDTH), gap(), table,
                w.para("签名登记（括号内为序号）", s.heading),
                signature_block(w, data.signatures, CONTENT_WIDTH, numbered=True)]
    return story


def sessions_doc_id(prefix: str, case: CaseHeader, rows: Sequence[SessionRow]) -> str:
    """A sheet of sessions named by its case, the span of session ids and their number."""
    ids = [r.session_id for r in rows]
    span = f"{min(ids)}-{max(ids)}" if ids else "0"
    return f"{prefix}-{case.case_number}-{span}-{len(ids)}"


def execution_doc_id(data: ExecutionSheetData) -> str:
    return sessions_doc_id("EXEC", data.case, data.rows)


def build_execution_sheet(data: ExecutionSheetData, *, institution: Institution,
                          anchor: AuditAnchor) -> BuiltDocument:
    return issue("execution_sheet", execution_doc_id(data), "工伤康复执行单", data,
                 institution=institution, anchor=anchor,
                 issued_at=data.issued_at, subject=f"{data.case.case_number} {data.case.patient_name}",
                 story=execution_story(data))
