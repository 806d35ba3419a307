"""The audit trail reaches the platform through the outbox's audit lane (POST /audit, in batches)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select, text

from app.domain.errors import EnvironmentFailure, FailureKind
from app.services.workspace import Workspace
from app.settings import Settings
from app.store import audit, outbox
from app.store.models import AuditEntry, OutboxEntry
from app.sync.engine import AUDIT_BATCH
from refplatform.models import AuditEntry as PlatformAudit
from refplatform.server import PlatformServer
from tests.integration.security.conftest import START, accept, with_platform


def platform_trail(server: PlatformServer) -> list[tuple[str, int, str]]:
    with server.platform.db.transaction() as session:
        rows = session.scalars(select(PlatformAudit).order_by(PlatformAudit.seq))
        return [(r.terminal_code, r.seq, r.hash) for r in rows]


def local_trail(workspace: Workspace) -> list[tuple[str, int, str]]:
    with workspace.store.database.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [("XH03", r.id, r.hash) for r in rows]


def audit_rows_waiting(workspace: Workspace) -> int:
    """Queued in the outbox, or appended since the engine last queued (as `main.py doctor` counts)."""
    with workspace.store.database.read() as session:
        return outbox.summary(session, (outbox.Lane.AUDIT,)).pending + audit.unqueued(session)


def test_every_audit_row_reaches_the_platform_once_with_its_chain(
    settings: Settings, platform: PlatformServer, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(with_platform(settings, platform))
    assert workspace.login.login("demo", "Demo@2026").online
    accept(workspace)
    assert workspace.sync is not None
    assert audit_rows_waiting(workspace) > 0
    status = workspace.sync.drain_once()
    assert (status.pending, status.failed) == (0, 0)
    assert audit_rows_waiting(workspace) == 0

    trail = local_trail(workspace)
    assert platform_trail(platform) == trail
    with workspace.store.database.read() as session:
        assert audit.confirmed_by_platform(session) == (trail[-1][1], trail[-1][2])
        assert audit.verify(session).ok
    # Nothing is sent twice: a second pass finds nothing to do, the platform holds the same rows.
    workspace.sync.drain_once()
    assert platform_trail(platform) == trail


def test_a_long_trail_goes_in_batches_and_an_interrupted_batch_is_not_duplicated(
    settings: Settings, platform: PlatformServer, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(with_platform(settings, platform))
    assert workspace.login.login("demo", "Demo@2026").online
    n = AUDIT_BATCH + 50

    def many(session: object) -> None:
        for i in range(n):
            audit.append(
                session,  # type: ignore[arg-type]
                at=START,
                actor="demo",
                action=audit.Action.CASE_VIEWED,
                subject=f"XH03-20261125-{i:05d}",
            )

    workspace.store.writer.run(many)
    # The platform already holds the first 10 rows (a batch whose answer was lost): they count as stored.
    with workspace.store.database.read() as session:
        first = audit.records(session, range(1, 11))
    assert workspace.sync is not None
    client = workspace.sync.new_client()
    try:
        client.set_token(workspace.sync.tokens.access_token())
        entries = [{"terminal_code": "XH03", **r} for r in first]
        assert workspace.sync._adapter.submit_audit(client, entries, "XH03:audit:lost-answer") == 10
    finally:
        client.close()

    workspace.sync.drain_once()
    assert audit_rows_waiting(workspace) == 0
    assert platform_trail(platform) == local_trail(workspace)
    assert len(local_trail(workspace)) > n


def test_a_queued_row_missing_from_the_trail_stops_the_lane_for_a_person(
    settings: Settings, platform: PlatformServer, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(with_platform(settings, platform))
    assert workspace.login.login("demo", "Demo@2026").online
    workspace.store.writer.run(lambda s: s.execute(text("DELETE FROM audit_log WHERE id = 2")))
    assert workspace.sync is not None
    status = workspace.sync.drain_once()
    assert status.pending == 0  # the clerk's cases are not held up
    rows = workspace.sync.outbox_rows()
    assert [(r.lane, r.state.value) for r in rows] == [("audit", "failed")]  # and it is in plain view
    assert "本地审计记录缺失" in rows[0].last_error
    assert platform_trail(platform) == local_trail(workspace)[:1]
    with workspace.store.database.read() as session:
        later = session.scalar(
            select(OutboxEntry.state).where(OutboxEntry.lane == "audit").order_by(OutboxEntry.id.desc())
        )
    assert later == "ready"  # later rows wait behind it, in order


def test_rows_that_could_not_be_queued_wait_for_the_next_look(
    settings: Settings,
    platform: PlatformServer,
    open_workspace: Callable[..., Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Queueing fails (a full disk, here raised by a stand-in for queue_for_platform): the lane goes on,
    nothing is lost or sent out of order, and the next pass queues and sends the rows."""
    workspace = open_workspace(with_platform(settings, platform))
    assert workspace.login.login("demo", "Demo@2026").online
    assert workspace.sync is not None

    def disk_full(*_args: object, **_kwargs: object) -> int:
        raise EnvironmentFailure(FailureKind.DISK_FULL, "database")

    monkeypatch.setattr(audit, "queue_for_platform", disk_full)
    workspace.sync.drain_once()
    waiting = audit_rows_waiting(workspace)
    assert waiting > 0
    assert platform_trail(platform) == []
    monkeypatch.undo()
    workspace.sync.drain_once()
    assert audit_rows_waiting(workspace) == 0
    assert platform_trail(platform) == local_trail(workspace)
