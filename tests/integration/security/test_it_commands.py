"""IT staff's commands as they run them (separate processes): doctor finds a tampered or cut-off audit
trail, the support bundle holds no personal data, purge and local accounts work from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from app.services.workspace import Workspace
from app.settings import Settings
from tests.integration.security.conftest import ID_NUMBER, NAME, PHONE, accept

ROOT = Path(__file__).resolve().parents[3]


def run(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "YC_DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "main.py", *args, "--demo"],
        check=False,
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_doctor_reports_the_profile_and_finds_a_cut_off_trail(
    settings: Settings, open_workspace: Callable[..., Workspace]
) -> None:
    workspace = open_workspace(settings)
    accept(workspace)
    workspace.close()
    healthy = run(settings, "doctor")
    assert healthy.returncode == 0, healthy.stdout
    assert "hash chain intact" in healthy.stdout
    assert "[OK  ] crypto profile" in healthy.stdout
    assert (
        "configured 'default'; audit rows chained with sha256; attachment files: 1 AES-256-GCM"
        in healthy.stdout
    )
    assert "audit upload" in healthy.stdout

    workspace = open_workspace(settings)
    workspace.store.writer.run(lambda s: s.execute(text("DELETE FROM audit_log WHERE id > 2")))
    workspace.close()
    cut = run(settings, "doctor")
    assert cut.returncode == 1
    assert "[FAIL] audit trail" in cut.stdout
    assert "rows after 2 were removed" in cut.stdout
    assert "report to the security officer" in cut.stdout


def test_support_bundle_has_what_it_needs_and_no_personal_data(
    settings: Settings, open_workspace: Callable[..., Workspace], tmp_path: Path
) -> None:
    workspace = open_workspace(settings)
    accept(workspace)
    workspace.close()
    log = settings.data_dir / "logs" / "workstation.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    # A line written by something that did not mask (an old version, a library): masked again on the way out.
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"2026-11-25 09:00:00 INFO MainThread lib: lookup {ID_NUMBER} {PHONE}\n")
    try:
        out = tmp_path / "bundle.zip"
        result = run(settings, "support-bundle", str(out))
        assert result.returncode == 0, result.stderr
        with zipfile.ZipFile(out) as bundle:
            names = set(bundle.namelist())
            contents = {name: bundle.read(name) for name in names}
    finally:
        log.unlink()
    assert {"README.txt", "versions.txt", "settings.txt", "doctor.txt", "queue.txt", "devices.txt"} <= names
    assert "logs/workstation.log" in names
    assert not any(n.endswith((".db", ".db-wal", ".cfg")) or n.startswith("attachments") for n in names)
    assert b"3301**********0042" in contents["logs/workstation.log"]
    assert b"submit_case" in contents["queue.txt"] or b"cases, ready" in contents["queue.txt"]
    assert b"All essential checks passed." in contents["doctor.txt"]
    for name, data in contents.items():
        for secret in (NAME, ID_NUMBER, PHONE):
            for encoding in ("utf-8", "utf-16-le", "gbk"):
                assert secret.encode(encoding) not in data, (name, secret)

    workspace = open_workspace(settings)
    with workspace.store.database.read() as session:
        rows = session.execute(text("SELECT actor, action FROM audit_log")).all()
    assert any(actor.startswith("it:") and action == "support.bundle_created" for actor, action in rows)


def test_purge_from_the_command_line(settings: Settings, open_workspace: Callable[..., Workspace]) -> None:
    workspace = open_workspace(settings)
    accept(workspace)
    workspace.close()
    result = run(settings, "purge")
    assert result.returncode == 0, result.stderr
    assert "purged 0 case(s) confirmed by the platform more than 90 days ago" in result.stdout


def test_local_accounts_from_the_command_line(settings: Settings) -> None:
    weak = run(settings, "clerk", "add", "zhou", "--name", "周", "--password-stdin", stdin="zhou2026!\n")
    assert weak.returncode == 1
    assert "密码不能包含工号" in weak.stderr
    added = run(
        settings,
        "clerk",
        "add",
        "zhou",
        "--name",
        "周",
        "--role",
        "supervisor",
        "--password-stdin",
        stdin="Window#2026\n",
    )
    assert added.returncode == 0, added.stderr
    changed = run(
        settings, "clerk", "passwd", "zhou", "--password-stdin", stdin="Window#2026\nCounter#2027\n"
    )
    assert changed.returncode == 0, changed.stderr
    wrong = run(settings, "clerk", "passwd", "zhou", "--password-stdin", stdin="Window#2026\nOther#2028x\n")
    assert wrong.returncode == 1
