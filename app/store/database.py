"""Opening the SQLCipher database: key check before anything touches the file, pragmas, migrations."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from app.domain.errors import EnvironmentFailure, FailureKind

log = logging.getLogger(__name__)

# The newest migration; checked against alembic's script directory by a test, so that a normal
# start-up can skip importing alembic when the schema is current.
HEAD_REVISION = "0007"

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 10000",
    "PRAGMA wal_autocheckpoint = 0",
)


def _raw_connect(path: Path, key: bytes) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    # SQLCipher logs decryption failures to stderr; we report them ourselves.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # A raw 256-bit key (x'..') skips SQLCipher's PBKDF2: the key is already random, not a password.
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def connect_configured(path: Path, key: bytes) -> sqlcipher.Connection:
    """A keyed connection with the write-path pragmas: what every pooled connection of the engine is."""
    conn = _raw_connect(path, key)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def check_key(path: Path, key: bytes) -> None:
    """Raise KEY_WRONG if the key does not open an existing database; never writes to the file."""
    conn = _raw_connect(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        raise EnvironmentFailure(FailureKind.KEY_WRONG, str(path)) from exc
    finally:
        conn.close()


class Database:
    """The engine and how to open sessions; writes go through app.store.writer.Writer."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        # Writes take the lock up front so that two writers never deadlock on a lock upgrade.
        self.write_engine = engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def pragma(self, name: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(f"PRAGMA {name}")).scalar()

    def integrity_check(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(text("PRAGMA integrity_check")).scalar())

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
            ).scalar()
            if not exists:
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path, key: bytes, *, migrate: bool = True) -> Database:
    """Open (or create) the encrypted database.

    An existing file is only ever opened with a key that decrypts it; a wrong key raises KEY_WRONG and
    leaves the file untouched, so a fresh database is never created over an old one.
    """
    if path.exists():
        check_key(path, key)

    # The plain pysqlite dialect over the sqlcipher3 module: keying happens in connect_configured(), where
    # SQLAlchemy's pysqlcipher dialect would apply a passphrase of its own.
    # hide_parameters: SQLAlchemy puts bound values into its error messages, which would carry case data.
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: connect_configured(path, key),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    db = Database(path, engine)
    if migrate and db.schema_revision() != HEAD_REVISION:
        from app.store.migrate import upgrade

        upgrade(engine)
    return db
