"""The synced service catalogue in the database: versions, items with pinyin keys, and a read view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.catalogue import ServiceItem, UnknownItem, parse_catalogue, parse_item
from app.domain.catalogue_search import CatalogueIndex, IndexEntry, SearchKeys, catalogue_keys
from app.store.models import CatalogueItem, CatalogueVersion, Meta

CURRENT_VERSION_KEY = "catalogue.current_version"


def import_catalogue(session: Session, document: Mapping[str, Any], source: str, at: dt.datetime) -> str:
    """Validate a whole catalogue document and store it as a new version; make it current.

    Earlier versions stay, because cases remain pinned to the version they were accepted under.
    """
    catalogue = parse_catalogue(document, source)
    keys = catalogue_keys(catalogue)
    if session.get(CatalogueVersion, catalogue.version) is None:
        session.add(
            CatalogueVersion(
                version=catalogue.version,
                published_at=catalogue.published_at,
                imported_at=at,
                region_code=catalogue.region_code,
                hall_name=catalogue.hall_name,
                source=source,
            )
        )
        session.flush()  # the version row first: items refer to it
        raw_items = document["items"]
        for item, raw in zip(catalogue.items, raw_items, strict=True):
            session.add(
                CatalogueItem(
                    version=catalogue.version,
                    code=item.code,
                    name=item.name,
                    department=item.department,
                    basic_code=item.basic_code,
                    payload=dict(raw),
                    name_keys=keys[item.name].encode(),
                    department_keys=keys[item.department].encode(),
                )
            )
    current = session.get(Meta, CURRENT_VERSION_KEY)
    if current is None:
        session.add(Meta(key=CURRENT_VERSION_KEY, value=catalogue.version))
    else:
        current.value = catalogue.version
    return catalogue.version


def current_version(session: Session) -> str | None:
    row = session.get(Meta, CURRENT_VERSION_KEY)
    return None if row is None else row.value


@dataclass
class CatalogueView:
    """The current catalogue for the desk: an in-memory search index and items parsed on demand."""

    version: str
    index: CatalogueIndex
    names: dict[str, tuple[str, str]]  # code -> (name, department)
    _payloads: dict[str, dict[str, Any]] = field(repr=False)
    _items: dict[str, ServiceItem] = field(default_factory=dict, repr=False)

    def search(self, query: str, limit: int = 20) -> list[str]:
        return self.index.search(query, limit)

    def item(self, code: str) -> ServiceItem:
        if code not in self._items:
            if code not in self._payloads:
                raise UnknownItem(code, self.version)
            self._items[code] = parse_item(self._payloads[code], f"catalogue {self.version}")
        return self._items[code]

    def __len__(self) -> int:
        return len(self.names)


def load_view(session: Session, version: str | None = None) -> CatalogueView | None:
    """Build the view from stored keys: no pypinyin at start-up."""
    version = version or current_version(session)
    if version is None:
        return None
    rows = session.execute(
        select(
            CatalogueItem.code,
            CatalogueItem.name,
            CatalogueItem.department,
            CatalogueItem.basic_code,
            CatalogueItem.name_keys,
            CatalogueItem.department_keys,
            CatalogueItem.payload,
        ).where(CatalogueItem.version == version)
    ).all()
    entries = []
    for row in rows:
        dept = SearchKeys.decode(row.department_keys)
        extras = (row.department, dept.full, *dept.initials, row.basic_code)
        entries.append(IndexEntry(row.code, row.name, SearchKeys.decode(row.name_keys), extras))
    return CatalogueView(
        version=version,
        index=CatalogueIndex(entries),
        names={row.code: (row.name, row.department) for row in rows},
        _payloads={row.code: row.payload for row in rows},
    )


def apply_delta(session: Session, delta: Mapping[str, Any], source: str, at: dt.datetime) -> str | None:
    """Apply a platform delta (changed items, removed codes) over the current version as a new version.

    Returns the new version, or None when the platform has nothing newer. Earlier versions stay: every
    case remains pinned to the version it was accepted under.
    """
    version = str(delta["version"])
    current = current_version(session)
    if version == current or session.get(CatalogueVersion, version) is not None:
        return None
    items: dict[str, dict[str, Any]] = {}
    if current is not None:
        for code, payload in session.execute(
            select(CatalogueItem.code, CatalogueItem.payload).where(CatalogueItem.version == current)
        ):
            items[code] = dict(payload)
    for removed in delta.get("removed") or []:
        items.pop(str(removed), None)
    for item in delta.get("items") or []:
        items[str(item["code"])] = dict(item)
    document = {
        "catalogue_version": version,
        "published_at": delta["published_at"],
        "region_code": delta["region_code"],
        "hall_name": delta["hall_name"],
        "items": list(items.values()),
    }
    return import_catalogue(session, document, source, at)
