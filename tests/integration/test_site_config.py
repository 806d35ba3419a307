"""A broken site configuration as IT staff meet it: the app and doctor as processes, exit codes, messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, site_body: str, *args: str) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "site.toml"
    site.write_text(site_body, encoding="utf-8")
    env = {
        **os.environ,
        "YC_DATA_DIR": str(tmp_path / "data"),
        "YC_SITE_CONFIG": str(site),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("args", [(), ("doctor",)], ids=["gui", "doctor"])
def test_broken_essential_setting_stops_with_file_key_and_reason(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run(tmp_path, '[platform]\nurl = "http://platform.example.gov.cn"\n', *args)
    assert result.returncode == 2
    message = result.stdout + result.stderr
    assert f"{tmp_path / 'site.toml'}: platform.url: must use https://" in message
    assert not (tmp_path / "data").exists()  # nothing was created


def test_unknown_key_stops_the_gui(tmp_path: Path) -> None:
    result = run(tmp_path, '[hall]\nregion = "330106"\n')
    assert result.returncode == 2
    assert (
        "hall.region: unknown key (known in [hall]: name, address, phone, region_code, code)" in result.stderr
    )


def test_doctor_shows_ignored_settings_as_warnings(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        '[terminal]\ncode = "XH07"\n[platform]\nurl = "https://zwfw.example.gov.cn/api"\n[ui]\nlanguage = "fr"\n',
        "doctor",
    )
    assert result.returncode == 0, result.stdout
    assert f"[OK  ] settings          {tmp_path / 'site.toml'}; terminal XH07" in result.stdout
    assert f"[WARN] settings          {tmp_path / 'site.toml'}: ui.language: must be one of" in result.stdout
    assert (
        "[OK  ] platform          https://zwfw.example.gov.cn/api (trusting the system's CA" in result.stdout
    )


def test_doctor_warns_without_a_site_configuration(tmp_path: Path) -> None:
    env = {**os.environ, "YC_DATA_DIR": str(tmp_path / "data"), "YC_SITE_CONFIG": str(tmp_path / "none.toml")}
    result = subprocess.run(
        [sys.executable, "main.py", "doctor"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert f"no site configuration at {tmp_path / 'none.toml'}" in result.stdout
    assert "[WARN] platform" in result.stdout
