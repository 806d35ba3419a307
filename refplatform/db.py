"""The platform's SQLite file (WAL) and its transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from refplatform.models import Base, Counter


class Database:
    """One engine over a plain SQLite file. Every request's work runs in one `transaction()`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.engine: Engine = create_engine(
            f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 10}
        )
        event.listen(self.engine, "connect", _configure_connection)
        event.listen(self.engine, "begin", _begin_immediate)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        Base.metadata.create_all(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE): commits when the block ends, rolls back on an exception."""
        with self._sessions.begin() as session:
            yield session

    def reset(self) -> None:
        Base.metadata.drop_all(self.engine)
        Base.metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 driver's own transaction handling is switched off so that `begin` below decides.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def bump(session: Session, name: str, by: int = 1) -> None:
    """Add to a named counter inside the caller's transaction."""
    row = session.get(Counter, name)
    if row is None:
        session.add(Counter(name=name, value=by))
    else:
        row.value += by


def counter(session: Session, name: str) -> int:
    value = session.scalar(select(Counter.value).where(Counter.name == name))
    return int(value or 0)
