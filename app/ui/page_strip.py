"""The thumbnail strip of one material slot (drag to reorder) and the slot list that accepts dropped pages."""

from __future__ import annotations

from collections.abc import Callable

from app.services.materials import DraftPage
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal

Qt = QtCore.Qt
PAGE_ROLE = Qt.ItemDataRole.UserRole
THUMB = QtCore.QSize(96, 128)


def page_pixmap(page: DraftPage) -> QtGui.QPixmap:
    image = QtGui.QImage.fromData(page.thumbnail)
    if page.rotation:
        image = image.transformed(QtGui.QTransform().rotate(page.rotation))
    return QtGui.QPixmap.fromImage(image).scaled(
        THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _placeholder() -> QtGui.QPixmap:
    pixmap = QtGui.QPixmap(THUMB)
    pixmap.fill(QtGui.QColor("#e4e8ee"))
    return pixmap


class PageStrip(QtWidgets.QListWidget):
    """Pages of the current slot, left to right; drag or Alt+←/→ to reorder. Entries hold a page id, or a
    token while the page is still being processed."""

    reordered = Signal(list)  # the page ids / tokens in their new order

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pageStrip")
        self.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.setFlow(QtWidgets.QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setIconSize(THUMB)
        self.setGridSize(QtCore.QSize(THUMB.width() + 16, THUMB.height() + 34))
        self.setMovement(QtWidgets.QListView.Movement.Snap)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setFixedHeight(THUMB.height() + 60)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.model().rowsMoved.connect(lambda *_a: self.reordered.emit(self.ids()))

    def show_pages(self, entries: list[DraftPage | str], current: str | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        for number, entry in enumerate(entries, start=1):
            if isinstance(entry, DraftPage):
                item = QtWidgets.QListWidgetItem(QtGui.QIcon(page_pixmap(entry)), str(number))
                item.setData(PAGE_ROLE, entry.id)
                item.setToolTip(
                    f"{entry.width}×{entry.height} · {entry.dpi} dpi · {entry.size / 1024:.0f} KB"
                )
            else:
                item = QtWidgets.QListWidgetItem(QtGui.QIcon(_placeholder()), f"{number} …")
                item.setData(PAGE_ROLE, entry)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
            self.addItem(item)
            if current is not None and item.data(PAGE_ROLE) == current:
                self.setCurrentItem(item)
        self.blockSignals(False)
        if current is None and self.count():
            self.setCurrentRow(self.count() - 1)

    def ids(self) -> list[str]:
        return [str(self.item(row).data(PAGE_ROLE)) for row in range(self.count())]

    def selected_ids(self) -> list[str]:
        rows = sorted(self.row(item) for item in self.selectedItems())
        if not rows and self.currentItem() is not None:
            rows = [self.currentRow()]
        return [str(self.item(row).data(PAGE_ROLE)) for row in rows]

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N803 (Qt's name)
        # Copy and move are both offered: the slot list takes pages by copying (the panel moves them),
        # so Qt never deletes the dragged items itself.
        super().startDrag(supportedActions | Qt.DropAction.CopyAction)


class SlotList(QtWidgets.QListWidget):
    """The material checklist; pages dragged from the strip onto a row move to that material."""

    def __init__(self, strip: PageStrip, on_drop: Callable[[int], None]) -> None:
        super().__init__()
        self._strip = strip
        self._on_drop = on_drop
        self.setAcceptDrops(True)
        self.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DropOnly)

    def _from_strip(self, event: QtGui.QDropEvent | QtGui.QDragMoveEvent | QtGui.QDragEnterEvent) -> bool:
        return event.source() is self._strip

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if self._from_strip(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        if self._from_strip(event) and self.indexAt(event.position().toPoint()).isValid():
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        row = self.indexAt(event.position().toPoint()).row()
        if not self._from_strip(event) or row < 0:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self._on_drop(row)
