"""The running platform's state: configuration, database, code lists, catalogue and fault plan."""

from __future__ import annotations

import datetime as dt

from fastapi import Request

from refplatform.catalogue import PublishedCatalogue, load_catalogue
from refplatform.codes import Codes, load_codes
from refplatform.config import PlatformConfig
from refplatform.db import Database
from refplatform.faults import FaultPlan
from refplatform.seeding import apply_seed


class Platform:
    def __init__(self, config: PlatformConfig) -> None:
        self.config = config
        self.codes: Codes = load_codes(config.codes_file)
        self.catalogue: PublishedCatalogue = load_catalogue(config.catalogue_file, config.holiday_overrides)
        self.faults = FaultPlan()
        config.uploads_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(config.database_file)
        with self.db.transaction() as session:
            apply_seed(session, config)

    def now(self) -> dt.datetime:
        return self.config.clock()

    def timestamp(self) -> float:
        return self.now().timestamp()

    def iso_now(self) -> str:
        return self.now().isoformat()

    def reset(self, *, seed: bool = True) -> None:
        """Forget everything (cases, uploads, tokens, faults) and start again from the seed."""
        self.faults.clear()
        self.db.reset()
        for part in self.config.uploads_dir.glob("*.part"):
            part.unlink()
        self.catalogue = load_catalogue(self.config.catalogue_file, self.config.holiday_overrides)
        if seed:
            with self.db.transaction() as session:
                apply_seed(session, self.config)


def platform_of(request: Request) -> Platform:
    platform = request.app.state.platform
    assert isinstance(platform, Platform)
    return platform
