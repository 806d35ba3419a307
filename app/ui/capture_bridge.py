"""The bridge from the scanner and watched-folder threads to the GUI: each callback becomes a queued signal."""

from __future__ import annotations

from app.devices.scanning.files import ImportResult
from app.devices.scanning.source import AcquiredPage, ScanProblem
from app.devices.scanning.station import ScannerState
from app.ui.qt import QtCore, Signal


class CaptureBridge(QtCore.QObject):
    scanner_state_changed = Signal(object, str)  # ScannerState, detail
    page_scanned = Signal(int, object)  # job, AcquiredPage
    scan_finished = Signal(int, int)  # job, pages
    scan_failed = Signal(int, object, int)  # job, ScanProblem, pages delivered before it
    folder_imported = Signal(object)  # ImportResult


class ScanAdapter:
    """Implements ScanListener and FolderListener on the bridge (called on the bus threads)."""

    def __init__(self, bridge: CaptureBridge) -> None:
        self._bridge = bridge

    def scanner_state_changed(self, state: ScannerState, detail: str) -> None:
        self._bridge.scanner_state_changed.emit(state, detail)

    def page_scanned(self, job: int, page: AcquiredPage) -> None:
        self._bridge.page_scanned.emit(job, page)

    def scan_finished(self, job: int, pages: int) -> None:
        self._bridge.scan_finished.emit(job, pages)

    def scan_failed(self, job: int, problem: ScanProblem, pages: int) -> None:
        self._bridge.scan_failed.emit(job, problem, pages)

    def folder_imported(self, result: ImportResult) -> None:
        self._bridge.folder_imported.emit(result)
