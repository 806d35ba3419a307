"""Which cases may leave this terminal, and removing one completely (rows, files, queue entries).

A case is purged only when the platform confirmed receipt of its current version (`platform_received_at`)
more than the retention period ago AND every outbox row of the case is done: a case whose send failed,
or that still waits to be sent, stays whatever its age. Deleted rows are overwritten on disk
(PRAGMA secure_delete is on for every connection); the caller checkpoints the WAL afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, delete, exists, func, select
from sqlalchemy.orm import Session

from app.store import audit, outbox
from app.store.models import Attachment, Case, IssuedDocument, OutboxEntry


@dataclass(frozen=True)
class Due:
    purge: list[str]  # case ids
    waiting: int  # past the age by their decision date, but not (yet) confirmed by the platform


def _undelivered() -> object:
    return exists().where(outbox.of_aggregate(Case.id, outbox.UNDELIVERED))


def due(session: Session, now: dt.datetime, keep_for: dt.timedelta, limit: int = 500) -> Due:
    cutoff = now - keep_for
    undelivered = _undelivered()
    ids = session.scalars(
        select(Case.id)
        .where(Case.platform_received_at.is_not(None), Case.platform_received_at < cutoff, ~undelivered)  # type: ignore[operator]
        .order_by(Case.platform_received_at)
        .limit(limit)
    ).all()
    confirmed = and_(Case.platform_received_at.is_not(None), Case.platform_received_at < cutoff, ~undelivered)  # type: ignore[operator]
    waiting = session.scalar(select(func.count(Case.id)).where(Case.created_at < cutoff, ~confirmed))
    return Due(list(ids), int(waiting or 0))


def purge_case(session: Session, case_id: str, at: dt.datetime, actor: str) -> list[str]:
    """Delete a case with its items, materials, timeline, notices, attachment rows and (done) queue rows,
    audited in the same transaction; returns the blob names its attachment rows referred to."""
    case = session.get_one(Case, case_id)
    number, received = case.number, case.platform_received_at
    blobs = sorted(set(session.scalars(select(Attachment.blob).where(Attachment.case_id == case_id))))
    session.execute(delete(IssuedDocument).where(IssuedDocument.case_id == case_id))
    session.execute(delete(Attachment).where(Attachment.case_id == case_id))
    session.execute(delete(OutboxEntry).where(outbox.of_aggregate(case_id)))
    session.expunge(case)
    session.execute(delete(Case).where(Case.id == case_id))  # items, materials, events: ON DELETE CASCADE
    audit.append(
        session,
        at=at,
        actor=actor,
        action=audit.Action.CASE_PURGED,
        subject=number,
        confirmed_at=received.isoformat() if received else None,
        files=len(blobs),
    )
    return blobs


def still_referenced(session: Session, blob: str) -> bool:
    return session.scalar(select(exists().where(Attachment.blob == blob))) or False


def prune_delivered_audit_rows(session: Session) -> int:
    """Outbox rows of audit entries the platform holds: the audit row itself stays, the transport
    record goes (claiming the next row would otherwise scan all of them)."""
    result = session.execute(
        delete(OutboxEntry).where(
            OutboxEntry.lane == outbox.Lane.AUDIT.value, OutboxEntry.state == outbox.State.DONE.value
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
