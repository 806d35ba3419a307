"""The Windows installer script, checked as far as a Linux machine can: makensis (apt `nsis`) compiles
it with warnings as errors against a stand-in payload (the real one needs PyInstaller on Windows, see
.github/workflows/windows-installer.yml). Nothing here runs the installer."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "windows" / "yichuang.nsi"


def makensis(*defines: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["makensis", "-V2", "-WX", *defines, SCRIPT.name],
        cwd=SCRIPT.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_nsis_script_compiles_with_warnings_as_errors(tmp_path: Path) -> None:
    payload = tmp_path / "yichuang-workstation"
    (payload / "_internal").mkdir(parents=True)
    for name in ("yichuang-workstation.exe", "yichuang-cli.exe", "_internal/stand-in.txt"):
        (payload / name).write_bytes(b"stand-in for the PyInstaller build")
    out = tmp_path / "yichuang-workstation-0.1.0-setup.exe"
    result = makensis("-DVERSION=0.1.0", f"-DSOURCE_DIR={payload}", f"-DOUT_FILE={out}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


def test_nsis_script_refuses_to_build_without_a_payload() -> None:
    result = makensis("-DVERSION=0.1.0")
    assert result.returncode != 0
    assert "pass /DSOURCE_DIR" in result.stdout + result.stderr


def test_workflow_builds_the_spec_and_the_script_on_windows() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/windows-installer.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["installer"]
    assert job["runs-on"].startswith("windows")
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    assert "installer\\yichuang.spec" in commands
    assert "installer\\windows\\yichuang.nsi" in commands
    assert "/SITECONFIG=" in commands
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in job["steps"])
