"""The material checklist: derived from the item and the applicant's answers, ticked as papers arrive."""

from __future__ import annotations

from app.domain.catalogue import Material, ServiceItem
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal

Qt = QtCore.Qt


class ChecklistPanel(QtWidgets.QGroupBox):
    """Situation questions (default 否) above the materials they select; Space ticks, F7 ticks all."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("情形与材料"))
        self.setObjectName("checklist")
        self._item: ServiceItem | None = None
        self._questions: dict[str, QtWidgets.QCheckBox] = {}
        self._received: set[str] = set()

        self.summary = QtWidgets.QLabel(self.tr("请先选择申请事项。"))
        self.summary.setObjectName("itemSummary")
        self.summary.setWordWrap(True)
        self.questions_box = QtWidgets.QWidget()
        self.questions_layout = QtWidgets.QVBoxLayout(self.questions_box)
        self.questions_layout.setContentsMargins(0, 0, 0, 0)
        self.materials = QtWidgets.QListWidget()
        self.materials.setObjectName("materialList")
        self.materials.setUniformItemSizes(True)
        self.all_button = QtWidgets.QPushButton(self.tr("材料全部收齐 (F7)"))
        self.all_button.setObjectName("allReceived")
        self.all_button.setEnabled(False)
        self.count = QtWidgets.QLabel()
        self.count.setObjectName("materialCount")

        label = QtWidgets.QLabel(self.tr("材料清单(&M)"))
        label.setBuddy(self.materials)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.all_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.questions_box)
        layout.addWidget(label)
        layout.addWidget(self.materials, 1)
        layout.addLayout(bottom)

        self.materials.itemChanged.connect(self._on_item_changed)
        self.all_button.clicked.connect(self.mark_all_received)
        # A QShortcut acts at once; a button's own shortcut animates a click and fires 100 ms later.
        QtGui.QShortcut(
            QtGui.QKeySequence("F7"),
            self,
            self._mark_all_if_enabled,
            context=Qt.ShortcutContext.WindowShortcut,
        )

    # -- content
    def show_item(self, item: ServiceItem) -> None:
        self._item = item
        self._received.clear()
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
        while self.questions_layout.count():
            widget = self.questions_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._questions = {}
        for number, question in enumerate(item.questions, start=1):
            box = QtWidgets.QCheckBox(f"{question.text}（&{number}）" if number <= 9 else question.text)
            box.setObjectName(f"question_{question.id}")
            box.toggled.connect(self._refresh_materials)
            self.questions_layout.addWidget(box)
            self._questions[question.id] = box
        self.all_button.setEnabled(True)
        self._refresh_materials()

    def clear(self) -> None:
        self._item = None
        self._received.clear()
        while self.questions_layout.count():
            widget = self.questions_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._questions = {}
        self.materials.clear()
        self.summary.setText(self.tr("请先选择申请事项。"))
        self.count.clear()
        self.all_button.setEnabled(False)
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        for box in self._questions.values():
            box.setEnabled(not read_only)
        self.materials.setEnabled(not read_only)
        self.all_button.setEnabled(not read_only and self._item is not None)

    def _refresh_materials(self) -> None:
        self.materials.blockSignals(True)
        self.materials.clear()
        for material in self.checklist():
            entry = QtWidgets.QListWidgetItem(self._describe(material))
            entry.setData(Qt.ItemDataRole.UserRole, material.id)
            entry.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            checked = material.id in self._received
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if material.note:
                entry.setToolTip(material.note)
            self.materials.addItem(entry)
        self.materials.blockSignals(False)
        if self.materials.count():
            self.materials.setCurrentRow(0)
        self._update_count()
        self.changed.emit()

    def _describe(self, material: Material) -> str:
        parts = []
        if material.originals:
            parts.append(self.tr("原件{0}份").format(material.originals))
        if material.copies:
            parts.append(self.tr("复印件{0}份").format(material.copies))
        if material.e_licence_type:
            parts.append(self.tr("可用电子证照"))
        return f"{material.name}　（{'，'.join(parts) or material.form.label}）"

    def _on_item_changed(self, entry: QtWidgets.QListWidgetItem) -> None:
        material_id = str(entry.data(Qt.ItemDataRole.UserRole))
        if entry.checkState() == Qt.CheckState.Checked:
            self._received.add(material_id)
        else:
            self._received.discard(material_id)
        self._update_count()
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
        listed = {m.id for m in self.checklist()}
        return frozenset(self._received & listed)

    def missing(self) -> list[Material]:
        got = self.received()
        return [m for m in self.checklist() if m.id not in got]
