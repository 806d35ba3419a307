"""TWAIN scanners on Windows (pytwain), behind the same Scanner interface as SANE.

Imported only on Windows (app.devices.scanning.drivers picks it there), so Linux runs never load it.
Not exercised on these Linux machines: a unit test drives it with a stand-in `twain` module, said there.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

from PIL import Image

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

# pytwain raises one exception class per TWAIN condition code; the class name says which.
_BY_NAME = (
    ("jam", ScanProblem.JAMMED),
    ("doublefeed", ScanProblem.JAMMED),
    ("nomedia", ScanProblem.NO_PAPER),
    ("paper", ScanProblem.NO_PAPER),
    ("online", ScanProblem.UNPLUGGED),
    ("notfound", ScanProblem.UNPLUGGED),
    ("cover", ScanProblem.COVER_OPEN),
    ("busy", ScanProblem.BUSY),
    ("seqerror", ScanProblem.BUSY),
    ("denied", ScanProblem.ACCESS_DENIED),
    ("cancel", ScanProblem.CANCELLED),
)
_PIXEL_TYPES = {ColourMode.LINEART: 0, ColourMode.GREY: 1, ColourMode.COLOUR: 2}  # TWPT_BW, GRAY, RGB


def problem_of(exc: BaseException) -> ScanProblem:
    name = type(exc).__name__.lower()
    for needle, problem in _BY_NAME:
        if needle in name:
            return problem
    return ScanProblem.FAILED


def _twain() -> Any:
    import twain

    return twain


class TwainScanner:
    """A TWAIN data source; `name` "auto" opens the first one the source manager lists."""

    def __init__(self, name: str = "auto", window_handle: int = 0) -> None:
        self.name = name
        self.description = f"TWAIN {name}"
        self._window = window_handle
        self._manager: Any = None
        self._source: Any = None

    def list_devices(self) -> list[ScannerInfo]:
        self._open_manager()
        return [ScannerInfo(str(n), "", str(n), "TWAIN source") for n in self._manager.source_list]

    def _open_manager(self) -> None:
        if self._manager is None:
            try:
                self._manager = _twain().SourceManager(self._window)
            except Exception as exc:
                raise ScanFailed(ScanProblem.NO_SCANNER, type(exc).__name__) from exc

    def open(self) -> None:
        if self._source is not None:
            return
        self._open_manager()
        names = list(self._manager.source_list)
        name = names[0] if self.name in ("", "auto") and names else self.name
        if not names or name not in names:
            raise ScanFailed(ScanProblem.NO_SCANNER if not names else ScanProblem.UNPLUGGED, name)
        try:
            self._source = self._manager.open_source(name)
        except Exception as exc:
            raise ScanFailed(problem_of(exc), type(exc).__name__) from exc
        self.description = f"TWAIN {name}"

    def close(self) -> None:
        for thing in (self._source, self._manager):
            if thing is not None:
                try:
                    thing.close()
                except Exception:
                    log.info("TWAIN close failed", exc_info=True)
        self._source = self._manager = None

    def capabilities(self) -> Capabilities:
        self.open()
        twain = _twain()
        sources = [PaperSource.FLATBED]
        try:
            if self._source.get_capability(twain.CAP_FEEDERENABLED) is not None:
                sources.append(PaperSource.ADF)
            if self._source.get_capability(twain.CAP_DUPLEX):
                sources.append(PaperSource.DUPLEX)
        except Exception:
            log.debug("TWAIN feeder capabilities unknown", exc_info=True)
        return Capabilities(tuple(sources), tuple(ColourMode), (150, 200, 300, 400, 600))

    def _apply(self, settings: ScanSettings) -> None:
        twain = _twain()
        src = self._source
        feeder = settings.source is not PaperSource.FLATBED
        src.set_capability(twain.CAP_FEEDERENABLED, twain.TWTY_BOOL, feeder)
        if feeder:
            src.set_capability(twain.CAP_AUTOFEED, twain.TWTY_BOOL, True)
        if settings.source is PaperSource.DUPLEX:
            src.set_capability(twain.CAP_DUPLEXENABLED, twain.TWTY_BOOL, True)
        src.set_capability(twain.ICAP_PIXELTYPE, twain.TWTY_UINT16, _PIXEL_TYPES[settings.mode])
        for cap in (twain.ICAP_XRESOLUTION, twain.ICAP_YRESOLUTION):
            src.set_capability(cap, twain.TWTY_FIX32, float(settings.resolution))

    def acquire(self, settings: ScanSettings, on_page: PageSink, cancelled: Callable[[], bool]) -> int:
        self.open()
        twain = _twain()
        pages = 0
        try:
            self._apply(settings)
            self._source.request_acquire(show_ui=False, modal_ui=False)
            more = 1
            while more and not cancelled():
                handle, more = self._source.xfer_image_natively()
                try:
                    bitmap = twain.dib_to_bm_file(handle)
                finally:
                    twain.global_handle_free(handle)
                image = Image.open(io.BytesIO(bitmap))
                image.load()
                side = pages % 2 if settings.source is PaperSource.DUPLEX else 0
                on_page(AcquiredPage(image, settings.resolution, "scanner", self.description, side))
                pages += 1
        except ScanFailed:
            raise
        except Exception as exc:
            problem = problem_of(exc)
            if problem is ScanProblem.NO_PAPER and pages:
                return pages
            raise ScanFailed(problem, type(exc).__name__, pages) from exc
        return pages
