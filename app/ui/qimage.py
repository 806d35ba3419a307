"""QImage to Pillow without a file: the pixels are copied row by row through memory."""

from __future__ import annotations

from PIL import Image

from app.ui.qt import QtGui


def to_pillow(image: QtGui.QImage) -> Image.Image:
    grey = image.isGrayscale()
    fmt = QtGui.QImage.Format.Format_Grayscale8 if grey else QtGui.QImage.Format.Format_RGB888
    converted = image.convertToFormat(fmt)
    mode = "L" if grey else "RGB"
    data = bytes(converted.constBits())
    return Image.frombuffer(
        mode, (converted.width(), converted.height()), data, "raw", mode, converted.bytesPerLine(), 1
    ).copy()
