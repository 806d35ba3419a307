"""Dates in Chinese numerals, as printed under the seal."""

from __future__ import annotations

import datetime as dt

import pytest

from app.documents.chinese_dates import chinese_date, chinese_number


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 11, 25), "二〇二六年十一月二十五日"),
        (dt.date(2000, 1, 1), "二〇〇〇年一月一日"),
        (dt.date(2026, 10, 10), "二〇二六年十月十日"),
        (dt.date(2027, 12, 31), "二〇二七年十二月三十一日"),
        (dt.date(2019, 2, 20), "二〇一九年二月二十日"),
    ],
)
def test_chinese_date(day: dt.date, text: str) -> None:
    assert chinese_date(day) == text


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (15, "十五"), (30, "三十"), (99, "九十九")]
)
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize("n", [0, 100, -1])
def test_chinese_number_range(n: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        chinese_number(n)
