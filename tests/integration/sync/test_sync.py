"""The sync engine against the real reference platform: exactly once, in order, resilient, resumable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.case import CaseStatus
from app.domain.clock import FixedClock
from app.services.workspace import Workspace
from app.store import cases, outbox
from app.store.clerks import LoginRefusal
from app.store.models import NumberBlock
from app.sync.engine import Connectivity
from refplatform.server import PlatformServer
from tests.integration.sync.conftest import Admin, accept


def pending(workspace: Workspace) -> int:
    with workspace.store.database.read() as session:
        return outbox.summary(session).pending


def test_accepted_cases_reach_the_platform_exactly_once(workspace: Workspace, admin: Admin) -> None:
    ids = [accept(workspace).case.id for _ in range(3)]
    assert pending(workspace) == 3
    status = workspace.sync.drain_once()
    assert (status.pending, status.failed, status.connectivity) == (0, 0, Connectivity.ONLINE)
    counts = admin.counts()
    assert (counts["cases"], counts["distinct_case_ids"]) == (3, 3)
    # Sending again (e.g. a restart that lost track) changes nothing on the platform.
    workspace.sync.drain_once()
    assert admin.counts()["cases"] == 3
    with workspace.store.database.read() as session:
        for case_id in ids:
            snapshot = cases.load_case(session, case_id)
            assert snapshot.official_number is not None
            assert admin.case(case_id)["official_number"] == snapshot.official_number


def test_the_first_pull_reserves_official_numbers_for_offline_use(workspace: Workspace, admin: Admin) -> None:
    workspace.sync.drain_once()
    assert admin.counts()["number_blocks"] >= 1
    case = accept(workspace).case
    # The number was taken from the reserved block at the desk, before anything was sent.
    assert case.official_number is not None
    assert case.official_number.startswith("330106XH03")


def test_platform_status_changes_land_in_the_case_timeline(workspace: Workspace, admin: Admin) -> None:
    case_id = accept(workspace).case.id
    workspace.sync.drain_once()
    for _ in range(3):
        admin.advance(case_id)
    workspace.sync.drain_once()
    with workspace.store.database.read() as session:
        snapshot = cases.load_case(session, case_id)
    steps = [(t.to_status, t.actor_kind) for t in snapshot.timeline]
    assert steps == [
        (CaseStatus.ACCEPTED, "clerk"),
        (CaseStatus.IN_REVIEW, "platform"),
        (CaseStatus.APPROVED, "platform"),
        (CaseStatus.RESULT_READY, "platform"),
    ]
    assert snapshot.status is CaseStatus.RESULT_READY


def test_server_errors_and_lost_connections_never_duplicate(
    workspace: Workspace, admin: Admin, clock: FixedClock
) -> None:
    for _ in range(4):
        accept(workspace)
    admin.fault(action="error", status=503, count=2, path_prefix="/api/v1/cases", method="POST")
    admin.fault(action="drop", when="after", count=2, path_prefix="/api/v1/cases", method="POST")
    admin.fault(action="drop", when="before", count=1, path_prefix="/api/v1/cases", method="POST")
    for _ in range(20):
        if workspace.sync.drain_once().pending == 0:
            break
        clock.advance(dt.timedelta(seconds=1))  # past the (short) backoff
    counts = admin.counts()
    assert (counts["cases"], counts["distinct_case_ids"]) == (4, 4)
    assert counts["replays"] >= 2  # the after-commit drops were answered from their idempotency keys
    assert pending(workspace) == 0


def test_a_refused_case_waits_as_failed_and_does_not_block_others(
    workspace: Workspace, admin: Admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = accept(workspace).case.id
    good = accept(workspace).case.id
    adapter = workspace.sync._adapter
    original = adapter.case_document

    def broken(case):
        document = original(case)
        if case.id == bad:
            document["status"] = "99"  # not in the province's code list: 422
        return document

    monkeypatch.setattr(adapter, "case_document", broken)
    status = workspace.sync.drain_once()
    assert (status.pending, status.failed) == (0, 1)
    rows = workspace.sync.outbox_rows()
    assert [r.aggregate_id for r in rows] == [bad]
    assert "平台拒收（422" in rows[0].last_error
    assert admin.case(good)["case_id"] == good
    monkeypatch.setattr(adapter, "case_document", original)
    workspace.sync.retry(rows[0].id)
    assert workspace.sync.drain_once().failed == 0
    assert admin.counts()["distinct_case_ids"] == 2


def test_an_expired_access_token_is_refreshed_without_losing_work(workspace: Workspace, admin: Admin) -> None:
    accept(workspace)
    admin.expire_tokens("access")
    assert workspace.sync.drain_once().pending == 0
    assert admin.counts()["cases"] == 1


def test_an_expired_session_keeps_work_queued_until_a_clerk_logs_in(
    workspace: Workspace, admin: Admin
) -> None:
    accept(workspace)
    accept(workspace)
    admin.expire_tokens()  # access and refresh tokens
    status = workspace.sync.drain_once()
    assert status.connectivity is Connectivity.LOGIN_REQUIRED
    assert status.pending == 2
    assert admin.counts()["cases"] == 0
    assert workspace.login.login("demo", "Demo@2026").online
    assert workspace.sync.drain_once().pending == 0
    assert admin.counts()["cases"] == 2


def test_offline_login_works_after_an_online_one_and_expires(
    open_workspace: Callable[..., Workspace], server: PlatformServer, clock: FixedClock
) -> None:
    workspace = open_workspace(server.url)
    assert workspace.login.login("demo", "Demo@2026").online
    server.stop()
    offline = workspace.login.login("demo", "Demo@2026")
    assert not offline.online
    assert offline.result.identity is not None
    assert workspace.login.login("demo", "wrong").result.identity is None
    clock.advance(dt.timedelta(days=8))  # past the 7 days allowed
    expired = workspace.login.login("demo", "Demo@2026")
    assert expired.result.refusal is LoginRefusal.OFFLINE_EXPIRED


def test_a_clerk_who_never_logged_in_online_cannot_log_in_offline(
    open_workspace: Callable[..., Workspace], tmp_path: Path
) -> None:
    workspace = open_workspace("http://127.0.0.1:9")  # nothing listens there
    outcome = workspace.login.login("demo", "Demo@2026")
    assert not outcome.online
    assert outcome.result.refusal is LoginRefusal.OFFLINE_EXPIRED


def test_when_every_block_is_used_cases_get_provisional_numbers_then_official_ones(
    workspace: Workspace, admin: Admin
) -> None:
    workspace.store.writer.run(lambda s: s.query(NumberBlock).delete())
    case = accept(workspace).case
    assert case.official_number is None  # provisional: only the local number
    workspace.sync.drain_once()
    with workspace.store.database.read() as session:
        official = cases.load_case(session, case.id).official_number
    assert official is not None
    assert official == admin.case(case.id)["official_number"]


def test_a_new_catalogue_version_arrives_and_old_cases_stay_pinned(
    workspace: Workspace, admin: Admin
) -> None:
    import json

    from app.settings import RESOURCES

    old_case = accept(workspace).case
    workspace.sync.drain_once()
    document = json.loads((RESOURCES / "catalogue" / "sample-catalogue.json").read_text(encoding="utf-8"))
    document["catalogue_version"] = "2026.12.1"
    document["items"][0]["name"] = "个体工商户设立登记（新版）"
    removed = document["items"].pop()["code"]
    holidays = {
        "version": "2027-test",
        "years": {"2027": {"complete": True, "holidays": [{"date": "2027-01-01", "name": "元旦"}]}},
    }
    admin._call(
        "PUT", "/catalogue", json={"catalogue": document, "removed": [removed], "holiday_overrides": holidays}
    )
    reloaded = []
    workspace.on_catalogue_reloaded = reloaded.append
    workspace.sync.drain_once()
    assert workspace.catalogue.version == "2026.12.1"
    assert reloaded == [workspace.catalogue]
    assert removed not in workspace.catalogue.names
    assert workspace.catalogue.names[document["items"][0]["code"]][0] == "个体工商户设立登记（新版）"
    assert workspace.calendar.covers(2027)
    with workspace.store.database.read() as session:
        assert cases.load_case(session, old_case.id).catalogue_version == "2026.11.1"
    assert accept(workspace, "个体工商户设立登记（新版）").case.catalogue_version == "2026.12.1"
