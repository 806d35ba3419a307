"""The generated form: every sample item renders, takes its example through the keyboard, and validates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from app.forms.definition import Field, FormDefinition
from app.forms.examples import example_values
from app.forms.fieldtypes import Address
from app.forms.validation import FormContext, evaluate, to_json
from app.ui.form_editors import AddressEditor, ChoiceEditor, DateEditor, LineEditor, NumberEditor
from app.ui.form_table import TableEditor
from app.ui.form_view import FormView
from app.ui.qt import QtCore, QtWidgets
from tests.support.forms import catalogue, sample_definitions
from tests.support.qt_input import type_text

Qt = QtCore.Qt
CODES = [item.code for item in catalogue().items]
CONTRADICTIONS = {"330106-GAFJ-001", "330106-JTJ-001"}  # see tests/unit/forms/test_sample_definitions.py


def make_view(qtbot: QtBot, code: str, context: FormContext) -> FormView:
    view = FormView(sample_definitions()[0][code], context)
    qtbot.addWidget(view)
    view.resize(900, 700)
    with qtbot.waitActive(view):  # focus, Tab and shortcuts need the active window
        view.show()
        view.activateWindow()
    return view


def choose(qtbot: QtBot, combo: QtWidgets.QComboBox, value: object) -> None:
    """Pick an entry with the arrow keys, as a clerk does."""
    combo.setFocus()
    for _ in range(combo.count() + 1):
        if combo.currentData() == value:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{value!r} is not in the list")


def number_text(value: object) -> str:
    return str(value) if not isinstance(value, Decimal) else f"{value}"


def enter(qtbot: QtBot, view: FormView, field: Field, value: object) -> None:
    editor = view.editor(field.key)
    if isinstance(editor, LineEditor):
        editor.edit.clear()
        type_text(qtbot, editor.edit, value if isinstance(value, str) else str(value))
    elif isinstance(editor, NumberEditor):
        editor.box.setFocus()
        editor.box.lineEdit().selectAll()
        qtbot.keyClicks(editor.box, number_text(value))
    elif isinstance(editor, DateEditor):
        assert isinstance(value, dt.date)
        editor.edit.setFocus()  # a blank date starts from today's, year section selected
        editor.edit.setSelectedSection(QtWidgets.QDateTimeEdit.Section.YearSection)
        qtbot.keyClicks(editor.edit, value.strftime("%Y%m%d"))
    elif isinstance(editor, ChoiceEditor):
        choose(qtbot, editor.combo, value)
    elif isinstance(editor, AddressEditor):
        assert isinstance(value, Address)
        choose(qtbot, editor.province, value.province)
        choose(qtbot, editor.city, value.city)
        choose(qtbot, editor.county, value.county)
        type_text(qtbot, editor.detail, value.detail)
    else:
        assert isinstance(editor, TableEditor)
        assert isinstance(value, list)
        for row_value in value:
            editor.table.setFocus()
            qtbot.keyClick(editor.table, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
            row = editor.table.rowCount() - 1
            for index, column in enumerate(editor.columns):
                cell = row_value.get(column.key)
                if column.computed is not None or cell is None:
                    continue
                editor.table.setCurrentCell(row, index)
                qtbot.keyClick(editor.table, Qt.Key.Key_F2)
                cell_editor = editor.table.indexWidget(editor.table.currentIndex())
                if isinstance(cell_editor, QtWidgets.QComboBox):
                    choose(qtbot, cell_editor, cell)
                else:
                    assert isinstance(cell_editor, QtWidgets.QLineEdit)
                    type_text(
                        qtbot, cell_editor, column.type.to_text(cell) if not isinstance(cell, str) else cell
                    )
                qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
                # The delegate commits and closes on the next turn of the event loop, as between keystrokes.
                qtbot.waitUntil(
                    lambda: editor.table.state() != QtWidgets.QAbstractItemView.State.EditingState
                )


def fill(qtbot: QtBot, view: FormView, definition: FormDefinition, values: dict[str, object]) -> None:
    for field in definition.fields():
        if field.key in values and field.computed is None:
            enter(qtbot, view, field, values[field.key])


@pytest.mark.parametrize("code", CODES)
def test_every_item_renders_takes_its_example_and_validates(qtbot: QtBot, code: str) -> None:
    item = catalogue().item(code)
    definition = sample_definitions()[0][code]
    for answer in (False, True):
        context = FormContext({q.id: answer for q in item.questions}, {"kind": "natural"})
        view = make_view(qtbot, code, context)
        example = example_values(definition, context)
        fill(qtbot, view, definition, example)
        expected = evaluate(definition, example, context)
        messages = [error.message() for error in view.errors()]
        if answer and code in CONTRADICTIONS:
            assert len(messages) == 1
        else:
            assert messages == []
        assert to_json(definition, view.values()) == to_json(definition, expected.values)
        assert view.values().keys() == expected.visible - {
            key for key in expected.visible if key not in expected.values
        }
        # An emptied required field says so in Chinese, under the field.
        field = next(
            f
            for f in definition.fields()
            if f.key in expected.required
            and isinstance(view.editor(f.key), LineEditor)
            and f.computed is None
        )
        editor = view.editor(field.key)
        assert isinstance(editor, LineEditor)
        editor.edit.setFocus()
        editor.edit.selectAll()
        qtbot.keyClick(editor.edit, Qt.Key.Key_Backspace)
        qtbot.keyClick(editor.edit, Qt.Key.Key_Tab)
        qtbot.waitUntil(view.rows[field.key].verdict.isVisible)
        assert view.rows[field.key].verdict.text() == f"请填写{field.label}。"
        view.close()


def focus_chain(qtbot: QtBot, view: FormView, steps: int) -> list[str]:
    names = []
    for _ in range(steps):
        widget = QtWidgets.QApplication.focusWidget()
        assert widget is not None
        names.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return names


def test_tab_follows_the_definition_and_skips_computed_fields(qtbot: QtBot) -> None:
    view = make_view(qtbot, "330106-SCJG-001", FormContext({"owns_premises": False, "by_agent": False}))
    first = view.first_field()
    assert first is not None
    first.setFocus()
    assert focus_chain(qtbot, view, 6) == [
        "input_operator_name",
        "input_operator_id_number",
        "input_operator_nation",  # 性别 (computed) is not a Tab stop
        "input_operator_phone",
        "input_business_name",  # 年龄 (computed) neither
        "input_organisation_form",
    ]


def test_visibility_and_computed_values_follow_the_typing(qtbot: QtBot) -> None:
    view = make_view(qtbot, "330106-SCJG-001", FormContext({"owns_premises": True}))
    definition = view.definition
    members = view.rows["family_members"]
    assert not members.isVisibleTo(view)
    enter(qtbot, view, definition.field("organisation_form"), "family")
    assert members.isVisibleTo(view)
    enter(qtbot, view, definition.field("operator_id_number"), "11010519491231002X")
    age = view.editor("operator_age")
    assert isinstance(age, NumberEditor)
    assert age.box.text() == "76 岁"
    sex = view.editor("operator_sex")
    assert isinstance(sex, ChoiceEditor)
    assert sex.combo.currentText() == "女"
    assert not view.rows["lease_end"].isVisibleTo(view)
    view.set_context(FormContext({"owns_premises": False}))
    assert view.rows["lease_end"].isVisibleTo(view)
    assert "lease_end" not in view.values()
    agent_box = view.rows["agent_name"].parentWidget()
    assert not agent_box.isVisibleTo(view)  # the whole 委托代理人 section
    view.set_context(FormContext({"by_agent": True}))
    assert agent_box.isVisibleTo(view)


def test_errors_wait_until_the_clerk_is_done(qtbot: QtBot) -> None:
    view = make_view(qtbot, "330106-SCJG-001", FormContext())
    row = view.rows["operator_id_number"]
    editor = view.editor("operator_id_number")
    assert isinstance(editor, LineEditor)
    type_text(qtbot, editor.edit, "1101011990")
    assert not row.verdict.isVisible()  # still typing
    qtbot.keyClick(editor.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(row.verdict.isVisible)
    assert row.verdict.text() == "经营者身份证号码应为18位（旧证15位），当前为10位。"
    assert not view.rows["business_scope"].verdict.isVisible()  # untouched: no nagging
    view.show_all_errors()
    assert view.rows["business_scope"].verdict.text() == "请填写经营范围。"
    assert view.rows["premises"].verdict.text() == "请选择经营场所。"


def test_english_messages(qtbot: QtBot) -> None:
    view = FormView(sample_definitions()[0]["330106-SCJG-001"], FormContext(), language="en")
    qtbot.addWidget(view)
    view.show_all_errors()
    assert view.rows["operator_name"].verdict.text() == "Please fill in 经营者姓名."


def test_set_values_from_prefill_and_warnings(qtbot: QtBot) -> None:
    view = make_view(qtbot, "330106-GAFJ-001", FormContext({"minor": False}))
    view.set_values({
        "holder_name": "张三",
        "holder_id_number": "110101199003070011",
        "household_address": {"province": "330000", "city": "330100", "county": "330103", "detail": "武林路1号"},
        "old_valid_until": "2040-01-01",
        "reason": "有效期满换领",
        "holder_nation": "01",
        "nonsense": 1,
    })  # fmt: skip
    address = view.editor("household_address")
    assert isinstance(address, AddressEditor)
    assert address.county.currentText() == "330103（代码表中无此区划）"
    verdict = view.rows["household_address"].verdict
    assert verdict.text() == "户籍地址的行政区划代码330103不在当前代码表中（可能已撤销或调整），请核对。"
    assert verdict.styleSheet() == "color: #8a5a00;"  # a warning, not an error
    assert view.values()["old_valid_until"] == dt.date(2040, 1, 1)
    assert view.values()["new_validity"] == "20年"
    assert view.raw_values()["holder_name"] == "张三"
    assert view.json_values()["household_address"]["county"] == "330103"


def test_table_rows_by_keyboard(qtbot: QtBot) -> None:
    view = make_view(qtbot, "330106-MZJ-001", FormContext())
    definition = view.definition
    rows = [
        {"member_name": "甲", "member_id_number": "110101199003070011", "member_relationship": "10", "monthly_income": Decimal("800")},
        {"member_name": "乙", "member_id_number": "11010119900307002X", "member_relationship": "20", "monthly_income": Decimal("450.5")},
    ]  # fmt: skip
    enter(qtbot, view, definition.field("members"), rows)
    assert view.values()["household_size"] == 2
    assert view.values()["total_income"] == Decimal("1250.50")
    assert view.values()["income_per_person"] == Decimal("625.25")
    table = view.editor("members")
    assert isinstance(table, TableEditor)
    table.table.setCurrentCell(1, 0)
    qtbot.keyClick(table.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert table.table.rowCount() == 1
    assert view.values()["household_size"] == 1
    qtbot.keyClick(table.table, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    table.table.setCurrentCell(1, 1)
    qtbot.keyClick(table.table, Qt.Key.Key_F2)
    cell = table.table.indexWidget(table.table.currentIndex())
    assert isinstance(cell, QtWidgets.QLineEdit)
    type_text(qtbot, cell, "110101199003070012")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.table.state() != QtWidgets.QAbstractItemView.State.EditingState)
    view.show_all_errors()
    messages = view.rows["members"].verdict.text().splitlines()
    assert "家庭成员（含申请人）第2行：身份证号码校验位不正确，请逐位核对证件。" in messages
    assert "家庭成员（含申请人）第2行：请填写姓名。" in messages
    assert table.cell(1, "member_id_number").background().color().name() == "#fde2e1"
    assert view.values()["household_size"] == 2  # the row counts, its problems are shown


def test_dates_can_be_emptied_and_numbers_too(qtbot: QtBot) -> None:
    view = make_view(qtbot, "330106-RSJ-003", FormContext({"has_ss_card": True}))
    date = view.editor("termination_date")
    assert isinstance(date, DateEditor)
    enter(qtbot, view, view.definition.field("termination_date"), dt.date(2026, 10, 31))
    assert view.values()["termination_date"] == dt.date(2026, 10, 31)
    date.edit.lineEdit().selectAll()
    qtbot.keyClick(date.edit, Qt.Key.Key_Delete)
    assert "termination_date" not in view.values()
    date.edit.setFocus()  # focus on a blank date proposes today, dropped again when nothing is typed
    view.editor("last_employer").focus_widgets()[0].setFocus()
    assert date.raw() is None
    years = view.editor("contribution_years")
    assert isinstance(years, NumberEditor)
    enter(qtbot, view, view.definition.field("contribution_years"), Decimal("6.5"))
    assert view.values()["months_entitled"] == 18
    years.box.lineEdit().selectAll()
    qtbot.keyClick(years.box, Qt.Key.Key_Backspace)
    assert "contribution_years" not in view.values()
    # 开户银行 is required only without an activated social security card.
    assert "bank_name" not in {e.key for e in view.errors()}
    view.set_context(FormContext({"has_ss_card": False}))
    assert "bank_name" in {e.key for e in view.errors()}


def test_a_view_destroyed_right_after_the_focus_left_an_edited_field_does_not_refresh_afterwards(
    qtbot: QtBot,
) -> None:
    """Focus leaving an edited field queues a refresh; when the view is destroyed before the event loop
    runs it (another item chosen, the window torn down), the refresh must not run on the destroyed
    editors (it raised in the Qt event loop at an end-to-end test's teardown)."""
    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    other = QtWidgets.QLineEdit(window)
    view = FormView(sample_definitions()[0]["330106-SCJG-001"], FormContext())
    layout = QtWidgets.QVBoxLayout(window)
    layout.addWidget(other)
    layout.addWidget(view)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    editor = view.editor("operator_id_number")
    assert isinstance(editor, LineEditor)
    editor.edit.setFocus()
    type_text(qtbot, editor.edit, "1101011990")
    refreshes: list[object] = []
    view._refresh = lambda: refreshes.append(view.raw_values())  # type: ignore[method-assign]
    other.setFocus()  # FocusOut: the refresh is queued
    shiboken6.delete(view)
    qtbot.wait(50)  # the queued call, if any, runs here
    assert refreshes == []
