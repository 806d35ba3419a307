"""The hash-chained audit trail detects edited and deleted rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from app.domain.clock import CHINA_TZ
from app.store import audit
from app.store.database import Database
from app.store.writer import Writer

AT = dt.datetime(2026, 11, 25, 9, 0, tzinfo=CHINA_TZ)


def _seed(writer: Writer, n: int) -> None:
    for i in range(n):
        writer.run(
            lambda s, i=i: audit.append(
                s, at=AT + dt.timedelta(seconds=i), actor="clerk01", action="case.accepted", subject=f"C{i}"
            )
        )


def test_intact_chain_verifies(writer: Writer, database: Database) -> None:
    _seed(writer, 5)
    with database.read() as session:
        report = audit.verify(session)
    assert report.ok
    assert report.rows == 5


def test_edited_row_is_detected(writer: Writer, database: Database) -> None:
    _seed(writer, 5)
    writer.run(lambda s: s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE id = 3")))
    with database.read() as session:
        assert audit.verify(session).first_broken_id == 3


def test_deleted_row_is_detected(writer: Writer, database: Database) -> None:
    _seed(writer, 5)
    writer.run(lambda s: s.execute(text("DELETE FROM audit_log WHERE id = 2")))
    with database.read() as session:
        assert audit.verify(session).first_broken_id == 3
