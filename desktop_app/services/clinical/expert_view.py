"""The 评估与辅具 page's and the CLI's read of a case's expert evaluations and devices, with
what the case's pack says of them (``domain.rules.expert_devices``). Plain data, no Qt."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Attachment, DeviceRecord, ExpertEvaluation, StaffUser
from desktop_app.domain.canonical import plain
from desktop_app.domain.rules.expert_devices import CARE_NAMES, device_rules, gates
from desktop_app.domain.rules.policy import cite, cite_short_zh
from desktop_app.domain.vocabulary import State
from desktop_app.services.core.lookup import get_case
from desktop_app.services.rules.region import case_pack

DEVICE_KIND_NAMES: dict[str, tuple[str, str]] = {
    "opinion": ("配置意见", "opinion"), "filing": ("经办机构备案", "filing"),
    "fitting": ("配置", "fitting"), "adjustment": ("调整", "adjustment"),
    "training": ("使用训练", "training")}


@dataclass(frozen=True)
class EvaluationRow:
    id: int
    evaluated_on: date
    experts: tuple[tuple[str, str], ...]  # (name, title)
    supports: tuple[str, ...]
    conclusion: str
    attachment_id: int | None
    attachment_name: str | None
    recorded_by: str
    recorded_at: datetime

    @property
    def experts_text(self) -> str:
        return "、".join(f"{name}（{title}）" for name, title in self.experts)

    @property
    def supports_zh(self) -> str:
        return "、".join(CARE_NAMES[c][0] for c in self.supports) or "不支持所列康复方式"


@dataclass(frozen=True)
class DeviceRow:
    id: int
    kind: str
    opinion_id: int | None  # None: this row is the opinion
    done_on: date
    device_code: str | None
    device_name: str | None
    filing_number: str | None
    supplier: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    staff_name: str | None
    fee_line_id: int | None
    note: str | None
    attachment_id: int | None

    @property
    def kind_zh(self) -> str:
        return DEVICE_KIND_NAMES[self.kind][0]

    @property
    def amount(self) -> Decimal | None:
        if self.quantity is None or self.unit_price is None:
            return None
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ExpertDevicePage:
    case_id: int
    pack_code: str
    open: bool  # the case can still take records
    gates: tuple[tuple[str, str, str], ...]  # (care, zh articles short, en articles) the pack gates
    device_filing: tuple[str, str]  # the articles requiring a filing, or ("", "")
    device_paid: tuple[str, str]  # the articles paying fittings with the course, or ("", "")
    evaluations: tuple[EvaluationRow, ...]  # oldest first
    devices: tuple[DeviceRow, ...]  # by opinion, then date

    def opinions(self) -> tuple[DeviceRow, ...]:
        return tuple(d for d in self.devices if d.kind == "opinion")


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {i: n for i, n in session.execute(
        select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(ids)))}


def expert_device_page(session: Session, case_id: int, today: date) -> ExpertDevicePage:
    case = get_case(session, case_id)
    pack = case_pack(session, case, today)
    evals = list(session.scalars(select(ExpertEvaluation).where(ExpertEvaluation.case_id == case_id)
                                 .order_by(ExpertEvaluation.evaluated_on, ExpertEvaluation.id)))
    devices = list(session.scalars(select(DeviceRecord).where(DeviceRecord.case_id == case_id)
                                   .order_by(DeviceRecord.id)))
    names = _names(session, {e.created_by_id for e in evals if e.created_by_id}
                   | {d.staff_id for d in devices if d.staff_id})
    attachment_ids = {e.attachment_id for e in evals if e.attachment_id}
    files = {i: n for i, n in session.execute(select(Attachment.id, Attachment.filename).where(
        Attachment.id.in_(attachment_ids)))} if attachment_ids else {}
    rows = tuple(EvaluationRow(
        e.id, e.evaluated_on, tuple((x.get("name", ""), x.get("title", "")) for x in e.experts or ()),
        tuple(e.supports or ()), e.conclusion, e.attachment_id, files.get(e.attachment_id or 0),
        names.get(e.created_by_id or 0, ""), e.created_at) for e in evals)
    order = {d.id: (d.opinion_id or d.id, d.done_on, d.id) for d in devices}
    device_rows = tuple(DeviceRow(
        d.id, d.kind, d.opinion_id, d.done_on, d.device_code, d.device_name, d.filing_number, d.supplier,
        d.quantity, d.unit_price, names.get(d.staff_id) if d.staff_id else None, d.fee_line_id, d.note,
        d.attachment_id) for d in sorted(devices, key=lambda d: order[d.id]))
    rules = device_rules(pack.code)
    return ExpertDevicePage(
        case_id, pack.code, case.record_state == State.DRAFT,
        tuple((care, cite_short_zh(articles), cite(articles)[1])
              for care, articles in gates(pack.code).items()),
        cite(rules.filing) if rules.filing else ("", ""), cite(rules.paid) if rules.paid else ("", ""),
        rows, device_rows)


def device_staff(session: Session) -> tuple[tuple[int, str, str], ...]:
    """Active physicians and therapists (id, name, role): who writes an opinion (physicians)
    and who adjusts and trains (therapists, assistants, physicians)."""
    return tuple((i, n, r) for i, n, r in session.execute(
        select(StaffUser.id, StaffUser.display_name, StaffUser.role).where(
            StaffUser.active.is_(True), StaffUser.role.in_(("physician", "therapist", "assistant")))
        .order_by(StaffUser.id)))


@dataclass(frozen=True)
class BinderFile:
    """One file of the archive binder (``archive_export``): section, name, content, title,
    reference, date (as ``_Binder.file`` takes them)."""

    section: str
    name: str
    content: bytes
    title: str
    reference: str
    dated: str


def _json(rows: list[dict[str, object]]) -> bytes:
    return (json.dumps(plain(rows), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def binder_files(session: Session, case_id: int) -> list[BinderFile]:
    """The case's expert evaluations (beside the approvals) and device records (beside the
    execution records) as JSON files of the binder; their scans go in as attachments."""
    page = expert_device_page(session, case_id, date.today())
    out: list[BinderFile] = []
    if page.evaluations:
        rows: list[dict[str, object]] = [
            {"id": e.id, "evaluated_on": e.evaluated_on, "experts": [list(x) for x in e.experts],
             "supports": list(e.supports), "supports_zh": e.supports_zh, "conclusion": e.conclusion,
             "scan_attachment_id": e.attachment_id, "recorded_by": e.recorded_by,
             "recorded_at": e.recorded_at} for e in page.evaluations]
        out.append(BinderFile("申请材料与核准", "expert_evaluations.json", _json(rows),
                              f"专家评估记录（{len(rows)} 份）", "expert_evaluations.json",
                              max(e.evaluated_on for e in page.evaluations).isoformat()))
    if page.devices:
        rows = [{"id": d.id, "kind": d.kind, "kind_zh": d.kind_zh, "opinion_id": d.opinion_id,
                 "date": d.done_on, "device_code": d.device_code, "device_name": d.device_name,
                 "filing_number": d.filing_number, "supplier": d.supplier, "quantity": d.quantity,
                 "unit_price": d.unit_price, "amount": d.amount, "staff": d.staff_name,
                 "fee_line_id": d.fee_line_id, "note": d.note, "scan_attachment_id": d.attachment_id}
                for d in page.devices]
        out.append(BinderFile("康复执行记录", "assistive_devices.json", _json(rows),
                              f"辅助器具配置记录（{len(rows)} 项）", "assistive_devices.json",
                              max(d.done_on for d in page.devices).isoformat()))
    return out
