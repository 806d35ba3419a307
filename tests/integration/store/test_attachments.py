"""Encrypted attachment files on a real directory."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import pytest

from app.store.attachments import SEGMENT, TEMP_PREFIX, AttachmentCorrupt, AttachmentStore


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path, secrets.token_bytes(32))


@pytest.mark.parametrize("size", [0, 1, 1000, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 17])
def test_round_trip(store: AttachmentStore, size: int) -> None:
    data = os.urandom(size)
    blob = store.put(data)
    assert blob.size == size
    assert blob.sha256 == hashlib.sha256(data).hexdigest()
    assert store.read(blob.blob) == data


def test_streamed_chunks_equal_one_put(store: AttachmentStore) -> None:
    data = os.urandom(2 * SEGMENT + 5)
    streamed = store.put_stream(data[i : i + 4096] for i in range(0, len(data), 4096))
    assert streamed == store.put(data)
    assert store.read(streamed.blob) == data


def test_plaintext_is_not_on_disk(store: AttachmentStore, tmp_path: Path) -> None:
    secret = "张三 110101199003070011 13800138000".encode()
    blob = store.put(secret * 50)
    raw = (tmp_path / blob.blob).read_bytes()
    assert secret not in raw
    assert hashlib.sha256(secret * 50).hexdigest() not in blob.blob


@pytest.mark.parametrize("where", ["header", "body", "tag", "truncate", "append"])
def test_tampering_is_detected(store: AttachmentStore, tmp_path: Path, where: str) -> None:
    blob = store.put(os.urandom(SEGMENT + 100))
    path = tmp_path / blob.blob
    raw = bytearray(path.read_bytes())
    if where == "header":
        raw[6] ^= 1
    elif where == "body":
        raw[100] ^= 1
    elif where == "tag":
        raw[-1] ^= 1
    elif where == "truncate":
        raw = raw[: len(raw) - 116]
    else:
        raw += os.urandom(40)
    path.write_bytes(bytes(raw))
    with pytest.raises(AttachmentCorrupt):
        store.read(blob.blob)


def test_other_key_cannot_read(store: AttachmentStore, tmp_path: Path) -> None:
    blob = store.put(b"data")
    with pytest.raises(AttachmentCorrupt):
        AttachmentStore(tmp_path, secrets.token_bytes(32)).read(blob.blob)


def test_sweep_removes_temp_files_and_orphans(store: AttachmentStore, tmp_path: Path) -> None:
    kept = store.put(b"kept")
    orphan = store.put(b"orphan")
    (tmp_path / f"{TEMP_PREFIX}deadbeef").write_bytes(b"half written")
    assert store.sweep({kept.blob}) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [kept.blob]
    assert not (tmp_path / orphan.blob).exists()


def test_bad_blob_names_are_refused(store: AttachmentStore) -> None:
    for name in ["", "../x", ".tmp-1"]:
        with pytest.raises(ValueError):
            store.path(name)
