"""Cases: the decision transaction (case + timeline + audit + outbox in one commit) and read models."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session, selectinload

from app.domain.case import Actor, CaseStatus, Transition, transition
from app.domain.numbering import day_prefix, next_case_number
from app.store import audit, numbers, outbox
from app.store.fastpath import TableInserter, Tx, raw_driver_connection
from app.store.ids import time_ordered_id
from app.store.models import Case, CaseEvent, CaseItem, CaseMaterial
from app.store.types import AwareDateTime


@dataclass(frozen=True)
class Applicant:
    kind: str  # natural | legal
    name: str
    id_type: str  # GA/T 2000.156 code: 111 居民身份证, 001 统一社会信用代码, ...
    id_number: str
    phone: str
    address: str = ""
    legal_representative: str | None = None


@dataclass(frozen=True)
class Agent:
    """Who came for the applicant (代办人/受托人); the power of attorney is among the materials."""

    name: str
    id_type: str
    id_number: str
    phone: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "id_type": self.id_type, "id_number": self.id_number, "phone": self.phone}

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> Agent | None:
        if not raw:
            return None
        return cls(str(raw["name"]), str(raw["id_type"]), str(raw["id_number"]), str(raw.get("phone", "")))


@dataclass(frozen=True)
class ItemLine:
    code: str
    name: str
    department: str
    legal_limit_days: int
    promised_limit_days: int
    legal_due: dt.date | None = None
    promised_due: dt.date | None = None
    deadline_provisional: bool = False


@dataclass(frozen=True)
class MaterialLine:
    material_id: str
    name: str
    required: bool
    form: str
    originals: int
    copies: int
    received: bool
    pages: int = 0
    e_licence_ref: str | None = None
    item_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewCase:
    applicant: Applicant
    items: tuple[ItemLine, ...]
    materials: tuple[MaterialLine, ...]
    catalogue_version: str
    answers: dict[str, Any] = field(default_factory=dict)
    form_data: dict[str, Any] = field(default_factory=dict)
    agent: Agent | None = None
    form_versions: dict[str, str] = field(default_factory=dict)
    supplement_due: dt.date | None = None


@dataclass(frozen=True)
class Desk:
    """Where and by whom a case is taken in."""

    terminal: str
    window: str
    clerk: Actor
    clerk_name: str


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    from_status: CaseStatus
    to_status: CaseStatus
    actor_kind: str
    actor_id: str
    reason: str


@dataclass(frozen=True)
class CaseSnapshot:
    """Everything the screens and notices need about one case, detached from the session."""

    id: str
    number: str
    official_number: str | None
    status: CaseStatus
    title: str
    window: str
    clerk_login: str
    clerk_name: str
    applicant: Applicant
    items: tuple[ItemLine, ...]
    materials: tuple[MaterialLine, ...]
    created_at: dt.datetime
    decided_at: dt.datetime | None
    timeline: tuple[TimelineEntry, ...]
    catalogue_version: str
    answers: dict[str, Any]
    form_data: dict[str, Any]
    data_version: int
    agent: Agent | None = None
    form_versions: dict[str, str] = field(default_factory=dict)
    received_at: dt.datetime | None = None
    supplement_due: dt.date | None = None
    delivery: dict[str, Any] | None = None

    @property
    def missing(self) -> tuple[MaterialLine, ...]:
        return tuple(m for m in self.materials if m.required and not m.received)


_CASES = TableInserter(Case)
_ITEMS = TableInserter(CaseItem)
_MATERIALS = TableInserter(CaseMaterial)
_EVENTS = TableInserter(CaseEvent)

_LAST_OF_DAY = "SELECT number FROM cases WHERE number >= ? AND number < ? ORDER BY number DESC LIMIT 1"


_NUMBER_OF = "SELECT number FROM cases WHERE id = ?"
_NEXT_EVENT = "SELECT coalesce(max(id), 0) + 1 FROM case_events WHERE case_id = ?"
_MATERIALS_OF = (
    "SELECT material_id, name, required, form, originals, copies, received, pages, e_licence_ref, item_codes "
    "FROM case_materials WHERE case_id = ? ORDER BY position"
)
_NEXT_VERSION = (
    "UPDATE cases SET data_version = data_version + 1, updated_at = ? WHERE id = ? RETURNING data_version"
)


def _allocate_number(session: Tx, terminal: str, day: dt.date) -> str:
    """The day's highest number on this terminal plus one: a seek in the index on `cases.number`, which
    the case's insert writes anyway, inside the case's transaction (whose write lock keeps any other
    decision from reading the same highest number). A case is purged no sooner than a day after the
    platform confirmed it (`[retention] case_days` >= 1), so never on the day of its number: a purge
    does not hand a number out again."""
    prefix = day_prefix(terminal, day)
    # The day's numbers are the prefix and five digits: all below the prefix with its last "-" raised.
    row = raw_driver_connection(session).execute(_LAST_OF_DAY, (prefix, f"{prefix[:-1]}.")).fetchone()
    return str(next_case_number(terminal, day, 0 if row is None else int(row[0][len(prefix) :])))


def title_for(applicant: Applicant, items: Sequence[ItemLine]) -> str:
    names = "、".join(item.name for item in items)
    return f"关于{applicant.name}的{names}"


@dataclass(frozen=True)
class Recorded:
    """A decision record_decision wrote: the case's id and numbers, and what it was written from."""

    id: str
    number: str
    official_number: str | None
    new: NewCase
    desk: Desk
    step: Transition

    def snapshot(self) -> CaseSnapshot:
        """The case as stored, without reading it back (a test holds it equal to load_case): values
        pass through the same conversions as storage, instants as UTC, JSON as JSON."""
        new, a, at = self.new, self.new.applicant, _stored_instant(self.step.at)
        return CaseSnapshot(
            id=self.id,
            number=self.number,
            official_number=self.official_number,
            status=self.step.to_status,
            title=title_for(a, new.items),
            window=self.desk.window,
            clerk_login=self.desk.clerk.ident,
            clerk_name=self.desk.clerk_name,
            applicant=a,
            items=new.items,
            materials=tuple(replace(m, item_codes=tuple(m.item_codes)) for m in new.materials),
            created_at=at,
            decided_at=at,
            timeline=(
                TimelineEntry(
                    at=at,
                    from_status=self.step.from_status,
                    to_status=self.step.to_status,
                    actor_kind=self.step.actor.kind.value,
                    actor_id=self.step.actor.ident,
                    reason=self.step.reason,
                ),
            ),
            catalogue_version=new.catalogue_version,
            answers=_as_stored(new.answers),
            form_data=_as_stored(new.form_data),
            data_version=1,
            agent=new.agent,
            form_versions=_as_stored(new.form_versions),
            received_at=at,
            supplement_due=new.supplement_due,
            delivery=None,
        )


def _stored_instant(at: dt.datetime) -> dt.datetime:
    return dt.datetime.fromisoformat(AwareDateTime.process_bind_param_value(at))


def _as_stored(value: Mapping[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(value)))


def record_decision(
    session: Tx,
    new: NewCase,
    desk: Desk,
    decision: CaseStatus,
    at: dt.datetime,
    *,
    reason: str = "",
) -> Recorded:
    """Create a case and decide it in ONE transaction with its timeline, audit and outbox rows.

    Runs on the writer thread (the desk's decision: `Writer.run_direct`); the caller's commit makes the
    case durable before anything is printed.
    """
    step = transition(CaseStatus.DRAFT, decision, desk.clerk, at, reason)
    case_id = time_ordered_id()
    number = _allocate_number(session, desk.terminal, at.date())
    official = numbers.take_official(session)  # None when offline long enough to use up every block
    a = new.applicant
    _CASES.insert_one(
        session,
        {
            "id": case_id,
            "number": number,
            "official_number": official,
            "status": decision.value,
            "title": title_for(a, new.items),
            "terminal": desk.terminal,
            "window": desk.window,
            "clerk_login": desk.clerk.ident,
            "clerk_name": desk.clerk_name,
            "catalogue_version": new.catalogue_version,
            "applicant_kind": a.kind,
            "applicant_name": a.name,
            "applicant_id_type": a.id_type,
            "applicant_id_number": a.id_number,
            "applicant_phone": a.phone,
            "applicant_address": a.address,
            "legal_representative": a.legal_representative,
            "answers": dict(new.answers),
            "form_data": dict(new.form_data),
            "created_at": at,
            "decided_at": at,
            "updated_at": at,
            "data_version": 1,
            "platform_received_at": None,
            "agent": None if new.agent is None else new.agent.to_json(),
            "form_versions": dict(new.form_versions),
            "received_at": at,
            "supplement_due": new.supplement_due,
            "delivery": None,
        },
    )
    _ITEMS.insert(
        session,
        [
            {
                "case_id": case_id,
                "position": i,
                "item_code": it.code,
                "item_name": it.name,
                "department": it.department,
                "legal_limit_days": it.legal_limit_days,
                "legal_due": it.legal_due,
                "promised_limit_days": it.promised_limit_days,
                "promised_due": it.promised_due,
                "deadline_provisional": it.deadline_provisional,
            }
            for i, it in enumerate(new.items)
        ],
    )
    _insert_materials(session, case_id, new.materials)
    add_event(session, case_id, step, number=1)  # the new case's first
    audit.append(
        session,
        at=at,
        actor=desk.clerk.ident,
        action=f"case.{decision.value}",
        subject=number,
        items=[it.code for it in new.items],
        agent=new.agent is not None,
    )
    _enqueue_submit(session, case_id, 1, at)
    return Recorded(case_id, number, official, new, desk, step)


def _insert_materials(session: Tx, case_id: str, materials: Sequence[MaterialLine]) -> None:
    _MATERIALS.insert(
        session,
        [
            {
                "case_id": case_id,
                "position": i,
                "material_id": m.material_id,
                "name": m.name,
                "required": m.required,
                "form": m.form,
                "originals": m.originals,
                "copies": m.copies,
                "received": m.received,
                "pages": m.pages,
                "e_licence_ref": m.e_licence_ref,
                "item_codes": list(m.item_codes),
            }
            for i, m in enumerate(materials)
        ],
    )


def case_number(session: Tx, case_id: str) -> str:
    row = raw_driver_connection(session).execute(_NUMBER_OF, (case_id,)).fetchone()
    if row is None:
        raise NoResultFound(f"no case {case_id}")
    return str(row[0])


def stored_materials(session: Tx, case_id: str) -> tuple[MaterialLine, ...]:
    """A case's material lines as they stand in this transaction (read back, not rebuilt)."""
    rows = raw_driver_connection(session).execute(_MATERIALS_OF, (case_id,)).fetchall()
    return tuple(
        MaterialLine(
            material_id,
            name,
            bool(required),
            form,
            originals,
            copies,
            bool(received),
            pages,
            ref,
            tuple(json.loads(codes)),
        )
        for material_id, name, required, form, originals, copies, received, pages, ref, codes in rows
    )


def resubmit(session: Tx, case_id: str, at: dt.datetime) -> None:
    """The case changed after it was queued: a new data version, sent with its own idempotency key."""
    stamp = AwareDateTime.process_bind_param_value(at)
    row = raw_driver_connection(session).execute(_NEXT_VERSION, (stamp, case_id)).fetchone()
    if row is None:
        raise NoResultFound(f"no case {case_id}")
    _enqueue_submit(session, case_id, int(row[0]), at)


def _enqueue_submit(session: Tx, case_id: str, data_version: int, at: dt.datetime) -> None:
    outbox.enqueue(
        session,
        lane=outbox.Lane.CASES,
        kind="submit_case",
        aggregate_id=case_id,
        idempotency_key=f"{case_id}:submit:{data_version}",
        payload={"case_id": case_id, "data_version": data_version},
        at=at,
    )


def redecide(
    session: Session,
    case_id: str,
    actor: Actor,
    decision: CaseStatus,
    at: dt.datetime,
    *,
    received: frozenset[str],
    items: Sequence[ItemLine] | None = None,
    supplement_due: dt.date | None = None,
    reason: str = "",
) -> None:
    """A desk decision on a case already on file: 补正 complete (supplement_requested -> accepted), or a
    re-opened case decided again. Materials handed in now are marked received; the platform gets the
    new data version through the outbox, in the same transaction."""
    case = session.get_one(Case, case_id)
    step = transition(CaseStatus(case.status), decision, actor, at, reason)
    for material in case.materials:
        if material.material_id in received:
            material.received = True
    if items is not None:
        for row, line in zip(case.items, items, strict=True):
            row.legal_due, row.promised_due = line.legal_due, line.promised_due
            row.deadline_provisional = line.deadline_provisional
    case.status = decision.value
    case.decided_at = at
    case.updated_at = at
    case.supplement_due = supplement_due
    case.data_version += 1
    session.flush()
    add_event(session, case_id, step)
    audit.append(session, at=at, actor=actor.ident, action=f"case.{decision.value}", subject=case.number)
    _enqueue_submit(session, case_id, case.data_version, at)


def supervise(
    session: Session, case_id: str, supervisor: Actor, target: CaseStatus, at: dt.datetime, *, reason: str
) -> None:
    """Void or re-open a case: a supervisor's decision, with the reason, on the timeline and audited.
    Nothing goes to the platform until the case is decided again (the reference contract has no code
    for a voided case)."""
    case = session.get_one(Case, case_id)
    step = transition(CaseStatus(case.status), target, supervisor, at, reason)
    case.status = target.value
    case.updated_at = at
    session.flush()
    add_event(session, case_id, step)
    audit.append(session, at=at, actor=supervisor.ident, action=f"case.{target.value}", subject=case.number)


def record_delivery(
    session: Session, case_id: str, clerk: Actor, at: dt.datetime, delivery: dict[str, Any]
) -> None:
    """出件: result_ready -> delivered, with how (window or post) and the identity check."""
    case = session.get_one(Case, case_id)
    step = transition(CaseStatus(case.status), CaseStatus.DELIVERED, clerk, at, "")
    case.status = CaseStatus.DELIVERED.value
    case.delivery = {**delivery, "at": at.isoformat(), "clerk": clerk.ident}
    case.updated_at = at
    session.flush()
    add_event(session, case_id, step)
    audit.append(
        session,
        at=at,
        actor=clerk.ident,
        action="case.delivered",
        subject=case.number,
        method=str(delivery.get("method", "")),
    )


def find_for_holder(
    session: Session, id_number: str, statuses: frozenset[CaseStatus] = frozenset()
) -> list[str]:
    """Ids of an applicant's cases (by ID number), newest first."""
    query = select(Case.id).where(Case.applicant_id_number == id_number.strip().upper())
    if statuses:
        query = query.where(Case.status.in_(sorted(s.value for s in statuses)))
    return list(session.scalars(query.order_by(Case.created_at.desc())))


def earlier_values(session: Session, id_number: str, limit: int = 20) -> tuple[dict[str, Any], str]:
    """What an applicant declared before: form values by key (the newest case's value wins) and the phone
    of their newest case, for prefill."""
    rows = session.execute(
        select(Case.form_data, Case.applicant_phone)
        .where(Case.applicant_id_number == id_number.strip().upper())
        .order_by(Case.created_at.desc())
        .limit(limit)
    ).all()
    values: dict[str, Any] = {}
    for row in reversed(rows):
        values.update({k: v for k, v in dict(row.form_data or {}).items() if v not in (None, "", [])})
    return values, (rows[0].applicant_phone if rows else "")


def add_event(session: Tx, case_id: str, step: Transition, *, number: int | None = None) -> None:
    """Append a transition to the case's timeline, as its event `number` (by default the next one)."""
    if number is None:
        number = int(raw_driver_connection(session).execute(_NEXT_EVENT, (case_id,)).fetchone()[0])
    _EVENTS.insert_one(
        session,
        {
            "case_id": case_id,
            "id": number,
            "from_status": step.from_status.value,
            "to_status": step.to_status.value,
            "actor_kind": step.actor.kind.value,
            "actor_id": step.actor.ident,
            "at": step.at,
            "reason": step.reason,
        },
    )


def _snapshot(case: Case) -> CaseSnapshot:
    return CaseSnapshot(
        id=case.id,
        number=case.number,
        official_number=case.official_number,
        status=CaseStatus(case.status),
        title=case.title,
        window=case.window,
        clerk_login=case.clerk_login,
        clerk_name=case.clerk_name,
        applicant=Applicant(
            kind=case.applicant_kind,
            name=case.applicant_name,
            id_type=case.applicant_id_type,
            id_number=case.applicant_id_number,
            phone=case.applicant_phone,
            address=case.applicant_address,
            legal_representative=case.legal_representative,
        ),
        items=tuple(
            ItemLine(
                code=it.item_code,
                name=it.item_name,
                department=it.department,
                legal_limit_days=it.legal_limit_days,
                promised_limit_days=it.promised_limit_days,
                legal_due=it.legal_due,
                promised_due=it.promised_due,
                deadline_provisional=it.deadline_provisional,
            )
            for it in case.items
        ),
        materials=tuple(
            MaterialLine(
                material_id=m.material_id,
                name=m.name,
                required=m.required,
                form=m.form,
                originals=m.originals,
                copies=m.copies,
                received=m.received,
                pages=m.pages,
                e_licence_ref=m.e_licence_ref,
                item_codes=tuple(m.item_codes),
            )
            for m in case.materials
        ),
        created_at=case.created_at,
        decided_at=case.decided_at,
        timeline=tuple(
            TimelineEntry(
                at=e.at,
                from_status=CaseStatus(e.from_status),
                to_status=CaseStatus(e.to_status),
                actor_kind=e.actor_kind,
                actor_id=e.actor_id,
                reason=e.reason,
            )
            for e in case.events
        ),
        catalogue_version=case.catalogue_version,
        answers=dict(case.answers),
        form_data=dict(case.form_data),
        data_version=case.data_version,
        agent=Agent.from_json(case.agent),
        form_versions=dict(case.form_versions or {}),
        received_at=case.received_at,
        supplement_due=case.supplement_due,
        delivery=None if case.delivery is None else dict(case.delivery),
    )


def load_case(session: Session, case_id: str) -> CaseSnapshot | None:
    case = session.scalar(
        select(Case)
        .where(Case.id == case_id)
        .options(selectinload(Case.items), selectinload(Case.materials), selectinload(Case.events))
    )
    return None if case is None else _snapshot(case)


def load_cases(session: Session, case_ids: Sequence[str]) -> dict[str, CaseSnapshot]:
    """Snapshots of several cases in four queries (the sync engine reads a batch at a time)."""
    if not case_ids:
        return {}
    rows = session.scalars(
        select(Case)
        .where(Case.id.in_(list(case_ids)))
        .options(selectinload(Case.items), selectinload(Case.materials), selectinload(Case.events))
    )
    return {case.id: _snapshot(case) for case in rows}


def mark_received(session: Session, receipts: Sequence[tuple[str, int]], at: dt.datetime) -> None:
    """The platform confirmed these (case id, data version); a case changed since keeps waiting."""
    if receipts:
        stamp = AwareDateTime.process_bind_param_value(at)
        raw_driver_connection(session).executemany(
            "UPDATE cases SET platform_received_at = ? WHERE id = ? AND data_version = ?",
            [(stamp, case_id, version) for case_id, version in receipts],
        )


def find_by_number(session: Session, number: str) -> str | None:
    text = number.strip().upper()
    return session.scalar(select(Case.id).where(or_(Case.number == text, Case.official_number == text)))


@dataclass(frozen=True)
class CaseFilter:
    """What the case list shows: a date range on the creation day, statuses and free text."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    statuses: frozenset[CaseStatus] = frozenset()
    text: str = ""


@dataclass(frozen=True)
class CaseListRow:
    id: str
    number: str
    status: CaseStatus
    title: str
    applicant_name: str
    applicant_id_number: str
    created_at: dt.datetime
    promised_due: dt.date | None
    deadline_provisional: bool


def _filtered(query: Select[Any], flt: CaseFilter) -> Select[Any]:
    if flt.since is not None:
        query = query.where(Case.created_at >= flt.since)
    if flt.until is not None:
        query = query.where(Case.created_at < flt.until)
    if flt.statuses:
        query = query.where(Case.status.in_(sorted(s.value for s in flt.statuses)))
    needle = flt.text.strip()
    if needle:
        like = f"%{needle}%"
        query = query.where(
            or_(
                Case.number.ilike(like),
                Case.official_number.ilike(like),
                Case.title.like(like),
                Case.applicant_name.like(like),
                Case.applicant_id_number == needle.upper(),
            )
        )
    return query


def case_ids(session: Session, flt: CaseFilter) -> list[str]:
    """Ids of matching cases, newest first: the list model fetches rows for them lazily."""
    query = _filtered(select(Case.id), flt).order_by(Case.created_at.desc(), Case.number.desc())
    return list(session.scalars(query))


def count_cases(session: Session, flt: CaseFilter) -> int:
    # count(*), not count(id): a date or status filter is then answered from the index alone.
    return int(session.scalar(_filtered(select(func.count()).select_from(Case), flt)) or 0)


def list_rows(session: Session, ids: Sequence[str]) -> list[CaseListRow]:
    """Rows for the given ids, in the given order."""
    first_items = (
        select(CaseItem.case_id, CaseItem.promised_due, CaseItem.deadline_provisional)
        .where(CaseItem.position == 0, CaseItem.case_id.in_(ids))
        .subquery()
    )
    query = (
        select(
            Case.id,
            Case.number,
            Case.status,
            Case.title,
            Case.applicant_name,
            Case.applicant_id_number,
            Case.created_at,
            first_items.c.promised_due,
            first_items.c.deadline_provisional,
        )
        .outerjoin(first_items, first_items.c.case_id == Case.id)
        .where(Case.id.in_(ids))
    )
    by_id = {
        row.id: CaseListRow(
            id=row.id,
            number=row.number,
            status=CaseStatus(row.status),
            title=row.title,
            applicant_name=row.applicant_name,
            applicant_id_number=row.applicant_id_number,
            created_at=row.created_at,
            promised_due=row.promised_due,
            deadline_provisional=bool(row.deadline_provisional),
        )
        for row in session.execute(query)
    }
    return [by_id[i] for i in ids if i in by_id]
