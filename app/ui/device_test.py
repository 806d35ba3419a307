"""The device test page: every GA/T 467 frame with its timing and status (personal data masked), the
reader states, and the PC/SC events; a SAM check on demand."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future

from app.devices.idcard.reader import FrameRecord
from app.devices.idcard.station import CardPlaced, ReaderState, ReadProblem
from app.devices.pcsc.station import PcscCardRead, PcscState
from app.ui.device_bridge import DeviceBridge
from app.ui.qt import QtCore, QtGui, QtWidgets
from app.ui.tasks import Tasks

MAX_ROWS = 1000
COLUMNS = (
    QtCore.QT_TRANSLATE_NOOP("DeviceTestDialog", "时间"),
    QtCore.QT_TRANSLATE_NOOP("DeviceTestDialog", "方向"),
    QtCore.QT_TRANSLATE_NOOP("DeviceTestDialog", "命令"),
    QtCore.QT_TRANSLATE_NOOP("DeviceTestDialog", "字节"),
    QtCore.QT_TRANSLATE_NOOP("DeviceTestDialog", "耗时(ms)"),
    QtCore.QT_TRANSLATE_NOOP("DeviceTestDialog", "状态"),
    QtCore.QT_TRANSLATE_NOOP("DeviceTestDialog", "帧（个人信息已屏蔽）"),
)


def reader_state_text(state: ReaderState) -> str:
    translate = QtCore.QCoreApplication.translate
    return {
        ReaderState.OFF: translate("Devices", "未配置"),
        ReaderState.CONNECTING: translate("Devices", "正在连接"),
        ReaderState.READY: translate("Devices", "就绪"),
        ReaderState.DISCONNECTED: translate("Devices", "未连接（每秒重试）"),
        ReaderState.SAM_FAULT: translate("Devices", "安全模块故障"),
    }[state]


def pcsc_state_text(state: PcscState) -> str:
    translate = QtCore.QCoreApplication.translate
    return {
        PcscState.OFF: translate("Devices", "未启用"),
        PcscState.NO_SERVICE: translate("Devices", "智能卡服务未运行（pcscd）"),
        PcscState.READY: translate("Devices", "就绪"),
    }[state]


class DeviceTestDialog(QtWidgets.QDialog):
    def __init__(
        self,
        bridge: DeviceBridge,
        tasks: Tasks,
        sam_check: Callable[[], Future[str]],
        state: tuple[ReaderState, str],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deviceTest")
        self.setWindowTitle(self.tr("设备测试"))
        self.resize(980, 560)
        self._tasks = tasks
        self._sam_check = sam_check
        self._started = time.monotonic()

        self.state = QtWidgets.QLabel()
        self.state.setObjectName("deviceTestState")
        self.sam = QtWidgets.QLabel()
        self.sam.setObjectName("deviceTestSam")
        self.check_button = QtWidgets.QPushButton(self.tr("检测安全模块 (F5)"))
        self.check_button.setObjectName("deviceTestCheckSam")
        clear = QtWidgets.QPushButton(self.tr("清空记录"))
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("deviceTestFrames")
        self.table.setHorizontalHeaderLabels(
            [QtCore.QCoreApplication.translate("DeviceTestDialog", c) for c in COLUMNS]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.events = QtWidgets.QPlainTextEdit()
        self.events.setObjectName("deviceTestEvents")
        self.events.setReadOnly(True)
        self.events.setMaximumBlockCount(500)
        self.events.setMaximumHeight(120)

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.sam)
        top.addWidget(self.check_button)
        top.addWidget(clear)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(QtWidgets.QLabel(self.tr("事件")))
        layout.addWidget(self.events)

        QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_F5), self, self.check_sam)
        self.check_button.clicked.connect(self.check_sam)
        clear.clicked.connect(lambda: self.table.setRowCount(0))
        bridge.frame_logged.connect(self._on_frame_logged)
        bridge.reader_state_changed.connect(self._on_reader_state_changed)
        bridge.card_placed.connect(self._on_card_placed)
        bridge.card_removed.connect(lambda: self._event(self.tr("证件已取走")))
        bridge.read_failed.connect(self._on_read_failed)
        bridge.pcsc_state_changed.connect(
            lambda s, _d: self._event(self.tr("社保卡读卡服务：{0}").format(pcsc_state_text(s)))
        )
        bridge.pcsc_readers_changed.connect(
            lambda r: self._event(self.tr("PC/SC 读卡器：{0}").format("、".join(r) or self.tr("无")))
        )
        bridge.pcsc_card_inserted.connect(
            lambda reader, atr: self._event(self.tr("插入卡片：{0}，ATR {1}").format(reader, atr))
        )
        bridge.pcsc_card_removed.connect(lambda reader: self._event(self.tr("取出卡片：{0}").format(reader)))
        bridge.pcsc_card_identified.connect(self._on_pcsc_identified)
        self._on_reader_state_changed(*state)

    def _event(self, text: str) -> None:
        self.events.appendPlainText(f"{time.monotonic() - self._started:8.3f}  {text}")

    def _on_reader_state_changed(self, state: ReaderState, detail: str) -> None:
        text = self.tr("身份证读卡器：{0}").format(reader_state_text(state))
        self.state.setText(f"{text}　{detail}" if detail else text)
        self._event(text)

    def _on_card_placed(self, placed: CardPlaced) -> None:
        self._event(self.tr("读取证件成功，用时 {0:.0f} 毫秒").format(placed.elapsed_ms))

    def _on_read_failed(self, _problem: ReadProblem, detail: str) -> None:
        self._event(self.tr("读卡出错（{0}），自动重试").format(detail))

    def _on_pcsc_identified(self, read: PcscCardRead) -> None:
        ss = read.social_security
        if ss is not None:
            self._event(self.tr("社会保障卡 卡识别码 {0}，规范版本 {1}").format(ss.card_id, ss.spec_version))

    def _on_frame_logged(self, record: FrameRecord) -> None:
        if self.table.rowCount() >= MAX_ROWS:
            self.table.removeRow(0)
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (
            f"{time.monotonic() - self._started:8.3f}",
            record.direction.value,
            record.command,
            str(record.length),
            f"{record.elapsed_ms:.1f}" if record.elapsed_ms else "",
            record.status,
            record.masked_hex,
        )
        for column, value in enumerate(values):
            self.table.setItem(row, column, QtWidgets.QTableWidgetItem(value))
        self.table.scrollToBottom()

    def check_sam(self) -> None:
        self.sam.setText(self.tr("正在检测…"))
        self._tasks.follow(self._sam_check(), self._on_sam, self._on_sam_failed)

    def _on_sam(self, sam_id: str) -> None:
        self.sam.setText(self.tr("安全模块号 {0}").format(sam_id))

    def _on_sam_failed(self, _exc: BaseException) -> None:
        self.sam.setText(self.tr("安全模块无响应：请检查读卡器连接"))
