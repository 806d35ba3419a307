"""Offline case numbers: format, parsing, sequence limits."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import DomainError
from app.domain.numbering import MAX_SEQUENCE, CaseNumber, check_terminal_code, next_case_number

DAY = dt.date(2026, 11, 25)


def test_format_is_terminal_date_sequence() -> None:
    assert str(CaseNumber("W03", DAY, 7)) == "W03-20261125-00007"


def test_parse_accepts_lower_case_and_spaces() -> None:
    assert CaseNumber.parse(" w03-20261125-00007 ") == CaseNumber("W03", DAY, 7)


@pytest.mark.parametrize(
    "text", ["W03-20261125-0007", "W03_20261125_00007", "W-20261125-00001", "W03-20260230-00001", ""]
)
def test_parse_rejects_malformed_numbers(text: str) -> None:
    with pytest.raises(DomainError):
        CaseNumber.parse(text)


@pytest.mark.parametrize("code", ["w3", "A", "ABCDEFGHIJKLM", "W-3"])
def test_terminal_codes_are_checked(code: str) -> None:
    with pytest.raises(DomainError):
        check_terminal_code(code)


def test_sequence_bounds() -> None:
    with pytest.raises(DomainError):
        CaseNumber("W03", DAY, 0)
    assert next_case_number("W03", DAY, 0).sequence == 1
    with pytest.raises(DomainError, match="issued all"):
        next_case_number("W03", DAY, MAX_SEQUENCE)


@given(
    terminal=st.from_regex(r"[A-Z0-9]{2,12}", fullmatch=True),
    day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
    seq=st.integers(1, MAX_SEQUENCE),
)
def test_round_trip(terminal: str, day: dt.date, seq: int) -> None:
    number = CaseNumber(terminal, day, seq)
    assert CaseNumber.parse(str(number)) == number


@given(
    a=st.tuples(st.from_regex(r"[A-Z0-9]{2,12}", fullmatch=True), st.integers(1, MAX_SEQUENCE)),
    b=st.tuples(st.from_regex(r"[A-Z0-9]{2,12}", fullmatch=True), st.integers(1, MAX_SEQUENCE)),
)
def test_numbers_from_different_terminals_never_collide(a: tuple[str, int], b: tuple[str, int]) -> None:
    if a[0] != b[0]:
        assert str(CaseNumber(a[0], DAY, a[1])) != str(CaseNumber(b[0], DAY, b[1]))
