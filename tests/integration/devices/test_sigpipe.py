"""A scan must not turn a later cut connection into the death of the app.

SANE's reader threads put SIGPIPE back to its default action for the whole process; a sync request
writing to a socket the platform had reset then killed the process (exit 141, seen in the suite's chaos
test after the scanner tests). Each case runs in its own interpreter, since the failure kills it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.sane import write_config

ROOT = Path(__file__).resolve().parents[3]

WRITE_TO_A_CLOSED_SOCKET = """
import socket, threading
def write():
    left, right = socket.socketpair()
    right.close()
    try:
        for _ in range(8):
            left.send(b"x" * 65536)
    except OSError as exc:
        print("EPIPE" if isinstance(exc, BrokenPipeError) else type(exc).__name__)
t = threading.Thread(target=write)
t.start()
t.join()
"""


def run(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("shielded", [False, True])
def test_a_default_sigpipe_kills_a_writer_unless_the_process_is_shielded(shielded: bool) -> None:
    # The mask is inherited: this test process is shielded (tests/conftest.py), so the bare child unblocks.
    shield = (
        "from app.signals import shield_sigpipe; shield_sigpipe()\n"
        if shielded
        else "import signal; signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGPIPE})\n"
    )
    done = run(
        shield + "import signal; signal.signal(signal.SIGPIPE, signal.SIG_DFL)\n" + WRITE_TO_A_CLOSED_SOCKET
    )
    if shielded:
        assert (done.returncode, done.stdout.strip()) == (0, "EPIPE"), done.stderr
    else:
        assert done.returncode == -signal.SIGPIPE  # what the app suffered before the shield


@pytest.mark.sane
def test_after_a_real_sane_scan_a_cut_connection_is_an_error_not_a_kill(tmp_path: Path) -> None:
    import os

    config = write_config(tmp_path / "sane")
    code = """
        from app.signals import shield_sigpipe
        shield_sigpipe()
        import signal
        from app.devices.scanning.sane_scanner import SaneScanner
        from app.devices.scanning.source import ColourMode, PaperSource, ScanSettings

        def ignored():  # the kernel's view; signal.getsignal only knows what Python set
            for line in open("/proc/self/status"):
                if line.startswith("SigIgn:"):
                    return bool(int(line.split()[1], 16) & (1 << (signal.SIGPIPE - 1)))

        before = ignored()
        scanner = SaneScanner("test:0", {"test_picture": "Color pattern"})
        scanner.open()
        pages = []
        scanner.acquire(ScanSettings(PaperSource.ADF, ColourMode.COLOUR, 25), pages.append, lambda: False)
        scanner.close()
        print(len(pages), before, ignored())
    """
    env = {**os.environ, "SANE_CONFIG_DIR": str(config)}
    done = run(code + WRITE_TO_A_CLOSED_SOCKET.replace("\n", "\n        "), env)
    assert done.returncode == 0, done.stderr
    scanned, _epipe = done.stdout.strip().split("\n")
    assert scanned == "10 True False"  # SANE's reader threads left SIGPIPE at its default action...
    assert _epipe == "EPIPE"  # ...and the shielded process still only got an error
