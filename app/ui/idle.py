"""Application-wide idle detection: no keyboard, mouse or touch input for a while locks the screen."""

from __future__ import annotations

import time

from app.ui.qt import QtCore, Signal

_INPUT = frozenset(
    {
        QtCore.QEvent.Type.KeyPress,
        QtCore.QEvent.Type.MouseButtonPress,
        QtCore.QEvent.Type.MouseMove,
        QtCore.QEvent.Type.Wheel,
        QtCore.QEvent.Type.TouchBegin,
        QtCore.QEvent.Type.TouchUpdate,
        QtCore.QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QtCore.QObject):
    """An event filter on the QApplication: every input event restarts the countdown; `timed_out` is
    emitted once when it runs out (call `restart()` after the screen is unlocked)."""

    timed_out = Signal()

    def __init__(
        self, app: QtCore.QCoreApplication, interval_ms: int, parent: QtCore.QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.timed_out)
        self._last_restart = 0.0
        self._active = False

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval(self, interval_ms: int) -> None:
        """A new idle time, counted from now."""
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self.restart()

    def start(self) -> None:
        if not self._active:
            self._active = True
            self._app.installEventFilter(self)
        self.restart()

    def restart(self) -> None:
        self._last_restart = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        if self._active:
            self._active = False
            self._app.removeEventFilter(self)
        self._timer.stop()

    def eventFilter(self, _watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in _INPUT and self._timer.isActive():
            # Restarting the timer on every mouse move is wasted work; a tenth of the interval is plenty.
            now = time.monotonic()
            if (now - self._last_restart) * 1000 >= self._timer.interval() / 10:
                self._last_restart = now
                self._timer.start()
        return False
