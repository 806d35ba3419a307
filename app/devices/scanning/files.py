"""Pages from files: images and scanned PDFs picked by the clerk, or dropped into a watched folder.

Files are read into memory and decoded there; nothing is copied. A file that cannot become pages is
refused with a reason, and the rest still import. The folder watcher polls on its own bus thread and
reports a file once its size has stopped changing (a scanner may still be writing it).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageSequence, UnidentifiedImageError

from app.devices.bus import DeviceBus
from app.devices.scanning.source import AcquiredPage

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp"})
PDF_SUFFIXES = frozenset({".pdf"})
MAX_FILE_BYTES = 200 * 1024 * 1024
DEFAULT_DPI = 300


class Refusal(StrEnum):
    EMPTY = "empty"  # 0 bytes
    CORRUPT = "corrupt"  # the content cannot be decoded
    UNSUPPORTED = "unsupported"  # neither an image nor a PDF
    NOT_SCANNED = "not_scanned"  # a PDF page that is not an image and no renderer is available
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"  # the file could not be read (permissions, gone)


@dataclass(frozen=True)
class RefusedFile:
    path: Path
    reason: Refusal
    detail: str = ""


@dataclass
class ImportResult:
    pages: list[AcquiredPage] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # the files that became pages


class PdfRenderer(Protocol):
    """Renders a PDF page that holds no single scanned image (the UI provides one with Qt PDF)."""

    def render(self, pdf: bytes, page: int, dpi: int) -> Image.Image: ...


class Unreadable(Exception):
    def __init__(self, reason: Refusal, detail: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = detail


def candidates(paths: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, folders expanded (sorted by name, hidden files skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                (p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")),
                key=lambda p: p.name,
            )
        else:
            found.append(path)
    return found


def read_files(
    paths: Sequence[Path], *, origin: str = "file", renderer: PdfRenderer | None = None
) -> ImportResult:
    """Every file (or every file in a folder) as pages; refusals say why, the rest import."""
    result = ImportResult()
    for path in candidates(paths):
        try:
            pages = read_file(path, origin=origin, renderer=renderer)
        except Unreadable as exc:
            log.info("import refused a file: %s", exc.reason.value)
            result.refused.append(RefusedFile(path, exc.reason, exc.detail))
            continue
        result.pages += pages
        result.files.append(path)
    return result


def read_file(path: Path, *, origin: str = "file", renderer: PdfRenderer | None = None) -> list[AcquiredPage]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Unreadable(Refusal.TOO_LARGE, str(size))
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(Refusal.UNREADABLE, type(exc).__name__) from exc
    if not data:
        raise Unreadable(Refusal.EMPTY)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF"):
        return pdf_pages(data, path.name, origin=origin, renderer=renderer)
    if suffix not in IMAGE_SUFFIXES and not _looks_like_image(data):
        raise Unreadable(Refusal.UNSUPPORTED, suffix)
    return image_pages(data, path.name, origin=origin)


def _looks_like_image(data: bytes) -> bool:
    return data.startswith((b"\xff\xd8", b"\x89PNG", b"II*\x00", b"MM\x00*", b"BM", b"GIF8"))


def image_pages(data: bytes, label: str, *, origin: str = "file") -> list[AcquiredPage]:
    """Every frame of an image file (a multi-page TIFF is several pages), fully decoded in memory."""
    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for frame in ImageSequence.Iterator(image):
            frame.load()
            frames.append(frame.copy())
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise Unreadable(Refusal.CORRUPT, type(exc).__name__) from exc
    dpi = _dpi(image)
    return [AcquiredPage(frame, dpi, origin, label=label) for frame in frames]


def _dpi(image: Image.Image) -> int:
    value = image.info.get("dpi")
    if isinstance(value, tuple) and value and value[0] and 50 <= float(value[0]) <= 2400:
        return round(float(value[0]))
    return DEFAULT_DPI


def pdf_pages(
    data: bytes, label: str, *, origin: str = "file", renderer: PdfRenderer | None = None
) -> list[AcquiredPage]:
    """A scanned PDF's pages: the one image on each page, or the page rendered when a renderer exists."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        count = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise Unreadable(Refusal.CORRUPT, type(exc).__name__) from exc
    if count == 0:
        raise Unreadable(Refusal.CORRUPT, "no pages")
    pages = []
    for number, page in enumerate(reader.pages):
        image = None
        try:
            embedded = page.images
            if len(embedded) == 1 and not _has_text(page):
                image = embedded[0].image
                if image is not None:
                    image.load()
        except (PyPdfError, OSError, ValueError, KeyError, TypeError, NotImplementedError) as exc:
            raise Unreadable(Refusal.CORRUPT, f"page {number + 1}: {type(exc).__name__}") from exc
        dpi = DEFAULT_DPI
        if image is not None:
            width_in = float(page.mediabox.width) / 72
            dpi = round(image.width / width_in) if width_in > 0 else DEFAULT_DPI
        elif renderer is not None:
            image = renderer.render(data, number, DEFAULT_DPI)
        else:
            raise Unreadable(Refusal.NOT_SCANNED, f"page {number + 1}")
        pages.append(AcquiredPage(image, max(72, min(dpi, 1200)), origin, label=f"{label} #{number + 1}"))
    return pages


def _has_text(page: object) -> bool:
    try:
        return bool(page.extract_text().strip())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a page whose text cannot be read is treated as an image page
        return False


# -- the watched folder
class FolderListener(Protocol):
    def folder_imported(self, result: ImportResult) -> None: ...


class FolderWatcher:
    """Polls a folder (many hall scanners save into one) on its own bus thread.

    A file is taken once its size and modification time are the same on two polls. Files that became
    pages are reported; `discard(path)` removes one after its pages are stored encrypted, so no readable
    copy stays in the folder. Refused files are reported once and left for the clerk.
    """

    def __init__(
        self,
        folder: Path,
        listener: FolderListener,
        *,
        interval: float = 1.0,
        renderer: PdfRenderer | None = None,
    ) -> None:
        self.folder = folder
        self._listener = listener
        self._interval = interval
        self._renderer = renderer
        self._seen: dict[Path, tuple[int, float]] = {}
        self._taken: set[Path] = set()
        self.bus = DeviceBus("folder", self._tick)

    def start(self) -> None:
        self.bus.start()

    def stop(self) -> None:
        self.bus.stop()

    def discard(self, paths: Iterable[Path]) -> Future[None]:
        targets = list(paths)

        def body() -> None:
            for path in targets:
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    log.warning("could not remove an imported file from the watched folder")
                self._seen.pop(path, None)
                self._taken.discard(path)

        return self.bus.submit(body)

    def forget(self, paths: Iterable[Path]) -> Future[None]:
        """Offer these files again on a later poll (the clerk was not ready for them)."""
        targets = list(paths)

        def body() -> None:
            for path in targets:
                self._seen.pop(path, None)
                self._taken.discard(path)

        return self.bus.submit(body)

    def _tick(self) -> float:
        self.bus.assert_current()
        try:
            entries = [p for p in self.folder.iterdir() if p.is_file() and not p.name.startswith((".", "~"))]
        except OSError:
            return self._interval * 5  # the folder is missing (a share not mounted yet): look again later
        ready: list[Path] = []
        current: dict[Path, tuple[int, float]] = {}
        for path in entries:
            try:
                stat = path.stat()
            except OSError:
                continue
            current[path] = (stat.st_size, stat.st_mtime)
            if path not in self._taken and self._seen.get(path) == current[path]:
                ready.append(path)
        self._seen = current
        self._taken &= set(current)
        if ready:
            self._taken.update(ready)
            result = read_files(sorted(ready, key=lambda p: p.name), origin="folder", renderer=self._renderer)
            self._listener.folder_imported(result)
        return self._interval
