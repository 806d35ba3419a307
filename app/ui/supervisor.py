"""A supervisor's login on the spot, for what a clerk may not do alone (void, re-open, ...).

API: `SupervisorDialog(gate, tasks, purpose=..., requested_by=..., subject=..., parent=...)`, then
`open()`; it emits `confirmed(ClerkIdentity, reason)` once the supervisor's login and password check out
(with the supervisor role) and closes, or says why not and stays open. `reason_required` asks for the
reason the action needs. Every attempt is audited by app.services.supervisor.SupervisorGate.
"""

from __future__ import annotations

from app.services.supervisor import SupervisorCheck, SupervisorGate, SupervisorRefusal
from app.ui.qt import QtCore, QtWidgets, Signal
from app.ui.tasks import Tasks


class SupervisorDialog(QtWidgets.QDialog):
    confirmed = Signal(object, str)  # ClerkIdentity of the supervisor, the reason given

    def __init__(
        self,
        gate: SupervisorGate,
        tasks: Tasks,
        *,
        purpose: str,
        requested_by: str,
        subject: str = "",
        reason_required: bool = True,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorDialog")
        self.setWindowTitle(self.tr("需要科长（主管）现场确认"))
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self._gate = gate
        self._tasks = tasks
        self._purpose = purpose
        self._requested_by = requested_by
        self._subject = subject
        self._reason_required = reason_required

        what = QtWidgets.QLabel(self.tr("操作：{0}").format(purpose))
        what.setObjectName("supervisorPurpose")
        what.setWordWrap(True)
        self.reason = QtWidgets.QLineEdit()
        self.reason.setObjectName("supervisorReason")
        self.reason.setPlaceholderText(self.tr("必填：说明原因"))
        self.login = QtWidgets.QLineEdit()
        self.login.setObjectName("supervisorLogin")
        self.password = QtWidgets.QLineEdit()
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("supervisorMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认"))
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        form = QtWidgets.QFormLayout()
        if reason_required:
            form.addRow(self.tr("原因(&R)"), self.reason)
        else:
            self.reason.hide()
        form.addRow(self.tr("主管工号(&L)"), self.login)
        form.addRow(self.tr("密码(&P)"), self.password)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        (self.reason if reason_required else self.login).setFocus()

    def submit(self) -> None:
        reason = self.reason.text().strip()
        if self._reason_required and not reason:
            self.message.setText(self.tr("请填写原因。"))
            self.reason.setFocus()
            return
        if not self.login.text().strip() or not self.password.text():
            self.message.setText(self.tr("请主管输入工号和密码。"))
            return
        login, password = self.login.text(), self.password.text()
        self.password.clear()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在核验…"))
        self._tasks.run(
            lambda: self._gate.confirm(
                login, password, purpose=self._purpose, requested_by=self._requested_by, subject=self._subject
            ),
            lambda check: self._on_checked(check, reason),
            self._on_failed,
        )

    def _on_checked(self, check: SupervisorCheck, reason: str) -> None:
        self.buttons.setEnabled(True)
        if check.identity is not None:
            self.confirmed.emit(check.identity, reason)
            self.accept()
            return
        texts = {
            SupervisorRefusal.WRONG: self.tr("工号或密码不正确。"),
            SupervisorRefusal.NOT_SUPERVISOR: self.tr("该账号不是主管账号，不能确认此操作。"),
            SupervisorRefusal.LOCKED: self.tr("该账号已锁定。"),
            SupervisorRefusal.DISABLED: self.tr("该账号已停用。"),
            SupervisorRefusal.SAME_PERSON: self.tr("不能由本人确认自己发起的操作，请另一位主管确认。"),
        }
        self.message.setText(texts[check.refusal or SupervisorRefusal.WRONG])
        self.password.setFocus()

    def _on_failed(self, _exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(self.tr("核验时出错，请重试。"))
