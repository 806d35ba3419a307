"""The audit trail: appended in the same transaction as the action, hash-chained against tampering.

Every row's hash covers the previous row's hash, so an edited, deleted or reordered row breaks the
chain. The end of the chain is anchored too: the meta row `audit.head` (the last row's seq and hash,
updated in the same transaction) catches rows cut off the end, and `audit.platform_confirmed` (the last
row the platform acknowledged) catches a rewrite of what the platform already holds.

Rows reach the platform through the outbox (lane `audit`), but they are queued there afterwards, in
batches, by the sync engine (`queue_for_platform`), not in the transaction that appends them: an outbox
row and its three index entries were four of the ~25 pages every decision wrote. The meta row
`audit.queued` names the last seq queued; every seq up to the newest row gets its outbox row, whether
the row is still there or not, so a row deleted before it was queued still fails on its turn in the
lane (a person must look), exactly as one deleted after.

Each row records the hash it was chained with (`alg`: sha256, or sm3 under the 国密 profile); switching
profiles continues the same chain with the other hash and says so in a `crypto.profile_changed` row.
Never put personal data (names, ID numbers, phone numbers) in `subject` or `detail`: use case numbers,
logins and codes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store import outbox
from app.store.crypto import ChainHash, hexdigest
from app.store.fastpath import TableInserter, Tx, raw_driver_connection
from app.store.models import AuditEntry

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
CONFIRMED_KEY = "audit.platform_confirmed"
QUEUED_KEY = "audit.queued"
QUEUE_BATCH = 200  # one POST /audit (app.sync.engine.AUDIT_BATCH); keeps the writer job short
OUTBOX_KIND = "submit_audit"
OUTBOX_AGGREGATE = "audit"


class Action(StrEnum):
    """The actions the trail names (decisions and platform transitions are `case.<status>`)."""

    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    LOGIN_UNKNOWN = "login.unknown"  # a login this terminal does not know; what was typed is not kept
    LOGIN_LOCKED_OUT = "login.locked_out"
    LOGGED_OUT = "session.logged_out"
    LOCKED = "session.locked"
    UNLOCKED = "session.unlocked"
    SUPERVISOR_APPROVED = "supervisor.approved"
    SUPERVISOR_REFUSED = "supervisor.refused"
    CLERK_CREATED = "clerk.created"
    PASSWORD_CHANGED = "clerk.password_changed"  # noqa: S105 (an action name)
    CARD_READ = "card.read"
    CASE_VIEWED = "case.viewed"
    CASE_PURGED = "case.purged"
    NOTICE_ISSUED = "notice.issued"
    NOTICE_PRINTED = "notice.printed"
    NOTICE_REPRINTED = "notice.reprinted"
    NOTICE_EXPORTED = "notice.exported"
    MATERIAL_ADDED = "material.added"
    SETTINGS_CHANGED = "settings.changed"
    SUPPORT_BUNDLE = "support.bundle_created"
    CRYPTO_PROFILE_CHANGED = "crypto.profile_changed"


@dataclass(frozen=True)
class Head:
    """The anchor: the last row's seq (its id) and hash, and the hash new rows are chained with."""

    seq: int
    hash: str
    alg: ChainHash


def _digest(alg: ChainHash, prev_hash: str, at: dt.datetime, *fields: Any) -> str:
    body = json.dumps(
        [prev_hash, at.astimezone(dt.UTC).isoformat(timespec="microseconds"), *fields],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hexdigest(alg, body.encode("utf-8"))


_INSERT = TableInserter(AuditEntry)
_READ_META = "SELECT value FROM meta WHERE key = ?"
_WRITE_META = (
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
_LAST_ROW = "SELECT id, hash, alg FROM audit_log ORDER BY id DESC LIMIT 1"


def _stored_head(raw: Any) -> Head | None:
    row = raw.execute(_READ_META, (HEAD_KEY,)).fetchone()
    if row is None:
        return None
    value = json.loads(row[0])
    return Head(int(value["seq"]), str(value["hash"]), ChainHash(value["alg"]))


def _head(raw: Any) -> Head:
    """The stored anchor; a database written without one (a bare test database) starts from its last row."""
    head = _stored_head(raw)
    if head is not None:
        return head
    last = raw.execute(_LAST_ROW).fetchone()
    if last is None:
        return Head(0, GENESIS, ChainHash.SHA256)
    return Head(int(last[0]), str(last[1]), ChainHash(last[2]))


def _write_head(raw: Any, head: Head) -> None:
    value = json.dumps({"seq": head.seq, "hash": head.hash, "alg": head.alg.value}, sort_keys=True)
    raw.execute(_WRITE_META, (HEAD_KEY, value))


def append(session: Tx, *, at: dt.datetime, actor: str, action: str, subject: str = "", **detail: Any) -> str:
    """Add an audit row to the session's transaction and return its hash (the sync engine queues it for
    the platform later: `queue_for_platform`). Never put personal data in `detail`. The chain is
    extended under the transaction's write lock, so concurrent writers (another process) serialise on
    it."""
    raw = raw_driver_connection(session)
    head = _head(raw)
    digest = _digest(head.alg, head.hash, at, actor, action, subject, detail)
    seq = _INSERT.insert_one(
        session,
        {
            "at": at,
            "actor": actor,
            "action": str(action),
            "subject": subject,
            "detail": detail,
            "prev_hash": head.hash,
            "hash": digest,
            "alg": head.alg.value,
        },
    )
    _write_head(raw, Head(seq, digest, head.alg))
    return digest


def _newest_and_queued(raw: Any) -> tuple[int, int]:
    newest = raw.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    queued = raw.execute(_READ_META, (QUEUED_KEY,)).fetchone()
    return int(newest or 0), int(queued[0]) if queued is not None else 0


def unqueued(session: Session) -> int:
    """Rows appended since the last `queue_for_platform` (they wait for the platform as well)."""
    newest, queued = _newest_and_queued(raw_driver_connection(session))
    return max(0, newest - queued)


def queue_for_platform(session: Session, at: dt.datetime, limit: int = QUEUE_BATCH) -> int:
    """Give the next `limit` seqs after the last queued one, up to the newest row, their outbox rows
    (oldest first, in one transaction with the mark of how far that got); returns how many."""
    raw = raw_driver_connection(session)
    newest, queued = _newest_and_queued(raw)
    last = min(newest, queued + limit)
    if last <= queued:
        return 0
    outbox.enqueue_many(
        session,
        lane=outbox.Lane.AUDIT,
        kind=OUTBOX_KIND,
        aggregate_id=OUTBOX_AGGREGATE,
        entries=[(f"audit:{seq}", {"seq": seq}) for seq in range(queued + 1, last + 1)],
        at=at,
    )
    raw.execute(_WRITE_META, (QUEUED_KEY, str(last)))
    return last - queued


def use_algorithm(session: Session, alg: ChainHash, at: dt.datetime) -> bool:
    """Chain new rows with `alg` (the site's crypto profile); True when that changed an existing chain,
    which then says so in a `crypto.profile_changed` row chained with the new hash."""
    raw = raw_driver_connection(session)
    stored = _stored_head(raw)
    head = stored or _head(raw)
    if stored is not None and head.alg is alg:
        return False
    _write_head(raw, Head(head.seq, head.hash, alg))
    if head.seq == 0 or head.alg is alg:
        return False
    append(
        session,
        at=at,
        actor="system",
        action=Action.CRYPTO_PROFILE_CHANGED,
        previous=head.alg.value,
        now=alg.value,
    )
    return True


def current_head(session: Session) -> Head | None:
    """The stored anchor, if any."""
    return _stored_head(raw_driver_connection(session))


def confirmed_by_platform(session: Session) -> tuple[int, str] | None:
    row = raw_driver_connection(session).execute(_READ_META, (CONFIRMED_KEY,)).fetchone()
    if row is None:
        return None
    value = json.loads(row[0])
    return int(value["seq"]), str(value["hash"])


def confirm_by_platform(session: Session, seq: int, digest: str) -> None:
    """The platform holds every row up to `seq` (whose hash is `digest`)."""
    current = confirmed_by_platform(session)
    if current is None or current[0] < seq:
        value = json.dumps({"seq": seq, "hash": digest}, sort_keys=True)
        raw_driver_connection(session).execute(_WRITE_META, (CONFIRMED_KEY, value))


def records(session: Session, seqs: Iterable[int]) -> list[dict[str, Any]]:
    """Rows as the platform contract's AuditRecord (without terminal_code), in seq order."""
    wanted = sorted(set(seqs))
    if not wanted:
        return []
    rows = session.scalars(select(AuditEntry).where(AuditEntry.id.in_(wanted)).order_by(AuditEntry.id))
    return [
        {
            "seq": row.id,
            "at": row.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor": row.actor,
            "action": row.action,
            "subject": row.subject,
            "detail": dict(row.detail),
            "hash": row.hash,
            "prev_hash": row.prev_hash,
        }
        for row in rows
    ]


@dataclass(frozen=True)
class ChainReport:
    rows: int
    first_broken_id: int | None
    problem: str = ""  # what is wrong beyond a broken link: a cut-off end, rows the platform held

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.problem

    def describe(self) -> str:
        if self.ok:
            return f"{self.rows} rows, hash chain intact"
        if self.first_broken_id is not None:
            return f"chain broken at row {self.first_broken_id}"
        return self.problem


def verify_chain(
    entries: Iterable[AuditEntry],
    head: Head | None = None,
    confirmed: tuple[int, str] | None = None,
) -> ChainReport:
    """Walk the chain in id order; an edited, deleted or reordered row breaks it. With the anchor and
    the platform's acknowledgement, rows cut off the end (or rewritten after the platform held them)
    are found too."""
    prev = GENESIS
    count = last_id = 0
    held: str | None = None
    for entry in entries:
        count += 1
        try:
            alg = ChainHash(entry.alg)
        except ValueError:
            return ChainReport(count, entry.id)
        expected = _digest(alg, prev, entry.at, entry.actor, entry.action, entry.subject, entry.detail)
        if entry.prev_hash != prev or entry.hash != expected:
            return ChainReport(count, entry.id)
        prev, last_id = entry.hash, entry.id
        if confirmed is not None and entry.id == confirmed[0]:
            held = entry.hash
    problem = _anchor_problem(head, count, last_id, prev)
    if not problem and confirmed is not None and held != confirmed[1]:
        problem = f"row {confirmed[0]}, which the platform acknowledged, is missing or was rewritten"
    return ChainReport(count, None, problem)


def _anchor_problem(head: Head | None, count: int, last_id: int, last_hash: str) -> str:
    if head is None:
        return "the chain's anchor (meta audit.head) is missing" if count else ""
    if head.seq == last_id and head.hash == last_hash:
        return ""
    if head.seq > last_id:
        return f"rows after {last_id} were removed (the anchor names row {head.seq})"
    return f"the chain's anchor names row {head.seq}, but the chain ends at row {last_id}"


def verify(session: Session) -> ChainReport:
    raw = raw_driver_connection(session)
    return verify_chain(
        session.scalars(select(AuditEntry).order_by(AuditEntry.id)),
        _stored_head(raw),
        confirmed_by_platform(session),
    )
