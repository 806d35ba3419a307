"""Terminal registration and the client-version check against the real reference platform."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from app.domain.clock import CHINA_TZ
from app.services.enrollment import UpdateState, check_version
from app.services.workspace import Workspace
from app.settings import load_settings
from app.store import numbers
from app.store.keystore import SERVICE
from refplatform.server import PlatformServer
from tests.integration.sync.conftest import Admin

ROOT = Path(__file__).resolve().parents[3]


def run_register(data_dir: Path, url: str, token: str) -> subprocess.CompletedProcess[str]:
    site = data_dir.parent / "site.toml"
    site.write_text(f'[platform]\nurl = "{url}"\n', encoding="utf-8")
    env = {**os.environ, "YC_DATA_DIR": str(data_dir), "YC_SITE_CONFIG": str(site)}
    return subprocess.run(
        [sys.executable, "main.py", "register", "--demo", "--token", token],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_register_enrolls_once_and_the_code_is_used_from_then_on(
    tmp_path: Path, server: PlatformServer
) -> None:
    data_dir = tmp_path / "data"
    first = run_register(data_dir, server.url, "ENROLL-DEMO-0002")  # pre-assigned code XH09
    assert first.returncode == 0, first.stderr
    assert "registered as terminal XH09" in first.stdout
    again = run_register(data_dir, server.url, "ENROLL-DEMO-0002")  # the token had one use: a replay
    assert again.returncode == 0, again.stderr
    site = tmp_path / "site.toml"
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(data_dir), "YC_SITE_CONFIG": str(site)})
    assert settings.terminal_code == "XH09"
    workspace = Workspace.open(settings)
    try:
        with workspace.store.database.read() as session:
            assert numbers.remaining(session) >= 1
            assert numbers.blocks_reserved(session) == 1  # the replay did not reserve a second block
        install_id = workspace.store.data_dir.install_id()
    finally:
        workspace.close()
    from app.store.keystore import use_file_keystore

    use_file_keystore(settings.demo_keystore_file)
    assert "PRIVATE KEY" in keyring.get_password(SERVICE, f"terminal-key:{install_id}")
    assert Admin(server).counts()["terminals"] >= 4


def test_a_used_up_token_is_refused(tmp_path: Path, server: PlatformServer) -> None:
    assert run_register(tmp_path / "a", server.url, "ENROLL-DEMO-0001").returncode == 0
    refused = run_register(tmp_path / "b", server.url, "ENROLL-DEMO-0001")
    assert refused.returncode == 1
    assert "refused" in refused.stderr


@pytest.mark.parametrize(
    ("latest", "minimum", "deadline_days", "state"),
    [
        ("0.1.0", "0.1.0", None, UpdateState.CURRENT),
        ("0.2.0", "0.1.0", None, UpdateState.AVAILABLE),
        ("0.2.0", "0.2.0", 3, UpdateState.REQUIRED_SOON),
        ("0.2.0", "0.2.0", -1, UpdateState.REQUIRED_NOW),
    ],
)
def test_client_version_states(
    workspace: Workspace,
    admin: Admin,
    latest: str,
    minimum: str,
    deadline_days: int | None,
    state: UpdateState,
) -> None:
    body: dict[str, object] = {"latest": latest, "minimum": minimum}
    if deadline_days is not None:
        body["required_after"] = (workspace.clock.now() + dt.timedelta(days=deadline_days)).isoformat()
    admin._call("PUT", "/client-version", json=body)
    notice = workspace.check_version()
    assert notice is not None
    assert notice.state is state
    assert notice.current == "0.1.0"


def test_after_the_deadline_the_window_stops_new_cases(
    qtbot: QtBot, open_workspace: Callable[..., Workspace], server: PlatformServer
) -> None:
    from app.store.clerks import ClerkIdentity, Role
    from app.ui.main_window import MainWindow

    workspace = open_workspace(server.url)
    client = workspace.sync.new_client()
    Admin(server)._call(
        "PUT",
        "/client-version",
        json={"latest": "0.3.0", "minimum": "0.3.0", "required_after": "2026-01-01T00:00:00+08:00"},
    )
    notice = check_version(client, dt.datetime(2026, 11, 25, tzinfo=CHINA_TZ))
    client.close()
    identity = ClerkIdentity("demo", "演示受理员", Role.CLERK)
    window = MainWindow(
        identity=identity,
        desk=workspace.desk_for(identity),
        notices=workspace.notices,
        catalogue=workspace.catalogue,
        database=workspace.store.database,
        today=lambda: dt.date(2026, 11, 25),
        now=workspace.clock.now,
        demo=True,
    )
    qtbot.addWidget(window)
    window.show_update(notice)
    assert not window.acceptance.isEnabled()
    assert "升级" in window.update_box.text()
    window.update_box.close()
    window.close()
