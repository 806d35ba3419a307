"""Changing one's own password (local accounts); the rules and their reasons come from the service."""

from __future__ import annotations

from collections.abc import Callable

from app.domain.passwords import WeakPassword
from app.store.clerks import LoginRefusal, LoginResult, PlatformManagedAccount
from app.ui import messages
from app.ui.qt import QtWidgets
from app.ui.tasks import Tasks


class PasswordDialog(QtWidgets.QDialog):
    def __init__(
        self,
        change: Callable[[str, str], LoginResult],  # (old, new) -> result; raises WeakPassword
        tasks: Tasks,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(self.tr("修改密码"))
        self._change = change
        self._tasks = tasks
        self.old = QtWidgets.QLineEdit()
        self.new = QtWidgets.QLineEdit()
        self.again = QtWidgets.QLineEdit()
        for name, edit in (
            ("oldPassword", self.old),
            ("newPassword", self.new),
            ("againPassword", self.again),
        ):
            edit.setObjectName(name)
            edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.status = QtWidgets.QLabel(
            self.tr("新密码至少{0}位，须包含大写字母、小写字母、数字、其他符号中的至少三类，且不含工号。")
        )
        self.status.setObjectName("passwordStatus")
        self.status.setWordWrap(True)
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("原密码(&O)"), self.old)
        form.addRow(self.tr("新密码(&N)"), self.new)
        form.addRow(self.tr("再次输入(&A)"), self.again)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def set_min_length(self, length: int) -> None:
        self.status.setText(self.status.text().format(length))

    def _submit(self) -> None:
        if self.new.text() != self.again.text():
            self.status.setText(self.tr("两次输入的新密码不一致。"))
            self.again.clear()
            self.again.setFocus()
            return
        old, new = self.old.text(), self.new.text()
        self.buttons.setEnabled(False)
        self.status.setText(self.tr("正在验证…"))
        self._tasks.run(lambda: self._change(old, new), self._on_done, self._on_failed)

    def _on_done(self, result: LoginResult) -> None:
        self.buttons.setEnabled(True)
        if result.identity is not None:
            self.accept()
            return
        if result.refusal is LoginRefusal.LOCKED and result.locked_until is not None:
            self.status.setText(messages.locked_until(result.locked_until))
        else:
            self.status.setText(self.tr("原密码不正确。"))
        self.old.clear()
        self.old.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, WeakPassword):
            self.status.setText(messages.password_problem(exc.problem, exc.policy.min_length))
            self.new.setFocus()
        elif isinstance(exc, PlatformManagedAccount):
            self.status.setText(self.tr("该账号的密码由政务服务平台管理，请在平台上修改。"))
        else:
            self.status.setText(self.tr("修改密码时出错，请重试。"))
