"""The case (办件) lifecycle as an explicit state machine; every transition says who, when and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import DomainError


class CaseStatus(StrEnum):
    DRAFT = "draft"
    ACCEPTED = "accepted"  # 受理
    SUPPLEMENT_REQUESTED = "supplement_requested"  # 补正 (一次性告知)
    REJECTED = "rejected"  # 不予受理
    IN_REVIEW = "in_review"  # 审查中 (platform)
    APPROVED = "approved"  # 准予 (platform)
    DENIED = "denied"  # 不予许可 (platform)
    RESULT_READY = "result_ready"  # 待出件
    DELIVERED = "delivered"  # 已出件
    VOIDED = "voided"  # 作废 (supervisor)


class ActorKind(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    PLATFORM = "platform"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    ident: str

    def __post_init__(self) -> None:
        if not self.ident.strip():
            raise DomainError("an actor needs an identifier")


@dataclass(frozen=True)
class Rule:
    """Who may move a case into a state, and whether they must say why."""

    by: frozenset[ActorKind]
    reason_required: bool = False


_DESK = frozenset({ActorKind.CLERK, ActorKind.SUPERVISOR})
_PLATFORM = frozenset({ActorKind.PLATFORM})
_SUPERVISOR = frozenset({ActorKind.SUPERVISOR})

S = CaseStatus
TRANSITIONS: dict[tuple[CaseStatus, CaseStatus], Rule] = {
    (S.DRAFT, S.ACCEPTED): Rule(_DESK),
    (S.DRAFT, S.SUPPLEMENT_REQUESTED): Rule(_DESK, reason_required=True),
    (S.DRAFT, S.REJECTED): Rule(_DESK, reason_required=True),
    # The applicant brought the missing materials (or gave up, or the case is beyond the agency).
    (S.SUPPLEMENT_REQUESTED, S.ACCEPTED): Rule(_DESK),
    (S.SUPPLEMENT_REQUESTED, S.REJECTED): Rule(_DESK, reason_required=True),
    (S.ACCEPTED, S.IN_REVIEW): Rule(_PLATFORM),
    (S.ACCEPTED, S.APPROVED): Rule(_PLATFORM),  # 即办件: decided without a separate review step
    (S.ACCEPTED, S.DENIED): Rule(_PLATFORM, reason_required=True),
    (S.IN_REVIEW, S.APPROVED): Rule(_PLATFORM),
    (S.IN_REVIEW, S.DENIED): Rule(_PLATFORM, reason_required=True),
    (S.APPROVED, S.RESULT_READY): Rule(_PLATFORM),
    (S.DENIED, S.RESULT_READY): Rule(_PLATFORM),
    (S.RESULT_READY, S.DELIVERED): Rule(_DESK),
    # Voiding is a privileged correction (wrong applicant, duplicate entry) before the platform decides.
    (S.ACCEPTED, S.VOIDED): Rule(_SUPERVISOR, reason_required=True),
    (S.SUPPLEMENT_REQUESTED, S.VOIDED): Rule(_SUPERVISOR, reason_required=True),
    # Re-opening a refusal or a voiding made in error: the case goes back to the desk for a new decision.
    (S.REJECTED, S.DRAFT): Rule(_SUPERVISOR, reason_required=True),
    (S.VOIDED, S.DRAFT): Rule(_SUPERVISOR, reason_required=True),
}

# Terminal for the desk: only a supervisor re-opens a refusal or a voided case.
TERMINAL = frozenset({S.REJECTED, S.DELIVERED, S.VOIDED})
# What a supervisor must confirm on the spot.
SUPERVISED = frozenset(target for (_source, target), rule in TRANSITIONS.items() if rule.by == _SUPERVISOR)


class IllegalTransition(DomainError):
    def __init__(self, current: CaseStatus, target: CaseStatus, why: str) -> None:
        super().__init__(f"{current.value} -> {target.value}: {why}")
        self.current = current
        self.target = target
        self.why = why


@dataclass(frozen=True)
class Transition:
    """A recorded change of state: the case timeline is a list of these."""

    from_status: CaseStatus
    to_status: CaseStatus
    actor: Actor
    at: dt.datetime
    reason: str


def allowed_targets(current: CaseStatus) -> frozenset[CaseStatus]:
    return frozenset(target for (source, target) in TRANSITIONS if source == current)


def transition(
    current: CaseStatus, target: CaseStatus, actor: Actor, at: dt.datetime, reason: str = ""
) -> Transition:
    """Check a transition against the rules and return its record, or raise IllegalTransition."""
    rule = TRANSITIONS.get((current, target))
    if rule is None:
        raise IllegalTransition(current, target, "not a permitted transition")
    if actor.kind not in rule.by:
        raise IllegalTransition(current, target, f"{actor.kind.value} may not do this")
    if rule.reason_required and not reason.strip():
        raise IllegalTransition(current, target, "a reason is required")
    if at.tzinfo is None:
        raise DomainError("transition times must be timezone-aware")
    return Transition(current, target, actor, at, reason.strip())
