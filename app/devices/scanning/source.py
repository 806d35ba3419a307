"""What every page source offers and reports: settings, pages, and the problems a clerk can fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from PIL import Image


class PaperSource(StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"  # automatic document feeder, front sides
    DUPLEX = "duplex"  # feeder, both sides


class ColourMode(StrEnum):
    COLOUR = "colour"
    GREY = "grey"
    LINEART = "lineart"  # black and white


@dataclass(frozen=True)
class ScanSettings:
    source: PaperSource = PaperSource.FLATBED
    mode: ColourMode = ColourMode.GREY
    resolution: int = 300


@dataclass(frozen=True)
class ScannerInfo:
    name: str  # what the backend opens, e.g. "pnm:0", "fujitsu:fi-7160:1234"
    vendor: str
    model: str
    kind: str  # "flatbed scanner", "sheetfed scanner", "virtual device"

    @property
    def label(self) -> str:
        return f"{self.vendor} {self.model} ({self.name})"


@dataclass(frozen=True)
class Capabilities:
    sources: tuple[PaperSource, ...] = (PaperSource.FLATBED,)
    modes: tuple[ColourMode, ...] = (ColourMode.GREY,)
    resolutions: tuple[int, ...] = (300,)  # offered values; a range is sampled at the usual steps


@dataclass(frozen=True)
class AcquiredPage:
    """One page as the device delivered it, in memory."""

    image: Image.Image
    dpi: int
    origin: str  # "scanner", "camera", "file", "folder"
    label: str = ""  # e.g. the file name an import came from
    side: int = 0  # 0 front, 1 back (duplex)
    meta: dict[str, str] = field(default_factory=dict)


class ScanProblem(StrEnum):
    NO_PAPER = "no_paper"  # the feeder is empty (or the flatbed saw nothing)
    JAMMED = "jammed"
    COVER_OPEN = "cover_open"
    BUSY = "busy"  # another program holds the scanner
    IO_ERROR = "io_error"  # the connection failed mid-scan
    UNPLUGGED = "unplugged"  # the scanner is not there (any more)
    NO_SCANNER = "no_scanner"  # none configured or none found
    ACCESS_DENIED = "access_denied"  # permissions (Linux: the `scanner` group)
    WARMING_UP = "warming_up"  # lamp not ready
    LOCKED = "locked"  # transport lock engaged
    CANCELLED = "cancelled"
    FAILED = "failed"  # anything else the backend said


class ScanFailed(Exception):
    """A scan stopped for a reason the clerk can usually fix; `pages` were delivered before it."""

    def __init__(self, problem: ScanProblem, detail: str = "", pages: int = 0) -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail
        self.pages = pages


PageSink = Callable[[AcquiredPage], None]


class Scanner(Protocol):
    """A scanner driver (SANE, TWAIN); every call happens on the scanner bus thread."""

    description: str

    def open(self) -> None: ...
    def close(self) -> None: ...
    def capabilities(self) -> Capabilities: ...
    def acquire(self, settings: ScanSettings, on_page: PageSink, cancelled: Callable[[], bool]) -> int:
        """Scan one page (flatbed) or until the feeder is empty; return how many pages were delivered.
        Raise ScanFailed; a feeder that runs empty after at least one page is not a failure."""
