"""Sync in the window: the always-visible connectivity indicator and the outbox page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.domain.clock import CHINA_TZ
from app.store.outbox import OutboxRow, State
from app.sync.engine import Connectivity, SyncEngine, SyncStatus
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal
from app.ui.tasks import Tasks

Qt = QtCore.Qt
translate = QtCore.QCoreApplication.translate


class SyncBridge(QtCore.QObject):
    """Turns the engine's callbacks (sync threads) into queued Qt signals (GUI thread)."""

    status_changed = Signal(object)  # SyncStatus
    cases_changed = Signal(object)  # set of case ids
    catalogue_reloaded = Signal(object)  # CatalogueView: a new catalogue version arrived

    def __init__(self, engine: SyncEngine, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        engine.on_status = self.status_changed.emit
        engine.on_cases_changed = self.cases_changed.emit

    def detach(self) -> None:
        self.engine.on_status = None
        self.engine.on_cases_changed = None


def age_text(oldest: dt.datetime | None, now: dt.datetime) -> str:
    if oldest is None:
        return ""
    minutes = int((now - oldest).total_seconds() // 60)
    if minutes < 1:
        return translate("SyncIndicator", "最早刚刚")
    if minutes < 60:
        return translate("SyncIndicator", "最早 {0} 分钟前").format(minutes)
    hours = minutes // 60
    if hours < 48:
        return translate("SyncIndicator", "最早 {0} 小时前").format(hours)
    return translate("SyncIndicator", "最早 {0} 天前").format(hours // 24)


CONNECTIVITY = {
    Connectivity.UNKNOWN: ("#888888", QtCore.QT_TRANSLATE_NOOP("SyncIndicator", "连接中")),
    Connectivity.ONLINE: ("#1b7f3b", QtCore.QT_TRANSLATE_NOOP("SyncIndicator", "在线")),
    Connectivity.OFFLINE: ("#c0392b", QtCore.QT_TRANSLATE_NOOP("SyncIndicator", "离线")),
    Connectivity.LOGIN_REQUIRED: ("#b9770e", QtCore.QT_TRANSLATE_NOOP("SyncIndicator", "需重新登录")),
}


LOW_WATER = 10


class SyncIndicator(QtWidgets.QLabel):
    """● 在线 · 待上报 3 件 · 最早 5 分钟前 — in the status bar, always visible."""

    def __init__(self, now: Callable[[], dt.datetime]) -> None:
        super().__init__()
        self.setObjectName("syncIndicator")
        self._now = now
        self.status: SyncStatus | None = None
        self._timer = QtCore.QTimer(self, interval=30_000)
        self._timer.timeout.connect(self._render)
        self._timer.start()
        self._render()

    def update_status(self, status: SyncStatus) -> None:
        self.status = status
        self._render()

    def _render(self) -> None:
        status = self.status
        if status is None:
            self.setText(self.tr("● 未连接平台"))
            return
        colour, label = CONNECTIVITY[status.connectivity]
        parts = [f"<span style='color:{colour}'>●</span> {translate('SyncIndicator', label)}"]
        parts.append(self.tr("待上报 {0} 件").format(status.pending))
        age = age_text(status.oldest_pending_at, self._now())
        if age:
            parts.append(age)
        if status.numbers_left < LOW_WATER:
            # Below the low-water mark the engine reserves more while online; offline, cases will get
            # provisional numbers once the reserve is used up.
            parts.append(
                f"<span style='color:#b9770e'>{self.tr('正式编号仅余 {0} 个').format(status.numbers_left)}</span>"
            )
        if status.failed:
            parts.append(f"<span style='color:#c0392b'>{self.tr('失败 {0} 件').format(status.failed)}</span>")
        self.setText(" · ".join(parts))
        self.setToolTip(status.last_error or "")


STATE_LABELS = {
    State.READY: QtCore.QT_TRANSLATE_NOOP("OutboxPage", "待发送"),
    State.IN_FLIGHT: QtCore.QT_TRANSLATE_NOOP("OutboxPage", "发送中"),
    State.DONE: QtCore.QT_TRANSLATE_NOOP("OutboxPage", "已送达"),
    State.FAILED: QtCore.QT_TRANSLATE_NOOP("OutboxPage", "被拒收"),
}
KIND_LABELS = {
    "submit_case": QtCore.QT_TRANSLATE_NOOP("OutboxPage", "上报办件"),
    "upload_material": QtCore.QT_TRANSLATE_NOOP("OutboxPage", "上传材料"),
}


class OutboxPage(QtWidgets.QWidget):
    """Every item still to send: state, attempts, next retry and the platform's last answer in plain words."""

    def __init__(self, bridge: SyncBridge, tasks: Tasks) -> None:
        super().__init__()
        self.setObjectName("outboxPage")
        self._engine = bridge.engine
        self._tasks = tasks
        self.summary = QtWidgets.QLabel()
        self.sync_now = QtWidgets.QPushButton(self.tr("立即同步 (F5)"))
        self.sync_now.setObjectName("syncNow")
        self.retry_button = QtWidgets.QPushButton(self.tr("重试所选"))
        self.retry_button.setObjectName("retrySelected")
        self.table = QtWidgets.QTableWidget(0, 6)
        self.table.setObjectName("outboxTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("办件编号"),
                self.tr("内容"),
                self.tr("状态"),
                self.tr("尝试"),
                self.tr("下次重试"),
                self.tr("平台答复"),
            ]
        )
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((200, 90, 80, 50, 140)):
            self.table.setColumnWidth(column, width)

        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.retry_button)
        bar.addWidget(self.sync_now)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self.sync_now.clicked.connect(self.sync_all)
        self.retry_button.clicked.connect(self.retry_selected)
        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F5), self, self.sync_all)
        bridge.status_changed.connect(lambda _status: self.refresh())

    def refresh(self) -> None:
        if not self.isVisible():
            return
        self._tasks.run(self._engine.outbox_rows, self._show, lambda _exc: None)

    def _show(self, rows: list[OutboxRow]) -> None:
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            values = (
                row.case_number or row.aggregate_id[:12],
                translate("OutboxPage", KIND_LABELS.get(row.kind, row.kind)),
                translate("OutboxPage", STATE_LABELS[row.state]),
                str(row.attempts),
                row.next_attempt_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M:%S")
                if row.state is State.READY
                else "",
                row.last_error,
            )
            for column, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if row.state is State.FAILED:
                    item.setForeground(QtGui.QColor("#c0392b"))
                self.table.setItem(i, column, item)
        self.summary.setText(self.tr("共 {0} 项待处理").format(len(rows)))

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def sync_all(self) -> None:
        self._tasks.run(lambda: self._engine.retry(None), lambda _r: self.refresh(), lambda _exc: None)

    def retry_selected(self) -> None:
        ids = {
            int(self.table.item(index.row(), 0).data(Qt.ItemDataRole.UserRole))
            for index in self.table.selectionModel().selectedRows()
        }
        for entry_id in ids:
            self._tasks.run(
                lambda e=entry_id: self._engine.retry(e), lambda _r: self.refresh(), lambda _exc: None
            )
