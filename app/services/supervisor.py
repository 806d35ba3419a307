"""A supervisor confirms a privileged action on the spot (void, re-open, ...): their own login and password,
checked against the local clerk directory, counted toward their lockout, and audited with the purpose."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.store import audit
from app.store.clerks import ClerkDirectory, ClerkIdentity, LoginRefusal, Role
from app.store.writer import Writer


class SupervisorRefusal(StrEnum):
    WRONG = "wrong"  # unknown login or wrong password
    NOT_SUPERVISOR = "not_supervisor"  # a valid login without the supervisor role
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class SupervisorCheck:
    identity: ClerkIdentity | None
    refusal: SupervisorRefusal | None = None


class SupervisorGate:
    """`confirm` runs on a worker thread (the password hash is slow on purpose)."""

    def __init__(self, clerks: ClerkDirectory, writer: Writer, clock: Clock) -> None:
        self._clerks = clerks
        self._writer = writer
        self._clock = clock

    def confirm(
        self, login: str, password: str, *, purpose: str, requested_by: str, subject: str = ""
    ) -> SupervisorCheck:
        now = self._clock.now()
        result = self._clerks.authenticate(login, password, now)
        identity = result.identity
        refusal: SupervisorRefusal | None = None
        if identity is None:
            refusal = {
                LoginRefusal.LOCKED: SupervisorRefusal.LOCKED,
                LoginRefusal.DISABLED: SupervisorRefusal.DISABLED,
            }.get(result.refusal or LoginRefusal.UNKNOWN_OR_WRONG, SupervisorRefusal.WRONG)
        elif identity.role not in {Role.SUPERVISOR, Role.ADMIN}:
            refusal = SupervisorRefusal.NOT_SUPERVISOR
        confirmed = refusal is None

        def record(session: Session) -> None:
            audit.append(
                session,
                at=now,
                actor=login.strip() or "-",
                action="supervisor.confirmed" if confirmed else "supervisor.refused",
                subject=subject,
                purpose=purpose,
                requested_by=requested_by,
                **({} if confirmed else {"refusal": str(refusal)}),
            )

        self._writer.run(record)
        return SupervisorCheck(identity if confirmed else None, refusal)
