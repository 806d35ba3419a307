"""Crash: the accept + sync process is killed with SIGKILL at random points, hundreds of times. No
acknowledged case is lost, the platform holds no duplicate, the database passes its integrity check, and
the start-up sweep leaves no orphaned temporary file. YC_CRASH_KILLS raises the count (default 300)."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.clock import CHINA_TZ, FixedClock
from app.services.workspace import Workspace
from app.store.attachments import TEMP_PREFIX
from app.store.models import Case
from refplatform.server import PlatformServer
from tests.integration.sync.conftest import FAST_SYNC, Admin, settings_for

KILLS = int(os.environ.get("YC_CRASH_KILLS", "300"))
ZYGOTE = Path(__file__).with_name("crash_zygote.py")
pytestmark = [pytest.mark.crash, pytest.mark.slow, pytest.mark.timeout(900)]  # ~1.5 min here


def read_until(zygote: subprocess.Popen[str], prefix: str, acked: set[str]) -> str:
    assert zygote.stdout is not None
    while True:
        line = zygote.stdout.readline()
        if not line:
            raise RuntimeError("the zygote ended")
        if line.startswith("ack "):
            acked.add(line.split()[1])
        elif line.startswith(prefix):
            return line.strip()


def test_sigkill_at_random_points_loses_nothing(
    tmp_path: Path, start_server: Callable[..., PlatformServer]
) -> None:
    server = start_server()
    clock = FixedClock(dt.datetime.now(CHINA_TZ))
    settings = settings_for(tmp_path, server.url)
    first = Workspace.open(settings, clock, FAST_SYNC)
    assert first.login.login("demo", "Demo@2026").online  # tokens for the workers, in the keystore
    first.close()

    zygote = subprocess.Popen(
        [sys.executable, str(ZYGOTE), str(settings.data_dir), server.url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert zygote.stdin is not None
    acked: set[str] = set()
    rng = random.Random(300)
    try:
        for run in range(KILLS):
            zygote.stdin.write(f"run {run}\n")
            zygote.stdin.flush()
            pid = int(read_until(zygote, "pid ", acked).split()[1])
            time.sleep(rng.uniform(0.01, 0.5))  # anywhere: opening, accepting, syncing, uploading
            os.kill(pid, signal.SIGKILL)
            zygote.stdin.write("reap\n")
            zygote.stdin.flush()
            read_until(zygote, "reaped", acked)
        zygote.stdin.write("quit\n")
        zygote.stdin.flush()
        zygote.wait(timeout=30)
    finally:
        if zygote.poll() is None:
            zygote.kill()
            zygote.wait()
        zygote.stdin.close()
        assert zygote.stdout is not None
        zygote.stdout.close()

    assert acked  # the workers did get work done between kills
    final = Workspace.open(settings, FixedClock(dt.datetime.now(CHINA_TZ)), FAST_SYNC)
    try:
        assert final.store.database.integrity_check() == "ok"
        leftovers = [
            p.name for p in final.store.attachments.directory.iterdir() if p.name.startswith(TEMP_PREFIX)
        ]
        assert leftovers == []
        with final.store.database.read() as session:
            local = set(session.scalars(select(Case.id)))
        assert acked <= local  # every acknowledged case survived
        assert final.login.login("demo", "Demo@2026").online
        for _ in range(50):
            if final.sync.drain_once().pending == 0:
                break
        assert final.sync.status().pending == 0
    finally:
        final.close()
    admin = Admin(server)
    counts = admin.counts()
    admin.close()
    assert counts["distinct_case_ids"] == len(local)
    assert counts["cases"] == len(local)  # no duplicates
    assert counts["duplicates_detected"] == 0
    print(f"crash: {KILLS} kills, {len(acked)} acknowledged, {len(local)} local cases")
