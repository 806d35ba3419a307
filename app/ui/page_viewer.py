"""A page at full size: + and - zoom, 0 fits the window, Esc closes; the decrypted image stays in memory."""

from __future__ import annotations

from app.ui.qt import QtCore, QtGui, QtWidgets

Qt = QtCore.Qt


class PageViewer(QtWidgets.QDialog):
    def __init__(
        self, title: str, data: bytes, rotation: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pageViewer")
        self.setWindowTitle(title)
        self.resize(900, 1000)
        image = QtGui.QImage.fromData(data)
        if rotation:
            image = image.transformed(QtGui.QTransform().rotate(rotation))
        self._pixmap = QtGui.QPixmap.fromImage(image)
        self.zoom = 0.0  # 0: fit to the window
        self.label = QtWidgets.QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QtWidgets.QScrollArea()
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(True)
        hint = QtWidgets.QLabel(self.tr("放大 +　缩小 -　适合窗口 0　关闭 Esc"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(hint)
        for keys, step in (("+", 1.25), ("=", 1.25), ("-", 0.8)):
            QtGui.QShortcut(QtGui.QKeySequence(keys), self, lambda s=step: self.zoom_by(s))
        QtGui.QShortcut(QtGui.QKeySequence("0"), self, self.fit)
        self._render()

    @property
    def image_size(self) -> QtCore.QSize:
        return self._pixmap.size()

    def fit(self) -> None:
        self.zoom = 0.0
        self._render()

    def zoom_by(self, factor: float) -> None:
        current = self.zoom or self._fit_scale()
        self.zoom = max(0.05, min(4.0, current * factor))
        self._render()

    def _fit_scale(self) -> float:
        area = self.scroll.viewport().size()
        if self._pixmap.isNull() or self._pixmap.width() == 0:
            return 1.0
        return min(area.width() / self._pixmap.width(), area.height() / self._pixmap.height())

    def _render(self) -> None:
        scale = self.zoom or self._fit_scale()
        size = self._pixmap.size() * scale
        self.label.setPixmap(
            self._pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.zoom:
            self._render()
