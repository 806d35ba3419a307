"""`main.py doctor` as IT staff run it: a separate process, its report and its exit code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from sqlalchemy import text

from app.services.workspace import Workspace
from app.settings import load_settings
from app.store.datadir import DataDir
from app.store.keystore import SERVICE, use_file_keystore
from tests.support.multimedia import multimedia_without_libpulse

ROOT = Path(__file__).resolve().parents[2]


def doctor(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "YC_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "main.py", "doctor", "--demo", *extra],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(tmp_path / "data")})
    Workspace.open(settings).close()
    return settings.data_dir


def test_healthy_demo_installation_passes(data_dir: Path) -> None:
    result = doctor(data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    for check in (
        "fonts",
        "camera support",
        "catalogue",
        "key",
        "database integrity",
        "migrations",
        "audit trail",
    ):
        assert check in result.stdout
    assert re.search(r"\[OK  \] database format +SQLCipher, 2048-byte pages, HMAC_SHA256", result.stdout)
    assert "[FAIL]" not in result.stdout
    assert "All essential checks passed." in result.stdout


def test_wrong_key_fails_and_says_what_to_do(data_dir: Path) -> None:
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(data_dir)})
    use_file_keystore(settings.demo_keystore_file)
    keyring.set_password(SERVICE, f"master-key:{DataDir(data_dir).install_id()}", "22" * 32)
    result = doctor(data_dir)
    assert result.returncode == 1
    assert "[FAIL] key" in result.stdout
    assert "do NOT delete the data directory" in result.stdout


def test_tampered_audit_trail_fails(data_dir: Path) -> None:
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(data_dir)})
    workspace = Workspace.open(settings)
    workspace.store.writer.run(
        lambda s: s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE id = 1"))
    )
    workspace.close()
    result = doctor(data_dir)
    assert result.returncode == 1
    assert "chain broken at row 1" in result.stdout


def test_invalid_site_configuration_names_file_and_key(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text('[terminal]\ncode = "bad code!"\n', encoding="utf-8")
    env = {**os.environ, "YC_DATA_DIR": str(tmp_path / "d"), "YC_SITE_CONFIG": str(site)}
    result = subprocess.run(
        [sys.executable, "main.py", "doctor"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert str(site) in result.stdout
    assert "terminal.code" in result.stdout


def test_camera_support_that_cannot_load_is_a_warning_that_names_the_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A machine without libpulse0 (seen on a fresh Debian 12) cannot import Qt Multimedia. That import
    cannot be made to fail here while the library is installed, so this one check runs in-process with
    the import replaced by one raising that machine's error; the subprocess test above covers the rest."""
    from app import doctor as doctor_module
    from app.ui import qt

    monkeypatch.setattr(qt, "multimedia", multimedia_without_libpulse)
    check = doctor_module.Doctor(load_settings(demo=True, environ={}))
    check._check_camera()
    (finding,) = check.findings
    assert (finding.check, finding.level) == ("camera support", doctor_module.Level.WARN)
    assert "libpulse.so.0" in finding.detail
    assert "libpulse0" in finding.action
