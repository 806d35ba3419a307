"""Every user-facing string goes through Qt's translation and has an English translation beside it."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.application import install_translator
from app.ui.login import LoginWindow
from app.ui.qt import QtCore, QtWidgets

ROOT = Path(__file__).resolve().parents[3]
I18N = ROOT / "resources" / "i18n"
BIN = Path(shutil.which("pyside6-lupdate") or ROOT / ".venv" / "bin" / "pyside6-lupdate").parent


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name") or "", m.findtext("source") or ""): m.find("translation")
        for ctx in root.iter("context")
        for m in ctx.iter("message")
    }


def test_the_committed_ts_holds_every_string_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(I18N / "yichuang_en.ts", fresh)
    sources = subprocess.run(
        ["git", "ls-files", "app/ui/*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources.stdout.split(),
            "-ts",
            str(fresh),
            "-no-obsolete",
            "-locations",
            "none",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert set(messages(fresh)) == set(messages(I18N / "yichuang_en.ts")), "run scripts/i18n.sh and translate"


def test_every_string_has_a_finished_english_translation() -> None:
    for (context, source), translation in messages(I18N / "yichuang_en.ts").items():
        assert translation is not None
        assert translation.get("type") is None, f"{context}: {source!r} is unfinished"
        text = translation.text or ""
        assert text.strip(), f"{context}: {source!r} has no translation"
        assert re.search(r"[\u4e00-\u9fff]", text) is None, f"{context}: {text!r} is not English"
        assert sorted(re.findall(r"\{\d\}", text)) == sorted(re.findall(r"\{\d\}", source)), (context, source)
        assert ("&" in text) == ("&" in source.replace("&amp;", "&")), f"mnemonic lost in {text!r}"


def test_the_compiled_qm_matches_the_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "en.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), "-silent", str(I18N / "yichuang_en.ts"), "-qm", str(compiled)],
        check=True,
    )
    assert compiled.read_bytes() == (I18N / "yichuang_en.qm").read_bytes(), "run scripts/i18n.sh"


@pytest.fixture
def english(qapp: QtWidgets.QApplication) -> None:
    install_translator(qapp, I18N, "en")
    yield
    for translator in qapp.findChildren(QtCore.QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()


def test_english_login_window(qtbot: QtBot, english: None) -> None:
    window = LoginWindow("Hall", "Window 3", ("demo", "pw"))
    qtbot.addWidget(window)
    assert window.windowTitle() == "Window Acceptance Workstation — Login"
    assert window.submit.text() == "Log in (Enter)"
