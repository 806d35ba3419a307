"""What can be wrong with an answer (typed codes with parameters) and with a definition file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # stops the case from being accepted
    WARNING = "warning"  # shown to the clerk, accepted all the same


class ErrorCode(StrEnum):
    REQUIRED = "required"  # nothing typed in a required field
    CHOOSE = "choose"  # nothing chosen in a required choice or address
    TOO_LONG = "too_long"  # {max}
    PATTERN = "pattern"  # {message} from the definition, or the generic text
    NOT_A_NUMBER = "not_a_number"
    NOT_WHOLE = "not_whole"
    TOO_MANY_DECIMALS = "too_many_decimals"  # {decimals}
    BELOW_MIN = "below_min"  # {min}
    ABOVE_MAX = "above_max"  # {max}
    NOT_A_DATE = "not_a_date"
    DATE_BEFORE = "date_before"  # {min}
    DATE_AFTER = "date_after"  # {max}
    DATE_IN_FUTURE = "date_in_future"
    NOT_AN_OPTION = "not_an_option"
    ID_NUMBER = "id_number"  # {problem} (app.domain.identifiers.IdProblem), {position}, {length}
    CREDIT_CODE = "credit_code"  # {problem} (CreditCodeProblem), {position}, {length}
    PHONE = "phone"  # {problem} (PhoneProblem)
    REGION_INCOMPLETE = "region_incomplete"  # {level}: 2 choose the city, 3 the county
    REGION_MISMATCH = "region_mismatch"  # the city is not in the province, or the county not in the city
    REGION_UNKNOWN = "region_unknown"  # {code}; a warning: abolished or newer than the snapshot
    DETAIL_MISSING = "detail_missing"  # the street and number of an address
    TOO_FEW_ROWS = "too_few_rows"  # {min}
    TOO_MANY_ROWS = "too_many_rows"  # {max}
    CONSTRAINT = "constraint"  # {message} from the definition
    MALFORMED = "malformed"  # a stored value of the wrong shape (a table that is not a list of rows)
    RULE_FAILED = "rule_failed"  # {detail}: a rule of the definition could not be evaluated


@dataclass(frozen=True)
class Invalid:
    """A field type's verdict on one raw answer, before it is placed at a field."""

    code: ErrorCode
    params: Mapping[str, object] = field(default_factory=dict)
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class FieldError:
    """A problem at one field (or one cell of a table: `row` from 0, `column` the column key)."""

    key: str
    label: str
    code: ErrorCode
    params: Mapping[str, object] = field(default_factory=dict)
    severity: Severity = Severity.ERROR
    row: int | None = None
    column: str | None = None
    column_label: str | None = None

    def message(self, language: str = "zh") -> str:
        """The sentence for the clerk; Chinese unless `language` is English ("en", "en_US" …)."""
        from app.forms.messages import message

        return message(self, language)

    def __str__(self) -> str:
        return self.message()


class DefinitionError(Exception):
    """A form definition that cannot be used; names the file, the field (a path in the file) and why."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        super().__init__(f"{source}: {field}: {problem}")
        self.source = source
        self.field = field
        self.problem = problem
