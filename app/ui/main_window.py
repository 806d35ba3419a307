"""The main window: acceptance (F2) and case list (F3) pages, the status bar, and case details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from app.domain.errors import EnvironmentFailure
from app.services.desk import DecisionOutcome, DeskService
from app.services.notices import NoticeIssuer
from app.store import cases
from app.store.catalogue import CatalogueView
from app.store.clerks import ClerkIdentity
from app.store.database import Database
from app.sync.engine import SyncEngine
from app.ui import messages
from app.ui.acceptance_page import AcceptancePage
from app.ui.case_detail import CaseDetailDialog
from app.ui.case_list import CaseListModel, CaseListPage
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal
from app.ui.sync_view import OutboxPage, SyncBridge, SyncIndicator
from app.ui.tasks import Tasks

Qt = QtCore.Qt


class MainWindow(QtWidgets.QMainWindow):
    closed = Signal()

    def __init__(
        self,
        *,
        identity: ClerkIdentity,
        desk: DeskService,
        notices: NoticeIssuer,
        catalogue: CatalogueView,
        database: Database,
        today: Callable[[], dt.date],
        now: Callable[[], dt.datetime],
        demo: bool,
        sync: SyncEngine | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("一窗受理工作站 — {0}").format(desk.desk.window))
        self.resize(1280, 800)
        self._identity = identity
        self._desk = desk
        self._notices = notices
        self._db = database
        self.tasks = Tasks(self)

        self.acceptance = AcceptancePage(desk, catalogue, self.tasks, today)
        self.case_model = CaseListModel(self._fetch_ids, self._fetch_rows, self)
        self.case_list = CaseListPage(self.case_model, today)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.acceptance, self.tr("受理 (F2)"))
        self.tabs.addTab(self.case_list, self.tr("办件查询 (F3)"))
        self.sync_bridge: SyncBridge | None = None
        self.outbox_page: OutboxPage | None = None
        self.sync_indicator = SyncIndicator(now)
        if sync is not None:
            self.sync_bridge = SyncBridge(sync, self)
            self.outbox_page = OutboxPage(self.sync_bridge, self.tasks)
            self.tabs.addTab(self.outbox_page, self.tr("上报队列 (F4)"))
            self.sync_bridge.status_changed.connect(self.sync_indicator.update_status)
            self.sync_bridge.cases_changed.connect(self._on_platform_changed)
            QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F4), self, self.show_outbox)
            self.tasks.run(sync.status, self.sync_indicator.update_status, lambda _exc: None)
        self.setCentralWidget(self.tabs)

        status = self.statusBar()
        mode = self.tr("【演示模式】") if demo else ""
        status.addWidget(
            QtWidgets.QLabel(f"{mode}{desk.desk.window}　{self.tr('经办人')}：{identity.display_name}")
        )
        catalogue_label = QtWidgets.QLabel(
            self.tr("事项目录 {0}（{1} 项）").format(catalogue.version, len(catalogue))
        )
        status.addPermanentWidget(self.sync_indicator)
        status.addPermanentWidget(catalogue_label)

        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F2), self, self.show_acceptance)
        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F3), self, self.show_case_list)
        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F1), self, self.show_shortcuts)
        self.acceptance.case_decided.connect(self._on_case_decided)
        self.acceptance.export_requested.connect(self.export_notice)
        self.case_list.case_opened.connect(self.open_case)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.case_list.apply_filter()

    # -- navigation
    def show_acceptance(self) -> None:
        self.tabs.setCurrentWidget(self.acceptance)
        self.acceptance.applicant.first_field().setFocus()

    def show_case_list(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.search.setFocus()
        self.case_list.search.selectAll()

    def show_outbox(self) -> None:
        if self.outbox_page is not None:
            self.tabs.setCurrentWidget(self.outbox_page)

    def _on_platform_changed(self, _case_ids: object) -> None:
        if self.tabs.currentWidget() is self.case_list:
            self.case_list.refresh()

    def _on_tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.case_list:
            self.case_list.refresh()

    def show_shortcuts(self) -> None:
        QtWidgets.QMessageBox.information(
            self,
            self.tr("快捷键"),
            self.tr(
                "F2 受理　F3 办件查询\n"
                "Alt+1 自然人　Alt+2 法人\nAlt+N 姓名　Alt+I 证件号码　Alt+T 电话\n"
                "Alt+S 查找事项（↑↓选择，Enter确定）\nAlt+M 材料清单（空格勾选）　F7 材料全部收齐\n"
                "Ctrl+Enter 受理　Ctrl+N 新办件　Ctrl+E 导出通知书\n"
                "F4 上报队列　F5 立即同步"
            ),
        )

    # -- data for the list
    def _fetch_ids(self, flt: cases.CaseFilter) -> list[str]:
        with self._db.read() as session:
            return cases.case_ids(session, flt)

    def _fetch_rows(self, ids: object) -> list[cases.CaseListRow]:
        with self._db.read() as session:
            return cases.list_rows(session, list(ids))  # type: ignore[call-overload]

    def _on_case_decided(self, _outcome: DecisionOutcome) -> None:
        if self.sync_bridge is not None:
            self.sync_bridge.engine.kick()
        if self.tabs.currentWidget() is self.case_list:
            self.case_list.refresh()

    # -- details and notices
    def open_case(self, case_id: str) -> CaseDetailDialog | None:
        case = self._desk.load(case_id)
        if case is None:
            return None
        dialog = CaseDetailDialog(case, self._notices.documents_for(case_id), self)
        dialog.export_requested.connect(self.export_notice)
        dialog.show()
        return dialog

    def export_notice(self, document_id: int) -> None:
        start = str(Path.home() / "受理通知书.pdf")
        target, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("导出受理通知书"), start, "PDF (*.pdf)"
        )
        if not target:
            return
        self.tasks.run(
            lambda: self._notices.export(document_id, Path(target), self._identity.login),
            lambda _r: self.statusBar().showMessage(self.tr("已导出：{0}").format(target), 8000),
            self._on_export_failed,
        )

    def _on_export_failed(self, exc: BaseException) -> None:
        text = (
            messages.failure(exc)
            if isinstance(exc, EnvironmentFailure)
            else self.tr("导出失败：{0}").format(exc)
        )
        QtWidgets.QMessageBox.warning(self, self.tr("导出失败"), text)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.sync_bridge is not None:
            self.sync_bridge.detach()
        self.tasks.shutdown()
        self.closed.emit()
        super().closeEvent(event)
