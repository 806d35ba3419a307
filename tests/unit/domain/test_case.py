"""The case state machine: every permitted transition, and the ways a transition is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.case import (
    SUPERVISED,
    TERMINAL,
    TRANSITIONS,
    Actor,
    ActorKind,
    CaseStatus,
    IllegalTransition,
    allowed_targets,
    transition,
)
from app.domain.clock import CHINA_TZ
from app.domain.errors import DomainError

AT = dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ)
CLERK = Actor(ActorKind.CLERK, "clerk01")
SUPERVISOR = Actor(ActorKind.SUPERVISOR, "sup01")
PLATFORM = Actor(ActorKind.PLATFORM, "platform")


@pytest.mark.parametrize(("source", "target"), sorted(TRANSITIONS))
def test_every_permitted_transition_records_who_when_why(source: CaseStatus, target: CaseStatus) -> None:
    rule = TRANSITIONS[(source, target)]
    actor = next(a for a in (CLERK, SUPERVISOR, PLATFORM) if a.kind in rule.by)
    record = transition(source, target, actor, AT, reason="  材料不全  ")
    assert (record.from_status, record.to_status, record.actor, record.at) == (source, target, actor, AT)
    assert record.reason == "材料不全"


def test_accept_from_draft_needs_no_reason() -> None:
    assert transition(CaseStatus.DRAFT, CaseStatus.ACCEPTED, CLERK, AT).reason == ""


@pytest.mark.parametrize("target", [CaseStatus.REJECTED, CaseStatus.SUPPLEMENT_REQUESTED])
def test_rejection_and_supplement_need_a_reason(target: CaseStatus) -> None:
    with pytest.raises(IllegalTransition, match="reason"):
        transition(CaseStatus.DRAFT, target, CLERK, AT, reason="   ")


def test_unknown_transition_is_illegal() -> None:
    with pytest.raises(IllegalTransition) as info:
        transition(CaseStatus.DELIVERED, CaseStatus.ACCEPTED, CLERK, AT)
    assert info.value.current is CaseStatus.DELIVERED
    assert info.value.target is CaseStatus.ACCEPTED


def test_platform_steps_cannot_be_taken_by_a_clerk() -> None:
    with pytest.raises(IllegalTransition, match="clerk may not"):
        transition(CaseStatus.ACCEPTED, CaseStatus.IN_REVIEW, CLERK, AT)


def test_voiding_needs_a_supervisor() -> None:
    with pytest.raises(IllegalTransition, match="clerk may not"):
        transition(CaseStatus.ACCEPTED, CaseStatus.VOIDED, CLERK, AT, reason="重复录入")
    assert transition(CaseStatus.ACCEPTED, CaseStatus.VOIDED, SUPERVISOR, AT, reason="重复录入")


def test_naive_times_are_refused() -> None:
    with pytest.raises(DomainError, match="timezone"):
        transition(CaseStatus.DRAFT, CaseStatus.ACCEPTED, CLERK, AT.replace(tzinfo=None))


def test_actor_needs_an_identifier() -> None:
    with pytest.raises(DomainError):
        Actor(ActorKind.CLERK, " ")


def test_terminal_states_have_no_way_out_but_a_supervisors_reopening() -> None:
    for status in TERMINAL:
        assert allowed_targets(status) <= {CaseStatus.DRAFT}
        for target in allowed_targets(status):
            with pytest.raises(IllegalTransition, match="clerk may not"):
                transition(status, target, CLERK, AT, reason="错了")
            assert transition(status, target, SUPERVISOR, AT, reason="错了").to_status is target
    assert {CaseStatus.VOIDED, CaseStatus.DRAFT} == SUPERVISED
    assert allowed_targets(CaseStatus.DRAFT) == {
        CaseStatus.ACCEPTED,
        CaseStatus.SUPPLEMENT_REQUESTED,
        CaseStatus.REJECTED,
    }


def test_every_state_is_reachable_from_draft() -> None:
    seen = {CaseStatus.DRAFT}
    frontier = [CaseStatus.DRAFT]
    while frontier:
        for nxt in allowed_targets(frontier.pop()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(CaseStatus)
