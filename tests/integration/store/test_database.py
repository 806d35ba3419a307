"""The SQLCipher database on a real file: pragmas, key handling, migrations, the writer thread."""

from __future__ import annotations

import hashlib
import secrets
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.domain.errors import EnvironmentFailure, FailureKind
from app.store import migrate
from app.store.database import HEAD_REVISION, Database, open_database
from app.store.models import Meta
from app.store.writer import WRITER_THREAD_NAME, Writer


def _fingerprint(path: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.parent.iterdir())
        if p.name.startswith(path.name)
    }


def test_write_path_is_wal_with_full_sync_and_secure_delete(writer: Writer) -> None:
    def pragmas(session: Session) -> tuple[object, ...]:
        return tuple(
            session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "secure_delete", "foreign_keys")
        )

    # PRAGMA synchronous reads back 2 for FULL
    assert writer.run(pragmas) == ("wal", 2, 1, 1)


def test_schema_is_at_the_head_revision(database: Database) -> None:
    assert database.schema_revision() == HEAD_REVISION == migrate.head_revision()
    assert database.integrity_check() == "ok"


def test_the_migrated_schema_is_what_the_models_declare(database: Database) -> None:
    """Tables, columns, types, indexes and keys after every migration equal the ORM models (alembic's
    own comparison), so a model changed without its migration, or the reverse, fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.store.models import Base

    with database.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_writes_run_on_the_one_writer_thread(writer: Writer) -> None:
    names = {writer.run(lambda _s: threading.current_thread().name) for _ in range(5)}
    assert len(names) == 1
    assert names.pop().startswith(WRITER_THREAD_NAME)


def test_jobs_run_in_order_and_each_failure_reaches_its_caller(writer: Writer) -> None:
    def add(key: str) -> Callable[[Session], str]:
        def job(session: Session) -> str:
            session.add(Meta(key=key, value="v"))
            return key

        return job

    def fail(_session: Session) -> None:
        raise ValueError("this job fails")

    queued = [writer.submit(add(f"k{i}")) for i in range(5)]
    failed = writer.submit(fail)
    assert writer.run(lambda s: [m.key for m in s.query(Meta).order_by(Meta.key)]) == [
        f"k{i}" for i in range(5)
    ]
    assert [f.result(10) for f in queued] == [f"k{i}" for i in range(5)]
    assert isinstance(failed.exception(10), ValueError)
    with pytest.raises(ValueError, match="this job fails"):
        writer.run(fail)
    assert writer.run_direct(lambda tx: tx.driver.execute("SELECT count(*) FROM meta").fetchone()[0]) == 5


def test_a_job_that_waits_for_another_job_fails_instead_of_hanging(writer: Writer) -> None:
    outer = writer.submit(lambda _s: writer.run(lambda _inner: None))
    assert isinstance(outer.exception(10), RuntimeError)
    assert writer.run(lambda _s: "still writing") == "still writing"


def test_close_runs_the_jobs_already_queued_then_refuses_new_ones(writer: Writer, database: Database) -> None:
    release = threading.Event()
    blocker = writer.submit(lambda _s: release.wait(10))
    queued = [writer.submit(lambda s, i=i: s.add(Meta(key=f"q{i}", value="v"))) for i in range(5)]
    closing = threading.Thread(target=writer.close)
    closing.start()
    release.set()
    closing.join(30)
    assert not closing.is_alive()
    assert blocker.result(0) is True
    assert all(f.done() and f.exception() is None for f in queued)
    with database.read() as session:
        assert session.query(Meta).count() == 5
    with pytest.raises(RuntimeError):
        writer.submit(lambda _s: None)
    with pytest.raises(RuntimeError):
        writer.run(lambda _s: None)


NEVER_CLOSED = """
import sys
from pathlib import Path
from app.store.database import open_database
from app.store.models import Meta
from app.store.writer import Writer

writer = Writer(open_database(Path(sys.argv[1]), bytes.fromhex(sys.argv[2])))
for i in range(20):
    writer.submit(lambda s, i=i: s.add(Meta(key=f"k{i}", value="v")))
"""


def test_a_process_that_never_closes_its_writer_exits_with_its_queued_writes_committed(
    tmp_path: Path, db_key: bytes
) -> None:
    """A real process queues writes and ends without closing its writer (a crash path that skipped
    the clean shutdown): it still exits, and every write it queued is committed."""
    path = tmp_path / "w.db"
    ran = subprocess.run(
        [sys.executable, "-c", NEVER_CLOSED, str(path), db_key.hex()],
        check=False,
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    db = open_database(path, db_key)
    try:
        with db.read() as session:
            assert session.query(Meta).count() == 20
    finally:
        db.close()


def test_data_survives_reopening(tmp_path: Path, db_key: bytes) -> None:
    db = open_database(tmp_path / "w.db", db_key)
    w = Writer(db)
    w.run(lambda s: s.add(Meta(key="terminal", value="W03")))
    w.close()
    db.close()
    db = open_database(tmp_path / "w.db", db_key)
    with db.read() as session:
        assert session.get(Meta, "terminal").value == "W03"
    db.close()


def test_wrong_key_is_refused_and_the_file_untouched(tmp_path: Path, db_key: bytes) -> None:
    path = tmp_path / "w.db"
    db = open_database(path, db_key)
    w = Writer(db)
    w.run(lambda s: s.add(Meta(key="k", value="v")))
    w.close()
    db.close()
    before = _fingerprint(path)
    with pytest.raises(EnvironmentFailure) as info:
        open_database(path, secrets.token_bytes(32))
    assert info.value.kind is FailureKind.KEY_WRONG
    assert _fingerprint(path) == before


def test_plain_sqlite_file_is_not_mistaken_for_ours(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(EnvironmentFailure) as info:
        open_database(path, secrets.token_bytes(32))
    assert info.value.kind is FailureKind.KEY_WRONG


def test_full_database_is_reported_as_disk_full_and_rolls_back(writer: Writer, database: Database) -> None:
    def fill(session: Session) -> None:
        session.execute(text("PRAGMA max_page_count = 40"))
        for i in range(2000):
            session.add(Meta(key=f"k{i}", value="x" * 400))
        session.flush()

    def page_limit(session: Session) -> int:
        return int(session.execute(text("PRAGMA max_page_count")).scalar())

    unlimited = writer.run(page_limit)
    with pytest.raises(EnvironmentFailure) as info:
        writer.run(fill)
    assert info.value.kind is FailureKind.DISK_FULL
    with database.read() as session:
        assert session.query(Meta).count() == 0
    # The writer keeps one connection across jobs, but not one that failed: the next job runs on a fresh
    # connection (the page limit set above was that connection's) and its writes commit.
    assert writer.run(page_limit) == unlimited
    writer.run(lambda s: s.add(Meta(key="after", value="x" * 400)))
    with database.read() as session:
        assert session.query(Meta).count() == 1


def _clustered(db: Database) -> dict[str, bool]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT name, sql FROM sqlite_master WHERE name IN ('case_items', 'case_materials')")
        ).all()
    return {name: sql.rstrip().endswith("WITHOUT ROWID") for name, sql in rows}


def test_migration_0006_clusters_case_items_and_materials_keeping_their_rows(
    tmp_path: Path, db_key: bytes
) -> None:
    """A case written at revision 0005 reads back the same after the upgrade, from tables now clustered on
    their key; the downgrade restores rowid tables with the rows still there."""
    from app.domain.case import CaseStatus
    from app.store import cases
    from tests.integration.store.test_cases import AT, DESK, new_case

    path = tmp_path / "old.db"
    db = open_database(path, db_key, migrate=False)
    migrate.upgrade(db.engine, "0005")
    assert _clustered(db) == {"case_items": False, "case_materials": False}
    w = Writer(db)
    case_id = w.run(lambda s: cases.record_decision(s, new_case(), DESK, CaseStatus.ACCEPTED, AT)).id
    w.close()
    with db.read() as session:
        before = cases.load_case(session, case_id)
    db.close()

    db = open_database(path, db_key)
    try:
        assert _clustered(db) == {"case_items": True, "case_materials": True}
        with db.read() as session:
            after = cases.load_case(session, case_id)
        assert after == before
        assert after is not None
        assert (len(after.items), len(after.materials)) == (1, 2)
        assert db.integrity_check() == "ok"

        migrate.downgrade(db.engine, "0005")
        assert _clustered(db) == {"case_items": False, "case_materials": False}
        with db.read() as session:
            assert cases.load_case(session, case_id) == before
    finally:
        db.close()


def test_migration_0008_clusters_each_timeline_on_its_case_keeping_its_order(
    tmp_path: Path, db_key: bytes
) -> None:
    """Two cases whose events were numbered across cases at revision 0007 read back the same after the
    upgrade, from a table clustered on (case_id, id); a new event follows its own case's last; the
    downgrade numbers events across cases again, each timeline still in its order."""
    from app.domain.case import Actor, ActorKind, CaseStatus, Transition
    from app.store import cases
    from tests.integration.store.test_cases import AT, DESK, new_case

    def event(case_id: str, reason: str, number: int | None = None) -> None:
        step = Transition(
            CaseStatus.ACCEPTED, CaseStatus.IN_REVIEW, Actor(ActorKind.PLATFORM, "platform"), AT, reason
        )
        w.run(lambda s: cases.add_event(s, case_id, step, number=number))

    def timelines(db: Database) -> list[tuple[str, ...]]:
        with db.read() as session:
            loaded = [cases.load_case(session, case_id) for case_id in (a, b)]
        return [tuple(entry.reason for entry in case.timeline) for case in loaded if case is not None]

    path = tmp_path / "old.db"
    db = open_database(path, db_key, migrate=False)
    migrate.upgrade(db.engine, "0007")
    w = Writer(db)
    a = w.run(lambda s: cases.record_decision(s, new_case(), DESK, CaseStatus.ACCEPTED, AT)).id
    w.run(lambda s: s.execute(text("UPDATE case_events SET id = id + 100")))  # ids as across many cases
    b = w.run(lambda s: cases.record_decision(s, new_case("李四"), DESK, CaseStatus.ACCEPTED, AT)).id
    event(a, "a2", 102)
    event(b, "b2", 103)
    w.close()
    before = timelines(db)
    assert before == [("", "a2"), ("", "b2")]
    db.close()

    db = open_database(path, db_key)
    try:
        with db.engine.connect() as conn:
            ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'case_events'")).scalar()
            indexes = conn.execute(
                text("SELECT name FROM sqlite_master WHERE tbl_name = 'case_events'")
            ).all()
        assert ddl.rstrip().endswith("WITHOUT ROWID")
        assert "PRIMARY KEY (case_id, id)" in ddl
        assert indexes == [("case_events",)]
        assert timelines(db) == before
        w = Writer(db)
        event(a, "a3")
        event(b, "b3")
        w.close()
        with db.read() as session:
            numbers = session.execute(text("SELECT case_id, id FROM case_events ORDER BY case_id, id")).all()
        assert sorted(numbers) == sorted([(a, 101), (a, 102), (a, 103), (b, 1), (b, 103), (b, 104)])
        after = timelines(db)
        assert after == [("", "a2", "a3"), ("", "b2", "b3")]
        assert db.integrity_check() == "ok"

        migrate.downgrade(db.engine, "0007")
        with db.engine.connect() as conn:
            ids = [row[0] for row in conn.execute(text("SELECT id FROM case_events"))]
        assert sorted(ids) == list(range(1, 7))
        assert timelines(db) == after
    finally:
        db.close()


def _outbox_indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'")
        )
        return {name for (name,) in rows}


def test_migration_0009_numbers_cases_from_their_own_index_and_keeps_one_queue_index(
    tmp_path: Path, db_key: bytes
) -> None:
    """At revision 0008 the day's cases were numbered from case_sequences; after the upgrade that table is
    gone and the next number follows the day's highest case, and the outbox has one queue index, by which a
    case's later row still waits for its earlier one. The downgrade rebuilds case_sequences from the
    numbers and the two indexes."""
    import datetime as dt

    from app.domain.case import CaseStatus
    from app.store import cases, outbox
    from tests.integration.store.test_cases import AT, DESK, new_case

    def decide(w: Writer, at: dt.datetime = AT) -> str:
        return w.run_direct(
            lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, at)
        ).id

    def queue(db: Database) -> list[tuple[str, str]]:
        with db.read() as session:
            batch = outbox.peek_batch(session, outbox.Lane.CASES, AT + dt.timedelta(hours=1), 10)
        return [(claimed.aggregate_id, claimed.idempotency_key) for claimed in batch]

    path = tmp_path / "old.db"
    db = open_database(path, db_key, migrate=False)
    migrate.upgrade(db.engine, "0008")
    w = Writer(db)
    y, a, b = decide(w, AT - dt.timedelta(days=1)), decide(w), decide(w)
    w.run_direct(lambda tx: cases.resubmit(tx, a, AT))  # a's second version waits for its first
    w.run(
        lambda s: s.execute(
            text("INSERT INTO case_sequences VALUES ('W03', '2026-11-24', 1), ('W03', '2026-11-25', 2)")
        )
    )
    w.close()
    before = queue(db)
    assert before == [(y, f"{y}:submit:1"), (a, f"{a}:submit:1"), (b, f"{b}:submit:1")]
    old_indexes = {"sqlite_autoindex_outbox_1", "ix_outbox_lane_state", "ix_outbox_aggregate"}
    assert _outbox_indexes(db) == old_indexes
    db.close()

    db = open_database(path, db_key)
    try:
        with db.engine.connect() as conn:
            assert (
                conn.execute(
                    text("SELECT count(*) FROM sqlite_master WHERE name = 'case_sequences'")
                ).scalar()
                == 0
            )
        assert _outbox_indexes(db) == {"sqlite_autoindex_outbox_1", "ix_outbox_lane_state_aggregate"}
        assert queue(db) == before
        w = Writer(db)
        c = decide(w)
        w.close()
        with db.read() as session:
            assert cases.case_number(session, c) == "W03-20261125-00003"
        assert db.integrity_check() == "ok"

        migrate.downgrade(db.engine, "0008")
        with db.engine.connect() as conn:
            sequences = conn.execute(text("SELECT * FROM case_sequences ORDER BY day")).all()
        assert sequences == [("W03", "2026-11-24", 1), ("W03", "2026-11-25", 3)]
        assert _outbox_indexes(db) == old_indexes
        assert queue(db) == [*before, (c, f"{c}:submit:1")]
    finally:
        db.close()


def test_the_queue_reads_seek_in_the_outbox_index(database: Database) -> None:
    """The claim (with its check for a case's earlier rows), the counts and the purge of a case's rows
    each seek in the queue index: none reads the whole outbox (EXPLAIN QUERY PLAN of what they ran)."""
    import datetime as dt

    from sqlalchemy import delete

    from app.store import outbox, retention
    from app.store.models import OutboxEntry
    from tests.support.query_plans import plans

    now = dt.datetime.now(dt.UTC)

    def run() -> None:
        with database.read() as session:
            outbox.peek_batch(session, outbox.Lane.CASES, now, 10)
            outbox.summary(session)
            retention.due(session, now, dt.timedelta(days=1))
            session.execute(delete(OutboxEntry).where(outbox.of_aggregate("a case")))
            session.rollback()

    ran = plans(database.engine, "outbox", run)
    assert len(ran) == 6  # the claim, two counts, two in the retention check, the purge
    for plan in ran:
        outbox_steps = [step for step in plan if " outbox" in step]
        assert outbox_steps, plan
        # SEARCH: a seek (a range of the index); SCAN would read all of it.
        assert all(
            step.startswith("SEARCH") and "INDEX ix_outbox_lane_state_aggregate (lane=? AND state=?" in step
            for step in outbox_steps
        ), plan
