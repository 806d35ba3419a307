"""`python -m refplatform` starts with one command, serves HTTPS with its CA, and stops on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.conftest import ROOT


def test_one_command_serves_https_with_the_demo_seed(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), REFPLATFORM_ADMIN_TOKEN="cli-admin-token")
    command = [
        sys.executable,
        "-m",
        "refplatform",
        "--port",
        "0",
        "--https",
        "--data",
        str(tmp_path / "d"),
        "--seed-demo",
        "--advance-every",
        "20",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        url = re.search(r"serving (https://127\.0\.0\.1:\d+/api/v1)", lines[0])
        bundle = re.search(r"CA bundle: (\S+)", lines[1])
        assert url, lines
        assert bundle, lines
        assert "cli-admin-token" in lines[2]
        with requests.Session() as session:
            assert (
                session.get(f"{url.group(1)}/health", verify=bundle.group(1), timeout=10).status_code == 200
            )
            login = {"login": "demo", "password": "Demo@2026", "terminal_code": "XH03"}
            response = session.post(
                f"{url.group(1)}/auth/login", json=login, verify=bundle.group(1), timeout=10
            )
            assert response.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if process.poll() is None:
            process.kill()
        _, stderr = process.communicate(timeout=5)
    assert process.returncode == 0, stderr
    assert (tmp_path / "d" / "platform.sqlite3").exists()
