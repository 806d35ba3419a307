"""A clerk accepts a case end to end in the real main window (issue 2 acceptance)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.settings import Settings
from app.ui.launcher import Launcher
from app.ui.main_window import MainWindow
from app.ui.qt import QtCore
from tests.e2e.conftest import log_in
from tests.support.qt_input import type_text

Qt = QtCore.Qt
pytestmark = pytest.mark.e2e

NAME = "欧阳娜娜"
ID_NUMBER = "440304200002291236"
PHONE = "13912345678"


def accept_standard_case(qtbot: QtBot, window: MainWindow) -> str:
    """Applicant typed in, item found by pinyin initials, materials ticked, 受理: returns the case number."""
    page = window.acceptance
    form = page.applicant
    type_text(qtbot, form.name, NAME)
    type_text(qtbot, form.id_number.edit, ID_NUMBER)
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
    assert page.accept_button.isEnabled()
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
