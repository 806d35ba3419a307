"""Field types: each turns a raw answer (widget text or stored JSON) into a typed value or an Invalid.

Modelled on qutebrowser's configtypes: the type owns parsing, checking, the stored form and the text
shown back. An empty answer converts to None; whether that is allowed is the field's business.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import ClassVar

from app.domain.identifiers import (
    CitizenId,
    CreditCode,
    InvalidPhone,
    check_citizen_id,
    check_credit_code,
    check_mobile,
    check_phone,
    credit_check_character,
)
from app.forms.errors import ErrorCode, Invalid, Severity
from app.forms.regions import RegionTable, level_of

Today = Callable[[], dt.date]
LARGEST = Decimal(10) ** 15  # no form counts or sums beyond this; keeps Decimal arithmetic exact


def is_blank(raw: object) -> bool:
    """Nothing entered: None, blank text, an empty list or an address with nothing in it."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return not raw
    if isinstance(raw, Address):
        return not (raw.region_code or raw.detail)
    return False


def _normalise(text: str) -> str:
    """Full-width digits and letters to ASCII (as IMEs in full-width mode type them), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


class FieldType:
    """Base class; `kind` is the name used in definition files."""

    kind: ClassVar[str] = ""
    empty_code: ClassVar[ErrorCode] = ErrorCode.REQUIRED

    def to_value(self, raw: object) -> object | Invalid:
        """The typed value of `raw`, None when it is blank, or why it is not acceptable."""
        raise NotImplementedError

    def to_json(self, value: object) -> object:
        """The value as stored in form_data (JSON types only)."""
        return value

    def to_text(self, value: object) -> str:
        """The value as the clerk reads it."""
        return "" if value is None else str(value)

    def warnings(self, value: object) -> list[Invalid]:  # noqa: ARG002 - most types have none
        """Problems worth showing that do not stop the case."""
        return []

    def example(self) -> object:
        """A valid value, for training mode and tests."""
        raise NotImplementedError


@dataclass(frozen=True)
class TextType(FieldType):
    kind: ClassVar[str] = "text"
    max_length: int = 200
    pattern: re.Pattern[str] | None = None
    pattern_message: str = ""
    multiline: bool = False

    def to_value(self, raw: object) -> object | Invalid:
        if is_blank(raw):
            return None
        text = str(raw).strip()
        if len(text) > self.max_length:
            return Invalid(ErrorCode.TOO_LONG, {"max": self.max_length})
        if self.pattern is not None and not self.pattern.fullmatch(text):
            if self.pattern_message:
                return Invalid(ErrorCode.CONSTRAINT, {"message": self.pattern_message})
            return Invalid(ErrorCode.PATTERN)
        return text

    def example(self) -> object:
        return "示例"[: self.max_length]


@dataclass(frozen=True)
class NumberType(FieldType):
    kind: ClassVar[str] = "number"
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    decimals: int = 0
    unit: str = ""

    def to_value(self, raw: object) -> object | Invalid:  # noqa: PLR0911 - one return per verdict
        if is_blank(raw):
            return None
        number = self._parse(raw)
        if number is None:
            return Invalid(ErrorCode.NOT_A_NUMBER)
        if abs(number) >= LARGEST:
            return Invalid(ErrorCode.ABOVE_MAX, {"max": self.format(self.maximum or LARGEST - 1)})
        if number != number.quantize(Decimal(1).scaleb(-self.decimals)):
            if self.decimals == 0:
                return Invalid(ErrorCode.NOT_WHOLE)
            return Invalid(ErrorCode.TOO_MANY_DECIMALS, {"decimals": self.decimals})
        if self.minimum is not None and number < self.minimum:
            return Invalid(ErrorCode.BELOW_MIN, {"min": self.format(self.minimum)})
        if self.maximum is not None and number > self.maximum:
            return Invalid(ErrorCode.ABOVE_MAX, {"max": self.format(self.maximum)})
        if self.decimals == 0:
            return int(number)
        return number.quantize(Decimal(1).scaleb(-self.decimals))

    def _parse(self, raw: object) -> Decimal | None:
        if isinstance(raw, bool):
            return None
        if isinstance(raw, int | Decimal):
            number = Decimal(raw)
        elif isinstance(raw, float):
            number = Decimal(repr(raw))
        else:
            text = _normalise(str(raw)).replace(",", "").replace(" ", "")
            if self.unit and text.endswith(self.unit):
                text = text[: -len(self.unit)]
            try:
                number = Decimal(text)
            except InvalidOperation:
                return None
        return number if number.is_finite() else None

    def round(self, value: object) -> object:
        """A computed number rounded half up to the field's decimals; anything else as it is."""
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return value
        if abs(Decimal(value)) >= LARGEST:
            return value
        return Decimal(value).quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)

    def format(self, number: Decimal | int) -> str:
        return f"{Decimal(number):.{self.decimals}f}"

    def to_json(self, value: object) -> object:
        return str(value) if isinstance(value, Decimal) else value

    def to_text(self, value: object) -> str:
        if value is None:
            return ""
        assert isinstance(value, int | Decimal)
        return self.format(value) + self.unit

    def example(self) -> object:
        low = self.minimum if self.minimum is not None else Decimal(0)
        high = self.maximum if self.maximum is not None else low + 100
        value = min(max(Decimal(1), low), high)
        return int(value) if self.decimals == 0 else value.quantize(Decimal(1).scaleb(-self.decimals))


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(raw: object) -> dt.date | None:
    """A date from a date object or from 2026-01-31, 2026/1/31, 2026.01.31, 2026年1月31日, 20260131."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        return None
    text = _normalise(raw)
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


@dataclass(frozen=True)
class DateType(FieldType):
    kind: ClassVar[str] = "date"
    today: Today = field(compare=False, repr=False, default=dt.date.today)
    minimum: dt.date | None = None
    maximum: dt.date | None = None
    not_future: bool = False

    def to_value(self, raw: object) -> object | Invalid:
        if is_blank(raw):
            return None
        day = parse_date(raw)
        if day is None:
            return Invalid(ErrorCode.NOT_A_DATE)
        if self.minimum is not None and day < self.minimum:
            return Invalid(ErrorCode.DATE_BEFORE, {"min": self.minimum.isoformat()})
        if self.maximum is not None and day > self.maximum:
            return Invalid(ErrorCode.DATE_AFTER, {"max": self.maximum.isoformat()})
        if self.not_future and day > self.today():
            return Invalid(ErrorCode.DATE_IN_FUTURE)
        return day

    def to_json(self, value: object) -> object:
        return value.isoformat() if isinstance(value, dt.date) else value

    def to_text(self, value: object) -> str:
        return value.isoformat() if isinstance(value, dt.date) else ""

    def example(self) -> object:
        day = self.today() - dt.timedelta(days=30)
        if self.maximum is not None:
            day = min(day, self.maximum)
        if self.minimum is not None:
            day = max(day, self.minimum)
        return day


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class CodeList:
    """A named list of coded options (GB/T 3304 nations, GB/T 2261.1 sexes …) shared by definitions."""

    id: str
    title: str
    source: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class ChoiceType(FieldType):
    kind: ClassVar[str] = "choice"
    empty_code: ClassVar[ErrorCode] = ErrorCode.CHOOSE
    options: tuple[Option, ...] = ()
    code_list: str | None = None  # where the options came from, for the record

    def to_value(self, raw: object) -> object | Invalid:
        if is_blank(raw):
            return None
        text = str(raw).strip()
        for option in self.options:
            if text in (option.value, option.label):
                return option.value
        return Invalid(ErrorCode.NOT_AN_OPTION)

    def to_text(self, value: object) -> str:
        return next((option.label for option in self.options if option.value == value), "")

    def example(self) -> object:
        return self.options[0].value


@dataclass(frozen=True)
class IdNumberType(FieldType):
    """A GB 11643 number (resident ID, HMT residence permit, 2023 foreigner card); 15 digits converted."""

    kind: ClassVar[str] = "id_number"
    today: Today = field(compare=False, repr=False, default=dt.date.today)

    def to_value(self, raw: object) -> object | Invalid:
        if is_blank(raw):
            return None
        checked = check_citizen_id(str(raw), self.today())
        if isinstance(checked, CitizenId):
            return checked.number
        return Invalid(
            ErrorCode.ID_NUMBER,
            {"problem": checked.problem.value, "position": checked.position, "length": len(checked.text)},
        )

    def example(self) -> object:
        return "110101199003070011"


@dataclass(frozen=True)
class CreditCodeType(FieldType):
    kind: ClassVar[str] = "credit_code"

    def to_value(self, raw: object) -> object | Invalid:
        if is_blank(raw):
            return None
        checked = check_credit_code(str(raw))
        if isinstance(checked, CreditCode):
            return checked.code
        return Invalid(
            ErrorCode.CREDIT_CODE,
            {"problem": checked.problem.value, "position": checked.position, "length": len(checked.text)},
        )

    def example(self) -> object:
        body = "91330106MA2B00001"
        return body + credit_check_character(body)


@dataclass(frozen=True)
class PhoneType(FieldType):
    kind: ClassVar[str] = "phone"
    mobile_only: bool = False

    def to_value(self, raw: object) -> object | Invalid:
        if is_blank(raw):
            return None
        checked = check_mobile(str(raw)) if self.mobile_only else check_phone(str(raw))
        if isinstance(checked, InvalidPhone):
            return Invalid(ErrorCode.PHONE, {"problem": checked.problem.value})
        return checked.number

    def example(self) -> object:
        return "13800138000"


@dataclass(frozen=True)
class Address:
    """An address: GB/T 2260 codes down to the county, and the street and number as text."""

    province: str = ""
    city: str = ""
    county: str = ""
    detail: str = ""

    @property
    def region_code(self) -> str:
        """The deepest code chosen, or ""."""
        return self.county or self.city or self.province


@dataclass(frozen=True)
class AddressType(FieldType):
    """The cascade province -> prefecture -> county (a level ends where the snapshot has no children),
    plus the street and number. Codes missing from the snapshot are accepted with a warning: abolished
    counties still appear in older records and a newer division may postdate the snapshot."""

    kind: ClassVar[str] = "address"
    empty_code: ClassVar[ErrorCode] = ErrorCode.CHOOSE
    regions: RegionTable = field(compare=False, repr=False, default_factory=lambda: RegionTable({}))
    detail_required: bool = True
    max_detail_length: int = 120

    def to_value(self, raw: object) -> object | Invalid:  # noqa: PLR0911 - one return per verdict
        address = self.parse(raw)
        if address is None:
            return Invalid(ErrorCode.CHOOSE)
        if is_blank(address):
            return None
        if not address.region_code:
            return Invalid(ErrorCode.CHOOSE)
        if (address.city and address.city[:2] != address.province[:2]) or (
            address.county and address.county[:4] != (address.city or address.province)[:4]
        ):
            return Invalid(ErrorCode.REGION_MISMATCH)
        deepest = address.region_code
        if deepest in self.regions and self.regions.children(deepest):
            return Invalid(ErrorCode.REGION_INCOMPLETE, {"level": level_of(deepest) + 1})
        if self.detail_required and not address.detail:
            return Invalid(ErrorCode.DETAIL_MISSING)
        if len(address.detail) > self.max_detail_length:
            return Invalid(ErrorCode.TOO_LONG, {"max": self.max_detail_length})
        return address

    def parse(self, raw: object) -> Address | None:  # noqa: PLR0911 - one return per input form
        """An Address from an Address, a mapping as stored, a bare code or a written address."""
        if raw is None:
            return Address()
        if isinstance(raw, Address):
            return Address(raw.province, raw.city, raw.county, raw.detail.strip())
        if isinstance(raw, Mapping):
            parts = {key: raw.get(key) or "" for key in ("province", "city", "county", "detail")}
            if not all(isinstance(part, str) for part in parts.values()):
                return None
            return Address(parts["province"], parts["city"], parts["county"], parts["detail"].strip())
        if not isinstance(raw, str):
            return None
        text = raw.strip()
        if len(text) == 6 and text.isdigit():
            code, detail = text, ""
        else:
            found, detail = self.regions.parse_address(text)
            code = found or ""
        if not code:
            return Address(detail=detail)
        province, city, county = [*self.regions.path(code), "", ""][:3]
        return Address(province, city, county, detail)

    def warnings(self, value: object) -> list[Invalid]:
        if not isinstance(value, Address):
            return []
        unknown = [
            code for code in (value.province, value.city, value.county) if code and code not in self.regions
        ]
        if not unknown:
            return []
        return [Invalid(ErrorCode.REGION_UNKNOWN, {"code": unknown[-1]}, Severity.WARNING)]

    def to_json(self, value: object) -> object:
        if not isinstance(value, Address):
            return value
        return {
            "province": value.province,
            "city": value.city,
            "county": value.county,
            "detail": value.detail,
            "text": self.to_text(value),
        }

    def to_text(self, value: object) -> str:
        if not isinstance(value, Address):
            return ""
        region = self.regions.full_name(value.region_code) if value.region_code else ""
        return region + value.detail

    def example(self) -> object:
        return Address("330000", "330100", "330106", "文三路90号")
