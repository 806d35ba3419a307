"""The on-disk page format of the SQLCipher database, and the conversion of databases written in SQLCipher
4's defaults (4 KiB pages, HMAC-SHA512) to the current one (2 KiB pages, HMAC-SHA256): real files, real
SQLCipher, each format read back below SQL by decrypting the pages with `cryptography`."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import shutil
from pathlib import Path

import pytest

from app.domain.case import CaseStatus
from app.domain.errors import EnvironmentFailure, FailureKind
from app.store import cases
from app.store import database as database_module
from app.store.database import (
    CURRENT,
    HEAD_REVISION,
    SQLCIPHER4_DEFAULTS,
    PageFormat,
    check_key,
    connect_configured,
    open_database,
)
from app.store.writer import Writer
from tests.integration.store.test_cases import AT, DESK, new_case
from tests.support.sqlcipher_pages import plaintext_on_disk

NAME, ID_NUMBER = "欧阳娜娜", "110101199003070011"


def _crash_image(path: Path, key: bytes, into: Path) -> tuple[Path, str]:
    """The files of a database at the schema head in SQLCipher 4's defaults, holding one accepted case,
    copied as a crash would leave them: the case committed, its pages in the WAL only."""
    db = open_database(path, key, new_format=SQLCIPHER4_DEFAULTS)
    writer = Writer(db)
    try:
        case_id = writer.run_direct(
            lambda tx: cases.record_decision(tx, new_case(NAME, ID_NUMBER), DESK, CaseStatus.ACCEPTED, AT)
        ).id
        into.mkdir()
        for name in (path.name, path.name + "-wal"):
            shutil.copyfile(path.with_name(name), into / name)
    finally:
        writer.close()
        db.close()
    return into / path.name, case_id


def _opens_with_the_case(
    path: Path, key: bytes, case_id: str, page_format: PageFormat, *, migrate: bool = True
) -> None:
    """open_database (a start, when it migrates) finds the database in `page_format`, the case in it."""
    db = open_database(path, key, migrate=migrate)
    try:
        assert db.page_format is page_format
        with db.read() as session:
            assert cases.load_case(session, case_id) is not None
    finally:
        db.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_is_written_in_the_current_format(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "w.db"
    open_database(path, key).close()
    assert check_key(path, key) is CURRENT
    # Read below SQL with the current page size and HMAC size: the SQLite header checks out.
    assert b"CREATE TABLE cases" in plaintext_on_disk(path, key, CURRENT)
    with pytest.raises(AssertionError):
        plaintext_on_disk(path, key, SQLCIPHER4_DEFAULTS)


def test_each_format_opens_only_with_its_own_settings(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    for page_format in (CURRENT, SQLCIPHER4_DEFAULTS):
        path = tmp_path / f"{page_format.name}.db"
        connect_configured(path, key, page_format).execute("CREATE TABLE t (x)").connection.close()
        others = [f for f in (CURRENT, SQLCIPHER4_DEFAULTS) if f is not page_format]
        for other in others:
            conn = database_module._raw_connect(path, key, other)
            with pytest.raises(database_module.sqlcipher.DatabaseError):
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.close()
        assert check_key(path, key) is page_format


def test_a_legacy_database_is_converted_at_start_with_every_row_even_those_in_the_wal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key = secrets.token_bytes(32)
    path, case_id = _crash_image(tmp_path / "w.db", key, tmp_path / "crashed")
    assert path.with_name(path.name + "-wal").stat().st_size > 0
    assert check_key(path, key) is SQLCIPHER4_DEFAULTS

    with caplog.at_level(logging.WARNING, logger="app.store.database"):
        db = open_database(path, key)
    try:
        assert db.page_format is CURRENT
        assert "converted from 4k-hmac-sha512 to 2k-hmac-sha256" in caplog.text
        assert db.schema_revision() == HEAD_REVISION
        assert db.integrity_check() == "ok"
        with db.read() as session:
            case = cases.load_case(session, case_id)
        assert case is not None
        assert (case.applicant.name, case.applicant.id_number) == (NAME, ID_NUMBER)
        # New work goes into the converted file.
        writer = Writer(db)
        writer.run_direct(lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, AT))
        writer.close()
    finally:
        db.close()
    assert check_key(path, key) is CURRENT
    assert NAME.encode() in plaintext_on_disk(path, key, CURRENT)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_without_migrate_a_legacy_database_is_used_as_it_is(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path, case_id = _crash_image(tmp_path / "w.db", key, tmp_path / "crashed")
    _opens_with_the_case(path, key, case_id, SQLCIPHER4_DEFAULTS, migrate=False)
    assert check_key(path, key) is SQLCIPHER4_DEFAULTS


@pytest.mark.parametrize("page_format", [CURRENT, SQLCIPHER4_DEFAULTS], ids=lambda f: f.name)
def test_a_wrong_key_is_refused_in_either_format_and_the_file_untouched(
    tmp_path: Path, page_format: PageFormat
) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "w.db"
    open_database(path, key, new_format=page_format).close()
    before = _digest(path)
    with pytest.raises(EnvironmentFailure) as info:
        open_database(path, secrets.token_bytes(32))
    assert info.value.kind is FailureKind.KEY_WRONG
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.db"]


def test_a_copy_left_by_a_crash_during_conversion_is_discarded_and_the_conversion_redone(
    tmp_path: Path,
) -> None:
    key = secrets.token_bytes(32)
    path, case_id = _crash_image(tmp_path / "w.db", key, tmp_path / "crashed")
    leftover = path.with_name(path.name + ".converting")
    leftover.write_bytes(os.urandom(3 * CURRENT.page_size))  # half-written, as a crash leaves it
    _opens_with_the_case(path, key, case_id, CURRENT)
    assert not leftover.exists()


def test_a_conversion_that_fails_keeps_the_old_database_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The copy cannot be made durable (its fsync fails, as on a full or failing disk): the database stays
    in its old format, whole, and the next start converts it."""
    key = secrets.token_bytes(32)
    path, case_id = _crash_image(tmp_path / "w.db", key, tmp_path / "crashed")

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR, logger="app.store.database"):
        patch.setattr(database_module.os, "fsync", failing_fsync)
        db = open_database(path, key)
    try:
        assert db.page_format is SQLCIPHER4_DEFAULTS
        assert "stays in 4k-hmac-sha512" in caplog.text
        with db.read() as session:
            assert cases.load_case(session, case_id) is not None
    finally:
        db.close()
    assert not path.with_name(path.name + ".converting").exists()
    assert check_key(path, key) is SQLCIPHER4_DEFAULTS

    _opens_with_the_case(path, key, case_id, CURRENT)


def test_a_database_in_use_is_converted_at_a_later_start(tmp_path: Path) -> None:
    """Another connection reading the legacy database: the conversion waits, and nothing is lost."""
    key = secrets.token_bytes(32)
    path, case_id = _crash_image(tmp_path / "w.db", key, tmp_path / "crashed")
    reader = connect_configured(path, key, SQLCIPHER4_DEFAULTS)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM cases").fetchone() == (1,)
        _opens_with_the_case(path, key, case_id, SQLCIPHER4_DEFAULTS)
        reader.execute("COMMIT")
    finally:
        reader.close()
    _opens_with_the_case(path, key, case_id, CURRENT)


def test_the_replaced_file_is_zeroed_after_the_conversion(tmp_path: Path) -> None:
    """Its blocks held the ciphertext of every row, rows that may be purged later under the same key. A
    second hard link keeps the old inode reachable, to look at what was left in it."""
    key = secrets.token_bytes(32)
    path, _case_id = _crash_image(tmp_path / "w.db", key, tmp_path / "crashed")
    db = open_database(path, key, migrate=False)  # the WAL checkpointed into the old file by its close
    db.close()
    old_inode = tmp_path / "old-inode"
    old_inode.hardlink_to(path)
    size = old_inode.stat().st_size
    assert NAME.encode() in plaintext_on_disk(old_inode, key, SQLCIPHER4_DEFAULTS)

    open_database(path, key).close()
    assert check_key(path, key) is CURRENT
    assert old_inode.read_bytes() == bytes(size)
