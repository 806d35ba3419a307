"""The typed model of a form definition: sections of fields, each with a field type and its rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from app.forms.errors import ErrorCode, Invalid
from app.forms.expressions import Environment, Expression
from app.forms.fieldtypes import (
    Address,
    AddressType,
    ChoiceType,
    CodeList,
    CreditCodeType,
    DateType,
    FieldType,
    IdNumberType,
    NumberType,
    Option,
    PhoneType,
    TextType,
    is_blank,
)

# Keys a definition may read besides its own fields and its item's question ids.
APPLICANT_KEYS = ("kind", "name", "id_type", "id_number", "phone", "address", "legal_representative")
CONTEXT_NAMES = frozenset(f"applicant_{key}" for key in APPLICANT_KEYS)


@dataclass(frozen=True)
class Field:
    """One answer on the form. `required` is a bool or a rule; hidden fields are neither checked nor kept."""

    key: str
    label: str
    type: FieldType
    required: bool | Expression = False
    visible_when: Expression | None = None
    computed: Expression | None = None
    constraint: Expression | None = None
    constraint_message: str = ""
    default: object = None  # a typed value
    help: str = ""
    example: object = None  # a raw value the definition vouches for; None: the type makes one up
    prefill: tuple[str, ...] = ()  # "id_card.name", "e_licence.营业执照.number", "applicant.phone"
    remember: bool = True  # offer the value from the applicant's earlier cases

    @property
    def is_table(self) -> bool:
        return isinstance(self.type, TableType)


@dataclass(frozen=True)
class TableType(FieldType):
    """Repeating rows of sub-fields (columns); rows with nothing typed in them are ignored."""

    kind: ClassVar[str] = "table"
    columns: tuple[Field, ...] = ()
    min_rows: int = 0
    max_rows: int = 50

    def rows(self, raw: object) -> list[Mapping[str, object]] | Invalid:
        """The non-blank rows of a raw table value (a list of mappings from column key to raw cell)."""
        if raw is None:
            return []
        if not isinstance(raw, list | tuple) or not all(isinstance(row, Mapping) for row in raw):
            return Invalid(ErrorCode.MALFORMED)
        editable = [column.key for column in self.columns if column.computed is None]
        return [row for row in raw if not all(is_blank(row.get(key)) for key in editable)]

    def to_value(self, raw: object) -> object | Invalid:
        """Cell by cell conversion without rules; the evaluation in app.forms.validation applies those."""
        rows = self.rows(raw)
        if isinstance(rows, Invalid) or not rows:
            return rows or None
        converted: list[dict[str, object]] = []
        for row in rows:
            cells: dict[str, object] = {}
            for column in self.columns:
                value = column.type.to_value(row.get(column.key))
                if isinstance(value, Invalid):
                    return value
                cells[column.key] = value
            converted.append(cells)
        return converted

    def to_json(self, value: object) -> object:
        if not isinstance(value, list):
            return value
        return [
            {column.key: column.type.to_json(row.get(column.key)) for column in self.columns} for row in value
        ]

    def to_text(self, value: object) -> str:
        return f"{len(value)}行" if isinstance(value, list) else ""

    def example(self) -> object:
        count = max(self.min_rows, 1)
        return [
            {
                column.key: column.example if column.example is not None else column.type.example()
                for column in self.columns
            }
            for _ in range(count)
        ]


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]
    visible_when: Expression | None = None


@dataclass(frozen=True)
class FormDefinition:
    """The form of one catalogue item, as published in one version.

    `order` lists the field keys so that every field comes after the fields its visibility and computed
    value read (the loader sorts them and rejects cycles); `source` names the file for messages.
    """

    item_code: str
    version: str
    title: str
    sections: tuple[Section, ...]
    source: str = ""
    generic: bool = False  # the fallback for an item without a (usable) definition
    order: tuple[str, ...] = ()
    env: Environment = field(default_factory=lambda: Environment(dt.date.today), compare=False, repr=False)
    _by_key: dict[str, tuple[Section, Field]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {f.key: (section, f) for section in self.sections for f in section.fields}
        object.__setattr__(self, "_by_key", by_key)
        if not self.order:
            object.__setattr__(self, "order", tuple(by_key))

    def fields(self) -> Iterator[Field]:
        for section in self.sections:
            yield from section.fields

    def field(self, key: str) -> Field:
        return self._by_key[key][1]

    def section_of(self, key: str) -> Section:
        return self._by_key[key][0]

    def keys(self) -> list[str]:
        return list(self._by_key)


FIELD_TYPES: Mapping[str, type[FieldType]] = {
    kind.kind: kind
    for kind in (
        TextType,
        NumberType,
        DateType,
        ChoiceType,
        IdNumberType,
        CreditCodeType,
        PhoneType,
        AddressType,
        TableType,
    )
}

__all__ = [
    "APPLICANT_KEYS",
    "CONTEXT_NAMES",
    "FIELD_TYPES",
    "Address",
    "AddressType",
    "ChoiceType",
    "CodeList",
    "CreditCodeType",
    "DateType",
    "Field",
    "FieldType",
    "FormDefinition",
    "IdNumberType",
    "NumberType",
    "Option",
    "PhoneType",
    "Section",
    "TableType",
    "TextType",
]
