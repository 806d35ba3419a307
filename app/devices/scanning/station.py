"""The scanner station: one bus thread owns the scanner; scans run there, pages go out to a listener.

The listener's methods are called on the bus thread (the UI's bridge turns them into Qt signals). A
scanner that fails to open is reported and retried on the next scan; the GUI thread never waits for it.
"""

from __future__ import annotations

import itertools
import logging
import threading
from concurrent.futures import Future
from enum import StrEnum
from typing import Protocol

from app.devices.bus import DeviceBus
from app.devices.scanning.source import (
    AcquiredPage,
    Capabilities,
    ScanFailed,
    Scanner,
    ScannerInfo,
    ScanProblem,
    ScanSettings,
)

log = logging.getLogger(__name__)


class ScannerState(StrEnum):
    OFF = "off"  # no scanner configured
    IDLE = "idle"
    SCANNING = "scanning"
    FAULT = "fault"  # the last attempt failed; the next scan tries again


class ScanListener(Protocol):
    def scanner_state_changed(self, state: ScannerState, detail: str) -> None: ...
    def page_scanned(self, job: int, page: AcquiredPage) -> None: ...
    def scan_finished(self, job: int, pages: int) -> None: ...
    def scan_failed(self, job: int, problem: ScanProblem, pages: int) -> None: ...


class ScanStation:
    def __init__(self, scanner: Scanner | None, listener: ScanListener) -> None:
        self._scanner = scanner
        self._listener = listener
        self._jobs = itertools.count(1)
        self._cancel = threading.Event()
        self._state = ScannerState.OFF
        self.bus = DeviceBus("scanner")

    @property
    def driver(self) -> Scanner | None:
        """The scanner driver (its calls belong on the bus thread; settings may be read anywhere)."""
        return self._scanner

    @property
    def configured(self) -> bool:
        return self._scanner is not None

    @property
    def description(self) -> str:
        return self._scanner.description if self._scanner is not None else ""

    def start(self) -> None:
        self.bus.start()
        self.bus.submit(lambda: self._set_state(ScannerState.IDLE if self._scanner else ScannerState.OFF, ""))

    def stop(self) -> None:
        self._cancel.set()
        if self.bus.running:
            self.bus.submit(self._close).result(30)
        self.bus.stop()

    def scan(self, settings: ScanSettings) -> int:
        """Queue a scan; returns its job number (pages and the outcome are reported with it)."""
        job = next(self._jobs)
        self._cancel.clear()
        self.bus.submit(lambda: self._scan(job, settings))
        return job

    def cancel(self) -> None:
        """Stop a feeder batch after the page in progress."""
        self._cancel.set()

    def devices(self) -> Future[list[ScannerInfo]]:
        def body() -> list[ScannerInfo]:
            lister = getattr(self._scanner, "list_devices", None)
            return list(lister()) if lister is not None else []

        return self.bus.submit(body)

    def capabilities(self) -> Future[Capabilities]:
        def body() -> Capabilities:
            if self._scanner is None:
                raise ScanFailed(ScanProblem.NO_SCANNER)
            return self._scanner.capabilities()

        return self.bus.submit(body)

    def replace_scanner(self, scanner: Scanner | None) -> Future[None]:
        def body() -> None:
            self._close()
            self._scanner = scanner
            self._set_state(ScannerState.IDLE if scanner else ScannerState.OFF, "")

        return self.bus.submit(body)

    # -- on the bus thread
    def _set_state(self, state: ScannerState, detail: str) -> None:
        if state is not self._state or detail:
            self._state = state
            self._listener.scanner_state_changed(state, detail)

    def _close(self) -> None:
        self.bus.assert_current()
        if self._scanner is not None:
            self._scanner.close()

    def _scan(self, job: int, settings: ScanSettings) -> None:
        self.bus.assert_current()
        scanner = self._scanner
        if scanner is None:
            self._listener.scan_failed(job, ScanProblem.NO_SCANNER, 0)
            return
        self._set_state(ScannerState.SCANNING, scanner.description)
        delivered = 0

        def deliver(page: AcquiredPage) -> None:
            nonlocal delivered
            delivered += 1
            self._listener.page_scanned(job, page)

        try:
            pages = scanner.acquire(settings, deliver, self._cancel.is_set)
        except ScanFailed as exc:
            log.info("scan %d stopped: %s", job, exc.problem.value)
            if exc.problem in (ScanProblem.UNPLUGGED, ScanProblem.IO_ERROR, ScanProblem.BUSY):
                scanner.close()  # reopen on the next scan: the device may come back
            self._set_state(ScannerState.FAULT, exc.problem.value)
            self._listener.scan_failed(job, exc.problem, delivered)
            return
        except Exception:
            log.exception("scan %d failed unexpectedly", job)
            scanner.close()
            self._set_state(ScannerState.FAULT, ScanProblem.FAILED.value)
            self._listener.scan_failed(job, ScanProblem.FAILED, delivered)
            return
        self._set_state(ScannerState.IDLE, "")
        if pages == 0 and self._cancel.is_set():
            self._listener.scan_failed(job, ScanProblem.CANCELLED, 0)
        elif pages == 0:
            self._listener.scan_failed(job, ScanProblem.NO_PAPER, 0)
        else:
            self._listener.scan_finished(job, pages)
