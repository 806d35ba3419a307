"""The one way into Qt: every Qt import in the project goes through this module."""

from __future__ import annotations

import importlib
from types import ModuleType

from PySide6 import QtCore, QtGui, QtPrintSupport, QtWidgets

Signal = QtCore.Signal
Slot = QtCore.Slot

_LAZY = ("QtPdf", "QtPdfWidgets")  # PySide6-Addons; imported on first use, not at start-up


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY:
        return importlib.import_module(f"PySide6.{name}")
    raise AttributeError(name)


__all__ = ["QtCore", "QtGui", "QtPrintSupport", "QtWidgets", "Signal", "Slot"]  # and, lazily, _LAZY
