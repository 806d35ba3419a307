"""The injectable clock."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.clock import CHINA_TZ, FixedClock, SystemClock


def test_system_clock_is_aware_china_time() -> None:
    assert SystemClock().now().utcoffset() == dt.timedelta(hours=8)


def test_fixed_clock_moves_only_when_told() -> None:
    start = dt.datetime(2026, 12, 31, 23, 59, tzinfo=CHINA_TZ)
    clock = FixedClock(start)
    assert clock.now() == start
    clock.advance(dt.timedelta(minutes=2))
    assert clock.now().year == 2027
    clock.set(start)
    assert clock.now() == start


def test_fixed_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError):
        FixedClock(dt.datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        FixedClock(dt.datetime(2026, 1, 1, tzinfo=CHINA_TZ)).set(dt.datetime(2026, 1, 1))
