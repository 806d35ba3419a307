"""The document camera path with Qt Multimedia's capture session.

No camera exists on these machines (QMediaDevices.videoInputs() is empty), so a QVideoFrameInput (Qt 6.8+)
stands in for the camera as the session's frame source: generated frames reach the session's video sink
exactly as a UVC camera's would, and the capture takes the newest one into memory. QImageCapture (stills
at full sensor resolution) reports itself unavailable without a camera and cannot be exercised here; the
code falls back to the preview frame, which is what this test covers. Works under the offscreen platform.
"""

from __future__ import annotations

import pytest
from PIL import ImageStat
from pytestqt.qtbot import QtBot

from app.devices.scanning.camera import CameraProblem
from app.devices.scanning.source import AcquiredPage
from app.ui import camera as camera_module
from app.ui import material_messages
from app.ui.camera import CameraDialog, CameraUnavailable, QtDocumentCamera
from app.ui.qt import QtGui, QtWidgets, multimedia
from tests.support.multimedia import multimedia_without_libpulse

# Qt Multimedia announces the optional libraries it did not find (VA-API, PipeWire) and the CPU conversion.
pytestmark = pytest.mark.qt_log_ignore("symbolsresolver", "Couldn't", "RHI", "FFmpeg", "ffmpeg")


def frame(colour: QtGui.QColor) -> object:
    qtmm, _ = multimedia()
    image = QtGui.QImage(640, 480, QtGui.QImage.Format.Format_RGB32)
    image.fill(colour)
    return qtmm.QVideoFrame(image)


def test_a_synthetic_frame_is_captured_into_memory_as_a_page(qtbot: QtBot) -> None:
    qtmm, _ = multimedia()
    assert qtmm.QMediaDevices.videoInputs() == []  # the limitation the docstring states
    source = qtmm.QVideoFrameInput()
    camera = QtDocumentCamera(frame_source=source)
    camera.open()
    problems: list[CameraProblem] = []
    pages: list[AcquiredPage] = []
    camera.capture(pages.append, lambda p, _d: problems.append(p))
    assert problems == [CameraProblem.NOT_READY]  # no frame yet

    assert source.sendVideoFrame(frame(QtGui.QColor(200, 30, 30)))
    qtbot.waitUntil(lambda: camera.latest is not None and camera.latest.isValid(), timeout=5000)
    assert source.sendVideoFrame(frame(QtGui.QColor(20, 90, 220)))
    qtbot.waitUntil(lambda: camera.latest.toImage().pixelColor(1, 1).blue() > 200, timeout=5000)
    camera.capture(pages.append, lambda p, _d: problems.append(p))
    assert len(pages) == 1
    page = pages[0]
    assert page.origin == "camera"
    assert page.image.size == (640, 480)
    red, _green, blue = ImageStat.Stat(page.image).mean
    assert blue > 200
    assert red < 40
    camera.close()


def test_the_camera_dialog_shows_the_preview_and_takes_pages_with_space(qtbot: QtBot) -> None:
    qtmm, _ = multimedia()
    source = qtmm.QVideoFrameInput()
    dialog = CameraDialog(QtDocumentCamera(frame_source=source))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)  # Space is a window shortcut
    taken: list[AcquiredPage] = []
    dialog.captured.connect(taken.append)
    assert source.sendVideoFrame(frame(QtGui.QColor(250, 250, 250)))
    qtbot.waitUntil(lambda: dialog.camera.latest is not None, timeout=5000)
    qtbot.keyClick(dialog, " ")
    qtbot.keyClick(dialog, " ")
    assert len(taken) == 2
    assert "2" in dialog.status.text()
    dialog.reject()


def test_without_a_camera_the_dialog_says_what_to_do(qtbot: QtBot) -> None:
    dialog = CameraDialog(QtDocumentCamera())
    qtbot.addWidget(dialog)
    assert not dialog.shoot.isEnabled()
    assert "高拍仪" in dialog.status.text()
    dialog.reject()
    assert isinstance(dialog, QtWidgets.QDialog)


def test_a_machine_without_camera_libraries_gets_a_reason_not_a_crash(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt Multimedia links against libpulse.so.0, which a Debian machine without libpulse0 lacks (seen on a
    fresh machine). The import cannot be made to fail for real while the library is installed, so the
    import function is replaced by one raising the ImportError that machine raised."""

    monkeypatch.setattr(camera_module, "multimedia", multimedia_without_libpulse)
    with pytest.raises(CameraUnavailable) as raised:
        QtDocumentCamera()
    assert raised.value.problem is CameraProblem.NOT_INSTALLED
    assert "信息技术人员" in material_messages.camera_problem(raised.value.problem)
