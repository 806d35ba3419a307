"""Identifier checks: the spec vectors (§1.3-1.5, §2.4-2.5), each problem with its position, properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.identifiers import (
    CREDIT_CODE_ALPHABET,
    CitizenId,
    CreditCode,
    CreditCodeProblem,
    IdKind,
    IdProblem,
    InvalidCreditCode,
    InvalidId,
    InvalidPhone,
    LandlineNumber,
    MobileNumber,
    PhoneKind,
    PhoneProblem,
    Sex,
    check_citizen_id,
    check_credit_code,
    check_landline,
    check_mobile,
    check_phone,
    credit_check_character,
    id_check_character,
    org_code_check_character,
)

TODAY = dt.date(2026, 11, 25)

R = IdKind.RESIDENT
HMT = IdKind.HMT_RESIDENCE_PERMIT
FOREIGNER = IdKind.FOREIGNER_PERMANENT_2023

# (number, expected kind or problem, note) — every vector of domain-spec.md §1.3, §1.4 and §1.5.
ID_VECTORS: list[tuple[str, IdKind | IdProblem, str]] = [
    ("11010519491231002X", R, "standard example, Beijing 朝阳"),
    ("440524188001010014", R, "standard example, Guangdong 汕头, born 1880"),
    ("34052419800101001X", R, "worked example"),
    ("513101198201130014", R, "worked example"),
    ("370101190102039973", R, "worked example"),
    ("110101199003070011", R, "synthetic, male"),
    ("11010119900307002X", R, "synthetic, female, X"),
    ("440304200002291236", R, "synthetic, leap day"),
    ("650102198512310092", R, "synthetic"),
    ("110105200101010005", R, "synthetic"),
    ("110105198001019993", R, "synthetic"),
    ("110101199003070012", IdProblem.CHECK_CHARACTER, "bad check digit"),
    ("110101199002300014", IdProblem.IMPOSSIBLE_DATE, "Feb 30, correct check digit"),
    ("110101209912310015", IdProblem.FUTURE_DATE, "future birth date, correct check digit"),
    ("110105491231002", R, "15-digit legacy number"),
    ("130503670401001", R, "15-digit legacy number"),
    ("810000199001010019", HMT, "Hong Kong residence permit"),
    ("820000198512310029", HMT, "Macau residence permit"),
    ("830000200002290031", HMT, "Taiwan residence permit"),
    ("911840199001010018", FOREIGNER, "2023 foreigner permanent-residence card"),
    ("931156198808080027", FOREIGNER, "2023 foreigner permanent-residence card"),
]


@pytest.mark.parametrize(("text", "verdict", "note"), ID_VECTORS, ids=[v[0] for v in ID_VECTORS])
def test_spec_vectors_get_the_documented_verdict(text: str, verdict: IdKind | IdProblem, note: str) -> None:
    result = check_citizen_id(text, TODAY)
    if isinstance(verdict, IdKind):
        assert isinstance(result, CitizenId), note
        assert result.kind is verdict
    else:
        assert isinstance(result, InvalidId), note
        assert result.problem is verdict


@pytest.mark.parametrize(
    ("legacy", "number"),
    [("110105491231002", "11010519491231002X"), ("130503670401001", "130503196704010016")],
)
def test_legacy_numbers_are_converted(legacy: str, number: str) -> None:
    result = check_citizen_id(legacy, TODAY)
    assert isinstance(result, CitizenId)
    assert result.number == number
    assert result.converted_from == legacy
    assert check_citizen_id(number, TODAY) == CitizenId(
        number, result.kind, result.birth_date, result.sex, result.area_code, None
    )


def test_fields_of_a_valid_number() -> None:
    result = check_citizen_id("11010519491231002X", TODAY)
    assert result == CitizenId(
        number="11010519491231002X",
        kind=IdKind.RESIDENT,
        birth_date=dt.date(1949, 12, 31),
        sex=Sex.FEMALE,
        area_code="110105",
        converted_from=None,
    )


@pytest.mark.parametrize(
    ("number", "sex"),
    [("110101199003070011", Sex.MALE), ("11010119900307002X", Sex.FEMALE), ("370101190102039973", Sex.MALE)],
)
def test_sex_is_the_parity_of_the_17th_digit(number: str, sex: Sex) -> None:
    result = check_citizen_id(number, TODAY)
    assert isinstance(result, CitizenId)
    assert result.sex is sex


def test_foreigner_card_birth_date_is_at_the_same_position() -> None:
    first = check_citizen_id("911840199001010018", TODAY)
    second = check_citizen_id("931156198808080027", TODAY)
    assert isinstance(first, CitizenId)
    assert isinstance(second, CitizenId)
    assert (first.birth_date, first.sex) == (dt.date(1990, 1, 1), Sex.MALE)
    assert (second.birth_date, second.sex) == (dt.date(1988, 8, 8), Sex.FEMALE)
    assert first.area_code == "911840"


def test_masking_shows_the_first_and_last_four() -> None:
    result = check_citizen_id("11010519491231002X", TODAY)
    assert isinstance(result, CitizenId)
    assert result.masked() == "1101**********002X"
    assert "19491231" not in repr(result)


def test_invalid_results_keep_the_number_out_of_repr() -> None:
    result = check_citizen_id("110101199003070012", TODAY)
    assert "110101199003070012" not in repr(result)
    assert isinstance(result, InvalidId)
    assert result.text == "110101199003070012"


@pytest.mark.parametrize(
    "text",
    [
        "11010519491231002x",
        " 1101 0519 4912 3100 2X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "110105\u300019491231002X",
        "110105\t19491231002X\n",
    ],
)
def test_input_is_normalised(text: str) -> None:
    result = check_citizen_id(text, TODAY)
    assert isinstance(result, CitizenId)
    assert result.number == "11010519491231002X"


@pytest.mark.parametrize(
    ("text", "problem", "position"),
    [
        ("", IdProblem.EMPTY, None),
        ("   ", IdProblem.EMPTY, None),
        ("1101051949123100", IdProblem.LENGTH, None),
        ("11010519491231002", IdProblem.LENGTH, None),
        ("11010519491231002X1", IdProblem.LENGTH, 18),
        ("110105194912310021", IdProblem.CHECK_CHARACTER, 17),
        ("1101051949123100211", IdProblem.LENGTH, 18),
        ("11010519491231002XX", IdProblem.CHARACTER, 18),
        ("1101A5194912310021", IdProblem.CHARACTER, 4),
        ("110105194912310X2X", IdProblem.CHARACTER, 15),
        ("11010549123100X", IdProblem.CHARACTER, 14),
        ("E12345678", IdProblem.CHARACTER, 0),
        ("110105-19491231-002X", IdProblem.CHARACTER, 6),
        ("11010519491231002٣", IdProblem.CHARACTER, 17),
        ("000000199001010011", IdProblem.AREA_CODE, 0),
        ("000000491231002", IdProblem.AREA_CODE, 0),
        ("110101000003070011", IdProblem.IMPOSSIBLE_DATE, 6),
        ("110101199000070011", IdProblem.IMPOSSIBLE_DATE, 10),
        ("110101199013070011", IdProblem.IMPOSSIBLE_DATE, 10),
        ("110101199002300014", IdProblem.IMPOSSIBLE_DATE, 12),
        ("110101199002000011", IdProblem.IMPOSSIBLE_DATE, 12),
        ("110101190002290011", IdProblem.IMPOSSIBLE_DATE, 12),
        ("110105491331002", IdProblem.IMPOSSIBLE_DATE, 8),
        ("110105490230002", IdProblem.IMPOSSIBLE_DATE, 10),
        ("110101209912310015", IdProblem.FUTURE_DATE, 6),
        ("110101202611260011", IdProblem.FUTURE_DATE, 6),
    ],
)
def test_each_problem_is_named_with_its_position(text: str, problem: IdProblem, position: int | None) -> None:
    result = check_citizen_id(text, TODAY)
    assert isinstance(result, InvalidId)
    assert (result.problem, result.position) == (problem, position)


def test_born_today_is_not_in_the_future() -> None:
    body = "11010120261125001"
    assert isinstance(check_citizen_id(body + id_check_character(body), TODAY), CitizenId)


def test_a_legacy_number_can_be_in_the_future_of_an_early_today() -> None:
    result = check_citizen_id("110105491231002", dt.date(1949, 12, 30))
    assert isinstance(result, InvalidId)
    assert (result.problem, result.position) == (IdProblem.FUTURE_DATE, 6)


def test_a_date_problem_is_reported_before_a_check_character_problem() -> None:
    # Both are wrong; the date points at where the typo is, a check mismatch does not.
    result = check_citizen_id("110101199002300010", TODAY)
    assert isinstance(result, InvalidId)
    assert result.problem is IdProblem.IMPOSSIBLE_DATE


@pytest.mark.parametrize("area", ["999999", "110100", "990000", "710000", "000001", "469003"])
def test_unknown_or_abolished_area_codes_are_accepted(area: str) -> None:
    body = f"{area}19900101001"
    assert isinstance(check_citizen_id(body + id_check_character(body), TODAY), CitizenId)


def test_hmt_requires_the_exact_area_code() -> None:
    body = "81010019900101001"
    result = check_citizen_id(body + id_check_character(body), TODAY)
    assert isinstance(result, CitizenId)
    assert result.kind is IdKind.RESIDENT


# ---------------------------------------------------------------- properties

_body_areas = st.from_regex(r"[0-9]{6}", fullmatch=True).filter(lambda area: area != "000000")
_birth_dates = st.dates(dt.date(1850, 1, 1), TODAY)
_sequences = st.from_regex(r"[0-9]{3}", fullmatch=True)


@st.composite
def id_bodies(draw: st.DrawFn) -> str:
    return f"{draw(_body_areas)}{draw(_birth_dates):%Y%m%d}{draw(_sequences)}"


@given(body=id_bodies())
def test_any_body_with_its_check_character_validates(body: str) -> None:
    result = check_citizen_id(body + id_check_character(body), TODAY)
    assert isinstance(result, CitizenId)
    assert result.birth_date == dt.datetime.strptime(body[6:14], "%Y%m%d").date()
    assert result.sex is (Sex.MALE if int(body[16]) % 2 else Sex.FEMALE)


@given(body=id_bodies(), index=st.integers(0, 17), replacement=st.sampled_from("0123456789X"))
def test_any_single_substitution_is_caught(body: str, index: int, replacement: str) -> None:
    number = body + id_check_character(body)
    if number[index] == replacement:
        return
    changed = number[:index] + replacement + number[index + 1 :]
    assert isinstance(check_citizen_id(changed, TODAY), InvalidId)


@given(body=st.from_regex(r"[0-9]{17}", fullmatch=True))
def test_mod_11_2_equals_the_python_stdnum_one_liner(body: str) -> None:
    check = (1 - 2 * int(body, 13)) % 11
    assert id_check_character(body) == ("X" if check == 10 else str(check))


@given(area=_body_areas, born=st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)), sequence=_sequences)
def test_any_legacy_number_converts_to_a_valid_number(area: str, born: dt.date, sequence: str) -> None:
    legacy = f"{area}{born:%y%m%d}{sequence}"
    result = check_citizen_id(legacy, TODAY)
    assert isinstance(result, CitizenId)
    assert result.birth_date == born
    again = check_citizen_id(result.number, TODAY)
    assert isinstance(again, CitizenId)
    assert again.converted_from is None


# ---------------------------------------------------------------- unified social credit codes

CREDIT_VECTORS = [
    "91350100M000100Y43",
    "9144030071526726XG",
    "914403001922038216",
    "91110000600037341L",
    "12100000400000624D",
    "91330100716105852F",
    "Y1110108MA0123453H",
    "N2440106MA0123453A",
    "12110000MA0123453K",
    "52440300MA0123453F",
    "93320583MA0123453T",
]


@pytest.mark.parametrize("code", CREDIT_VECTORS)
def test_spec_credit_codes_validate(code: str) -> None:
    result = check_credit_code(code)
    assert isinstance(result, CreditCode)
    assert result.code == code
    assert result.org_code_check_ok


def test_credit_code_fields() -> None:
    assert check_credit_code("91350100M000100Y43") == CreditCode(
        code="91350100M000100Y43",
        registration_authority="9",
        organisation_type="1",
        region_code="350100",
        subject_code="M000100Y4",
        org_code_check_ok=True,
    )


@pytest.mark.parametrize(
    ("code", "check"), [("M000100Y", "4"), ("71526726", "X"), ("19220382", "1"), ("MA012345", "3")]
)
def test_gb_11714_check_character(code: str, check: str) -> None:
    assert org_code_check_character(code) == check


def test_gb_11714_check_can_be_zero() -> None:
    # sum % 11 == 0 gives r = 11, written as 0.
    assert org_code_check_character("10000004") == "0"


def test_a_subject_code_failing_gb_11714_is_only_a_warning() -> None:
    body = "92440300L12345678"  # 个体工商户 whose subject code does not follow GB 11714
    assert org_code_check_character(body[8:16]) != body[16]
    result = check_credit_code(body + credit_check_character(body))
    assert isinstance(result, CreditCode)
    assert not result.org_code_check_ok


@pytest.mark.parametrize(
    "text",
    [
        "91350100m000100y43",
        " 9135 0100 M000 100Y 43 ",
        "９１３５０１００Ｍ０００１００Ｙ４３",
        "９１３５０１００ｍ０００１００ｙ４３",
    ],
)
def test_credit_code_input_is_normalised(text: str) -> None:
    result = check_credit_code(text)
    assert isinstance(result, CreditCode)
    assert result.code == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("text", "problem", "position"),
    [
        ("", CreditCodeProblem.EMPTY, None),
        (" \u3000", CreditCodeProblem.EMPTY, None),
        ("91350100M000100Y4", CreditCodeProblem.LENGTH, None),
        ("91350100M000100Y431", CreditCodeProblem.LENGTH, 18),
        ("91350100M000100Y44", CreditCodeProblem.CHECK_CHARACTER, 17),
        ("91350100I000100Y43", CreditCodeProblem.CHARACTER, 8),
        ("91350100O000100Y43", CreditCodeProblem.CHARACTER, 8),
        ("91350100Z000100Y43", CreditCodeProblem.CHARACTER, 8),
        ("91350100S000100Y43", CreditCodeProblem.CHARACTER, 8),
        ("91350100V000100Y43", CreditCodeProblem.CHARACTER, 8),
        ("91350100i000100Y43", CreditCodeProblem.CHARACTER, 8),
        ("91350100-M000100Y43", CreditCodeProblem.CHARACTER, 8),
        ("913501", CreditCodeProblem.LENGTH, None),
    ],
)
def test_each_credit_code_problem(text: str, problem: CreditCodeProblem, position: int | None) -> None:
    result = check_credit_code(text)
    assert isinstance(result, InvalidCreditCode)
    assert (result.problem, result.position) == (problem, position)


_credit_bodies = st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17)


@given(body=_credit_bodies)
def test_any_credit_body_with_its_check_character_validates(body: str) -> None:
    result = check_credit_code(body + credit_check_character(body))
    assert isinstance(result, CreditCode)
    assert check_credit_code(result.code.lower()) == result


@given(body=_credit_bodies, index=st.integers(0, 17), replacement=st.sampled_from(CREDIT_CODE_ALPHABET))
def test_any_single_credit_substitution_is_caught(body: str, index: int, replacement: str) -> None:
    code = body + credit_check_character(body)
    if code[index] == replacement:
        return
    changed = code[:index] + replacement + code[index + 1 :]
    result = check_credit_code(changed)
    assert isinstance(result, InvalidCreditCode)
    assert result.problem is CreditCodeProblem.CHECK_CHARACTER


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "138\u20141234\u20145678",
        "+8613812345678",
        "+86 138 1234 5678",
        "008613812345678",
        "8613812345678",
        "＋８６　１３８１２３４５６７８",
    ],
)
def test_mobile_numbers_are_normalised(text: str) -> None:
    result = check_mobile(text)
    assert result == MobileNumber("13812345678")
    assert isinstance(result, MobileNumber)
    assert result.kind is PhoneKind.MOBILE
    assert result.masked() == "138****5678"
    assert "12345678" not in repr(result)


@pytest.mark.parametrize(
    ("text", "problem", "position"),
    [
        ("", PhoneProblem.EMPTY, None),
        (" - ", PhoneProblem.EMPTY, None),
        ("+86", PhoneProblem.LENGTH, None),
        ("1381234567", PhoneProblem.LENGTH, None),
        ("138123456789", PhoneProblem.LENGTH, 11),
        ("861381234567", PhoneProblem.PREFIX, 0),  # 86 is a prefix only before 11 digits
        ("12012345678", PhoneProblem.PREFIX, 1),
        ("23812345678", PhoneProblem.PREFIX, 0),
        ("+85291234567", PhoneProblem.PREFIX, 0),
        ("138l2345678", PhoneProblem.CHARACTER, 3),
        ("138+12345678", PhoneProblem.CHARACTER, 3),
        ("1", PhoneProblem.LENGTH, None),
    ],
)
def test_each_mobile_problem(text: str, problem: PhoneProblem, position: int | None) -> None:
    result = check_mobile(text)
    assert isinstance(result, InvalidPhone)
    assert (result.problem, result.position, result.kind) == (problem, position, PhoneKind.MOBILE)


@given(
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), prefix=st.sampled_from(["", "+86", "0086", "86"])
)
def test_any_mainland_mobile_validates(number: str, prefix: str) -> None:
    assert check_mobile(prefix + number) == MobileNumber(number)
    assert check_phone(prefix + number) == MobileNumber(number)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("010-12345678", LandlineNumber("010", "12345678")),
        ("01012345678", LandlineNumber("010", "12345678")),
        ("021 1234 5678", LandlineNumber("021", "12345678")),
        ("0755-1234567", LandlineNumber("0755", "1234567")),
        ("0755-1234-5678", LandlineNumber("0755", "12345678")),
        ("07551234567", LandlineNumber("0755", "1234567")),
        ("(010)12345678", LandlineNumber("010", "12345678")),
        ("（0755）8888 8888", LandlineNumber("0755", "88888888")),
        ("010-12345678-801", LandlineNumber("010", "12345678", "801")),
        ("0755-1234567-8", LandlineNumber("0755", "1234567", "8")),
        ("010-12345678转801", LandlineNumber("010", "12345678", "801")),
        ("010-12345678 分机 801", LandlineNumber("010", "12345678", "801")),
        ("010-12345678 ext. 801", LandlineNumber("010", "12345678", "801")),
        ("010-12345678EXT801", LandlineNumber("010", "12345678", "801")),
        ("010-12345678x801", LandlineNumber("010", "12345678", "801")),
        ("010-12345678#801", LandlineNumber("010", "12345678", "801")),
        ("010-12345678,801", LandlineNumber("010", "12345678", "801")),
        ("０１０－１２３４５６７８", LandlineNumber("010", "12345678")),
        ("010\u20131234\u20135678", LandlineNumber("010", "12345678")),
    ],
)
def test_landlines(text: str, expected: LandlineNumber) -> None:
    assert check_landline(text) == expected
    assert check_phone(text) == expected
    assert expected.kind is PhoneKind.LANDLINE


def test_landline_written_form() -> None:
    assert LandlineNumber("010", "12345678").number == "010-12345678"
    assert LandlineNumber("0755", "1234567", "801").number == "0755-1234567转801"


@pytest.mark.parametrize(
    ("text", "problem", "position"),
    [
        ("", PhoneProblem.EMPTY, None),
        ("12345678", PhoneProblem.PREFIX, 0),
        ("-12345678", PhoneProblem.PREFIX, 1),
        ("0085212345678", PhoneProblem.PREFIX, 1),
        ("010-123456", PhoneProblem.LENGTH, None),
        ("010-123456789", PhoneProblem.LENGTH, None),
        ("0", PhoneProblem.LENGTH, None),
        ("转801", PhoneProblem.LENGTH, None),
        ("010-12345678转", PhoneProblem.LENGTH, None),
        ("010-12345678转1234567", PhoneProblem.LENGTH, None),
        ("010-1234567a", PhoneProblem.CHARACTER, 11),
        ("(010", PhoneProblem.CHARACTER, 0),
        ("010-12345678转80a", PhoneProblem.CHARACTER, 15),
        ("010-12345678-80a", PhoneProblem.CHARACTER, 15),
        ("010-1234-5678-801", PhoneProblem.LENGTH, None),  # dashes group digits unless an extension is clear
    ],
)
def test_each_landline_problem(text: str, problem: PhoneProblem, position: int | None) -> None:
    result = check_landline(text)
    assert isinstance(result, InvalidPhone)
    assert (result.problem, result.position, result.kind) == (problem, position, PhoneKind.LANDLINE)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("010-123", PhoneKind.LANDLINE),
        ("0086 138", PhoneKind.MOBILE),
        ("138", PhoneKind.MOBILE),
        ("", PhoneKind.MOBILE),
    ],
)
def test_check_phone_says_which_kind_it_checked(text: str, kind: PhoneKind) -> None:
    result = check_phone(text)
    assert isinstance(result, InvalidPhone)
    assert result.kind is kind


# ----------------------------------------------------------------- 2017 foreigner permanent-residence cards


def test_foreign_permanent_2017_format() -> None:
    from app.domain.identifiers import ForeignPermanentId2017, check_foreign_permanent_2017

    checked = check_foreign_permanent_2017("gbr 3100 8501 0112")
    assert isinstance(checked, ForeignPermanentId2017)
    assert checked.number == "GBR310085010112"
    assert checked.nationality == "GBR"
    assert "310085" not in repr(checked)
    assert checked.masked() == "GBR3*******0112"


@pytest.mark.parametrize(
    ("text", "problem", "position"),
    [
        ("", IdProblem.EMPTY, None),
        ("G1R310085010112", IdProblem.CHARACTER, 1),
        ("GBR31008501011A", IdProblem.CHARACTER, 14),
        ("GBRé10085010112", IdProblem.CHARACTER, 3),
        ("GBR31008501011", IdProblem.LENGTH, None),
        ("GBR3100850101123", IdProblem.LENGTH, 15),
    ],
)
def test_foreign_permanent_2017_problems(text: str, problem: IdProblem, position: int | None) -> None:
    from app.domain.identifiers import InvalidId, check_foreign_permanent_2017

    checked = check_foreign_permanent_2017(text)
    assert isinstance(checked, InvalidId)
    assert (checked.problem, checked.position) == (problem, position)
