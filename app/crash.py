"""Crash reports: an unhandled exception (main thread, worker thread, Qt slot) is written to
`<data dir>/logs/crash/crash-<time>-<pid>.txt`, rendered like the log (app.logs.describe_exception: frames
and exception types, no messages, ID-like numbers masked), and logged. Nothing else (no local variables,
no screen contents) goes into a report, so IT can pass one on without exposing an applicant.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
import platform
import sys
import threading
from pathlib import Path
from types import TracebackType

from app.logs import describe_exception

log = logging.getLogger(__name__)

CRASH_DIR = "crash"
_counter = itertools.count(1)


def write_report(log_dir: Path, exc: BaseException, thread: str | None = None) -> Path:
    """Write one report and return its path."""
    from app import __version__

    directory = log_dir / CRASH_DIR
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    path = directory / f"crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}-{next(_counter)}.txt"
    header = (
        f"yichuang-workstation {__version__} crash report\n"
        f"time: {now.isoformat(timespec='seconds')}\n"
        f"python: {platform.python_version()} on {platform.platform()}\n"
        f"thread: {thread or threading.current_thread().name}\n\n"
    )
    path.write_text(header + describe_exception(exc), encoding="utf-8")
    return path


def install(log_dir: Path) -> None:
    """Replace the default hooks (which print the full traceback, messages included, to stderr)."""

    def report(exc: BaseException, thread: str | None) -> None:
        try:
            path = write_report(log_dir, exc, thread)
        except OSError:
            log.critical("unhandled %s; no crash report could be written", type(exc).__name__, exc_info=exc)
            return
        log.critical("unhandled %s; crash report %s", type(exc).__name__, path.name, exc_info=exc)

    def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        report(exc.with_traceback(tb), None)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            report(args.exc_value, args.thread.name if args.thread else None)

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
