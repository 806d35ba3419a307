"""The service-item catalogue the platform publishes, and its version delta.

Read straight from the JSON file (resources/catalogue/README.md) rather than through app.domain: the
reference platform stays independent of the client it tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PublishedCatalogue:
    version: str
    published_at: str
    region_code: str
    hall_name: str
    items: list[dict[str, Any]]
    removed: list[str] = field(default_factory=list)
    holiday_overrides: dict[str, Any] | None = None

    def delta(self, since_version: str | None) -> dict[str, Any]:
        """Nothing when the client has this version; otherwise every item (versions are not ordered)."""
        current = since_version == self.version
        return {
            "version": self.version,
            "published_at": self.published_at,
            "region_code": self.region_code,
            "hall_name": self.hall_name,
            "items": [] if current else self.items,
            "removed": [] if current else self.removed,
            "holiday_overrides": None if current else self.holiday_overrides,
        }


def catalogue_from_document(
    document: dict[str, Any],
    removed: list[str] | None = None,
    holiday_overrides: dict[str, Any] | None = None,
) -> PublishedCatalogue:
    try:
        version = document["catalogue_version"]
        items = document["items"]
        catalogue = PublishedCatalogue(
            version=str(version),
            published_at=str(document["published_at"]),
            region_code=str(document["region_code"]),
            hall_name=str(document["hall_name"]),
            items=list(items),
            removed=list(removed or []),
            holiday_overrides=holiday_overrides,
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"catalogue document lacks a field or has a wrong type: {exc}") from exc
    if not catalogue.version or not all(isinstance(item, dict) and "code" in item for item in items):
        raise ValueError("catalogue document: empty version or an item without a code")
    return catalogue


def load_catalogue(path: Path, holiday_overrides: dict[str, Any] | None = None) -> PublishedCatalogue:
    return catalogue_from_document(json.loads(path.read_text(encoding="utf-8")), None, holiday_overrides)
