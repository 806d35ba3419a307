"""Situation questions, the material checklist and each material's pages: scan, photograph, import, order.

The checklist of the desk (show_item, answers, checklist, received, missing, clear, set_read_only,
`changed`), with pages per slot. Keyboard first: F8 scans into the current material, Shift+F8 moves to
the next missing one and scans, Ctrl+F8 re-scans the selected page, F11 photographs, Ctrl+I imports,
Ctrl+1…9 assigns the selected pages to material N, and on the strip Ctrl+←/→ rotate, Alt+←/→ move, Del
deletes, Space zooms. (Ctrl+R is the desk's 不予受理, F6 its 出件 page, F5 its pre-applications.)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from app.devices.scanning.camera import DocumentCamera
from app.devices.scanning.files import ImportResult, PdfRenderer, read_files
from app.devices.scanning.source import AcquiredPage, PaperSource, ScanProblem
from app.domain.catalogue import Material, ServiceItem
from app.services.capture import CaptureHub
from app.services.elicences import ElicenceService, Lookup, LookupResult
from app.services.materials import DraftPage, MaterialsService, SlotDraft
from app.ui import material_messages
from app.ui.capture_bridge import CaptureBridge
from app.ui.page_strip import PageStrip, SlotList
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal
from app.ui.tasks import Tasks

Qt = QtCore.Qt
Entry = DraftPage | str  # a page, or the token of a page still in the pipeline


@dataclass(frozen=True)
class MaterialsContext:
    """What the panel works with; every part is optional (a desk without a scanner still imports)."""

    service: MaterialsService
    capture: CaptureHub | None = None
    bridge: CaptureBridge | None = None
    elicences: ElicenceService | None = None
    camera: Callable[[], DocumentCamera] | None = None
    renderer: PdfRenderer | None = None


@dataclass(frozen=True)
class LicenceSlot:
    licence_type: str
    holder_id: str
    licence_ref: str | None  # None: 待核验 (the platform could not be asked)
    number: str = ""


class MaterialsPanel(QtWidgets.QGroupBox):
    changed = Signal()
    pages_changed = Signal()  # pages added, removed, moved or rotated (tests and totals wait on it)

    def __init__(
        self,
        tasks: Tasks | None = None,
        context: MaterialsContext | None = None,
        holder_id: Callable[[], str] = str,
    ) -> None:
        super().__init__()
        self.setTitle(self.tr("情形与材料"))
        self.setObjectName("checklist")
        self._tasks = tasks
        self._context = context
        self._holder_id = holder_id
        self._item: ServiceItem | None = None
        self._questions: dict[str, QtWidgets.QCheckBox] = {}
        self._received: set[str] = set()
        self._pages: dict[str, list[Entry]] = {}
        self._licences: dict[str, LicenceSlot] = {}
        self._jobs: dict[int, tuple[str, str | None]] = {}  # scan job -> (material id, page to replace)
        self._committed = False
        self._read_only = False

        self.summary = QtWidgets.QLabel(self.tr("请先选择申请事项。"))
        self.summary.setObjectName("itemSummary")
        self.summary.setWordWrap(True)
        self.questions_box = QtWidgets.QWidget()
        self.questions_layout = QtWidgets.QVBoxLayout(self.questions_box)
        self.questions_layout.setContentsMargins(0, 0, 0, 0)
        self.strip = PageStrip()
        self.materials = SlotList(self.strip, self._on_pages_dropped)
        self.materials.setObjectName("materialList")
        self.materials.setUniformItemSizes(True)
        self.all_button = QtWidgets.QPushButton(self.tr("材料全部收齐 (F7)"))
        self.all_button.setObjectName("allReceived")
        self.all_button.setEnabled(False)
        self.count = QtWidgets.QLabel()
        self.count.setObjectName("materialCount")
        self.totals_label = QtWidgets.QLabel()
        self.totals_label.setObjectName("materialTotals")
        self.notice = QtWidgets.QLabel()
        self.notice.setObjectName("materialNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        def button(text: str, name: str, slot: Callable[[], object]) -> QtWidgets.QPushButton:
            widget = QtWidgets.QPushButton(text)
            widget.setObjectName(name)
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            widget.clicked.connect(slot)
            return widget

        self.scan_button = button(self.tr("扫描 (F8)"), "scanButton", self.scan_current)
        self.scan_next_button = button(self.tr("扫描下一项 (Shift+F8)"), "scanNextButton", self.scan_next)
        self.camera_button = button(self.tr("拍照 (F11)"), "cameraButton", self.photograph)
        self.import_button = button(self.tr("导入 (Ctrl+I)"), "importButton", self.import_files)
        self.licence_button = button(self.tr("电子证照 (Ctrl+L)"), "licenceButton", self.use_licence)
        self.rotate_left_button = button(self.tr("左转 (Ctrl+←)"), "rotateLeft", lambda: self.rotate(-1))
        self.rotate_right_button = button(self.tr("右转 (Ctrl+→)"), "rotateRight", lambda: self.rotate(1))
        self.delete_button = button(self.tr("删除 (Del)"), "deletePage", self.delete_selected)
        self.rescan_button = button(self.tr("重扫此页 (Ctrl+F8)"), "rescanPage", self.rescan_selected)
        self.zoom_button = button(self.tr("放大 (空格)"), "zoomPage", self.zoom_selected)
        self.tasks_button = button(self.tr("待办任务 (Ctrl+T)"), "tasksButton", self.show_tasks)
        self.tasks_button.setVisible(context is not None and context.elicences is not None)
        self.assign_hint = QtWidgets.QLabel(self.tr("选中页面按 Ctrl+1…9 归入第N项材料，或拖到材料上"))
        self.assign_hint.setObjectName("assignHint")
        self.assign_hint.setStyleSheet("color: #666;")

        label = QtWidgets.QLabel(self.tr("材料清单(&M)"))
        label.setBuddy(self.materials)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.tasks_button)
        bottom.addWidget(self.all_button)
        capture_row = QtWidgets.QHBoxLayout()
        for widget in (
            self.scan_button,
            self.scan_next_button,
            self.camera_button,
            self.import_button,
            self.licence_button,
        ):
            capture_row.addWidget(widget)
        page_row = QtWidgets.QHBoxLayout()
        for widget in (
            self.rotate_left_button,
            self.rotate_right_button,
            self.delete_button,
            self.rescan_button,
            self.zoom_button,
        ):
            page_row.addWidget(widget)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.questions_box)
        layout.addWidget(label)
        layout.addWidget(self.materials, 1)
        layout.addLayout(bottom)
        layout.addLayout(capture_row)
        # The page strip and its keys appear with the case's first page: until then the form below
        # gets the room.
        self.page_area = QtWidgets.QWidget()
        self.page_area.setObjectName("pageArea")
        page_layout = QtWidgets.QVBoxLayout(self.page_area)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.strip)
        page_layout.addLayout(page_row)
        page_layout.addWidget(self.assign_hint)
        self.page_area.hide()
        layout.addWidget(self.page_area)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.notice)

        self.materials.itemChanged.connect(self._on_item_changed)
        self.materials.currentRowChanged.connect(lambda _row: self._show_strip())
        self.all_button.clicked.connect(self.mark_all_received)
        self.strip.reordered.connect(self._on_reordered)
        self.strip.itemActivated.connect(lambda _item: self.zoom_selected())
        window = Qt.ShortcutContext.WindowShortcut
        strip_only = Qt.ShortcutContext.WidgetWithChildrenShortcut
        # A QShortcut acts at once; a button's own shortcut animates a click and fires 100 ms later.
        for keys, action, scope, target in (
            ("F7", self._mark_all_if_enabled, window, self),
            ("F8", self.scan_current, window, self),
            ("Shift+F8", self.scan_next, window, self),
            ("F11", self.photograph, window, self),
            ("Ctrl+I", self.import_files, window, self),
            ("Ctrl+Shift+I", self.import_folder, window, self),
            ("Ctrl+L", self.use_licence, window, self),
            ("Ctrl+F8", self.rescan_selected, window, self),
            ("Ctrl+T", self.show_tasks, window, self),
            ("Ctrl+Left", lambda: self.rotate(-1), strip_only, self.strip),
            ("Ctrl+Right", lambda: self.rotate(1), strip_only, self.strip),
            ("Alt+Left", lambda: self.move_selected(-1), strip_only, self.strip),
            ("Alt+Right", lambda: self.move_selected(1), strip_only, self.strip),
            ("Delete", self.delete_selected, strip_only, self.strip),
            ("Space", self.zoom_selected, strip_only, self.strip),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), target, action)
            shortcut.setContext(scope)  # PySide6 ignores context= beside a callable
        for number in range(1, 10):
            QtGui.QShortcut(
                QtGui.QKeySequence(f"Ctrl+{number}"),
                self,
                lambda n=number: self.assign_selected(n - 1),
                context=window,
            )
        if context is not None and context.bridge is not None:
            bridge = context.bridge
            bridge.page_scanned.connect(self._on_page_scanned)
            bridge.scan_finished.connect(self._on_scan_finished)
            bridge.scan_failed.connect(self._on_scan_failed)
            bridge.folder_imported.connect(self._on_folder_imported)
        self._update_buttons()
        self._update_totals()
        self.refresh_task_count()
        self._task_timer = QtCore.QTimer(self)
        self._task_timer.timeout.connect(self.refresh_task_count)
        self._task_timer.start(30_000)  # tasks appear after a sync pass re-checked an e-licence

    # -- follow-up tasks
    def refresh_task_count(self) -> None:
        elicences = self._context.elicences if self._context is not None else None
        if elicences is None or self._tasks is None:
            return
        self._tasks.run(lambda: len(elicences.tasks()), self._show_task_count, lambda _exc: None)

    def _show_task_count(self, count: int) -> None:
        self.tasks_button.setText(
            self.tr("待办任务 {0} 项 (Ctrl+T)").format(count) if count else self.tr("待办任务 (Ctrl+T)")
        )
        self.tasks_button.setStyleSheet("color: #c0392b; font-weight: bold;" if count else "")

    def show_tasks(self) -> None:
        elicences = self._context.elicences if self._context is not None else None
        if elicences is None or self._tasks is None or self._context is None:
            return
        from app.ui.material_tasks import ClerkTasksDialog

        dialog = ClerkTasksDialog(elicences, self._tasks, self._context.service.clerk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.refresh_task_count())
        dialog.open()
        self.tasks_dialog = dialog

    # -- content
    def show_item(self, item: ServiceItem) -> None:
        self._discard_unlisted(keep=set())
        self._item = item
        self._received.clear()
        self._committed = False
        limits = (
            self.tr("法定时限 {0} 个工作日").format(item.legal_limit_days)
            if item.legal_limit_days
            else self.tr("无法定时限")
        )
        promised = (
            self.tr("当场办结")
            if item.promised_limit_days == 0
            else self.tr("承诺 {0} 个工作日").format(item.promised_limit_days)
        )
        self.summary.setText(
            f"<b>{item.name}</b><br>{item.department}　·　{limits}　·　{promised}　·　{item.fee.description}"
        )
        self._clear_questions()
        for number, question in enumerate(item.questions, start=1):
            box = QtWidgets.QCheckBox(f"{question.text}（&{number}）" if number <= 9 else question.text)
            box.setObjectName(f"question_{question.id}")
            box.toggled.connect(self._refresh_materials)
            self.questions_layout.addWidget(box)
            self._questions[question.id] = box
        self.all_button.setEnabled(True)
        self._refresh_materials()

    def _clear_questions(self) -> None:
        while self.questions_layout.count():
            widget = self.questions_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._questions = {}

    def clear(self) -> None:
        """A new case: drafts that were never recorded are deleted with their files."""
        self._discard_unlisted(keep=set())
        self._item = None
        self._received.clear()
        self._licences.clear()
        self._jobs.clear()
        self._committed = False
        self._clear_questions()
        self.materials.clear()
        self.strip.clear()
        self.summary.setText(self.tr("请先选择申请事项。"))
        self.count.clear()
        self.notice.hide()
        self.all_button.setEnabled(False)
        self._update_totals()
        self._update_buttons()
        self.refresh_task_count()
        self.changed.emit()

    def _discard_unlisted(self, keep: set[str]) -> None:
        dropped = [
            entry
            for material_id, entries in self._pages.items()
            if material_id not in keep
            for entry in entries
            if isinstance(entry, DraftPage)
        ]
        self._pages = {k: v for k, v in self._pages.items() if k in keep}
        if dropped and not self._committed:
            self._discard(dropped)

    def _discard(self, pages: list[DraftPage]) -> None:
        if self._context is None or not pages:
            return
        service = self._context.service
        if self._tasks is None:
            service.discard(pages)
        else:
            self._tasks.run(lambda: service.discard(pages), lambda _n: None, self._on_failed)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for box in self._questions.values():
            box.setEnabled(not read_only)
        self.materials.setEnabled(True)  # pages of a decided case can still be looked at
        self.materials.setProperty("readOnly", read_only)
        self.all_button.setEnabled(not read_only and self._item is not None)
        self.strip.setDragEnabled(not read_only)
        self._update_buttons()

    def mark_committed(self) -> None:
        """The case was recorded with these pages: they are no longer drafts to delete."""
        self._committed = True

    def _refresh_materials(self) -> None:
        current = self.current_material_id()
        self.materials.blockSignals(True)
        self.materials.clear()
        listed = self.checklist()
        for number, material in enumerate(listed, start=1):
            entry = QtWidgets.QListWidgetItem(self._describe(number, material))
            entry.setData(Qt.ItemDataRole.UserRole, material.id)
            entry.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            checked = material.id in self.received()
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self._mark_missing(entry, checked)
            if material.note:
                entry.setToolTip(material.note)
            self.materials.addItem(entry)
        self.materials.blockSignals(False)
        ids = [m.id for m in listed]
        self.materials.setCurrentRow(ids.index(current) if current in ids else (0 if ids else -1))
        self._show_strip()
        self._update_count()
        self.changed.emit()

    def _describe(self, number: int, material: Material) -> str:
        parts = []
        if material.originals:
            parts.append(self.tr("原件{0}份").format(material.originals))
        if material.copies:
            parts.append(self.tr("复印件{0}份").format(material.copies))
        if material.e_licence_type:
            parts.append(self.tr("可用电子证照"))
        text = f"{number}. {material.name}　（{'，'.join(parts) or material.form.label}）"
        pages = self.pages(material.id)
        if pages:
            text += "　" + self.tr("[{0}页]").format(len(pages))
        licence = self._licences.get(material.id)
        if licence is not None:
            text += "　" + (
                self.tr("[电子证照 {0}]").format(licence.number or licence.licence_ref)
                if licence.licence_ref
                else self.tr("[电子证照 待核验]")
            )
        return text

    def _relabel(self) -> None:
        listed = self.checklist()
        self.materials.blockSignals(True)
        for row, material in enumerate(listed):
            item = self.materials.item(row)
            if item is None:
                continue
            item.setText(self._describe(row + 1, material))
            checked = material.id in self.received()
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self._mark_missing(item, checked)
        self.materials.blockSignals(False)
        self._update_count()
        self._update_totals()

    @staticmethod
    def _mark_missing(entry: QtWidgets.QListWidgetItem, received: bool) -> None:
        """Required materials still missing stand out in red until pages, a licence or a tick arrive."""
        entry.setForeground(QtGui.QBrush() if received else QtGui.QColor("#c0392b"))

    def _on_item_changed(self, entry: QtWidgets.QListWidgetItem) -> None:
        material_id = str(entry.data(Qt.ItemDataRole.UserRole))
        if self._read_only:
            self._relabel()
            return
        if entry.checkState() == Qt.CheckState.Checked:
            self._received.add(material_id)
        else:
            self._received.discard(material_id)
        self._relabel()
        self.changed.emit()

    def _mark_all_if_enabled(self) -> None:
        if self.all_button.isEnabled():
            self.mark_all_received()

    def mark_all_received(self) -> None:
        for row in range(self.materials.count()):
            self.materials.item(row).setCheckState(Qt.CheckState.Checked)

    def _update_count(self) -> None:
        total = self.materials.count()
        got = len(self.received())
        self.count.setText(self.tr("已收 {0}/{1} 项").format(got, total))

    # -- answers
    def set_answers(self, answers: dict[str, bool]) -> None:
        """Answer questions (e.g. as an online pre-application did); the checklist follows. Unknown ids and
        unanswered questions are left as they are."""
        for qid, value in answers.items():
            box = self._questions.get(qid)
            if box is not None:
                box.setChecked(bool(value))

    def answers(self) -> dict[str, bool]:
        """Every question answered: unticked means 否, so the checklist is always complete."""
        return {qid: box.isChecked() for qid, box in self._questions.items()}

    def checklist(self) -> tuple[Material, ...]:
        return () if self._item is None else self._item.checklist(self.answers())

    def received(self) -> frozenset[str]:
        """Ticked by hand, or with pages, or with an e-licence standing in."""
        listed = {m.id for m in self.checklist()}
        with_pages = {mid for mid in listed if self.pages(mid)}
        return frozenset((self._received | with_pages | set(self._licences)) & listed)

    def missing(self) -> list[Material]:
        got = self.received()
        return [m for m in self.checklist() if m.id not in got]

    # -- pages
    def pages(self, material_id: str) -> list[DraftPage]:
        return [e for e in self._pages.get(material_id, []) if isinstance(e, DraftPage)]

    def processing(self) -> int:
        return sum(1 for entries in self._pages.values() for e in entries if isinstance(e, str))

    def slots(self) -> list[SlotDraft]:
        """What to record with the case: listed materials with pages or an e-licence."""
        found = []
        for material in self.checklist():
            licence = self._licences.get(material.id)
            pages = tuple(self.pages(material.id))
            if pages or licence is not None:
                found.append(
                    SlotDraft(
                        material.id,
                        material.name,
                        pages,
                        licence_type=licence.licence_type if licence and not pages else None,
                        holder_id=licence.holder_id if licence and not pages else None,
                        licence_ref=licence.licence_ref if licence and not pages else None,
                    )
                )
        return found

    def licence(self, material_id: str) -> LicenceSlot | None:
        return self._licences.get(material_id)

    def totals(self) -> tuple[int, int]:
        """(pages, bytes) of the listed materials."""
        listed = {m.id for m in self.checklist()}
        pages = [p for mid in listed for p in self.pages(mid)]
        return len(pages), sum(p.size for p in pages)

    def _update_totals(self) -> None:
        count, size = self.totals()
        self.page_area.setVisible(count > 0)
        self.totals_label.setText(self.tr("本件共 {0} 页，{1} MB").format(count, f"{size / 1_000_000:.2f}"))

    def current_material_id(self) -> str | None:
        item = self.materials.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _material(self, material_id: str) -> Material | None:
        return next((m for m in self.checklist() if m.id == material_id), None)

    def _show_strip(self, current: str | None = None) -> None:
        material_id = self.current_material_id()
        self.strip.show_pages(list(self._pages.get(material_id, [])) if material_id else [], current)
        self._update_buttons()

    def _pages_changed(self, current: str | None = None) -> None:
        self._show_strip(current)
        self._relabel()
        self.pages_changed.emit()
        self.changed.emit()

    def _update_buttons(self) -> None:
        active = self._context is not None and self._item is not None and not self._read_only
        has_slot = active and self.current_material_id() is not None
        capture = self._context.capture if self._context is not None else None
        scanner = capture is not None and capture.scanner.configured
        self.scan_button.setEnabled(has_slot and scanner)
        self.scan_next_button.setEnabled(has_slot and scanner)
        self.camera_button.setEnabled(
            has_slot and self._context is not None and self._context.camera is not None
        )
        self.import_button.setEnabled(has_slot)
        material = self._material(self.current_material_id() or "")
        elicences = self._context.elicences if self._context is not None else None
        self.licence_button.setEnabled(
            has_slot
            and material is not None
            and material.e_licence_type is not None
            and elicences is not None
        )
        has_page = has_slot and bool(self.strip.count())
        for widget in (
            self.rotate_left_button,
            self.rotate_right_button,
            self.delete_button,
            self.zoom_button,
        ):
            widget.setEnabled(has_page)
        self.rescan_button.setEnabled(has_page and scanner)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet("color: #c0392b;" if problem else "color: #1b7f3b;")
        self.notice.show()

    # -- adding pages
    def _target(self) -> str | None:
        if self._context is None or self._item is None or self._read_only:
            return None
        return self.current_material_id()

    def add_acquired(self, page: AcquiredPage, material_id: str, replace_id: str | None = None) -> str:
        """Run a page through the pipeline off the GUI thread; a placeholder keeps its place meanwhile."""
        assert self._context is not None
        token = f"pending:{uuid.uuid4().hex}"
        entries = self._pages.setdefault(material_id, [])
        if replace_id is not None and replace_id in [getattr(e, "id", e) for e in entries]:
            index = [getattr(e, "id", e) for e in entries].index(replace_id)
            old = entries[index]
            entries[index] = token
            if isinstance(old, DraftPage):
                self._discard([old])
        else:
            entries.append(token)
        self._pages_changed(token if material_id == self.current_material_id() else None)
        service = self._context.service

        def done(result: DraftPage) -> None:
            self._settle(material_id, token, result)

        def failed(exc: BaseException) -> None:
            self._settle(material_id, token, None)
            self._on_failed(exc)

        if self._tasks is None:
            done(service.process(page))
        else:
            self._tasks.run(lambda: service.process(page), done, failed)
        return token

    def _settle(self, material_id: str, token: str, page: DraftPage | None) -> None:
        entries = self._pages.get(material_id)
        if entries is None or token not in entries:  # the case was cleared meanwhile
            if page is not None:
                self._discard([page])
            return
        index = entries.index(token)
        if page is None:
            del entries[index]
        else:
            entries[index] = page
        self._pages_changed(
            page.id if page is not None and material_id == self.current_material_id() else None
        )

    def _on_failed(self, exc: BaseException) -> None:
        from app.domain.errors import EnvironmentFailure
        from app.ui import messages

        if isinstance(exc, EnvironmentFailure):
            self._say(messages.failure(exc), problem=True)
        else:
            self._say(self.tr("页面处理失败，请重新扫描或导入该页。"), problem=True)

    # scanning
    def scan_current(self) -> None:
        self._scan(self._target(), None)

    def scan_next(self) -> None:
        """Move to the next material still missing (after the current one) and scan into it."""
        if self._target() is None:
            return
        ids = [m.id for m in self.checklist()]
        received = self.received()
        start = self.materials.currentRow()
        order = ids[start + 1 :] + ids[: start + 1]
        following = next((mid for mid in order if mid not in received), None)
        if following is not None:
            self.materials.setCurrentRow(ids.index(following))
        self._scan(self._target(), None)

    def rescan_selected(self) -> None:
        target = self._target()
        selected = [pid for pid in self.strip.selected_ids() if not pid.startswith("pending:")]
        if target is None or not selected:
            return
        self._scan(target, selected[0], single=True)

    def _scan(self, material_id: str | None, replace_id: str | None, *, single: bool = False) -> None:
        capture = self._context.capture if self._context is not None else None
        if material_id is None or capture is None:
            return
        if not capture.scanner.configured:
            self._say(material_messages.scan_problem(ScanProblem.NO_SCANNER), problem=True)
            return
        settings = capture.scan_settings
        if single and settings.source is not PaperSource.FLATBED:
            settings = replace(settings, source=PaperSource.ADF)
        job = capture.scan(settings)
        self._jobs[job] = (material_id, replace_id)
        material = self._material(material_id)
        self._say(self.tr("正在扫描：{0}…").format(material.name if material else material_id))

    def _on_page_scanned(self, job: int, page: AcquiredPage) -> None:
        target = self._jobs.get(job)
        if target is None:
            return
        material_id, replace_id = target
        self.add_acquired(page, material_id, replace_id)
        if replace_id is not None:
            self._jobs[job] = (material_id, None)  # only the first page replaces; more are appended

    def _on_scan_finished(self, job: int, pages: int) -> None:
        if self._jobs.pop(job, None) is not None:
            self._say(self.tr("已扫描 {0} 页。").format(pages))

    def _on_scan_failed(self, job: int, problem: ScanProblem, pages: int) -> None:
        if self._jobs.pop(job, None) is None:
            return
        text = material_messages.scan_problem(problem)
        if pages:
            text = self.tr("已扫描 {0} 页后停止。").format(pages) + text
        self._say(text, problem=problem is not ScanProblem.CANCELLED)

    # camera
    def photograph(self) -> None:
        material_id = self._target()
        if material_id is None or self._context is None or self._context.camera is None:
            return
        from app.ui.camera import CameraDialog, CameraUnavailable

        try:
            camera = self._context.camera()
        except CameraUnavailable as exc:
            self._say(material_messages.camera_problem(exc.problem), problem=True)
            return
        dialog = CameraDialog(camera, self)
        dialog.captured.connect(lambda page: self.add_acquired(page, material_id))
        dialog.open()
        self.camera_dialog = dialog

    # import
    def import_files(self) -> None:
        if self._target() is None:
            return
        paths, _ = QtWidgets.QFileDialog.getOpenFileNames(
            self,
            self.tr("导入材料文件"),
            str(Path.home()),
            self.tr("图片和PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf);;所有文件 (*)"),
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_folder(self) -> None:
        if self._target() is None:
            return
        folder = QtWidgets.QFileDialog.getExistingDirectory(
            self, self.tr("导入文件夹中的材料"), str(Path.home())
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Files and folders become pages of the current material; refused files are listed with why."""
        material_id = self._target()
        if material_id is None:
            return
        renderer = self._context.renderer if self._context is not None else None
        self._say(self.tr("正在导入…"))

        def body() -> ImportResult:
            return read_files(paths, renderer=renderer)

        if self._tasks is None:
            self._on_imported(material_id, body())
        else:
            self._tasks.run(body, lambda r: self._on_imported(material_id, r), self._on_failed)

    def _on_imported(self, material_id: str, result: ImportResult) -> None:
        for page in result.pages:
            self.add_acquired(page, material_id)
        self._report_import(result)

    def _report_import(self, result: ImportResult) -> None:
        lines = [self.tr("已导入 {0} 个文件，共 {1} 页。").format(len(result.files), len(result.pages))]
        lines += [
            self.tr("未导入 {0}：{1}").format(r.path.name, material_messages.refusal(r.reason))
            for r in result.refused
        ]
        self._say("\n".join(lines), problem=bool(result.refused))

    def _on_folder_imported(self, result: ImportResult) -> None:
        material_id = self._target()
        capture = self._context.capture if self._context is not None else None
        if material_id is None:
            if result.pages:
                self._say(
                    self.tr("扫描文件夹中有新文件：请先选择事项和材料，文件将在下次检查时导入。"),
                    problem=True,
                )
                if capture is not None and capture.folder is not None:
                    capture.folder.forget(result.files)
            return
        tokens = [self.add_acquired(page, material_id) for page in result.pages]
        self._report_import(result)
        if capture is not None and capture.folder is not None and result.files:
            self._remove_when_stored(material_id, tokens, result.files)

    def _remove_when_stored(self, material_id: str, tokens: list[str], files: list[Path]) -> None:
        """Delete the scanner's plaintext files once every page from them is stored encrypted."""

        def check() -> None:
            entries = self._pages.get(material_id, [])
            if any(token in entries for token in tokens):
                QtCore.QTimer.singleShot(100, check)
                return
            capture = self._context.capture if self._context is not None else None
            if capture is not None and capture.folder is not None:
                capture.folder.discard(files)

        check()

    # -- page operations
    def _selected_pages(self) -> list[DraftPage]:
        material_id = self.current_material_id()
        if material_id is None:
            return []
        by_id = {p.id: p for p in self.pages(material_id)}
        return [by_id[pid] for pid in self.strip.selected_ids() if pid in by_id]

    def rotate(self, quarter_turns: int) -> None:
        material_id = self.current_material_id()
        selected = {p.id for p in self._selected_pages()}
        if self._read_only or material_id is None or not selected:
            return
        self._pages[material_id] = [
            e.rotated(quarter_turns) if isinstance(e, DraftPage) and e.id in selected else e
            for e in self._pages[material_id]
        ]
        self._pages_changed(next(iter(selected)))

    def delete_selected(self) -> None:
        material_id = self.current_material_id()
        doomed = self._selected_pages()
        if self._read_only or material_id is None or not doomed:
            return
        ids = {p.id for p in doomed}
        entries = self._pages[material_id]
        first = min(i for i, e in enumerate(entries) if getattr(e, "id", None) in ids)
        self._pages[material_id] = [e for e in entries if getattr(e, "id", None) not in ids]
        self._discard(doomed)
        remaining = self._pages[material_id]
        following = remaining[min(first, len(remaining) - 1)] if remaining else None
        self._pages_changed(following.id if isinstance(following, DraftPage) else None)

    def move_selected(self, step: int) -> None:
        material_id = self.current_material_id()
        selected = self._selected_pages()
        if self._read_only or material_id is None or len(selected) != 1:
            return
        entries = self._pages[material_id]
        index = entries.index(selected[0])
        target = index + step
        if 0 <= target < len(entries):
            entries[index], entries[target] = entries[target], entries[index]
            self._pages_changed(selected[0].id)

    def _on_reordered(self, ids: list[str]) -> None:
        material_id = self.current_material_id()
        if material_id is None:
            return
        by_key = {getattr(e, "id", e): e for e in self._pages.get(material_id, [])}
        if set(by_key) == set(ids):
            self._pages[material_id] = [by_key[i] for i in ids]
            self._relabel()
            self.pages_changed.emit()

    def assign_selected(self, row: int) -> None:
        """Move the selected pages to material number row+1 (Ctrl+1…9, or a drop on its row)."""
        source = self.current_material_id()
        moving = self._selected_pages()
        listed = self.checklist()
        if self._read_only or source is None or not moving or not 0 <= row < len(listed):
            return
        target = listed[row].id
        if target == source:
            return
        ids = {p.id for p in moving}
        self._pages[source] = [e for e in self._pages[source] if getattr(e, "id", None) not in ids]
        self._pages.setdefault(target, []).extend(moving)
        self._say(self.tr("已将 {0} 页归入「{1}」。").format(len(moving), listed[row].name))
        self._pages_changed()

    def _on_pages_dropped(self, row: int) -> None:
        self.assign_selected(row)

    def zoom_selected(self) -> None:
        selected = self._selected_pages()
        if not selected or self._context is None:
            return
        page = selected[0]
        service = self._context.service
        number = self.strip.currentRow() + 1

        def show(data: bytes) -> None:
            from app.ui.page_viewer import PageViewer

            viewer = PageViewer(self.tr("第 {0} 页").format(number), data, page.rotation, self)
            viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            viewer.open()
            self.viewer = viewer

        if self._tasks is None:
            show(service.read(page))
        else:
            self._tasks.run(lambda: service.read(page), show, self._on_failed)

    # -- e-licences
    def use_licence(self) -> None:
        """Look the applicant's licence of the catalogue's type up on the platform; offline: 待核验."""
        material_id = self._target()
        material = self._material(material_id or "")
        elicences = self._context.elicences if self._context is not None else None
        if material_id is None or material is None or material.e_licence_type is None or elicences is None:
            return
        holder = self._holder_id().strip().upper()
        if not holder:
            self._say(self.tr("请先填写申请人证件号码（或统一社会信用代码），再调用电子证照。"), problem=True)
            return
        licence_type = material.e_licence_type
        self._say(self.tr("正在查询电子证照：{0}…").format(licence_type))

        def body() -> LookupResult:
            return elicences.lookup(holder, licence_type)

        def done(result: LookupResult) -> None:
            self._on_licence(material_id, licence_type, holder, result)

        if self._tasks is None:
            done(body())
        else:
            self._tasks.run(body, done, self._on_failed)

    def _on_licence(self, material_id: str, licence_type: str, holder: str, result: LookupResult) -> None:
        if result.outcome is Lookup.FOUND and result.licence is not None:
            licence = result.licence
            self._licences[material_id] = LicenceSlot(
                licence_type, holder, licence.licence_id, licence.number
            )
            self._say(
                self.tr("已调用电子证照 {0}（{1}），无需扫描纸质材料。").format(
                    licence.number, licence.issuer
                )
            )
        elif result.outcome is Lookup.OFFLINE:
            self._licences[material_id] = LicenceSlot(licence_type, holder, None)
            self._say(
                self.tr(
                    "暂时无法连接平台，电子证照标记为「待核验」；联网同步后自动核验，不符时生成补正任务。"
                ),
                problem=True,
            )
        else:
            self._licences.pop(material_id, None)
            self._say(
                self.tr("平台上没有申请人有效的「{0}」电子证照，请收取纸质材料并扫描。").format(licence_type),
                problem=True,
            )
        self._relabel()
        self.changed.emit()
