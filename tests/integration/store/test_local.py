"""Opening a data directory with the key from a real keyring backend (file-based in tests)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import keyring
import pytest

from app.domain.errors import EnvironmentFailure, FailureKind
from app.store.attachments import TEMP_PREFIX
from app.store.datadir import DataDir
from app.store.keystore import SERVICE
from app.store.local import LocalStore
from app.store.models import Meta


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_first_open_creates_key_and_database_then_reopens(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    store = LocalStore.open(data)
    store.writer.run(lambda s: s.add(Meta(key="k", value="v")))
    store.close()
    assert keyring.get_password(SERVICE, f"master-key:{data.install_id()}") is not None
    store = LocalStore.open(data)
    with store.database.read() as session:
        assert session.get(Meta, "k").value == "v"
    store.close()


def test_missing_key_refuses_and_keeps_the_old_database(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    LocalStore.open(data).close()
    keyring.delete_password(SERVICE, f"master-key:{data.install_id()}")
    before = _files(data.root)
    with pytest.raises(EnvironmentFailure) as info:
        LocalStore.open(data)
    assert info.value.kind is FailureKind.KEY_MISSING
    assert _files(data.root) == before


def test_wrong_key_refuses_and_keeps_the_old_database(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    LocalStore.open(data).close()
    keyring.set_password(SERVICE, f"master-key:{data.install_id()}", "ab" * 32)
    before = _files(data.root)
    with pytest.raises(EnvironmentFailure) as info:
        LocalStore.open(data)
    assert info.value.kind is FailureKind.KEY_WRONG
    assert _files(data.root) == before


def test_open_sweeps_leftover_temp_files(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    LocalStore.open(data).close()
    (data.attachments / f"{TEMP_PREFIX}crashed").write_bytes(b"partial")
    LocalStore.open(data).close()
    assert list(data.attachments.iterdir()) == []


def test_unusable_keystore_is_an_environment_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    keyring.core.init_backend()
    with pytest.raises(EnvironmentFailure) as info:
        LocalStore.open(DataDir(tmp_path / "data"))
    assert info.value.kind is FailureKind.KEYSTORE_UNAVAILABLE
