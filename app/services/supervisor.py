"""A supervisor confirms a privileged action on the spot (void, re-open, ...): the desk's face of
SessionSecurity.approve, which checks their own login and password against the local clerk directory,
counts a failure toward their lockout, refuses their own requests, and audits every attempt with its
purpose (`supervisor.approved` / `supervisor.refused`, or `login.failed` for a wrong password)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.services.sessions import ApprovalRefusal, SessionSecurity
from app.store.clerks import ClerkIdentity


class SupervisorRefusal(StrEnum):
    WRONG = "wrong"  # unknown login or wrong password
    NOT_SUPERVISOR = "not_supervisor"  # a valid login without the supervisor role
    LOCKED = "locked"
    DISABLED = "disabled"
    SAME_PERSON = "same_person"  # nobody confirms their own request


_REFUSALS = {
    ApprovalRefusal.UNKNOWN_OR_WRONG: SupervisorRefusal.WRONG,
    ApprovalRefusal.NOT_SUPERVISOR: SupervisorRefusal.NOT_SUPERVISOR,
    ApprovalRefusal.LOCKED: SupervisorRefusal.LOCKED,
    ApprovalRefusal.DISABLED: SupervisorRefusal.DISABLED,
    ApprovalRefusal.SAME_PERSON: SupervisorRefusal.SAME_PERSON,
}


@dataclass(frozen=True)
class SupervisorCheck:
    identity: ClerkIdentity | None
    refusal: SupervisorRefusal | None = None


class SupervisorGate:
    """`confirm` runs on a worker thread (the password hash is slow on purpose)."""

    def __init__(self, security: SessionSecurity) -> None:
        self._security = security

    def confirm(
        self, login: str, password: str, *, purpose: str, requested_by: str, subject: str = ""
    ) -> SupervisorCheck:
        result = self._security.approve(
            requested_by=requested_by, supervisor=login, password=password, action=purpose, subject=subject
        )
        if result.approval is not None:
            return SupervisorCheck(result.approval.identity)
        return SupervisorCheck(None, _REFUSALS[result.refusal or ApprovalRefusal.UNKNOWN_OR_WRONG])
