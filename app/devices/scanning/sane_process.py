"""SANE in a worker process of its own: what a backend does cannot take the app down with it.

Two things SANE did to the process that loaded it, both seen in this project's test suite: its reader
threads set SIGPIPE back to its default action for the whole process (a connection cut after a scan
then killed the app), and after a scan was cancelled a later `free()` waited forever on a malloc lock
(the whole process hung: the reader thread is cancelled asynchronously, at any instruction). A worker
process keeps both inside it; a worker that stops answering is killed and the scan reported as failed,
and the next scan starts a fresh one. NAPS2 runs its TWAIN drivers out of process for the same reasons.

The worker (`serve`) owns an in-process `SaneScanner`; requests and answers are pickled over a
multiprocessing pipe (both ends are this program): pages travel as PIL images.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from app.devices.scanning.source import (
    Capabilities,
    PageSink,
    ScanFailed,
    ScannerInfo,
    ScanProblem,
    ScanSettings,
)

log = logging.getLogger(__name__)

ANSWER_TIMEOUT = 180.0  # seconds without a page or an answer before the worker counts as hung
DEADLOCK_AFTER = 5.0  # seconds of silence before the worker's threads are looked at
DEADLOCK_HOLDS = 2.0  # ... and for how long they must all stay blocked on locks
_POLL = 0.1


def deadlocked(pid: int) -> bool:
    """True when every thread of the process sleeps on a futex (a lock, a condition, a thread join).

    A SANE backend that reads in a thread (sanei_thread) cancels that thread asynchronously in
    sane_cancel and then joins it; now and then the thread is cancelled while it holds a C library lock,
    and the join never returns (seen with the test backend in about 2 of 100 failed scans). A scan that
    is merely slow always has a thread waiting on I/O (the USB or network link, the backend's pipe), so
    it never looks like this. Linux's /proc tells; elsewhere, or if /proc cannot be read, False (the
    silence timeout still applies)."""
    try:
        channels = [(task / "wchan").read_text() for task in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:
        return False
    return bool(channels) and all("futex" in channel for channel in channels)


class _DeadlockWatch:
    """Says when a worker has looked deadlocked (see `deadlocked`) for `hold` seconds running."""

    def __init__(self, hold: float) -> None:
        self._hold = hold
        self._since: float | None = None

    def holds(self, process: Any) -> bool:
        if process is None or not deadlocked(process.pid):
            self._since = None
            return False
        now = time.monotonic()
        self._since = self._since if self._since is not None else now
        return now - self._since > self._hold

    def reset(self) -> None:
        self._since = None


def serve(conn: Connection, name: str) -> None:
    """The worker process: one SaneScanner, one request at a time, until `quit` or the pipe closes."""
    from app.devices.scanning.sane_scanner import SaneScanner

    scanner = SaneScanner(name)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            break
        op = request[0]
        if op == "cancel":  # arrived after its scan had ended
            continue
        try:
            if op == "quit":
                scanner.close()
                conn.send(("ok", None))
                break
            if op == "acquire":
                conn.send(("ok", _acquire(conn, scanner, request[1], request[2])))
            elif op == "open":
                scanner.open()
                conn.send(("ok", scanner.description))
            elif op in ("list_devices", "capabilities", "close"):
                conn.send(("ok", getattr(scanner, op)()))
            else:
                conn.send(("failed", ScanProblem.FAILED.value, f"unknown request {op}", 0))
        except ScanFailed as exc:
            conn.send(("failed", exc.problem.value, exc.detail, exc.pages))
        except Exception as exc:  # a bug or an odd backend: the parent reports it as a failed scan
            log.exception("scanner worker: %s failed", op)
            conn.send(("failed", ScanProblem.FAILED.value, type(exc).__name__, 0))


def _acquire(conn: Connection, scanner: Any, settings: ScanSettings, options: Mapping[str, object]) -> int:
    scanner.extra_options = dict(options)
    stop = [False]

    def cancelled() -> bool:
        while not stop[0] and conn.poll():
            stop[0] = conn.recv()[0] == "cancel"
        return stop[0]

    return int(scanner.acquire(settings, lambda page: conn.send(("page", page)), cancelled))


class SaneProcessScanner:
    """The Scanner the app uses on Linux: SaneScanner's behaviour, run in a worker process."""

    def __init__(
        self,
        name: str = "auto",
        extra_options: Mapping[str, object] | None = None,
        worker: Callable[[Connection, str], None] = serve,
    ) -> None:
        self.name = name
        self._worker = worker  # the worker's main function (tests put a misbehaving one here)
        self.description = f"SANE {name}"
        # Backend options set before every scan (a site's quirks; tests point the pnm backend at a file).
        self.extra_options: dict[str, object] = dict(extra_options or {})
        self._conn: Connection | None = None
        self._process: Any = None

    # -- the worker
    def _start(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self._stop_worker()
        context = multiprocessing.get_context("spawn")  # never fork a process that has threads
        parent, child = context.Pipe()
        process = context.Process(
            target=self._worker, args=(child, self.name), name="sane-worker", daemon=True
        )
        process.start()
        child.close()
        self._conn, self._process = parent, process
        return parent

    def _stop_worker(self) -> None:
        conn, process, self._conn, self._process = self._conn, self._process, None, None
        if conn is not None:
            conn.close()
        if process is not None:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)

    def _answer(self, on_page: PageSink | None = None, cancelled: Callable[[], bool] | None = None) -> Any:
        conn = self._conn
        assert conn is not None
        pages = 0
        asked_to_cancel = False
        quiet_since = time.monotonic()
        watch = _DeadlockWatch(DEADLOCK_HOLDS)
        while True:
            if cancelled is not None and not asked_to_cancel and cancelled():
                conn.send(("cancel",))
                asked_to_cancel = True
            try:
                ready = conn.poll(_POLL)
                message = conn.recv() if ready else None
            except (EOFError, OSError):
                self._stop_worker()
                raise ScanFailed(ScanProblem.FAILED, "the scanner worker process ended", pages) from None
            if message is None:
                silent = time.monotonic() - quiet_since
                if silent > ANSWER_TIMEOUT:
                    log.error("scanner worker silent for %.0f s: killed", ANSWER_TIMEOUT)
                    self._kill()
                    raise ScanFailed(ScanProblem.IO_ERROR, "the scanner stopped answering", pages)
                if silent > DEADLOCK_AFTER and watch.holds(self._process):
                    log.error("scanner worker deadlocked (every thread waits on a lock): killed")
                    self._kill()
                    raise ScanFailed(ScanProblem.IO_ERROR, "the scanner driver deadlocked", pages)
                continue
            quiet_since = time.monotonic()
            watch.reset()
            kind = message[0]
            if kind == "page" and on_page is not None:
                on_page(message[1])
                pages += 1
            elif kind == "ok":
                return message[1]
            elif kind == "failed":
                raise ScanFailed(ScanProblem(message[1]), str(message[2]), int(message[3]))

    def _kill(self) -> None:
        process = self._process
        if process is not None and process.is_alive():
            process.kill()
        self._stop_worker()

    def _call(self, op: str) -> Any:
        conn = self._start()
        try:
            conn.send((op,))
        except OSError:
            self._stop_worker()
            raise ScanFailed(ScanProblem.FAILED, "the scanner worker process ended") from None
        return self._answer()

    # -- Scanner
    def list_devices(self) -> list[ScannerInfo]:
        return list(self._call("list_devices"))

    def open(self) -> None:
        self.description = str(self._call("open"))

    def close(self) -> None:
        """Ask the worker to close the scanner and end; a worker stuck in the backend's cleanup is killed
        (the devices stop at logout, and the window waits for this)."""
        if self._conn is None:
            return
        try:
            self._conn.send(("quit",))
            deadline = time.monotonic() + 10
            watch = _DeadlockWatch(1.0)
            while time.monotonic() < deadline and not self._conn.poll(_POLL):
                if watch.holds(self._process):
                    log.warning("scanner worker deadlocked while closing: killed")
                    self._kill()
                    return
            if self._conn.poll(0):
                self._conn.recv()
        except (EOFError, OSError):
            pass
        self._stop_worker()

    def capabilities(self) -> Capabilities:
        result = self._call("capabilities")
        assert isinstance(result, Capabilities)
        return result

    def acquire(self, settings: ScanSettings, on_page: PageSink, cancelled: Callable[[], bool]) -> int:
        conn = self._start()
        conn.send(("acquire", settings, dict(self.extra_options)))
        return int(self._answer(on_page, cancelled))
