"""A real SQLCipher database file per test."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.database import Database, open_database
from app.store.writer import Writer


@pytest.fixture
def db_key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def database(tmp_path: Path, db_key: bytes) -> Iterator[Database]:
    db = open_database(tmp_path / "workstation.db", db_key)
    yield db
    db.close()


@pytest.fixture
def writer(database: Database) -> Iterator[Writer]:
    w = Writer(database)
    yield w
    w.close()
