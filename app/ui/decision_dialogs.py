"""The two decisions that need words from the clerk: 补正 (what is missing, confirmed) and 不予受理 (why)."""

from __future__ import annotations

from app.services.notices import RejectionGround
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal

GROUNDS = (
    (
        RejectionGround.NOT_COMPETENT,
        QtCore.QT_TRANSLATE_NOOP("RejectDialog", "不属于本机关职权范围（第三十二条第一款第二项）"),
    ),
    (
        RejectionGround.NOT_REQUIRED,
        QtCore.QT_TRANSLATE_NOOP("RejectDialog", "依法不需要取得行政许可（第三十二条第一款第一项）"),
    ),
    (RejectionGround.OTHER, QtCore.QT_TRANSLATE_NOOP("RejectDialog", "其他法定理由（在理由中写明依据）")),
)


class SupplementDialog(QtWidgets.QDialog):
    """Shows every missing material (the notice lists them all at once) and takes an optional note."""

    decided = Signal(str)

    def __init__(self, missing: list[str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supplementDialog")
        self.setWindowTitle(self.tr("补正材料一次性告知"))
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.listing = QtWidgets.QListWidget()
        self.listing.setObjectName("supplementMissing")
        self.listing.addItems(missing)
        self.listing.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.note = QtWidgets.QLineEdit()
        self.note.setObjectName("supplementNote")
        self.note.setPlaceholderText(self.tr("补充说明（可不填）"))
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("出具补正告知书 (Enter)")
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            QtWidgets.QLabel(self.tr("以下 {0} 项材料将一次性告知申请人补正：").format(len(missing)))
        )
        layout.addWidget(self.listing)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        self._missing = missing
        self.note.setFocus()

    def _ok(self) -> None:
        reason = "申请材料不齐全，需补正：" + "、".join(self._missing)  # the record stays Chinese
        note = self.note.text().strip()
        self.decided.emit(f"{reason}。{note}" if note else reason)
        self.accept()


class RejectDialog(QtWidgets.QDialog):
    """不予受理 needs its ground and a reason (Art. 38); the notice states the rights of appeal."""

    decided = Signal(str, str)  # reason, RejectionGround value

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejectDialog")
        self.setWindowTitle(self.tr("不予受理"))
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ground = QtWidgets.QComboBox()
        self.ground.setObjectName("rejectGround")
        for ground, label in GROUNDS:
            self.ground.addItem(QtCore.QCoreApplication.translate("RejectDialog", label), ground)
        self.reason = QtWidgets.QPlainTextEdit()
        self.reason.setObjectName("rejectReason")
        self.reason.setPlaceholderText(
            self.tr("必填：不予受理的理由；不属于本机关职权的，写明应向哪个机关申请")
        )
        self.reason.setTabChangesFocus(True)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("rejectMessage")
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("出具不予受理通知书 (Ctrl+Enter)"))
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        form = QtWidgets.QFormLayout(self)
        form.addRow(self.tr("依据"), self.ground)
        form.addRow(self.tr("理由(&R)"), self.reason)
        form.addRow(self.message)
        form.addRow(buttons)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        # Ctrl+Enter in the reason box issues the notice (the box takes a plain Enter as a new line).
        self.reason.installEventFilter(self)
        self.reason.setFocus()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.reason and event.type() == QtCore.QEvent.Type.KeyPress:
            assert isinstance(event, QtGui.QKeyEvent)
            control = event.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier
            if control and event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
                self._ok()
                return True
        return super().eventFilter(watched, event)

    def _ok(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.message.setText(self.tr("请填写不予受理的理由。"))
            self.reason.setFocus()
            return
        self.decided.emit(reason, str(self.ground.currentData()))
        self.accept()
