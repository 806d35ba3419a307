"""Evaluating answers: visibility, computed values, required and conditional rules, tables, failing rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.forms.definition import FormDefinition
from app.forms.errors import ErrorCode, Severity
from app.forms.examples import example_values
from app.forms.fieldtypes import Address
from app.forms.loader import load_code_lists, parse_definition
from app.forms.validation import FormContext, evaluate, to_json, validate
from tests.support.forms import FORMS_DIR, catalogue, regions, sample_definitions, today

ITEM = "330106-SCJG-001"


def definition(*fields: dict[str, object], sections: list[dict[str, object]] | None = None) -> FormDefinition:
    lists, _ = load_code_lists(FORMS_DIR / "code_lists")
    doc = {
        "format": 1,
        "item_code": ITEM,
        "version": "1",
        "title": "申请书",
        "sections": sections or [{"title": "一", "fields": list(fields)}],
    }
    return parse_definition(
        doc, "test.json", catalogue().item(ITEM), today=today, regions=regions(), code_lists=lists
    )


def codes(errors: object) -> list[tuple[str, ErrorCode]]:
    return [(error.key, error.code) for error in errors]  # type: ignore[attr-defined]


def test_required_and_conditionally_required() -> None:
    form = definition(
        {"key": "name", "label": "姓名", "type": "text", "required": True},
        {"key": "lease", "label": "租赁期限", "type": "date", "required": "not owns_premises"},
        {
            "key": "kind",
            "label": "组成形式",
            "type": "choice",
            "options": ["个人经营", "家庭经营"],
            "required": True,
        },
        {"key": "place", "label": "经营场所", "type": "address", "required": True},
    )
    errors = validate(form, {}, FormContext({"owns_premises": False}))
    assert [e.message() for e in errors] == [
        "请填写姓名。",
        "请填写租赁期限。",
        "请选择组成形式。",
        "请选择经营场所。",
    ]
    assert codes(validate(form, {}, FormContext({"owns_premises": True}))) == [
        ("name", ErrorCode.REQUIRED), ("kind", ErrorCode.CHOOSE), ("place", ErrorCode.CHOOSE),
    ]  # fmt: skip
    state = evaluate(form, {"name": "张三"}, FormContext({"owns_premises": True}))
    assert state.required == {"name", "kind", "place"}
    assert state.errors_at("name") == []
    assert [e.key for e in state.blocking()] == ["kind", "place"]


def test_hidden_fields_are_neither_checked_nor_kept() -> None:
    form = definition(
        {"key": "kind", "label": "组成形式", "type": "choice", "options": [{"value": "family", "label": "家庭经营"}, {"value": "one", "label": "个人经营"}]},
        {"key": "members", "label": "家庭成员", "type": "table", "visible_when": "kind == 'family'", "required": True, "min_rows": 2, "max_rows": 3,
         "columns": [{"key": "member", "label": "姓名", "type": "text", "required": True}]},
        {"key": "agent", "label": "受托人", "type": "text", "required": True, "visible_when": "by_agent"},
    )  # fmt: skip
    state = evaluate(form, {"kind": "one", "members": [{"member": "甲"}], "agent": "乙"}, FormContext())
    assert state.visible == {"kind"}
    assert state.values == {"kind": "one"}
    family = evaluate(form, {"kind": "family"}, FormContext({"by_agent": True}))
    assert codes(family.errors) == [("members", ErrorCode.REQUIRED), ("agent", ErrorCode.REQUIRED)]
    one_row = evaluate(
        form, {"kind": "family", "members": [{"member": "甲"}, {"member": " "}]}, FormContext()
    )
    assert [e.message() for e in one_row.errors] == ["家庭成员至少填写2行。"]
    four = [{"member": str(i)} for i in range(4)]
    assert [e.message() for e in validate(form, {"kind": "family", "members": four}, FormContext())] == [
        "家庭成员最多填写3行。"
    ]
    assert [e.message() for e in validate(form, {"kind": "family", "members": "甲"}, FormContext())] == [
        "家庭成员的内容无法识别，请重新填写。"
    ]


def test_sections_hide_their_fields() -> None:
    form = definition(sections=[
        {"title": "一", "fields": [{"key": "name", "label": "姓名", "type": "text"}]},
        {"title": "代理", "visible_when": "by_agent", "fields": [{"key": "agent", "label": "受托人", "type": "text", "required": True}]},
    ])  # fmt: skip
    assert validate(form, {}, FormContext()) == []
    assert codes(validate(form, {}, FormContext({"by_agent": True}))) == [("agent", ErrorCode.REQUIRED)]


def test_computed_values_follow_what_they_read() -> None:
    form = definition(
        {"key": "years", "label": "年龄", "type": "number", "computed": "age(id)"},
        {"key": "id", "label": "身份证号码", "type": "id_number", "required": True, "constraint": "age(id) >= 16", "constraint_message": "经营者应年满十六周岁。"},
        {"key": "gender", "label": "性别", "type": "choice", "code_list": "sex", "computed": "sex(id)"},
        {"key": "share", "label": "人均", "type": "number", "decimals": 2, "computed": "10 / 3"},
        {"key": "capital", "label": "资金", "type": "number", "max": 5, "computed": "2 * 3"},
    )  # fmt: skip
    state = evaluate(form, {"id": "11010519491231002x"}, FormContext())
    assert state.values == {"years": 76, "id": "11010519491231002X", "gender": "2", "share": Decimal("3.33")}
    assert [e.message() for e in state.errors] == ["资金不能大于5。"]
    young = evaluate(form, {"id": "110101201501010011"}, FormContext())
    assert young.values["years"] == 11
    assert [e.message() for e in young.errors] == ["经营者应年满十六周岁。", "资金不能大于5。"]
    bad = evaluate(form, {"id": "110101199003070012"}, FormContext())
    assert bad.errors[0].code is ErrorCode.ID_NUMBER  # one message at the field, no constraint on top
    assert "years" not in bad.values


def test_rules_that_fail_while_evaluating_are_reported_at_their_field() -> None:
    form = definition(
        {"key": "name", "label": "姓名", "type": "text", "visible_when": "'a' - 1", "required": "len(5)"},
        {
            "key": "count",
            "label": "数",
            "type": "number",
            "constraint": "count + 'x'",
            "constraint_message": "不对",
        },
        {"key": "total", "label": "合计", "type": "number", "computed": "'x' * 2"},
    )
    state = evaluate(form, {"name": "甲", "count": 1}, FormContext())
    assert state.visible == {"name", "count", "total"}  # a failing visibility rule shows the field
    assert [(e.key, e.code) for e in state.errors] == [
        ("name", ErrorCode.RULE_FAILED),  # visible_when
        ("name", ErrorCode.RULE_FAILED),  # required
        ("count", ErrorCode.RULE_FAILED),
        ("total", ErrorCode.RULE_FAILED),
    ]  # fmt: skip
    assert "'a' - 1" in state.errors[0].message()
    assert state.errors[0].message().startswith("姓名的填写规则无法执行")
    assert state.errors[0].message("en").startswith("姓名: a rule of this form cannot be applied")


def test_table_cells() -> None:
    form = definition(
        {"key": "rows", "label": "家庭成员", "type": "table", "columns": [
            {"key": "member", "label": "姓名", "type": "text", "required": True},
            {"key": "member_id", "label": "身份证号码", "type": "id_number", "required": "owns_premises", "constraint": "age(member_id) >= 18", "constraint_message": "家庭成员应年满十八周岁。"},
            {"key": "member_age", "label": "年龄", "type": "number", "computed": "age(member_id)"},
            {"key": "relation", "label": "关系", "type": "choice", "code_list": "relationship"},
        ]},
        {"key": "count", "label": "人数", "type": "number", "computed": "len(rows)"},
    )  # fmt: skip
    raw = [
        {"member": "甲", "member_id": "110101199003070011", "relation": "配偶"},
        {"member": "", "member_id": "", "relation": None},  # blank: ignored
        {"member": "", "member_id": "110101201501010011", "relation": "孙子"},
    ]
    state = evaluate(form, {"rows": raw}, FormContext({"owns_premises": True}))
    assert state.values["count"] == 2
    assert state.values["rows"][0] == {
        "member": "甲",
        "member_id": "110101199003070011",
        "member_age": 36,
        "relation": "10",
    }
    assert [e.message() for e in state.errors] == [
        "家庭成员第2行：关系只能从列表中选择。",
        "家庭成员第2行：请填写姓名。",
        "家庭成员第2行：家庭成员应年满十八周岁。",
    ]
    assert [(e.row, e.column) for e in state.errors] == [(1, "relation"), (1, "member"), (1, "member_id")]
    assert to_json(form, state.values)["rows"][0] == {
        "member": "甲",
        "member_id": "110101199003070011",
        "member_age": 36,
        "relation": "10",
    }


def test_address_warnings_do_not_block() -> None:
    form = definition({"key": "place", "label": "住所", "type": "address", "required": True})
    state = evaluate(form, {"place": Address("330000", "330100", "330103", "武林路1号")}, FormContext())
    assert [e.severity for e in state.errors] == [Severity.WARNING]
    assert state.blocking() == []
    assert to_json(form, state.values)["place"]["text"] == "浙江省杭州市330103武林路1号"


def test_applicant_context() -> None:
    form = definition(
        {"key": "code", "label": "代码", "type": "credit_code", "required": True, "visible_when": "applicant_kind == 'legal'"},
        {"key": "same", "label": "同名", "type": "text", "computed": "applicant_name"},
    )  # fmt: skip
    natural = FormContext(applicant={"kind": "natural", "name": "张三", "photo": b"ignored"})
    assert natural.names() == {"applicant_kind": "natural", "applicant_name": "张三"}
    assert evaluate(form, {}, natural).values == {"same": "张三"}
    assert codes(validate(form, {}, FormContext(applicant={"kind": "legal"}))) == [
        ("code", ErrorCode.REQUIRED)
    ]


def test_example_values_fill_what_becomes_visible() -> None:
    definitions, _ = sample_definitions()
    form = definitions[ITEM]
    values = example_values(form, FormContext({"owns_premises": False, "by_agent": True}))
    assert values["organisation_form"] == "family"
    assert len(values["family_members"]) == 1
    assert "agent_name" in values
    assert "lease_end" in values
    assert validate(form, values, FormContext({"owns_premises": False, "by_agent": True})) == []


def test_to_json_of_dates_and_decimals() -> None:
    form = definition(
        {"key": "day", "label": "日", "type": "date"},
        {"key": "money", "label": "钱", "type": "number", "decimals": 2},
    )
    state = evaluate(form, {"day": "2026/1/31", "money": "3.5"}, FormContext())
    assert to_json(form, state.values) == {"day": "2026-01-31", "money": "3.50"}
    assert state.values["day"] == dt.date(2026, 1, 31)


@pytest.mark.parametrize("language", ["zh", "zh_CN", "en", "en_US"])
def test_language_of_messages(language: str) -> None:
    form = definition({"key": "name", "label": "姓名", "type": "text", "required": True})
    [error] = validate(form, {}, FormContext())
    expected = "Please fill in 姓名." if language.startswith("en") else "请填写姓名。"
    assert error.message(language) == expected


def test_table_type_on_its_own() -> None:
    form = definition(
        {
            "key": "rows",
            "label": "表",
            "type": "table",
            "columns": [{"key": "n", "label": "数", "type": "number"}],
        }
    )
    table = form.field("rows").type
    assert table.to_value([{"n": "x"}]).code is ErrorCode.NOT_A_NUMBER
    assert table.to_value([{"n": "2"}]) == [{"n": 2}]
    assert table.to_value([]) is None
    assert table.to_json("x") == "x"
    assert table.to_text([{"n": 2}]) == "1行"
    assert table.to_text(None) == ""
