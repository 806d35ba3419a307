"""The scanner driver for this platform and setting: SANE on Linux, TWAIN on Windows, none when off."""

from __future__ import annotations

import sys

from app.devices.scanning.source import Scanner


def build_scanner(setting: str) -> Scanner | None:
    """`setting` is [devices] scanner: "none", "auto" (the first scanner found) or a device name."""
    if setting == "none":
        return None
    if sys.platform == "win32":
        from app.devices.scanning.twain_scanner import TwainScanner

        return TwainScanner(setting)
    from app.devices.scanning.sane_process import SaneProcessScanner

    return SaneProcessScanner(setting)  # SANE in a worker process (see that module)
