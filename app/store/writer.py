"""The one thread that writes to SQLite: every write transaction runs here, one at a time."""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from app.domain.errors import EnvironmentFailure, FailureKind
from app.store.database import Database
from app.store.fastpath import DriverTransaction

log = logging.getLogger(__name__)
T = TypeVar("T")
S = TypeVar("S")

WRITER_THREAD_NAME = "db-writer"


def _classify(exc: OperationalError | sqlcipher.OperationalError) -> EnvironmentFailure | None:
    orig = exc.orig if isinstance(exc, OperationalError) else None
    message = str(orig if orig is not None else exc).lower()
    if "full" in message:
        return EnvironmentFailure(FailureKind.DISK_FULL, "database")
    if "readonly" in message or "read-only" in message or "disk i/o" in message:
        return EnvironmentFailure(FailureKind.DISK_READ_ONLY, "database")
    return None


class Checkpointer:
    """Copies the WAL back into the database on its own thread and connection (PASSIVE mode).

    Auto-checkpoints are off on our connections, because SQLite runs them inside the commit that crosses
    the threshold, which put a checkpoint's worth of I/O on every ~50th acceptance. A checkpoint waits
    for the writer to have been idle for `idle` seconds, so that its fsync of the database file does not
    land in the middle of a clerk's commit; a WAL past `wal_cap` bytes is checkpointed regardless.

    Its thread is a daemon, stopped at interpreter exit (after a checkpoint under way has finished), so
    that a process that never closed its writer still exits rather than waiting for this loop forever.
    """

    def __init__(
        self,
        database: Database,
        interval: float = 2.0,
        *,
        idle: float = 1.0,
        wal_cap: int = 16 * 2**20,
        last_write: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self._db = database
        self._interval = interval
        self._idle = idle
        self._wal_cap = wal_cap
        self._last_write = last_write
        self._wal = database.path.with_name(database.path.name + "-wal")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="db-checkpoint", daemon=True)
        self._thread.start()
        _RUNNING.add(self)

    def _due(self) -> bool:
        if time.monotonic() - self._last_write() >= self._idle:
            return True
        try:
            return self._wal.stat().st_size >= self._wal_cap
        except OSError:
            return False

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            if self._due():
                self.checkpoint("PASSIVE")

    def checkpoint(self, mode: str) -> None:
        try:
            with self._db.engine.connect() as conn:
                conn.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})")
        except Exception:
            log.warning("WAL checkpoint (%s) failed", mode, exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        _RUNNING.discard(self)

    def close(self) -> None:
        self.stop()
        self.checkpoint("TRUNCATE")


_RUNNING: weakref.WeakSet[Checkpointer] = weakref.WeakSet()


@atexit.register
def _stop_checkpointers() -> None:
    # Runs after the writers' executors have run every job queued before exit (their own exit hook).
    for checkpointer in list(_RUNNING):
        checkpointer.stop()


class Writer:
    """Runs write transactions on a single dedicated thread; each job commits (fsync'd) or rolls back.

    The thread keeps one connection for all its jobs. Taking any connection from the pool instead meant
    that each commit on one connection discarded the page cache of the others (SQLite drops a
    connection's cache when another one changed the database), so the next job on another connection
    read and decrypted every page it touched again. A job that fails in the database gives its
    connection up; the next job opens a new one.
    """

    def __init__(self, database: Database) -> None:
        self._db = database
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=WRITER_THREAD_NAME)
        self._last_write = 0.0
        self._connection: Connection | None = None
        self._checkpointer = Checkpointer(database, last_write=lambda: self._last_write)

    def submit(self, job: Callable[[Session], T]) -> Future[T]:
        return self._executor.submit(self._classified, self._run, job)

    def run(self, job: Callable[[Session], T]) -> T:
        """Run a job and wait for its commit; for start-up, tests and headless commands."""
        self._refuse_on_writer_thread()
        return self.submit(job).result()

    def run_direct(self, job: Callable[[DriverTransaction], T]) -> T:
        """Run a job on the driver connection itself, with no ORM session, and wait for its commit:
        for a job whose statements all go through app.store.fastpath (the decision)."""
        self._refuse_on_writer_thread()
        return self._executor.submit(self._classified, self._run_direct, job).result()

    @staticmethod
    def _refuse_on_writer_thread() -> None:
        """A job that waited for another job would wait for itself to finish, forever."""
        if threading.current_thread().name.startswith(WRITER_THREAD_NAME):
            raise RuntimeError("a writer job cannot wait for another writer job")

    def _writer_connection(self) -> Connection:
        if self._connection is None:
            self._connection = self._db.write_engine.connect()
        return self._connection

    def _run(self, job: Callable[[Session], T]) -> T:
        connection = self._writer_connection()
        try:
            with Session(connection, expire_on_commit=False) as session, session.begin():
                return job(session)
        except (DBAPIError, sqlcipher.Error):
            self._drop_connection(discard=True)  # in whatever state the failure left it
            raise
        finally:
            self._last_write = time.monotonic()

    def _run_direct(self, job: Callable[[DriverTransaction], T]) -> T:
        connection = self._writer_connection()
        driver: Any = connection.connection.dbapi_connection
        try:
            driver.execute("BEGIN IMMEDIATE")
            try:
                result = job(DriverTransaction(driver, connection.dialect))
                driver.execute("COMMIT")
            except BaseException:
                if driver.in_transaction:
                    driver.execute("ROLLBACK")
                raise
            return result
        except sqlcipher.Error:
            self._drop_connection(discard=True)
            raise
        finally:
            self._last_write = time.monotonic()

    def _drop_connection(self, *, discard: bool = False) -> None:
        """Give the connection back to the pool, or with `discard` close it for good."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                if discard:
                    connection.invalidate()
                connection.close()
            except Exception:
                log.warning("closing the writer's connection failed", exc_info=True)

    @staticmethod
    def _classified(runner: Callable[[Callable[[S], T]], T], job: Callable[[S], T]) -> T:
        try:
            return runner(job)
        # The driver's own errors come unwrapped from run_direct, and from a session's COMMIT.
        except (OperationalError, sqlcipher.OperationalError) as exc:
            failure = _classify(exc)
            if failure is not None:
                raise failure from exc
            raise

    def checkpoint(self, mode: str = "TRUNCATE") -> None:
        """Copy the WAL into the database now (TRUNCATE also empties the WAL file): after a purge, the
        old versions of the purged pages must not linger in the WAL."""
        self._checkpointer.checkpoint(mode)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self._drop_connection()
        self._checkpointer.close()
