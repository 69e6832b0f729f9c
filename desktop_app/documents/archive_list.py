"""康复档案目录: the list of a case's archive documents in the statutory order
(Luzhou Art. 21, Beijing Art. 11), each with its state and content hash."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.documents.blocks import data_table, gap
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import STATE_ZH, zh

# The statutory order of an archive's parts.
SECTIONS = ("申请材料与核准", "康复治疗方案", "康复治疗处方", "康复执行记录", "康复评估", "费用与结算",
            "其他")


@dataclass(frozen=True)
class ArchiveEntry:
    section: str  # one of SECTIONS
    title: str
    reference: str  # record type and id, or document id
    dated: str
    state: str  # draft / signed / archived / sealed
    sha256: str  # the record's content hash (services/signing.record_hash) or the file's


@dataclass(frozen=True)
class ArchiveListData:
    case: CaseHeader
    entries: Sequence[ArchiveEntry]
    issued_at: datetime
    retention: str = ""  # e.g. "保管至 2056-11-20"


def ordered(entries: Sequence[ArchiveEntry]) -> list[ArchiveEntry]:
    rank = {name: i for i, name in enumerate(SECTIONS)}
    return sorted(entries, key=lambda e: (rank.get(e.section, len(SECTIONS)), e.dated, e.reference))


def archive_story(data: ArchiveListData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        rows = [[i, e.section, e.title, e.reference, e.dated, zh(STATE_ZH, e.state),
                 w.para(e.sha256, w.styles.hash_cell)]
                for i, e in enumerate(ordered(data.entries), start=1)]
        parts: list[Flowable] = [w.para("工伤康复档案目录", w.styles.title), gap(),
                                 case_fields(w, data.case, CONTENT_WIDTH)]
        if data.retention:
            parts.append(w.para(data.retention, w.styles.small))
        parts += [gap(), data_table(w, ["序号", "类别", "文件", "记录", "日期", "状态", "内容 SHA-256"], rows,
                                    [10 * mm, 24 * mm, 36 * mm, 32 * mm, 18 * mm, 14 * mm, 44 * mm],
                                    ["right", "left", "left", "left", "center", "center", "left"])]
        return parts
    return story


def archive_list_doc_id(data: ArchiveListData) -> str:
    return f"INDEX-{data.case.case_number}-{len(data.entries)}"


def build_archive_list(data: ArchiveListData, *, institution: Institution,
                       anchor: AuditAnchor) -> BuiltDocument:
    return issue("archive_list", archive_list_doc_id(data), "工伤康复档案目录", data,
                 institution=institution, anchor=anchor,
                 issued_at=data.issued_at, subject=f"{data.case.case_number} {data.case.patient_name}",
                 story=archive_story(data))
