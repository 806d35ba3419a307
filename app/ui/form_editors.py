"""One editor widget per field type, generated from the definition; each reads back the raw answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from app.forms.definition import Field, TableType
from app.forms.fieldtypes import (
    Address,
    AddressType,
    ChoiceType,
    DateType,
    FieldType,
    NumberType,
    TextType,
)
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal

Qt = QtCore.Qt
EMPTY_DATE = QtCore.QDate(1900, 1, 1)  # the sentinel that shows as blank
READ_ONLY_STYLE = "background: #f1f3f5; color: #333;"


class FieldEditor(QtWidgets.QWidget):
    """The editing part of a field row. `edited` fires on every change the clerk makes."""

    edited = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.field = field
        self.setObjectName(f"field_{field.key}")
        self._layout = QtWidgets.QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def focus_widgets(self) -> list[QtWidgets.QWidget]:
        """In Tab order; the first is the label's buddy."""
        raise NotImplementedError

    def raw(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        """Show a typed (or raw) value without emitting `edited`."""
        raise NotImplementedError

    def set_read_only(self) -> None:
        for widget in self.focus_widgets():
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # computed: not a Tab stop
            widget.setStyleSheet(READ_ONLY_STYLE)
            if isinstance(
                widget, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit | QtWidgets.QAbstractSpinBox
            ):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)

    def has_focus(self) -> bool:
        return any(widget.hasFocus() for widget in self.focus_widgets())


class LineEditor(FieldEditor):
    """Text, ID numbers, credit codes and phones: a line edit (a plain text edit for multi-line text)."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        field_type = field.type
        self.multiline = isinstance(field_type, TextType) and field_type.multiline
        if self.multiline:
            self.edit: QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit = QtWidgets.QPlainTextEdit()
            self.edit.setTabChangesFocus(True)
            self.edit.setFixedHeight(64)
            self.edit.textChanged.connect(self.edited)
        else:
            line = QtWidgets.QLineEdit()
            line.setMaxLength(field_type.max_length if isinstance(field_type, TextType) else 32)
            line.textEdited.connect(self.edited)
            self.edit = line
        self.edit.setObjectName(f"input_{field.key}")
        if field.example is not None and isinstance(field.example, str):
            self.edit.setPlaceholderText(
                QtCore.QCoreApplication.translate("FormView", "例：{0}").format(field.example)
            )
        self._layout.addWidget(self.edit)

    def focus_widgets(self) -> list[QtWidgets.QWidget]:
        return [self.edit]

    def raw(self) -> object:
        if isinstance(self.edit, QtWidgets.QPlainTextEdit):
            return self.edit.toPlainText()
        return self.edit.text()

    def set_value(self, value: object) -> None:
        text = "" if value is None else self.field.type.to_text(value) or str(value)
        with QtCore.QSignalBlocker(self.edit):
            if isinstance(self.edit, QtWidgets.QPlainTextEdit):
                self.edit.setPlainText(text)
            else:
                self.edit.setText(text)


def _bare(box: QtWidgets.QSpinBox | QtWidgets.QDoubleSpinBox, text: str) -> str:
    """The number part of a spin box's text (the unit suffix stays when the clerk deletes the digits)."""
    if box.suffix() and text.endswith(box.suffix()):
        text = text[: -len(box.suffix())]
    return text.strip()


class _BlankableSpinBox(QtWidgets.QDoubleSpinBox):
    """A spin box whose minimum is a sentinel shown as blank, so that 'nothing entered' exists."""

    def validate(self, text: str, pos: int) -> object:
        if not _bare(self, text):
            return (QtGui.QValidator.State.Acceptable, text, pos)
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:
        if not _bare(self, text):
            return self.minimum()
        return super().valueFromText(text)


class _BlankableIntSpinBox(QtWidgets.QSpinBox):
    def validate(self, text: str, pos: int) -> object:
        if not _bare(self, text):
            return (QtGui.QValidator.State.Acceptable, text, pos)
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        if not _bare(self, text):
            return self.minimum()
        return super().valueFromText(text)


class NumberEditor(FieldEditor):
    """QSpinBox for whole numbers, QDoubleSpinBox for decimals; one step below the minimum is blank."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        field_type = field.type
        assert isinstance(field_type, NumberType)
        self.number_type = field_type
        low = float(field_type.minimum) if field_type.minimum is not None else 0.0
        high = float(field_type.maximum) if field_type.maximum is not None else 999_999_999.0
        step = 10.0**-field_type.decimals
        if field_type.decimals == 0:
            box: QtWidgets.QAbstractSpinBox = _BlankableIntSpinBox()
            assert isinstance(box, QtWidgets.QSpinBox)
            box.setRange(int(low) - 1, int(min(high, 2_000_000_000)))
            self._blank: float = int(low) - 1
            box.valueChanged.connect(self._on_changed)
        else:
            double = _BlankableSpinBox()
            double.setDecimals(field_type.decimals)
            double.setRange(low - step, high)
            self._blank = low - step
            double.valueChanged.connect(self._on_changed)
            box = double
        box.setSpecialValueText(" ")
        box.setButtonSymbols(QtWidgets.QAbstractSpinBox.ButtonSymbols.NoButtons)
        box.setKeyboardTracking(True)
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no value changes by a stray mouse wheel
        if field_type.unit:
            box.setSuffix(f" {field_type.unit}")
        box.setObjectName(f"input_{field.key}")
        box.setMinimumWidth(160)
        self.box = box
        self._set(self._blank)
        self._layout.addWidget(box)
        self._layout.addStretch(1)

    def _on_changed(self) -> None:
        if not self.signalsBlocked():
            self.edited.emit()

    def _value(self) -> float:
        box = self.box
        assert isinstance(box, QtWidgets.QSpinBox | QtWidgets.QDoubleSpinBox)
        return float(box.value())

    def _set(self, value: float) -> None:
        box = self.box
        with QtCore.QSignalBlocker(box):
            if isinstance(box, QtWidgets.QSpinBox):
                box.setValue(int(value))
            else:
                assert isinstance(box, QtWidgets.QDoubleSpinBox)
                box.setValue(value)

    def focus_widgets(self) -> list[QtWidgets.QWidget]:
        return [self.box]

    def raw(self) -> object:
        value = self._value()
        if value <= self._blank:
            return None
        if self.number_type.decimals == 0:
            return int(value)
        return Decimal(f"{value:.{self.number_type.decimals}f}")

    def set_value(self, value: object) -> None:
        converted = self.number_type.to_value(value)
        if isinstance(converted, int | Decimal):
            self._set(float(converted))
        else:
            self._set(self._blank)


class _BlankableDateEdit(QtWidgets.QDateEdit):
    """A date edit that can be empty (EMPTY_DATE, shown blank). Type the 8 digits (20260131); focus on a
    blank one starts from today's date, which is dropped again if nothing was typed; Ctrl+Backspace or
    Delete over the whole date empties it; F4 or Alt+Down opens the calendar."""

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self._today = today
        self._placeholder = False
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(" ")
        self.setCalendarPopup(True)
        self.setDate(EMPTY_DATE)

    def is_blank(self) -> bool:
        return self.date() == EMPTY_DATE or self._placeholder

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:
        if self.date() == EMPTY_DATE:
            day = self._today()
            with QtCore.QSignalBlocker(self):
                self.setDate(QtCore.QDate(day.year, day.month, day.day))
            self._placeholder = True
        super().focusInEvent(event)
        self.setSelectedSection(QtWidgets.QDateTimeEdit.Section.YearSection)

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self._placeholder:
            self.clear_date()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        everything = self.lineEdit().selectedText() == self.text()
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and (
            everything or event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.clear_date()
            self.dateChanged.emit(self.date())
            return
        if event.text():
            self._placeholder = False
        super().keyPressEvent(event)

    def clear_date(self) -> None:
        self._placeholder = False
        with QtCore.QSignalBlocker(self):
            self.setDate(EMPTY_DATE)


class DateEditor(FieldEditor):
    def __init__(self, field: Field) -> None:
        super().__init__(field)
        assert isinstance(field.type, DateType)
        self.edit = _BlankableDateEdit(field.type.today)
        self.edit.setObjectName(f"input_{field.key}")
        self.edit.setMinimumWidth(160)
        self.edit.dateChanged.connect(self._on_changed)
        self._layout.addWidget(self.edit)
        self._layout.addStretch(1)

    def _on_changed(self) -> None:
        self.edit._placeholder = False
        self.edited.emit()

    def focus_widgets(self) -> list[QtWidgets.QWidget]:
        return [self.edit]

    def raw(self) -> object:
        if self.edit.is_blank():
            return None
        day = self.edit.date()
        return dt.date(day.year(), day.month(), day.day())

    def set_value(self, value: object) -> None:
        converted = self.field.type.to_value(value)
        if isinstance(converted, dt.date):
            with QtCore.QSignalBlocker(self.edit):
                self.edit.setDate(QtCore.QDate(converted.year, converted.month, converted.day))
            self.edit._placeholder = False
        else:
            self.edit.clear_date()


class ChoiceEditor(FieldEditor):
    """A combo box: first entry blank (请选择); type-ahead and Up/Down choose without the mouse."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        assert isinstance(field.type, ChoiceType)
        self.combo = QtWidgets.QComboBox()
        self.combo.setObjectName(f"input_{field.key}")
        blank = "" if field.computed else QtCore.QCoreApplication.translate("FormView", "请选择")
        self.combo.addItem(blank, None)
        for option in field.type.options:
            self.combo.addItem(option.label, option.value)
        self.combo.setMinimumWidth(160)
        self.combo.currentIndexChanged.connect(self.edited)
        self._layout.addWidget(self.combo)
        self._layout.addStretch(1)

    def focus_widgets(self) -> list[QtWidgets.QWidget]:
        return [self.combo]

    def raw(self) -> object:
        return self.combo.currentData()

    def set_value(self, value: object) -> None:
        converted = self.field.type.to_value(value)
        with QtCore.QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(max(self.combo.findData(converted), 0))


class AddressEditor(FieldEditor):
    """Province, prefecture and county as three linked combo boxes, then the street and number."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        assert isinstance(field.type, AddressType)
        self.address_type = field.type
        self.regions = field.type.regions
        translate = QtCore.QCoreApplication.translate
        self.province = self._combo("province", translate("FormView", "省（区、市）"))
        self.city = self._combo("city", translate("FormView", "市（地区、州）"))
        self.county = self._combo("county", translate("FormView", "县（区、市）"))
        self.detail = QtWidgets.QLineEdit()
        self.detail.setObjectName(f"input_{field.key}_detail")
        self.detail.setPlaceholderText(translate("FormView", "街道、门牌号"))
        self.detail.setMaxLength(field.type.max_detail_length)
        self.detail.textEdited.connect(self.edited)
        self._fill(self.province, self.regions.provinces())
        self.province.currentIndexChanged.connect(self._on_province)
        self.city.currentIndexChanged.connect(self._on_city)
        self.county.currentIndexChanged.connect(self.edited)
        column = QtWidgets.QVBoxLayout()
        column.setSpacing(2)
        combos = QtWidgets.QHBoxLayout()
        for combo in (self.province, self.city, self.county):
            combos.addWidget(combo, 1)
        column.addLayout(combos)
        column.addWidget(self.detail)
        self._layout.addLayout(column)

    def _combo(self, part: str, placeholder: str) -> QtWidgets.QComboBox:
        combo = QtWidgets.QComboBox()
        combo.setObjectName(f"input_{self.field.key}_{part}")
        combo.setProperty("placeholder", placeholder)
        combo.setMinimumWidth(120)
        return combo

    def _fill(self, combo: QtWidgets.QComboBox, codes: list[str], current: str = "") -> None:
        with QtCore.QSignalBlocker(combo):
            combo.clear()
            combo.addItem(str(combo.property("placeholder")), "")
            for code in codes:
                combo.addItem(self.regions.name(code) or code, code)
            if current and combo.findData(current) < 0:
                # A code the snapshot lacks (abolished, or newer): kept and shown, with a warning elsewhere.
                combo.addItem(
                    QtCore.QCoreApplication.translate("FormView", "{0}（代码表中无此区划）").format(current),
                    current,
                )
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.setEnabled(combo.count() > 1)

    def _on_province(self) -> None:
        code = self.province.currentData() or ""
        self._fill(self.city, self.regions.children(code) if code else [])
        self._fill(self.county, [])
        self.edited.emit()

    def _on_city(self) -> None:
        code = self.city.currentData() or ""
        self._fill(self.county, self.regions.children(code) if code else [])
        self.edited.emit()

    def focus_widgets(self) -> list[QtWidgets.QWidget]:
        return [self.province, self.city, self.county, self.detail]

    def raw(self) -> object:
        return Address(
            self.province.currentData() or "",
            self.city.currentData() or "",
            self.county.currentData() or "",
            self.detail.text(),
        )

    def set_value(self, value: object) -> None:
        address = self.address_type.parse(value) or Address()
        self._fill(self.province, self.regions.provinces(), address.province)
        self._fill(
            self.city, self.regions.children(address.province) if address.province else [], address.city
        )
        self._fill(self.county, self.regions.children(address.city) if address.city else [], address.county)
        with QtCore.QSignalBlocker(self.detail):
            self.detail.setText(address.detail)


def editor_for(field: Field) -> FieldEditor:
    """The editor of a field; tables are built by app.ui.form_table."""
    kinds: dict[type[FieldType], type[FieldEditor]] = {
        NumberType: NumberEditor,
        DateType: DateEditor,
        ChoiceType: ChoiceEditor,
        AddressType: AddressEditor,
    }
    if isinstance(field.type, TableType):
        from app.ui.form_table import TableEditor

        return TableEditor(field)
    return kinds.get(type(field.type), LineEditor)(field)
