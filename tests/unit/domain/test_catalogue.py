"""The service-item catalogue: the sample file, the loader's errors, and checklist narrowing."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.catalogue import (
    Catalogue,
    CatalogueFormatError,
    Fee,
    LimitUnit,
    Material,
    MaterialForm,
    Necessity,
    ProjectType,
    Question,
    ServiceItem,
    TaskType,
    UnknownItem,
    load_catalogue,
    parse_catalogue,
)
from app.domain.errors import DomainError

SAMPLE_PATH = Path(__file__).resolve().parents[3] / "resources" / "catalogue" / "sample-catalogue.json"
SAMPLE_TEXT = SAMPLE_PATH.read_text(encoding="utf-8")
SAMPLE = load_catalogue(SAMPLE_TEXT, SAMPLE_PATH.name)


def by_name(name: str) -> ServiceItem:
    (item,) = (item for item in SAMPLE.items if item.name == name)
    return item


# ---------------------------------------------------------------- the sample file


def test_sample_catalogue_is_large_and_varied() -> None:
    assert SAMPLE.version == "2026.11.1"
    assert SAMPLE.published_at == dt.date(2026, 11, 1)
    assert SAMPLE.region_code == "330106"
    assert len(SAMPLE.items) >= 32
    assert len(SAMPLE.departments()) >= 8
    assert {item.task_type for item in SAMPLE.items} >= {
        TaskType.LICENSING,
        TaskType.BENEFIT,
        TaskType.CONFIRMATION,
        TaskType.PUBLIC_SERVICE,
    }
    assert {item.project_type for item in SAMPLE.items} >= {ProjectType.IMMEDIATE, ProjectType.PROMISED}
    legal_limits = [item.legal_limit_days for item in SAMPLE.items if item.legal_limit_days is not None]
    assert max(legal_limits) >= 20
    assert min(legal_limits) <= 3


def test_every_sample_item_has_a_required_material_and_sensible_sizes() -> None:
    for item in SAMPLE.items:
        assert any(material.necessity is Necessity.REQUIRED for material in item.materials), item.name
        assert 3 <= len(item.materials) <= 8, item.name
        assert len(item.questions) <= 3, item.name


def test_sample_names_and_codes_are_unique() -> None:
    assert len({item.name for item in SAMPLE.items}) == len(SAMPLE.items)
    assert len({item.code for item in SAMPLE.items}) == len(SAMPLE.items)


@pytest.mark.parametrize(
    "name",
    [
        "个体工商户设立登记",
        "个体工商户变更登记",
        "城乡居民基本养老保险参保登记",
        "生育登记",
        "最低生活保障申请",
        "残疾人证办理",
        "住房公积金提取",
        "国有建设用地使用权及房屋所有权转移登记",
        "不动产抵押权首次登记",
        "居民身份证换领",
        "食品经营许可",
        "道路运输从业人员从业资格证核发",
    ],
)
def test_sample_has_the_core_items(name: str) -> None:
    assert SAMPLE.item(by_name(name).code).name == name


def test_sample_names_real_electronic_licences() -> None:
    types = {material.e_licence_type for item in SAMPLE.items for material in item.materials}
    assert {"居民身份证", "营业执照", "户口簿", "结婚证", "不动产权证书", "残疾人证"} <= types


def test_unknown_item_code() -> None:
    with pytest.raises(UnknownItem, match="no item 'nope'") as caught:
        SAMPLE.item("nope")
    assert caught.value.code == "nope"


def test_catalogues_reject_duplicate_codes_when_built_directly() -> None:
    item = SAMPLE.items[0]
    with pytest.raises(DomainError, match="twice"):
        Catalogue("v", dt.date(2026, 1, 1), "330106", "大厅", (item, item))


def test_labels_are_chinese() -> None:
    assert TaskType.BENEFIT.label == "行政给付"
    assert ProjectType.PROMISED.label == "承诺件"
    assert LimitUnit.WORKING_DAY.label == "工作日"
    assert LimitUnit.NATURAL_DAY.label == "自然日"
    assert MaterialForm.ORIGINAL_AND_COPY.label == "原件和复印件"


# ---------------------------------------------------------------- checklists

FIRST_REGISTRATION = by_name("个体工商户设立登记")
ALWAYS = ["application_form", "operator_id"]
AGENT = ["power_of_attorney", "agent_id"]


def test_first_registration_has_exactly_two_yes_no_questions() -> None:
    assert [question.id for question in FIRST_REGISTRATION.questions] == ["by_agent", "owns_premises"]


@pytest.mark.parametrize(
    ("by_agent", "owns_premises", "expected"),
    [
        (False, True, [*ALWAYS, "premises_title"]),
        (False, False, [*ALWAYS, "premises_lease"]),
        (True, True, [*ALWAYS, "premises_title", *AGENT]),
        (True, False, [*ALWAYS, "premises_lease", *AGENT]),
    ],
)
def test_first_registration_checklist_narrows(
    by_agent: bool, owns_premises: bool, expected: list[str]
) -> None:
    answers = {"by_agent": by_agent, "owns_premises": owns_premises}
    assert [material.id for material in FIRST_REGISTRATION.checklist(answers)] == expected


def test_unanswered_questions_match_no_condition() -> None:
    assert [material.id for material in FIRST_REGISTRATION.checklist({})] == ALWAYS
    assert [m.id for m in FIRST_REGISTRATION.checklist({"by_agent": True})] == [*ALWAYS, *AGENT]


def test_checklist_rejects_answers_to_questions_the_item_does_not_ask() -> None:
    with pytest.raises(DomainError, match="no question"):
        FIRST_REGISTRATION.checklist({"by_agent": True, "married": True})


def test_every_condition_of_a_material_must_hold() -> None:
    material = Material(
        "m", "材料", Necessity.CONDITIONAL, MaterialForm.COPY, 0, 1, when=(("a", True), ("b", False))
    )
    assert material.applies({"a": True, "b": False})
    assert not material.applies({"a": True, "b": True})
    assert not material.applies({"a": True})


@given(st.data())
def test_checklist_is_required_plus_matching_conditionals(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(SAMPLE.items))
    asked = [question.id for question in item.questions]
    answers = data.draw(st.dictionaries(st.sampled_from(asked), st.booleans()) if asked else st.just({}))
    checklist = item.checklist(answers)
    for material in item.materials:
        expected = material.necessity is Necessity.REQUIRED or all(
            answers.get(qid) is answer for qid, answer in material.when
        )
        assert (material in checklist) == expected
    assert list(checklist) == [material for material in item.materials if material in checklist]


# ---------------------------------------------------------------- loader errors

SOURCE = "test.json"


def minimal() -> dict[str, Any]:
    return {
        "catalogue_version": "t.1",
        "published_at": "2026-11-01",
        "region_code": "330106",
        "hall_name": "测试大厅",
        "items": [
            {
                "code": "T-001",
                "basic_code": "000000000001",
                "name": "个体工商户设立登记",
                "department": "区市场监督管理局",
                "level": "county",
                "task_type": "1",
                "project_type": "1",
                "service_objects": ["natural_person"],
                "legal_limit_days": 3,
                "promised_limit_days": 0,
                "limit_unit": "working_day",
                "fee": {"charged": False, "description": "不收费"},
                "legal_basis": "《中华人民共和国市场主体登记管理条例》第二十一条",
                "questions": [{"id": "by_agent", "text": "是否委托他人代为办理？"}],
                "materials": [
                    {
                        "id": "form",
                        "name": "申请书",
                        "necessity": "required",
                        "form": "original",
                        "originals": 1,
                        "copies": 0,
                    },
                    {
                        "id": "poa",
                        "name": "授权委托书",
                        "necessity": "conditional",
                        "when": {"by_agent": True},
                        "form": "original",
                        "originals": 1,
                        "copies": 0,
                        "e_licence_type": None,
                        "note": "",
                    },
                ],
            }
        ],
    }


def test_minimal_document_loads() -> None:
    catalogue = parse_catalogue(minimal(), SOURCE)
    item = catalogue.item("T-001")
    assert item.fee == Fee(charged=False, description="不收费")
    assert item.questions == (Question("by_agent", "是否委托他人代为办理？"),)
    assert item.materials[1].when == (("by_agent", True),)
    assert item.materials[1].e_licence_type is None


def test_a_missing_legal_limit_is_allowed() -> None:
    doc = minimal()
    doc["items"][0]["legal_limit_days"] = None
    doc["items"][0]["promised_limit_days"] = 40
    assert parse_catalogue(doc, SOURCE).items[0].legal_limit_days is None


Edit = Callable[[dict[str, Any]], None]
DELETE = object()


def at(path: str, value: object) -> Edit:
    """Set (or, with DELETE, remove) the value at a dotted path; numbers index lists."""

    def edit(doc: dict[str, Any]) -> None:
        *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
        target: Any = doc
        for part in parents:
            target = target[part]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value

    return edit


ITEM = "items.0"
MATERIAL = "items.0.materials.1"


def _duplicate_item(doc: dict[str, Any]) -> None:
    doc["items"].append(copy.deepcopy(doc["items"][0]))


def _duplicate_question(doc: dict[str, Any]) -> None:
    doc["items"][0]["questions"].append({"id": "by_agent", "text": "又问一次？"})


def _duplicate_material(doc: dict[str, Any]) -> None:
    doc["items"][0]["materials"].append(copy.deepcopy(doc["items"][0]["materials"][0]))


def _unused_question(doc: dict[str, Any]) -> None:
    doc["items"][0]["questions"].append({"id": "married", "text": "是否已婚？"})


# (edit, item code named in the error or None, field, words from the problem)
BROKEN: list[tuple[Edit, str | None, str, str]] = [
    (at("hall_name", DELETE), None, "hall_name", "missing"),
    (at("extra", 1), None, "extra", "not a known field"),
    (at("catalogue_version", 2026), None, "catalogue_version", "must be a string"),
    (at("hall_name", "  "), None, "hall_name", "must not be empty"),
    (at("published_at", "2026/11/01"), None, "published_at", "YYYY-MM-DD"),
    (at("published_at", "2026-02-30"), None, "published_at", "not a calendar date"),
    (at("region_code", "33010"), None, "region_code", "GB/T 2260"),
    (at("items", {}), None, "items", "must be a list"),
    (at("items", []), None, "items", "must not be empty"),
    (at(ITEM, "item"), None, "items[0]", "must be an object"),
    (at(f"{ITEM}.code", DELETE), None, "items[0].code", "missing"),
    (at(f"{ITEM}.code", "T 001"), None, "items[0].code", "non-blank"),
    (at(f"{ITEM}.code", "T" * 51), None, "items[0].code", "1-50"),
    (_duplicate_item, "T-001", "code", "duplicates items[0]"),
    (at(f"{ITEM}.name", DELETE), None, "items[0].name", "missing"),
    (at(f"{ITEM}.name", ""), "T-001", "name", "must not be empty"),
    (at(f"{ITEM}.basic_code", "12345"), "T-001", "basic_code", "12 digits"),
    (at(f"{ITEM}.level", "village"), "T-001", "level", "not one of province"),
    (at(f"{ITEM}.task_type", 1), "T-001", "task_type", "not one of"),
    (at(f"{ITEM}.project_type", "9"), "T-001", "project_type", "not one of"),
    (at(f"{ITEM}.service_objects", []), "T-001", "service_objects", "must not be empty"),
    (at(f"{ITEM}.service_objects", ["alien"]), "T-001", "service_objects[0]", "not one of"),
    (at(f"{ITEM}.service_objects", ["legal_person"] * 2), "T-001", "service_objects[1]", "twice"),
    (at(f"{ITEM}.legal_limit_days", -1), "T-001", "legal_limit_days", "negative"),
    (at(f"{ITEM}.legal_limit_days", "3"), "T-001", "legal_limit_days", "whole number"),
    (at(f"{ITEM}.legal_limit_days", True), "T-001", "legal_limit_days", "whole number"),
    (at(f"{ITEM}.promised_limit_days", 4), "T-001", "promised_limit_days", "exceeds the legal limit of 3"),
    (at(f"{ITEM}.limit_unit", "hour"), "T-001", "limit_unit", "not one of"),
    (at(f"{ITEM}.fee", "free"), "T-001", "fee", "must be an object"),
    (at(f"{ITEM}.fee.charged", "no"), "T-001", "fee.charged", "true or false"),
    (at(f"{ITEM}.fee.description", ""), "T-001", "fee.description", "must not be empty"),
    (at(f"{ITEM}.legal_basis", None), "T-001", "legal_basis", "must be a string"),
    (at(f"{ITEM}.questions", None), "T-001", "questions", "must be a list"),
    (at(f"{ITEM}.questions.0.id", "By Agent"), "T-001", "questions[0].id", "identifier"),
    (at(f"{ITEM}.questions.0.text", DELETE), "T-001", "questions[0].text", "missing"),
    (_duplicate_question, "T-001", "questions[1].id", "earlier question"),
    (_unused_question, "T-001", "questions[1]", "not used by any material"),
    (at(f"{ITEM}.materials", []), "T-001", "materials", "must not be empty"),
    (at(f"{ITEM}.materials.0.necessity", "conditional"), "T-001", "materials[0].when", "needs a condition"),
    (at(f"{ITEM}.materials.0.when", {"by_agent": True}), "T-001", "materials[0].when", "must be omitted"),
    (_duplicate_material, "T-001", "materials[2].id", "earlier material"),
    (at(f"{MATERIAL}.id", "1poa"), "T-001", "materials[1].id", "identifier"),
    (at(f"{MATERIAL}.necessity", "optional"), "T-001", "materials[1].necessity", "not one of"),
    (at(f"{MATERIAL}.when", {}), "T-001", "materials[1].when", "at least one question"),
    (at(f"{MATERIAL}.when", ["by_agent"]), "T-001", "materials[1].when", "must be an object"),
    (at(f"{MATERIAL}.when", {"by_agnet": True}), "T-001", "materials[1].when.by_agnet", "not a question"),
    (at(f"{MATERIAL}.when.by_agent", "yes"), "T-001", "materials[1].when.by_agent", "true or false"),
    (at(f"{MATERIAL}.form", "scan"), "T-001", "materials[1].form", "not one of"),
    (at(f"{MATERIAL}.originals", 0), "T-001", "materials[1].originals", "does not fit the form original"),
    (at(f"{MATERIAL}.copies", 1), "T-001", "materials[1].copies", "does not fit the form original"),
    (at(f"{MATERIAL}.copies", -2), "T-001", "materials[1].copies", "negative"),
    (at(f"{MATERIAL}.e_licence_type", " "), "T-001", "materials[1].e_licence_type", "must not be empty"),
    (at(f"{MATERIAL}.note", 3), "T-001", "materials[1].note", "must be a string"),
    (at(f"{MATERIAL}.colour", "red"), "T-001", "materials[1].colour", "not a known field"),
]


@pytest.mark.parametrize(("edit", "item_code", "field", "problem"), BROKEN)
def test_broken_documents_name_source_item_and_field(
    edit: Edit, item_code: str | None, field: str, problem: str
) -> None:
    doc = minimal()
    edit(doc)
    with pytest.raises(CatalogueFormatError) as caught:
        parse_catalogue(doc, SOURCE)
    error = caught.value
    assert (error.source, error.item_code, error.field) == (SOURCE, item_code, field)
    assert problem in error.problem
    assert str(error).startswith(f"{SOURCE}: " + (f"item {item_code}: " if item_code else "") + field)


def test_a_catalogue_where_every_material_is_conditional_is_rejected() -> None:
    doc = minimal()
    del doc["items"][0]["materials"][0]
    with pytest.raises(CatalogueFormatError, match="at least one material must be required"):
        parse_catalogue(doc, SOURCE)


@pytest.mark.parametrize(
    ("form", "originals", "copies"),
    [("copy", 0, 1), ("original_and_copy", 2, 1), ("electronic", 0, 0)],
)
def test_counts_that_fit_their_form_are_accepted(form: str, originals: int, copies: int) -> None:
    doc = minimal()
    doc["items"][0]["materials"][1].update(form=form, originals=originals, copies=copies)
    material = parse_catalogue(doc, SOURCE).items[0].materials[1]
    assert (material.form.value, material.originals, material.copies) == (form, originals, copies)


@pytest.mark.parametrize(
    ("form", "originals", "copies", "field"),
    [
        ("copy", 1, 1, "originals"),
        ("original_and_copy", 1, 0, "copies"),
        ("electronic", 0, 1, "copies"),
    ],
)
def test_counts_that_do_not_fit_their_form_are_rejected(
    form: str, originals: int, copies: int, field: str
) -> None:
    doc = minimal()
    doc["items"][0]["materials"][1].update(form=form, originals=originals, copies=copies)
    with pytest.raises(CatalogueFormatError) as caught:
        parse_catalogue(doc, SOURCE)
    assert caught.value.field == f"materials[1].{field}"


def test_load_catalogue_reports_bad_json_and_non_objects() -> None:
    with pytest.raises(CatalogueFormatError, match=r"^x\.json: \(document\): is not valid JSON"):
        load_catalogue("{", "x.json")
    with pytest.raises(CatalogueFormatError, match="must be a JSON object"):
        load_catalogue("[]", "x.json")
    assert load_catalogue(json.dumps(minimal()), "x.json").items[0].code == "T-001"


def test_parse_item_reads_one_stored_item() -> None:
    import json
    from pathlib import Path

    from app.domain.catalogue import parse_item

    raw = json.loads(Path("resources/catalogue/sample-catalogue.json").read_text(encoding="utf-8"))["items"][
        0
    ]
    item = parse_item(raw, "stored")
    assert item.code == raw["code"]
    assert item.name == raw["name"]
