"""The reference platform as a child process (`python -m refplatform`), for tests and benchmarks that
must not share the client's process (and its GIL) with the platform, as a real platform would not."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """Started on construction (returns once it serves), `stop()` ends it with SIGTERM and waits."""

    def __init__(self, directory: Path, *, port: int | None = None, admin_token: str | None = None) -> None:
        self.port = port or free_port()
        self.directory = directory
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "refplatform",
            "--port",
            str(self.port),
            "--data",
            str(directory),
            "--seed-demo",
        ]
        if admin_token is not None:
            command += ["--admin-token", admin_token]
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self._process.stdout is not None
        self._drainer = threading.Thread(target=self._drain, name="refplatform-stdout", daemon=True)
        for line in self._process.stdout:
            if line.startswith("refplatform serving"):
                # Keep reading whatever else it prints, so that a full pipe never blocks the server.
                self._drainer.start()
                return
        self.stop()
        raise RuntimeError("the reference platform process did not start")

    def _drain(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            for _line in stdout:
                pass
        except (OSError, ValueError):  # closed by stop()
            pass

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
        self._process.wait(timeout=30)
        if self._drainer.is_alive():
            self._drainer.join(timeout=10)
        if self._process.stdout is not None:
            self._process.stdout.close()
