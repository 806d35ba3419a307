"""Logging to a rotating file in the data directory, with personal data kept out at every level.

Code never logs names, ID numbers or phone numbers on purpose. Two defences catch what slips through:
- every line is passed through `redact`, which masks anything that looks like an ID number, credit code
  or mobile number (a library's message, a URL with a query);
- tracebacks are rendered WITHOUT exception messages (`describe_exception`): a message can carry
  anything the failing code held, a name included, and names cannot be recognised by a pattern. Only the
  exception's type and the frames are written, plus, for the environment failures this app raises and
  for OS errors, their kind and error number. Crash reports (app.crash) use the same rendering.
`YC_LOG_LEVEL=DEBUG` in the environment turns on debug logging (IT diagnostics; the test suite).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import traceback
from pathlib import Path

_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{8}(\d{3})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")

LOG_FILE = "workstation.log"
LEVEL_VARIABLE = "YC_LOG_LEVEL"


def redact(text: str) -> str:
    text = _ID18.sub(lambda m: f"{m[1]}{'*' * 10}{m[2]}", text)
    text = _ID15.sub(lambda m: f"{m[1]}{'*' * 8}{m[2]}", text)
    return _MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)


def safe_message(exc: BaseException) -> str:
    """What of an exception's message may be written down: its kind for our environment failures, the
    error number and text for OS errors (never the file name), otherwise nothing but its length."""
    from app.domain.errors import EnvironmentFailure

    if isinstance(exc, EnvironmentFailure):
        return exc.kind.value
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"[Errno {exc.errno}] {exc.strerror}"
    length = len(str(exc)) if exc.args else 0
    return f"<message withheld, {length} characters>" if length else ""


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def describe_exception(exc: BaseException) -> str:
    """A traceback with frames and exception types, and no exception messages (see the module doc)."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts: list[str] = []
    for index, item in enumerate(reversed(chain)):
        if index:
            parts.append("\nThe above exception led to the following one:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(item.__traceback__)))
        message = safe_message(item)
        parts.append(f"{_type_name(item)}: {message}\n" if message else f"{_type_name(item)}\n")
    return redact("".join(parts))


class RedactingFormatter(logging.Formatter):
    def formatException(self, ei: logging._SysExcInfoType) -> str:  # noqa: N802 (logging's name)
        exc = ei[1]
        return describe_exception(exc) if exc is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler's formatter may have cached its own rendering of the traceback, with messages.
        record.exc_text = None
        return redact(super().format(record))


def reset() -> None:
    """Remove the handlers configure() added (tests, and re-configuration)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_yc_handler", False):
            root.removeHandler(handler)
            handler.close()


def level_from_environment(default: int) -> int:
    name = os.environ.get(LEVEL_VARIABLE, "").strip().upper()
    level = logging.getLevelName(name) if name else default
    return level if isinstance(level, int) else default


def configure(log_dir: Path | None, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.setLevel(level_from_environment(level))
    reset()
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_dir is not None:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / LOG_FILE, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler.setFormatter(formatter)
        handler._yc_handler = True  # type: ignore[attr-defined]
        root.addHandler(handler)
