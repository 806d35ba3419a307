"""Opening the SQLCipher database: key check before anything touches the file, pragmas, migrations."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from app.domain.errors import EnvironmentFailure, FailureKind
from app.store.datadir import fsync_dir

log = logging.getLogger(__name__)

# The newest migration; checked against alembic's script directory by a test, so that a normal
# start-up can skip importing alembic when the schema is current.
HEAD_REVISION = "0010"

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 10000",
    "PRAGMA wal_autocheckpoint = 0",
)


@dataclass(frozen=True)
class PageFormat:
    """How SQLCipher lays pages out on disk. Nothing in the file says which: every connection must name
    the file's own format (after the key, before the first read), or the file reads as "not a database".
    The cipher is AES-256-CBC with a random IV per page in every format."""

    name: str
    page_size: int
    hmac: str

    def pragmas(self, schema: str = "main") -> tuple[str, ...]:
        return (
            f"PRAGMA {schema}.cipher_page_size = {self.page_size}",
            f"PRAGMA {schema}.cipher_hmac_algorithm = {self.hmac}",
        )


# Databases are written in CURRENT. An accept commit writes 20-25 pages, and per page SQLCipher
# encrypts the whole page and MACs it: with 2 KiB pages and HMAC-SHA256 (which SHA-NI accelerates on
# these CPUs, unlike SHA-512) one accept commit took 0.5-0.6 ms less at p50 than with SQLCipher 4's
# defaults, in the same benchmark run. A cold read of every case costs ~10 % more (more, smaller
# pages). HMAC-SHA256 keeps a 256-bit MAC over each page; the KDF does not apply (the key is raw).
CURRENT = PageFormat("2k-hmac-sha256", 2048, "HMAC_SHA256")
# SQLCipher 4's defaults (4 KiB pages, HMAC-SHA512): what databases made before CURRENT are in. They
# are converted at the first start that migrates (`convert`).
SQLCIPHER4_DEFAULTS = PageFormat("4k-hmac-sha512", 4096, "HMAC_SHA512")
FORMATS = (CURRENT, SQLCIPHER4_DEFAULTS)


def _raw_connect(path: Path, key: bytes, page_format: PageFormat = CURRENT) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    # SQLCipher logs decryption failures to stderr; we report them ourselves.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # A raw 256-bit key (x'..') skips SQLCipher's PBKDF2: the key is already random, not a password.
    conn.execute(f'PRAGMA key = "{_raw_key(key)}"')
    for pragma in page_format.pragmas():
        conn.execute(pragma)
    return conn


def _raw_key(key: bytes) -> str:
    return f"x'{key.hex()}'"


def connect_configured(path: Path, key: bytes, page_format: PageFormat = CURRENT) -> sqlcipher.Connection:
    """A keyed connection with the write-path pragmas: what every pooled connection of the engine is."""
    conn = _raw_connect(path, key, page_format)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def check_key(path: Path, key: bytes) -> PageFormat:
    """The format in which the key opens an existing database; KEY_WRONG if it opens it in none. Never
    writes to the file."""
    for page_format in FORMATS:
        conn = _raw_connect(path, key, page_format)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError:
            continue
        finally:
            conn.close()
        return page_format
    raise EnvironmentFailure(FailureKind.KEY_WRONG, str(path))


def _converting(path: Path) -> Path:
    return path.with_name(path.name + ".converting")


def _remove_converting(path: Path) -> None:
    """A conversion's unfinished copy, left by a crash or a failure: never the live database."""
    target = _converting(path)
    for leftover in (target, target.with_name(target.name + "-journal")):
        leftover.unlink(missing_ok=True)


def _overwrite(replaced: BinaryIO) -> None:
    """Zero the replaced file's blocks before they are freed, as secure_delete zeroes a freed page: the
    old copy holds ciphertext of rows that may be purged later, under the same key. (On flash storage the
    device may keep old blocks whatever a file system does; the same holds for secure_delete.)"""
    size = os.fstat(replaced.fileno()).st_size
    chunk = bytes(1 << 20)
    replaced.seek(0)
    for offset in range(0, size, len(chunk)):
        replaced.write(chunk[: min(len(chunk), size - offset)])
    replaced.flush()
    os.fsync(replaced.fileno())


def _export(path: Path, key: bytes, old: PageFormat, target: Path) -> bool:
    """Checkpoint the database and copy it into `target` in CURRENT, checked and fsync'd; False when
    another connection is using it."""
    conn = _raw_connect(path, key, old)
    try:
        conn.execute("PRAGMA busy_timeout = 0")  # a database in use does not hold up the start
        if conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
            return False
        conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), _raw_key(key)))
        for pragma in CURRENT.pragmas("converted"):
            conn.execute(pragma)
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()
    check = _raw_connect(target, key, CURRENT)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if verdict != "ok":
        raise sqlcipher.DatabaseError(f"converted copy failed its integrity check: {verdict}")
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def convert(path: Path, key: bytes, old: PageFormat) -> PageFormat:
    """Rewrite the database in CURRENT and return CURRENT; on any failure keep it as it is, in `old`.

    sqlcipher_export copies schema and rows into a new file written in CURRENT, which is checked and
    fsync'd before it replaces the old file in one rename: a crash at any point leaves either the old
    database whole or the new one. The old file is then zeroed through a handle kept open. The WAL is
    checkpointed into the old file first; if another connection is using the database (the checkpoint
    reports busy), the conversion waits for the next start. Like a schema migration, it runs at the
    app's start, before anything else opens the database.
    """
    target = _converting(path)
    wal = path.with_name(path.name + "-wal")
    try:
        _remove_converting(path)
        if not _export(path, key, old, target):
            log.warning("database in use: its conversion to %s waits for the next start", CURRENT.name)
            return old
        # The last connection's close checkpointed and removed the WAL; one still there belongs to a
        # connection that opened the database meanwhile, and would not match the new file's pages.
        if wal.exists() and wal.stat().st_size > 0:
            raise sqlcipher.OperationalError("another connection opened the database during its conversion")
        for stale in (wal, path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        replaced = path.open("r+b")
        try:
            target.replace(path)  # from here on the database is in CURRENT, whatever else fails
        except OSError:
            replaced.close()
            raise
    except (sqlcipher.Error, OSError):
        log.exception("converting the database to %s failed; it stays in %s", CURRENT.name, old.name)
        with suppress(OSError):  # what is left is removed at the next start
            _remove_converting(path)
        return old
    log.warning("database converted from %s to %s", old.name, CURRENT.name)
    try:
        fsync_dir(path.parent)
        _overwrite(replaced)
    except OSError:
        log.exception("zeroing the replaced database file failed")
    finally:
        replaced.close()
    return CURRENT


class Database:
    """The engine and how to open sessions; writes go through app.store.writer.Writer."""

    def __init__(self, path: Path, engine: Engine, page_format: PageFormat = CURRENT) -> None:
        self.path = path
        self.engine = engine
        self.page_format = page_format
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


def open_database(
    path: Path, key: bytes, *, migrate: bool = True, new_format: PageFormat = CURRENT
) -> Database:
    """Open (or create) the encrypted database.

    An existing file is only ever opened with a key that decrypts it; a wrong key raises KEY_WRONG and
    leaves the file untouched, so a fresh database is never created over an old one. With `migrate`, a
    database in an older page format is converted to CURRENT first (`convert`); without, it is used as
    it is. `new_format` is what a database created now is written in (tests make older databases).
    """
    page_format = new_format
    if path.exists():
        page_format = check_key(path, key)
        if page_format is not CURRENT and migrate:
            page_format = convert(path, key, page_format)

    # The plain pysqlite dialect over the sqlcipher3 module: keying happens in connect_configured(), where
    # SQLAlchemy's pysqlcipher dialect would apply a passphrase of its own.
    # hide_parameters: SQLAlchemy puts bound values into its error messages, which would carry case data.
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: connect_configured(path, key, page_format),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    db = Database(path, engine, page_format)
    if migrate and db.schema_revision() != HEAD_REVISION:
        from app.store.migrate import upgrade

        upgrade(engine)
    return db
