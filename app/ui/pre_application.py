"""Continue an online pre-application (预审/预约) at the window: find it by its number or the applicant's
ID number on the platform, pick it, and the acceptance page takes it over."""

from __future__ import annotations

from app.domain.errors import EnvironmentFailure
from app.services.lookups import PlatformLookups
from app.sync.adapter import PreApplication
from app.ui import messages
from app.ui.qt import QtCore, QtWidgets, Signal
from app.ui.tasks import Tasks


class PreApplicationDialog(QtWidgets.QDialog):
    chosen = Signal(object)  # PreApplication

    def __init__(
        self,
        lookups: PlatformLookups,
        tasks: Tasks,
        holder_id: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preApplicationDialog")
        self.setWindowTitle(self.tr("调取网上预审"))
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 360)
        self._lookups = lookups
        self._tasks = tasks
        self._found: list[PreApplication] = []
        self.query = QtWidgets.QLineEdit(holder_id)
        self.query.setObjectName("preApplicationQuery")
        self.query.setPlaceholderText(self.tr("预审号（如 YS202611250001）或申请人证件号码，回车查找"))
        self.results = QtWidgets.QListWidget()
        self.results.setObjectName("preApplicationResults")
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("preApplicationMessage")
        self.message.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.message)
        self.query.returnPressed.connect(self._on_return)
        self.results.itemActivated.connect(lambda _item: self._choose())
        if not lookups.online:
            self.message.setText(self.tr("本机未连接政务服务平台，无法调取网上预审。"))

    def _on_return(self) -> None:
        if self._found and self.results.currentRow() >= 0 and self.results.hasFocus():
            self._choose()
            return
        self.find()

    def find(self) -> None:
        text = self.query.text().strip()
        if not text:
            return
        by_number = not (len(text) in (15, 18) and text[:-1].isdigit())
        self.message.setText(self.tr("正在查询…"))
        self._tasks.run(
            lambda: self._lookups.pre_applications(
                number=text if by_number else None, holder_id=None if by_number else text.upper()
            ),
            self._on_found,
            self._on_failed,
        )

    def _on_found(self, found: list[PreApplication]) -> None:
        self._found = found
        self.results.clear()
        for pre in found:
            self.results.addItem(
                f"{pre.number}　{pre.applicant_name}　{pre.item_code}　{pre.submitted_at:%Y-%m-%d %H:%M}"
            )
        if len(found) == 1:
            self.results.setCurrentRow(0)
            self._choose()
            return
        if found:
            self.results.setCurrentRow(0)
            self.results.setFocus()
            self.message.setText(self.tr("找到 {0} 条，选择后回车。").format(len(found)))
        else:
            self.message.setText(self.tr("平台上没有找到该预审申请。"))

    def _on_failed(self, exc: BaseException) -> None:
        text = messages.failure(exc) if isinstance(exc, EnvironmentFailure) else self.tr("查询失败，请重试。")
        self.message.setText(text)

    def _choose(self) -> None:
        row = self.results.currentRow()
        if 0 <= row < len(self._found):
            self.chosen.emit(self._found[row])
            self.accept()
