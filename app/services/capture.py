"""The workstation's page sources, built from the [devices] settings: the scanner station and the
watched folder, each on its own bus thread; the UI hands in its listeners (a Qt bridge)."""

from __future__ import annotations

from pathlib import Path

from app.devices.scanning.drivers import build_scanner
from app.devices.scanning.files import FolderListener, FolderWatcher, PdfRenderer
from app.devices.scanning.source import ColourMode, PaperSource, Scanner, ScanSettings
from app.devices.scanning.station import ScanListener, ScanStation
from app.settings import DeviceSettings


def scan_settings(devices: DeviceSettings) -> ScanSettings:
    return ScanSettings(
        PaperSource(devices.scanner_source), ColourMode(devices.scanner_mode), devices.scanner_resolution
    )


class CaptureHub:
    """Owns the scanner station and the folder watcher; `stop()` joins both threads."""

    def __init__(
        self,
        devices: DeviceSettings,
        scan_listener: ScanListener,
        folder_listener: FolderListener,
        *,
        scanner: Scanner | None = None,
        renderer: PdfRenderer | None = None,
    ) -> None:
        self.settings = devices
        self.scan_settings = scan_settings(devices)
        chosen = scanner if scanner is not None else build_scanner(devices.scanner)
        self.scanner = ScanStation(chosen, scan_listener)
        self.renderer = renderer
        self.folder: FolderWatcher | None = None
        if devices.watch_folder:
            self.folder = FolderWatcher(Path(devices.watch_folder), folder_listener, renderer=renderer)

    def start(self) -> None:
        self.scanner.start()
        if self.folder is not None:
            self.folder.start()

    def scan(self, settings: ScanSettings | None = None) -> int:
        return self.scanner.scan(settings or self.scan_settings)

    def stop(self) -> None:
        self.scanner.stop()
        if self.folder is not None:
            self.folder.stop()
