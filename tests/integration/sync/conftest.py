"""The workstation's sync against the real reference platform on loopback (and a fault proxy between)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests

from app.domain.case import CaseStatus
from app.domain.clock import CHINA_TZ, FixedClock
from app.services.desk import DecisionOutcome, DecisionRequest
from app.services.workspace import Workspace
from app.settings import Settings, load_settings
from app.store.cases import Applicant
from app.store.clerks import ClerkIdentity, Role
from refplatform.server import PlatformServer
from tests.integration.refplatform.conftest import make_config
from tests.integration.refplatform.helpers import ADMIN_TOKEN

# Short timeouts and backoff keep fault tests quick; the production defaults are in SyncConfig.
FAST_SYNC = {"backoff_base": 0.01, "backoff_cap": 0.05, "pull_interval": 0.2}
APPLICANT = Applicant("natural", "张三", "resident", "110101199003070011", "13800138000", "杭州市西湖区")
CLERK = ClerkIdentity("demo", "演示受理员", Role.CLERK)


class Admin:
    """The reference platform's admin API (not part of the contract)."""

    def __init__(self, server: PlatformServer) -> None:
        self.root = server.url
        self.session = requests.Session()
        self.session.headers["X-Admin-Token"] = ADMIN_TOKEN
        # Passed per request: REQUESTS_CA_BUNDLE in the environment would override a Session's verify.
        self.verify: str | bool = str(server.ca_bundle) if server.ca_bundle else True

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(
            method, f"{self.root}/admin{path}", timeout=10, verify=self.verify, **kwargs
        )
        response.raise_for_status()
        return response.json()

    def counts(self) -> dict[str, int]:
        return dict(self._call("GET", "/counts"))

    def case(self, case_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/cases/{case_id}"))

    def advance(self, case_id: str, to: str | None = None) -> None:
        self._call("POST", f"/cases/{case_id}/advance", json={"to": to} if to else {})

    def fault(self, **rule: Any) -> None:
        self._call("POST", "/faults", json=rule)

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def expire_tokens(self, kind: str | None = None) -> int:
        return int(self._call("POST", "/tokens/expire", json={"kind": kind} if kind else {})["expired"])

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., PlatformServer]]:
    started: list[PlatformServer] = []

    def start(**overrides: Any) -> PlatformServer:
        server = PlatformServer(make_config(tmp_path / f"platform-{len(started)}", **overrides)).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(start_server: Callable[..., PlatformServer]) -> PlatformServer:
    return start_server()


@pytest.fixture
def admin(server: PlatformServer) -> Iterator[Admin]:
    client = Admin(server)
    yield client
    client.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ))


def settings_for(tmp_path: Path, url: str, ca_bundle: Path | None = None) -> Settings:
    base = load_settings(demo=True, environ={"YC_DATA_DIR": str(tmp_path / "ws-data")})
    return replace(base, platform=replace(base.platform, url=url, ca_bundle=ca_bundle))


@pytest.fixture
def open_workspace(tmp_path: Path, clock: FixedClock) -> Iterator[Callable[..., Workspace]]:
    opened: list[Workspace] = []

    def open_(url: str, ca_bundle: Path | None = None, **overrides: Any) -> Workspace:
        workspace = Workspace.open(settings_for(tmp_path, url, ca_bundle), clock, {**FAST_SYNC, **overrides})
        opened.append(workspace)
        return workspace

    yield open_
    for workspace in opened:
        workspace.close()


@pytest.fixture
def workspace(open_workspace: Callable[..., Workspace], server: PlatformServer) -> Workspace:
    """A demo workspace pointed at the platform, with the demo clerk logged in online."""
    ws = open_workspace(server.url)
    outcome = ws.login.login("demo", "Demo@2026")
    assert outcome.online
    assert outcome.result.identity is not None
    return ws


def accept(
    workspace: Workspace, item_name: str = "个体工商户设立登记", applicant: Applicant = APPLICANT
) -> DecisionOutcome:
    view = workspace.catalogue
    assert view is not None
    item = view.item(view.search(item_name, 1)[0])
    answers = {q.id: False for q in item.questions}
    received = frozenset(m.id for m in item.checklist(answers))
    return workspace.desk_for(CLERK).decide(
        DecisionRequest(applicant, item, view.version, CaseStatus.ACCEPTED, answers, received)
    )
