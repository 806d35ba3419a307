"""The frozen app and the .deb, built once per session from this checkout, and a clean Debian 12 root.

Building takes about two minutes (PyInstaller, dpkg-deb); the Debian root comes from
`debootstrap --variant=minbase bookworm`, kept as a tarball in .cache/debootstrap so later runs only
unpack it. The measured numbers (highest GLIBC version, bundle size) appear in the terminal summary.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "debootstrap"
MIRROR = "http://deb.debian.org/debian"
REPORT: list[str] = []


@pytest.fixture(scope="session")
def frozen_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("frozen")
    subprocess.run(
        ["scripts/build-frozen.sh", str(out)], cwd=ROOT, check=True, capture_output=True, timeout=900
    )
    bundle = out / "yichuang-workstation"
    assert (bundle / "yichuang-workstation").is_file()
    return bundle


@pytest.fixture(scope="session")
def deb_file(frozen_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from installer.deb import build

    return build(frozen_bundle, tmp_path_factory.mktemp("dist"))


def debootstrap_tarball(suite: str) -> Path:
    """A minbase root of `suite` as a tarball, made once with debootstrap and kept under .cache."""
    tarball = CACHE / f"{suite}-minbase.tar"
    if tarball.exists():
        return tarball
    CACHE.mkdir(parents=True, exist_ok=True)
    work = CACHE / f"{suite}-root.tmp"
    if work.exists():
        shutil.rmtree(work)
    subprocess.run(
        ["debootstrap", "--variant=minbase", suite, str(work), MIRROR],
        check=True,
        capture_output=True,
        timeout=900,
    )
    partial = tarball.with_suffix(".tar.tmp")
    subprocess.run(["tar", "-C", str(work), "-cf", str(partial), "."], check=True, timeout=300)
    shutil.rmtree(work)
    partial.rename(tarball)
    return tarball


@pytest.fixture
def bookworm_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "bookworm"
    root.mkdir()
    subprocess.run(
        ["tar", "-C", str(root), "-xf", str(debootstrap_tarball("bookworm"))], check=True, timeout=300
    )
    yield root
    mounts = Path("/proc/self/mounts").read_text(encoding="utf-8")
    assert f" {root}/" not in mounts, "a mount is left inside the Debian root; not deleting it"
    shutil.rmtree(root)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REPORT:
        terminalreporter.section("package measurements")
        for line in REPORT:
            terminalreporter.write_line(line)
