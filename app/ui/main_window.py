"""The main window: acceptance (F2) and case list (F3) pages, the status bar, and case details."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

from app.devices.idcard.cardtext import CardType, IdCardData
from app.devices.idcard.samples import SAMPLE_CARDS
from app.devices.idcard.station import CardPlaced, ReaderState, ReadProblem
from app.devices.pcsc.station import PcscCardRead, PcscState
from app.domain.case import CaseStatus
from app.domain.clock import CHINA_TZ
from app.domain.errors import EnvironmentFailure
from app.services.audit_trail import AuditTrail
from app.services.desk import DecisionOutcome, DeskService
from app.services.devices import DeviceHub
from app.services.enrollment import UpdateNotice, UpdateState
from app.services.forms import FormLibrary
from app.services.lookups import PlatformLookups
from app.services.notices import NoticeIssuer, RejectionGround
from app.services.printing import PrintOutcome, PrintResult, PrintService
from app.services.sessions import SessionSecurity
from app.services.supervisor import SupervisorGate
from app.settings import DeviceSettings
from app.store import cases
from app.store.audit import Action
from app.store.catalogue import CatalogueView
from app.store.clerks import ClerkIdentity
from app.store.database import Database
from app.sync.engine import SyncEngine
from app.ui import messages
from app.ui.acceptance_page import AcceptancePage
from app.ui.case_detail import CaseDetailDialog
from app.ui.case_list import CaseListModel, CaseListPage
from app.ui.decision_dialogs import RejectDialog, SupplementDialog
from app.ui.delivery_page import DeliveryPage
from app.ui.device_bridge import DeviceBridge
from app.ui.device_test import pcsc_state_text, reader_state_text
from app.ui.lock_screen import ScreenLock
from app.ui.materials_panel import MaterialsContext
from app.ui.pre_application import PreApplicationDialog
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal, alive
from app.ui.supervisor import SupervisorDialog
from app.ui.sync_view import OutboxPage, SyncBridge, SyncIndicator
from app.ui.tasks import Tasks

Qt = QtCore.Qt


class MainWindow(QtWidgets.QMainWindow):
    closed = Signal()
    printed = Signal(object)  # PrintOutcome or the exception
    logout_requested = Signal()
    lock_changed = Signal(bool)  # True: locked

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
        devices: DeviceHub | None = None,
        bridge: DeviceBridge | None = None,
        save_devices: Callable[[DeviceSettings], DeviceSettings] | None = None,
        materials: MaterialsContext | None = None,
        forms: FormLibrary | None = None,
        lookups: PlatformLookups | None = None,
        supervisor: SupervisorGate | None = None,
        printing: PrintService | None = None,
        printer: str = "",
        print_on_accept: bool = False,
        language: str = "zh",
        security: SessionSecurity | None = None,
        audit: AuditTrail | None = None,
        support_bundle: Callable[[Path], object] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("一窗受理工作站 — {0}").format(desk.desk.window))
        self.resize(1280, 800)
        self._identity = identity
        self._desk = desk
        self._notices = notices
        self._db = database
        self._security = security
        self._audit = audit
        self._support_bundle = support_bundle
        self.tasks = Tasks(self)

        self._lookups = lookups
        self._supervisor = supervisor
        self._printing = printing
        self._printer = printer
        self.print_outcomes: list[object] = []  # what each print request did (PrintOutcome or exception)
        self.acceptance = AcceptancePage(
            desk,
            catalogue,
            self.tasks,
            today,
            materials,
            forms=forms,
            lookups=lookups,
            print_on_accept=print_on_accept,
            language="en" if language.startswith("en") else "zh",
        )
        self.case_model = CaseListModel(self._fetch_ids, self._fetch_rows, self)
        self.case_list = CaseListPage(self.case_model, today)
        self.delivery = DeliveryPage(desk, self.tasks)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.acceptance, self.tr("受理 (F2)"))
        self.tabs.addTab(self.case_list, self.tr("办件查询 (F3)"))
        self.tabs.addTab(self.delivery, self.tr("出件 (F6)"))
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
        # The pages and the locked screen share the central area: locking swaps the pages out entirely.
        self.screen_lock = ScreenLock(self, self.tabs, identity, self.tasks, security=security, audit=audit)
        self.lock_screen = self.screen_lock.screen
        self.screen_lock.lock_changed.connect(self.lock_changed)
        self.lock_screen.logout_requested.connect(self.logout)
        self._setup_account_menus()

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

        self._today = today
        self._devices = devices
        self._bridge = bridge
        self._save_devices = save_devices
        self._reader_state: tuple[ReaderState, str] = (ReaderState.OFF, "")
        self.reader_label = QtWidgets.QLabel()
        self.reader_label.setObjectName("readerState")
        self.pcsc_label = QtWidgets.QLabel()
        self.pcsc_label.setObjectName("pcscState")
        self.device_test = None
        self.place_card_button = None
        if devices is not None and bridge is not None:
            self._setup_devices(devices, bridge, status)

        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F2), self, self.show_acceptance)
        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F3), self, self.show_case_list)
        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F1), self, self.show_shortcuts)
        QtGui.QShortcut(QtGui.QKeySequence(Qt.Key.Key_F6), self, self.show_delivery)
        self.acceptance.case_decided.connect(self._on_case_decided)
        self.acceptance.export_requested.connect(self.export_notice)
        self.acceptance.print_requested.connect(self.print_document)
        self.acceptance.preview_requested.connect(self.preview_document)
        self.acceptance.pre_application_requested.connect(self.find_pre_application)
        self.delivery.print_requested.connect(self.print_document)
        self.delivery.delivered.connect(self._on_case_decided)
        self.case_list.case_opened.connect(self.open_case)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.case_list.apply_filter()

    # -- devices
    def _setup_devices(self, devices: DeviceHub, bridge: DeviceBridge, status: QtWidgets.QStatusBar) -> None:
        status.addPermanentWidget(self.reader_label)
        if devices.pcsc is not None:
            status.addPermanentWidget(self.pcsc_label)
            self._on_pcsc_state(PcscState.OFF, "")
        self._on_reader_state(ReaderState.OFF, "")
        menu = self.menuBar().addMenu(self.tr("设备(&D)"))
        menu.setObjectName("deviceMenu")
        settings = menu.addAction(
            self.tr("设备设置…"), QtGui.QKeySequence("Ctrl+Shift+D"), self.show_device_settings
        )
        settings.setObjectName("deviceSettingsAction")
        test = menu.addAction(self.tr("设备测试…"), QtGui.QKeySequence(Qt.Key.Key_F9), self.show_device_test)
        test.setObjectName("deviceTestAction")
        if devices.simulated:
            self.place_menu = self._place_card_menu(devices)
            menu.addSeparator()
            menu.addMenu(self.place_menu)
            self.place_card_button = QtWidgets.QToolButton()
            self.place_card_button.setObjectName("placeCardButton")
            self.place_card_button.setText(self.tr("放置证件 ▾"))
            self.place_card_button.setToolTip(
                self.tr("演示：在模拟读卡器上放置样例证件（Ctrl+Alt+1…6，取走 Ctrl+Alt+0）")
            )
            self.place_card_button.setMenu(self.place_menu)
            self.place_card_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
            status.addPermanentWidget(self.place_card_button)
        bridge.reader_state_changed.connect(self._on_reader_state)
        bridge.card_placed.connect(self.on_card_placed)
        bridge.read_failed.connect(self._on_read_failed)
        bridge.pcsc_state_changed.connect(self._on_pcsc_state)
        bridge.pcsc_card_identified.connect(self.acceptance.show_pcsc_card)
        bridge.pcsc_card_removed.connect(lambda _reader: self.acceptance.show_pcsc_card(None))
        bridge.card_placed.connect(self._audit_card_read)
        bridge.pcsc_card_identified.connect(self._audit_pcsc_card)

    def _audit_card_read(self, placed: CardPlaced) -> None:
        if self._audit is not None:  # the card's kind only: the holder is personal data
            self._audit.submit(self._identity.login, Action.CARD_READ, card_type=placed.card.card_type.value)

    def _audit_pcsc_card(self, read: PcscCardRead) -> None:
        if self._audit is not None and (read.social_security is not None or read.city is not None):
            kind = "social_security" if read.social_security is not None else "city"
            self._audit.submit(self._identity.login, Action.CARD_READ, card_type=kind)

    def _place_card_menu(self, devices: DeviceHub) -> QtWidgets.QMenu:
        menu = QtWidgets.QMenu(self.tr("放置证件(&P)"), self)
        menu.setObjectName("placeCardMenu")
        kinds = {
            CardType.RESIDENT: self.tr("居民身份证"),
            CardType.HMT_PERMIT: self.tr("港澳台居民居住证"),
            CardType.FOREIGNER_2017: self.tr("外国人永久居留身份证（2017版）"),
            CardType.FOREIGNER_2023: self.tr("外国人永久居留身份证（2023版）"),
        }
        for number, card in enumerate(SAMPLE_CARDS, start=1):
            note = ""
            if card.long_term:
                note = self.tr("（长期有效）")
            elif card.valid_until and card.valid_until < self._today():
                note = self.tr("（已过期）")
            action = menu.addAction(
                f"{kinds[card.card_type]}：{card.name}{note}",
                QtGui.QKeySequence(f"Ctrl+Alt+{number}"),
                lambda c=card: self.place_card(c),
            )
            action.setObjectName(f"placeCard{number}")
            self.addAction(action)  # the shortcut works while the menu is closed
        menu.addSeparator()
        remove = menu.addAction(
            self.tr("取走证件"), QtGui.QKeySequence("Ctrl+Alt+0"), devices.simulator.remove
        )
        remove.setObjectName("removeCard")
        self.addAction(remove)
        return menu

    def place_card(self, card: IdCardData) -> None:
        """Demo and training: put a sample card on the simulated reader (read like a real one)."""
        assert self._devices is not None
        self._devices.simulator.place(card)

    def on_card_placed(self, placed: object) -> None:
        """A card goes to the page in front: 出件 checks who collects, 受理 fills the applicant."""
        if self.tabs.currentWidget() is self.delivery:
            self.delivery.on_card_placed(placed)  # type: ignore[arg-type]
        else:
            self.acceptance.on_card_placed(placed)  # type: ignore[arg-type]

    def _on_reader_state(self, state: ReaderState, detail: str) -> None:
        self._reader_state = (state, detail)
        self.reader_label.setText(self.tr("身份证读卡器：{0}").format(reader_state_text(state)))
        self.reader_label.setToolTip(detail)
        colour = {ReaderState.READY: "#1b7f3b", ReaderState.OFF: "#666"}.get(state, "#c0392b")
        self.reader_label.setStyleSheet(f"color: {colour};")

    def _on_pcsc_state(self, state: PcscState, detail: str) -> None:
        self.pcsc_label.setText(self.tr("社保卡读卡器：{0}").format(pcsc_state_text(state)))
        self.pcsc_label.setToolTip(detail)

    def _on_read_failed(self, problem: ReadProblem, _detail: str) -> None:
        texts = {
            ReadProblem.PROTOCOL: self.tr("读卡器通信出错，正在自动重试；如持续出现请重新放置证件。"),
            ReadProblem.CARD: self.tr("证件读取失败，请将证件取下后重新放置。"),
        }
        self.acceptance.on_card_read_failed(texts[problem])

    def show_device_settings(self) -> None:
        from app.devices.idcard.probe import candidate_ports
        from app.ui.device_settings import DeviceSettingsDialog

        assert self._devices is not None
        save = self._save_devices or (lambda d: d)
        dialog = DeviceSettingsDialog(self._devices.settings, candidate_ports(), save, self)
        dialog.open()

    def show_device_test(self) -> None:
        from app.ui.device_test import DeviceTestDialog

        assert self._devices is not None
        assert self._bridge is not None
        if self.device_test is None:
            station = self._devices.idcard
            self.device_test = DeviceTestDialog(
                self._bridge,
                self.tasks,
                lambda: station.run(lambda driver: driver.sam_id()),
                self._reader_state,
                self,
            )
        self.device_test.show()
        self.device_test.raise_()

    # -- navigation
    def show_acceptance(self) -> None:
        self.tabs.setCurrentWidget(self.acceptance)
        self.acceptance.applicant.first_field().setFocus()

    def show_case_list(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.search.setFocus()
        self.case_list.search.selectAll()

    def show_update(self, notice: UpdateNotice | None) -> None:
        """The platform's view of this client version: a hint, a deadline, or a stop after the deadline."""
        if notice is None or notice.state is UpdateState.CURRENT:
            return
        label = QtWidgets.QLabel(self.tr("有新版本 {0}（当前 {1}）").format(notice.latest, notice.current))
        label.setObjectName("updateHint")
        self.statusBar().addPermanentWidget(label)
        if notice.state is UpdateState.AVAILABLE:
            return
        deadline = notice.deadline.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if notice.deadline else ""
        if notice.state is UpdateState.REQUIRED_SOON:
            text = self.tr(
                "本机版本 {0} 低于平台要求的 {1}。请在 {2} 前升级，逾期本机将暂停受理。请联系信息技术人员。"
            )
            icon = QtWidgets.QMessageBox.Icon.Warning
        else:
            text = self.tr(
                "本机版本 {0} 低于平台要求的 {1}，升级期限 {2} 已过，本机暂停受理新办件。请联系信息技术人员升级。"
            )
            icon = QtWidgets.QMessageBox.Icon.Critical
            self.acceptance.setEnabled(False)
        self.update_box = QtWidgets.QMessageBox(
            icon, self.tr("需要升级"), text.format(notice.current, notice.minimum, deadline), parent=self
        )
        self.update_box.setObjectName("updateRequired")
        self.update_box.open()

    def show_delivery(self) -> None:
        self.tabs.setCurrentWidget(self.delivery)
        self.delivery.search.setFocus()
        self.delivery.search.selectAll()

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
                "F2 受理　F3 办件查询　F6 出件　F4 上报队列（其中 F5 立即同步）\n"
                "Alt+1 自然人　Alt+2 法人\nAlt+N 姓名　Alt+I 证件号码　Alt+T 电话\n"
                "Alt+S 查找事项（↑↓选择，Enter确定）　Shift+Enter 追加事项（一表申报）　F5 调取网上预审\n"
                "Alt+M 材料清单（空格勾选）　F7 材料全部收齐　Ctrl+T 待办任务\n"
                "F8 扫描当前材料　Shift+F8 扫描下一项　Ctrl+F8 重扫选中页　F11 拍照　Ctrl+I 导入　Ctrl+L 电子证照\n"
                "Ctrl+1…9 选中页归入第N项材料；页面条上 Ctrl+←/→ 旋转　Alt+←/→ 移动　Del 删除　空格 放大\n"
                "Ctrl+Enter 受理　Ctrl+B 补正告知　Ctrl+R 不予受理　Ctrl+N 新办件\n"
                "Ctrl+P 打印通知书　Ctrl+Shift+P 预览　Ctrl+E 导出通知书\n"
                "Ctrl+Shift+D 设备设置　F9 设备测试　Ctrl+Alt+1…6 放置样例证件（演示）\n"
                "Ctrl+Shift+L 锁定屏幕"
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
        if self._audit is not None:  # read and audited in one transaction
            case = self._audit.view_case(self._identity.login, case_id)
        else:
            case = self._desk.load(case_id)
        if case is None:
            return None
        dialog = CaseDetailDialog(case, self._notices.documents_for(case_id), self)
        dialog.export_requested.connect(self.export_notice)
        dialog.preview_requested.connect(self.preview_document)
        dialog.print_requested.connect(self.print_document)
        dialog.reprint_requested.connect(lambda d: self.print_document(d, reprint=True))
        dialog.receipt_requested.connect(self._issue_receipt)
        dialog.decide_requested.connect(self._decide_existing)
        dialog.supervise_requested.connect(self._supervise)
        dialog.show()
        self.case_detail = dialog
        return dialog

    def _reopen_detail(self, case_id: str) -> None:
        detail = getattr(self, "case_detail", None)
        if detail is not None and alive(detail):  # the clerk may have closed it (deleted on close)
            detail.close()
        self.open_case(case_id)
        if self.tabs.currentWidget() is self.case_list:
            self.case_list.refresh()

    def _issue_receipt(self, case_id: str) -> None:
        self.tasks.run(
            lambda: self._desk.issue_receipt(case_id),
            lambda _d: self._reopen_detail(case_id),
            self._on_action_failed,
        )

    def _decide_existing(self, case_id: str, status: CaseStatus, received: frozenset[str]) -> None:
        def run(reason: str = "", ground: object = RejectionGround.OTHER) -> None:
            ground = RejectionGround(ground)  # a signal carries the enum as its str
            self.tasks.run(
                lambda: self._desk.decide_existing(
                    case_id, status, received=received, reason=reason, ground=ground
                ),
                lambda outcome: self._on_existing_decided(case_id, outcome),
                self._on_action_failed,
            )

        if status is CaseStatus.REJECTED:
            dialog = RejectDialog(self)
            dialog.decided.connect(run)
            dialog.open()
        elif status is CaseStatus.SUPPLEMENT_REQUESTED:
            case = self._desk.load(case_id)
            missing = (
                [m.name for m in case.materials if not m.received and m.material_id not in received]
                if case
                else []
            )
            supplement = SupplementDialog(missing, self)
            supplement.decided.connect(run)
            supplement.open()
        else:
            run()

    def _on_existing_decided(self, case_id: str, outcome: DecisionOutcome) -> None:
        self.statusBar().showMessage(
            self.tr("办件 {0}：{1}").format(outcome.case.number, messages.status_label(outcome.case.status)),
            8000,
        )
        self._on_case_decided(outcome)
        self._reopen_detail(case_id)

    def _supervise(self, case_id: str, target: CaseStatus) -> None:
        if self._supervisor is None:
            return
        case = self._desk.load(case_id)
        purpose = (
            self.tr("作废办件 {0}") if target is CaseStatus.VOIDED else self.tr("重新开启办件 {0}")
        ).format(case.number if case else case_id)
        dialog = SupervisorDialog(
            self._supervisor,
            self.tasks,
            purpose=purpose,
            requested_by=self._identity.login,
            subject=case.number if case else case_id,
            parent=self,
        )
        dialog.confirmed.connect(
            lambda who, reason: self.tasks.run(
                lambda: self._desk.supervise(case_id, target, who.actor, reason),
                lambda _case: self._reopen_detail(case_id),
                self._on_action_failed,
            )
        )
        dialog.open()
        self.supervisor_dialog = dialog

    def _on_action_failed(self, exc: BaseException) -> None:
        text = (
            messages.failure(exc)
            if isinstance(exc, EnvironmentFailure)
            else self.tr("操作未完成：{0}").format(exc)
        )
        QtWidgets.QMessageBox.warning(self, self.tr("未能完成"), text)

    def find_pre_application(self) -> None:
        if self._lookups is None:
            return
        holder = self.acceptance.applicant.id_number.text()
        dialog = PreApplicationDialog(self._lookups, self.tasks, holder, self)
        dialog.chosen.connect(self.acceptance.continue_pre_application)
        dialog.open()
        self.pre_application_dialog = dialog

    # -- printing
    def print_document(self, document_id: int, *, reprint: bool = False) -> None:
        """Print through the ledger on a worker: a repeated request prints nothing more."""
        if self._printing is None:
            return
        from app.ui.printing import resolve_printer

        printing = self._printing
        printer = resolve_printer(self._printer)
        key = uuid.uuid4().hex if reprint else None
        login = self._identity.login
        self.tasks.run(
            lambda: printing.print_document(document_id, printer, login, reprint_key=key),
            self._on_printed,
            self._on_print_failed,
        )

    def _on_printed(self, outcome: PrintOutcome) -> None:
        self.print_outcomes.append(outcome)
        texts = {
            PrintResult.PRINTED: self.tr("已发送到打印机 {0}（第 {1} 份，共 {2} 页）"),
            PrintResult.ALREADY_PRINTED: self.tr(
                "该通知书已打印过（{0}），未重复打印；如需再打请在办件详情中选择重打"
            ),
            PrintResult.UNCERTAIN: self.tr(
                "上次打印可能已输出，请检查打印机 {0}；未打出时请在办件详情中选择重打"
            ),
        }
        self.statusBar().showMessage(
            texts[outcome.result].format(outcome.printer, outcome.copy, outcome.pages), 12000
        )
        self.printed.emit(outcome)

    def _on_print_failed(self, exc: BaseException) -> None:
        self.print_outcomes.append(exc)
        text = (
            self.tr("打印失败：打印机不可用，请检查打印机后按 Ctrl+P 重试（不会重复打印）。")
            if isinstance(exc, EnvironmentFailure)
            else self.tr("打印失败：{0}").format(exc)
        )
        self.statusBar().showMessage(text, 12000)
        self.printed.emit(exc)

    def preview_document(self, document_id: int) -> None:
        from app.ui.printing import PreviewDialog

        notices = self._notices
        title = self.tr("通知书")

        def show(data: bytes) -> None:
            dialog = PreviewDialog(title, data, self)
            dialog.print_button.clicked.connect(lambda: self.print_document(document_id))
            dialog.show()
            self.preview = dialog

        self.tasks.run(lambda: notices.pdf_bytes(document_id), show, self._on_action_failed)

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

    # -- account: lock, password, logout, support bundle
    def _setup_account_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("账户(&A)"))
        menu.setObjectName("accountMenu")
        lock = menu.addAction(
            self.tr("锁定屏幕"), QtGui.QKeySequence("Ctrl+Shift+L"), lambda: self.lock("manual")
        )
        lock.setObjectName("lockAction")
        if self._security is not None:
            change = menu.addAction(self.tr("修改密码…"), self.change_password)
            change.setObjectName("changePasswordAction")
        menu.addSeparator()
        logout = menu.addAction(self.tr("注销"), QtGui.QKeySequence("Ctrl+Shift+Q"), self.logout)
        logout.setObjectName("logoutAction")
        if self._support_bundle is not None:
            help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
            help_menu.setObjectName("helpMenu")
            bundle = help_menu.addAction(self.tr("生成支持包（供信息技术人员）…"), self.make_support_bundle)
            bundle.setObjectName("supportBundleAction")

    @property
    def locked(self) -> bool:
        return self.screen_lock.locked

    def lock(self, reason: str = "idle") -> None:
        self.screen_lock.lock(reason)

    def unlock(self) -> None:
        self.screen_lock.unlock()

    def logout(self) -> None:
        """The launcher audits it, closes this window and shows the login window again."""
        self.logout_requested.emit()

    def change_password(self) -> None:
        from app.ui.password_dialog import PasswordDialog

        assert self._security is not None
        security, login = self._security, self._identity.login
        dialog = PasswordDialog(lambda old, new: security.change_password(login, old, new), self.tasks, self)
        dialog.set_min_length(security.password_policy.min_length)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(self.tr("密码已修改。"), 8000))
        dialog.open()

    def make_support_bundle(self) -> None:
        assert self._support_bundle is not None
        start = str(Path.home() / "yichuang-support.zip")
        target, _ = QtWidgets.QFileDialog.getSaveFileName(self, self.tr("生成支持包"), start, "ZIP (*.zip)")
        if not target:
            return
        build = self._support_bundle
        self.tasks.run(
            lambda: build(Path(target)),
            lambda _r: self.statusBar().showMessage(self.tr("支持包已生成：{0}").format(target), 8000),
            lambda exc: QtWidgets.QMessageBox.warning(
                self, self.tr("生成支持包"), self.tr("生成支持包失败：{0}").format(type(exc).__name__)
            ),
        )

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.sync_bridge is not None:
            self.sync_bridge.detach()
        self.tasks.shutdown()
        self.closed.emit()
        super().closeEvent(event)
