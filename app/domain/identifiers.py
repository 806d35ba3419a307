"""Citizen ID numbers, unified social credit codes and phone numbers: checked, never raising on bad input.

Each check returns either a value object or an Invalid* result naming one specific problem, so that the UI
can show a precise Chinese message. `position` is the 0-based index, into the result's normalised `text`,
of the first offending character; it is None where no single character is to blame.
When several problems exist, the first in a fixed order (given with each check) is reported: broadly left
to right, with a check character mismatch last, since it says that something is wrong but not where.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

# Full-width forms of the printable ASCII characters (U+FF01..U+FF5E), as typed with a Chinese IME.
_FULL_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
_WHITESPACE = re.compile(r"\s+")  # \s includes the ideographic space U+3000


def _normalise(text: str) -> str:
    return _WHITESPACE.sub("", text).translate(_FULL_WIDTH)


# ------------------------------------------------------------------------------------- citizen ID numbers


class IdProblem(StrEnum):
    EMPTY = "empty"
    LENGTH = "length"
    CHARACTER = "character"
    CHECK_CHARACTER = "check_character"
    IMPOSSIBLE_DATE = "impossible_date"
    FUTURE_DATE = "future_date"
    AREA_CODE = "area_code"


class IdKind(StrEnum):
    RESIDENT = "resident"  # 居民身份证
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"  # 港澳台居民居住证
    FOREIGNER_PERMANENT_2023 = "foreigner_permanent_2023"  # 外国人永久居留身份证 (2023 format)


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


_HMT_AREAS = frozenset({"810000", "820000", "830000"})
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(17-i) mod 11
_YEAR_AT = 6


def id_check_character(body: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character of a 17-digit body."""
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


@dataclass(frozen=True)
class CitizenId:
    """A valid 18-character number; build it with check_citizen_id.

    For the 2023 foreigner card, `area_code` is "9" + province + nationality code, not a GB/T 2260 code;
    its birth date and sex digit sit where a resident's do (domain-spec §1.5, layout not yet verified).
    """

    number: str
    kind: IdKind
    birth_date: dt.date
    sex: Sex
    area_code: str
    converted_from: str | None = None  # the 15-digit legacy number this one was derived from

    def masked(self) -> str:
        return f"{self.number[:4]}{'*' * 10}{self.number[-4:]}"

    def __repr__(self) -> str:
        # Keeps full ID numbers out of logs and tracebacks (personal information).
        return f"CitizenId({self.masked()}, {self.kind.value})"


@dataclass(frozen=True)
class InvalidId:
    problem: IdProblem
    position: int | None
    text: str = field(repr=False)  # the normalised input that `position` indexes into


def check_citizen_id(text: str, today: dt.date) -> CitizenId | InvalidId:
    """Check an 18-character number (GB 11643-1999) or convert a 15-digit legacy one (GB 11643-1989).

    Spaces are ignored; full-width digits and a lower-case or full-width x are accepted.
    The order of checks: characters, length, area code, birth date, check character.
    Unknown or abolished area codes are accepted; only the all-zero code is rejected.
    """
    text = _normalise(text).upper()
    problem = _id_format_problem(text)
    if problem is not None:
        return InvalidId(problem[0], problem[1], text)
    legacy = len(text) == 15
    birth_date = _birth_date(text, legacy, today)
    if not isinstance(birth_date, dt.date):
        return InvalidId(birth_date[0], birth_date[1], text)
    # A 15-digit number has no check character: it gets one, with the century, on conversion.
    body = f"{text[:6]}19{text[6:]}" if legacy else text[:17]
    check = id_check_character(body)
    if not legacy and text[17] != check:
        return InvalidId(IdProblem.CHECK_CHARACTER, 17, text)
    number = body + check
    return CitizenId(
        number=number,
        kind=_id_kind(number),
        birth_date=birth_date,
        sex=Sex.MALE if int(number[16]) % 2 else Sex.FEMALE,
        area_code=number[:6],
        converted_from=text if legacy else None,
    )


def _id_format_problem(text: str) -> tuple[IdProblem, int | None] | None:
    if not text:
        return IdProblem.EMPTY, None
    for index, char in enumerate(text):
        if not (char.isascii() and char.isdigit()) and not (char == "X" and index == 17):
            return IdProblem.CHARACTER, index
    if len(text) not in (15, 18):
        return IdProblem.LENGTH, (18 if len(text) > 18 else None)
    if text.startswith("000000"):
        return IdProblem.AREA_CODE, 0
    return None


def _birth_date(text: str, legacy: bool, today: dt.date) -> dt.date | tuple[IdProblem, int]:
    """The birth date in `text`, or the problem with it and the index of the field at fault."""
    # The 1989 numbers have a 2-digit year and assume the 1900s.
    year = 1900 + int(text[6:8]) if legacy else int(text[6:10])
    month_at = 8 if legacy else 10
    month, day = int(text[month_at : month_at + 2]), int(text[month_at + 2 : month_at + 4])
    if year < dt.MINYEAR:
        return IdProblem.IMPOSSIBLE_DATE, _YEAR_AT
    if not 1 <= month <= 12:
        return IdProblem.IMPOSSIBLE_DATE, month_at
    try:
        birth_date = dt.date(year, month, day)
    except ValueError:
        return IdProblem.IMPOSSIBLE_DATE, month_at + 2
    return (IdProblem.FUTURE_DATE, _YEAR_AT) if birth_date > today else birth_date


def _id_kind(number: str) -> IdKind:
    if number[0] == "9":
        return IdKind.FOREIGNER_PERMANENT_2023
    if number[:6] in _HMT_AREAS:
        return IdKind.HMT_RESIDENCE_PERMIT
    return IdKind.RESIDENT


@dataclass(frozen=True)
class ForeignPermanentId2017:
    """A 15-character number of the 2017 外国人永久居留身份证: 3-letter nationality code and 12 digits.

    Only the format is checked: the meaning of the 12 digits and any check digit are not verified
    (domain spec §1.5), so a wrong digit cannot be caught here.
    """

    number: str

    @property
    def nationality(self) -> str:
        return self.number[:3]

    def masked(self) -> str:
        return f"{self.number[:4]}{'*' * 7}{self.number[-4:]}"

    def __repr__(self) -> str:
        return f"ForeignPermanentId2017({self.masked()})"


def check_foreign_permanent_2017(text: str) -> ForeignPermanentId2017 | InvalidId:
    """Check the format of a 2017 foreigner card number; spaces ignored, lower case and full width accepted.

    The order of checks: characters (letters first, then digits), length.
    """
    text = _normalise(text).upper()
    if not text:
        return InvalidId(IdProblem.EMPTY, None, text)
    for index, char in enumerate(text):
        wanted = char.isalpha() if index < 3 else char.isdigit()
        if not (char.isascii() and wanted):
            return InvalidId(IdProblem.CHARACTER, index, text)
    if len(text) != 15:
        return InvalidId(IdProblem.LENGTH, 15 if len(text) > 15 else None, text)
    return ForeignPermanentId2017(text)


# ------------------------------------------------------------------------------ unified social credit codes


class CreditCodeProblem(StrEnum):
    EMPTY = "empty"
    LENGTH = "length"
    CHARACTER = "character"
    CHECK_CHARACTER = "check_character"


CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, Z, S, V
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_check_character(body: str) -> str:
    """The GB 32100 (MOD 31) check character of a 17-character body over CREDIT_CODE_ALPHABET."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight for char, weight in zip(body, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[-total % 31]


def org_code_check_character(body: str) -> str:
    """The GB 11714 check character of the 8-character body of an organisation code."""
    total = sum(
        (int(char) if char.isdigit() else ord(char) - 55) * weight
        for char, weight in zip(body, _ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


@dataclass(frozen=True)
class CreditCode:
    """A valid 统一社会信用代码; build it with check_credit_code."""

    code: str
    registration_authority: str  # 登记管理部门代码, position 1
    organisation_type: str  # 机构类别代码, position 2
    region_code: str  # 登记管理机关行政区划码, positions 3-8
    subject_code: str  # 主体标识码 (GB 11714 organisation code), positions 9-17
    # A warning, not a rejection: the subject codes of individual businesses (个体工商户) often do not
    # follow GB 11714, and the MOD 31 check character already protects the whole code.
    org_code_check_ok: bool


@dataclass(frozen=True)
class InvalidCreditCode:
    problem: CreditCodeProblem
    position: int | None
    text: str  # the normalised input that `position` indexes into


def check_credit_code(text: str) -> CreditCode | InvalidCreditCode:
    """Check a GB 32100 code. Spaces are ignored; lower-case and full-width characters are accepted."""
    text = _normalise(text).upper()
    if not text:
        return InvalidCreditCode(CreditCodeProblem.EMPTY, None, text)
    for index, char in enumerate(text):
        if char not in CREDIT_CODE_ALPHABET:
            return InvalidCreditCode(CreditCodeProblem.CHARACTER, index, text)
    if len(text) != 18:
        return InvalidCreditCode(CreditCodeProblem.LENGTH, 18 if len(text) > 18 else None, text)
    if credit_check_character(text[:17]) != text[17]:
        return InvalidCreditCode(CreditCodeProblem.CHECK_CHARACTER, 17, text)
    subject = text[8:17]
    return CreditCode(
        code=text,
        registration_authority=text[0],
        organisation_type=text[1],
        region_code=text[2:8],
        subject_code=subject,
        org_code_check_ok=org_code_check_character(subject[:8]) == subject[8],
    )


# --------------------------------------------------------------------------------------------- phone numbers


class PhoneProblem(StrEnum):
    EMPTY = "empty"
    LENGTH = "length"
    CHARACTER = "character"
    PREFIX = "prefix"  # a mobile not starting 1[3-9], a foreign country code, a landline without area code


class PhoneKind(StrEnum):
    MOBILE = "mobile"
    LANDLINE = "landline"


@dataclass(frozen=True)
class MobileNumber:
    """A mainland mobile number: 11 digits, without country prefix."""

    number: str

    @property
    def kind(self) -> PhoneKind:
        return PhoneKind.MOBILE

    def masked(self) -> str:
        return f"{self.number[:3]}****{self.number[-4:]}"

    def __repr__(self) -> str:
        # Keeps full phone numbers out of logs and tracebacks (personal information).
        return f"MobileNumber({self.masked()})"


@dataclass(frozen=True)
class LandlineNumber:
    """A mainland landline: area code (with its leading 0), 7- or 8-digit local number, optional extension."""

    area_code: str
    local_number: str
    extension: str | None = None

    @property
    def kind(self) -> PhoneKind:
        return PhoneKind.LANDLINE

    @property
    def number(self) -> str:
        """The conventional written form, e.g. 010-12345678转801."""
        suffix = f"转{self.extension}" if self.extension else ""
        return f"{self.area_code}-{self.local_number}{suffix}"


@dataclass(frozen=True)
class InvalidPhone:
    problem: PhoneProblem
    position: int | None
    text: str = field(repr=False)  # the normalised input that `position` indexes into
    kind: PhoneKind = PhoneKind.MOBILE  # which kind of number the input was checked as


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphens, dashes and minus, as pasted from documents
_DASH_TO_HYPHEN = str.maketrans(dict.fromkeys(_DASHES, "-"))
_NO_DASHES = str.maketrans("", "", "-" + _DASHES)
_COUNTRY_PREFIX = re.compile(r"\+86|0086|86(?=\d{11}$)")
_PARENTHESISED_AREA = re.compile(r"^\((0\d{2,3})\)")  # (010)12345678
_EXTENSION_MARK = re.compile(r"转|分机|ext\.?|x|#|,", re.IGNORECASE)
_LANDLINE_START = re.compile(r"\(?0(?!086)")
_AREA_CODE = re.compile(r"0[12]\d|0[3-9]\d\d")  # 010 and 02X are the only 3-digit area codes


def check_mobile(text: str) -> MobileNumber | InvalidPhone:
    """Check a mainland mobile number: 1[3-9] and 9 more digits.

    Spaces and dashes are ignored and a +86, 0086 or 86 country prefix is removed; `text` in an
    InvalidPhone is what remains. The order of checks: characters, prefix, length.
    """
    text = _normalise(text).translate(_NO_DASHES)
    if not text:
        return InvalidPhone(PhoneProblem.EMPTY, None, text)
    prefix = _COUNTRY_PREFIX.match(text)
    if prefix is not None:
        text = text[prefix.end() :]
    problem = _mobile_problem(text)
    return MobileNumber(text) if problem is None else InvalidPhone(problem[0], problem[1], text)


def _mobile_problem(text: str) -> tuple[PhoneProblem, int | None] | None:
    for index, char in enumerate(text):
        if not (char.isascii() and char.isdigit()):
            # +86 is gone by now, so a leading + starts another country's code.
            return (PhoneProblem.PREFIX if (index, char) == (0, "+") else PhoneProblem.CHARACTER), index
    if text[:1] not in ("", "1"):
        return PhoneProblem.PREFIX, 0
    if text[1:2] not in ("", *"3456789"):
        return PhoneProblem.PREFIX, 1
    if len(text) != 11:
        return PhoneProblem.LENGTH, (11 if len(text) > 11 else None)
    return None


def check_landline(text: str) -> LandlineNumber | InvalidPhone:
    """Check a mainland landline: 0AA(A) area code, 7- or 8-digit local number, optional extension.

    Spaces and dashes separate groups; the area code may be in parentheses. An extension follows 转, 分机,
    ext, x, # or a comma, or is the third dash-separated group after a complete number (010-12345678-801).
    The order of checks: characters, area code (PREFIX), length.
    """
    text = _PARENTHESISED_AREA.sub(r"\1-", _normalise(text).translate(_DASH_TO_HYPHEN), count=1)
    if not text:
        return InvalidPhone(PhoneProblem.EMPTY, None, text, PhoneKind.LANDLINE)
    number, extension, ext_at = _split_extension(text)
    parsed = _parse_landline(number, extension, ext_at)
    if isinstance(parsed, LandlineNumber):
        return parsed
    return InvalidPhone(parsed[0], parsed[1], text, PhoneKind.LANDLINE)


def _parse_landline(
    number: str, extension: str | None, ext_at: int
) -> LandlineNumber | tuple[PhoneProblem, int | None]:
    for index, char in enumerate(number):
        if not (char.isascii() and (char.isdigit() or char == "-")):
            return PhoneProblem.CHARACTER, index
    for index, char in enumerate(extension or ""):
        if not (char.isascii() and char.isdigit()):
            return PhoneProblem.CHARACTER, ext_at + index
    digit_at = [index for index, char in enumerate(number) if char != "-"]
    digits = number.replace("-", "")
    if digits and (digits[0] != "0" or digits[1:2] == "0"):
        # A local number without its area code, or an international 00 prefix.
        return PhoneProblem.PREFIX, digit_at[0 if digits[0] != "0" else 1]
    area = _AREA_CODE.match(digits)
    local = digits[area.end() :] if area else ""
    if area is None or not 7 <= len(local) <= 8 or (extension is not None and not 1 <= len(extension) <= 6):
        return PhoneProblem.LENGTH, None
    return LandlineNumber(area.group(), local, extension)


def _split_extension(text: str) -> tuple[str, str | None, int]:
    """The number part, the extension (None without one) and the index of the extension in `text`."""
    mark = _EXTENSION_MARK.search(text)
    if mark is not None:
        return text[: mark.start()], text[mark.end() :], mark.end()
    groups = text.split("-")
    if len(groups) == 3 and _AREA_CODE.fullmatch(groups[0]) and 7 <= len(groups[1]) <= 8:
        return f"{groups[0]}-{groups[1]}", groups[2], len(groups[0]) + len(groups[1]) + 2
    return text, None, 0


def check_phone(text: str) -> MobileNumber | LandlineNumber | InvalidPhone:
    """Check a mobile or a landline number: input starting with 0 or (0, but not 0086, is a landline."""
    if _LANDLINE_START.match(_normalise(text)):
        return check_landline(text)
    return check_mobile(text)
