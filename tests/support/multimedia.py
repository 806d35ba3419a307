"""The Qt Multimedia import as it fails on a machine without libpulse0 (seen on a fresh Debian 12).

It cannot be made to fail for real while the library is installed, so tests put this in its place."""

from __future__ import annotations

from typing import NoReturn


def multimedia_without_libpulse() -> NoReturn:
    raise ImportError("libpulse.so.0: cannot open shared object file: No such file or directory")
