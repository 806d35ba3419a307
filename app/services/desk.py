"""The clerk's decision at the desk: commit the case, then (and only then) issue its notice."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.domain.calendar import WorkingCalendar
from app.domain.case import CaseStatus
from app.domain.catalogue import ServiceItem
from app.domain.clock import CHINA_TZ, Clock
from app.services.notices import NoticeIssuer
from app.store import cases
from app.store.cases import Applicant, CaseSnapshot, Desk, ItemLine, MaterialLine, NewCase
from app.store.local import LocalStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DecisionRequest:
    """What the clerk decided, as the acceptance page collected it."""

    applicant: Applicant
    item: ServiceItem
    catalogue_version: str
    decision: CaseStatus
    answers: Mapping[str, bool] = field(default_factory=dict)
    received: frozenset[str] = frozenset()  # material ids handed in
    reason: str = ""


@dataclass(frozen=True)
class DecisionOutcome:
    case: CaseSnapshot
    notice_id: int | None  # IssuedDocument id; None when the notice could not be produced
    notice_error: str | None = None


def material_lines(
    item: ServiceItem, answers: Mapping[str, bool], received: frozenset[str]
) -> tuple[MaterialLine, ...]:
    """The checklist for these answers, marked with what was handed in."""
    return tuple(
        MaterialLine(
            material_id=m.id,
            name=m.name,
            required=True,  # the checklist holds only what these answers require
            form=m.form.value,
            originals=m.originals,
            copies=m.copies,
            received=m.id in received,
            item_codes=(item.code,),
        )
        for m in item.checklist(answers)
    )


class DeskService:
    def __init__(
        self,
        store: LocalStore,
        calendar: Callable[[], WorkingCalendar],  # the current one: an imported holiday table replaces it
        clock: Clock,
        desk: Desk,
        notices: NoticeIssuer,
    ) -> None:
        self._store = store
        self._calendar = calendar
        self._clock = clock
        self._desk = desk
        self._notices = notices

    @property
    def desk(self) -> Desk:
        return self._desk

    def new_case(self, request: DecisionRequest, at: dt.datetime) -> NewCase:
        item = request.item
        accepted_on = at.astimezone(CHINA_TZ).date()
        calendar = self._calendar()
        legal_due = promised_due = None
        provisional = False
        if request.decision is CaseStatus.ACCEPTED:
            if item.legal_limit_days is not None:
                legal = calendar.add_working_days(accepted_on, item.legal_limit_days)
                legal_due, provisional = legal.due, legal.provisional
            promised = calendar.add_working_days(accepted_on, item.promised_limit_days)
            promised_due = promised.due
            provisional = provisional or promised.provisional
        line = ItemLine(
            code=item.code,
            name=item.name,
            department=item.department,
            legal_limit_days=item.legal_limit_days or 0,
            promised_limit_days=item.promised_limit_days,
            legal_due=legal_due,
            promised_due=promised_due,
            deadline_provisional=provisional,
        )
        return NewCase(
            applicant=request.applicant,
            items=(line,),
            materials=material_lines(item, request.answers, request.received),
            catalogue_version=request.catalogue_version,
            answers=dict(request.answers),
        )

    def decide(self, request: DecisionRequest) -> DecisionOutcome:
        """Commit the case (fsync'd, on the writer thread), then produce its notice.

        Call from a worker thread. A failure to produce the notice does not undo the case: the outcome says
        so, and the notice can be issued again from the case.
        """
        at = self._clock.now()
        new = self.new_case(request, at)

        def record(session: Session) -> CaseSnapshot:
            case_id = cases.record_decision(
                session, new, self._desk, request.decision, at, reason=request.reason
            )
            snapshot = cases.load_case(session, case_id)
            assert snapshot is not None
            return snapshot

        snapshot = self._store.writer.run(record)
        if request.decision is not CaseStatus.ACCEPTED:
            return DecisionOutcome(snapshot, None)
        try:
            notice_id = self._notices.issue_acceptance_notice(snapshot)
        except Exception as exc:
            log.exception("acceptance notice for a committed case could not be produced")
            return DecisionOutcome(snapshot, None, type(exc).__name__)
        return DecisionOutcome(snapshot, notice_id)

    def load(self, case_id: str) -> CaseSnapshot | None:
        with self._store.database.read() as session:
            return cases.load_case(session, case_id)
