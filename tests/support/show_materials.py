"""Look at the materials panel in the real app: `python -m tests.support.show_materials OUT.png`.

Runs the demo on a temp data directory with SANE's pnm backend as the scanner (a private SANE config),
types an applicant, picks 个体工商户设立登记, scans three pages into the second material with F8, and saves
a screenshot of the main window. Run under Xvfb (DISPLAY set) to see real fonts and window decorations.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from app.settings import load_settings
from app.ui.application import create_application
from app.ui.launcher import Launcher
from app.ui.qt import QtCore, QtWidgets
from tests.support.sane import document_page, use_config, write_config, write_pnm


def main() -> int:
    out = Path(sys.argv[1])
    work = Path(tempfile.mkdtemp(prefix="show-materials-"))
    use_config(write_config(work / "sane"))
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(work / "data")})
    settings = replace(settings, devices=replace(settings.devices, scanner="pnm:0"))
    app = create_application([], fonts_dir=settings.fonts_dir, i18n_dir=settings.fonts_dir, language="zh_CN")
    launcher = Launcher(settings)
    fed = work / "page.pnm"
    steps: list[int] = []

    def step() -> None:
        window = launcher.main_window
        if window is None:
            QtCore.QTimer.singleShot(200, step)
            return
        page = window.acceptance
        panel = page.checklist
        if not steps:
            page.applicant.name.setText("欧阳娜娜")
            page.applicant.id_number.edit.setText("440304200002291236")
            page.applicant.phone.edit.setText("13912345678")
            page.picker.query.setText("gtgsh")
            page.picker.item_chosen.emit(
                page.picker.results.currentItem().data(QtCore.Qt.ItemDataRole.UserRole)
            )
            panel.materials.setCurrentRow(1)
            launcher.capture.scanner.driver.extra_options["filename"] = str(fed)
        if len(steps) < 3:
            if panel.processing() or len(panel.pages(panel.current_material_id())) < len(steps):
                QtCore.QTimer.singleShot(200, step)
                return
            write_pnm(document_page(len(steps) + 1), fed)
            steps.append(1)
            panel.scan_current()
            QtCore.QTimer.singleShot(500, step)
            return
        if panel.processing() or len(panel.pages(panel.current_material_id())) < 3:
            QtCore.QTimer.singleShot(200, step)
            return
        panel.strip.setCurrentRow(1)
        panel.rotate(1)
        QtWidgets.QApplication.processEvents()
        window.grab().save(str(out))
        app.exit(0)

    def ready() -> None:
        launcher.login.password_edit.setText("Demo@2026")
        launcher.login.submit.click()
        QtCore.QTimer.singleShot(500, step)

    launcher.store_opened.connect(ready)
    launcher.start()
    code = app.exec()
    launcher.shutdown()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
