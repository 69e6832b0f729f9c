"""Assistive devices (辅助器具, issue 19 item 6): the opinion, its filing with the agency, the
fitting, adjustments and training sessions — append-only rows (migration 0021).

Under the case's pack only (``domain.rules.expert_devices``): Baotou Art. 11 wants the opinion
filed (备案) before the device is fitted, and pays the fitting with the course; Luzhou Art. 6
has devices applied for with the rehab application, paid with the course. There a fitting
becomes a fee line of category ``other`` at the work-injury catalogue's price of the device's
code in force that day (the institution imports its device items; no national device
catalogue is in the reference data), which the claim then takes like any charge once its
enterer has signed it off. Elsewhere, or without a catalogue item, the fitting is recorded and
not claimed, and the service says so (a warning).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from desktop_app.db.models import DeviceRecord, StaffUser
from desktop_app.domain.rules.expert_devices import device_rules, filing_errors
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.vocabulary import Action, FeeCategory, Role
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.claims.fees import ChargeInput, charge_line
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.core.lookup import catalogue_item_in_force, get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records.attachments import attachment_errors, store_attachment
from desktop_app.services.rules.region import case_pack


@dataclass(frozen=True)
class DeviceRecorded:
    record_id: int
    fee_line_id: int | None  # the charge where the pack pays the fitting
    warnings: tuple[FieldError, ...] = ()


@dataclass(frozen=True)
class OpinionInput:
    opinion_on: date
    device_code: str  # free code: no national device catalogue in the reference data
    device_name: str
    physician_id: int
    reason: str | None = None
    scan: AttachmentInput | None = None


@dataclass(frozen=True)
class FilingInput:
    opinion_id: int
    filed_on: date
    filing_number: str
    scan: AttachmentInput | None = None


@dataclass(frozen=True)
class FittingInput:
    opinion_id: int
    fitted_on: date
    supplier: str
    quantity: Decimal
    unit_price: Decimal
    device_code: str | None = None  # None: the opinion's
    device_name: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class FollowUpInput:
    """An adjustment (调整) or a training session (使用训练) of a fitted device."""

    opinion_id: int
    done_on: date
    therapist_id: int
    note: str


def _date_errors(uow: UnitOfWork, day: date, injury_date: date, label: str,
                 key: str) -> list[FieldError]:
    if day > uow.clock.today():
        return [FieldError(label, "不能晚于今天", "Cannot be in the future", key=key)]
    if day < injury_date:
        return [FieldError(label, f"早于受伤日期（{injury_date}）", f"Before the injury ({injury_date})",
                           key=key)]
    return []


def _staff_errors(uow: UnitOfWork, staff_id: int, label: str, roles: tuple[str, ...], key: str
                  ) -> list[FieldError]:
    staff = uow.session.get(StaffUser, staff_id)
    if staff is None or not staff.active:
        return [FieldError(label, "工作人员不存在或已停用", "Unknown or inactive staff member", key=key)]
    if staff.role not in roles:
        return [FieldError(label, f"{staff.display_name} 的角色不能执行此操作",
                           f"{staff.display_name}'s role cannot do this", key=key)]
    return []


def _scan_errors(scan: AttachmentInput | None) -> list[FieldError]:
    return attachment_errors(scan, "扫描件", "scan") if scan is not None else []


def _opinion(uow: UnitOfWork, case_id: int, opinion_id: int) -> DeviceRecord:
    row = uow.session.get(DeviceRecord, opinion_id)
    if row is None or row.case_id != case_id or row.kind != "opinion":
        raise UserError(f"本病例没有编号为 {opinion_id} 的辅助器具配置意见。",
                        f"The case has no device opinion #{opinion_id}.")
    return row


def _add(uow: UnitOfWork, row: DeviceRecord) -> int:
    row.created_at = uow.clock.now()
    row.created_by_id = uow.actor_id
    uow.session.add(row)
    uow.session.flush()
    return row.id


@use_case(Action.DEVICE_RECORD, case="case_id")
def add_opinion(uow: UnitOfWork, case_id: int, inp: OpinionInput) -> int:
    """The physician's device opinion (配置意见); returns its id."""
    case = get_case(uow.session, case_id)
    errors = _date_errors(uow, inp.opinion_on, case.injury.injury_date, "意见日期", "opinion_on")
    if not inp.device_code.strip() or not inp.device_name.strip():
        errors.append(FieldError("辅助器具", "请填写辅助器具的编码和名称", "Enter the device's code and name",
                                 key="device"))
    errors += _staff_errors(uow, inp.physician_id, "开具医师", (Role.PHYSICIAN,), "physician")
    errors += _scan_errors(inp.scan)
    raise_if_blocking(errors)
    scan = store_attachment(uow, case_id, inp.scan) if inp.scan is not None else None
    return _add(uow, DeviceRecord(
        case_id=case_id, kind="opinion", done_on=inp.opinion_on, device_code=inp.device_code.strip(),
        device_name=inp.device_name.strip(), staff_id=inp.physician_id,
        note=(inp.reason or "").strip() or None, attachment_id=scan.id if scan else None))


@use_case(Action.DEVICE_RECORD, case="case_id")
def file_opinion(uow: UnitOfWork, case_id: int, inp: FilingInput) -> int:
    """The agency's filing (备案) of an opinion: number and date; returns its id."""
    case = get_case(uow.session, case_id)
    opinion = _opinion(uow, case_id, inp.opinion_id)
    errors = _date_errors(uow, inp.filed_on, case.injury.injury_date, "备案日期", "filed_on")
    if inp.filed_on < opinion.done_on:
        errors.append(FieldError("备案日期", "备案日期早于配置意见日期", "The filing is before the opinion",
                                 key="filed_on"))
    if not inp.filing_number.strip():
        errors.append(FieldError("备案编号", "请填写经办机构的备案编号", "Enter the agency's filing number",
                                 key="filing_number"))
    errors += _scan_errors(inp.scan)
    raise_if_blocking(errors)
    scan = store_attachment(uow, case_id, inp.scan) if inp.scan is not None else None
    return _add(uow, DeviceRecord(
        case_id=case_id, kind="filing", opinion_id=opinion.id, done_on=inp.filed_on,
        filing_number=inp.filing_number.strip(), attachment_id=scan.id if scan else None))


def _filed_on(uow: UnitOfWork, opinion_id: int) -> date | None:
    return uow.session.scalar(select(DeviceRecord.done_on).where(
        DeviceRecord.opinion_id == opinion_id, DeviceRecord.kind == "filing").order_by(
        DeviceRecord.done_on).limit(1))


@use_case(Action.DEVICE_RECORD, case="case_id", locks_case=True)
def fit_device(uow: UnitOfWork, case_id: int, inp: FittingInput) -> DeviceRecorded:
    """The fitting (配置): supplier, item, quantity, price; a fee line where the pack pays."""
    session = uow.session
    case = get_case(session, case_id)
    opinion = _opinion(uow, case_id, inp.opinion_id)
    code = (inp.device_code or opinion.device_code or "").strip()
    name = (inp.device_name or opinion.device_name or "").strip()
    errors = _date_errors(uow, inp.fitted_on, case.injury.injury_date, "配置日期", "fitted_on")
    if inp.fitted_on < opinion.done_on:
        errors.append(FieldError("配置日期", "配置日期早于配置意见日期", "The fitting is before the opinion",
                                 key="fitted_on"))
    if not inp.supplier.strip():
        errors.append(FieldError("供应商", "请填写辅助器具供应商", "Enter the supplier", key="supplier"))
    if inp.quantity <= 0:
        errors.append(FieldError("数量", "数量须大于0", "The quantity must be above zero", key="quantity"))
    if inp.unit_price < 0:
        errors.append(FieldError("单价", "单价不能为负", "The price cannot be negative", key="unit_price"))
    pack = case_pack(session, case, inp.fitted_on)
    errors += filing_errors(pack.code, _filed_on(uow, opinion.id), inp.fitted_on)
    rules = device_rules(pack.code)
    line = None
    if rules.paid and not [e for e in errors if not e.warning]:
        if catalogue_item_in_force(session, code, inp.fitted_on) is None:
            zh, en = cite(rules.paid)
            errors.append(FieldError("辅助器具", f"{zh}规定辅助器具随康复支付，但工伤目录中 "
                                     f"{inp.fitted_on} 没有编码 {code} 的项目：已记录配置，不计入结算"
                                     "（请导入该器具的目录项目）",
                                     f"{en} pays devices with the course, but the catalogue has no item "
                                     f"{code} on {inp.fitted_on}: the fitting is recorded, not claimed "
                                     "(import the device's catalogue item)", warning=True, key="device"))
        else:
            line, line_errors = charge_line(uow, case_id, ChargeInput(
                national_code=code, occurred_on=inp.fitted_on, quantity=inp.quantity,
                category=FeeCategory.OTHER, unit_price=inp.unit_price))
            errors += line_errors
    warnings = raise_if_blocking(errors)
    if line is not None:
        session.add(line)
        session.flush()
    record_id = _add(uow, DeviceRecord(
        case_id=case_id, kind="fitting", opinion_id=opinion.id, done_on=inp.fitted_on, device_code=code,
        device_name=name, supplier=inp.supplier.strip(), quantity=inp.quantity, unit_price=inp.unit_price,
        fee_line_id=line.id if line is not None else None, note=(inp.note or "").strip() or None))
    return DeviceRecorded(record_id, line.id if line is not None else None, tuple(warnings))


def _follow_up(uow: UnitOfWork, case_id: int, inp: FollowUpInput, kind: str) -> int:
    case = get_case(uow.session, case_id)
    opinion = _opinion(uow, case_id, inp.opinion_id)
    errors = _date_errors(uow, inp.done_on, case.injury.injury_date, "日期", "done_on")
    fitted = uow.session.scalar(select(DeviceRecord.done_on).where(
        DeviceRecord.opinion_id == opinion.id, DeviceRecord.kind == "fitting").order_by(
        DeviceRecord.done_on).limit(1))
    if fitted is None or inp.done_on < fitted:
        errors.append(FieldError("日期", "该辅助器具在此日期前尚未配置", "The device was not fitted by then",
                                 key="done_on"))
    errors += _staff_errors(uow, inp.therapist_id, "治疗师",
                            (Role.THERAPIST, Role.ASSISTANT, Role.PHYSICIAN), "therapist")
    if not inp.note.strip():
        errors.append(FieldError("内容", "请填写调整或训练的内容", "Describe the adjustment or training",
                                 key="note"))
    raise_if_blocking(errors)
    return _add(uow, DeviceRecord(case_id=case_id, kind=kind, opinion_id=opinion.id, done_on=inp.done_on,
                                  staff_id=inp.therapist_id, note=inp.note.strip()))


@use_case(Action.DEVICE_RECORD, case="case_id")
def adjust_device(uow: UnitOfWork, case_id: int, inp: FollowUpInput) -> int:
    """An adjustment (调整) of a fitted device; returns its id."""
    return _follow_up(uow, case_id, inp, "adjustment")


@use_case(Action.DEVICE_RECORD, case="case_id")
def train_device(uow: UnitOfWork, case_id: int, inp: FollowUpInput) -> int:
    """A training session (使用训练) with a fitted device; returns its id."""
    return _follow_up(uow, case_id, inp, "training")
