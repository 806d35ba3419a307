"""EXPLAIN QUERY PLAN of the statements some code ran: which b-trees a query reads, and how."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, event


def plans(engine: Engine, table: str, run: Callable[[], object]) -> list[list[str]]:
    """The plan (SQLite's one-line steps) of each statement naming `table` that `run` executed on
    `engine`, in order."""
    ran: list[tuple[str, object]] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: object, *_rest: object) -> None:
        if table in statement and not statement.startswith("EXPLAIN"):
            ran.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    with engine.connect() as conn:
        driver = conn.connection.dbapi_connection
        assert driver is not None
        return [
            [row[-1] for row in driver.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            for statement, parameters in ran
        ]
