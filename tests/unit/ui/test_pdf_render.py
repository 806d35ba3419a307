"""A PDF page that is not a scan (typed on a computer) is rendered with Qt PDF in memory, on a worker
thread as the import does it."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import ImageStat
from reportlab.pdfgen import canvas

from app.devices.scanning.files import Refusal, Unreadable, read_files
from app.ui.pdf_render import QtPdfRenderer


def typed_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595, 842))
    pdf.setFillGray(0)
    pdf.rect(100, 600, 300, 100, fill=1)
    pdf.showPage()
    pdf.drawString(100, 700, "second page")
    pdf.save()
    return buffer.getvalue()


def test_typed_pages_render_at_the_asked_resolution(qapp: object, tmp_path: Path) -> None:
    path = tmp_path / "typed.pdf"
    path.write_bytes(typed_pdf())
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(read_files, [path], renderer=QtPdfRenderer()).result(60)
    assert [p.label for p in result.pages] == ["typed.pdf #1", "typed.pdf #2"]
    first = result.pages[0].image
    assert first.size == (round(595 * 300 / 72), round(842 * 300 / 72))
    assert ImageStat.Stat(first.convert("L")).mean[0] < 250  # the black box is there


def test_garbage_is_refused(qapp: object) -> None:
    with pytest.raises(Unreadable) as caught:
        QtPdfRenderer().render(b"%PDF-1.4 nonsense", 0, 100)
    assert caught.value.reason is Refusal.CORRUPT
