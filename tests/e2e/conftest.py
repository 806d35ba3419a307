"""The real application, started through its launcher on a temp data directory with a fixed clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.clock import CHINA_TZ, FixedClock
from app.settings import Settings, load_settings
from app.ui.launcher import Launcher
from app.ui.main_window import MainWindow

START = dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ)


@pytest.fixture
def demo_settings(tmp_path: Path) -> Settings:
    return load_settings(demo=True, environ={"YC_DATA_DIR": str(tmp_path / "data")})


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


def start_launcher(qtbot: QtBot, settings: Settings, clock: FixedClock) -> Launcher:
    launcher = Launcher(settings, clock)
    with qtbot.waitSignal(launcher.store_opened, timeout=20_000):
        launcher.start()
    return launcher


def log_in(qtbot: QtBot, launcher: Launcher, password: str = "Demo@2026") -> MainWindow:
    login = launcher.login
    assert login.password_edit.isEnabled()
    qtbot.keyClicks(login.password_edit, password)
    qtbot.keyClick(login.password_edit, "\r")
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=20_000)
    window = launcher.main_window
    assert window is not None
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)  # window shortcuts need the active window
    return window


@pytest.fixture
def launcher(qtbot: QtBot, demo_settings: Settings, clock: FixedClock) -> Iterator[Launcher]:
    app_launcher = start_launcher(qtbot, demo_settings, clock)
    yield app_launcher
    app_launcher.shutdown()


def fill_form(page: object) -> None:
    """Answer what the item form still lacks with the definition's examples (typing is not the point of
    the tests that call this; tests/unit/ui/test_form_view.py types every example through the keyboard)."""
    from app.forms.examples import example_values

    form = page.form  # type: ignore[attr-defined]
    assert form is not None
    have = form.values()
    example = example_values(form.definition, page._context())  # type: ignore[attr-defined]
    form.set_values({k: v for k, v in example.items() if k not in have})
