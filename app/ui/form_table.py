"""The editor of a repeating table: a QTableWidget with a row per entry, Ctrl+Ins adds, Ctrl+Del removes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.forms.definition import Field, TableType
from app.forms.errors import FieldError, Invalid
from app.forms.fieldtypes import ChoiceType, is_blank
from app.ui.form_editors import FieldEditor
from app.ui.qt import QtCore, QtGui, QtWidgets

Qt = QtCore.Qt
VALUE_ROLE = Qt.ItemDataRole.UserRole
COMPUTED_BRUSH = QtGui.QBrush(QtGui.QColor("#f1f3f5"))
ERROR_BRUSH = QtGui.QBrush(QtGui.QColor("#fde2e1"))


class _CellDelegate(QtWidgets.QStyledItemDelegate):
    """Choice columns edit in a combo box (value in VALUE_ROLE, label shown); the rest as text."""

    def __init__(self, columns: Sequence[Field], parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self._columns = columns

    def createEditor(
        self, parent: QtWidgets.QWidget, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex
    ) -> QtWidgets.QWidget:
        column = self._columns[index.column()]
        if isinstance(column.type, ChoiceType):
            combo = QtWidgets.QComboBox(parent)
            combo.addItem("", None)
            for choice in column.type.options:
                combo.addItem(choice.label, choice.value)
            return combo
        return super().createEditor(parent, option, index)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        # A closed combo box swallows Return: commit the choice and close the editor here.
        if (
            isinstance(watched, QtWidgets.QComboBox)
            and event.type() == QtCore.QEvent.Type.KeyPress
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not watched.view().isVisible()
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QtWidgets.QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(watched, event)

    def setEditorData(self, editor: QtWidgets.QWidget, index: QtCore.QModelIndex) -> None:
        if isinstance(editor, QtWidgets.QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(VALUE_ROLE)), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(
        self, editor: QtWidgets.QWidget, model: QtCore.QAbstractItemModel, index: QtCore.QModelIndex
    ) -> None:
        if isinstance(editor, QtWidgets.QComboBox):
            model.setData(index, editor.currentData(), VALUE_ROLE)
            model.setData(
                index, editor.currentText() if editor.currentData() else "", Qt.ItemDataRole.DisplayRole
            )
            return
        super().setModelData(editor, model, index)


class TableEditor(FieldEditor):
    def __init__(self, field: Field) -> None:
        super().__init__(field)
        assert isinstance(field.type, TableType)
        self.table_type = field.type
        self._showing = False
        self.columns = field.type.columns
        translate = QtCore.QCoreApplication.translate

        self.table = QtWidgets.QTableWidget(0, len(self.columns))
        self.table.setObjectName(f"input_{field.key}")
        self.table.setHorizontalHeaderLabels(
            [f"{c.label}{' *' if c.required is True else ''}" for c in self.columns]
        )
        self.table.setItemDelegate(_CellDelegate(self.columns, self.table))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setEditTriggers(
            QtWidgets.QAbstractItemView.EditTrigger.AnyKeyPressed
            | QtWidgets.QAbstractItemView.EditTrigger.EditKeyPressed
            | QtWidgets.QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(220)
        self.table.itemChanged.connect(self._on_item_changed)

        self.add_button = QtWidgets.QPushButton(translate("FormView", "添加一行 (Ctrl+Ins)"))
        self.add_button.setObjectName(f"add_{field.key}")
        self.remove_button = QtWidgets.QPushButton(translate("FormView", "删除本行 (Ctrl+Del)"))
        self.remove_button.setObjectName(f"remove_{field.key}")
        for button in (self.add_button, self.remove_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the shortcuts reach them; Tab goes on
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        # Keys, not QShortcuts: a form with two tables would make every such shortcut ambiguous.
        self.table.installEventFilter(self)

        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QtWidgets.QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.table)
        column.addLayout(buttons)
        self._layout.addLayout(column)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QtCore.QEvent.Type.KeyPress
            and isinstance(event, QtGui.QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if event.key() == Qt.Key.Key_Insert:
                self.add_row()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.remove_row()
                return True
        return super().eventFilter(watched, event)

    # -- rows
    def add_row(self) -> None:
        if self.table.rowCount() >= self.table_type.max_rows:
            return
        row = self.table.rowCount()
        with QtCore.QSignalBlocker(self.table):
            self.table.insertRow(row)
            for index, column in enumerate(self.columns):
                item = QtWidgets.QTableWidgetItem("")
                if column.computed is not None:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setBackground(COMPUTED_BRUSH)
                self.table.setItem(row, index, item)
        first = next((i for i, c in enumerate(self.columns) if c.computed is None), 0)
        self.table.setCurrentCell(row, first)
        self.table.setFocus()
        self.edited.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self.table.setFocus()
        self.edited.emit()

    def _on_item_changed(self) -> None:
        if not self._showing:
            self.edited.emit()

    def cell(self, row: int, key: str) -> QtWidgets.QTableWidgetItem:
        item = self.table.item(row, [c.key for c in self.columns].index(key))
        assert item is not None
        return item

    # -- values
    def focus_widgets(self) -> list[QtWidgets.QWidget]:
        return [self.table]

    def _cell_raw(self, row: int, index: int) -> object:
        item = self.table.item(row, index)
        if item is None:
            return None
        if isinstance(self.columns[index].type, ChoiceType):
            return item.data(VALUE_ROLE)
        return item.text()

    def raw(self) -> object:
        return [
            {c.key: self._cell_raw(row, i) for i, c in enumerate(self.columns) if c.computed is None}
            for row in range(self.table.rowCount())
        ]

    def _filled_rows(self) -> list[int]:
        """Table rows the evaluation sees (blank rows are skipped there), in order."""
        editable = [i for i, c in enumerate(self.columns) if c.computed is None]
        return [
            row
            for row in range(self.table.rowCount())
            if not all(is_blank(self._cell_raw(row, i)) for i in editable)
        ]

    def set_value(self, value: object) -> None:
        rows = value if isinstance(value, list | tuple) else []
        with QtCore.QSignalBlocker(self.table):
            self.table.setRowCount(0)
        for row_value in rows:
            self.add_row()
            if not isinstance(row_value, Mapping):
                continue
            with QtCore.QSignalBlocker(self.table):
                for index, column in enumerate(self.columns):
                    self._show_cell(self.table.rowCount() - 1, index, column, row_value.get(column.key))

    def _show_cell(self, row: int, index: int, column: Field, value: object) -> None:
        item = self.table.item(row, index)
        assert item is not None
        converted = column.type.to_value(value)
        if isinstance(column.type, ChoiceType):
            item.setData(VALUE_ROLE, converted if isinstance(converted, str) else None)
        if isinstance(converted, Invalid):
            item.setText(str(value))  # shown as it came, so the clerk sees what to correct
        else:
            item.setText(column.type.to_text(converted))

    def show_state(self, rows: object, errors: Sequence[FieldError]) -> None:
        """Computed cells from the evaluated rows, and a tint on the cells with problems."""
        evaluated = rows if isinstance(rows, list) else []
        filled = self._filled_rows()
        keys = [c.key for c in self.columns]
        wrong = {
            (filled[e.row], keys.index(e.column))
            for e in errors
            if e.row is not None and e.column is not None and e.row < len(filled)
        }
        self._showing = True  # not QSignalBlocker: blocking the view's signals upsets an open editor
        try:
            for row in range(self.table.rowCount()):
                for index, column in enumerate(self.columns):
                    item = self.table.item(row, index)
                    if item is None:
                        continue
                    if column.computed is not None:
                        position = filled.index(row) if row in filled else -1
                        value = (
                            evaluated[position].get(column.key) if 0 <= position < len(evaluated) else None
                        )
                        _set_text(item, column.type.to_text(value))
                    else:
                        _set_background(item, ERROR_BRUSH if (row, index) in wrong else QtGui.QBrush())
        finally:
            self._showing = False


# Touch a cell only when it changes: any change resets an open editor to the cell's stored text.
def _set_text(item: QtWidgets.QTableWidgetItem, text: str) -> None:
    if item.text() != text:
        item.setText(text)


def _set_background(item: QtWidgets.QTableWidgetItem, brush: QtGui.QBrush) -> None:
    if item.background() != brush:
        item.setBackground(brush)
