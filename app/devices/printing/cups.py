"""Printing a PDF on Linux: the bytes go to the CUPS queue through `lp` on stdin, so the notice never lies
on disk in plaintext outside CUPS's own spool; CUPS answers with the job id the print ledger keeps.

Why not render through QPrinter: the PDF reaches the printer as the vectors reportlab drew (seal guide,
QR code and barcode stay sharp, the job stays small), and `lp` returns the CUPS job id, which Qt's
print support does not expose.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess

from app.domain.errors import EnvironmentFailure, FailureKind

log = logging.getLogger(__name__)

_REQUEST_ID = re.compile(r"request id is (\S+)")
_DEFAULT = re.compile(r"system default destination:\s*(\S+)")


class CupsSpooler:
    """Submits PDF jobs with `lp`; a refused job (no such queue, scheduler down) is DEVICE_UNAVAILABLE."""

    def __init__(self, lp: str = "lp", lpstat: str = "lpstat", timeout: float = 30.0) -> None:
        self._lp = lp
        self._lpstat = lpstat
        self._timeout = timeout

    @staticmethod
    def available() -> bool:
        return shutil.which("lp") is not None

    def submit(self, printer: str, title: str, pdf: bytes) -> str:
        """Queue one job; returns its CUPS job id (e.g. TestPDF-12)."""
        command = [self._lp, "-t", title, "-o", "media=A4"]
        if printer:
            command[1:1] = ["-d", printer]
        try:
            done = subprocess.run(  # noqa: S603 - fixed program, arguments as a list
                command, input=pdf, capture_output=True, timeout=self._timeout, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EnvironmentFailure(FailureKind.DEVICE_UNAVAILABLE, f"lp: {type(exc).__name__}") from exc
        out = done.stdout.decode("utf-8", "replace")
        found = _REQUEST_ID.search(out)
        if done.returncode != 0 or found is None:
            detail = done.stderr.decode("utf-8", "replace").strip()[:200]
            log.warning("printer refused the job (exit %d): %s", done.returncode, detail)
            raise EnvironmentFailure(FailureKind.DEVICE_UNAVAILABLE, f"lp: {detail}")
        return found.group(1)

    def default_printer(self) -> str:
        try:
            done = subprocess.run(  # noqa: S603
                [self._lpstat, "-d"], capture_output=True, timeout=self._timeout, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        found = _DEFAULT.search(done.stdout.decode("utf-8", "replace"))
        return found.group(1) if found else ""
