"""What the frozen bundle holds and what it asks of the system (glibc, shared libraries), and the .deb's
metadata. The highest GLIBC version is reported in the terminal summary of the run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from installer.deb import PACKAGE, library_packages
from installer.elf import GLIBC_SONAMES, highest_glibc, needed_from_system
from tests.package.conftest import REPORT

pytestmark = [pytest.mark.package, pytest.mark.slow]


def host_glibc() -> tuple[int, ...]:
    name, version = os.confstr("CS_GNU_LIBC_VERSION").split()  # type: ignore[union-attr]
    assert name == "glibc"
    return tuple(int(part) for part in version.split("."))


def test_glibc_scan_reads_real_elf_files(tmp_path: Path) -> None:
    shutil.copy("/bin/ls", tmp_path / "ls")
    (tmp_path / "notes.txt").write_text("GLIBC_9.99 is not a symbol version", encoding="utf-8")
    report = highest_glibc(tmp_path)
    assert report.files == (tmp_path / "ls",)
    assert (2, 2) < report.version <= host_glibc()
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no ELF file"):
        highest_glibc(tmp_path / "empty")


def test_highest_glibc_of_the_bundle_is_the_packages_libc6_floor(frozen_bundle: Path, deb_file: Path) -> None:
    report = highest_glibc(frozen_bundle)
    qt = highest_glibc(frozen_bundle / "_internal" / "PySide6" / "Qt" / "lib")
    REPORT.append(
        f"bundle: highest {report.text} among {report.scanned} ELF files, needed by "
        + ", ".join(str(p.relative_to(frozen_bundle)) for p in report.files)
    )
    REPORT.append(
        f"bundle: PySide6's Qt libraries alone need {qt.text}; this build host has glibc "
        + ".".join(map(str, host_glibc()))
    )
    assert report.version <= host_glibc()  # the bundle runs where it was built
    assert qt.version <= report.version
    depends = subprocess.run(
        ["dpkg-deb", "-f", str(deb_file), "Depends"], check=True, capture_output=True, text=True
    ).stdout
    assert depends.startswith(f"libc6 (>= {'.'.join(map(str, report.version))}),")


def test_every_system_library_the_bundle_needs_is_a_dependency(frozen_bundle: Path, deb_file: Path) -> None:
    needed = needed_from_system(frozen_bundle)
    assert not set(needed) & GLIBC_SONAMES
    table = library_packages()
    depends = subprocess.run(
        ["dpkg-deb", "-f", str(deb_file), "Depends"], check=True, capture_output=True, text=True
    ).stdout
    declared = {part.split()[0] for part in depends.split(",")}
    assert {table[soname] for soname in needed} <= declared
    # The libraries the issue names, and pcscd for PC/SC readers.
    assert {
        "pcscd",
        "libpcsclite1",
        "libsane1",
        "libcups2",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
    } <= declared
    # Libraries that must match the system's are not copied into the bundle.
    internal = {p.name for p in (frozen_bundle / "_internal").rglob("*.so*")}
    assert (
        not {"libcups.so.2", "libsane.so.1", "libstdc++.so.6", "libX11.so.6", "libglib-2.0.so.0"} & internal
    )
    REPORT.append(f"bundle: {len(needed)} shared libraries from the system, {len(declared)} Depends")


def test_bundle_holds_qt_plugins_translations_resources_and_every_driver(frozen_bundle: Path) -> None:
    internal = frozen_bundle / "_internal"
    qt = internal / "PySide6" / "Qt"
    for path in (
        qt / "plugins/platforms/libqxcb.so",
        qt / "plugins/platforms/libqoffscreen.so",
        qt / "plugins/platforms/libqwayland.so",
        qt / "plugins/printsupport/libcupsprintersupport.so",
        qt / "plugins/imageformats/libqjpeg.so",
        qt / "plugins/multimedia/libffmpegmediaplugin.so",  # document cameras (UVC) through Qt Multimedia
        internal / "PySide6/QtMultimedia.abi3.so",
        internal / "PySide6/QtPdf.abi3.so",
        qt / "translations/qtbase_zh_CN.qm",
        internal / "resources/fonts/wqy-zenhei.ttc",
        internal / "resources/i18n/yichuang_en.qm",
        internal / "resources/catalogue/sample-catalogue.json",
        internal / "resources/icons/yichuang.png",
        internal / "resources/forms/330106-SCJG-001.json",
        internal / "resources/forms/code_lists/nation.json",
        internal / "resources/regions/gbt2260-2023.json",
        internal / "resources/notices/acceptance_notice.toml",
        internal / "app/store/migrations/env.py",
        internal / "app/store/migrations/versions/0001_initial_schema.py",
    ):
        assert path.is_file(), path
    assert not (qt / "plugins/platformthemes/libqgtk3.so").exists()
    assert not (qt / "plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so").exists()
    assert list(internal.glob("smartcard/scard/_scard*.so")), "pyscard's extension is missing"
    assert list(internal.glob("_sane*.so")), "python-sane's extension is missing"
    # noarchive: modules are .pyc files beside the libraries (a package is its __init__.pyc)
    for module in (
        "smartcard.scard",
        "sane",
        "serial.tools.list_ports",
        "keyrings.alt.file",
        "app.ui.launcher",
        "app.devices.printing.cups",
    ):
        path = internal / module.replace(".", "/")
        assert path.with_suffix(".pyc").is_file() or (path / "__init__.pyc").is_file(), module
    assert list(internal.glob("PySide6/QtPdf.*so")), "QtPdf (notice preview) is missing"
    for absent in ("refplatform", "fastapi", "pytest", "setuptools"):
        assert not (internal / absent).exists(), absent
    size = sum(p.stat().st_size for p in frozen_bundle.rglob("*") if p.is_file() and not p.is_symlink())
    REPORT.append(f"bundle: {size / 1e6:.0f} MB on disk")


def test_frozen_app_starts_and_checks_itself(frozen_bundle: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "YC_STARTUP_PROBE": "1",
        "YC_DATA_DIR": str(tmp_path / "data"),
    }
    seen = []
    with subprocess.Popen(
        [str(frozen_bundle / PACKAGE), "--demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as app:
        assert app.stdout is not None
        for line in app.stdout:  # a hang here ends in the test timeout
            seen.append(line.strip())
            if line.startswith("startup-probe: store"):
                break
        app.terminate()
    assert "startup-probe: store opened" in seen
    doctor = subprocess.run(
        [str(frozen_bundle / PACKAGE), "doctor", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert doctor.returncode == 0, doctor.stdout
    assert "[OK  ] audit trail" in doctor.stdout
    assert "[OK  ] camera support" in doctor.stdout  # Qt Multimedia is in the bundle and loads
