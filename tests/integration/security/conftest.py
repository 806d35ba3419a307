"""A workstation's data directory (demo settings, file keystore) and, where asked, a reference platform."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.domain.case import CaseStatus
from app.domain.clock import CHINA_TZ, FixedClock
from app.services.desk import DecisionOutcome, DecisionRequest
from app.services.workspace import Workspace
from app.settings import Settings, load_settings
from app.store.cases import Applicant
from app.store.clerks import ClerkIdentity, Role
from refplatform.server import PlatformServer
from tests.integration.refplatform.conftest import make_config
from tests.support import pii

START = dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ)
NAME, ID_NUMBER, PHONE = pii.register("司马秋实", "330106198807150042", "13705718899")
APPLICANT = Applicant("natural", NAME, "resident", ID_NUMBER, PHONE, "杭州市西湖区文三路1号")
CLERK = ClerkIdentity("demo", "演示受理员", Role.CLERK)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(demo=True, environ={"YC_DATA_DIR": str(tmp_path / "data")})


@pytest.fixture
def open_workspace(clock: FixedClock) -> Iterator[Callable[..., Workspace]]:
    opened: list[Workspace] = []

    def open_(settings: Settings) -> Workspace:
        workspace = Workspace.open(settings, clock)
        opened.append(workspace)
        return workspace

    yield open_
    for workspace in opened:
        workspace.close()


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformServer]:
    server = PlatformServer(make_config(tmp_path / "platform")).start()
    yield server
    server.stop()


def with_platform(settings: Settings, server: PlatformServer, **security: Any) -> Settings:
    changed = replace(settings, platform=replace(settings.platform, url=server.url))
    return replace(changed, security=replace(settings.security, **security)) if security else changed


def accept(workspace: Workspace, applicant: Applicant = APPLICANT) -> DecisionOutcome:
    view = workspace.catalogue
    assert view is not None
    item = view.item(view.search("个体工商户设立登记", 1)[0])
    answers = {q.id: False for q in item.questions}
    received = frozenset(m.id for m in item.checklist(answers))
    return workspace.desk_for(CLERK).decide(
        DecisionRequest(applicant, item, view.version, CaseStatus.ACCEPTED, answers, received)
    )
