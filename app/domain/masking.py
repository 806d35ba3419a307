"""Masking personal identifiers for lists, logs and reports: 4201**********1234, 139****5678."""

from __future__ import annotations

_SEPARATORS = frozenset(" -")


def mask_id(number: str) -> str:
    """An ID number, credit code or card number with only its first and last four characters shown."""
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


def mask_phone(phone: str) -> str:
    """A phone number with its first three and last four digits shown; separators are kept."""
    digits = [i for i, char in enumerate(phone) if char not in _SEPARATORS]
    if len(digits) <= 7:
        return "".join("*" if char not in _SEPARATORS else char for char in phone)
    hidden = set(digits[3:-4])
    return "".join("*" if i in hidden else char for i, char in enumerate(phone))
