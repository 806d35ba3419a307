"""A clerk accepts a case end to end in the real main window (issue 2 acceptance)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.clock import FixedClock
from app.settings import Settings
from app.ui.launcher import Launcher
from app.ui.main_window import MainWindow
from app.ui.qt import QtCore, QtWidgets
from tests.e2e.conftest import fill_form, log_in
from tests.support.qt_input import type_text

Qt = QtCore.Qt
pytestmark = pytest.mark.e2e

NAME = "欧阳娜娜"
ID_NUMBER = "440304200002291236"
PHONE = "13912345678"


def accept_standard_case(qtbot: QtBot, window: MainWindow) -> tuple[str, int]:
    """Applicant typed in, item found by pinyin initials, materials ticked, 受理: (case number, notice id)."""
    page = window.acceptance
    form = page.applicant
    type_text(qtbot, form.name, NAME)
    type_text(qtbot, form.id_number.edit, ID_NUMBER)
    assert page.hint.text() == "请输入联系电话；请选择申请事项"  # one line of clauses, no 。；
    type_text(qtbot, form.phone.edit, PHONE)
    type_text(qtbot, form.address, "杭州市西湖区文三路1号")
    assert form.problems() == []

    type_text(qtbot, page.picker.query, "gtgsh")
    assert page.picker.results.currentItem().text().startswith("个体工商户设立登记")
    qtbot.keyClick(page.picker.query, Qt.Key.Key_Return)
    assert page.checklist.materials.count() >= 3
    assert not page.accept_button.isEnabled()  # nothing ticked yet

    qtbot.keyClick(page.checklist.materials, Qt.Key.Key_F7)
    assert page.checklist.missing() == []
    assert not page.accept_button.isEnabled()  # the form is not complete: it blocks acceptance
    assert "申请表" in page.hint.text()
    assert page.form.values()["operator_name"] == NAME  # prefilled from the applicant panel
    fill_form(page)
    assert page.accept_button.isEnabled(), page.hint.text()
    with qtbot.waitSignal(page.case_decided, timeout=30_000) as decided:
        qtbot.keyClick(page.checklist.materials, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    outcome = decided.args[0]
    assert outcome.notice_id is not None
    assert page.banner.isVisible()
    assert outcome.case.number in page.banner.text()
    return outcome.case.number, outcome.notice_id


def pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_clerk_accepts_a_case_and_the_notice_and_list_show_it(
    qtbot: QtBot, launcher: Launcher, demo_settings: Settings, tmp_path: Path
) -> None:
    window = log_in(qtbot, launcher)
    number, notice_id = accept_standard_case(qtbot, window)

    text = pdftotext(launcher.workspace.notices.pdf_bytes(notice_id), tmp_path)
    for expected in (number, NAME, "个体工商户设立登记"):
        assert expected in text

    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.tabs.currentWidget() is window.case_list
    model = window.case_model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == number
    assert model.data(model.index(0, 1)) == NAME
    assert ID_NUMBER not in str(model.data(model.index(0, 2)))  # masked in lists

    # The same data directory, opened by a new process, shows the case again.
    launcher.shutdown()
    script = Path(__file__).with_name("show_case_list.py")
    result = subprocess.run(
        [sys.executable, str(script), str(demo_settings.data_dir)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert number in result.stdout
    assert NAME in result.stdout


def test_personal_data_is_unreadable_anywhere_under_the_data_directory(
    qtbot: QtBot, launcher: Launcher, demo_settings: Settings, tmp_path: Path
) -> None:
    from app import logs
    from tests.support.pii import find_plaintext

    data_dir = demo_settings.data_dir
    logs.configure(data_dir / "logs", logging.DEBUG)
    try:
        window = log_in(qtbot, launcher)
        accept_standard_case(qtbot, window)
        window.show_case_list()
        logging.getLogger("test").info("accepted a case for the PII scan")
    finally:
        logs.reset()
    launcher.shutdown()

    files = sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file())
    assert "workstation.db" in files
    assert any(f.startswith("attachments/") for f in files)  # the encrypted notice
    assert (data_dir / "logs" / "workstation.log").stat().st_size > 0
    assert find_plaintext([data_dir], [NAME, ID_NUMBER, PHONE]) == []

    # The scan itself can fail: the same secrets in a plaintext file are found in every encoding.
    control = tmp_path / "control"
    control.mkdir()
    (control / "a.txt").write_bytes(NAME.encode("gbk") + ID_NUMBER.encode("utf-16-le") + PHONE.encode())
    hits = find_plaintext([control], [NAME, ID_NUMBER, PHONE])
    assert all(any(repr(secret) in hit for hit in hits) for secret in (NAME, ID_NUMBER, PHONE))


def test_wrong_key_refuses_to_start_says_why_and_leaves_the_database_untouched(
    qtbot: QtBot, demo_settings: Settings, clock: FixedClock
) -> None:
    import hashlib

    import keyring

    from app.store.datadir import DataDir
    from app.store.keystore import SERVICE
    from tests.e2e.conftest import start_launcher

    first = start_launcher(qtbot, demo_settings, clock)
    first.shutdown()
    data = DataDir(demo_settings.data_dir)
    keyring.set_password(SERVICE, f"master-key:{data.install_id()}", "11" * 32)

    def fingerprint() -> dict[str, str]:
        return {
            str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in data.root.rglob("*")
            if p.is_file() and "logs" not in p.parts
        }

    before = fingerprint()
    text = refused_start(qtbot, demo_settings, clock)
    assert "密钥" in text
    assert "不匹配" in text
    assert fingerprint() == before


def refused_start(qtbot: QtBot, settings: Settings, clock: FixedClock) -> str:
    """Start the app, expect the login window to refuse it; dismiss the refusal (exit code 3): its text."""
    app = Launcher(settings, clock)
    app.start()
    qtbot.waitUntil(
        lambda: app.login.findChild(QtWidgets.QMessageBox, "startupFailure") is not None, timeout=20_000
    )
    box = app.login.findChild(QtWidgets.QMessageBox, "startupFailure")
    text = box.text()
    assert not app.login.submit.isEnabled()
    with qtbot.waitSignal(app.finished, timeout=5_000) as finished:
        box.accept()
    assert finished.args == [3]
    app.shutdown()
    return str(text)


def test_a_second_app_on_the_same_data_directory_is_refused_and_the_first_works_on(
    qtbot: QtBot, launcher: Launcher, demo_settings: Settings, clock: FixedClock
) -> None:
    """The clerk starts the workstation twice (a double click too many): the second window says the app
    is already running and exits; the first keeps its store and accepts the next case."""
    window = log_in(qtbot, launcher)
    assert "已在本机运行" in refused_start(qtbot, demo_settings, clock)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)  # the clerk goes back to the first window
    number, _notice = accept_standard_case(qtbot, window)
    assert number
