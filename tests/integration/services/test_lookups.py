"""Pre-applications and e-licences from the real reference platform (loopback), through the app's client."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.clock import FixedClock
from app.domain.errors import EnvironmentFailure
from app.services.workspace import Workspace
from app.settings import load_settings
from refplatform.server import PlatformServer
from tests.integration.refplatform.conftest import make_config


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformServer]:
    server = PlatformServer(make_config(tmp_path / "platform")).start()
    yield server
    server.stop()


@pytest.fixture
def online(tmp_path: Path, clock: FixedClock, platform: PlatformServer) -> Iterator[Workspace]:
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(tmp_path / "data")})
    settings = dataclasses.replace(
        settings, platform=dataclasses.replace(settings.platform, url=platform.url)
    )
    ws = Workspace.open(settings, clock)
    yield ws
    ws.close()


def test_pre_applications_and_e_licences_after_login(online: Workspace) -> None:
    with pytest.raises(EnvironmentFailure):  # not logged in to the platform yet
        online.lookups.pre_applications(number="YS202611250001")
    assert online.login.login("demo", "Demo@2026").online
    [found] = online.lookups.pre_applications(number="YS202611250001")
    assert (found.item_code, found.applicant_name, found.id_type) == ("330106-SCJG-001", "张三", "resident")
    assert found.answers == {"by_agent": False, "owns_premises": True}
    assert found.form_data["business_name"] == "西湖区张三小吃店"
    by_holder = online.lookups.pre_applications(holder_id="11010119900307002X")
    assert [p.number for p in by_holder] == ["YS202611250002"]
    assert online.lookups.pre_applications(number="YS-NONE") == []
    licences = online.lookups.e_licences("110101199003070011")
    assert set(licences) == {"居民身份证", "户口簿"}
    assert licences["户口簿"]["number"] == "HK110101-0042"


def test_a_terminal_without_a_platform_says_so(workspace: Workspace) -> None:
    assert not workspace.lookups.online
    with pytest.raises(EnvironmentFailure):
        workspace.lookups.e_licences("110101199003070011")
