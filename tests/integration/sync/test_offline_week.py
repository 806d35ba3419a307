"""A grid worker offline for a week: 500 cases queued over 7 days (an injected clock), the platform
session expiring on the way; on reconnect everything drains in acceptance order, without duplicates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select

from app.domain.case import Actor, ActorKind, CaseStatus
from app.domain.clock import CHINA_TZ, FixedClock
from app.services.workspace import Workspace
from app.store import cases
from app.store.models import Case
from app.sync.engine import Connectivity
from refplatform.models import CaseVersion
from refplatform.server import PlatformServer
from tests.integration.sync.chaos_cases import new_case
from tests.integration.sync.conftest import Admin

DEAD_LINK = "http://127.0.0.1:9"  # nothing listens on the discard port: connection refused
DAYS = 7
PER_DAY = 72  # 504 cases
pytestmark = pytest.mark.slow


def test_a_week_offline_then_everything_drains_in_order(
    open_workspace: Callable[..., Workspace], server: PlatformServer, admin: Admin, clock: FixedClock
) -> None:
    clock.set(dt.datetime(2026, 11, 23, 8, 30, tzinfo=CHINA_TZ))  # a Monday
    workspace = open_workspace(server.url)
    assert workspace.login.login("demo", "Demo@2026").online
    engine = workspace.sync
    online = engine.config
    engine.config = replace(online, base_url=DEAD_LINK)
    desk = cases.Desk("XH03", "综合受理3号窗口", Actor(ActorKind.CLERK, "demo"), "演示受理员")
    for day in range(DAYS):
        clock.set(dt.datetime(2026, 11, 23, 8, 30, tzinfo=CHINA_TZ) + dt.timedelta(days=day))
        morning = workspace.login.login("demo", "Demo@2026")  # offline, on the verifier from day 0
        assert morning.result.identity is not None
        assert not morning.online
        for n in range(PER_DAY):
            clock.advance(dt.timedelta(minutes=5))
            at = clock.now()
            workspace.store.writer.run_direct(
                lambda tx, n=n, at=at, day=day: cases.record_decision(
                    tx, new_case(day * PER_DAY + n), desk, CaseStatus.ACCEPTED, at
                )
            )
        status = engine.drain_once()  # the grid worker's laptop tries now and then
        assert status.connectivity is Connectivity.OFFLINE
        assert status.pending == (day + 1) * PER_DAY

    # Back in the office: the platform has expired the old session meanwhile.
    admin.expire_tokens()
    engine.config = online
    clock.advance(dt.timedelta(hours=12))
    assert engine.drain_once().connectivity is Connectivity.LOGIN_REQUIRED
    assert admin.counts()["cases"] == 0
    assert workspace.login.login("demo", "Demo@2026").online
    for _ in range(10):
        if engine.drain_once().pending == 0:
            break
        clock.advance(dt.timedelta(minutes=10))
    assert engine.status().pending == 0

    with workspace.store.database.read() as session:
        local_order = list(session.scalars(select(Case.id).order_by(Case.created_at)))
    assert server.platform is not None
    with server.platform.db.transaction() as session:
        platform_order = list(session.scalars(select(CaseVersion.case_id).order_by(CaseVersion.id)))
    assert len(local_order) == DAYS * PER_DAY
    assert platform_order == local_order  # in order, each exactly once
