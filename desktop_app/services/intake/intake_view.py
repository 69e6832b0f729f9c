"""What the intake, approval and admission screens show: plain rows, never ORM objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Attachment, CatalogueItem, CataloguePack
from desktop_app.domain.icd import normalise_icd10
from desktop_app.domain.identity import (
    mask_resident_id,
    normalise_resident_id,
    parse_resident_id,
    validate_resident_id,
)
from desktop_app.domain.reference import RefCode, icd10_examples, province_codes
from desktop_app.domain.rules.packs import PolicyPack
from desktop_app.domain.vocabulary import FeeCategory
from desktop_app.errors import FieldError
from desktop_app.services.core.lookup import approvals, get_case
from desktop_app.services.rules.region import case_pack

APPROVAL_KINDS = {"approval": ("核准", "approval"), "extension": ("延期", "extension"),
                  "early_filing": ("早期介入备案", "early-intervention filing")}


@dataclass(frozen=True)
class IdPreview:
    """What a typed resident ID number says, as far as it is typed."""

    typed: int  # characters so far
    errors: tuple[FieldError, ...]
    sex: str | None = None  # M / F once the number is valid
    birth_date: date | None = None
    age: int | None = None
    province: str | None = None

    @property
    def valid(self) -> bool:
        return self.sex is not None


def id_preview(value: str, today: date) -> IdPreview:
    """Sex, birth date, age and province of a valid number; its problems once 18 are typed."""
    number = normalise_resident_id(value)
    if len(number) < 18:
        return IdPreview(len(number), ())
    errors = tuple(validate_resident_id(number, today=today))
    if errors:
        return IdPreview(len(number), errors)
    info = parse_resident_id(number)
    born = info.birth_date
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return IdPreview(18, (), info.sex, born, age, province_codes().get(info.province_code))


def split_list(text: str) -> tuple[str, ...]:
    """"右髋、右大腿, 左膝" → ("右髋", "右大腿", "左膝"): the separators people type."""
    return tuple(part for part in re.split(r"[,，、;；\s]+", text) if part)


def icd_matches(query: str, entries: tuple[RefCode, ...] | None = None) -> list[RefCode]:
    """Entries whose code starts with, or whose name contains, the query."""
    text = query.strip()
    if not text:
        return []
    code = normalise_icd10(text)
    return [e for e in (entries if entries is not None else icd10_examples())
            if e.code.startswith(code) or text in e.name_zh]


def parse_diagnosis(text: str) -> tuple[str, str] | None:
    """"S72.001 股骨颈骨折" → ("S72.001", "股骨颈骨折"); None unless a code and a name."""
    parts = text.strip().split(maxsplit=1)
    if len(parts) != 2:
        return None
    return normalise_icd10(parts[0]), parts[1].strip()


@dataclass(frozen=True)
class ItemChoice:
    national_code: str
    name: str
    unit: str
    max_per_course: int | None


def approvable_items(session: Session, on: date) -> list[ItemChoice]:
    """Rehabilitation items of the packs in force on ``on``, one per national code (newest
    pack wins), by name."""
    rows = session.execute(
        select(CatalogueItem.national_code, CatalogueItem.name, CatalogueItem.unit,
               CatalogueItem.max_per_course)
        .join(CataloguePack)
        .where(CatalogueItem.category == FeeCategory.REHAB, CataloguePack.effective_from <= on,
               CataloguePack.effective_to.is_(None) | (CataloguePack.effective_to >= on))
        .order_by(CataloguePack.effective_from, CataloguePack.id))
    newest = {code: ItemChoice(code, name, unit, most) for code, name, unit, most in rows}
    return sorted(newest.values(), key=lambda item: (item.name, item.national_code))


@dataclass(frozen=True)
class ApprovalRow:
    id: int
    kind: str
    kind_label: str
    decision_number: str
    decision_date: date
    issuing_body: str
    period_from: date
    period_to: date
    items: tuple[tuple[str, int | None], ...]  # (name, approved count or None: not limited)
    scan_filename: str | None

    @property
    def items_text(self) -> str:
        return "、".join(f"{name}×{count}" if count else f"{name}（不限次数）"
                        for name, count in self.items)


def approval_rows(session: Session, case_id: int) -> list[ApprovalRow]:
    """The case's approvals, extensions and filings in the order of their periods."""
    rows = []
    for a in approvals(session, case_id):
        scan = session.get(Attachment, a.attachment_id) if a.attachment_id else None
        rows.append(ApprovalRow(
            a.id, a.kind, APPROVAL_KINDS.get(a.kind, (a.kind, a.kind))[0], a.decision_number,
            a.decision_date, a.issuing_body, a.period_from, a.period_to,
            tuple((i.name, i.approved_count) for i in a.items), scan.filename if scan else None))
    return rows


@dataclass(frozen=True)
class CaseFacts:
    """The case as the approval and admission screens head it."""

    case_id: int
    case_number: str
    patient_name: str
    masked_resident_id: str
    status: str
    setting: str
    modes: tuple[str, ...]
    periods: tuple[tuple[date, date], ...]
    admission_date: date | None
    bed_number: str | None
    record_state: str = "draft"  # archived or sealed: nothing of the approval changes any more


def case_facts(session: Session, case_id: int) -> CaseFacts:
    case = get_case(session, case_id)
    periods = tuple((a.period_from, a.period_to) for a in approvals(session, case_id))
    return CaseFacts(case.id, case.case_number, case.worker.name,
                     mask_resident_id(case.worker.resident_id), case.status, case.setting,
                     tuple(case.modes), periods, case.admission_date, case.bed_number,
                     case.record_state)


@dataclass(frozen=True)
class ApprovalPageData:
    facts: CaseFacts
    rows: list[ApprovalRow]
    pack: PolicyPack  # the pack the case is judged by


def approval_page(session: Session, case_id: int, today: date) -> ApprovalPageData:
    """The approval page: the case, its approvals and the pack it is judged by."""
    facts = case_facts(session, case_id)
    return ApprovalPageData(facts, approval_rows(session, case_id),
                            case_pack(session, get_case(session, case_id), today))
