"""Renders PDF pages that are not scans (a form filled on a computer) with Qt PDF, in memory."""

from __future__ import annotations

from PIL import Image

from app.devices.scanning.files import Refusal, Unreadable
from app.ui.qimage import to_pillow
from app.ui.qt import QtCore, pdf


class QtPdfRenderer:
    """Implements app.devices.scanning.files.PdfRenderer; safe on a worker thread (one document per call)."""

    def render(self, data: bytes, page: int, dpi: int) -> Image.Image:
        qtpdf = pdf()
        buffer = QtCore.QBuffer()
        buffer.setData(QtCore.QByteArray(data))
        buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
        document = qtpdf.QPdfDocument()
        try:
            document.load(buffer)
            if document.status() != qtpdf.QPdfDocument.Status.Ready or page >= document.pageCount():
                raise Unreadable(Refusal.CORRUPT, "Qt PDF could not open the document")
            points = document.pagePointSize(page)
            size = QtCore.QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, size)
            if image.isNull():
                raise Unreadable(Refusal.CORRUPT, f"page {page + 1} did not render")
            return to_pillow(image)
        finally:
            document.close()
            buffer.close()
