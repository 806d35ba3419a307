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
from app.domain.errors import DomainError
from app.domain.passwords import PasswordPolicy, PasswordProblem, WeakPassword, check_password
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


def verify_password(password_hash: str, password: str) -> bool:
    """The slow Argon2id check; call it off the GUI thread."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def spend_a_hash(password: str) -> None:
    """The cost of a real check, for a login that does not exist (timing does not reveal logins)."""
    _HASHER.hash(password)


class PlatformManagedAccount(DomainError):
    """The account's password belongs to the platform; it is changed there, not on this terminal."""

    def __init__(self) -> None:
        super().__init__("该账号的密码由政务服务平台管理，请在平台上修改。")


def add_clerk(
    session: Session,
    *,
    login: str,
    display_name: str,
    role: Role,
    password: str,
    at: dt.datetime,
    policy: PasswordPolicy | None = None,
    actor: str = "system",
    demo: bool = False,
) -> Clerk:
    """A local account; its password must meet the policy (WeakPassword says why not, in Chinese).

    `demo=True` is for the demo's published training accounts only (demo / Demo@2026 contains its login).
    """
    if not demo:
        check_password(password, policy or PasswordPolicy(), login)
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
    audit.append(
        session, at=at, actor=actor, action=audit.Action.CLERK_CREATED, subject=login, role=role.value
    )
    return clerk


def record_failure(
    session: Session, clerk_id: int, now: dt.datetime, policy: LockoutPolicy, purpose: str
) -> LoginResult:
    """A wrong password: count it, lock the account at the limit, audit both (writer thread)."""
    clerk = session.get_one(Clerk, clerk_id)
    clerk.failed_attempts += 1
    audit.append(
        session,
        at=now,
        actor=clerk.login,
        action=audit.Action.LOGIN_FAILED,
        attempts=clerk.failed_attempts,
        purpose=purpose,
    )
    if clerk.failed_attempts >= policy.max_failures:
        clerk.locked_until = now + policy.lock_for
        clerk.failed_attempts = 0
        audit.append(
            session, at=now, actor=clerk.login, action=audit.Action.LOGIN_LOCKED_OUT, purpose=purpose
        )
        return LoginResult(None, LoginRefusal.LOCKED, locked_until=clerk.locked_until)
    left = policy.max_failures - clerk.failed_attempts
    return LoginResult(None, LoginRefusal.UNKNOWN_OR_WRONG, attempts_left=left)


def record_success(session: Session, clerk_id: int) -> ClerkIdentity:
    """A right password: the failure count starts again (writer thread). The caller audits what for."""
    clerk = session.get_one(Clerk, clerk_id)
    clerk.failed_attempts = 0
    clerk.locked_until = None
    return ClerkIdentity(clerk.login, clerk.display_name, Role(clerk.role))


@dataclass(frozen=True)
class _Account:
    id: int
    login: str
    password_hash: str
    disabled: bool
    locked_until: dt.datetime | None
    platform_managed: bool


class ClerkDirectory:
    """Login checks: the slow hash runs on the caller's thread, the counters on the writer thread."""

    def __init__(self, database: Database, writer: Writer, policy: LockoutPolicy | None = None) -> None:
        self._db = database
        self._writer = writer
        self._policy = policy or LockoutPolicy()

    @property
    def policy(self) -> LockoutPolicy:
        return self._policy

    def count(self) -> int:
        with self._db.read() as session:
            return len(session.scalars(select(Clerk.id)).all())

    def _account(self, login: str) -> _Account | None:
        with self._db.read() as session:
            clerk = session.scalar(select(Clerk).where(Clerk.login == login.strip()))
            if clerk is None:
                return None
            return _Account(
                clerk.id,
                clerk.login,
                clerk.password_hash,
                clerk.disabled,
                clerk.locked_until,
                clerk.verified_online_at is not None,
            )

    def check(
        self, login: str, password: str, now: dt.datetime, purpose: str
    ) -> tuple[_Account | None, LoginResult | None]:
        """The account and the slow hash check; (account, None) when the password is right, else the
        refusal (failures counted and audited). Unknown logins are audited without what was typed."""
        account = self._account(login)
        if account is None:
            spend_a_hash(password)
            self._writer.run(
                lambda s: audit.append(
                    s, at=now, actor="-", action=audit.Action.LOGIN_UNKNOWN, purpose=purpose
                )
            )
            return None, LoginResult(None, LoginRefusal.UNKNOWN_OR_WRONG)
        if account.disabled:
            return account, LoginResult(None, LoginRefusal.DISABLED)
        if account.locked_until is not None and account.locked_until > now:
            return account, LoginResult(None, LoginRefusal.LOCKED, locked_until=account.locked_until)
        if verify_password(account.password_hash, password):
            return account, None
        policy = self._policy
        return account, self._writer.run(lambda s: record_failure(s, account.id, now, policy, purpose))

    def authenticate(
        self, login: str, password: str, now: dt.datetime, *, action: str = audit.Action.LOGIN_SUCCEEDED
    ) -> LoginResult:
        """A login (or, with action=session.unlocked, an unlock): the right password resets the failure
        count and is audited as `action`."""
        purpose = "unlock" if action == audit.Action.UNLOCKED else "login"
        account, refusal = self.check(login, password, now, purpose)
        if refusal is not None:
            return refusal
        assert account is not None

        def succeed(session: Session) -> LoginResult:
            identity = record_success(session, account.id)
            audit.append(session, at=now, actor=identity.login, action=action)
            return LoginResult(identity)

        return self._writer.run(succeed)

    def register_failure(self, login: str, now: dt.datetime) -> LoginResult:
        """A wrong password that someone else (the platform) detected still counts toward lockout."""
        account = self._account(login)
        if account is None:
            return LoginResult(None, LoginRefusal.UNKNOWN_OR_WRONG)
        policy = self._policy
        return self._writer.run(lambda s: record_failure(s, account.id, now, policy, "login"))

    def change_password(
        self, login: str, old: str, new: str, now: dt.datetime, policy: PasswordPolicy
    ) -> LoginResult:
        """A local account's new password: the old one must be right (a wrong one counts toward lockout),
        the new one must meet the policy (WeakPassword) and differ from the old one."""
        check_password(new, policy, login)
        if new == old:
            raise WeakPassword(PasswordProblem.TOO_SIMPLE, policy)
        account, refusal = self.check(login, old, now, "password_change")
        if refusal is not None:
            return refusal
        assert account is not None
        if account.platform_managed:
            raise PlatformManagedAccount
        new_hash = hash_password(new)

        def change(session: Session) -> LoginResult:
            identity = record_success(session, account.id)
            session.get_one(Clerk, account.id).password_hash = new_hash
            audit.append(session, at=now, actor=identity.login, action=audit.Action.PASSWORD_CHANGED)
            return LoginResult(identity)

        return self._writer.run(change)
