"""A pre-imported process that forks accept+sync workers on request, so a test can kill hundreds of them.

Protocol on stdin/stdout, one line each: the parent writes `run <seed>`, the zygote forks a worker and
answers `pid <pid>`; the worker prints `ack <case id>` after each committed case. The zygote stays
single-threaded (forking a process with threads is unsafe), and reaps its workers.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.domain.case import Actor, ActorKind, CaseStatus
from app.domain.clock import SystemClock
from app.services.workspace import Workspace
from app.settings import load_settings
from app.store import cases, materials
from app.sync.client import Timeouts
from tests.integration.sync.chaos_cases import new_case

DESK = cases.Desk("XH03", "综合受理3号窗口", Actor(ActorKind.CLERK, "demo"), "演示受理员")


def say(line: str) -> None:
    """One line in one write(2): a worker killed mid-line must not glue half an `ack` to the zygote's
    next answer (print() writes the text and the newline separately when stdout is unbuffered, as
    under PYTHONUNBUFFERED=1; a pipe write of under PIPE_BUF bytes is atomic)."""
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def work(data_dir: str, url: str, seed: int) -> None:
    """Open the workstation, start syncing, and accept cases until killed."""
    rng = random.Random(seed)
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": data_dir})
    settings = replace(settings, platform=replace(settings.platform, url=url))
    overrides = {"backoff_base": 0.01, "backoff_cap": 0.05, "pull_interval": 0.2, "timeouts": Timeouts(1, 2)}
    workspace = Workspace.open(settings, SystemClock(), overrides)
    assert workspace.sync is not None
    workspace.sync.start()
    for i in range(10_000):
        at = dt.datetime.now(dt.UTC)
        case_id = workspace.store.writer.run_direct(
            lambda tx, i=i, at=at: cases.record_decision(
                tx, new_case(seed * 10_000 + i), DESK, CaseStatus.ACCEPTED, at
            )
        ).id
        say(f"ack {case_id}")
        if rng.random() < 0.2:
            stored = workspace.store.attachments.put(os.urandom(rng.randrange(1, 200_000)))
            workspace.store.writer.run(
                lambda s, c=case_id, b=stored, at=at: materials.add_material_file(
                    s,
                    case_id=c,
                    material_id="id_card",
                    stored=b,
                    media_type="image/jpeg",
                    label="经营者身份证明",
                    at=at,
                    actor="demo",
                )
            )
        workspace.sync.kick()


def main() -> None:
    data_dir, url = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "reap":
            while True:
                try:
                    pid, _status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
            say("reaped")
        elif command == "run":
            pid = os.fork()
            if pid == 0:
                try:
                    work(data_dir, url, int(argument))
                finally:
                    os._exit(0)
            say(f"pid {pid}")
        elif command == "quit":
            return


if __name__ == "__main__":
    main()
