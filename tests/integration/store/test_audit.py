"""The hash-chained audit trail detects edited, deleted and cut-off rows, under both crypto profiles."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.domain.clock import CHINA_TZ
from app.store import audit, migrate
from app.store.crypto import ChainHash
from app.store.database import Database, open_database
from app.store.models import AuditEntry, OutboxEntry
from app.store.writer import Writer

AT = dt.datetime(2026, 11, 25, 9, 0, tzinfo=CHINA_TZ)


def _seed(writer: Writer, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        writer.run(
            lambda s, i=i: audit.append(
                s, at=AT + dt.timedelta(seconds=i), actor="clerk01", action="case.accepted", subject=f"C{i}"
            )
        )


def _verify(database: Database) -> audit.ChainReport:
    with database.read() as session:
        return audit.verify(session)


def test_intact_chain_verifies(writer: Writer, database: Database) -> None:
    _seed(writer, 5)
    report = _verify(database)
    assert report.ok
    assert report.rows == 5
    assert report.describe() == "5 rows, hash chain intact"


def test_an_empty_trail_verifies(database: Database) -> None:
    assert _verify(database).ok


def test_edited_row_is_detected(writer: Writer, database: Database) -> None:
    _seed(writer, 5)
    writer.run(lambda s: s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE id = 3")))
    report = _verify(database)
    assert report.first_broken_id == 3
    assert report.describe() == "chain broken at row 3"


def test_deleted_row_is_detected(writer: Writer, database: Database) -> None:
    _seed(writer, 5)
    writer.run(lambda s: s.execute(text("DELETE FROM audit_log WHERE id = 2")))
    assert _verify(database).first_broken_id == 3


def test_rows_cut_off_the_end_are_detected_by_the_anchor(writer: Writer, database: Database) -> None:
    _seed(writer, 5)
    writer.run(lambda s: s.execute(text("DELETE FROM audit_log WHERE id >= 4")))
    report = _verify(database)
    assert not report.ok
    assert report.first_broken_id is None  # what is left still links up ...
    assert report.describe() == "rows after 3 were removed (the anchor names row 5)"  # ... but is short


def test_a_removed_anchor_is_detected(writer: Writer, database: Database) -> None:
    _seed(writer, 2)
    writer.run(lambda s: s.execute(text("DELETE FROM meta WHERE key = 'audit.head'")))
    assert "anchor (meta audit.head) is missing" in _verify(database).describe()


def test_a_row_added_behind_the_anchor_is_detected(writer: Writer, database: Database) -> None:
    _seed(writer, 2)
    head = writer.run(audit.current_head)
    _seed(writer, 1, start=2)
    writer.run(
        lambda s: s.execute(
            text("UPDATE meta SET value = :v WHERE key = 'audit.head'"),
            {"v": json.dumps({"seq": head.seq, "hash": head.hash, "alg": "sha256"})},
        )
    )
    assert _verify(database).describe() == "the chain's anchor names row 2, but the chain ends at row 3"


def _rewrite_consistently(session: Session, from_id: int) -> None:
    """What an attacker holding the key could do: change a row and recompute every hash after it and
    the anchor, so that the chain alone looks intact."""
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    prev = audit.GENESIS
    for row in rows:
        if row.id == from_id:
            row.actor = "mallory"
        row.prev_hash = prev
        row.hash = audit._digest(
            ChainHash(row.alg), prev, row.at, row.actor, row.action, row.subject, row.detail
        )
        prev = row.hash
    session.flush()
    session.execute(
        text("UPDATE meta SET value = :v WHERE key = 'audit.head'"),
        {"v": json.dumps({"seq": rows[-1].id, "hash": prev, "alg": "sha256"})},
    )


def test_a_consistent_rewrite_of_rows_the_platform_holds_is_detected(
    writer: Writer, database: Database
) -> None:
    _seed(writer, 5)
    fourth = writer.run(lambda s: s.get_one(AuditEntry, 4).hash)
    writer.run(lambda s: audit.confirm_by_platform(s, 4, fourth))
    writer.run(lambda s: audit.confirm_by_platform(s, 2, "older acknowledgements never move it back"))
    assert _verify(database).ok

    writer.run(lambda s: _rewrite_consistently(s, 5))  # after what the platform holds: not provable here
    assert _verify(database).ok
    writer.run(lambda s: _rewrite_consistently(s, 3))
    report = _verify(database)
    assert report.first_broken_id is None
    assert report.describe() == "row 4, which the platform acknowledged, is missing or was rewritten"


def _queued(database: Database) -> list[tuple[str, str, str, str, dict[str, int]]]:
    with database.read() as session:
        rows = session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)).all()
        return [(q.lane, q.kind, q.aggregate_id, q.idempotency_key, q.payload) for q in rows]


def _queue(writer: Writer, limit: int = audit.QUEUE_BATCH) -> int:
    return writer.run(lambda s: audit.queue_for_platform(s, AT, limit))


def test_rows_are_queued_for_the_platform_in_order_and_once(writer: Writer, database: Database) -> None:
    """Appending writes no outbox row; queue_for_platform gives each seq one, oldest first, in batches."""
    _seed(writer, 3)
    assert _queued(database) == []
    with database.read() as session:
        assert audit.unqueued(session) == 3
    assert _queue(writer, limit=2) == 2
    assert _queue(writer) == 1
    assert _queue(writer) == 0
    assert _queued(database) == [
        ("audit", "submit_audit", "audit", f"audit:{seq}", {"seq": seq}) for seq in (1, 2, 3)
    ]
    _seed(writer, 1, start=3)
    with database.read() as session:
        assert audit.unqueued(session) == 1
    assert _queue(writer) == 1
    assert [q[4]["seq"] for q in _queued(database)] == [1, 2, 3, 4]
    with database.read() as session:
        assert audit.unqueued(session) == 0
        records = audit.records(session, [3, 1])
    assert [r["seq"] for r in records] == [1, 3]
    assert records[0]["prev_hash"] == audit.GENESIS
    assert records[0]["at"] == "2026-11-25T01:00:00.000000+00:00"
    assert set(records[0]) == {"seq", "at", "actor", "action", "subject", "detail", "hash", "prev_hash"}


def _sm3(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def test_gm_profile_chains_with_sm3_and_says_when_it_switched(writer: Writer, database: Database) -> None:
    _seed(writer, 2)
    assert writer.run(lambda s: audit.use_algorithm(s, ChainHash.SM3, AT)) is True
    assert writer.run(lambda s: audit.use_algorithm(s, ChainHash.SM3, AT)) is False  # already
    _seed(writer, 2, start=2)
    with database.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(r.alg, r.action) for r in rows] == [
        ("sha256", "case.accepted"),
        ("sha256", "case.accepted"),
        ("sm3", "crypto.profile_changed"),
        ("sm3", "case.accepted"),
        ("sm3", "case.accepted"),
    ]
    assert rows[2].detail == {"previous": "sha256", "now": "sm3"}
    assert rows[2].prev_hash == rows[1].hash  # one chain across the switch
    body = json.dumps(
        [rows[3].prev_hash, "2026-11-25T01:00:02.000000+00:00", "clerk01", "case.accepted", "C2", {}],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    assert rows[3].hash == _sm3(body)
    assert rows[1].hash != hashlib.sha256(body).hexdigest()
    assert _verify(database).ok


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_log SET subject = 'X' WHERE id = 4",
        "UPDATE audit_log SET alg = 'sha256' WHERE id = 4",  # claiming the other hash does not help
        "UPDATE audit_log SET alg = 'md5' WHERE id = 4",
        "DELETE FROM audit_log WHERE id = 4",
    ],
)
def test_tampering_with_sm3_rows_is_detected(writer: Writer, database: Database, tamper: str) -> None:
    writer.run(lambda s: audit.use_algorithm(s, ChainHash.SM3, AT))
    _seed(writer, 5)
    writer.run(lambda s: s.execute(text(tamper)))
    assert _verify(database).first_broken_id in {4, 5}


def test_a_row_deleted_before_it_was_queued_is_queued_all_the_same(
    writer: Writer, database: Database
) -> None:
    """The sync lane then finds it missing and stops for a person, as for a row deleted after queueing."""
    _seed(writer, 3)
    writer.run(lambda s: s.execute(text("DELETE FROM audit_log WHERE id = 2")))
    assert _queue(writer) == 3
    assert [q[4]["seq"] for q in _queued(database)] == [1, 2, 3]


def test_a_new_trail_under_the_gm_profile_has_no_switch_row(writer: Writer, database: Database) -> None:
    assert writer.run(lambda s: audit.use_algorithm(s, ChainHash.SM3, AT)) is False
    _seed(writer, 1)
    with database.read() as session:
        assert session.scalars(select(AuditEntry.alg)).all() == ["sm3"]


def test_migration_anchors_and_queues_a_trail_written_before_it(tmp_path: Path, db_key: bytes) -> None:
    """A database at revision 0002 with audit rows: after the upgrade the rows say sha256, the anchor
    names the last one, every row waits for the platform (queued once), and the chain verifies."""
    path = tmp_path / "old.db"
    db = open_database(path, db_key, migrate=False)
    migrate.upgrade(db.engine, "0002")
    with db.engine.begin() as conn:
        prev = audit.GENESIS
        for i in range(3):
            at = AT + dt.timedelta(seconds=i)
            digest = audit._digest(ChainHash.SHA256, prev, at, "clerk01", "login.succeeded", "", {})
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) "
                    "VALUES (:at, 'clerk01', 'login.succeeded', '', '{}', :prev, :hash)"
                ),
                {
                    "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                    "prev": prev,
                    "hash": digest,
                },
            )
            prev = digest
    db.close()

    db = open_database(path, db_key)
    try:
        report = _verify(db)
        assert report.ok, report.describe()
        with db.read() as session:
            assert session.scalars(select(AuditEntry.alg)).all() == ["sha256"] * 3
            assert audit.current_head(session) == audit.Head(3, prev, ChainHash.SHA256)
            queued = session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)).all()
            assert [(q.lane, q.idempotency_key, q.payload, q.state) for q in queued] == [
                ("audit", f"audit:{i}", {"seq": i}, "ready") for i in (1, 2, 3)
            ]
            # ...and revision 0007 knows they are: nothing is queued twice.
            assert audit.unqueued(session) == 0
        w = Writer(db)
        try:
            assert w.run(lambda s: audit.queue_for_platform(s, AT)) == 0
        finally:
            w.close()
    finally:
        db.close()
