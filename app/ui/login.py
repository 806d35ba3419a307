"""The login window: shown first and fast, usable as soon as the encrypted store has opened."""

from __future__ import annotations

from app.ui.qt import QtCore, QtGui, QtWidgets, Signal


class LoginWindow(QtWidgets.QWidget):
    login_requested = Signal(str, str)

    def __init__(self, hall_name: str, window_name: str, demo_hint: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.setObjectName("loginWindow")
        self.setWindowTitle(self.tr("一窗受理工作站 — 登录"))
        self.setMinimumWidth(420)

        title = QtWidgets.QLabel(self.tr("一窗受理工作站"))
        title.setObjectName("loginTitle")
        font = title.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        place = QtWidgets.QLabel(f"{hall_name} · {window_name}")
        place.setObjectName("loginPlace")

        self.login_edit = QtWidgets.QLineEdit()
        self.login_edit.setObjectName("loginName")
        self.login_edit.setPlaceholderText(self.tr("工号"))
        self.password_edit = QtWidgets.QLineEdit()
        self.password_edit.setObjectName("loginPassword")
        self.password_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("密码"))
        self.submit = QtWidgets.QPushButton(self.tr("登录 (Enter)"))
        self.submit.setObjectName("loginSubmit")
        self.submit.setDefault(True)
        self.status = QtWidgets.QLabel(self.tr("正在打开本机加密数据…"))
        self.status.setObjectName("loginStatus")
        self.status.setWordWrap(True)

        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("工号(&U)"), self.login_edit)
        form.addRow(self.tr("密码(&P)"), self.password_edit)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(place)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.submit)
        layout.addWidget(self.status)
        if demo_hint is not None:
            hint = QtWidgets.QLabel(self.tr("演示模式 — 工号：{0}　密码：{1}").format(*demo_hint))
            hint.setObjectName("demoHint")
            hint.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            hint.setStyleSheet("QLabel { background: #fff4d6; border: 1px solid #e0b84a; padding: 8px; }")
            layout.addWidget(hint)
            self.login_edit.setText(demo_hint[0])

        self.submit.clicked.connect(self._submit)
        self.login_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self._submit)
        self.set_ready(False)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        target = self.password_edit if self.login_edit.text() else self.login_edit
        target.setFocus()

    def set_ready(self, ready: bool, message: str = "") -> None:
        for widget in (self.login_edit, self.password_edit, self.submit):
            widget.setEnabled(ready)
        self.status.setText(message)
        if ready:
            (self.password_edit if self.login_edit.text() else self.login_edit).setFocus()

    def show_refusal(self, message: str) -> None:
        self.set_ready(True, message)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _submit(self) -> None:
        login = self.login_edit.text().strip()
        if not login:
            self.login_edit.setFocus()
            return
        self.set_ready(False, self.tr("正在验证…"))
        self.login_requested.emit(login, self.password_edit.text())
