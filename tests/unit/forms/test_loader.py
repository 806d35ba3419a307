"""Loading definitions: every problem names the file and the field, and the rest of the catalogue loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.forms.definition import TableType
from app.forms.errors import DefinitionError
from app.forms.loader import generic_definition, load_all, load_code_lists, load_definition, parse_definition
from tests.support.forms import FORMS_DIR, catalogue, regions, today

ITEM = "330106-SCJG-001"  # questions: by_agent, owns_premises


def document(*fields: dict[str, object], **top: object) -> dict[str, object]:
    return {
        "format": 1,
        "item_code": ITEM,
        "version": "1",
        "title": "申请书",
        "sections": [{"title": "一", "fields": list(fields)}],
        **top,
    }


def parse(doc: object, code_lists: dict[str, object] | None = None) -> object:
    lists, _ = load_code_lists(FORMS_DIR / "code_lists")
    return parse_definition(
        doc,
        "test.json",
        catalogue().item(ITEM),
        today=today,
        regions=regions(),
        code_lists=code_lists or lists,
    )


def failure(doc: object) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        parse(doc)
    assert caught.value.source == "test.json"
    return caught.value


NAME = {"key": "name", "label": "姓名", "type": "text"}


@pytest.mark.parametrize(
    ("doc", "field", "problem"),
    [
        ([], "(document)", "JSON object"),
        ({**document(NAME), "extra": 1}, "extra", "not a known attribute"),
        ({k: v for k, v in document(NAME).items() if k != "version"}, "version", "is missing"),
        (document(NAME, format=2), "format", "must be 1"),
        (document(NAME, item_code="330106-SCJG-002"), "item_code", "does not match"),
        (document(NAME, sections=[]), "sections", "non-empty list"),
        (document(NAME, sections=[{"title": "一", "fields": []}]), "sections[0].fields", "non-empty list"),
        (document(NAME, sections=[{"title": "一", "fields": [3]}]), "sections[0].fields[0]", "JSON object"),
        (document(NAME, sections=[{"title": "", "fields": [NAME]}]), "sections[0].title", "non-empty"),
        (
            document(NAME, sections=[{"title": "一", "fields": [NAME], "visible_when": "nope"}]),
            "sections[0].visible_when",
            "unknown name",
        ),
        (document({**NAME, "key": "Name"}), "sections[0].fields[0].key", "identifier"),
        (document({**NAME, "key": "applicant_name"}), "sections[0].fields[0].key", "reserved"),
        (document({**NAME, "key": "age"}), "sections[0].fields[0].key", "reserved"),
        (document(NAME, NAME), "name", "earlier field"),
        (document({**NAME, "key": "by_agent"}), "by_agent", "situation question"),
        (document({**NAME, "type": "color"}), "name.type", "unknown field type 'color'"),
        (document({**NAME, "colour": "red"}), "name.colour", "not a known attribute"),
        (document({"key": "name", "type": "text"}), "name.label", "is missing"),
        (
            document({**NAME, "visible_when": "owns_premises and staff > 0"}),
            "name.visible_when",
            "unknown name(s) staff",
        ),
        (document({**NAME, "computed": "name.real"}), "name.computed", "attribute access"),
        (document({**NAME, "required": "len(name) >"}), "name.required", "bad expression"),
        (document({**NAME, "required": 1}), "name.required", "must be an expression"),
        (document({**NAME, "constraint": "len(name) > 1"}), "name.constraint_message", "non-empty"),
        (
            document({**NAME, "constraint_message": "x"}),
            "name.constraint_message",
            "only for a field with a constraint",
        ),
        (
            document({**NAME, "computed": "'x'", "required": True}),
            "name.computed",
            "neither required nor default",
        ),
        (document({**NAME, "pattern": "["}), "name.pattern", "regular expression"),
        (document({**NAME, "pattern": "\\d+"}), "name.example", "needs an example"),
        (document({**NAME, "pattern": "\\d+", "example": "x"}), "name.example", "not a valid value"),
        (document({**NAME, "max_length": 0}), "name.max_length", "1 to 2000"),
        (document({**NAME, "multiline": "yes"}), "name.multiline", "true or false"),
        (document({**NAME, "prefill": "id_card.name"}), "name.prefill", "must be a list"),
        (document({**NAME, "prefill": ["id_card.photo"]}), "name.prefill", "is not id_card"),
        (document({**NAME, "prefill": ["e_licence.营业执照"]}), "name.prefill", "is not id_card"),
        (document({**NAME, "remember": 1}), "name.remember", "true or false"),
        (document({**NAME, "help": 3}), "name.help", "must be a string"),
        (document({"key": "n", "label": "数", "type": "number", "min": "1"}), "n.min", "must be a number"),
        (document({"key": "n", "label": "数", "type": "number", "min": 5, "max": 1}), "n.max", "below min"),
        (document({"key": "n", "label": "数", "type": "number", "decimals": 7}), "n.decimals", "0 to 6"),
        (
            document({"key": "n", "label": "数", "type": "number", "default": "x"}),
            "n.default",
            "not a valid value",
        ),
        (document({"key": "d", "label": "日", "type": "date", "min": "today"}), "d.min", "YYYY-MM-DD"),
        (document({"key": "d", "label": "日", "type": "date", "max": "2026-13-01"}), "d.max", 'or "today"'),
        (document({"key": "c", "label": "选", "type": "choice"}), "c.options", "either options or code_list"),
        (
            document({"key": "c", "label": "选", "type": "choice", "options": []}),
            "c.options",
            "non-empty list",
        ),
        (
            document({"key": "c", "label": "选", "type": "choice", "options": ["甲", "甲"]}),
            "c.options[1]",
            "listed twice",
        ),
        (
            document({"key": "c", "label": "选", "type": "choice", "options": [{"value": "a"}]}),
            "c.options[0].label",
            "non-empty",
        ),
        (
            document({"key": "c", "label": "选", "type": "choice", "code_list": "colours"}),
            "c.code_list",
            "no code list 'colours'",
        ),
        (
            document({"key": "a", "label": "址", "type": "address", "max_detail_length": 0}),
            "a.max_detail_length",
            "1 to 500",
        ),
        (document({"key": "t", "label": "表", "type": "table"}), "t.columns", "non-empty list"),
        (
            document({"key": "t", "label": "表", "type": "table", "columns": [1]}),
            "t.columns[0]",
            "JSON object",
        ),
        (
            document({"key": "t", "label": "表", "type": "table", "columns": [NAME, NAME]}),
            "t.columns.name",
            "clashes",
        ),
        (
            document(NAME, {"key": "t", "label": "表", "type": "table", "columns": [NAME]}),
            "t.columns.name",
            "clashes",
        ),
        (
            document(
                {
                    "key": "t",
                    "label": "表",
                    "type": "table",
                    "columns": [{"key": "u", "label": "内", "type": "table"}],
                }
            ),
            "t.columns.u.type",
            "cannot hold a table",
        ),
        (
            document(
                {
                    "key": "t",
                    "label": "表",
                    "type": "table",
                    "columns": [{**NAME, "visible_when": "owns_premises"}],
                }
            ),
            "t.columns.name.visible_when",
            "row by row",
        ),
        (
            document({"key": "t", "label": "表", "type": "table", "columns": [{**NAME, "type": "colour"}]}),
            "t.columns.name.type",
            "unknown field type",
        ),
        (
            document(
                {"key": "t", "label": "表", "type": "table", "columns": [NAME], "min_rows": 5, "max_rows": 2}
            ),
            "t.max_rows",
            "5 to 200",
        ),
        (
            document(
                {"key": "a", "label": "甲", "type": "text", "computed": "b"},
                {"key": "b", "label": "乙", "type": "text", "visible_when": "a"},
            ),
            "a",
            "depends on itself (a -> b -> a)",
        ),
    ],
)
def test_a_broken_definition_names_the_field(doc: object, field: str, problem: str) -> None:
    error = failure(doc)
    assert error.field == field
    assert problem in error.problem
    assert str(error) == f"test.json: {field}: {error.problem}"


def test_a_good_definition() -> None:
    definition = parse(
        document(
            {"key": "total", "label": "合计", "type": "number", "computed": "sum(column(rows, 'amount'))"},
            {
                "key": "rows",
                "label": "明细",
                "type": "table",
                "columns": [
                    {"key": "amount", "label": "金额", "type": "number", "required": "owns_premises"},
                ],
                "min_rows": 1,
            },
            {"key": "when", "label": "日期", "type": "date", "max": "today", "min": "2000-01-01"},
            {"key": "kind", "label": "民族", "type": "choice", "code_list": "nation", "default": "汉族"},
            {
                "key": "form",
                "label": "形式",
                "type": "choice",
                "options": ["个人经营", {"value": "family", "label": "家庭经营"}],
            },
            {"key": "place", "label": "场所", "type": "address", "detail_required": False},
            {"key": "phone", "label": "电话", "type": "phone", "mobile_only": True},
            {"key": "code", "label": "代码", "type": "credit_code", "example": "91350100M000100Y43"},
            {
                "key": "id",
                "label": "身份证",
                "type": "id_number",
                "prefill": ["id_card.id_number", "applicant.id_number", "e_licence.营业执照.holder_id"],
            },
        )
    )
    assert definition.order.index("rows") < definition.order.index("total")  # computed after what it reads
    assert definition.field("kind").default == "01"
    when = definition.field("when").type
    assert when.not_future
    assert when.maximum is None
    table = definition.field("rows").type
    assert isinstance(table, TableType)
    assert table.min_rows == 1
    assert definition.field("id").prefill == (
        "id_card.id_number",
        "applicant.id_number",
        "e_licence.营业执照.holder_id",
    )
    assert definition.section_of("id").title == "一"
    assert not definition.generic


def test_load_all_isolates_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "code_lists").mkdir()
    for path in (FORMS_DIR / "code_lists").glob("*.json"):
        (tmp_path / "code_lists" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for path in FORMS_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / f"{ITEM}.json"
    doc = json.loads(broken.read_text(encoding="utf-8"))
    doc["sections"][0]["fields"][1]["type"] = "passport_scan"
    broken.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    bad_rule = tmp_path / "330106-SCJG-002.json"
    doc = json.loads(bad_rule.read_text(encoding="utf-8"))
    doc["sections"][1]["fields"][1]["visible_when"] = "change_type = 'name'"
    bad_rule.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "330106-SCJG-003.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "330106-SCJG-004.json").unlink()
    (tmp_path / "999999-XX-001.json").write_text("{}", encoding="utf-8")
    (tmp_path / "code_lists" / "broken.json").write_text('{"id": "other"}', encoding="utf-8")

    definitions, errors = load_all(tmp_path, catalogue(), today=today, regions=regions())

    assert len(definitions) == 35
    messages = [str(error) for error in errors]
    assert (
        f"{broken}: operator_id_number.type: unknown field type 'passport_scan'" in messages[1] + messages[0]
    )
    by_source = {Path(error.source).name: error for error in errors}
    assert by_source[f"{ITEM}.json"].field == "operator_id_number.type"
    assert by_source["330106-SCJG-002.json"].field == "new_name.visible_when"
    assert "bad expression" in by_source["330106-SCJG-002.json"].problem
    assert by_source["330106-SCJG-003.json"].field == "(document)"
    assert by_source["999999-XX-001.json"].field == "item_code"
    assert by_source["broken.json"].field == "id"
    assert set(by_source) == {
        f"{ITEM}.json",
        "330106-SCJG-002.json",
        "330106-SCJG-003.json",
        "999999-XX-001.json",
        "broken.json",
    }
    generic = {code for code, definition in definitions.items() if definition.generic}
    assert generic == {ITEM, "330106-SCJG-002", "330106-SCJG-003", "330106-SCJG-004"}
    assert not definitions["330106-SCJG-005"].generic  # the rest still loads


def test_missing_directory(tmp_path: Path) -> None:
    definitions, errors = load_all(tmp_path / "none", catalogue(), today=today, regions=regions())
    assert errors == []
    assert all(definition.generic for definition in definitions.values())


def test_load_definition_reads_a_file() -> None:
    lists, errors = load_code_lists(FORMS_DIR / "code_lists")
    assert errors == []
    definition = load_definition(
        FORMS_DIR / f"{ITEM}.json", catalogue().item(ITEM), today=today, regions=regions(), code_lists=lists
    )
    assert definition.source.endswith(f"{ITEM}.json")


def test_generic_definition() -> None:
    definition = generic_definition(catalogue().item(ITEM), today, regions())
    assert definition.generic
    assert definition.keys() == ["request", "remarks"]
    assert definition.field("request").required is True
    assert "个体工商户设立登记" in definition.field("request").help
