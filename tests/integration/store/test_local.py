"""Opening a data directory with the key from a real keyring backend (file-based in tests)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
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


ROOT = Path(__file__).resolve().parents[3]
# The clerk's app in another process: its store open, one scanned draft page stored (an unreferenced
# attachment file until the decision records it), then held until a line arrives on stdin.
HOLDER = """
import sys
from pathlib import Path
from app.store.datadir import DataDir
from app.store.local import LocalStore
store = LocalStore.open(DataDir(Path(sys.argv[1])), exclusive=True)
print(store.attachments.put(b"a scanned page, not yet accepted").blob, flush=True)
sys.stdin.readline()
store.close()
"""


def test_a_second_process_leaves_the_running_apps_draft_pages_alone(tmp_path: Path) -> None:
    """IT runs a command on the data directory of a running app (a real second process): it opens the
    store but does not sweep the app's draft page; a second clerk app is refused. Once the first app has
    closed, the next opener sweeps what is left, and an IT command never keeps a clerk's app out."""
    data = DataDir(tmp_path / "data")
    LocalStore.open(data).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data.root)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        draft = data.attachments / holder.stdout.readline().strip()
        assert draft.is_file()
        beside = LocalStore.open(data)  # e.g. main.py clerk, purge, import-calendar
        assert beside.claim is None
        beside.close()
        assert draft.is_file()
        with pytest.raises(EnvironmentFailure) as refused:
            LocalStore.open(data, exclusive=True)
        assert refused.value.kind is FailureKind.ALREADY_RUNNING
        assert draft.is_file()
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0
    it_command = LocalStore.open(data)  # nobody holds the directory: it claims it, sweeps, lets go
    assert not draft.exists()  # no decision recorded it: a leftover now, swept
    app = LocalStore.open(data, exclusive=True)  # the clerk's app starts while the command still runs
    assert app.claim is not None
    app.close()
    it_command.close()


def test_unusable_keystore_is_an_environment_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    keyring.core.init_backend()
    with pytest.raises(EnvironmentFailure) as info:
        LocalStore.open(DataDir(tmp_path / "data"))
    assert info.value.kind is FailureKind.KEYSTORE_UNAVAILABLE
