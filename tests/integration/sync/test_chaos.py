"""Chaos: 2,000 cases (some with materials) accepted while the sync engine drains them through a link
where more than 20% of requests fail — connection reset before the request reaches the server, reset
after the server committed, stalls past the client's timeout, 500 and 503 answers — and some
connections deliver in 1-byte slices. The platform ends with exactly one copy of every case."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.case import Actor, ActorKind, CaseStatus
from app.domain.clock import SystemClock
from app.services.workspace import Workspace
from app.store import cases, materials
from app.store.models import OutboxEntry
from app.store.outbox import Lane
from app.sync.client import Timeouts
from refplatform.faultproxy import FaultProxy, ProxyMode, ProxyPlan
from refplatform.server import PlatformServer
from tests.integration.sync.chaos_cases import new_case
from tests.integration.sync.conftest import FAST_SYNC, Admin, settings_for

CASES = int(os.environ.get("YC_CHAOS_CASES", "2000"))
WITH_MATERIAL_EVERY = 10
pytestmark = [pytest.mark.chaos, pytest.mark.slow, pytest.mark.timeout(900)]  # ~2 min here

SERVER_FAULTS = [
    {"action": "error", "status": 500, "probability": 0.05},
    {"action": "error", "status": 503, "probability": 0.05},
    {"action": "drop", "when": "before", "probability": 0.05},
    {"action": "drop", "when": "after", "probability": 0.05},
    {"action": "stall", "when": "before", "seconds": 0.6, "probability": 0.04},  # past the 0.3 s timeout
]


def test_two_thousand_cases_through_a_failing_link_arrive_exactly_once(
    tmp_path: Path, start_server: Callable[..., PlatformServer]
) -> None:
    server = start_server()
    admin = Admin(server)
    proxy_plan = ProxyPlan(
        weights={ProxyMode.FORWARD: 0.8, ProxyMode.SLICE: 0.1, ProxyMode.RESET_BEFORE: 0.1}, seed=2026
    )
    with FaultProxy("127.0.0.1", server.port, proxy_plan) as proxy:
        workspace = Workspace.open(
            settings_for(tmp_path, proxy.url()),
            SystemClock(),
            {**FAST_SYNC, "timeouts": Timeouts(connect=1.0, read=0.3), "chunk_size": 8 * 1024},
        )
        try:
            for _ in range(20):  # the login itself may hit a fault
                if workspace.login.login("demo", "Demo@2026").online:
                    break
            for rule in SERVER_FAULTS:
                admin.fault(**rule, count=10_000)
            desk = cases.Desk("XH03", "综合受理3号窗口", Actor(ActorKind.CLERK, "demo"), "演示受理员")
            engine = workspace.sync
            engine.start()
            page = os.urandom(30 * 1024)
            for i in range(CASES):
                at = dt.datetime.now(dt.UTC)
                case_id = workspace.store.writer.run_direct(
                    lambda tx, i=i, at=at: cases.record_decision(
                        tx, new_case(i), desk, CaseStatus.ACCEPTED, at
                    )
                ).id
                if i % WITH_MATERIAL_EVERY == 0:
                    stored = workspace.store.attachments.put(page + i.to_bytes(4, "big"))
                    workspace.store.writer.run(
                        lambda s, c=case_id, b=stored, at=at: materials.add_material_file(
                            s,
                            case_id=c,
                            material_id="id_card",
                            stored=b,
                            media_type="image/jpeg",
                            label="经营者身份证明",
                            at=at,
                            actor="demo",
                        )
                    )
                if i % 100 == 0:
                    engine.kick()
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                status = engine.status()
                if status.pending == 0:
                    break
                if status.connectivity.value == "login_required":
                    workspace.login.login("demo", "Demo@2026")
                engine.kick()
                time.sleep(0.5)
            engine.stop()
            status = engine.status()
            with workspace.store.database.read() as session:
                # Cases and uploads: audit rows travel in batches and only the claimed one counts
                # an attempt, so they say nothing about the link.
                rows = session.query(OutboxEntry).filter(OutboxEntry.lane != Lane.AUDIT.value).all()
            attempts = sum(r.attempts for r in rows)
        finally:
            workspace.close()
        connection_outcomes = {record.mode for record in proxy.connections}
    faults = admin._call("GET", "/faults")
    counts = admin.counts()
    admin.clear_faults()
    admin.close()

    uploads = (CASES + WITH_MATERIAL_EVERY - 1) // WITH_MATERIAL_EVERY
    assert (status.pending, status.failed) == (0, 0)
    assert counts["distinct_case_ids"] == CASES
    assert counts["cases"] == CASES  # one stored version per case: no duplicates
    assert counts["duplicates_detected"] == 0
    assert counts["uploads_complete"] == uploads
    assert counts["uploads_sha256_failed"] == 0
    # The link really was bad: over a fifth of all attempts failed, and every kind of fault happened.
    failed_share = (attempts - len(rows)) / attempts
    assert failed_share >= 0.2, f"only {failed_share:.1%} of {attempts} attempts failed"
    assert all(rule["fired"] > 0 for rule in faults["rules"]), faults
    assert {ProxyMode.SLICE, ProxyMode.RESET_BEFORE} <= connection_outcomes
    print(f"chaos: {CASES} cases, {uploads} uploads, {attempts} attempts, {failed_share:.1%} failed")
