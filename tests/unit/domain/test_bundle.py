"""一表申报 bundles: questions once, the same paper once, each material knows the items it serves."""

from __future__ import annotations

import pytest

from app.domain.bundle import combine
from app.domain.errors import DomainError
from app.forms.merge import merge
from tests.support.forms import catalogue, sample_definitions


def test_two_items_share_questions_and_papers() -> None:
    first, second = catalogue().item("330106-SCJG-001"), catalogue().item("330106-SCJG-004")
    bundle = combine([first, second])
    assert bundle.codes == (first.code, second.code)
    assert [q.id for q in bundle.item.questions] == ["by_agent", "owns_premises", "vending_machine"]
    ids = [m.id for m in bundle.item.materials]
    assert len(ids) == len(set(ids))
    shared = [m for m in bundle.item.materials if m.name == "受托人居民身份证"]
    assert len(shared) == 1
    assert bundle.item_codes[shared[0].id] == (first.code, second.code)
    # Same id, different paper: both listed, under distinct ids.
    forms = [m for m in bundle.item.materials if m.id.startswith("application_form")]
    assert [m.name for m in forms] == ["个体工商户登记（备案）申请书", "食品经营许可申请书"]
    answers = {"by_agent": True, "owns_premises": False, "vending_machine": False}
    assert bundle.answers_for(second, answers) == {"by_agent": True, "vending_machine": False}
    names = [m.name for m in bundle.item.checklist(answers)]
    assert names.count("受托人居民身份证") == 1


def test_one_item_is_itself_and_nothing_twice() -> None:
    item = catalogue().item("330106-SCJG-001")
    assert combine([item]).item is item
    with pytest.raises(DomainError):
        combine([item, item])
    with pytest.raises(DomainError):
        combine([])


def test_merged_form_asks_shared_fields_once_and_keeps_rules_working() -> None:
    definitions = sample_definitions()[0]
    first, second = definitions["330106-SCJG-001"], definitions["330106-WGLT-002"]
    merged = merge([first, second])
    keys = merged.keys()
    assert len(keys) == len(set(first.keys()) | set(second.keys()))
    assert merged.field("business_scope") is first.field("business_scope")
    assert set(merged.order) == set(keys)
    assert merged.version == f"{first.version}+{second.version}"
    assert merge([first]) is first
    with pytest.raises(ValueError, match="nothing"):
        merge([])
