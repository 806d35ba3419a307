"""Card read: card placed -> applicant form filled in the real main window, against the raw transfer time.

python -m benchmarks.card_read [placements]   (last line: the ratio of medians)

The reader simulator sits on a pty and paces its answers like a 115200-baud 8N1 line; the app (offscreen,
demo data, the real GA/T 467 serial driver) polls it. The floor is measured in the same run: a bare pyserial
client sends the same three commands (find, select, read) through the same paced pty and reads the three
answers without parsing anything. The measured time includes the wait for the next poll (interval 100 ms),
so about half an interval on average is the price of polling; the request bytes are not paced by the pty.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BAUD = 115200


def raw_transfer(link: Path, runs: int) -> list[float]:
    """Seconds for find + select + read on the paced pty with pyserial and nothing else."""
    import serial

    from app.devices.idcard import commands as c
    from app.devices.idcard.frames import HEADER_LEN

    times = []
    with serial.Serial(str(link), BAUD, timeout=2) as port:
        for _ in range(runs):
            start = time.perf_counter()
            for command in (c.FIND_CARD, c.SELECT_CARD, c.READ_BASE):
                port.write(command.encode())
                head = port.read(HEADER_LEN)
                port.read(int.from_bytes(head[5:7], "big"))
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    placements = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    from app.devices.idcard import commands as c
    from app.devices.idcard import samples
    from app.devices.simulator import Ga467Simulator, PtyReaderSimulator
    from app.domain.clock import CHINA_TZ, FixedClock
    from app.settings import DeviceSettings, load_settings
    from app.ui.application import create_application
    from app.ui.launcher import Launcher
    from app.ui.qt import QtCore

    card = samples.RESIDENT
    line_bytes = (
        sum(len(x) for x in (c.FIND_CARD.encode(), c.SELECT_CARD.encode(), c.READ_BASE.encode()))
        + 15
        + 19
        + 1295
    )
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "share")
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
        simulator = PtyReaderSimulator(Ga467Simulator(), Path(tmp) / "ttyIDCARD", baudrate=BAUD).start()
        try:
            simulator.simulator.place(card)
            floor = raw_transfer(simulator.link, placements)
            simulator.simulator.remove()

            settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(Path(tmp) / "data")})
            settings = replace(
                settings,
                devices=DeviceSettings(
                    idcard_driver="ga467", idcard_port=str(simulator.link), idcard_baud=BAUD, pcsc=False
                ),
            )
            app = create_application(
                [], fonts_dir=settings.fonts_dir, i18n_dir=ROOT / "resources" / "i18n", language="zh_CN"
            )
            import datetime as dt

            launcher = Launcher(settings, FixedClock(dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ)))
            loop = QtCore.QEventLoop()

            def wait(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
                deadline = time.monotonic() + timeout
                while not condition():
                    if time.monotonic() > deadline:
                        raise TimeoutError("benchmark step timed out")
                    app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 5)

            launcher.store_opened.connect(loop.quit)
            launcher.start()
            loop.exec()
            launcher.login.password_edit.setText("Demo@2026")
            launcher.login.submit.click()
            wait(lambda: launcher.main_window is not None)
            window = launcher.main_window
            wait(lambda: "就绪" in window.reader_label.text())
            form = window.acceptance.applicant
            filled_at: list[float] = []
            launcher.device_bridge.card_placed.connect(lambda _p: filled_at.append(time.perf_counter()))
            removed: list[int] = []
            launcher.device_bridge.card_removed.connect(lambda: removed.append(1))
            measured = []
            rng = random.Random(467)
            for _ in range(placements):
                window.acceptance.new_case()
                # Place at a random phase of the 100 ms poll, as a clerk would (not locked to the poll).
                pause = time.monotonic() + rng.uniform(0.0, 0.1)
                wait(lambda: time.monotonic() >= pause)  # noqa: B023
                filled_at.clear()
                start = time.perf_counter()
                simulator.simulator.place(card)
                wait(lambda: form.id_number.text() == card.id_number and filled_at)
                # The bridge's slots run in connection order: the form was filled before our slot ran.
                measured.append(time.perf_counter() - start)
                removed.clear()
                simulator.simulator.remove()
                wait(lambda: removed)
            launcher.shutdown()
        finally:
            simulator.stop()

    theory = line_bytes * 10 / BAUD
    med, med_floor = statistics.median(measured), statistics.median(floor)
    p90 = statistics.quantiles(measured, n=10)[-1]
    print(f"line bytes per read: {line_bytes} (theoretical {theory * 1000:.1f} ms at {BAUD} baud)")
    print(f"raw transfer of the same frames: median {med_floor * 1000:.1f} ms over {len(floor)} runs")
    print(
        f"card placed -> form filled:      median {med * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms over {len(measured)} placements"
    )
    print(f"ratio (median, form filled / raw transfer): {med / med_floor:.2f}")


if __name__ == "__main__":
    main()
