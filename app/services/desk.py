"""The clerk's decisions at the desk: commit the case, then (and only then) issue its notice.

受理, 补正 (一次性告知, with the 5-working-day deadline) and 不予受理 on a new application (one item or a
一表申报 bundle); the same on a case already on file (补正 complete, or re-opened); void and re-open by a
supervisor confirmed on the spot; 出件.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from app.documents.templates import NoticeKind
from app.domain.bundle import Bundle, combine
from app.domain.calendar import WorkingCalendar
from app.domain.case import Actor, CaseStatus
from app.domain.catalogue import ServiceItem
from app.domain.clock import CHINA_TZ, Clock
from app.domain.errors import DomainError
from app.services.notices import NoticeIssuer, RejectionGround
from app.store import cases
from app.store.cases import Agent, Applicant, CaseSnapshot, Desk, ItemLine, MaterialLine, NewCase
from app.store.fastpath import Tx
from app.store.local import LocalStore

log = logging.getLogger(__name__)

SUPPLEMENT_WORKING_DAYS = 5  # 行政许可法 Art. 32(4): 当场或者在五日内一次告知


@dataclass(frozen=True)
class DecisionRequest:
    """What the clerk decided, as the acceptance page collected it."""

    applicant: Applicant
    item: ServiceItem | Sequence[ServiceItem]  # one item, or the items of a 一表申报
    catalogue_version: str
    decision: CaseStatus
    answers: Mapping[str, bool] = field(default_factory=dict)
    received: frozenset[str] = frozenset()  # material ids handed in
    reason: str = ""
    ground: RejectionGround = RejectionGround.OTHER
    agent: Agent | None = None
    form_data: Mapping[str, Any] = field(default_factory=dict)
    form_versions: Mapping[str, str] = field(default_factory=dict)

    @property
    def items(self) -> tuple[ServiceItem, ...]:
        return (self.item,) if isinstance(self.item, ServiceItem) else tuple(self.item)


@dataclass(frozen=True)
class DecisionOutcome:
    case: CaseSnapshot
    notice_id: int | None  # the decision's document; None when it could not be produced
    notice_error: str | None = None
    documents: tuple[int, ...] = ()  # every document issued (e.g. 补正 notice and 材料接收凭证)


# The documents a decision issues, the first being "the" notice of the decision.
DOCUMENTS = {
    CaseStatus.ACCEPTED: (NoticeKind.ACCEPTANCE,),
    CaseStatus.SUPPLEMENT_REQUESTED: (NoticeKind.SUPPLEMENT, NoticeKind.RECEIPT),
    CaseStatus.REJECTED: (NoticeKind.REJECTION,),
    CaseStatus.DELIVERED: (NoticeKind.DELIVERY,),
}


def material_lines(
    item: ServiceItem | Bundle, answers: Mapping[str, bool], received: frozenset[str]
) -> tuple[MaterialLine, ...]:
    """The checklist for these answers, marked with what was handed in."""
    bundle = item if isinstance(item, Bundle) else combine([item])
    return tuple(
        MaterialLine(
            material_id=m.id,
            name=m.name,
            required=True,  # the checklist holds only what these answers require
            form=m.form.value,
            originals=m.originals,
            copies=m.copies,
            received=m.id in received,
            item_codes=bundle.item_codes[m.id],
        )
        for m in bundle.item.checklist(answers)
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

    @property
    def notices(self) -> NoticeIssuer:
        return self._notices

    def item_lines(
        self, items: Sequence[ServiceItem | ItemLine], decision: CaseStatus, on: dt.date
    ) -> list[ItemLine]:
        """Items with their deadlines: counted from `on` (the acceptance day) for an acceptance only."""
        calendar = self._calendar()
        lines = []
        for item in items:
            if isinstance(item, ItemLine):
                legal_days, promised_days = item.legal_limit_days or None, item.promised_limit_days
                base = item
            else:
                legal_days, promised_days = item.legal_limit_days, item.promised_limit_days
                base = ItemLine(item.code, item.name, item.department, legal_days or 0, promised_days)
            legal_due = promised_due = None
            provisional = False
            if decision is CaseStatus.ACCEPTED:
                if legal_days is not None:
                    legal = calendar.add_working_days(on, legal_days)
                    legal_due, provisional = legal.due, legal.provisional
                promised = calendar.add_working_days(on, promised_days)
                promised_due = promised.due
                provisional = provisional or promised.provisional
            lines.append(
                ItemLine(
                    base.code,
                    base.name,
                    base.department,
                    base.legal_limit_days,
                    base.promised_limit_days,
                    legal_due,
                    promised_due,
                    provisional,
                )
            )
        return lines

    def supplement_due(self, received_on: dt.date) -> dt.date:
        return self._calendar().add_working_days(received_on, SUPPLEMENT_WORKING_DAYS).due

    def new_case(self, request: DecisionRequest, at: dt.datetime) -> NewCase:
        bundle = combine(request.items)
        on = at.astimezone(CHINA_TZ).date()
        materials = material_lines(bundle, request.answers, request.received)
        if request.decision is CaseStatus.ACCEPTED and any(not m.received for m in materials):
            raise DomainError("an application is accepted only with every listed material")
        if request.decision is CaseStatus.SUPPLEMENT_REQUESTED and all(m.received for m in materials):
            raise DomainError("nothing is missing: a supplement notice would list nothing")
        return NewCase(
            applicant=request.applicant,
            items=tuple(self.item_lines(request.items, request.decision, on)),
            materials=materials,
            catalogue_version=request.catalogue_version,
            answers=dict(request.answers),
            form_data=dict(request.form_data),
            agent=request.agent,
            form_versions=dict(request.form_versions),
            supplement_due=self.supplement_due(on)
            if request.decision is CaseStatus.SUPPLEMENT_REQUESTED
            else None,
        )

    def decide(
        self, request: DecisionRequest, with_case: Callable[[Tx, str], None] | None = None
    ) -> DecisionOutcome:
        """Commit the case (fsync'd, on the writer thread), then produce its documents.

        `with_case(tx, case_id)` records what belongs to the case (its scanned materials) in the same
        transaction: the case is decided with them or not at all. Call from a worker thread. A failure
        to produce a notice does not undo the case: the outcome says so, and the notice can be issued
        again from the case.
        """
        at = self._clock.now()
        new = self.new_case(request, at)

        def record(tx: Tx) -> tuple[cases.Recorded, tuple[MaterialLine, ...] | None]:
            recorded = cases.record_decision(tx, new, self._desk, request.decision, at, reason=request.reason)
            if with_case is None:
                return recorded, None
            with_case(tx, recorded.id)
            return recorded, cases.stored_materials(tx, recorded.id)

        # Straight on the driver connection; the snapshot is built from what was written, the materials
        # read back when scans or e-licences changed them.
        recorded, materials = self._store.writer.run_direct(record)
        snapshot = recorded.snapshot()
        if materials is not None:
            snapshot = replace(snapshot, materials=materials)
        return self._issue(snapshot, request.decision, request.ground)

    def decide_existing(
        self,
        case_id: str,
        decision: CaseStatus,
        *,
        received: frozenset[str] = frozenset(),
        reason: str = "",
        ground: RejectionGround = RejectionGround.OTHER,
    ) -> DecisionOutcome:
        """补正 complete (the acceptance date is the day the complete supplement arrived), or a re-opened
        case decided again."""
        at = self._clock.now()
        case = self.load(case_id)
        if case is None:
            raise DomainError("no such case")
        got = received | {m.material_id for m in case.materials if m.received}
        missing = [m for m in case.materials if m.required and m.material_id not in got]
        if decision is CaseStatus.ACCEPTED and missing:
            raise DomainError("an application is accepted only with every listed material")
        on = at.astimezone(CHINA_TZ).date()
        items = self.item_lines(case.items, decision, on)
        due = self.supplement_due(on) if decision is CaseStatus.SUPPLEMENT_REQUESTED else None

        def record(session: Session) -> CaseSnapshot:
            cases.redecide(
                session,
                case_id,
                self._desk.clerk,
                decision,
                at,
                received=received,
                items=items,
                supplement_due=due,
                reason=reason,
            )
            snapshot = cases.load_case(session, case_id)
            assert snapshot is not None
            return snapshot

        return self._issue(self._store.writer.run(record), decision, ground)

    def supervise(self, case_id: str, target: CaseStatus, supervisor: Actor, reason: str) -> CaseSnapshot:
        """Void or re-open (a supervisor confirmed on the spot: app.ui.supervisor)."""
        at = self._clock.now()

        def record(session: Session) -> CaseSnapshot:
            cases.supervise(session, case_id, supervisor, target, at, reason=reason)
            snapshot = cases.load_case(session, case_id)
            assert snapshot is not None
            return snapshot

        return self._store.writer.run(record)

    def deliver(self, case_id: str, delivery: Mapping[str, Any]) -> DecisionOutcome:
        """出件: window pickup or post (courier, tracking number), after the identity check."""
        if delivery.get("method") == "post" and not (
            delivery.get("courier") and delivery.get("tracking_number")
        ):
            raise DomainError("postal delivery needs the courier and the tracking number")
        at = self._clock.now()

        def record(session: Session) -> CaseSnapshot:
            cases.record_delivery(session, case_id, self._desk.clerk, at, dict(delivery))
            snapshot = cases.load_case(session, case_id)
            assert snapshot is not None
            return snapshot

        return self._issue(self._store.writer.run(record), CaseStatus.DELIVERED, RejectionGround.OTHER)

    def issue_receipt(self, case_id: str) -> int:
        """A 材料接收凭证 on demand, for any case on file."""
        case = self.load(case_id)
        if case is None:
            raise DomainError("no such case")
        return self._notices.issue(case, NoticeKind.RECEIPT)

    def _issue(
        self, snapshot: CaseSnapshot, decision: CaseStatus, ground: RejectionGround
    ) -> DecisionOutcome:
        issued: list[int] = []
        try:
            for kind in DOCUMENTS.get(decision, ()):
                issued.append(self._notices.issue(snapshot, kind, ground=ground))  # noqa: PERF401
        except Exception as exc:
            log.exception("a notice for a committed case could not be produced")
            return DecisionOutcome(snapshot, issued[0] if issued else None, type(exc).__name__, tuple(issued))
        return DecisionOutcome(snapshot, issued[0] if issued else None, None, tuple(issued))

    def load(self, case_id: str) -> CaseSnapshot | None:
        with self._store.database.read() as session:
            return cases.load_case(session, case_id)

    def find(self, text: str) -> list[str]:
        """Cases by number (local or official, as typed or scanned) or by the applicant's ID number."""
        text = text.strip()
        if not text:
            return []
        if "://" in text or "=" in text:
            # A scanned QR code holds the progress-query URL; the case number is its last value.
            text = re.split(r"[=/?&]", text.rstrip("/"))[-1]
        with self._store.database.read() as session:
            found = cases.find_by_number(session, text)
            if found is not None:
                return [found]
            return cases.find_for_holder(session, text)

    def earlier(self, id_number: str) -> tuple[dict[str, Any], str]:
        """The applicant's earlier form values and phone, for prefill."""
        with self._store.database.read() as session:
            return cases.earlier_values(session, id_number)
