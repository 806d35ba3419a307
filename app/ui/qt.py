"""The one way into Qt: every Qt import in the project goes through this module."""

from PySide6 import QtCore, QtGui, QtPrintSupport, QtWidgets

Signal = QtCore.Signal
Slot = QtCore.Slot

__all__ = ["QtCore", "QtGui", "QtPrintSupport", "QtWidgets", "Signal", "Slot"]
