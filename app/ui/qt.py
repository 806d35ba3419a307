"""The one way into Qt: every Qt import in the project goes through this module."""

from __future__ import annotations

import importlib
from types import ModuleType

import shiboken6
from PySide6 import QtCore, QtGui, QtPrintSupport, QtWidgets

Signal = QtCore.Signal
Slot = QtCore.Slot

_LAZY = ("QtPdf", "QtPdfWidgets")  # PySide6-Addons; imported on first use, not at start-up


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY:
        return importlib.import_module(f"PySide6.{name}")
    raise AttributeError(name)


def alive(obj: QtCore.QObject) -> bool:
    """False once Qt has deleted the C++ object (a dialog closed with WA_DeleteOnClose)."""
    return bool(shiboken6.isValid(obj))


def multimedia() -> tuple[ModuleType, ModuleType]:
    """Qt Multimedia and its widgets (document cameras), imported on first use: start-up never pays.

    Loading it probes optional libraries (PipeWire for screen capture) and warns about each one that is
    missing; a document camera needs none of them, so that category is switched off first."""
    QtCore.QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false")
    from PySide6 import QtMultimedia, QtMultimediaWidgets

    return QtMultimedia, QtMultimediaWidgets


def pdf() -> ModuleType:
    """Qt PDF (rendering imported PDF pages that are not scans), imported on first use."""
    from PySide6 import QtPdf

    return QtPdf


# and, lazily, the modules named in _LAZY
__all__ = ["QtCore", "QtGui", "QtPrintSupport", "QtWidgets", "Signal", "Slot", "alive", "multimedia", "pdf"]
