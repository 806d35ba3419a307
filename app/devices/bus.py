"""One thread per device bus: every call to a bus's devices runs on that thread, asserted.

A bus runs submitted jobs in order and, between them, a periodic `tick` (polling a reader, waiting for
PC/SC events). `stop()` joins the thread. Results reach the UI only through the listener a device was
given (a Qt bridge in app/ui), never by touching widgets from here.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

_Job = tuple[Callable[[], object], "Future[object]"]
_TICK: _Job = (lambda: None, Future())  # stands for "no job came: time to tick"


class WrongThread(AssertionError):
    """Device code ran off its bus thread (two threads talking to one device)."""


class DeviceBus:
    def __init__(self, name: str, tick: Callable[[], float] | None = None) -> None:
        self.name = name
        self._tick = tick
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopping = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=f"bus-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        thread = self._thread
        if thread is None:
            return
        self._stopping = True
        self._jobs.put(None)
        thread.join(timeout)
        if thread.is_alive():
            log.error("device bus %s did not stop in %.0f s", self.name, timeout)
        self._thread = None

    def is_current(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def assert_current(self) -> None:
        if not self.is_current():
            raise WrongThread(f"not on bus {self.name} (on {threading.current_thread().name})")

    def submit(self, job: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        if self._thread is None or self._stopping:
            future.set_exception(RuntimeError(f"bus {self.name} is not running"))
            return future
        self._jobs.put((job, future))  # type: ignore[arg-type]
        return future

    def _run(self) -> None:
        next_tick = time.monotonic()
        while True:
            wait = max(next_tick - time.monotonic(), 0.0) if self._tick else None
            try:
                item = self._jobs.get(timeout=wait)
            except queue.Empty:
                item = _TICK
            if item is None:
                self._drain_cancelled()
                return
            if item is not _TICK:
                job, future = item
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(job())
                    except BaseException as exc:  # noqa: BLE001 (delivered to whoever waits on the future)
                        future.set_exception(exc)
                continue
            if self._tick is not None:
                try:
                    delay = self._tick()
                except Exception:
                    log.exception("device bus %s: tick failed", self.name)
                    delay = 1.0
                next_tick = time.monotonic() + delay

    def _drain_cancelled(self) -> None:
        while True:
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item[1].cancel()
