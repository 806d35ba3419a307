"""Look at the acceptance page with a case on it: `python -m tests.support.show_acceptance OUT.png [--agent]`.

Runs the demo app on a temp data directory (under Xvfb: DISPLAY must be set), logs in, places the sample
card, chooses 个体工商户设立登记 (and with --agent answers 委托代办), ticks the materials and saves a
screenshot of the main window. Not part of the app or the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from app.devices.idcard import samples
from app.domain.clock import CHINA_TZ, FixedClock
from app.settings import RESOURCES, load_settings
from app.ui.application import create_application
from app.ui.launcher import Launcher
from app.ui.qt import QtCore, QtWidgets


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--agent", action="store_true")
    parser.add_argument("--tab", default="acceptance")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp()) / "data"
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(data)})
    app = create_application(
        sys.argv[:1], fonts_dir=settings.fonts_dir, i18n_dir=RESOURCES / "i18n", language="zh_CN"
    )
    launcher = Launcher(settings, FixedClock(dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ)))
    steps: list = []

    def later(ms: int, body: object) -> None:
        steps.append((ms, body))

    def run_steps() -> None:
        total = 0
        for ms, body in steps:
            total += ms
            QtCore.QTimer.singleShot(total, body)

    def log_in() -> None:
        launcher.login.password_edit.setText("Demo@2026")
        launcher.login.login_requested.emit("demo", "Demo@2026")

    def window():
        return launcher.main_window

    later(4000, log_in)
    later(5000, lambda: window().place_card(samples.RESIDENT))
    later(1500, lambda: window().acceptance.applicant.phone.edit.setText("13912345678"))
    later(200, lambda: window().acceptance.picker.query.setText("gtgsh"))
    later(300, lambda: window().acceptance.picker.choose_current())  # noqa: PLW0108 - no window yet
    if args.agent:
        later(
            300,
            lambda: window().acceptance.checklist.findChild(QtWidgets.QCheckBox, "question_by_agent").click(),
        )
    later(300, lambda: window().acceptance.checklist.mark_all_received())  # noqa: PLW0108
    if args.tab == "delivery":
        later(300, lambda: window().show_delivery())
    later(800, lambda: window().grab().save(args.out))
    later(300, app.quit)
    launcher.start()
    run_steps()
    app.exec()
    launcher.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
