"""Cold start of the frozen app (PyInstaller onedir) against the unfrozen app, in the same run.

python -m benchmarks.frozen_cold_start [runs] [BUNDLE_DIR]   (last line: the ratio; target <= 1.3)
BUNDLE_DIR defaults to build/frozen/yichuang-workstation, built with scripts/build-frozen.sh when missing.
Both start in demo mode and are timed from process start to the login window's first paint (the probe of
benchmarks/cold_start.py), interleaved so that drift in machine speed hits both alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cold_start import ROOT, time_to_marker

DEFAULT_BUNDLE = ROOT / "build" / "frozen" / "yichuang-workstation"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    bundle = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_BUNDLE
    if not (bundle / "yichuang-workstation").exists():
        subprocess.run([str(ROOT / "scripts" / "build-frozen.sh"), str(bundle.parent)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "YC_STARTUP_PROBE": "1",
            "YC_DATA_DIR": str(Path(tmp) / "data"),
            "XDG_DATA_HOME": str(Path(tmp) / "share"),
        }
        unfrozen = [sys.executable, "main.py", "--demo"]
        frozen = [str(bundle / "yichuang-workstation"), "--demo"]
        time_to_marker(unfrozen, env)  # creates the demo data directory; not measured
        time_to_marker(frozen, env)  # first read of the bundle from disk; not measured
        time.sleep(2)
        source, bundled = [], []
        for _ in range(runs):
            source.append(time_to_marker(unfrozen, env))
            bundled.append(time_to_marker(frozen, env))
    print(
        f"unfrozen (python main.py): median {statistics.median(source) * 1e3:.0f} ms (min {min(source) * 1e3:.0f})"
    )
    print(
        f"frozen (PyInstaller):      median {statistics.median(bundled) * 1e3:.0f} ms (min {min(bundled) * 1e3:.0f})"
    )
    print(
        f"frozen cold start ratio (frozen / unfrozen, medians) = {statistics.median(bundled) / statistics.median(source):.2f} (target <= 1.3)"
    )


if __name__ == "__main__":
    main()
