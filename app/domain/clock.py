"""An injectable clock, so that time is a collaborator and never patched globally."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """Return an aware datetime."""
        ...


class SystemClock:
    """Wall-clock time in China Standard Time (the halls' legal time)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(CHINA_TZ)


class FixedClock:
    """A clock that only moves when told to; for tests, demos and simulations."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, delta: dt.timedelta) -> None:
        self._now += delta

    def set(self, when: dt.datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = when
