"""治疗师每日治疗单: a therapist's own patients for one day, printed to carry on the ward —
patient and bed, the items prescribed to the therapist with the count done and left
(marked at 80 % and 100 %, in words as well), the times recorded so far (or room to write
them) and an empty column for the patient's signature. A working paper: the archive's
record stays the execution sheet (康复执行单); this page is issued as PDF/A like the other
documents, with the Chinese font embedded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.blocks import data_table, gap
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.text import Writer
from desktop_app.domain.session_params import LEVEL_COLOURS, count_level, count_word

TITLE = "治疗师每日治疗单"
SIGNATURE_ROW_HEIGHT = 9 * mm  # room for a hand signature or a time written by hand
HEADER = ("床号", "患者 / 病例号", "治疗项目", "频次", "已做/处方", "剩余", "今日时段", "患者签名")
WIDTHS = (12 * mm, 28 * mm, 36 * mm, 16 * mm, 16 * mm, 20 * mm, 22 * mm, 28 * mm)
ALIGNS = ("center", "left", "left", "left", "right", "left", "center", "center")


@dataclass(frozen=True)
class DailyItem:
    item_name: str
    frequency: str
    prescribed: int
    done: int  # all sessions of the item so far
    times: tuple[str, ...] = ()  # today's sessions, "09:00–09:30"

    @property
    def left(self) -> str:
        """The count left, with the word of the 80 % / 100 % level when reached ("1 将满")."""
        word = count_word(self.done, self.prescribed)
        left = max(self.prescribed - self.done, 0)
        return f"{left} {word}" if word else f"{left}"

    @property
    def level(self) -> str:
        return count_level(self.done, self.prescribed)


@dataclass(frozen=True)
class DailyPatient:
    case_number: str
    patient_name: str
    bed_number: str | None
    items: Sequence[DailyItem]


@dataclass(frozen=True)
class DailySheetData:
    therapist_name: str
    therapist_login: str
    day: date
    patients: Sequence[DailyPatient]
    issued_at: datetime


def daily_doc_id(data: DailySheetData) -> str:
    return f"DAILY-{data.therapist_login}-{data.day.isoformat()}"


def daily_story(data: DailySheetData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        rows: list[list[object]] = []
        spans: list[tuple[object, ...]] = []
        for patient in data.patients:
            first = len(rows) + 1  # row 0 is the header
            for n, item in enumerate(patient.items):
                rows.append([
                    (patient.bed_number or "—") if n == 0 else "",
                    f"{patient.patient_name}\n{patient.case_number}" if n == 0 else "",
                    item.item_name, item.frequency, f"{item.done}/{item.prescribed}", item.left,
                    "\n".join(item.times) if item.times else Spacer(1, SIGNATURE_ROW_HEIGHT),
                    Spacer(1, SIGNATURE_ROW_HEIGHT) if n == 0 else ""])
                if item.level in LEVEL_COLOURS:  # the word says it too, for the colour-blind
                    spans.append(("TEXTCOLOR", (5, len(rows)), (5, len(rows)),
                                  colors.HexColor(LEVEL_COLOURS[item.level])))
            last = len(rows)
            if last > first:
                spans += [("SPAN", (c, first), (c, last)) for c in (0, 1, 7)]
            spans.append(("LINEABOVE", (0, first), (-1, first), 1.0, colors.black))
        items = sum(len(p.items) for p in data.patients)
        heading = (f"治疗师：{data.therapist_name}（{data.therapist_login}）　日期：{data.day.isoformat()}　"
                   f"患者 {len(data.patients)} 人，项目 {items} 项")
        if not rows:
            return [w.para(TITLE, s.title), w.para(heading, s.small), gap(),
                    w.para("当日没有分配给本治疗师的处方项目。", s.body)]
        table = data_table(w, HEADER, rows, WIDTHS, ALIGNS,
                           extra_style=[*spans, ("VALIGN", (0, 1), (-1, -1), "MIDDLE")])
        return [w.para(TITLE, s.title), w.para(heading, s.small), gap(), table, gap(),
                w.para("“剩余”按处方次数计；将满（≥80%）、已满（≥100%）另有文字标注。今日时段为已记录的治疗，"
                       "空白处请手写。患者签名确认当日治疗已实施。", s.small)]
    return story


def build_daily_sheet(data: DailySheetData, *, institution: Institution,
                      anchor: AuditAnchor) -> BuiltDocument:
    return issue("daily_sheet", daily_doc_id(data), TITLE, data, institution=institution,
                 anchor=anchor, issued_at=data.issued_at,
                 subject=f"{data.therapist_name} {data.day.isoformat()}", story=daily_story(data))
