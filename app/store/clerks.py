"""Local clerk accounts: Argon2id password hashes, failed-attempt counting and lockout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.case import Actor, ActorKind
from app.store import audit
from app.store.database import Database
from app.store.models import Clerk
from app.store.writer import Writer

# argon2-cffi's defaults follow RFC 9106's second recommended option (64 MiB, t=3): slow to guess.
_HASHER = PasswordHasher()


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_for: dt.timedelta = dt.timedelta(minutes=30)


class LoginRefusal(StrEnum):
    UNKNOWN_OR_WRONG = "unknown_or_wrong"  # one reason for both, so logins cannot be probed
    LOCKED = "locked"
    DISABLED = "disabled"
    OFFLINE_EXPIRED = "offline_expired"  # no online login for too long: the platform must confirm first


@dataclass(frozen=True)
class ClerkIdentity:
    login: str
    display_name: str
    role: Role

    @property
    def actor(self) -> Actor:
        kind = ActorKind.SUPERVISOR if self.role in {Role.SUPERVISOR, Role.ADMIN} else ActorKind.CLERK
        return Actor(kind, self.login)


@dataclass(frozen=True)
class LoginResult:
    identity: ClerkIdentity | None
    refusal: LoginRefusal | None = None
    locked_until: dt.datetime | None = None
    attempts_left: int | None = None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def add_clerk(
    session: Session, *, login: str, display_name: str, role: Role, password: str, at: dt.datetime
) -> Clerk:
    clerk = Clerk(
        login=login,
        display_name=display_name,
        role=role.value,
        password_hash=hash_password(password),
        failed_attempts=0,
        disabled=False,
        created_at=at,
    )
    session.add(clerk)
    audit.append(session, at=at, actor="system", action="clerk.created", subject=login, role=role.value)
    return clerk


class ClerkDirectory:
    """Login checks: the slow hash runs on the caller's thread, the counters on the writer thread."""

    def __init__(self, database: Database, writer: Writer, policy: LockoutPolicy | None = None) -> None:
        self._db = database
        self._writer = writer
        self._policy = policy or LockoutPolicy()

    def count(self) -> int:
        with self._db.read() as session:
            return len(session.scalars(select(Clerk.id)).all())

    def authenticate(self, login: str, password: str, now: dt.datetime) -> LoginResult:
        with self._db.read() as session:
            clerk = session.scalar(select(Clerk).where(Clerk.login == login.strip()))
        if clerk is None:
            _HASHER.hash(password)  # same cost as a real check, so timing does not reveal logins
            return LoginResult(None, LoginRefusal.UNKNOWN_OR_WRONG)
        if clerk.disabled:
            return LoginResult(None, LoginRefusal.DISABLED)
        if clerk.locked_until is not None and clerk.locked_until > now:
            return LoginResult(None, LoginRefusal.LOCKED, locked_until=clerk.locked_until)
        ok: bool
        try:
            ok = _HASHER.verify(clerk.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
        return self._writer.run(lambda s: self._record(s, clerk.id, ok, now))

    def register_failure(self, login: str, now: dt.datetime) -> LoginResult:
        """A wrong password that someone else (the platform) detected still counts toward lockout."""
        with self._db.read() as session:
            clerk_id = session.scalar(select(Clerk.id).where(Clerk.login == login.strip()))
        if clerk_id is None:
            return LoginResult(None, LoginRefusal.UNKNOWN_OR_WRONG)
        return self._writer.run(lambda s: self._record(s, clerk_id, False, now))

    def _record(self, session: Session, clerk_id: int, ok: bool, now: dt.datetime) -> LoginResult:
        clerk = session.get_one(Clerk, clerk_id)
        if ok:
            clerk.failed_attempts = 0
            clerk.locked_until = None
            audit.append(session, at=now, actor=clerk.login, action="login.succeeded")
            identity = ClerkIdentity(clerk.login, clerk.display_name, Role(clerk.role))
            return LoginResult(identity)
        clerk.failed_attempts += 1
        audit.append(
            session, at=now, actor=clerk.login, action="login.failed", attempts=clerk.failed_attempts
        )
        if clerk.failed_attempts >= self._policy.max_failures:
            clerk.locked_until = now + self._policy.lock_for
            clerk.failed_attempts = 0
            audit.append(session, at=now, actor=clerk.login, action="login.locked_out")
            return LoginResult(None, LoginRefusal.LOCKED, locked_until=clerk.locked_until)
        left = self._policy.max_failures - clerk.failed_attempts
        return LoginResult(None, LoginRefusal.UNKNOWN_OR_WRONG, attempts_left=left)
