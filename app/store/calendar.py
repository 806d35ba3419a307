"""The holiday override table in the database, and recomputing deadlines once a year's schedule is known."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calendar import CalendarOverrides, WorkingCalendar
from app.domain.clock import CHINA_TZ
from app.store import audit
from app.store.models import Case, CaseItem, Meta

OVERRIDES_KEY = "calendar.overrides"


def load_overrides(session: Session) -> CalendarOverrides:
    row = session.get(Meta, OVERRIDES_KEY)
    return CalendarOverrides() if row is None else CalendarOverrides.from_json(row.value)


def save_overrides(session: Session, overrides: CalendarOverrides, *, at: dt.datetime, actor: str) -> None:
    row = session.get(Meta, OVERRIDES_KEY)
    if row is None:
        session.add(Meta(key=OVERRIDES_KEY, value=overrides.to_json()))
    else:
        row.value = overrides.to_json()
    audit.append(
        session,
        at=at,
        actor=actor,
        action="calendar.imported",
        version=overrides.version,
        complete_years=sorted(overrides.complete_years),
    )


def recompute_provisional_deadlines(
    session: Session, calendar: WorkingCalendar, *, at: dt.datetime, actor: str
) -> int:
    """Recount every provisional deadline with the calendar as it now stands; returns how many changed.

    A deadline counts from the acceptance day (the decision time), never from today.
    """
    rows = session.execute(
        select(CaseItem, Case.decided_at, Case.number)
        .join(Case, Case.id == CaseItem.case_id)
        .where(CaseItem.deadline_provisional.is_(True), Case.decided_at.is_not(None))
    ).all()
    changed = 0
    for item, decided_at, number in rows:
        assert decided_at is not None  # filtered in the query
        accepted_on = decided_at.astimezone(CHINA_TZ).date()
        provisional = False
        before = (item.legal_due, item.promised_due)
        if item.legal_due is not None:
            legal = calendar.add_working_days(accepted_on, item.legal_limit_days)
            item.legal_due, provisional = legal.due, legal.provisional
        if item.promised_due is not None:
            promised = calendar.add_working_days(accepted_on, item.promised_limit_days)
            item.promised_due = promised.due
            provisional = provisional or promised.provisional
        if provisional:
            continue  # still reaches into an uncovered year; dates recounted but stay marked
        item.deadline_provisional = False
        changed += 1
        audit.append(
            session,
            at=at,
            actor=actor,
            action="deadline.recomputed",
            subject=number,
            before=[d.isoformat() if d else None for d in before],
            after=[d.isoformat() if d else None for d in (item.legal_due, item.promised_due)],
        )
    return changed
