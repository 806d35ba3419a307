"""Logging to a rotating file in the data directory, with personal data masked as a last line of defence.

Code never logs names, ID numbers or phone numbers on purpose; the filter below masks anything that
still looks like an ID number, credit code or mobile number (a stray exception message, a library).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{8}(\d{3})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def redact(text: str) -> str:
    text = _ID18.sub(lambda m: f"{m[1]}{'*' * 10}{m[2]}", text)
    text = _ID15.sub(lambda m: f"{m[1]}{'*' * 8}{m[2]}", text)
    return _MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def reset() -> None:
    """Remove the handlers configure() added (tests, and re-configuration)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_yc_handler", False):
            root.removeHandler(handler)
            handler.close()


def configure(log_dir: Path | None, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    reset()
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_dir is not None:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / "workstation.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler.setFormatter(formatter)
        handler._yc_handler = True  # type: ignore[attr-defined]
        root.addHandler(handler)
