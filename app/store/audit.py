"""The audit trail: appended in the same transaction as the action, hash-chained against tampering."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.fastpath import TableInserter, raw_driver_connection
from app.store.models import AuditEntry

GENESIS = "0" * 64


def _digest(prev_hash: str, at: dt.datetime, *fields: Any) -> str:
    body = json.dumps(
        [prev_hash, at.astimezone(dt.UTC).isoformat(timespec="microseconds"), *fields],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_LAST_HASH = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"
_INSERT = TableInserter(AuditEntry)


def append(
    session: Session, *, at: dt.datetime, actor: str, action: str, subject: str = "", **detail: Any
) -> str:
    """Add an audit row to the session's transaction and return its hash. Never put personal data in
    `detail`. The chain is extended under the transaction's write lock, so concurrent writers (another
    process) serialise on it."""
    last = raw_driver_connection(session).execute(_LAST_HASH).fetchone()
    prev_hash = last[0] if last else GENESIS
    digest = _digest(prev_hash, at, actor, action, subject, detail)
    _INSERT.insert(
        session,
        [
            {
                "at": at,
                "actor": actor,
                "action": action,
                "subject": subject,
                "detail": detail,
                "prev_hash": prev_hash,
                "hash": digest,
            }
        ],
    )
    return digest


@dataclass(frozen=True)
class ChainReport:
    rows: int
    first_broken_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(entries: Iterable[AuditEntry]) -> ChainReport:
    """Walk the chain in id order; an edited, deleted or reordered row breaks it."""
    prev = GENESIS
    count = 0
    for entry in entries:
        count += 1
        expected = _digest(prev, entry.at, entry.actor, entry.action, entry.subject, entry.detail)
        if entry.prev_hash != prev or entry.hash != expected:
            return ChainReport(count, entry.id)
        prev = entry.hash
    return ChainReport(count, None)


def verify(session: Session) -> ChainReport:
    return verify_chain(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
