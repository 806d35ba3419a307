"""The layout of a workstation's data directory."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import filelock

from app.domain.errors import EnvironmentFailure, FailureKind


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "workstation.db"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def install_id_file(self) -> Path:
        return self.root / "install-id"

    @property
    def lock_file(self) -> Path:
        return self.root / "instance.lock"

    def claim(self, wait: float = 0.0) -> filelock.BaseFileLock | None:
        """The data directory for this process alone, or None while another process holds it after
        `wait` seconds.

        The claim is an OS lock (flock; msvcrt.locking on Windows) that ends with the process, so a crash
        never leaves a stale claim behind. Only the claimant may sweep unreferenced attachment files:
        another process's draft pages are such files until its decision records them.
        """
        lock = filelock.FileLock(
            self.lock_file, thread_local=False, fallback_to_soft=False, preserve_lock_file=True
        )
        try:
            lock.acquire(timeout=wait)
        except filelock.Timeout:
            return None
        return lock

    def ensure(self) -> None:
        """Create the directories (owner-only) or raise an EnvironmentFailure the clerk can act on."""
        try:
            for path in (self.root, self.attachments, self.logs):
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise environment_failure(exc, str(self.root)) from exc

    def install_id(self) -> str:
        """A random, non-secret identifier naming this installation's key in the OS keystore."""
        path = self.install_id_file
        if path.exists():
            return path.read_text(encoding="ascii").strip()
        ident = secrets.token_hex(8)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(ident + "\n", encoding="ascii")
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
        return ident


def environment_failure(exc: OSError, where: str) -> EnvironmentFailure:
    """Classify an OSError from the disk into a failure the clerk can act on."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return EnvironmentFailure(FailureKind.DISK_FULL, where)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return EnvironmentFailure(FailureKind.DISK_READ_ONLY, where)
    return EnvironmentFailure(FailureKind.DISK_READ_ONLY, f"{where}: {exc.strerror}")
