"""Deadlines into a year without a published holiday schedule: provisional, then recounted on import."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.domain.case import CaseStatus
from app.domain.clock import CHINA_TZ, FixedClock
from app.domain.errors import DomainError
from app.services.desk import DecisionRequest
from app.services.workspace import Workspace
from app.store import audit
from app.store.cases import Applicant
from app.store.clerks import ClerkIdentity

APPLICANT = Applicant("natural", "张三", "resident", "110101199003070011", "13800138000", "杭州市西湖区")
# A made-up 2027 schedule: the real one is not published yet (chinesecalendar stops at 2026).
MADE_UP_2027 = {
    "version": "test-2027",
    "years": {
        "2027": {
            "complete": True,
            "holidays": [{"date": "2027-01-01", "name": "元旦"}, {"date": "2027-01-04", "name": "元旦"}],
        }
    },
}


def accept(workspace: Workspace, clerk: ClerkIdentity, item_name: str) -> str:
    view = workspace.catalogue
    code = view.search(item_name, 1)[0]
    item = view.item(code)
    answers = {q.id: False for q in item.questions}
    received = frozenset(m.id for m in item.checklist(answers))
    outcome = workspace.desk_for(clerk).decide(
        DecisionRequest(APPLICANT, item, view.version, CaseStatus.ACCEPTED, answers, received)
    )
    return outcome.case.id


def test_deadline_into_an_unpublished_year_is_provisional_then_final_after_import(
    workspace: Workspace, clerk: ClerkIdentity, clock: FixedClock
) -> None:
    clock.set(dt.datetime(2026, 12, 10, 10, 0, tzinfo=CHINA_TZ))
    case_id = accept(workspace, clerk, "不动产抵押权首次登记")
    case = workspace.desk_for(clerk).load(case_id)
    item = case.items[0]
    assert item.legal_due.year == 2027
    assert item.deadline_provisional
    provisional_due = item.legal_due

    changed = workspace.import_calendar(json.dumps(MADE_UP_2027), actor="it:test")
    assert changed == 1
    item = workspace.desk_for(clerk).load(case_id).items[0]
    assert not item.deadline_provisional
    assert item.legal_due > provisional_due  # two made-up weekday holidays push it out
    with workspace.store.database.read() as session:
        actions = [
            e.action for e in session.scalars(audit.select(audit.AuditEntry).order_by(audit.AuditEntry.id))
        ]
        assert audit.verify(session).ok
    assert "calendar.imported" in actions
    assert "deadline.recomputed" in actions


def test_a_new_case_after_the_import_uses_the_new_calendar(
    workspace: Workspace, clerk: ClerkIdentity, clock: FixedClock
) -> None:
    workspace.import_calendar(json.dumps(MADE_UP_2027), actor="it:test")
    clock.set(dt.datetime(2026, 12, 10, 10, 0, tzinfo=CHINA_TZ))
    item = workspace.desk_for(clerk).load(accept(workspace, clerk, "不动产抵押权首次登记")).items[0]
    assert not item.deadline_provisional


def test_a_broken_override_file_changes_nothing(workspace: Workspace) -> None:
    with pytest.raises(DomainError):
        workspace.import_calendar(
            '{"years": {"2027": {"holidays": [{"date": "2027-13-01"}]}}}', actor="it:test"
        )
    assert workspace.calendar.covers(2027) is False
