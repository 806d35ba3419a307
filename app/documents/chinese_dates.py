"""Dates in Chinese numerals (二〇二六年十一月二十五日), as written under an official seal."""

from __future__ import annotations

import datetime as dt

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals: 十, 十一, 二十, 二十五 (no leading 一 before 十, as in dates)."""
    if not 1 <= n <= 99:
        raise ValueError(f"{n} is outside 1..99")
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def chinese_date(day: dt.date) -> str:
    """The year digit by digit with 〇 for zero, then month and day as numbers: 二〇二六年十一月二十五日."""
    year = "".join(_DIGITS[int(digit)] for digit in f"{day.year:04d}")
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"
