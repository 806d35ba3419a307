"""The provincial code lists the platform speaks (resources/platform/codes-reference.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DECISIONS = ("accepted", "rejected", "supplement_requested")
CHANGES = ("in_review", "approved", "denied", "result_ready")


@dataclass(frozen=True)
class Codes:
    decision: dict[str, str]
    change: dict[str, str]
    applicant_kind: dict[str, str]
    id_type: dict[str, str]

    def decision_name(self, code: str) -> str | None:
        return next((name for name, value in self.decision.items() if value == code), None)

    def change_name(self, code: str) -> str | None:
        return next((name for name, value in self.change.items() if value == code), None)


def load_codes(path: Path) -> Codes:
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = Codes(
        decision=_mapping(data, "decision"),
        change=_mapping(data, "change"),
        applicant_kind=_mapping(data, "applicant_kind"),
        id_type=_mapping(data, "id_type"),
    )
    for names, table in ((DECISIONS, codes.decision), (CHANGES, codes.change)):
        missing = set(names) - set(table)
        if missing:
            raise ValueError(f"{path}: missing codes {sorted(missing)}")
    return codes


def _mapping(data: object, key: str) -> dict[str, str]:
    table = data.get(key) if isinstance(data, dict) else None
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ValueError(f"codes file: {key!r} must map names to code strings")
    if len(set(table.values())) != len(table):
        raise ValueError(f"codes file: {key!r} has a code used twice")
    return {str(k): v for k, v in table.items()}
