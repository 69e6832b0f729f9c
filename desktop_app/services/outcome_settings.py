"""The institution's own minimal differences per instrument (``domain.outcome``): the
smallest change in a total that counts as a benefit when judging whether a course still
helps. Without one, 5 % of the instrument's range applies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Institution
from desktop_app.domain.instruments import load_instruments
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.permissions import authorize
from desktop_app.services.uow import UnitOfWork

MINIMAL_DIFFERENCE_SETTING = "minimal_difference"


def minimal_difference_overrides(session: Session) -> dict[str, int]:
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(MINIMAL_DIFFERENCE_SETTING) if institution else None
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)}


def set_minimal_difference(uow: UnitOfWork, instrument_code: str, points: int | None) -> None:
    """Set (or, with None, drop) the institution's minimal difference for an instrument."""
    authorize(uow, "settings.edit")
    instrument = load_instruments().get(instrument_code)
    errors = []
    if instrument is None or not instrument.summed or instrument.total_range is None:
        errors.append(FieldError("评估量表", f"{instrument_code} 没有总分，不设最小差值",
                                 f"{instrument_code} has no total; no minimal difference"))
    elif points is not None and (isinstance(points, bool) or not isinstance(points, int)
                                 or not 0 < points <= instrument.total_range[1] - instrument.total_range[0]):
        errors.append(FieldError("最小差值", "须为不超过量表分值范围的正整数",
                                 "Must be a positive whole number within the instrument's range"))
    raise_if_blocking(errors)
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    settings = dict(institution.settings or {})
    current = dict(minimal_difference_overrides(uow.session))
    if points is None:
        current.pop(instrument_code, None)
    else:
        current[instrument_code] = points
    settings[MINIMAL_DIFFERENCE_SETTING] = current
    institution.settings = settings
    uow.commit()
