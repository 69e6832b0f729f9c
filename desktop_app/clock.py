"""Time source. Services take a clock so tests can run in 2026 or 2056."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware UTC now."""

    def today(self) -> date:
        """Today's date where the institution is (China time)."""


class SystemClock:
    """The machine's clock, dates in China time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(CHINA).date()


@dataclass
class FixedClock:
    """A clock that only moves when told to (tests, demo generation)."""

    current: datetime

    def now(self) -> datetime:
        return self.current

    def today(self) -> date:
        return self.current.astimezone(CHINA).date()

    def advance(self, delta: timedelta) -> None:
        self.current += delta


def china_datetime(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """An aware datetime for a China-local wall-clock time, converted to UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA).astimezone(UTC)
