"""The one thread that writes to SQLite: every write transaction runs here, one at a time."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.domain.errors import EnvironmentFailure, FailureKind
from app.store.database import Database

log = logging.getLogger(__name__)
T = TypeVar("T")

WRITER_THREAD_NAME = "db-writer"


def _classify(exc: OperationalError) -> EnvironmentFailure | None:
    message = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "full" in message:
        return EnvironmentFailure(FailureKind.DISK_FULL, "database")
    if "readonly" in message or "read-only" in message or "disk i/o" in message:
        return EnvironmentFailure(FailureKind.DISK_READ_ONLY, "database")
    return None


class Writer:
    """Runs write transactions on a single dedicated thread; each job commits (fsync'd) or rolls back."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=WRITER_THREAD_NAME)
        self._thread_ident: int | None = None

    def submit(self, job: Callable[[Session], T]) -> Future[T]:
        return self._executor.submit(self._run, job)

    def run(self, job: Callable[[Session], T]) -> T:
        """Run a job and wait for its commit; for start-up, tests and headless commands."""
        return self.submit(job).result()

    def _run(self, job: Callable[[Session], T]) -> T:
        self._thread_ident = threading.get_ident()
        try:
            with Session(self._db.write_engine, expire_on_commit=False) as session, session.begin():
                return job(session)
        except OperationalError as exc:
            failure = _classify(exc)
            if failure is not None:
                raise failure from exc
            raise
        except sqlcipher.OperationalError as exc:  # raised outside SQLAlchemy's wrapping, e.g. at COMMIT
            raise EnvironmentFailure(FailureKind.DISK_FULL, str(exc)) from exc

    def assert_on_writer_thread(self) -> None:
        assert threading.get_ident() == self._thread_ident, "database writes belong on the writer thread"

    def close(self) -> None:
        self._executor.shutdown(wait=True)
