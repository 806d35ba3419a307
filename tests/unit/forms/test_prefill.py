"""Prefill: which source wins, and that nothing the clerk typed is overwritten."""

from __future__ import annotations

import datetime as dt

from app.forms.definition import FormDefinition
from app.forms.fieldtypes import Address
from app.forms.prefill import PRECEDENCE, PrefillSources, Source, prefill
from app.forms.validation import FormContext, validate
from tests.support.forms import sample_definitions

CARD = {
    "name": "张三",
    "sex": "1",
    "nation": "01",
    "birth_date": dt.date(1990, 3, 7),
    "address": "浙江省杭州市西湖区文三路90号",
    "id_number": "110101199003070011",
    "issuer": "杭州市公安局西湖分局",
    "valid_from": dt.date(2020, 1, 1),
    "valid_until": dt.date(2040, 1, 1),
}


def form(code: str) -> FormDefinition:
    return sample_definitions()[0][code]


def test_precedence_is_documented_order() -> None:
    assert PRECEDENCE == (Source.ID_CARD, Source.E_LICENCE, Source.APPLICANT, Source.EARLIER, Source.DEFAULT)


def test_id_card_beats_applicant_and_earlier_cases() -> None:
    sources = PrefillSources(
        id_card=CARD,
        applicant={"name": "张叁", "phone": "13900139000"},
        earlier={"operator_name": "张老三", "operator_phone": "13700137000", "business_scope": "小吃服务", "agent_name": "李四"},
    )  # fmt: skip
    result = prefill(form("330106-SCJG-001"), sources)
    assert result.values["operator_name"] == "张三"
    assert result.origins["operator_name"] is Source.ID_CARD
    assert result.values["operator_id_number"] == "110101199003070011"
    assert result.values["operator_nation"] == "01"
    assert result.values["operator_phone"] == "13900139000"  # the card has no phone: the applicant panel
    assert result.origins["operator_phone"] is Source.APPLICANT
    assert result.values["business_scope"] == "小吃服务"
    assert result.origins["business_scope"] is Source.EARLIER
    assert "agent_name" not in result.values  # remember: false
    assert result.values["organisation_form"] == "individual"
    assert result.origins["organisation_form"] is Source.DEFAULT
    assert "operator_sex" not in result.values  # computed fields are never prefilled


def test_what_the_clerk_typed_is_never_overwritten() -> None:
    result = prefill(
        form("330106-SCJG-001"),
        PrefillSources(id_card=CARD),
        typed={"operator_name": "王五", "operator_id_number": " "},
    )
    assert "operator_name" not in result.values
    assert result.values["operator_id_number"] == "110101199003070011"  # blank counts as not typed


def test_e_licence_and_an_invalid_value_falls_through() -> None:
    sources = PrefillSources(
        e_licences={"营业执照": {"number": "91350100M000100Y44", "holder_name": "示例小吃店"}},
        applicant={"id_number": "91350100M000100Y43"},
        earlier={"credit_code": "9144030071526726XG"},
    )
    result = prefill(form("330106-SCJG-002"), sources)
    assert result.values["business_name"] == "示例小吃店"
    assert result.origins["business_name"] is Source.E_LICENCE
    # The licence's code fails its check character, so the next source in line is used.
    assert result.values["credit_code"] == "9144030071526726XG"
    assert result.origins["credit_code"] is Source.EARLIER


def test_card_address_fills_the_region_cascade_and_dates() -> None:
    result = prefill(form("330106-GAFJ-001"), PrefillSources(id_card=CARD))
    assert result.values["household_address"] == Address("330000", "330100", "330106", "文三路90号")
    assert result.values["old_valid_until"] == dt.date(2040, 1, 1)
    assert result.values["holder_nation"] == "01"
    assert result.values["receive_method"] == "window"


def test_earlier_tables_and_a_prefilled_form_validates() -> None:
    rows = [{"member_name": "李梅", "member_id_number": "11010119900307002X", "member_relationship": "配偶"}]
    sources = PrefillSources(id_card=CARD, applicant={"phone": "13800138000"}, earlier={
        "organisation_form": "family", "family_members": rows, "business_scope": "小吃服务",
        "premises": {"province": "330000", "city": "330100", "county": "330106", "detail": "文三路90号"},
        "employees": 2, "capital": "5.00",
    })  # fmt: skip
    definition = form("330106-SCJG-001")
    result = prefill(definition, sources)
    assert result.values["family_members"][0]["member_relationship"] == "10"
    context = FormContext({"owns_premises": True, "by_agent": False})
    assert validate(definition, result.values, context) == []
