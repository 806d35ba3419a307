"""Run as a separate process: start the app on a data directory, log in, print the case list rows."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.settings import load_settings
from app.ui.application import create_application
from app.ui.launcher import Launcher
from app.ui.qt import QtCore


def main() -> int:
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": sys.argv[1]})
    app = create_application([], fonts_dir=settings.fonts_dir, i18n_dir=settings.fonts_dir, language="zh_CN")
    launcher = Launcher(settings)

    def logged_in() -> None:
        window = launcher.main_window
        assert window is not None
        window.show_case_list()
        model = window.case_model
        for row in range(model.rowCount()):
            print(" | ".join(str(model.data(model.index(row, c))) for c in range(model.columnCount())))
        app.exit(0)

    def ready() -> None:
        launcher.login.password_edit.setText("Demo@2026")
        launcher.login.submit.click()
        poll = QtCore.QTimer(app, interval=50)
        poll.timeout.connect(lambda: (poll.stop(), logged_in()) if launcher.main_window is not None else None)
        poll.start()

    launcher.store_opened.connect(ready)
    launcher.finished.connect(app.exit)
    QtCore.QTimer.singleShot(60_000, lambda: app.exit(9))
    launcher.start()
    code = app.exec()
    launcher.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
