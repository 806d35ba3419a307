"""Finding the service item: Chinese, full pinyin or pinyin initials; arrows move, Enter chooses."""

from __future__ import annotations

from app.store.catalogue import CatalogueView
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal

Qt = QtCore.Qt
RESULTS = 12


class ItemPicker(QtWidgets.QGroupBox):
    """Enter chooses the item; Shift+Enter adds it to the items already chosen (一表申报)."""

    item_chosen = Signal(str)
    item_added = Signal(str)

    def __init__(self, catalogue: CatalogueView) -> None:
        super().__init__()
        self.setTitle(self.tr("申请事项"))
        self.setObjectName("itemPicker")
        self._catalogue = catalogue

        self.query = QtWidgets.QLineEdit()
        self.query.setObjectName("itemQuery")
        self.query.setPlaceholderText(self.tr("事项名称或拼音首字母，如 gtgsh；Shift+Enter 追加事项"))
        self.query.setClearButtonEnabled(True)
        self.results = QtWidgets.QListWidget()
        self.results.setObjectName("itemResults")
        self.results.setUniformItemSizes(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the query keeps focus; arrows drive the list
        self.chosen = QtWidgets.QLabel()
        self.chosen.setObjectName("itemChosen")
        self.chosen.setWordWrap(True)

        label = QtWidgets.QLabel(self.tr("查找事项(&S)"))
        label.setBuddy(self.query)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.chosen)

        self.query.textChanged.connect(self._update_results)
        self.query.returnPressed.connect(self.choose_current)
        self.query.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item: self.choose_current())
        self.results.itemClicked.connect(lambda _item: self.choose_current())
        self._update_results("")

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.query and event.type() == QtCore.QEvent.Type.KeyPress:
            assert isinstance(event, QtGui.QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):
                self.choose_current(add=True)
                return True
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.results.count():
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _update_results(self, text: str) -> None:
        self.results.clear()
        codes = self._catalogue.search(text, RESULTS) if text.strip() else []
        for code in codes:
            name, department = self._catalogue.names[code]
            entry = QtWidgets.QListWidgetItem(f"{name}　—　{department}")
            entry.setData(Qt.ItemDataRole.UserRole, code)
            self.results.addItem(entry)
        if codes:
            self.results.setCurrentRow(0)

    def choose_current(self, *, add: bool = False) -> None:
        current = self.results.currentItem()
        if current is None:
            return
        code = str(current.data(Qt.ItemDataRole.UserRole))
        (self.item_added if add else self.item_chosen).emit(code)

    def show_chosen(self, codes: list[str]) -> None:
        names = "；".join(f"{self._catalogue.names[c][0]}（{self._catalogue.names[c][1]}）" for c in codes)
        text = self.tr("已选：{0}").format(names) if codes else ""
        if len(codes) > 1:
            text += "\n" + self.tr("一表申报：共 {0} 个事项，共用信息只填一次").format(len(codes))
        self.chosen.setText(text)

    def set_catalogue(self, catalogue: CatalogueView) -> None:
        """A new catalogue version: searches from now on use it (cases keep the version they chose)."""
        self._catalogue = catalogue
        self._update_results(self.query.text())

    def clear(self) -> None:
        self.query.clear()
        self.chosen.clear()

    def set_read_only(self, read_only: bool) -> None:
        self.query.setReadOnly(read_only)
        self.results.setEnabled(not read_only)
