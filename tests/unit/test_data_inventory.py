"""docs/data-inventory.md lists every stored column with its purpose, retention and masking."""

from __future__ import annotations

import re
from pathlib import Path

from app.store.models import Base

INVENTORY = Path(__file__).resolve().parents[2] / "docs" / "data-inventory.md"
ROW = re.compile(r"^\| `(\w+)\.(\w+)` \|(.*)\|\s*$")


def inventory() -> dict[tuple[str, str], list[str]]:
    rows = {}
    for line in INVENTORY.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[(match[1], match[2])] = [cell.strip() for cell in match[3].split("|")]
    return rows


def columns() -> set[tuple[str, str]]:
    return {(table.name, column.name) for table in Base.metadata.sorted_tables for column in table.columns}


def test_every_orm_column_is_in_the_inventory() -> None:
    missing = sorted(f"{t}.{c}" for t, c in columns() - set(inventory()))
    assert missing == [], f"add these columns to {INVENTORY.name}: {missing}"


def test_the_inventory_lists_no_column_that_does_not_exist() -> None:
    stale = sorted(f"{t}.{c}" for t, c in set(inventory()) - columns())
    assert stale == [], f"remove these from {INVENTORY.name}: {stale}"


def test_every_entry_says_purpose_personal_retention_and_masking() -> None:
    for (table, column), cells in inventory().items():
        assert len(cells) == 4, f"{table}.{column}: purpose | personal | retention | masking"
        purpose, personal, retention, masking = cells
        assert all((purpose, retention, masking)), f"{table}.{column} has an empty cell"
        assert personal in {"no", "PI", "sensitive", "staff"}, f"{table}.{column}: personal is {personal!r}"


def test_personal_fields_are_never_logged() -> None:
    for (table, column), (_purpose, personal, _retention, masking) in inventory().items():
        if personal in {"PI", "sensitive"}:
            assert "never logged" in masking, f"{table}.{column} holds personal data: say it is never logged"
