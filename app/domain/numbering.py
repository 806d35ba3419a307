"""Case numbers issued without the network: terminal code + acceptance date + daily sequence.

Terminal codes are unique per hall (assigned at registration), so numbers from different terminals
never collide. The sequence is fixed-width, so a day's numbers sort in the order they were issued: the
store takes the day's highest number among its cases, in the transaction that inserts the next case.
The platform's official number, when it arrives, is attached beside the local number, never over it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.domain.errors import DomainError

MAX_SEQUENCE = 99_999
_TERMINAL = re.compile(r"[A-Z0-9]{2,12}")
_NUMBER = re.compile(r"(?P<terminal>[A-Z0-9]{2,12})-(?P<date>\d{8})-(?P<seq>\d{5})")


def check_terminal_code(code: str) -> str:
    if not _TERMINAL.fullmatch(code):
        raise DomainError(f"terminal code {code!r} must be 2-12 upper-case letters or digits")
    return code


@dataclass(frozen=True, order=True)
class CaseNumber:
    terminal: str
    day: dt.date
    sequence: int

    def __post_init__(self) -> None:
        check_terminal_code(self.terminal)
        if not 1 <= self.sequence <= MAX_SEQUENCE:
            raise DomainError(f"sequence {self.sequence} is outside 1..{MAX_SEQUENCE}")

    def __str__(self) -> str:
        return f"{day_prefix(self.terminal, self.day)}{self.sequence:05d}"

    @classmethod
    def parse(cls, text: str) -> CaseNumber:
        match = _NUMBER.fullmatch(text.strip().upper())
        if match is None:
            raise DomainError(f"{text!r} is not a case number")
        try:
            day = dt.datetime.strptime(match["date"], "%Y%m%d").date()  # noqa: DTZ007 - a date only
        except ValueError as exc:
            raise DomainError(f"{text!r} has an impossible date") from exc
        return cls(match["terminal"], day, int(match["seq"]))


def day_prefix(terminal: str, day: dt.date) -> str:
    """What every number `terminal` issues on `day` starts with; the sequence's digits follow it."""
    # Digits by hand: strftime was most of the cost of numbering a decision.
    return f"{terminal}-{day.year:04d}{day.month:02d}{day.day:02d}-"


def next_case_number(terminal: str, day: dt.date, last_sequence: int) -> CaseNumber:
    """The number after `last_sequence` (0 when none was issued that day)."""
    if last_sequence >= MAX_SEQUENCE:
        raise DomainError(f"terminal {terminal} has issued all {MAX_SEQUENCE} numbers for {day}")
    return CaseNumber(terminal, day, last_sequence + 1)
