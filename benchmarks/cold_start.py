"""Cold start: process start -> login window painted, against a bare PySide6 window in the same run.

python -m benchmarks.cold_start [runs]   (last line: the ratio; target <= 2.0)
Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise (e.g. xcb under Xvfb).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "startup-probe"

BARE_WINDOW = f"""
from PySide6 import QtCore, QtWidgets
class Probe(QtCore.QObject):
    def eventFilter(self, watched, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            print("{MARKER}: bare window painted", flush=True)
        return False
app = QtWidgets.QApplication([])
window = QtWidgets.QWidget()
window.installEventFilter(Probe(window))
window.resize(420, 300)
window.show()
app.exec()
"""


def time_to_marker(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(MARKER):
                return time.perf_counter() - start
        raise RuntimeError(f"{argv} ended without painting a window")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "YC_STARTUP_PROBE": "1",
            "YC_DATA_DIR": str(Path(tmp) / "data"),
            "XDG_DATA_HOME": str(Path(tmp) / "share"),
        }
        app = [sys.executable, "main.py", "--demo"]
        bare = [sys.executable, "-c", BARE_WINDOW]
        time_to_marker(app, env)  # first run creates the demo data directory; not measured
        time.sleep(2)
        ours, floor = [], []
        for _ in range(runs):  # interleaved, so drift in machine speed hits both alike
            floor.append(time_to_marker(bare, env))
            ours.append(time_to_marker(app, env))
    print(f"bare PySide6 window: median {statistics.median(floor) * 1e3:.0f} ms (min {min(floor) * 1e3:.0f})")
    print(f"login window:        median {statistics.median(ours) * 1e3:.0f} ms (min {min(ours) * 1e3:.0f})")
    print(
        f"cold start ratio (login window / bare window, medians) = {statistics.median(ours) / statistics.median(floor):.2f} (target <= 2.0)"
    )


if __name__ == "__main__":
    main()
