"""A real workspace (keystore, SQLCipher store, catalogue sample) on a temp data directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.clock import CHINA_TZ, FixedClock
from app.services.workspace import Workspace
from app.settings import load_settings
from app.store.clerks import ClerkIdentity, Role


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ))


@pytest.fixture
def workspace(tmp_path: Path, clock: FixedClock) -> Iterator[Workspace]:
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(tmp_path / "data")})
    ws = Workspace.open(settings, clock)
    yield ws
    ws.close()


@pytest.fixture
def clerk() -> ClerkIdentity:
    return ClerkIdentity("demo", "演示受理员", Role.CLERK)
