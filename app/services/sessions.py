"""Clerk sessions beyond the login: unlocking the locked screen, changing a password, supervisor
re-authentication for privileged actions, creating local accounts.

`SessionSecurity.approve` is the service-level check a privileged action calls (a reprint, voiding a
case, ...): the UI asks a supervisor for their login and password (app/ui/supervisor.py) and passes them
here; the approval is audited (`supervisor.approved` / `supervisor.refused`, with the action and the
requesting clerk) and a wrong password counts toward the supervisor's lockout like a wrong login.
All methods run the slow password hash: call them from a worker thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.domain.passwords import PasswordPolicy
from app.store import audit
from app.store.clerks import ClerkIdentity, LoginRefusal, LoginResult, Role, add_clerk, record_success
from app.store.local import LocalStore

SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


class ApprovalRefusal(StrEnum):
    UNKNOWN_OR_WRONG = "unknown_or_wrong"
    LOCKED = "locked"
    DISABLED = "disabled"
    NOT_SUPERVISOR = "not_supervisor"  # the password was right, the account may not approve
    SAME_PERSON = "same_person"  # nobody approves their own request


@dataclass(frozen=True)
class Approval:
    supervisor: str
    action: str
    subject: str
    requested_by: str
    at: dt.datetime
    audit_hash: str  # the `supervisor.approved` row; the privileged action may name it in its own row
    identity: ClerkIdentity | None = None  # the supervisor who approved


@dataclass(frozen=True)
class ApprovalResult:
    approval: Approval | None
    refusal: ApprovalRefusal | None = None
    locked_until: dt.datetime | None = None
    attempts_left: int | None = None


_FROM_LOGIN = {
    LoginRefusal.UNKNOWN_OR_WRONG: ApprovalRefusal.UNKNOWN_OR_WRONG,
    LoginRefusal.LOCKED: ApprovalRefusal.LOCKED,
    LoginRefusal.DISABLED: ApprovalRefusal.DISABLED,
    LoginRefusal.OFFLINE_EXPIRED: ApprovalRefusal.UNKNOWN_OR_WRONG,
}


class SessionSecurity:
    def __init__(
        self, store: LocalStore, clock: Clock, passwords: PasswordPolicy, *, allow_self_approval: bool = False
    ) -> None:
        self._store = store
        self._clock = clock
        self._passwords = passwords
        self._allow_self = allow_self_approval

    @property
    def password_policy(self) -> PasswordPolicy:
        return self._passwords

    def unlock(self, identity: ClerkIdentity, password: str) -> LoginResult:
        """The locked screen's password: only the clerk who locked it; failures count toward lockout."""
        return self._store.clerks.authenticate(
            identity.login, password, self._clock.now(), action=audit.Action.UNLOCKED
        )

    def change_password(self, login: str, old: str, new: str) -> LoginResult:
        """Raises WeakPassword (why, in Chinese) or PlatformManagedAccount; a wrong old password is a
        refusal that counts toward lockout."""
        return self._store.clerks.change_password(login, old, new, self._clock.now(), self._passwords)

    def add_local_clerk(
        self, *, login: str, display_name: str, role: Role, password: str, actor: str
    ) -> None:
        """A local account (IT staff, `main.py clerk add`); raises WeakPassword."""
        at = self._clock.now()
        policy = self._passwords
        self._store.writer.run(
            lambda s: add_clerk(
                s,
                login=login,
                display_name=display_name,
                role=role,
                password=password,
                at=at,
                policy=policy,
                actor=actor,
            )
        )

    def approve(
        self, *, requested_by: str, supervisor: str, password: str, action: str, subject: str = ""
    ) -> ApprovalResult:
        """Re-authenticate a supervisor for one privileged action (see the module docstring)."""
        now = self._clock.now()
        account, refusal = self._store.clerks.check(supervisor, password, now, "supervisor")
        if refusal is not None:
            assert refusal.refusal is not None
            return ApprovalResult(
                None, _FROM_LOGIN[refusal.refusal], refusal.locked_until, refusal.attempts_left
            )
        assert account is not None
        allow_self = self._allow_self

        def decide(session: Session) -> ApprovalResult:
            identity = record_success(session, account.id)
            problem: ApprovalRefusal | None = None
            if identity.role not in SUPERVISOR_ROLES:
                problem = ApprovalRefusal.NOT_SUPERVISOR
            elif identity.login == requested_by and not allow_self:
                problem = ApprovalRefusal.SAME_PERSON
            if problem is not None:
                audit.append(
                    session,
                    at=now,
                    actor=identity.login,
                    action=audit.Action.SUPERVISOR_REFUSED,
                    subject=subject,
                    privileged_action=action,
                    requested_by=requested_by,
                    reason=problem.value,
                )
                return ApprovalResult(None, problem)
            digest = audit.append(
                session,
                at=now,
                actor=identity.login,
                action=audit.Action.SUPERVISOR_APPROVED,
                subject=subject,
                privileged_action=action,
                requested_by=requested_by,
            )
            return ApprovalResult(
                Approval(identity.login, action, subject, requested_by, now, digest, identity)
            )

        return self._store.writer.run(decide)
