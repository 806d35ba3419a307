"""The locked screen: replaces the main window's pages while the clerk is away; shows no case data."""

from __future__ import annotations

from app.domain.errors import EnvironmentFailure
from app.services.audit_trail import AuditTrail
from app.services.sessions import SessionSecurity
from app.store.audit import Action
from app.store.clerks import ClerkIdentity, LoginRefusal, LoginResult
from app.ui import messages
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal
from app.ui.tasks import Tasks

Qt = QtCore.Qt


class LockScreen(QtWidgets.QWidget):
    """Who locked it, a password field, 解锁 and 注销. The main window verifies the password."""

    unlock_requested = Signal(str)
    logout_requested = Signal()

    def __init__(self, display_name: str, login: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        title = QtWidgets.QLabel(self.tr("屏幕已锁定"))
        title.setObjectName("lockTitle")
        font = title.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        who = QtWidgets.QLabel(self.tr("经办人：{0}（{1}）").format(display_name, login))
        who.setObjectName("lockWho")
        hint = QtWidgets.QLabel(self.tr("为保护申请人信息，长时间无操作或手动锁定后需输入本人密码解锁。"))
        hint.setWordWrap(True)
        self.password = QtWidgets.QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.unlock_button = QtWidgets.QPushButton(self.tr("解锁 (Enter)"))
        self.unlock_button.setObjectName("lockUnlock")
        self.unlock_button.setDefault(True)
        self.logout_button = QtWidgets.QPushButton(self.tr("注销 (Alt+L)"))
        self.logout_button.setObjectName("lockLogout")
        self.logout_button.setShortcut(QtGui.QKeySequence("Alt+L"))
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("lockStatus")
        self.status.setWordWrap(True)

        box = QtWidgets.QFrame()
        box.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        box.setMaximumWidth(480)
        inner = QtWidgets.QVBoxLayout(box)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        for widget in (title, who, hint, self.password):
            inner.addWidget(widget)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.logout_button)
        inner.addLayout(buttons)
        inner.addWidget(self.status)
        outer = QtWidgets.QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.unlock_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.logout_button.clicked.connect(self.logout_requested)

    def reset(self, message: str = "") -> None:
        self.password.clear()
        self.set_busy(False, message)
        self.password.setFocus()

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.password.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.status.setText(message)
        if not busy:
            self.password.setFocus()

    def _submit(self) -> None:
        if not self.password.text():
            return
        self.set_busy(True, self.tr("正在验证…"))
        self.unlock_requested.emit(self.password.text())


class ScreenLock(QtCore.QObject):
    """Locks a main window: its central widget becomes a stack of the pages and the locked screen.

    Locking shows the locked screen instead of the pages, hides the menus, the status bar and every
    window the main window owns (case details, device test, open dialogs), and switches off every
    shortcut and action but the locked screen's, so nothing with case data is on screen or reachable.
    The pages keep their state (a half-typed case survives). Unlocking needs the clerk's own password,
    checked on a worker thread; wrong ones count toward the lockout.
    """

    lock_changed = Signal(bool)

    def __init__(
        self,
        window: QtWidgets.QMainWindow,
        pages: QtWidgets.QWidget,
        identity: ClerkIdentity,
        tasks: Tasks,
        *,
        security: SessionSecurity | None,
        audit: AuditTrail | None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._pages = pages
        self._identity = identity
        self._tasks = tasks
        self._security = security
        self._audit = audit
        self.screen = LockScreen(identity.display_name, identity.login)
        self.screen.unlock_requested.connect(self._unlock_with)
        self._stack = QtWidgets.QStackedWidget()
        self._stack.setObjectName("mainStack")
        self._stack.addWidget(pages)
        self._stack.addWidget(self.screen)
        window.setCentralWidget(self._stack)
        self._hidden: list[QtWidgets.QWidget] = []
        self._disabled: list[QtCore.QObject] = []

    @property
    def locked(self) -> bool:
        return self._stack.currentWidget() is self.screen

    def lock(self, reason: str = "idle") -> None:
        if self.locked:
            return
        window = self._window
        app = QtWidgets.QApplication.instance()
        assert isinstance(app, QtWidgets.QApplication)
        popup = app.activePopupWidget()
        if popup is not None:
            popup.close()
        self._hidden = [
            w for w in app.topLevelWidgets() if w is not window and w.isVisible() and _owned_by(w, window)
        ]
        for other in self._hidden:
            other.hide()
        self._disabled = [
            obj
            for obj in [*window.findChildren(QtGui.QShortcut), *window.findChildren(QtGui.QAction)]
            if obj.isEnabled() and not _inside(obj, self.screen)
        ]
        for obj in self._disabled:
            obj.setEnabled(False)
        window.menuBar().hide()
        window.statusBar().hide()
        self._stack.setCurrentWidget(self.screen)
        self.screen.reset()
        if self._audit is not None:
            self._audit.submit(self._identity.login, Action.LOCKED, reason=reason)
        self.lock_changed.emit(True)

    def unlock(self) -> None:
        """Back to where the clerk was: pages, menus, shortcuts and the hidden windows."""
        if not self.locked:
            return
        window = self._window
        self._stack.setCurrentWidget(self._pages)
        window.menuBar().show()
        window.statusBar().show()
        for obj in self._disabled:
            obj.setEnabled(True)
        self._disabled = []
        for other in self._hidden:
            other.show()
        self._hidden = []
        self.screen.reset()
        self.lock_changed.emit(False)

    def _unlock_with(self, password: str) -> None:
        if self._security is None:
            self.unlock()
            return
        security, identity = self._security, self._identity
        self._tasks.run(lambda: security.unlock(identity, password), self._on_checked, self._on_error)

    def _on_checked(self, result: LoginResult) -> None:
        if result.identity is not None:
            self.unlock()
        elif result.refusal is LoginRefusal.LOCKED and result.locked_until is not None:
            self.screen.reset(
                messages.locked_until(result.locked_until) + self.tr("请注销后由其他人员登录，或稍后再试。")
            )
        elif result.refusal is LoginRefusal.DISABLED:
            self.screen.reset(self.tr("该账号已停用，请注销。"))
        else:
            left = result.attempts_left
            self.screen.reset(
                self.tr("密码不正确。")
                + (
                    self.tr("再错 {0} 次账号将被锁定。").format(left)
                    if left is not None and left <= 2
                    else ""
                )
            )

    def _on_error(self, exc: BaseException) -> None:
        text = (
            messages.failure(exc) if isinstance(exc, EnvironmentFailure) else self.tr("解锁时出错，请重试。")
        )
        self.screen.reset(text)


def _owned_by(window: QtWidgets.QWidget, owner: QtWidgets.QWidget) -> bool:
    """Whether a top-level window belongs to `owner` (its parent chain leads there)."""
    parent = window.parentWidget()
    while parent is not None:
        if parent is owner:
            return True
        parent = parent.parentWidget()
    return False


def _inside(obj: QtCore.QObject, widget: QtWidgets.QWidget) -> bool:
    parent = obj.parent()
    while parent is not None:
        if parent is widget:
            return True
        parent = parent.parent()
    return False
