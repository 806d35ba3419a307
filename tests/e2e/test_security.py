"""Sessions in the real window: idle locks the screen with nothing personal left on it, five wrong
passwords lock the account out, logout hands the desk to the next clerk; each step is audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.devices.idcard import samples
from app.domain.clock import FixedClock
from app.settings import Settings
from app.store.models import AuditEntry
from app.ui.launcher import Launcher
from app.ui.main_window import MainWindow
from app.ui.qt import QtCore, QtGui, QtWidgets
from tests.e2e.conftest import log_in
from tests.e2e.test_accept_case import ID_NUMBER, NAME, PHONE, accept_standard_case
from tests.support import pii
from tests.support.qt_input import type_text

pytestmark = pytest.mark.e2e
Qt = QtCore.Qt
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# The applicant typed but not yet accepted when the screen locks.
TYPED_NAME, TYPED_ID, TYPED_PHONE = pii.register("诸葛明月", "330106199001010037", "13957100123")
SECRETS = (NAME, ID_NUMBER, PHONE, TYPED_NAME, TYPED_ID, TYPED_PHONE)


@pytest.fixture
def launcher(qtbot: QtBot, demo_settings: Settings, clock: FixedClock) -> Iterator[Launcher]:
    """The app with an idle time of an hour: a test shortens it when it wants the lock."""
    app_launcher = Launcher(demo_settings, clock, idle_after=dt.timedelta(hours=1))
    with qtbot.waitSignal(app_launcher.store_opened, timeout=20_000):
        app_launcher.start()
    yield app_launcher
    app_launcher.shutdown()


def visible_texts() -> list[str]:
    """Every text a person could read on screen now: labels, fields, buttons, list cells, titles."""
    texts: list[str] = []
    for top in QtWidgets.QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in [top, *top.findChildren(QtWidgets.QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, QtWidgets.QLabel | QtWidgets.QLineEdit | QtWidgets.QAbstractButton):
                texts.append(widget.text())
            elif isinstance(widget, QtWidgets.QTextEdit | QtWidgets.QPlainTextEdit):
                texts.append(widget.toPlainText())
            elif isinstance(widget, QtWidgets.QComboBox):
                texts.append(widget.currentText())
            elif isinstance(widget, QtWidgets.QAbstractItemView) and widget.model() is not None:
                model, root = widget.model(), QtCore.QModelIndex()
                # A list model's columnCount is private in Qt: one column.
                columns = 1 if isinstance(model, QtCore.QAbstractListModel) else model.columnCount(root)
                texts.extend(
                    str(model.data(model.index(row, column)))
                    for row in range(model.rowCount(root))
                    for column in range(columns)
                )
    return texts


def trail(launcher: Launcher) -> list[tuple[str, str, dict[str, object]]]:
    launcher.workspace.store.writer.run(lambda _s: None)  # let submitted rows land first
    with launcher.workspace.store.database.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(r.actor, r.action, dict(r.detail)) for r in rows]


def lock_by_idling(qtbot: QtBot, launcher: Launcher, window: MainWindow) -> None:
    assert launcher.idle is not None
    with qtbot.waitSignal(window.lock_changed, timeout=10_000) as changed:
        launcher.idle.set_interval(50)
    assert changed.args == [True]


def unlock(qtbot: QtBot, window: MainWindow, password: str) -> None:
    screen = window.lock_screen
    type_text(qtbot, screen.password, password)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(screen.password.isEnabled, timeout=20_000)


def test_idle_locks_the_screen_without_personal_data_and_the_clerk_unlocks(
    qtbot: QtBot, launcher: Launcher
) -> None:
    window = log_in(qtbot, launcher)
    accept_standard_case(qtbot, window)
    window.show_case_list()
    qtbot.waitUntil(lambda: window.case_model.rowCount() == 1, timeout=10_000)
    detail = window.open_case(window.case_model.case_id(0))
    assert detail is not None
    qtbot.waitUntil(detail.isVisible, timeout=5_000)
    window.show_acceptance()
    window.acceptance.new_case()
    form = window.acceptance.applicant
    type_text(qtbot, form.name, TYPED_NAME)
    type_text(qtbot, form.id_number.edit, TYPED_ID)
    type_text(qtbot, form.phone.edit, TYPED_PHONE)
    window.activateWindow()
    shown = "\n".join(visible_texts())
    assert TYPED_NAME in shown  # the check below can fail: the data is on screen before the lock
    assert NAME in shown  # the case details

    lock_by_idling(qtbot, launcher, window)
    assert window.locked
    assert window.lock_screen.isVisible()
    assert not window.tabs.isVisible()
    assert not detail.isVisible()
    assert not window.menuBar().isVisible()
    shown = "\n".join(visible_texts())
    for secret in SECRETS:
        assert secret not in shown
    assert "屏幕已锁定" in shown
    # The window's own shortcuts and actions are off while locked.
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.locked
    assert not window.tabs.isVisible()
    enabled = [
        a.text()
        for a in window.findChildren(QtGui.QAction)
        if a.isEnabled() and a.text() and not window.lock_screen.isAncestorOf(a.parent())
    ]
    assert enabled == []

    unlock(qtbot, window, "Leader@2026")  # another clerk's password does not open it
    assert window.locked
    assert "密码不正确" in window.lock_screen.status.text()
    unlock(qtbot, window, "Demo@2026")
    assert not window.locked
    assert window.tabs.isVisible()
    assert detail.isVisible()
    assert form.name.text() == TYPED_NAME  # the half-typed case is still there
    actions = [(actor, action) for actor, action, _ in trail(launcher)]
    assert ("demo", "case.viewed") in actions
    locked_at = actions.index(("demo", "session.locked"))
    assert actions[locked_at:] == [
        ("demo", "session.locked"),
        ("demo", "login.failed"),
        ("demo", "session.unlocked"),
    ]
    detail.close()


def test_five_wrong_passwords_lock_the_account_out_at_the_login_window(
    qtbot: QtBot, launcher: Launcher
) -> None:
    login = launcher.login
    for attempt in range(5):
        qtbot.keyClicks(login.password_edit, f"wrong-{attempt}")
        qtbot.keyClick(login.password_edit, "\r")
        qtbot.waitUntil(login.password_edit.isEnabled, timeout=20_000)
    assert "账号已锁定至" in login.status.text()
    qtbot.keyClicks(login.password_edit, "Demo@2026")
    qtbot.keyClick(login.password_edit, "\r")
    qtbot.waitUntil(login.password_edit.isEnabled, timeout=20_000)
    assert launcher.main_window is None  # the right password is refused while locked out
    assert "账号已锁定至" in login.status.text()
    actions = [action for _, action, _ in trail(launcher)]
    assert actions.count("login.failed") == 5
    assert "login.locked_out" in actions
    assert "login.succeeded" not in actions


def test_five_wrong_passwords_on_the_locked_screen_lock_out_and_logout_hands_over(
    qtbot: QtBot, launcher: Launcher
) -> None:
    window = log_in(qtbot, launcher)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)  # lock by hand
    assert window.locked
    for attempt in range(5):
        unlock(qtbot, window, f"wrong-{attempt}")
    assert "锁定至" in window.lock_screen.status.text()
    unlock(qtbot, window, "Demo@2026")
    assert window.locked  # locked out: even the right password does not open it now

    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # 注销
    qtbot.waitUntil(lambda: launcher.main_window is None, timeout=10_000)
    assert launcher.login.isVisible()
    assert "已注销" in launcher.login.status.text()
    launcher.login.login_edit.setText("leader")
    second = log_in(qtbot, launcher, password="Leader@2026")
    assert "演示科长" in "\n".join(visible_texts())
    assert launcher.main_window is second
    actions = [(actor, action) for actor, action, _ in trail(launcher)]
    assert ("demo", "session.locked") in actions
    assert ("demo", "login.locked_out") in actions
    assert ("demo", "session.logged_out") in actions
    assert ("leader", "login.succeeded") in actions


def test_card_reads_settings_changes_and_support_bundles_are_audited(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path
) -> None:
    window = log_in(qtbot, launcher)
    qtbot.waitUntil(lambda: "就绪" in window.reader_label.text(), timeout=10_000)
    assert launcher.device_bridge is not None
    with qtbot.waitSignal(launcher.device_bridge.card_placed, timeout=10_000):
        window.place_card(samples.RESIDENT)
    qtbot.waitUntil(lambda: window.acceptance.applicant.name.text() == samples.RESIDENT.name, timeout=10_000)
    devices = launcher.settings.devices
    launcher._save_devices(dataclasses.replace(devices, printer="TestPDF", idcard_driver="none"))
    bundle = launcher._support_bundle(tmp_path / "support.zip")
    assert isinstance(bundle, Path)
    with zipfile.ZipFile(bundle) as archive:
        data = b"".join(archive.read(name) for name in archive.namelist())
        assert "queue.txt" in archive.namelist()
    for secret in (samples.RESIDENT.name, samples.RESIDENT.id_number):
        assert secret.encode() not in data

    rows = trail(launcher)
    assert ("demo", "card.read", {"card_type": "resident"}) in rows
    assert ("demo", "settings.changed", {"section": "devices", "keys": ["printer", "idcard_driver"]}) in rows
    assert ("demo", "support.bundle_created", {}) in rows


def test_a_weak_new_password_is_refused_with_the_reason(qtbot: QtBot, launcher: Launcher) -> None:
    window = log_in(qtbot, launcher)
    window.findChild(QtGui.QAction, "changePasswordAction").trigger()
    dialog = window.findChild(QtWidgets.QDialog, "passwordDialog")
    assert dialog is not None
    assert "至少8位" in dialog.status.text()
    for edit, text in ((dialog.old, "Demo@2026"), (dialog.new, "password"), (dialog.again, "password")):
        type_text(qtbot, edit, text)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(dialog.buttons.isEnabled, timeout=20_000)
    assert "至少三类" in dialog.status.text()
    assert dialog.isVisible()
    dialog.new.setText("Counter#2027x")
    dialog.again.setText("Counter#2027x")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.buttons.accepted.emit()
    assert ("demo", "clerk.password_changed", {}) in trail(launcher)
    dialog.deleteLater()
