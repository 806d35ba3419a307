"""Importing files and folders: JPEG, PNG, TIFF and scanned PDFs become pages; broken files are refused."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import img2pdf
import pytest
from PIL import Image, ImageChops
from reportlab.pdfgen import canvas

from app.devices.scanning.files import FolderWatcher, ImportResult, Refusal, read_files
from tests.support.sane import document_page


def save(image: Image.Image, path: Path, fmt: str, **kw: object) -> Path:
    image.save(path, fmt, **kw)
    return path


def scanned_pdf(path: Path, numbers: list[int]) -> Path:
    blobs = []
    for n in numbers:
        buffer = io.BytesIO()
        document_page(n).save(buffer, "PNG", dpi=(200, 200))
        blobs.append(buffer.getvalue())
    path.write_bytes(img2pdf.convert(blobs))
    return path


def test_a_folder_of_jpeg_png_and_pdf_imports_and_broken_files_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    save(document_page(1), folder / "a-page.jpg", "JPEG", dpi=(300, 300))
    save(document_page(2), folder / "b-page.png", "PNG")
    scanned_pdf(folder / "c-scan.pdf", [3, 4])
    (folder / "d-empty.jpg").write_bytes(b"")
    (folder / "e-corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    (folder / "f-corrupt.pdf").write_bytes(b"%PDF-1.7\nthis is not a pdf body\n")
    (folder / "g-notes.txt").write_text("not a page", encoding="utf-8")

    result = read_files([folder])

    assert [p.label for p in result.pages] == ["a-page.jpg", "b-page.png", "c-scan.pdf #1", "c-scan.pdf #2"]
    assert {r.path.name: r.reason for r in result.refused} == {
        "d-empty.jpg": Refusal.EMPTY,
        "e-corrupt.png": Refusal.CORRUPT,
        "f-corrupt.pdf": Refusal.CORRUPT,
        "g-notes.txt": Refusal.UNSUPPORTED,
    }
    assert [f.name for f in result.files] == ["a-page.jpg", "b-page.png", "c-scan.pdf"]
    assert result.pages[0].dpi == 300
    assert result.pages[2].dpi == 200
    for page, number in zip(result.pages[1:], (2, 3, 4), strict=True):
        assert ImageChops.difference(page.image.convert("L"), document_page(number)).getbbox() is None


def test_a_multi_page_tiff_is_several_pages(tmp_path: Path) -> None:
    first, second = document_page(1), document_page(2)
    path = tmp_path / "two.tif"
    first.save(path, "TIFF", save_all=True, append_images=[second])
    assert len(read_files([path]).pages) == 2


def test_a_pdf_that_is_not_a_scan_needs_a_renderer(tmp_path: Path) -> None:
    path = tmp_path / "typed.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(100, 700, "A form filled on a computer")
    pdf.save()
    refused = read_files([path])
    assert [r.reason for r in refused.refused] == [Refusal.NOT_SCANNED]

    class Renderer:
        def render(self, _pdf: bytes, page: int, dpi: int) -> Image.Image:
            return Image.new("L", (dpi, dpi), 255 - page)

    assert len(read_files([path], renderer=Renderer()).pages) == 1


def test_a_truncated_jpeg_is_refused_and_does_not_stop_the_others(tmp_path: Path) -> None:
    good = save(document_page(1), tmp_path / "1.jpg", "JPEG")
    data = good.read_bytes()
    (tmp_path / "2.jpg").write_bytes(data[: len(data) // 3])
    result = read_files([tmp_path / "2.jpg", good])
    assert [r.reason for r in result.refused] == [Refusal.CORRUPT]
    assert len(result.pages) == 1


def test_watched_folder_takes_finished_files_on_its_own_thread_and_discards_them(tmp_path: Path) -> None:
    folder = tmp_path / "scanner-output"
    folder.mkdir()
    results: list[ImportResult] = []
    threads: set[str] = set()
    seen = threading.Event()

    class Listener:
        def folder_imported(self, result: ImportResult) -> None:
            threads.add(threading.current_thread().name)
            results.append(result)
            seen.set()

    watcher = FolderWatcher(folder, Listener(), interval=0.05)
    watcher.start()
    try:
        save(document_page(1), folder / "scan-0001.png", "PNG")
        (folder / "scan-0002.pdf").write_bytes(b"")
        assert seen.wait(10)
        deadline = time.monotonic() + 10
        while sum(len(r.pages) + len(r.refused) for r in results) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        pages = [p for r in results for p in r.pages]
        refused = [f for r in results for f in r.refused]
        assert [p.origin for p in pages] == ["folder"]
        assert [f.reason for f in refused] == [Refusal.EMPTY]
        assert threads == {"bus-folder"}
        watcher.discard([f for r in results for f in r.files]).result(10)
        assert sorted(p.name for p in folder.iterdir()) == ["scan-0002.pdf"]  # the refused file stays
    finally:
        watcher.stop()


@pytest.mark.parametrize("name", ["x.bmp", "x.gif", "x.webp"])
def test_other_image_formats(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    document_page(1).convert("RGB").save(path)
    assert len(read_files([path]).pages) == 1
