"""The clerk's follow-up tasks: e-licences that did not match after sync become 补正 tasks listed here."""

from __future__ import annotations

from app.domain.clock import CHINA_TZ
from app.services.elicences import ElicenceService
from app.store.material_pages import TaskRow
from app.ui.qt import QtCore, QtGui, QtWidgets
from app.ui.tasks import Tasks

Qt = QtCore.Qt


class ClerkTasksDialog(QtWidgets.QDialog):
    """Open tasks, oldest first; Enter marks the selected one done, Esc closes."""

    def __init__(
        self, service: ElicenceService, tasks: Tasks, actor: str, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clerkTasks")
        self.setWindowTitle(self.tr("待办任务"))
        self.resize(720, 420)
        self._service = service
        self._tasks = tasks
        self._actor = actor
        self.list = QtWidgets.QListWidget()
        self.list.setObjectName("taskList")
        self.list.setWordWrap(True)
        self.empty = QtWidgets.QLabel(self.tr("没有待办任务。"))
        self.done_button = QtWidgets.QPushButton(self.tr("已处理 (Enter)"))
        self.done_button.setObjectName("taskDone")
        self.done_button.clicked.connect(self.complete_selected)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.done_button)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QtGui.QShortcut(QtGui.QKeySequence(key), self, self.complete_selected)
        self.refresh()

    def refresh(self) -> None:
        self._tasks.run(self._service.tasks, self._show, lambda _exc: None)

    def _show(self, rows: list[TaskRow]) -> None:
        self.list.clear()
        for row in rows:
            when = row.created_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")
            kind = self.tr("补正") if row.kind == "supplement" else row.kind
            text = self.tr("【{0}】办件 {1}　{2}\n{3}").format(kind, row.case_number, when, row.text)
            item = QtWidgets.QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        self.empty.setVisible(not rows)
        self.done_button.setEnabled(bool(rows))
        if rows:
            self.list.setCurrentRow(0)
            self.list.setFocus()

    def complete_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        task_id = int(item.data(Qt.ItemDataRole.UserRole))
        self._tasks.run(
            lambda: self._service.complete_task(task_id, self._actor),
            lambda _r: self.refresh(),
            lambda _e: None,
        )
