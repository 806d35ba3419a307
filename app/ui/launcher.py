"""Start-up: the login window first (fast), the encrypted store opened behind it, then the main window."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future

from app.domain.clock import CHINA_TZ, Clock, SystemClock
from app.domain.errors import EnvironmentFailure
from app.runtime import freeze_heap, thaw_heap
from app.settings import DEMO_CLERK, RESOURCES, Settings
from app.ui.application import create_application
from app.ui.login import LoginWindow
from app.ui.qt import QtCore, QtWidgets, Signal
from app.ui.tasks import Tasks

log = logging.getLogger(__name__)


def _probe(event: str) -> None:
    """YC_STARTUP_PROBE=1 prints start-up milestones for benchmarks and package tests."""
    if os.environ.get("YC_STARTUP_PROBE"):
        print(f"startup-probe: {event}", flush=True)


class _FirstPaint(QtCore.QObject):
    """Calls back once, after the watched window has painted for the first time."""

    def __init__(self, watched: QtWidgets.QWidget, callback: Callable[[], None]) -> None:
        super().__init__(watched)
        self._callback: Callable[[], None] | None = callback
        watched.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            QtCore.QTimer.singleShot(0, callback)  # after this paint has reached the screen
        return False


class Launcher(QtCore.QObject):
    """Owns the start-up sequence; emits `finished(exit_code)` when the app should end."""

    finished = Signal(int)
    store_opened = Signal()

    def __init__(
        self,
        settings: Settings,
        clock: Clock | None = None,
        *,
        start_services: Callable[[], object] | None = None,
        sync_overrides: dict[str, object] | None = None,
        idle_after: dt.timedelta | None = None,
    ) -> None:
        super().__init__()
        self._sync_overrides = sync_overrides  # tests shorten the sync engine's timings
        # Services the composition root wants started behind the login window (the demo's platform).
        self._start_services = start_services
        self._services_ready: Future[object] | None = None
        self.settings = settings
        self.clock = clock or SystemClock()
        self.tasks = Tasks(self)
        self.workspace = None
        self.main_window = None
        self.devices = None
        self.device_bridge = None
        self.capture = None
        self.capture_bridge = None
        self.identity: object | None = None
        self.idle = None
        # The screen locks after this long without input ([security] idle_lock_minutes; tests shorten it).
        self._idle_after = idle_after or dt.timedelta(minutes=settings.security.idle_lock_minutes)
        self._logging_out = False
        self._retention_timer: QtCore.QTimer | None = None
        self._opening = False
        demo_hint = None
        if settings.demo:
            demo_hint = (DEMO_CLERK[0], DEMO_CLERK[1])
        self.login = LoginWindow(settings.hall.name, settings.window, demo_hint)
        self.login.login_requested.connect(self._authenticate)

    def start(self) -> None:
        # Sync, device and writer threads share the GIL with the GUI thread: hand it over every 1 ms
        # instead of 5 ms, so that the window stays responsive while hundreds of cases drain.
        sys.setswitchinterval(0.001)
        screen = self.login.screen().availableGeometry()
        self.login.adjustSize()
        self.login.move(screen.center() - self.login.rect().center())
        # The store opens only after the login window has painted: opening it imports SQLAlchemy and
        # friends on a worker thread, which would otherwise compete with the first paint for the GIL.
        # The clerk needs longer to type a password than the store needs to open.
        _FirstPaint(self.login, self._on_login_painted)
        QtCore.QTimer.singleShot(1000, self._open_store)  # in case no paint ever arrives (minimised)
        self.login.show()

    def _on_login_painted(self) -> None:
        _probe("login window painted")
        self._open_store()

    def _open_store(self) -> None:
        if self._opening:
            return
        self._opening = True
        if self._start_services is not None:
            self._services_ready = self.tasks.submit(self._start_services)
        from app.services.workspace import Workspace

        self.tasks.run(
            lambda: Workspace.open(self.settings, self.clock, self._sync_overrides, exclusive=True),  # type: ignore[arg-type]
            self._on_opened,
            self._on_open_failed,
        )

    def _on_opened(self, workspace: object) -> None:
        _probe("store opened")
        self.workspace = workspace
        self.login.set_ready(True, "")
        self.store_opened.emit()
        self._start_retention()

    def _start_retention(self) -> None:
        """The retention purge now, behind the login window, and then once a day."""
        self._run_retention()
        self._retention_timer = QtCore.QTimer(self)
        self._retention_timer.setInterval(24 * 3600 * 1000)
        self._retention_timer.timeout.connect(self._run_retention)
        self._retention_timer.start()

    def _run_retention(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        retention = workspace.retention  # type: ignore[attr-defined]
        self.tasks.run(retention.run_once, lambda _report: None, lambda _exc: None)  # failures are logged

    def _on_open_failed(self, exc: BaseException) -> None:
        from app.ui import messages

        _probe(f"store failed: {type(exc).__name__}")

        if isinstance(exc, EnvironmentFailure):
            text = messages.failure(exc)
            code = 3
        else:
            log.error("start-up failed", exc_info=exc)
            text = self.tr("程序启动失败，数据未被改动。请联系信息技术人员，并提供日志目录中的日志。")
            code = 4
        self.login.set_ready(False, text)
        self.refusal_text = text
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Critical, self.tr("无法启动"), text, parent=self.login
        )
        box.setObjectName("startupFailure")
        box.finished.connect(lambda _r: self.finished.emit(code))
        box.open()

    def _authenticate(self, login: str, password: str) -> None:
        workspace = self.workspace
        assert workspace is not None
        services = self._services_ready

        def log_in() -> object:
            if services is not None:
                services.result(timeout=30)  # the platform this login goes to must be up first
            return workspace.login.login(login, password)  # type: ignore[attr-defined]

        self.tasks.run(log_in, self._on_authenticated, self._on_auth_failed)

    def _on_authenticated(self, outcome: object) -> None:
        from app.store.clerks import LoginRefusal

        result = outcome.result  # type: ignore[attr-defined]
        identity = result.identity
        if identity is None:
            refusal = result.refusal  # type: ignore[attr-defined]
            if refusal is LoginRefusal.LOCKED:
                until = result.locked_until.astimezone(CHINA_TZ).strftime("%H:%M")  # type: ignore[attr-defined]
                text = self.tr("登录失败次数过多，账号已锁定至 {0}。").format(until)
            elif refusal is LoginRefusal.DISABLED:
                text = self.tr("该账号已停用，请联系管理员。")
            elif refusal is LoginRefusal.OFFLINE_EXPIRED:
                text = self.tr(
                    "无法连接政务服务平台，且本机离线登录已过期（或本账号从未在本机联网登录）。请联网后再登录。"
                )
            else:
                left = result.attempts_left  # type: ignore[attr-defined]
                text = self.tr("工号或密码不正确。") + (
                    self.tr("再错 {0} 次账号将被锁定。").format(left)
                    if left is not None and left <= 2
                    else ""
                )
            self.login.show_refusal(text)
            return
        self._show_main_window(identity)

    def _on_auth_failed(self, exc: BaseException) -> None:
        from app.ui import messages

        text = (
            messages.failure(exc) if isinstance(exc, EnvironmentFailure) else self.tr("登录时出错，请重试。")
        )
        self.login.show_refusal(text)

    def _show_main_window(self, identity: object) -> None:
        from app.services.devices import DeviceHub
        from app.ui.device_bridge import DeviceBridge, listeners
        from app.ui.idle import IdleWatcher
        from app.ui.main_window import MainWindow

        workspace = self.workspace
        assert workspace is not None
        self.identity = identity
        bridge = DeviceBridge(self)
        card_listener, pcsc_listener = listeners(bridge)
        devices = DeviceHub(self.settings.devices, card_listener, pcsc_listener, bridge.frame)
        self.devices, self.device_bridge = devices, bridge
        materials = self._materials_context(workspace, identity)
        window = MainWindow(
            identity=identity,  # type: ignore[arg-type]
            desk=workspace.desk_for(identity),  # type: ignore[attr-defined]
            notices=workspace.notices,  # type: ignore[attr-defined]
            catalogue=workspace.catalogue,  # type: ignore[attr-defined]
            database=workspace.store.database,  # type: ignore[attr-defined]
            today=lambda: self.clock.now().astimezone(CHINA_TZ).date(),
            now=self.clock.now,
            demo=self.settings.demo,
            sync=workspace.sync,  # type: ignore[attr-defined]
            devices=devices,
            bridge=bridge,
            save_devices=self._save_devices,
            materials=materials,
            forms=workspace.forms,  # type: ignore[attr-defined]
            lookups=workspace.lookups,  # type: ignore[attr-defined]
            supervisor=workspace.supervisor,  # type: ignore[attr-defined]
            printing=self._print_service(workspace),
            printer=self.settings.devices.printer,
            print_on_accept=self.settings.print_on_accept,
            language=self.settings.language,
            security=workspace.security,  # type: ignore[attr-defined]
            audit=workspace.audit,  # type: ignore[attr-defined]
            support_bundle=self._support_bundle,
        )
        if window.sync_bridge is not None:
            window.sync_bridge.catalogue_reloaded.connect(window.acceptance.set_catalogue)
            workspace.on_catalogue_reloaded = window.sync_bridge.catalogue_reloaded.emit  # type: ignore[attr-defined]
        sync = workspace.sync  # type: ignore[attr-defined]
        if sync is not None and not sync.started:
            sync.start()
            self.tasks.run(workspace.check_version, window.show_update, lambda _exc: None)  # type: ignore[attr-defined]
        window.closed.connect(self._on_main_closed)
        window.logout_requested.connect(self.logout)
        app = QtWidgets.QApplication.instance()
        assert app is not None
        idle = IdleWatcher(app, int(self._idle_after.total_seconds() * 1000), self)
        idle.timed_out.connect(lambda: window.lock("idle"))
        window.lock_changed.connect(lambda locked: idle.stop() if locked else idle.start())
        self.idle = idle
        self.main_window = window
        window.showMaximized()
        window.raise_()
        window.activateWindow()
        window.show_acceptance()
        self.login.hide()
        devices.start()
        if self.capture is not None:
            self.capture.start()  # type: ignore[attr-defined]
        idle.start()
        # Once the window is up: the start-up heap leaves the collector's sight (app/runtime.py).
        QtCore.QTimer.singleShot(0, self._freeze_heap)

    def _materials_context(self, workspace: object, identity: object) -> object:
        """Scanner station and watched folder on their own threads, the camera, the page service."""
        from app.services.capture import CaptureHub
        from app.ui.capture_bridge import CaptureBridge, ScanAdapter
        from app.ui.materials_panel import MaterialsContext
        from app.ui.pdf_render import QtPdfRenderer

        devices = self.settings.devices
        bridge = CaptureBridge(self)
        listener = ScanAdapter(bridge)
        renderer = QtPdfRenderer()
        self.capture = CaptureHub(devices, listener, listener, renderer=renderer)
        self.capture_bridge = bridge

        def camera() -> object:
            from app.ui.camera import QtDocumentCamera

            return QtDocumentCamera(devices.camera)

        return MaterialsContext(
            service=workspace.materials_for(identity),  # type: ignore[attr-defined]
            capture=self.capture,
            bridge=bridge,
            elicences=workspace.elicences,  # type: ignore[attr-defined]
            camera=None if devices.camera == "none" else camera,  # type: ignore[arg-type]
            renderer=renderer,
        )

    def _print_service(self, workspace: object) -> object:
        """Notices go to CUPS through lp where it exists (Linux), else through QPrinter (app.ui.printing)."""
        from app.devices.printing.cups import CupsSpooler
        from app.services.printing import PrintService
        from app.ui.printing import QtPrinterSpooler

        spooler = CupsSpooler() if CupsSpooler.available() else QtPrinterSpooler()
        return PrintService(
            workspace.store,  # type: ignore[attr-defined]
            workspace.notices,  # type: ignore[attr-defined]
            spooler,
            self.clock,
        )

    def _record_logout(self, reason: str) -> None:
        if self.workspace is not None and self.identity is not None:
            from app.store.audit import Action

            login = self.identity.login  # type: ignore[attr-defined]
            self.workspace.audit.submit(login, Action.LOGGED_OUT, reason=reason)  # type: ignore[attr-defined]

    def _on_main_closed(self) -> None:
        if self._logging_out:
            return
        self._record_logout("closed")
        self.finished.emit(0)

    def logout(self) -> None:
        """注销: the main window and the devices go, the login window comes back for the next clerk."""
        if self.main_window is None:
            return
        self._record_logout("logout")
        self._logging_out = True
        try:
            self._close_main_window()
        finally:
            self._logging_out = False
        self.identity = None
        self.login.password_edit.clear()
        self.login.show()
        self.login.raise_()
        self.login.activateWindow()
        self.login.set_ready(True, self.tr("已注销。"))

    def _freeze_heap(self) -> None:
        if self.main_window is not None:
            freeze_heap()

    def _close_main_window(self) -> None:
        thaw_heap()
        if self.idle is not None:
            self.idle.stop()  # type: ignore[attr-defined]
            self.idle.deleteLater()  # type: ignore[attr-defined]
            self.idle = None
        if self.devices is not None:
            self.devices.stop()  # type: ignore[attr-defined]  # joins the device threads first
            self.devices = None
        if self.capture is not None:
            self.capture.stop()  # type: ignore[attr-defined]  # joins the scanner and folder threads
            self.capture = None
        if self.main_window is not None:
            self.main_window.tasks.shutdown()
            self.main_window.close()
            self.main_window.deleteLater()
            self.main_window = None

    def _support_bundle(self, target: object) -> object:
        """帮助 > 生成支持包: built with the running store (no second opening of the data directory)."""
        from pathlib import Path

        from app import support
        from app.store.audit import Action

        assert isinstance(target, Path)
        workspace = self.workspace
        assert workspace is not None
        lines = []
        if self.main_window is not None:
            lines = [self.main_window.reader_label.text(), self.main_window.pcsc_label.text()]
        path = support.build(self.settings, target, store=workspace.store, device_lines=lines)  # type: ignore[attr-defined]
        if self.identity is not None:
            login = self.identity.login  # type: ignore[attr-defined]
            workspace.audit.record(login, Action.SUPPORT_BUNDLE)  # type: ignore[attr-defined]
        return path

    def _save_devices(self, chosen: object) -> object:
        """The device settings page saved: store the choice and switch the reader now."""
        from dataclasses import fields, replace

        from app.settings import DeviceSettings, save_device_settings

        assert isinstance(chosen, DeviceSettings)
        before = self.settings.devices
        settings = save_device_settings(self.settings, chosen)
        self.settings = replace(self.settings, devices=settings.devices)
        changed = [
            f.name for f in fields(before) if getattr(before, f.name) != getattr(settings.devices, f.name)
        ]
        if changed and self.workspace is not None and self.identity is not None:
            from app.store.audit import Action

            login = self.identity.login  # type: ignore[attr-defined]
            self.workspace.audit.submit(login, Action.SETTINGS_CHANGED, section="devices", keys=changed)  # type: ignore[attr-defined]
        if self.devices is not None:
            self.devices.reconfigure(settings.devices)  # type: ignore[attr-defined]
        return settings.devices

    def shutdown(self) -> None:
        """Stop workers and close the store; safe to call twice."""
        if self._retention_timer is not None:
            self._retention_timer.stop()
        self._close_main_window()
        self.tasks.shutdown()
        self.login.close()
        self.login.deleteLater()
        if self.workspace is not None:
            self.workspace.close()  # type: ignore[attr-defined]
            self.workspace = None


def run_gui(settings: Settings, start_services: Callable[[], object] | None = None) -> int:
    from app import crash, logs

    logs.configure(settings.data_dir / "logs")
    crash.install(settings.data_dir / "logs")
    for warning in settings.warnings:
        log.warning("setting ignored: %s", warning)
    app = create_application(
        sys.argv, fonts_dir=settings.fonts_dir, i18n_dir=RESOURCES / "i18n", language=settings.language
    )
    launcher = Launcher(settings, start_services=start_services)
    launcher.finished.connect(app.exit)
    launcher.start()
    code = app.exec()
    launcher.shutdown()
    return code
