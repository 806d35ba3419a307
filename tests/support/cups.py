"""A private CUPS scheduler with a cups-pdf queue, for tests marked `cups`.

cupsd runs in the foreground on its own ServerRoot, spool and socket (nothing of the machine's CUPS is
touched; no browsing, no network listener) and is stopped by its PID. cups-pdf writes each job as a PDF
into the job owner's ~/PDF (root's here); `wait_for_pdf` picks up the file of one job.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

QUEUE = "TestPDF"


@dataclass
class Cups:
    root: Path
    socket: Path
    queue: str
    output: Path

    def outputs(self) -> set[tuple[Path, int]]:
        """The PDFs in the output directory with their modification times (a job may reuse a name)."""
        if not self.output.exists():
            return set()
        return {(p, p.stat().st_mtime_ns) for p in self.output.glob("*.pdf")}

    def pending_jobs(self) -> str:
        env = {**os.environ, "CUPS_SERVER": str(self.socket)}
        return subprocess.run(
            ["lpstat", "-W", "not-completed", "-o", self.queue],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stdout.strip()

    def wait_for_pdf(self, before: set[tuple[Path, int]], timeout: float = 30.0) -> Path:
        """The PDF of a job sent after `before` was taken, once cups-pdf has finished writing it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = self.outputs() - before
            if new and not self.pending_jobs():
                return max(new, key=lambda entry: entry[1])[0]
            time.sleep(0.1)
        raise AssertionError(f"no PDF from {self.queue} within {timeout} s; log: {self.log_tail()}")

    def log_tail(self) -> str:
        log = self.root / "log" / "error_log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""


@contextmanager
def private_cups() -> Iterator[Cups]:
    if shutil.which("cupsd") is None or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        raise RuntimeError("cups and printer-driver-cups-pdf are not installed (scripts/bootstrap.sh --test)")
    # Filters run as the lp user: the directories must be reachable by it (pytest's tmp_path is not).
    root = Path(tempfile.mkdtemp(prefix="yc-cups-"))
    root.chmod(0o755)
    for sub in ("spool", "state", "cache", "log", "ppd", "ssl"):
        (root / sub).mkdir()
        (root / sub).chmod(0o755)
    (root / "tmp").mkdir()
    (root / "tmp").chmod(0o1777)
    socket = root / "cups.sock"
    config = [f"Listen {socket}"]
    for line in Path("/etc/cups/cupsd.conf").read_text().splitlines():
        if line.startswith(("Listen", "Port", "Browsing", "BrowseLocalProtocols", "IdleExitTimeout")):
            continue
        config.append(line)
    config += ["Browsing No", "IdleExitTimeout 0"]
    (root / "cupsd.conf").write_text("\n".join(config) + "\n")
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nRequestRoot {root}/spool\nTempDir {root}/tmp\nStateDir {root}/state\n"
        f"CacheDir {root}/cache\nErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\n"
        f"PageLog {root}/log/page_log\nSystemGroup root lpadmin\n"
    )
    daemon = subprocess.Popen(
        ["cupsd", "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "CUPS_SERVER": str(socket)}
    try:
        deadline = time.monotonic() + 15
        while subprocess.run(["lpstat", "-r"], env=env, capture_output=True, check=False).returncode != 0:
            if time.monotonic() > deadline or daemon.poll() is not None:
                raise RuntimeError("cupsd did not come up")
            time.sleep(0.1)
        # The scheduler answers lpstat before it takes admin requests: try lpadmin a few times.
        for attempt in range(50):
            added = subprocess.run(
                [
                    "lpadmin",
                    "-p",
                    QUEUE,
                    "-v",
                    "cups-pdf:/",
                    "-m",
                    "lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd",
                    "-E",
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if added.returncode == 0:
                break
            if attempt == 49 or daemon.poll() is not None:
                raise RuntimeError(f"lpadmin failed: {added.stderr.strip()}")
            time.sleep(0.1)
        output = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"
        yield Cups(root, socket, QUEUE, output)
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        shutil.rmtree(root, ignore_errors=True)
