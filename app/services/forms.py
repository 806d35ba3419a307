"""The item forms at the desk: each item's definition (read on first use, the generic one where its file
is missing or broken), one merged form for a 一表申报, and the prefill sources an applicant brings."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from app.domain.catalogue import ServiceItem
from app.forms.definition import CodeList, FormDefinition
from app.forms.errors import DefinitionError
from app.forms.loader import generic_definition, load_code_lists, load_definition
from app.forms.merge import merge
from app.forms.regions import RegionTable, load_regions

log = logging.getLogger(__name__)


class FormLibrary:
    def __init__(self, forms_dir: Path, regions_file: Path, today: Callable[[], dt.date]) -> None:
        self._dir = forms_dir
        self._regions_file = regions_file
        self._today = today
        self._lock = threading.Lock()
        self._regions: RegionTable | None = None
        self._code_lists: dict[str, CodeList] | None = None
        self._cache: dict[str, FormDefinition] = {}
        self.errors: list[DefinitionError] = []

    def warm(self) -> None:
        """Read the region snapshot and code lists (a worker thread calls this at start-up)."""
        with self._lock:
            self._load_shared()

    def _load_shared(self) -> tuple[RegionTable, dict[str, CodeList]]:
        if self._regions is None or self._code_lists is None:
            self._regions = load_regions(self._regions_file)
            self._code_lists, errors = load_code_lists(self._dir / "code_lists")
            self.errors.extend(errors)
        return self._regions, self._code_lists

    def definition(self, item: ServiceItem) -> FormDefinition:
        with self._lock:
            if item.code not in self._cache:
                regions, code_lists = self._load_shared()
                path = self._dir / f"{item.code}.json"
                try:
                    if not path.is_file():
                        raise FileNotFoundError(path)
                    found = load_definition(
                        path, item, today=self._today, regions=regions, code_lists=code_lists
                    )
                except DefinitionError as exc:
                    log.warning("form definition unusable, generic form used: %s", exc)
                    self.errors.append(exc)
                    found = generic_definition(item, self._today, regions)
                except FileNotFoundError:
                    found = generic_definition(item, self._today, regions)
                self._cache[item.code] = found
            return self._cache[item.code]

    def for_items(self, items: Sequence[ServiceItem]) -> tuple[FormDefinition, dict[str, str]]:
        """The (merged) form of the items, and the definition version of each item."""
        definitions = [self.definition(item) for item in items]
        return merge(definitions), {d.item_code: d.version for d in definitions}
