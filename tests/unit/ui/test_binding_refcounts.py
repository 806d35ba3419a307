"""Canary for the Qt binding: void calls must not drop references to None, True or False.

PySide6 6.12.0 under Python 3.11 decrements None's reference count on every void method call (it treats
None as immortal, as Python 3.12 does); a clerk's working day of UI calls then frees None and the process
aborts. This test fails on such a binding, whatever the pin in pyproject.toml says.
"""

from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

from app.ui.qt import QtWidgets

CALLS = 2000


def test_void_and_bool_calls_keep_singleton_refcounts(qtbot: QtBot) -> None:
    edit = QtWidgets.QLineEdit()
    qtbot.addWidget(edit)
    before = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True), ("False", False))}
    for i in range(CALLS):
        edit.setReadOnly(i % 2 == 0)  # void, takes a bool
        edit.setText("x")  # void
        edit.isReadOnly()  # returns a bool
    after = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True), ("False", False))}
    drift = {name: after[name] - before[name] for name in before}
    assert all(abs(d) < CALLS // 10 for d in drift.values()), drift
