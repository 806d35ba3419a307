"""The accept-commit path: statements straight to the driver, inside a session or without one.

The ORM unit of work costs several milliseconds per case on these machines; the decision transaction
inserts a dozen rows, so it binds them through the columns' own bind processors (so AwareDateTime and
JSON are stored exactly as the ORM would) and hands them to the driver: one execute for a single row
(which also gives its rowid), one executemany for several.

The functions on that path take a `Tx`: an ORM session (any writer job, so that other jobs can call
them too), or a `DriverTransaction`, the writer's own driver connection with no session around it
(`Writer.run_direct`). The session's own bookkeeping (creating it, beginning through the engine's
events, committing and closing it) cost 0.6-1.2 ms of every decision (p50), more than the statements.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Dialect, Table
from sqlalchemy.orm import DeclarativeBase, Session


@dataclass(frozen=True)
class DriverTransaction:
    """An open write transaction (BEGIN IMMEDIATE issued) on the writer thread's sqlcipher3 connection."""

    driver: Any
    dialect: Dialect


Tx = Session | DriverTransaction


class TableInserter:
    def __init__(self, model: type[DeclarativeBase]) -> None:
        table = cast(Table, model.__table__)
        # Autoincrement keys are left to SQLite; every other column must be given.
        self._columns = [c for c in table.columns if not (c.primary_key and c.autoincrement is True)]
        names = ", ".join(f'"{c.name}"' for c in self._columns)
        marks = ", ".join("?" for _ in self._columns)
        # Names come from our own table metadata; values are always bound.
        self._sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'  # noqa: S608
        # All values fetched at once; only the columns whose type converts values are visited.
        self._fetch = operator.itemgetter(*(c.name for c in self._columns))
        self._converted: list[tuple[int, Callable[[Any], Any]]] | None = None

    def insert(self, tx: Tx, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self._driver(tx).executemany(self._sql, [self._values(row) for row in rows])

    def insert_one(self, tx: Tx, row: Mapping[str, Any]) -> int:
        """Insert one row and return its rowid."""
        return int(self._driver(tx).execute(self._sql, self._values(row)).lastrowid)

    def _driver(self, tx: Tx) -> Any:
        if isinstance(tx, DriverTransaction):
            driver, dialect = tx.driver, tx.dialect
        else:
            conn = tx.connection()
            driver, dialect = conn.connection.dbapi_connection, conn.dialect
        if self._converted is None:
            processors = [c.type._cached_bind_processor(dialect) for c in self._columns]
            self._converted = [(i, process) for i, process in enumerate(processors) if process is not None]
        return driver

    def _values(self, row: Mapping[str, Any]) -> list[Any]:
        assert self._converted is not None
        fetched = self._fetch(row)
        values = list(fetched) if len(self._columns) > 1 else [fetched]
        for i, process in self._converted:
            if values[i] is not None:
                values[i] = process(values[i])
        return values


def raw_driver_connection(tx: Tx) -> Any:
    """The sqlcipher3 connection under the transaction (a writer's: BEGIN IMMEDIATE already issued)."""
    if isinstance(tx, DriverTransaction):
        return tx.driver
    return tx.connection().connection.dbapi_connection
