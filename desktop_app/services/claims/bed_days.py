"""床日: one bed-day line per inpatient day, at the bed item's price in force that day.

``charge_bed_days(uow, case_id, through)`` charges every day of the stay from the
admission date (``rehab_case.admission_date``) through ``through`` that has no bed line
yet, one line each (quantity 1, ``occurred_on`` = the day), at the price of the bed item
in force on that very day (``lookup.catalogue_item_in_force``), so a price change in the
middle of a stay bills each day at its own price.

* **The admission day counts, the discharge day does not** (算入不算出, the usual rule of
  Chinese inpatient billing): neither DOMAIN.md nor the five seed texts say how a stay's
  days are counted, so the product follows that practice and the demo's lump bed lines
  (``services/demo.py``: days = discharge − admission). A stay that ends on its admission
  day is one day. ``docs/decisions.md`` records it.
* **Days on leave** (``inpatient_leave``, from and to inclusive) are not charged: the fund
  pays no bed-day for them (``InpatientLeave``'s docstring).
* **Idempotent**: a day that already has a live bed line (not reversed, not a reversal) is
  never charged again, so a second run adds only the new days. A lump bed line entered
  by hand counts for its own day only.
* The bed item is the catalogue's bed category (``FeeCategory.BED``) item in force: when
  the catalogues hold several bed items, ``code`` names the one the patient's bed is.

All days or none: a day without a price in force refuses the run, naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import CatalogueItem, CataloguePack, FeeLine, InpatientLeave
from desktop_app.domain.vocabulary import Action, FeeCategory
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.claims.fees import _line
from desktop_app.services.core.lookup import catalogue_item_in_force, get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case


@dataclass(frozen=True)
class BedDays:
    """What a run charged: the new lines, and the days left out and why."""

    lines: tuple[int, ...]
    charged: tuple[date, ...]
    on_leave: tuple[date, ...]
    already: int  # days that had a bed line before
    last_day: date | None  # the last day the stay can be charged through (None: nothing)


def bed_codes(session: Session, on: date) -> list[str]:
    """The national codes of the bed items in force on ``on``."""
    return sorted(set(session.scalars(select(CatalogueItem.national_code).join(CataloguePack).where(
        CatalogueItem.category == FeeCategory.BED, CataloguePack.effective_from <= on,
        (CataloguePack.effective_to.is_(None)) | (CataloguePack.effective_to >= on)))))


def stay_days(admission: date, discharge: date | None, through: date) -> list[date]:
    """The chargeable days of a stay up to ``through``: admission day in, discharge day out
    (a same-day stay is one day)."""
    last = through
    if discharge is not None:
        last = min(last, max(admission, discharge - timedelta(days=1)))
    return [admission + timedelta(days=n) for n in range((last - admission).days + 1)]


@use_case(Action.FEE_CHARGE, case="case_id", locks_case=True)
def charge_bed_days(uow: UnitOfWork, case_id: int, through: date, code: str | None = None) -> BedDays:
    """Charge the stay's uncharged bed-days through ``through`` (see the module docstring)."""
    session = uow.session
    case = get_case(session, case_id)
    if case.setting != "inpatient":
        raise UserError(f"病例 {case.case_number} 不是住院康复，没有床日费。",
                        f"Case {case.case_number} is not inpatient: it has no bed-days.")
    if case.admission_date is None:
        raise UserError(f"病例 {case.case_number} 尚未入院。",
                        f"Case {case.case_number} is not admitted yet.")
    if through > uow.clock.today():
        raise_if_blocking([FieldError("计至日期", "不能晚于今天", "Cannot be in the future", key="through")])
    if through < case.admission_date:
        raise_if_blocking([FieldError("计至日期", f"早于入院日期 {case.admission_date}",
                                      f"Before the admission date {case.admission_date}", key="through")])
    days = stay_days(case.admission_date, case.discharge_date, through)
    leave = [(lv.leave_from, lv.leave_to) for lv in session.scalars(
        select(InpatientLeave).where(InpatientLeave.case_id == case.id))]
    on_leave = [d for d in days if any(a <= d <= b for a, b in leave)]
    bed_lines = list(session.scalars(select(FeeLine).where(
        FeeLine.case_id == case.id, FeeLine.category == FeeCategory.BED, FeeLine.session_id.is_(None))))
    reversed_ids = {ln.reverses_id for ln in bed_lines if ln.reverses_id is not None}
    charged_days = {ln.occurred_on for ln in bed_lines
                    if ln.reverses_id is None and ln.id not in reversed_ids}
    todo = [d for d in days if d not in on_leave and d not in charged_days]
    if code is None and todo:
        codes = bed_codes(session, todo[-1])
        if len(codes) != 1:
            raise_if_blocking([FieldError(
                "床位项目",
                f"收费目录中有{len(codes)}个床位项目（{'、'.join(codes) or '无'}），请指定床位项目编码",
                f"The catalogues hold {len(codes)} bed items ({', '.join(codes) or 'none'}): name the "
                "bed item's code", key="code")])
        code = codes[0]
    errors: list[FieldError] = []
    items: dict[date, CatalogueItem] = {}
    for day in todo:
        assert code is not None
        item = catalogue_item_in_force(session, code, day)
        if item is None or item.category != FeeCategory.BED:
            errors.append(FieldError("床位项目", f"{day} 无有效的床位项目 {code} 价格",
                                     f"No bed item {code} priced on {day}", key=f"day.{day}"))
        else:
            items[day] = item
    raise_if_blocking(errors)
    lines = [_line(uow, case.id, items[day], day, Decimal(1), category=FeeCategory.BED) for day in todo]
    session.add_all(lines)
    session.flush()
    return BedDays(tuple(ln.id for ln in lines), tuple(todo), tuple(on_leave),
                   len([d for d in days if d in charged_days]), days[-1] if days else None)
