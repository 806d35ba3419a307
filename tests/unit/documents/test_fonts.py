"""The embedded font: found in the source tree, loaded once, and a clear failure when it is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.documents.fonts import FONT_FILE, FONT_NAME, default_font_path, register_font
from app.domain.errors import EnvironmentFailure, FailureKind


def test_default_path_holds_the_font_and_its_licence() -> None:
    fonts = default_font_path()
    assert (fonts / FONT_FILE).is_file()
    assert (fonts / "LICENSE-wqy-zenhei.txt").is_file()


def test_directory_and_file_register_once_under_one_name() -> None:
    fonts = default_font_path()
    assert register_font(fonts) == FONT_NAME
    assert register_font(fonts / FONT_FILE) == FONT_NAME


def test_another_copy_gets_its_own_name(tmp_path: Path) -> None:
    register_font(default_font_path())
    copy = tmp_path / FONT_FILE
    shutil.copyfile(default_font_path() / FONT_FILE, copy)
    name = register_font(tmp_path)
    assert name.startswith(f"{FONT_NAME}-")
    assert register_font(copy) == name


def test_missing_font_is_a_configuration_failure(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFailure) as caught:
        register_font(tmp_path)
    assert caught.value.kind is FailureKind.CONFIGURATION_INVALID
    assert FONT_FILE in caught.value.detail


def test_unreadable_font_is_a_configuration_failure(tmp_path: Path) -> None:
    (tmp_path / FONT_FILE).write_bytes(b"not a font" * 10)
    with pytest.raises(EnvironmentFailure):
        register_font(tmp_path)
