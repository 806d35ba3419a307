"""Local clerk logins with Argon2id and lockout."""

from __future__ import annotations

import datetime as dt

from app.domain.case import ActorKind
from app.domain.clock import CHINA_TZ
from app.store.clerks import ClerkDirectory, LockoutPolicy, LoginRefusal, Role, add_clerk
from app.store.database import Database
from app.store.models import Clerk
from app.store.writer import Writer

NOW = dt.datetime(2026, 11, 25, 8, 30, tzinfo=CHINA_TZ)


def _directory(database: Database, writer: Writer) -> ClerkDirectory:
    writer.run(
        lambda s: add_clerk(
            s, login="wang", display_name="王芳", role=Role.CLERK, password="Window#2026", at=NOW
        )
    )
    return ClerkDirectory(database, writer, LockoutPolicy(max_failures=3, lock_for=dt.timedelta(minutes=30)))


def test_right_password_logs_in(database: Database, writer: Writer) -> None:
    result = _directory(database, writer).authenticate("wang", "Window#2026", NOW)
    assert result.identity is not None
    assert result.identity.display_name == "王芳"
    assert result.identity.actor.kind is ActorKind.CLERK


def test_password_is_not_stored_in_clear(database: Database, writer: Writer) -> None:
    _directory(database, writer)
    with database.read() as session:
        stored = session.query(Clerk).one().password_hash
    assert "Window#2026" not in stored
    assert stored.startswith("$argon2id$")


def test_unknown_login_and_wrong_password_look_the_same(database: Database, writer: Writer) -> None:
    directory = _directory(database, writer)
    assert directory.authenticate("nobody", "x", NOW).refusal is LoginRefusal.UNKNOWN_OR_WRONG
    wrong = directory.authenticate("wang", "x", NOW)
    assert wrong.refusal is LoginRefusal.UNKNOWN_OR_WRONG
    assert wrong.attempts_left == 2


def test_lockout_after_repeated_failures_then_expiry(database: Database, writer: Writer) -> None:
    directory = _directory(database, writer)
    for _ in range(2):
        directory.authenticate("wang", "bad", NOW)
    locked = directory.authenticate("wang", "bad", NOW)
    assert locked.refusal is LoginRefusal.LOCKED
    assert (
        directory.authenticate("wang", "Window#2026", NOW + dt.timedelta(minutes=29)).refusal
        is LoginRefusal.LOCKED
    )
    assert directory.authenticate("wang", "Window#2026", NOW + dt.timedelta(minutes=31)).identity is not None
