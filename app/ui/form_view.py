"""A form generated from any definition: sections of labelled editors, live checks under each field,
visibility and computed values following the clerk's typing. Tab order follows the definition."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from app.forms.definition import Field, FormDefinition
from app.forms.errors import ErrorCode, FieldError, Severity
from app.forms.validation import FormContext, FormState, evaluate, to_json
from app.ui.form_editors import FieldEditor, editor_for
from app.ui.form_table import TableEditor
from app.ui.qt import QtCore, QtWidgets, Signal

Qt = QtCore.Qt
ERROR_STYLE = "color: #c0392b;"
WARNING_STYLE = "color: #8a5a00;"
REQUIRED_MARK = '<span style="color:#c0392b">*</span>'

# Problems not worth showing while the clerk is still typing in the field: it is merely not finished.
_UNFINISHED = {ErrorCode.REQUIRED, ErrorCode.CHOOSE, ErrorCode.DETAIL_MISSING, ErrorCode.REGION_INCOMPLETE}
_UNFINISHED_PROBLEMS = {"length", "empty"}


class FieldRow(QtWidgets.QWidget):
    """An editor with its verdict line under it (what is wrong, in the clerk's words)."""

    def __init__(self, field: Field, editor: FieldEditor) -> None:
        super().__init__()
        self.field = field
        self.editor = editor
        self.verdict = QtWidgets.QLabel()
        self.verdict.setObjectName(f"verdict_{field.key}")
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.verdict)
        self.label = QtWidgets.QLabel()
        self.label.setObjectName(f"label_{field.key}")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setBuddy(editor.focus_widgets()[0])
        if field.help:
            self.label.setToolTip(field.help)
            editor.setToolTip(field.help)

    def show_label(self, required: bool) -> None:
        computed = (
            QtCore.QCoreApplication.translate("FormView", "（自动计算）") if self.field.computed else ""
        )
        self.label.setText(f"{REQUIRED_MARK if required else ''}{self.field.label}{computed}")

    def show_errors(self, messages: list[tuple[str, Severity]]) -> None:
        self.verdict.setText("\n".join(text for text, _severity in messages))
        errors = any(severity is Severity.ERROR for _text, severity in messages)
        self.verdict.setStyleSheet(ERROR_STYLE if errors else WARNING_STYLE)
        self.verdict.setVisible(bool(messages))


class FormView(QtWidgets.QWidget):
    """Renders `definition`; `values()` are the typed answers of the visible fields, `errors()` what is wrong.

    Errors show under a field once the clerk has edited or left it, or for all fields after
    show_all_errors() (when the case is about to be accepted). `language` picks the message table of
    app.forms ("zh" or "en"); labels come from the definition as they are.
    """

    changed = Signal()

    def __init__(
        self, definition: FormDefinition, context: FormContext | None = None, language: str = "zh"
    ) -> None:
        super().__init__()
        self.setObjectName("formView")
        self.definition = definition
        self._context = context or FormContext()
        self._language = language
        self._touched: set[str] = set()
        self._show_all = False
        self._state: FormState | None = None
        self.rows: dict[str, FieldRow] = {}
        self._sections: list[tuple[QtWidgets.QGroupBox, QtWidgets.QFormLayout]] = []

        title = QtWidgets.QLabel(f"<b>{definition.title}</b>")
        title.setObjectName("formTitle")
        body = QtWidgets.QWidget()
        body_layout = QtWidgets.QVBoxLayout(body)
        for section in definition.sections:
            box = QtWidgets.QGroupBox(section.title)
            form = QtWidgets.QFormLayout(box)
            form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for field in section.fields:
                editor = editor_for(field)
                row = FieldRow(field, editor)
                if field.computed is not None:
                    editor.set_read_only()
                else:
                    editor.edited.connect(lambda key=field.key: self._on_edited(key))
                    for widget in editor.focus_widgets():
                        widget.installEventFilter(self)
                form.addRow(row.label, row)
                self.rows[field.key] = row
            self._sections.append((box, form))
            body_layout.addWidget(box)
        body_layout.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)

        self._chain_tab_order()
        for field in definition.fields():
            if field.default is not None:
                self.rows[field.key].editor.set_value(field.default)
        self._refresh()

    def _chain_tab_order(self) -> None:
        widgets = [
            widget
            for field in self.definition.fields()
            if field.computed is None
            for widget in self.rows[field.key].editor.focus_widgets()
        ]
        for first, second in itertools.pairwise(widgets):
            QtWidgets.QWidget.setTabOrder(first, second)

    # -- public
    def first_field(self) -> QtWidgets.QWidget | None:
        for field in self.definition.fields():
            if field.computed is None and self._state is not None and field.key in self._state.visible:
                return self.rows[field.key].editor.focus_widgets()[0]
        return None

    def editor(self, key: str) -> FieldEditor:
        return self.rows[key].editor

    def set_context(self, context: FormContext) -> None:
        """New situation answers or applicant data: visibility and rules follow."""
        self._context = context
        self._refresh()

    def raw_values(self) -> dict[str, object]:
        """What the editors hold, before conversion (for prefill's `typed`)."""
        return {key: row.editor.raw() for key, row in self.rows.items() if row.field.computed is None}

    def values(self) -> dict[str, object]:
        assert self._state is not None
        return dict(self._state.values)

    def json_values(self) -> dict[str, object]:
        """The values in their stored form (the case's form_data)."""
        return to_json(self.definition, self.values())

    def errors(self) -> list[FieldError]:
        assert self._state is not None
        return list(self._state.errors)

    def set_values(self, values: Mapping[str, object]) -> None:
        """Fill fields (typed or stored values by key), e.g. from app.forms.prefill; unknown keys are ignored."""
        for key, value in values.items():
            row = self.rows.get(key)
            if row is not None and row.field.computed is None:
                row.editor.set_value(value)
                self._touched.add(key)
        self._refresh()

    def show_all_errors(self) -> None:
        self._show_all = True
        self._refresh()

    # -- updates
    def _on_edited(self, key: str) -> None:
        self._touched.add(key)
        self._refresh()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.FocusOut:
            for key, row in self.rows.items():
                if watched in row.editor.focus_widgets() and key in self._touched:
                    # Focus has moved on by then; with `self` as the context, the call is dropped when
                    # the view is destroyed first (focus also leaves an editor being deleted).
                    QtCore.QTimer.singleShot(0, self, self._refresh)
        return super().eventFilter(watched, event)

    def _refresh(self) -> None:
        state = evaluate(self.definition, self.raw_values(), self._context)
        self._state = state
        by_key: dict[str, list[FieldError]] = {}
        for error in state.errors:
            by_key.setdefault(error.key, []).append(error)
        for (box, form), section in zip(self._sections, self.definition.sections, strict=True):
            any_visible = False
            for field in section.fields:
                row = self.rows[field.key]
                visible = field.key in state.visible
                any_visible |= visible
                form.setRowVisible(row, visible)
                row.show_label(field.key in state.required)
                if field.computed is not None:
                    row.editor.set_value(state.values.get(field.key))
                if isinstance(row.editor, TableEditor):
                    row.editor.show_state(state.values.get(field.key), by_key.get(field.key, []))
                row.show_errors(self._shown(row, by_key.get(field.key, [])) if visible else [])
            box.setVisible(any_visible)
        self.changed.emit()

    def _shown(self, row: FieldRow, errors: list[FieldError]) -> list[tuple[str, Severity]]:
        key = row.field.key
        if not (self._show_all or key in self._touched):
            return []
        typing = row.editor.has_focus() and not self._show_all
        return [
            (error.message(self._language), error.severity)
            for error in errors
            if not (typing and _unfinished(error))
        ]


def _unfinished(error: FieldError) -> bool:
    return error.code in _UNFINISHED or str(error.params.get("problem", "")) in _UNFINISHED_PROBLEMS
