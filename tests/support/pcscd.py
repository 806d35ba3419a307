"""A private pcscd for the `pcsc` tests: its own reader.conf.d with vpcd, started and ended by PID.

pcscd 1.9.9 (Debian 12) always listens on /run/pcscd/pcscd.comm (PCSCLITE_CSOCK_NAME only moves the
client's side), so the socket cannot be private; the reader configuration is. A pcscd already running
(not ours) is reported rather than disturbed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

SOCKET = Path("/run/pcscd/pcscd.comm")
PID_FILE = Path("/run/pcscd/pcscd.pid")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def free_port() -> int:
    """A TCP port nobody listens on now. vpcd's default 35963 can still be in TIME_WAIT from the previous
    pcscd (the daemon closes first when stopped with a card in), and then vpcd cannot bind it."""
    with socket.socket() as probe:
        probe.bind(("", 0))  # vpcd listens on every interface
        return int(probe.getsockname()[1])


class Pcscd:
    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.conf = workdir / "reader.conf.d"
        self.log = workdir / "pcscd.log"
        self.conf.mkdir(parents=True, exist_ok=True)
        (self.conf / "vpcd").write_text(
            f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x{self.port:04X}\n'
            f"LIBPATH {VPCD_DRIVER}\nCHANNELID 0x{self.port:04X}\n"
        )
        self._process: subprocess.Popen[bytes] | None = None

    def other_instance(self) -> int | None:
        if not PID_FILE.exists():
            return None
        try:
            pid = int(PID_FILE.read_text().strip())
        except ValueError:
            return None
        return pid if _alive(pid) and (self._process is None or pid != self._process.pid) else None

    def start(self, timeout: float = 30.0) -> None:
        other = self.other_instance()
        if other is not None:
            raise RuntimeError(f"another pcscd (pid {other}) is running; the pcsc tests need their own")
        if SOCKET.exists():
            SOCKET.unlink()  # left by a pcscd that was killed
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                ["pcscd", "-f", "-c", str(self.conf)], stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while not (SOCKET.exists() and self._vpcd_listening()):
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"pcscd exited with {self._process.returncode}: {self.log.read_text()[-2000:]}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError("pcscd did not come up")
            time.sleep(0.05)

    def _vpcd_listening(self) -> bool:
        """vpcd listens once pcscd has loaded it. Looked up in /proc: connecting would insert a card."""
        wanted = f":{self.port:04X}"
        for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
            if table.exists():
                for line in table.read_text().splitlines()[1:]:
                    fields = line.split()
                    if fields[1].endswith(wanted) and fields[3] == "0A":  # 0A: LISTEN
                        return True
        return False

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None
