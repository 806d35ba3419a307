"""A real reference platform on loopback per test, and a `requests` client for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from refplatform.config import PlatformConfig, seed_demo
from refplatform.server import PlatformServer
from tests.integration.refplatform.helpers import ADMIN_TOKEN, Api, ManualClock

# Tests lower the scrypt work factor: every server start hashes the seed clerks' passwords.
TEST_PASSWORD_COST = 2**10


def make_config(data_dir: Path, **overrides: Any) -> PlatformConfig:
    settings: dict[str, Any] = {
        "data_dir": data_dir,
        "seed": seed_demo(),
        "admin_token": ADMIN_TOKEN,
        "password_cost": TEST_PASSWORD_COST,
    }
    settings.update(overrides)
    return PlatformConfig(**settings)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def start_platform(tmp_path: Path) -> Iterator[Callable[..., PlatformServer]]:
    """Start a platform with config overrides; every one started is stopped (and its thread joined)."""
    started: list[PlatformServer] = []

    def start(data_dir: Path | None = None, **overrides: Any) -> PlatformServer:
        directory = data_dir or tmp_path / f"platform-{len(started)}"
        server = PlatformServer(make_config(directory, **overrides)).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def platform(start_platform: Callable[..., PlatformServer]) -> PlatformServer:
    return start_platform()


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.fixture
def api(platform: PlatformServer, http: requests.Session) -> Api:
    return Api(platform.url, http)


@pytest.fixture
def clerk(api: Api) -> Api:
    """The demo clerk logged in at terminal XH03."""
    api.login()
    return api
