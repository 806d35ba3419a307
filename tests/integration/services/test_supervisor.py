"""A supervisor confirms on the spot: only a supervisor's right password passes, never for their own
request; every try is audited."""

from __future__ import annotations

from sqlalchemy import select

from app.services.supervisor import SupervisorRefusal
from app.services.workspace import Workspace
from app.store.models import AuditEntry


def test_only_a_supervisor_confirms_and_every_attempt_is_audited(workspace: Workspace) -> None:
    gate = workspace.supervisor
    ok = gate.confirm("leader", "Leader@2026", purpose="作废办件 X", requested_by="demo", subject="X")
    assert ok.identity is not None
    assert ok.identity.login == "leader"
    wrong = gate.confirm("leader", "nope", purpose="作废办件 X", requested_by="demo", subject="X")
    assert wrong.refusal is SupervisorRefusal.WRONG
    clerk = gate.confirm("demo", "Demo@2026", purpose="作废办件 X", requested_by="demo", subject="X")
    assert clerk.refusal is SupervisorRefusal.NOT_SUPERVISOR
    own = gate.confirm("leader", "Leader@2026", purpose="作废办件 Y", requested_by="leader", subject="Y")
    assert own.refusal is SupervisorRefusal.SAME_PERSON
    with workspace.store.database.read() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.actor, AuditEntry.detail).where(
                AuditEntry.action.like("supervisor.%") | (AuditEntry.action == "login.failed")
            )
        ).all()
    assert [(r.action, r.actor) for r in rows] == [
        ("supervisor.approved", "leader"),
        ("login.failed", "leader"),  # a wrong password counts toward the supervisor's lockout
        ("supervisor.refused", "demo"),
        ("supervisor.refused", "leader"),
    ]
    approved, _failed, refused, own_request = (r.detail for r in rows)
    assert approved["privileged_action"] == refused["privileged_action"] == "作废办件 X"
    assert approved["requested_by"] == "demo"
    assert own_request["reason"] == "same_person"
