"""The outbox: operations for the platform, written in the business transaction and drained by sync."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store.fastpath import TableInserter
from app.store.models import OutboxEntry

_INSERT = TableInserter(OutboxEntry)


class Lane(StrEnum):
    """Separate lanes, so that a case submission never waits behind a large upload or a catalogue pull."""

    CASES = "cases"
    UPLOADS = "uploads"
    AUDIT = "audit"


class State(StrEnum):
    READY = "ready"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    FAILED = "failed"


def enqueue(
    session: Session,
    *,
    lane: Lane,
    kind: str,
    aggregate_id: str,
    idempotency_key: str,
    payload: dict[str, Any],
    at: dt.datetime,
) -> None:
    _INSERT.insert(
        session,
        [
            {
                "lane": lane.value,
                "kind": kind,
                "aggregate_id": aggregate_id,
                "idempotency_key": idempotency_key,
                "payload": payload,
                "state": State.READY.value,
                "attempts": 0,
                "next_attempt_at": at,
                "last_error": "",
                "created_at": at,
                "updated_at": at,
            }
        ],
    )


def pending_count(session: Session) -> int:
    return int(
        session.scalar(select(func.count(OutboxEntry.id)).where(OutboxEntry.state != State.DONE.value)) or 0
    )
