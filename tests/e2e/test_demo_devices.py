"""The demo's simulated reader: 放置证件 by its shortcut fills the form; the device settings page saves
and switches the reader at once."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.devices.idcard import samples
from app.settings import Settings, load_settings
from app.ui.launcher import Launcher
from app.ui.qt import QtCore, QtWidgets
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e
Qt = QtCore.Qt


def test_place_card_shortcuts_in_the_demo(qtbot: QtBot, launcher: Launcher) -> None:
    window = log_in(qtbot, launcher)
    assert window.place_card_button is not None
    qtbot.waitUntil(lambda: "就绪" in window.reader_label.text(), timeout=10_000)
    form = window.acceptance.applicant
    qtbot.keyClick(
        window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(lambda: form.id_number.text() == samples.FOREIGNER_2023.id_number, timeout=10_000)
    assert form.name.text() == "约翰·样例"
    with qtbot.waitSignal(launcher.device_bridge.card_removed, timeout=10_000):
        qtbot.keyClick(
            window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
    actions = [a.text() for a in window.place_menu.actions() if a.text()]
    assert len(actions) == len(samples.SAMPLE_CARDS) + 1
    assert any("已过期" in a for a in actions)


def test_device_settings_page_saves_and_switches_the_reader(
    qtbot: QtBot, launcher: Launcher, demo_settings: Settings
) -> None:
    window = log_in(qtbot, launcher)
    qtbot.waitUntil(lambda: "就绪" in window.reader_label.text(), timeout=10_000)
    qtbot.keyClick(
        window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = window.findChild(QtWidgets.QDialog, "deviceSettings")
    assert dialog is not None
    assert dialog.isVisible()
    dialog.driver.setCurrentIndex(dialog.driver.findData("sdt"))
    dialog.accept()  # no library path: refused, with the reason on the page
    assert dialog.isVisible()
    assert "动态库" in dialog.problem.text()
    dialog.driver.setCurrentIndex(dialog.driver.findData("none"))
    dialog.accept()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: "未配置" in window.reader_label.text(), timeout=10_000)
    # Saved beside the data directory: the next start reads it.
    reloaded = load_settings(demo=True, environ={"YC_DATA_DIR": str(demo_settings.data_dir)})
    assert reloaded.devices.idcard_driver == "none"
    dialog.deleteLater()
