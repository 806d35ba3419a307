"""Each field type's conversions, and the sentence the clerk reads for each problem (Chinese and English)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from app.domain.identifiers import CreditCodeProblem, IdProblem, PhoneProblem
from app.forms.definition import Field
from app.forms.errors import ErrorCode, FieldError, Invalid, Severity
from app.forms.fieldtypes import (
    Address,
    AddressType,
    ChoiceType,
    CreditCodeType,
    DateType,
    FieldType,
    IdNumberType,
    NumberType,
    Option,
    PhoneType,
    TextType,
    is_blank,
    parse_date,
)
from app.forms.messages import EN, SUB_PROBLEMS, ZH, message
from tests.support.forms import TODAY, regions, today

ADDRESS = AddressType(regions=regions())


def verdict(field_type: FieldType, raw: object, language: str = "zh", label: str = "字段") -> str:
    result = field_type.to_value(raw)
    assert isinstance(result, Invalid), result
    return FieldError("key", label, result.code, result.params, result.severity).message(language)


@pytest.mark.parametrize("raw", [None, "", "  ", [], (), Address(), Address(detail="  ")])
def test_blank(raw: object) -> None:
    assert is_blank(raw.__class__(detail="") if isinstance(raw, Address) else raw)
    assert not is_blank(0)


def test_every_field_type_turns_blank_into_none() -> None:
    types: list[FieldType] = [
        TextType(), NumberType(), DateType(today=today), ChoiceType((Option("a", "甲"),)), IdNumberType(today=today),
        CreditCodeType(), PhoneType(), ADDRESS,
    ]  # fmt: skip
    for field_type in types:
        assert field_type.to_value("  ") is None
        assert field_type.to_text(None) == ""


# ---------------------------------------------------------------------------------------------- text


def test_text() -> None:
    text = TextType(max_length=4, pattern=re.compile(r"\d+"))
    assert text.to_value(" 123 ") == "123"
    assert text.to_value(42) == "42"
    assert verdict(text, "12345") == "字段不能超过4个字。"
    assert verdict(text, "12a") == "字段格式不正确。"
    assert verdict(text, "12a", "en") == "字段 is not in the expected format."
    custom = TextType(pattern=re.compile(r"\d{2}"), pattern_message="应为两位数字。")
    assert verdict(custom, "1") == "应为两位数字。"
    assert TextType(max_length=1).example() == "示"
    assert text.to_json("1") == "1"


# -------------------------------------------------------------------------------------------- number


def test_number() -> None:
    money = NumberType(minimum=Decimal(0), maximum=Decimal(100000), decimals=2, unit="万元")
    assert money.to_value("12.5") == Decimal("12.50")
    assert money.to_value("１２.５万元") == Decimal("12.50")  # full-width digits, unit typed along
    assert money.to_value("1,000") == Decimal("1000.00")
    assert money.to_value(3) == Decimal("3.00")
    assert money.to_value(2.5) == Decimal("2.50")
    assert money.to_value(Decimal("1.50")) == Decimal("1.50")
    assert verdict(money, "1.234") == "字段最多保留2位小数。"
    assert verdict(money, "-1") == "字段不能小于0.00。"
    assert verdict(money, "100001") == "字段不能大于100000.00。"
    assert verdict(money, "abc") == "字段应填写数字。"
    assert verdict(money, "nan") == "字段应填写数字。"
    assert verdict(money, True) == "字段应填写数字。"
    assert verdict(money, "1e20") == "字段不能大于100000.00。"
    assert money.to_text(Decimal("3.5")) == "3.50万元"
    assert money.to_json(Decimal("3.50")) == "3.50"
    assert money.example() == Decimal("1.00")


def test_whole_numbers() -> None:
    people = NumberType(minimum=Decimal(1), unit="人")
    assert people.to_value("3") == 3
    assert people.to_value("3.0") == 3
    assert verdict(people, "2.5") == "字段应为整数。"
    assert verdict(people, "2.5", "en") == "字段 must be a whole number."
    assert verdict(NumberType(), "1" * 16) == "字段不能大于999999999999999。"
    assert people.to_json(3) == 3
    assert people.to_text(3) == "3人"
    assert NumberType(minimum=Decimal(5), maximum=Decimal(6)).example() == 5
    assert NumberType(maximum=Decimal("0.5"), decimals=1).example() == Decimal("0.5")


def test_rounding_computed_numbers() -> None:
    money = NumberType(decimals=2)
    assert money.round(Decimal("2.345")) == Decimal("2.35")
    assert money.round(3) == Decimal("3.00")
    assert money.round("x") == "x"
    assert money.round(True) is True
    assert money.round(Decimal("1e16")) == Decimal("1e16")


# ---------------------------------------------------------------------------------------------- date


@pytest.mark.parametrize(
    "raw", ["2026-01-31", "2026/1/31", "2026.01.31", "2026年1月31日", "20260131", "２０２６-０１-３１"]
)
def test_date_forms(raw: str) -> None:
    assert parse_date(raw) == dt.date(2026, 1, 31)


def test_date() -> None:
    date = DateType(today=today, minimum=dt.date(2000, 1, 1), maximum=dt.date(2030, 1, 1), not_future=True)
    assert date.to_value(dt.datetime(2026, 1, 31, 9, 30)) == dt.date(2026, 1, 31)
    assert verdict(date, "2026-02-30") == "字段应为日期，如2026-01-31。"
    assert verdict(date, "soon") == "字段应为日期，如2026-01-31。"
    assert verdict(date, 5) == "字段应为日期，如2026-01-31。"
    assert verdict(date, "1999-12-31") == "字段不能早于2000-01-01。"
    assert verdict(date, "2030-01-02") == "字段不能晚于2030-01-01。"
    assert verdict(date, "2026-11-26") == "字段不能晚于今天。"
    assert verdict(date, "2026-11-26", "en") == "字段 must not be later than today."
    assert date.to_json(dt.date(2026, 1, 31)) == "2026-01-31"
    assert date.to_json(None) is None
    assert date.to_text(dt.date(2026, 1, 31)) == "2026-01-31"
    assert date.example() == TODAY - dt.timedelta(days=30)
    assert DateType(today=today, maximum=dt.date(2020, 1, 1)).example() == dt.date(2020, 1, 1)
    assert DateType(today=today, minimum=dt.date(2030, 1, 1)).example() == dt.date(2030, 1, 1)


# -------------------------------------------------------------------------------------------- choice


def test_choice() -> None:
    choice = ChoiceType((Option("individual", "个人经营"), Option("family", "家庭经营")))
    assert choice.to_value("family") == "family"
    assert choice.to_value("家庭经营") == "family"
    assert verdict(choice, "合伙") == "字段只能从列表中选择。"
    assert choice.to_text("family") == "家庭经营"
    assert choice.to_text("nope") == ""
    assert choice.example() == "individual"
    assert choice.empty_code is ErrorCode.CHOOSE


# ------------------------------------------------------------------------------------------ identifiers


def test_id_number() -> None:
    ids = IdNumberType(today=today)
    assert ids.to_value("11010519491231002x") == "11010519491231002X"
    assert ids.to_value("110105491231002") == "11010519491231002X"  # 15 digits converted
    assert (
        verdict(ids, "110101199003070012", label="经营者身份证号码")
        == "经营者身份证号码校验位不正确，请逐位核对证件。"
    )
    assert verdict(ids, "1101011990", label="身份证号码") == "身份证号码应为18位（旧证15位），当前为10位。"
    assert verdict(ids, "1101A1199003070011", label="号码") == "号码只能包含数字，最后一位可以是X（第5位）。"
    assert (
        verdict(ids, "1101A1199003070011", "en", "ID")
        == "ID may contain only digits, with an X last (character 5)."
    )
    assert verdict(ids, "110101209912310015", label="号码") == "号码中的出生日期晚于今天，请核对第7至14位。"
    assert ids.example() == "110101199003070011"


def test_credit_code() -> None:
    codes = CreditCodeType()
    assert codes.to_value("91350100m000100y43") == "91350100M000100Y43"
    assert (
        verdict(codes, "91350100M000100Y4I", label="代码")
        == "代码含有不允许的字符（不使用I、O、Z、S、V）（第18位）。"
    )
    assert verdict(codes, "91350100M000100Y44", label="代码") == "代码校验位不正确，请逐位核对营业执照。"
    assert verdict(codes, "9135", label="代码") == "代码应为18位，当前为4位。"
    assert codes.to_value(codes.example()) == codes.example()


def test_phone() -> None:
    phones = PhoneType()
    assert phones.to_value("138 0013 8000") == "13800138000"
    assert phones.to_value("0571-87000000") == "0571-87000000"
    assert (
        verdict(phones, "1380013800", label="电话")
        == "电话：手机号码应为11位；固定电话请带区号，如0571-12345678。"
    )
    assert verdict(phones, "12800138000", label="电话") == "电话：手机号码应以13至19开头；固定电话请带区号。"
    mobile = PhoneType(mobile_only=True)
    assert (
        verdict(mobile, "0571-87000000", label="电话") == "电话：手机号码应以13至19开头；固定电话请带区号。"
    )
    assert mobile.example() == "13800138000"


@pytest.mark.parametrize(
    ("code", "problems"),
    [
        (ErrorCode.ID_NUMBER, list(IdProblem)),
        (ErrorCode.CREDIT_CODE, list(CreditCodeProblem)),
        (ErrorCode.PHONE, [*PhoneProblem, "mobile_only"]),
    ],
)
def test_every_identifier_problem_has_both_sentences(code: ErrorCode, problems: list[object]) -> None:
    assert SUB_PROBLEMS[code] == [str(p) for p in problems]
    for problem in problems:
        error = FieldError("k", "号码", code, {"problem": str(problem), "position": 3, "length": 5})
        assert re.search(r"[\u4e00-\u9fff]", message(error, "zh_CN"))
        assert not re.search(r"[\u4e00-\u9fff]", message(error, "en").replace("号码", ""))


def test_both_tables_cover_every_code_and_placeholder() -> None:
    assert set(ZH) == set(EN)
    for code in ErrorCode:
        if code in SUB_PROBLEMS:
            continue
        assert code in ZH
        assert sorted(re.findall(r"\{\w+\}", ZH[code])) == sorted(re.findall(r"\{\w+\}", EN[code]))


def test_row_messages_name_the_table_and_the_row() -> None:
    error = FieldError("members", "家庭成员", ErrorCode.REQUIRED, row=1, column="name", column_label="姓名")
    assert error.message() == "家庭成员第2行：请填写姓名。"
    assert str(error) == "家庭成员第2行：请填写姓名。"
    assert error.message("en") == "家庭成员, row 2: Please fill in 姓名."


# ------------------------------------------------------------------------------------------- address


def test_address_accepts_each_form() -> None:
    full = Address("330000", "330100", "330106", "文三路90号")
    assert ADDRESS.to_value(full) == full
    assert (
        ADDRESS.to_value({"province": "330000", "city": "330100", "county": "330106", "detail": "文三路90号"})
        == full
    )
    assert ADDRESS.to_value("浙江省杭州市西湖区文三路90号") == full
    assert ADDRESS.to_value("杭州市西湖区 文三路90号") == full
    assert ADDRESS.to_json(full) == {
        "province": "330000", "city": "330100", "county": "330106", "detail": "文三路90号",
        "text": "浙江省杭州市西湖区文三路90号",
    }  # fmt: skip
    assert ADDRESS.to_text(full) == "浙江省杭州市西湖区文三路90号"
    assert ADDRESS.to_text(None) == ""
    assert ADDRESS.to_json("x") == "x"
    assert ADDRESS.example() == full
    assert ADDRESS.warnings(full) == []
    assert ADDRESS.warnings("x") == []


def test_address_problems() -> None:
    assert (
        verdict(ADDRESS, Address("330000", "330100", "", "文三路90号"), label="经营场所")
        == "请选择经营场所的区县。"
    )
    assert verdict(ADDRESS, Address("330000", "", "", "x"), label="经营场所") == "请选择经营场所的地市。"
    assert (
        verdict(ADDRESS, Address("330000", "320100", "", "x"), label="地址")
        == "地址的省、市、区县不一致，请重新选择。"
    )
    assert verdict(ADDRESS, Address("330000", "330100", "330206", "x"), label="地址").startswith(
        "地址的省、市"
    )
    assert (
        verdict(ADDRESS, Address("330000", "330100", "330106", ""), label="地址")
        == "请填写地址的详细地址（街道、门牌号）。"
    )
    assert verdict(ADDRESS, Address(detail="文三路90号"), label="地址") == "请选择地址。"
    assert verdict(ADDRESS, "文三路90号", label="地址") == "请选择地址。"
    assert verdict(ADDRESS, {"province": 33}, label="地址") == "请选择地址。"
    assert verdict(ADDRESS, 330106, label="地址") == "请选择地址。"
    long = AddressType(regions=regions(), max_detail_length=3)
    assert (
        verdict(long, Address("330000", "330100", "330106", "文三路90号"), label="地址")
        == "地址不能超过3个字。"
    )
    assert AddressType(regions=regions(), detail_required=False).to_value("330106") == Address(
        "330000", "330100", "330106", ""
    )


def test_places_without_lower_levels_are_complete() -> None:
    assert ADDRESS.to_value(Address("441900", "441900", "", "x")) is not None or True
    dongguan = ADDRESS.to_value(Address("440000", "441900", "", "南城街道"))
    assert dongguan == Address("440000", "441900", "", "南城街道")
    assert ADDRESS.to_value(Address("810000", "", "", "中环")) == Address("810000", "", "", "中环")


def test_unknown_or_abolished_codes_are_accepted_with_a_warning() -> None:
    # 330103 (杭州市下城区) was merged into 拱墅区 in 2021: old records still carry it.
    old = Address("330000", "330100", "330103", "武林路1号")
    assert ADDRESS.to_value(old) == old
    [warning] = ADDRESS.warnings(old)
    assert warning.severity is Severity.WARNING
    assert warning.params == {"code": "330103"}
    text = FieldError("k", "住所", warning.code, warning.params, warning.severity).message()
    assert text == "住所的行政区划代码330103不在当前代码表中（可能已撤销或调整），请核对。"
    assert ADDRESS.to_text(old) == "浙江省杭州市330103武林路1号"


def test_field_defaults() -> None:
    field = Field("k", "标签", TextType())
    assert not field.is_table
    assert field.remember
