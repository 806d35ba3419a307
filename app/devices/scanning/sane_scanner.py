"""SANE scanners through python-sane (Linux): flatbed, feeder and duplex, resolution and colour mode.

`sane` is imported on first use, on the scanner bus thread, so Windows builds (without python-sane) and
start-up never pay for it. SANE status strings (sane_strstatus) become typed problems.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from app.devices.scanning.source import (
    AcquiredPage,
    Capabilities,
    ColourMode,
    PageSink,
    PaperSource,
    ScanFailed,
    ScannerInfo,
    ScanProblem,
    ScanSettings,
)

log = logging.getLogger(__name__)

# sane_strstatus() texts (sanei/sane_strstatus.c), matched in lower case.
_STATUS = (
    ("out of documents", ScanProblem.NO_PAPER),
    ("jammed", ScanProblem.JAMMED),
    ("cover is open", ScanProblem.COVER_OPEN),
    ("device busy", ScanProblem.BUSY),
    ("device i/o", ScanProblem.IO_ERROR),
    ("access to resource has been denied", ScanProblem.ACCESS_DENIED),
    ("cancel", ScanProblem.CANCELLED),
    ("lamp not ready", ScanProblem.WARMING_UP),
    ("locked for transport", ScanProblem.LOCKED),
)
_MODES = {
    ColourMode.COLOUR: ("color", "colour", "24bit color"),
    ColourMode.GREY: ("gray", "grey", "grayscale", "8bit gray"),
    ColourMode.LINEART: ("lineart", "binary", "black & white", "halftone"),
}
COMMON_RESOLUTIONS = (150, 200, 300, 400, 600)


def problem_of(message: str, *, opening: bool = False) -> ScanProblem:
    """The typed problem for a SANE status text; an invalid argument while opening: the device is gone."""
    text = message.lower()
    for needle, problem in _STATUS:
        if needle in text:
            return problem
    if opening:
        return ScanProblem.UNPLUGGED
    return ScanProblem.FAILED


def _sane() -> Any:
    import sane

    return sane


def _source_kind(label: str) -> PaperSource | None:
    text = label.lower()
    if "duplex" in text:
        return PaperSource.DUPLEX
    if "adf" in text or "feeder" in text or "automatic" in text:
        return PaperSource.ADF
    if "flatbed" in text or "platen" in text or "平板" in label:
        return PaperSource.FLATBED
    return None


class SaneScanner:
    """One SANE device; `name` "auto" opens the first device SANE lists."""

    def __init__(self, name: str = "auto", extra_options: Mapping[str, object] | None = None) -> None:
        self.name = name
        self.description = f"SANE {name}"
        # Backend options set before every scan (a site's quirks; tests point the pnm backend at a file).
        self.extra_options: dict[str, object] = dict(extra_options or {})
        self._device: Any = None
        self._initialised = False

    # -- lifecycle (bus thread)
    def list_devices(self) -> list[ScannerInfo]:
        sane = self._init()
        try:
            found = sane.get_devices()
        except sane._sane.error as exc:
            raise ScanFailed(problem_of(str(exc)), str(exc)) from exc
        return [ScannerInfo(str(n), str(v), str(m), str(k)) for n, v, m, k in found]

    def _init(self) -> Any:
        sane = _sane()
        if not self._initialised:
            sane.init()
            self._initialised = True
        return sane

    def open(self) -> None:
        if self._device is not None:
            return
        sane = self._init()
        name = self.name
        if name in ("", "auto"):
            devices = self.list_devices()
            if not devices:
                raise ScanFailed(ScanProblem.NO_SCANNER, "SANE lists no scanner")
            name = devices[0].name
        try:
            self._device = sane.open(name)
        except (sane._sane.error, RuntimeError) as exc:
            raise ScanFailed(problem_of(str(exc), opening=True), str(exc)) from exc
        self.description = f"SANE {name}"

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            try:
                device.close()
            except Exception:
                log.info("scanner close failed", exc_info=True)
        if self._initialised:
            _sane().exit()
            self._initialised = False

    # -- options
    def _options(self) -> dict[str, Any]:
        return dict(self._device.opt) if self._device is not None else {}

    def capabilities(self) -> Capabilities:
        self.open()
        options = self._options()
        sources: list[PaperSource] = []
        source = options.get("source")
        if source is not None and isinstance(source.constraint, list):
            sources = [k for k in (_source_kind(str(v)) for v in source.constraint) if k is not None]
        modes: list[ColourMode] = []
        mode = options.get("mode")
        if mode is not None and isinstance(mode.constraint, list):
            labels = [str(v).lower() for v in mode.constraint]
            modes = [m for m, names in _MODES.items() if any(label in names for label in labels)]
        resolutions: tuple[int, ...] = ()
        resolution = options.get("resolution")
        if resolution is not None:
            constraint = resolution.constraint
            if isinstance(constraint, list):
                resolutions = tuple(int(v) for v in constraint if isinstance(v, int | float) and v)
            elif isinstance(constraint, tuple) and len(constraint) == 3:
                low, high = constraint[0], constraint[1]
                resolutions = tuple(r for r in COMMON_RESOLUTIONS if low <= r <= high)
        return Capabilities(
            tuple(dict.fromkeys(sources)) or (PaperSource.FLATBED,),
            tuple(modes) or (ColourMode.GREY,),
            resolutions or (300,),
        )

    def _set(self, name: str, value: object) -> bool:
        option = self._options().get(name)
        if option is None or not option.is_active() or not option.is_settable():
            return False
        setattr(self._device, name, value)
        return True

    def _apply(self, settings: ScanSettings) -> int:
        options = self._options()
        source = options.get("source")
        if source is not None and isinstance(source.constraint, list):
            wanted = [str(v) for v in source.constraint if _source_kind(str(v)) is settings.source]
            if not wanted:
                raise ScanFailed(ScanProblem.FAILED, f"source {settings.source.value} not offered")
            self._set("source", wanted[0])
        elif settings.source is not PaperSource.FLATBED:
            raise ScanFailed(ScanProblem.FAILED, "this scanner has no document feeder")
        mode = options.get("mode")
        if mode is not None and isinstance(mode.constraint, list):
            names = _MODES[settings.mode]
            match = [str(v) for v in mode.constraint if str(v).lower() in names]
            if match:
                self._set("mode", match[0])
        dpi = settings.resolution
        resolution = options.get("resolution")
        if resolution is not None:
            constraint = resolution.constraint
            if isinstance(constraint, list):
                offered = [int(v) for v in constraint if isinstance(v, int | float) and v]
                if offered:
                    dpi = min(offered, key=lambda v: abs(v - settings.resolution))
            elif isinstance(constraint, tuple) and len(constraint) == 3:
                dpi = int(min(max(settings.resolution, constraint[0]), constraint[1]))
            self._set("resolution", dpi)
        for name, value in self.extra_options.items():
            if not self._set(name, value):
                log.warning("scanner option %s not set (absent or inactive)", name)
        return dpi

    # -- scanning
    def acquire(self, settings: ScanSettings, on_page: PageSink, cancelled: Callable[[], bool]) -> int:
        self.open()
        sane = _sane()
        dpi = self._apply(settings)
        feeder = settings.source is not PaperSource.FLATBED
        pages = 0
        try:
            while not cancelled():
                try:
                    self._device.start()
                    image = self._device.snap(no_cancel=feeder)
                except (sane._sane.error, RuntimeError) as exc:
                    problem = problem_of(str(exc))
                    if problem is ScanProblem.NO_PAPER and pages:
                        break  # the feeder ran empty: the batch is done
                    raise ScanFailed(problem, str(exc), pages) from exc
                side = pages % 2 if settings.source is PaperSource.DUPLEX else 0
                on_page(AcquiredPage(image, dpi, "scanner", label=self.description, side=side))
                pages += 1
                if not feeder:
                    break
        finally:
            if feeder:
                self._cancel()
        return pages

    def _cancel(self) -> None:
        try:
            self._device.cancel()
        except Exception:
            log.debug("scanner cancel failed", exc_info=True)
