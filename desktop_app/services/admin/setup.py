"""Institution settings and staff records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

from desktop_app.db.models import Institution, StaffUser
from desktop_app.domain.identity import validate_credit_code
from desktop_app.domain.retention import ARCHIVE_MINIMUM_YEARS
from desktop_app.domain.rules.packs import region_from_text
from desktop_app.domain.vocabulary import ROLES, Action, Role
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.rules.region import region_errors
from desktop_app.services.rules.session_limits import OPENING_HOURS_SETTING, REST_WEEKDAYS_SETTING


@dataclass(frozen=True)
class InstitutionInput:
    name: str
    region: str
    agreement_number: str | None = None
    agreement_valid_from: date | None = None
    agreement_valid_to: date | None = None
    credit_code: str | None = None
    address: str | None = None
    phone: str | None = None
    retention_years: int | None = None  # None: the legal minimum (30 years)
    # The policy pack's region (domain.rules.packs.REGIONS), set when the institution is first
    # saved (None: read from ``region``); changed later only by services.rules.region with a reason.
    policy_region: str | None = None


@use_case(Action.SETTINGS_EDIT)
def save_institution(uow: UnitOfWork, inp: InstitutionInput) -> int:
    """Create or update the (single) institution record."""
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    raise_if_blocking(institution_errors(inp, institution))
    if institution is None:
        institution = Institution(
            settings={}, policy_region=inp.policy_region or region_from_text(inp.region))
        uow.session.add(institution)
    if inp.retention_years is not None:
        institution.settings = {**(institution.settings or {}),
                                "retention_years": inp.retention_years}
    institution.name = inp.name.strip()
    institution.region = inp.region.strip()
    institution.agreement_number = inp.agreement_number
    institution.agreement_valid_from = inp.agreement_valid_from
    institution.agreement_valid_to = inp.agreement_valid_to
    institution.credit_code = inp.credit_code
    institution.address = inp.address
    institution.phone = inp.phone
    uow.session.flush()
    return institution.id


def institution_errors(inp: InstitutionInput, institution: Institution | None = None) -> list[FieldError]:
    """What is wrong with ``inp`` (checked before anything is written; the first-run wizard
    checks its page with it too)."""
    errors: list[FieldError] = []
    if not inp.name.strip():
        errors.append(FieldError("机构名称", "机构名称不能为空", "The institution name is required",
                                 key="institution_name"))
    if not inp.region.strip():
        errors.append(FieldError("统筹地区", "统筹地区不能为空", "The region is required", key="region"))
    if inp.credit_code:  # printed on every claim: strange characters block, the rest warns
        errors += validate_credit_code(inp.credit_code)
    if inp.policy_region is not None:
        errors += region_errors(inp.policy_region)
        if institution is not None and inp.policy_region != institution.policy_region:
            errors.append(FieldError("适用地区", "适用地区只能由管理员说明原因后更改",
                                     "The region's rules change only by an administrator, "
                                     "with a reason", key="policy_region"))
    if inp.agreement_valid_from and inp.agreement_valid_to and (
        inp.agreement_valid_from > inp.agreement_valid_to
    ):
        errors.append(FieldError("协议期限", "协议开始日期不能晚于结束日期",
                                 "The agreement cannot end before it starts", key="agreement_period"))
    return errors + _retention_errors(inp.retention_years, institution)


def _retention_errors(years: int | None, institution: Institution | None) -> list[FieldError]:
    """Retention may be set longer than the law's 30 years, never shorter, and never
    shortened once set (archived cases keep the period they were given either way)."""
    current = (institution.settings or {}).get("retention_years") if institution else None
    floor = max(ARCHIVE_MINIMUM_YEARS, int(current) if isinstance(current, int) else 0)
    if years is not None and years < floor:
        return [FieldError("保管年限", f"保管年限只能延长，不少于{floor}年",
                           f"The retention period can only grow: at least {floor} years",
                           key="retention_years")]
    return []


@use_case(Action.USER_MANAGE)
def add_staff(
    uow: UnitOfWork,
    username: str,
    display_name: str,
    role: str,
    *,
    licence_number: str | None = None,
    supervisor_id: int | None = None,
) -> int:
    """Add a member of staff. On the first run (no administrator yet) anyone may add the
    administrator; afterwards only an administrator adds staff."""
    errors: list[FieldError] = []
    if role not in ROLES:
        errors.append(FieldError("角色", f"无效的角色：{role}", f"Invalid role: {role}", key="role"))
    if not username.strip() or not display_name.strip():
        errors.append(FieldError("用户名", "用户名和姓名不能为空",
                                 "Username and display name are required", key="username"))
    if uow.session.scalars(select(StaffUser).where(StaffUser.username == username)).first():
        errors.append(FieldError("用户名", f"用户名 {username} 已存在",
                                 f"Username {username} already exists", key="username"))
    if role == Role.ASSISTANT and supervisor_id is None:
        errors.append(FieldError("上级治疗师", "治疗师助理须指定有执业资格的上级",
                                 "A therapist assistant needs a licensed supervisor", key="supervisor"))
    raise_if_blocking(errors)
    staff = StaffUser(
        username=username.strip(), display_name=display_name.strip(), role=role,
        licence_number=licence_number, supervisor_id=supervisor_id, active=True,
        created_at=uow.clock.now(),
    )
    uow.session.add(staff)
    uow.session.flush()
    return staff.id


@use_case(Action.SETTINGS_EDIT)
def set_ward_rules(uow: UnitOfWork, opening_hours: tuple[time, time] | None,
                   rest_weekdays: tuple[int, ...]) -> None:
    """The ward's opening hours (None: not checked) and the weekdays on which no session is
    expected (ISO, 7 = Sunday): a session outside the hours needs a stated reason, a day
    without a session is an idle bed day (挂床) unless it is a rest day or on leave."""
    errors: list[FieldError] = []
    if opening_hours is not None and not opening_hours[0] < opening_hours[1]:
        errors.append(FieldError("开放时间", "开始时间须早于结束时间",
                                 "The opening time must be before the closing time", key="opening_hours"))
    if any(isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 7 for d in rest_weekdays):
        errors.append(FieldError("休息日", "休息日须为星期一至星期日（1–7）",
                                 "Rest days are weekdays 1 (Monday) to 7 (Sunday)", key="rest_days"))
    elif len(set(rest_weekdays)) == 7:
        errors.append(FieldError("休息日", "不能每天都是休息日", "Not every day can be a rest day",
                                 key="rest_days"))
    raise_if_blocking(errors)
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    settings = {k: v for k, v in (institution.settings or {}).items() if k != OPENING_HOURS_SETTING}
    if opening_hours is not None:
        settings[OPENING_HOURS_SETTING] = [t.strftime("%H:%M") for t in opening_hours]
    settings[REST_WEEKDAYS_SETTING] = sorted(set(rest_weekdays))
    institution.settings = settings
