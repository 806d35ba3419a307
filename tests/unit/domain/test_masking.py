"""Masked identifiers: only the ends of an ID number or phone number are ever shown."""

from __future__ import annotations

import pytest

from app.domain.masking import mask_id, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("420106199003070011", "4201**********0011"),
        ("11010519491231002X", "1101**********002X"),
        ("ABC123456789012", "ABC1*******9012"),
        ("12345678", "********"),
        ("", ""),
    ],
)
def test_mask_id(number: str, masked: str) -> None:
    assert mask_id(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13912345678", "139****5678"),
        ("139 1234 5678", "139 **** 5678"),
        ("0571-87000000", "057*-****0000"),
        ("1234567", "*******"),
        ("12-34", "**-**"),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked
