"""The outbox: operations for the platform, written in the business transaction and drained by sync.

A small state machine per row (persist-queue's SQLiteAckQueue): ready -> in_flight -> done, or back to
ready with a later attempt time, or failed (the platform refused; a person must look). Rows of one
aggregate (a case) are delivered in order across all lanes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, exists, func, select, update
from sqlalchemy.orm import Session, aliased

from app.store.fastpath import TableInserter, Tx, raw_driver_connection
from app.store.models import Case, OutboxEntry
from app.store.types import AwareDateTime

_INSERT = TableInserter(OutboxEntry)
_STAMP = AwareDateTime().process_bind_param_value


class Lane(StrEnum):
    """Separate lanes, so that a case submission never waits behind a large upload or a catalogue pull."""

    CASES = "cases"
    UPLOADS = "uploads"
    AUDIT = "audit"


# What the clerk's queue shows: cases and their files. The audit lane runs beside them (its rows are
# many and small); the support bundle and doctor count it separately.
CLERK_LANES = (Lane.CASES, Lane.UPLOADS)


class State(StrEnum):
    READY = "ready"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Claimed:
    id: int
    lane: Lane
    kind: str
    aggregate_id: str
    idempotency_key: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class OutboxRow:
    id: int
    lane: str
    kind: str
    aggregate_id: str
    case_number: str | None
    state: State
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Summary:
    pending: int  # ready + in flight
    failed: int
    oldest_pending_at: dt.datetime | None


def enqueue(
    session: Tx,
    *,
    lane: Lane,
    kind: str,
    aggregate_id: str,
    idempotency_key: str,
    payload: dict[str, Any],
    at: dt.datetime,
) -> None:
    _INSERT.insert_one(
        session,
        _row(lane=lane, kind=kind, aggregate_id=aggregate_id, key=idempotency_key, payload=payload, at=at),
    )


def enqueue_many(
    session: Session,
    *,
    lane: Lane,
    kind: str,
    aggregate_id: str,
    entries: Sequence[tuple[str, dict[str, Any]]],
    at: dt.datetime,
) -> None:
    """Several rows of one lane, kind and aggregate: (idempotency key, payload) each, in one statement."""
    _INSERT.insert(
        session,
        [
            _row(lane=lane, kind=kind, aggregate_id=aggregate_id, key=key, payload=payload, at=at)
            for key, payload in entries
        ],
    )


def _row(
    *, lane: Lane, kind: str, aggregate_id: str, key: str, payload: dict[str, Any], at: dt.datetime
) -> dict[str, Any]:
    return {
        "lane": lane.value,
        "kind": kind,
        "aggregate_id": aggregate_id,
        "idempotency_key": key,
        "payload": payload,
        "state": State.READY.value,
        "attempts": 0,
        "next_attempt_at": at,
        "last_error": "",
        "created_at": at,
        "updated_at": at,
    }


def reset_in_flight(session: Session, now: dt.datetime) -> int:
    """Start-up: whatever was in flight when the process died goes back to ready (same key, so safe)."""
    result = session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.state == State.IN_FLIGHT.value)
        .values(state=State.READY.value, next_attempt_at=now, updated_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


UNDELIVERED = tuple(state for state in State if state is not State.DONE)


def of_aggregate(
    aggregate_id: str | SQLColumnExpression[str],
    states: Iterable[State] = tuple(State),
    row: Any = OutboxEntry,
) -> ColumnElement[bool]:
    """The rows of one aggregate (a case) in the given states, of the outbox or of an alias of it (`row`):
    a seek per lane and state in the queue index (lane, state, aggregate_id, id), which keeps the lanes
    and the order within a case in one b-tree, one page fewer for every row queued."""
    return and_(
        row.lane.in_([lane.value for lane in Lane]),
        row.state.in_([state.value for state in states]),
        row.aggregate_id == aggregate_id,
    )


def peek_next(session: Session, lane: Lane, now: dt.datetime) -> Claimed | None:
    batch = peek_batch(session, lane, now, 1)
    return batch[0] if batch else None


def peek_batch(session: Session, lane: Lane, now: dt.datetime, limit: int) -> list[Claimed]:
    """The oldest due rows of the lane whose aggregate has nothing earlier still undelivered.

    Read-only: each lane has one consumer, and a row whose send was cut off by a crash is simply sent
    again with the same idempotency key, so marking it in flight would cost a commit per row for nothing.
    Two rows of one case never come in the same batch (the later one waits for the earlier).
    """
    earlier = aliased(OutboxEntry)
    blocked = exists().where(
        and_(of_aggregate(OutboxEntry.aggregate_id, UNDELIVERED, earlier), earlier.id < OutboxEntry.id)
    )
    rows = session.execute(
        select(
            OutboxEntry.id,
            OutboxEntry.kind,
            OutboxEntry.aggregate_id,
            OutboxEntry.idempotency_key,
            OutboxEntry.payload,
            OutboxEntry.attempts,
        )
        .where(
            OutboxEntry.lane == lane.value,
            OutboxEntry.state == State.READY.value,
            OutboxEntry.next_attempt_at <= now,
            ~blocked,
        )
        .order_by(OutboxEntry.id)
        .limit(limit)
    )
    return [
        Claimed(r.id, lane, r.kind, r.aggregate_id, r.idempotency_key, dict(r.payload), r.attempts + 1)
        for r in rows
    ]


def following(session: Session, lane: Lane, after_id: int, limit: int) -> list[tuple[int, int]]:
    """(row id, payload seq) of the ready rows of a lane queued after `after_id`, oldest first (the
    audit lane sends them with the row it claimed)."""
    rows = session.execute(
        select(OutboxEntry.id, OutboxEntry.payload)
        .where(
            OutboxEntry.lane == lane.value,
            OutboxEntry.state == State.READY.value,
            OutboxEntry.id > after_id,
        )
        .order_by(OutboxEntry.id)
        .limit(limit)
    )
    return [(int(entry_id), int(payload["seq"])) for entry_id, payload in rows]


def next_due(session: Session, lane: Lane) -> dt.datetime | None:
    return session.scalar(
        select(func.min(OutboxEntry.next_attempt_at)).where(
            OutboxEntry.lane == lane.value, OutboxEntry.state == State.READY.value
        )
    )


def complete(session: Session, claimed: Claimed, now: dt.datetime) -> None:
    row = session.get_one(OutboxEntry, claimed.id)
    row.state = State.DONE.value
    row.attempts = claimed.attempts
    row.last_error = ""
    row.updated_at = now


def complete_ids(session: Session, ids: Sequence[int], now: dt.datetime) -> None:
    """Mark rows done that were sent along with a claimed one (the audit lane's batches)."""
    if ids:
        raw_driver_connection(session).executemany(
            "UPDATE outbox SET state = ?, last_error = '', updated_at = ? WHERE id = ?",
            [(State.DONE.value, _STAMP(now), entry_id) for entry_id in ids],
        )


def complete_many(session: Session, done: Sequence[Claimed], now: dt.datetime) -> None:
    """Mark acknowledged rows done in one statement (the sync engine's batched completion)."""
    if done:
        raw_driver_connection(session).executemany(
            "UPDATE outbox SET state = ?, attempts = ?, last_error = '', updated_at = ? WHERE id = ?",
            [(State.DONE.value, c.attempts, _STAMP(now), c.id) for c in done],
        )


def retry_later(
    session: Session, claimed: Claimed, now: dt.datetime, delay: dt.timedelta, error: str
) -> None:
    row = session.get_one(OutboxEntry, claimed.id)
    row.state = State.READY.value
    row.attempts = claimed.attempts
    row.next_attempt_at = now + delay
    row.last_error = error[:500]
    row.updated_at = now


def release(session: Session, claimed: Claimed, now: dt.datetime, error: str) -> None:
    """Due again at once, the attempt not counted (e.g. waiting for a login)."""
    row = session.get_one(OutboxEntry, claimed.id)
    row.state = State.READY.value
    row.next_attempt_at = now
    row.last_error = error[:500]
    row.updated_at = now


def fail(session: Session, claimed: Claimed, now: dt.datetime, error: str) -> None:
    row = session.get_one(OutboxEntry, claimed.id)
    row.state = State.FAILED.value
    row.attempts = claimed.attempts
    row.last_error = error[:500]
    row.updated_at = now


def retry_now(session: Session, entry_id: int, now: dt.datetime) -> None:
    """The clerk's 重试: a failed or waiting row becomes due at once."""
    row = session.get_one(OutboxEntry, entry_id)
    if row.state in (State.FAILED.value, State.READY.value):
        row.state = State.READY.value
        row.next_attempt_at = now
        row.updated_at = now


def retry_all_now(session: Session, now: dt.datetime) -> int:
    result = session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.state == State.READY.value, OutboxEntry.next_attempt_at > now)
        .values(next_attempt_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def update_payload(session: Session, entry_id: int, payload: dict[str, Any]) -> None:
    session.get_one(OutboxEntry, entry_id).payload = payload


def pending_count(session: Session) -> int:
    return summary(session).pending


def summary(session: Session, lanes: tuple[Lane, ...] = CLERK_LANES) -> Summary:
    pending_states = (State.READY.value, State.IN_FLIGHT.value)
    in_lanes = OutboxEntry.lane.in_([lane.value for lane in lanes])
    pending, oldest = session.execute(
        select(func.count(OutboxEntry.id), func.min(OutboxEntry.created_at)).where(
            OutboxEntry.state.in_(pending_states), in_lanes
        )
    ).one()
    failed = session.scalar(
        select(func.count(OutboxEntry.id)).where(OutboxEntry.state == State.FAILED.value, in_lanes)
    )
    oldest_at = None
    if oldest is not None:
        oldest_at = OutboxEntry.__table__.c.created_at.type.process_result_value(oldest, None)  # type: ignore[attr-defined]
    return Summary(int(pending), int(failed or 0), oldest_at)


def counts(session: Session) -> dict[tuple[str, str], int]:
    """(lane, state) -> rows: the queue in numbers only (support bundle, doctor)."""
    query = select(OutboxEntry.lane, OutboxEntry.state, func.count(OutboxEntry.id)).group_by(
        OutboxEntry.lane, OutboxEntry.state
    )
    return {(lane, state): int(n) for lane, state, n in session.execute(query)}


def rows(session: Session, *, include_done: bool = False, limit: int = 500) -> list[OutboxRow]:
    """Newest first, with the case number of each row's case (for the outbox page). Audit rows appear
    only when the platform refused them (a person must look); otherwise they would bury the cases."""
    query = (
        select(OutboxEntry, Case.number)
        .outerjoin(Case, Case.id == OutboxEntry.aggregate_id)
        .where((OutboxEntry.lane != Lane.AUDIT.value) | (OutboxEntry.state == State.FAILED.value))
        .order_by(OutboxEntry.id.desc())
        .limit(limit)
    )
    if not include_done:
        query = query.where(OutboxEntry.state != State.DONE.value)
    return [
        OutboxRow(
            r.id,
            r.lane,
            r.kind,
            r.aggregate_id,
            number,
            State(r.state),
            r.attempts,
            r.next_attempt_at,
            r.last_error,
            r.created_at,
        )
        for r, number in session.execute(query)
    ]
