"""Document cameras (高拍仪) as UVC cameras through Qt Multimedia: live preview and a capture key.

`QtDocumentCamera` implements app.devices.scanning.camera.DocumentCamera. A still is taken with
QImageCapture where the camera offers it (full sensor resolution), otherwise from the newest preview
frame; either way the image goes from memory to the page pipeline, never to a file. A frame source
(QVideoFrameInput) can stand in for the camera: the tests use one, since these machines have no camera.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import ModuleType
from typing import Any

from app.devices.scanning.camera import CameraInfo, CameraProblem
from app.devices.scanning.source import AcquiredPage
from app.ui import material_messages
from app.ui.qimage import to_pillow
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal, multimedia

log = logging.getLogger(__name__)
Qt = QtCore.Qt
CAMERA_DPI = 200  # a 高拍仪 photographs an A4 page at roughly this resolution


def _multimedia() -> tuple[ModuleType, ModuleType]:
    """Qt Multimedia, or CameraUnavailable when this machine lacks a library it links against (on
    Debian, libpulse0: the package's Depends has it, a hand-made environment may not)."""
    try:
        return multimedia()
    except ImportError as exc:
        log.warning("camera support cannot load: %s", exc)
        raise CameraUnavailable(CameraProblem.NOT_INSTALLED) from exc


class QtDocumentCamera(QtCore.QObject):
    def __init__(self, preferred: str = "auto", frame_source: Any = None) -> None:
        qtmm, _widgets = _multimedia()
        super().__init__()
        self._qtmm = qtmm
        self._preferred = preferred
        self._frame_source = frame_source
        self.session = qtmm.QMediaCaptureSession()
        self.sink = qtmm.QVideoSink()
        self._camera: Any = None
        self._still: Any = None
        self._pending: tuple[Callable[[AcquiredPage], None], Callable[[CameraProblem, str], None]] | None = (
            None
        )
        self.latest: Any = None
        self.sink.videoFrameChanged.connect(self._on_frame)

    def cameras(self) -> list[CameraInfo]:
        return [
            CameraInfo(bytes(device.id().data()).decode(errors="replace"), device.description())
            for device in self._qtmm.QMediaDevices.videoInputs()
        ]

    def open(self, camera_id: str | None = None, preview: Any = None) -> None:
        """Start the camera into `preview` (a QVideoWidget) or only into the frame sink."""
        qtmm = self._qtmm
        if preview is not None:
            self.session.setVideoOutput(preview)
            preview.videoSink().videoFrameChanged.connect(self._on_frame)
        else:
            self.session.setVideoSink(self.sink)
        if self._frame_source is not None:
            self.session.setVideoFrameInput(self._frame_source)
            return
        devices = qtmm.QMediaDevices.videoInputs()
        wanted = camera_id or self._preferred
        chosen = next((d for d in devices if wanted not in ("", "auto") and wanted in d.description()), None)
        chosen = chosen or (devices[0] if devices else None)
        if chosen is None:
            raise CameraUnavailable(CameraProblem.NONE_FOUND)
        self._camera = qtmm.QCamera(chosen)
        self._camera.errorOccurred.connect(self._on_camera_error)
        self.session.setCamera(self._camera)
        self._still = qtmm.QImageCapture()
        self._still.imageCaptured.connect(self._on_still)
        self._still.errorOccurred.connect(lambda _id, _e, text: self._fail(CameraProblem.FAILED, text))
        self.session.setImageCapture(self._still)
        self._camera.start()

    def capture(
        self, on_page: Callable[[AcquiredPage], None], on_problem: Callable[[CameraProblem, str], None]
    ) -> None:
        if self._still is not None and self._still.isReadyForCapture():
            self._pending = (on_page, on_problem)
            self._still.capture()
            return
        frame = self.latest
        if frame is None or not frame.isValid():
            on_problem(CameraProblem.NOT_READY, "")
            return
        image = frame.toImage()
        if image.isNull():
            on_problem(CameraProblem.FAILED, "frame did not convert")
            return
        on_page(AcquiredPage(to_pillow(image), CAMERA_DPI, "camera", label="camera"))

    def close(self) -> None:
        if self._camera is not None:
            self._camera.stop()
        self.session.setCamera(None)
        self.session.setImageCapture(None)
        self._camera = self._still = None
        self.latest = None

    def _on_frame(self, frame: Any) -> None:
        self.latest = frame

    def _on_still(self, _request: int, image: QtGui.QImage) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending[0](AcquiredPage(to_pillow(image), CAMERA_DPI, "camera", label="camera"))

    def _on_camera_error(self, _error: Any, text: str) -> None:
        busy = "busy" in text.lower() or "in use" in text.lower()
        self._fail(CameraProblem.BUSY if busy else CameraProblem.FAILED, text)

    def _fail(self, problem: CameraProblem, text: str) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending[1](problem, text)
        self.problem = (problem, text)


class CameraUnavailable(Exception):
    def __init__(self, problem: CameraProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class CameraDialog(QtWidgets.QDialog):
    """Live preview; Space or Enter takes a page (the dialog stays open for the next one), Esc closes."""

    captured = Signal(object)  # AcquiredPage

    def __init__(self, camera: QtDocumentCamera, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraDialog")
        self.setWindowTitle(self.tr("高拍仪拍照"))
        self.resize(800, 640)
        _qtmm, widgets = _multimedia()
        self.camera = camera
        self.preview = widgets.QVideoWidget()
        self.preview.setMinimumSize(480, 360)
        self.status = QtWidgets.QLabel(self.tr("将材料平放在高拍仪下，按空格或回车拍照；Esc 结束。"))
        self.status.setObjectName("cameraStatus")
        self.status.setWordWrap(True)
        self.shoot = QtWidgets.QPushButton(self.tr("拍照 (空格)"))
        self.shoot.setObjectName("cameraShoot")
        self.shoot.setDefault(True)
        self.shoot.clicked.connect(self.take)
        self.count = 0
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.shoot)
        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_Space), self, self.take)
        try:
            camera.open(preview=self.preview)
        except CameraUnavailable as exc:
            self._problem(exc.problem, "")
            self.shoot.setEnabled(False)

    def take(self) -> None:
        if self.shoot.isEnabled():
            self.camera.capture(self._taken, self._problem)

    def _taken(self, page: AcquiredPage) -> None:
        self.count += 1
        self.status.setText(self.tr("已拍 {0} 页。继续拍下一页，或按 Esc 结束。").format(self.count))
        self.status.setStyleSheet("color: #1b7f3b;")
        self.captured.emit(page)

    def _problem(self, problem: CameraProblem, _detail: str) -> None:
        self.status.setText(material_messages.camera_problem(problem))
        self.status.setStyleSheet("color: #c0392b;")

    def done(self, result: int) -> None:
        self.camera.close()
        super().done(result)
