"""Inserts on the accept-commit path: SQL prepared once per table, values bound by the column types.

The ORM unit of work costs several milliseconds per case on these machines; the decision transaction
inserts a dozen rows, so it binds them through the columns' own bind processors (so AwareDateTime and
JSON are stored exactly as the ORM would) and hands them to the driver: one execute for a single row
(which also gives its rowid), one executemany for several.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase, Session


class TableInserter:
    def __init__(self, model: type[DeclarativeBase]) -> None:
        table = cast(Table, model.__table__)
        # Autoincrement keys are left to SQLite; every other column must be given.
        self._columns = [c for c in table.columns if not (c.primary_key and c.autoincrement is True)]
        names = ", ".join(f'"{c.name}"' for c in self._columns)
        marks = ", ".join("?" for _ in self._columns)
        # Names come from our own table metadata; values are always bound.
        self._sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'  # noqa: S608
        self._processors: list[Callable[[Any], Any] | None] | None = None

    def insert(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self._driver(session).executemany(self._sql, [self._values(row) for row in rows])

    def insert_one(self, session: Session, row: Mapping[str, Any]) -> int:
        """Insert one row and return its rowid."""
        return int(self._driver(session).execute(self._sql, self._values(row)).lastrowid)

    def _driver(self, session: Session) -> Any:
        conn = session.connection()
        if self._processors is None:
            self._processors = [c.type._cached_bind_processor(conn.dialect) for c in self._columns]
        return conn.connection.dbapi_connection

    def _values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        assert self._processors is not None
        return tuple(
            process(value) if process is not None and value is not None else value
            for value, process in zip(
                (row[column.name] for column in self._columns), self._processors, strict=True
            )
        )


def raw_driver_connection(session: Session) -> Any:
    """The sqlcipher3 connection under the session's transaction (BEGIN IMMEDIATE already issued)."""
    return session.connection().connection.dbapi_connection
