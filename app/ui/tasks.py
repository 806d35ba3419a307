"""Background work as small operations: bodies run off the GUI thread, results come back on it.

Bodies never touch widgets. Writes go to the store's writer thread; everything else (password hashing,
PDF rendering, device I/O) to a small pool of Python threads owned by this object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from app.ui.qt import QtCore, Signal

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Relay(QtCore.QObject):
    """Carries one result from a worker thread to the GUI thread (queued signal delivery)."""

    succeeded = Signal(object)
    failed = Signal(object)


class Tasks(QtCore.QObject):
    """Owned by the main window; shut down with it so that no worker outlives the UI."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None, workers: int = 2) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ui-task")
        self._relays: set[_Relay] = set()
        self._closed = False

    def run(
        self,
        body: Callable[[], T],
        on_success: Callable[[T], Any],
        on_failure: Callable[[BaseException], Any],
    ) -> None:
        """Run body on a worker thread; call on_success/on_failure on the GUI thread."""
        self.follow(self._pool.submit(body), on_success, on_failure)

    def submit(self, body: Callable[[], T]) -> Future[T]:
        """Run body on a worker thread; the caller waits on (or follows) the future."""
        return self._pool.submit(body)

    def follow(
        self,
        future: Future[T],
        on_success: Callable[[T], Any],
        on_failure: Callable[[BaseException], Any],
    ) -> None:
        """Deliver the outcome of a future (e.g. from the writer thread) on the GUI thread."""
        relay = _Relay(self)
        relay.succeeded.connect(on_success)
        relay.failed.connect(on_failure)
        relay.succeeded.connect(lambda _r: self._release(relay))
        relay.failed.connect(lambda _e: self._release(relay))
        self._relays.add(relay)
        self.busy_changed.emit(True)

        def done(f: Future[T]) -> None:
            exc = f.exception()
            if exc is not None:
                if not isinstance(exc, Exception) or type(exc).__module__.startswith("app.domain"):
                    log.info("operation refused: %s", type(exc).__name__)
                else:
                    log.error("operation failed", exc_info=exc)
                relay.failed.emit(exc)
            else:
                relay.succeeded.emit(f.result())

        future.add_done_callback(done)

    def _release(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        if not self._relays:
            self.busy_changed.emit(False)

    @property
    def pending(self) -> int:
        return len(self._relays)

    def shutdown(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.shutdown(wait=True, cancel_futures=True)
