"""The QApplication: identity, the bundled CJK font, and the translator for the chosen language."""

from __future__ import annotations

import logging
from pathlib import Path

from app.ui.qt import QtCore, QtGui, QtWidgets

log = logging.getLogger(__name__)

UI_FONT_FILE = "wqy-zenhei.ttc"


def create_application(
    argv: list[str], *, fonts_dir: Path, i18n_dir: Path, language: str
) -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(argv)
    assert isinstance(app, QtWidgets.QApplication)
    app.setOrganizationName("yichuang")
    app.setApplicationName("yichuang-workstation")
    app.setApplicationDisplayName(QtCore.QCoreApplication.translate("Application", "一窗受理工作站"))
    install_font(app, fonts_dir)
    install_translator(app, i18n_dir, language)
    return app


def install_font(app: QtWidgets.QApplication, fonts_dir: Path) -> None:
    """Use the bundled font, so Chinese renders the same on machines without CJK fonts installed."""
    font_id = QtGui.QFontDatabase.addApplicationFont(str(fonts_dir / UI_FONT_FILE))
    if font_id < 0:
        log.warning("bundled UI font missing in %s; using the system font", fonts_dir)
        return
    families = QtGui.QFontDatabase.applicationFontFamilies(font_id)
    font = QtGui.QFont(families[0])
    font.setPointSize(11)
    app.setFont(font)


def install_translator(app: QtWidgets.QApplication, i18n_dir: Path, language: str) -> None:
    """Chinese is the source language; other languages load a compiled .qm beside the .ts."""
    if language == "zh_CN":
        return
    translator = QtCore.QTranslator(app)
    if translator.load(str(i18n_dir / f"yichuang_{language}.qm")):
        app.installTranslator(translator)
    else:
        log.warning("no translation for %s in %s", language, i18n_dir)
