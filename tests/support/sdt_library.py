"""Compiling tests/support/c/sdtsim.c, the stand-in for a vendor SDT_* library, with gcc."""

from __future__ import annotations

import subprocess
from pathlib import Path

SOURCE = Path(__file__).with_name("c") / "sdtsim.c"


def compile_sdt_library(directory: Path) -> Path:
    target = directory / "libsdtsim.so"
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-o", str(target), str(SOURCE)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return target
