"""The institution's own minimal differences per instrument (``domain.outcome``): the
smallest change in a total that counts as a benefit when judging whether a course still
helps. Without one, 5 % of the instrument's range applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Institution
from desktop_app.domain.instruments import load_instruments
from desktop_app.domain.outcome import minimal_difference
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

MINIMAL_DIFFERENCE_SETTING = "minimal_difference"


def minimal_difference_overrides(session: Session) -> dict[str, int]:
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(MINIMAL_DIFFERENCE_SETTING) if institution else None
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)}


@dataclass(frozen=True)
class MinimalDifferenceRow:
    """An instrument with a total, as the settings screen lists it."""

    code: str
    name: str
    total_range: tuple[int, int]
    default: int  # SHARE_OF_RANGE of the range, rounded up
    institution: int | None  # the institution's own, if set


def minimal_difference_rows(session: Session) -> list[MinimalDifferenceRow]:
    overrides = minimal_difference_overrides(session)
    rows = []
    for code, instrument in sorted(load_instruments().items()):
        if instrument.summed and instrument.total_range is not None:
            default = minimal_difference(instrument)
            assert default is not None
            rows.append(MinimalDifferenceRow(code, instrument.name_zh, instrument.total_range, default,
                                             overrides.get(code)))
    return rows


def _points_errors(instrument_code: str, points: int | None) -> list[FieldError]:
    instrument = load_instruments().get(instrument_code)
    if instrument is None or not instrument.summed or instrument.total_range is None:
        return [FieldError("评估量表", f"{instrument_code} 没有总分，不设最小差值",
                           f"{instrument_code} has no total; no minimal difference", key="instrument")]
    if points is not None and (isinstance(points, bool) or not isinstance(points, int)
                               or not 0 < points <= instrument.total_range[1] - instrument.total_range[0]):
        return [FieldError("最小差值", f"{instrument_code}：须为不超过量表分值范围的正整数",
                           f"{instrument_code}: must be a positive whole number within the range",
                           key="minimal_difference")]
    return []


@use_case(Action.SETTINGS_EDIT)
def set_minimal_differences(uow: UnitOfWork, changes: Mapping[str, int | None]) -> None:
    """Set (or, with None, drop) the institution's minimal differences, all or none."""
    raise_if_blocking([e for code, points in changes.items() for e in _points_errors(code, points)])
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    settings = dict(institution.settings or {})
    current = dict(minimal_difference_overrides(uow.session))
    for code, points in changes.items():
        if points is None:
            current.pop(code, None)
        else:
            current[code] = points
    settings[MINIMAL_DIFFERENCE_SETTING] = current
    institution.settings = settings
