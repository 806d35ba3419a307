"""The sample catalogue, the region snapshot and the form definitions, loaded once per test session."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from app.domain.catalogue import Catalogue, load_catalogue
from app.forms.definition import FormDefinition
from app.forms.errors import DefinitionError
from app.forms.loader import load_all
from app.forms.regions import RegionTable, load_regions

ROOT = Path(__file__).resolve().parents[2]
FORMS_DIR = ROOT / "resources" / "forms"
REGIONS_FILE = ROOT / "resources" / "regions" / "gbt2260-2023.json"
TODAY = dt.date(2026, 11, 25)


def today() -> dt.date:
    return TODAY


@functools.cache
def catalogue() -> Catalogue:
    path = ROOT / "resources" / "catalogue" / "sample-catalogue.json"
    return load_catalogue(path.read_text(encoding="utf-8"), str(path))


@functools.cache
def regions() -> RegionTable:
    return load_regions(REGIONS_FILE)


@functools.cache
def sample_definitions() -> tuple[dict[str, FormDefinition], list[DefinitionError]]:
    return load_all(FORMS_DIR, catalogue(), today=today, regions=regions())
