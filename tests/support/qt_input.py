"""Typing into widgets the way a clerk does: key clicks for ASCII, input-method commits for Chinese.

qtbot.keyClicks with non-ASCII text aborts the test process (an assert in Qt's key mapping), so Chinese
text arrives the way a real IME delivers it: a QInputMethodEvent whose commit string is the text.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.ui.qt import QtCore, QtGui, QtWidgets


def type_text(qtbot: QtBot, widget: QtWidgets.QWidget, text: str) -> None:
    widget.setFocus()
    for chunk in _runs(text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QtGui.QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QtWidgets.QApplication.sendEvent(widget, event)


def _runs(text: str) -> list[str]:
    runs: list[str] = []
    for char in text:
        if runs and runs[-1][-1].isascii() == char.isascii():
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def press(
    qtbot: QtBot,
    widget: QtWidgets.QWidget,
    key: QtCore.Qt.Key,
    modifier: QtCore.Qt.KeyboardModifier = QtCore.Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(widget, key, modifier)
