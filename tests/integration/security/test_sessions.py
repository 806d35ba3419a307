"""Lockout from the site's [security] settings, unlocking, password changes with strength rules, and
supervisor re-authentication for privileged actions; each audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from app.domain.clock import FixedClock
from app.domain.passwords import PasswordProblem, WeakPassword
from app.services.sessions import ApprovalRefusal
from app.services.workspace import Workspace
from app.settings import Settings
from app.store.clerks import ClerkIdentity, LoginRefusal, PlatformManagedAccount, Role
from app.store.models import AuditEntry, Clerk

DEMO = ClerkIdentity("demo", "演示受理员", Role.CLERK)


def trail(workspace: Workspace, *, seeding: bool = False) -> list[tuple[str, str, str]]:
    """The audit rows, without the demo accounts' creation unless asked."""
    with workspace.store.database.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(r.actor, r.action, r.subject) for r in rows if seeding or r.actor != "system"]


def strict(settings: Settings, **security: object) -> Settings:
    return dataclasses.replace(settings, security=dataclasses.replace(settings.security, **security))


def test_lockout_follows_the_site_settings(
    settings: Settings, open_workspace: Callable[..., Workspace], clock: FixedClock
) -> None:
    workspace = open_workspace(strict(settings, max_failed_logins=3, lockout_minutes=10))
    for left in (2, 1):
        assert workspace.login.login("demo", "wrong").result.attempts_left == left
    locked = workspace.login.login("demo", "wrong").result
    assert locked.refusal is LoginRefusal.LOCKED
    assert locked.locked_until == clock.now() + dt.timedelta(minutes=10)
    assert workspace.login.login("demo", "Demo@2026").result.refusal is LoginRefusal.LOCKED
    clock.advance(dt.timedelta(minutes=11))
    assert workspace.login.login("demo", "Demo@2026").result.identity == DEMO
    assert [a for _, a, _ in trail(workspace)] == [
        "login.failed",
        "login.failed",
        "login.failed",
        "login.locked_out",
        "login.succeeded",
    ]


def test_an_unknown_login_is_audited_without_what_was_typed(
    settings: Settings, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(settings)
    typed = "Demo@2026"  # people type their password into the login field
    assert workspace.login.login(typed, "x").result.refusal is LoginRefusal.UNKNOWN_OR_WRONG
    assert trail(workspace) == [("-", "login.unknown", "")]
    with workspace.store.database.read() as session:
        assert all(typed not in str(r.detail) for r in session.scalars(select(AuditEntry)))


def test_unlock_needs_the_clerks_own_password_and_counts_failures(
    settings: Settings, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(settings)
    security = workspace.security
    assert security.unlock(DEMO, "Leader@2026").refusal is LoginRefusal.UNKNOWN_OR_WRONG  # someone else's
    assert security.unlock(DEMO, "Demo@2026").identity == DEMO
    for _ in range(3):
        security.unlock(DEMO, "wrong")
    assert security.unlock(DEMO, "wrong").attempts_left == 1
    assert security.unlock(DEMO, "wrong").refusal is LoginRefusal.LOCKED
    assert security.unlock(DEMO, "Demo@2026").refusal is LoginRefusal.LOCKED
    actions = [a for _, a, _ in trail(workspace)]
    assert actions[:2] == ["login.failed", "session.unlocked"]
    assert actions[-2:] == ["login.failed", "login.locked_out"]


def test_a_new_password_must_be_strong_and_the_old_one_right(
    settings: Settings, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(strict(settings, min_password_length=10))
    security = workspace.security
    with pytest.raises(WeakPassword) as weak:
        security.change_password("demo", "Demo@2026", "Short#1a")
    assert weak.value.problem is PasswordProblem.TOO_SHORT
    assert "至少需要10位" in str(weak.value)
    with pytest.raises(WeakPassword):
        security.change_password("demo", "Demo@2026", "alllowercaseletters")
    assert security.change_password("demo", "wrong", "Counter#2027x").refusal is LoginRefusal.UNKNOWN_OR_WRONG
    assert security.change_password("demo", "Demo@2026", "Counter#2027x").identity == DEMO
    assert workspace.login.login("demo", "Demo@2026").result.identity is None
    assert workspace.login.login("demo", "Counter#2027x").result.identity == DEMO
    assert ("demo", "clerk.password_changed", "") in trail(workspace)


def test_a_platform_account_changes_its_password_on_the_platform(
    settings: Settings, open_workspace: Callable[..., Workspace], clock: FixedClock
) -> None:
    workspace = open_workspace(settings)
    workspace.store.writer.run(
        lambda s: setattr(
            s.scalars(select(Clerk).where(Clerk.login == "demo")).one(), "verified_online_at", clock.now()
        )
    )
    with pytest.raises(PlatformManagedAccount):
        workspace.security.change_password("demo", "Demo@2026", "Counter#2027x")


def test_local_accounts_are_created_only_with_strong_passwords(
    settings: Settings, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(settings)
    with pytest.raises(WeakPassword) as weak:
        workspace.security.add_local_clerk(
            login="zhao", display_name="赵", role=Role.CLERK, password="zhao12345!", actor="it:root"
        )
    assert weak.value.problem is PasswordProblem.CONTAINS_LOGIN
    workspace.security.add_local_clerk(
        login="zhao", display_name="赵", role=Role.CLERK, password="Window#2026", actor="it:root"
    )
    assert workspace.login.login("zhao", "Window#2026").result.identity is not None
    assert ("it:root", "clerk.created", "zhao") in trail(workspace, seeding=True)


def test_supervisor_approval_is_audited_and_refused_for_clerks_and_oneself(
    settings: Settings, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(settings)
    approve = workspace.security.approve
    ok = approve(
        requested_by="demo",
        supervisor="leader",
        password="Leader@2026",
        action="notice.reprint",
        subject="XH03-1",
    )
    assert ok.approval is not None
    assert (ok.approval.supervisor, ok.approval.action, ok.approval.subject) == (
        "leader",
        "notice.reprint",
        "XH03-1",
    )
    wrong = approve(requested_by="demo", supervisor="leader", password="nope", action="notice.reprint")
    assert (wrong.approval, wrong.refusal, wrong.attempts_left) == (None, ApprovalRefusal.UNKNOWN_OR_WRONG, 4)
    clerk = approve(requested_by="demo", supervisor="demo", password="Demo@2026", action="notice.reprint")
    assert clerk.refusal is ApprovalRefusal.NOT_SUPERVISOR
    own = approve(requested_by="leader", supervisor="leader", password="Leader@2026", action="case.void")
    assert own.refusal is ApprovalRefusal.SAME_PERSON
    with workspace.store.database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("supervisor.%")).order_by(AuditEntry.id)
        )
        decisions = [(r.actor, r.action, r.detail) for r in rows]
    assert decisions == [
        ("leader", "supervisor.approved", {"privileged_action": "notice.reprint", "requested_by": "demo"}),
        (
            "demo",
            "supervisor.refused",
            {"privileged_action": "notice.reprint", "requested_by": "demo", "reason": "not_supervisor"},
        ),
        (
            "leader",
            "supervisor.refused",
            {"privileged_action": "case.void", "requested_by": "leader", "reason": "same_person"},
        ),
    ]
    for _ in range(5):  # the right password above reset the count; five wrong ones in a row lock
        approve(requested_by="demo", supervisor="leader", password="nope", action="notice.reprint")
    locked = approve(
        requested_by="demo", supervisor="leader", password="Leader@2026", action="notice.reprint"
    )
    assert locked.refusal is ApprovalRefusal.LOCKED


def test_case_views_are_audited_in_their_read(
    settings: Settings, open_workspace: Callable[..., Workspace]
) -> None:
    from tests.integration.security.conftest import accept

    workspace = open_workspace(settings)
    case = accept(workspace).case
    snapshot = workspace.audit.view_case("demo", case.id)
    assert snapshot is not None
    assert snapshot.number == case.number
    assert workspace.audit.view_case("demo", "no-such-case") is None
    assert trail(workspace)[-1] == ("demo", "case.viewed", case.number)
    workspace.audit.submit("demo", "card.read", card_type="resident").result(timeout=10)
    assert trail(workspace)[-1] == ("demo", "card.read", "")
