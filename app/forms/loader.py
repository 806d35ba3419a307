"""Reading form definitions (resources/forms/<item_code>.json) and code lists, checked against the catalogue.

Every problem is a DefinitionError naming the file and the field; one broken file never stops the others,
and an item without a usable definition gets the generic one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from app.domain.catalogue import Catalogue, ServiceItem
from app.forms.definition import (
    APPLICANT_KEYS,
    CONTEXT_NAMES,
    FIELD_TYPES,
    AddressType,
    ChoiceType,
    CodeList,
    CreditCodeType,
    DateType,
    Field,
    FieldType,
    FormDefinition,
    IdNumberType,
    NumberType,
    Option,
    PhoneType,
    Section,
    TableType,
    TextType,
)
from app.forms.errors import DefinitionError, Invalid
from app.forms.expressions import FUNCTIONS, Environment, Expression, ExpressionError, parse
from app.forms.fieldtypes import LARGEST
from app.forms.regions import RegionTable

FORMAT = 1
ID_CARD_KEYS = (
    "name", "sex", "nation", "birth_date", "address", "id_number", "issuer", "valid_from", "valid_until",
)  # fmt: skip
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_COMMON = frozenset({
    "key", "label", "type", "required", "visible_when", "computed", "constraint", "constraint_message",
    "default", "help", "example", "prefill", "remember",
})  # fmt: skip
_TYPE_OPTIONS: Mapping[str, frozenset[str]] = {
    "text": frozenset({"max_length", "pattern", "pattern_message", "multiline"}),
    "number": frozenset({"min", "max", "decimals", "unit"}),
    "date": frozenset({"min", "max", "not_future"}),
    "choice": frozenset({"options", "code_list"}),
    "id_number": frozenset(),
    "credit_code": frozenset(),
    "phone": frozenset({"mobile_only"}),
    "address": frozenset({"detail_required", "max_detail_length"}),
    "table": frozenset({"columns", "min_rows", "max_rows"}),
}
_DOCUMENT_KEYS = frozenset({"format", "item_code", "version", "title", "sections"})
_SECTION_KEYS = frozenset({"title", "fields", "visible_when"})


@dataclass(frozen=True)
class _Where:
    """The file being read, so that every failure names it."""

    source: str

    def fail(self, where: str, problem: str) -> NoReturn:
        raise DefinitionError(self.source, where, problem)

    def mapping(self, value: object, where: str, allowed: frozenset[str]) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            self.fail(where, "must be a JSON object")
        for key in value:
            if key not in allowed:
                self.fail(f"{where}.{key}" if where != "(document)" else str(key), "is not a known attribute")
        return value

    def text(self, value: object, where: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            self.fail(where, "must be a non-empty string" if not empty else "must be a string")
        return value.strip()

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, "must be true or false")
        return value

    def whole(self, value: object, where: str, low: int, high: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(where, f"must be a whole number from {low} to {high}")
        return value

    def number(self, value: object, where: str) -> Decimal:
        if not isinstance(value, int | float) or isinstance(value, bool) or not abs(value) < LARGEST:
            self.fail(where, "must be a number")
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@dataclass(frozen=True)
class _Scope:
    """What rules in one definition may name, and what field types are built with."""

    names: frozenset[str]
    env: Environment
    regions: RegionTable
    code_lists: Mapping[str, CodeList]


def parse_definition(
    data: object,
    source: str,
    item: ServiceItem,
    *,
    today: Callable[[], dt.date],
    regions: RegionTable,
    code_lists: Mapping[str, CodeList] | None = None,
) -> FormDefinition:
    """Check a decoded definition against its catalogue item and build the typed model."""
    where = _Where(source)
    doc = where.mapping(data, "(document)", _DOCUMENT_KEYS)
    for key in sorted(_DOCUMENT_KEYS - set(doc)):
        where.fail(key, "is missing")
    if doc["format"] != FORMAT:
        where.fail("format", f"must be {FORMAT} (this version reads format {FORMAT})")
    item_code = where.text(doc["item_code"], "item_code")
    if item_code != item.code:
        where.fail("item_code", f"{item_code!r} does not match the catalogue item {item.code!r}")
    raw_sections = doc["sections"]
    if not isinstance(raw_sections, list) or not raw_sections:
        where.fail("sections", "must be a non-empty list")

    keys = _collect_keys(where, raw_sections, item)
    scope = _Scope(
        names=frozenset(keys) | frozenset(q.id for q in item.questions) | CONTEXT_NAMES,
        env=Environment(today, regions),
        regions=regions,
        code_lists=code_lists or {},
    )
    sections = []
    next_key = iter(keys)
    for index, raw in enumerate(raw_sections):
        section = where.mapping(raw, f"sections[{index}]", _SECTION_KEYS)
        fields = section.get("fields")
        assert isinstance(fields, list)  # checked by _collect_keys
        sections.append(
            Section(
                title=where.text(section.get("title"), f"sections[{index}].title"),
                fields=tuple(_field(where, scope, raw_field, next(next_key)) for raw_field in fields),
                visible_when=_rule(
                    where, scope, section.get("visible_when"), f"sections[{index}].visible_when"
                ),
            )
        )
    definition = FormDefinition(
        item_code=item_code,
        version=where.text(doc["version"], "version"),
        title=where.text(doc["title"], "title"),
        sections=tuple(sections),
        source=source,
        env=scope.env,
    )
    return _with_order(where, definition)


def _collect_keys(where: _Where, raw_sections: list[object], item: ServiceItem) -> list[str]:
    """Every top-level field key in order, checked for shape and clashes before any rule is parsed."""
    keys: list[str] = []
    questions = {q.id for q in item.questions}
    for index, raw in enumerate(raw_sections):
        section = where.mapping(raw, f"sections[{index}]", _SECTION_KEYS)
        fields = section.get("fields")
        if not isinstance(fields, list) or not fields:
            where.fail(f"sections[{index}].fields", "must be a non-empty list")
        for position, raw_field in enumerate(fields):
            path = f"sections[{index}].fields[{position}]"
            if not isinstance(raw_field, Mapping):
                where.fail(path, "must be a JSON object")
            key = _key(where, raw_field.get("key"), path)
            if key in keys:
                where.fail(key, "is used by an earlier field")
            if key in questions:
                where.fail(key, f"is the id of a situation question of item {item.code}")
            keys.append(key)
    return keys


def _key(where: _Where, value: object, path: str) -> str:
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        where.fail(f"{path}.key", "must be an identifier: a-z, then a-z, 0-9 or _ (at most 40)")
    if value in CONTEXT_NAMES or value in FUNCTIONS:
        where.fail(f"{path}.key", f"{value!r} is reserved")
    return value


def _rule(where: _Where, scope: _Scope, value: object, path: str) -> Expression | None:
    if value is None:
        return None
    if not isinstance(value, str):
        where.fail(path, "must be an expression (a string)")
    try:
        return parse(value, scope.names, path)
    except ExpressionError as exc:
        where.fail(path, f"bad expression: {exc.detail} in {exc.expression!r}")


def _field(where: _Where, scope: _Scope, raw: object, key: str, table: str = "") -> Field:
    name = f"{table}.columns.{key}" if table else key
    assert isinstance(raw, Mapping)
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in FIELD_TYPES:
        where.fail(f"{name}.type", f"unknown field type {kind!r}; known: {', '.join(FIELD_TYPES)}")
    allowed = _COMMON | _TYPE_OPTIONS[kind]
    where.mapping(raw, name, allowed)
    if "label" not in raw:
        where.fail(f"{name}.label", "is missing")
    field_type = _field_type(where, scope, kind, raw, name)

    required: bool | Expression = False
    if isinstance(raw.get("required"), bool):
        required = bool(raw["required"])
    elif raw.get("required") is not None:
        required = _rule(where, scope, raw["required"], f"{name}.required") or False
    constraint = _rule(where, scope, raw.get("constraint"), f"{name}.constraint")
    message = raw.get("constraint_message", "")
    if constraint is not None:
        message = where.text(message, f"{name}.constraint_message")
    elif message:
        where.fail(f"{name}.constraint_message", "is only for a field with a constraint")
    field = Field(
        key=key,
        label=where.text(raw["label"], f"{name}.label"),
        type=field_type,
        required=required,
        visible_when=_rule(where, scope, raw.get("visible_when"), f"{name}.visible_when"),
        computed=_rule(where, scope, raw.get("computed"), f"{name}.computed"),
        constraint=constraint,
        constraint_message=str(message),
        default=_typed(where, field_type, raw.get("default"), f"{name}.default"),
        help=where.text(raw.get("help", ""), f"{name}.help", empty=True),
        example=raw.get("example"),
        prefill=_prefill(where, raw.get("prefill", []), f"{name}.prefill"),
        remember=where.flag(raw.get("remember", True), f"{name}.remember"),
    )
    if field.example is not None:
        _typed(where, field_type, field.example, f"{name}.example")
    elif isinstance(field_type, TextType) and field_type.pattern is not None and field.computed is None:
        where.fail(f"{name}.example", "a text field with a pattern needs an example that matches it")
    if table and field.visible_when is not None:
        where.fail(f"{name}.visible_when", "table columns cannot be hidden row by row")
    if field.computed is not None and (field.required is not False or field.default is not None):
        where.fail(f"{name}.computed", "a computed field takes neither required nor default")
    return field


def _typed(where: _Where, field_type: FieldType, raw: object, path: str) -> object:
    if raw is None:
        return None
    value = field_type.to_value(raw)
    if isinstance(value, Invalid):
        where.fail(path, f"{raw!r} is not a valid value ({value.code.value})")
    return value


def _prefill(where: _Where, raw: object, path: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        where.fail(path, 'must be a list of sources such as "id_card.name"')
    sources: list[str] = []
    for value in raw:
        text = where.text(value, path)
        source, _, rest = text.partition(".")
        ok = (
            (source == "id_card" and rest in ID_CARD_KEYS)
            or (source == "applicant" and rest in APPLICANT_KEYS)
            or (source == "e_licence" and all(part.strip() for part in rest.split(".")) and "." in rest)
        )
        if not ok:
            expected = f"id_card.<{'|'.join(ID_CARD_KEYS)}>, applicant.<key> or e_licence.<type>.<attribute>"
            where.fail(path, f"{text!r} is not {expected}")
        sources.append(text)
    return tuple(sources)


def _field_type(where: _Where, scope: _Scope, kind: str, raw: Mapping[str, object], name: str) -> FieldType:  # noqa: PLR0911
    if kind == "text":
        pattern = raw.get("pattern")
        compiled = None
        if pattern is not None:
            try:
                compiled = re.compile(where.text(pattern, f"{name}.pattern"))
            except re.error as exc:
                where.fail(f"{name}.pattern", f"is not a regular expression: {exc}")
        return TextType(
            max_length=where.whole(raw.get("max_length", 200), f"{name}.max_length", 1, 2000),
            pattern=compiled,
            pattern_message=where.text(raw.get("pattern_message", ""), f"{name}.pattern_message", empty=True),
            multiline=where.flag(raw.get("multiline", False), f"{name}.multiline"),
        )
    if kind == "number":
        minimum = None if raw.get("min") is None else where.number(raw["min"], f"{name}.min")
        maximum = None if raw.get("max") is None else where.number(raw["max"], f"{name}.max")
        if minimum is not None and maximum is not None and minimum > maximum:
            where.fail(f"{name}.max", "is below min")
        return NumberType(
            minimum=minimum,
            maximum=maximum,
            decimals=where.whole(raw.get("decimals", 0), f"{name}.decimals", 0, 6),
            unit=where.text(raw.get("unit", ""), f"{name}.unit", empty=True),
        )
    if kind == "date":
        return _date_type(where, scope, raw, name)
    if kind == "choice":
        return _choice_type(where, scope, raw, name)
    if kind == "id_number":
        return IdNumberType(today=scope.env.today)
    if kind == "credit_code":
        return CreditCodeType()
    if kind == "phone":
        return PhoneType(mobile_only=where.flag(raw.get("mobile_only", False), f"{name}.mobile_only"))
    if kind == "address":
        return AddressType(
            regions=scope.regions,
            detail_required=where.flag(raw.get("detail_required", True), f"{name}.detail_required"),
            max_detail_length=where.whole(
                raw.get("max_detail_length", 120), f"{name}.max_detail_length", 1, 500
            ),
        )
    return _table_type(where, scope, raw, name)


def _date_type(where: _Where, scope: _Scope, raw: Mapping[str, object], name: str) -> DateType:
    bounds: dict[str, dt.date | None] = {}
    not_future = where.flag(raw.get("not_future", False), f"{name}.not_future")
    for bound in ("min", "max"):
        value = raw.get(bound)
        if value == "today" and bound == "max":
            not_future, bounds[bound] = True, None
            continue
        try:
            bounds[bound] = None if value is None else dt.date.fromisoformat(str(value))
        except ValueError:
            where.fail(
                f"{name}.{bound}", "must be a date YYYY-MM-DD" + (' or "today"' if bound == "max" else "")
            )
    return DateType(
        today=scope.env.today, minimum=bounds["min"], maximum=bounds["max"], not_future=not_future
    )


def _choice_type(where: _Where, scope: _Scope, raw: Mapping[str, object], name: str) -> ChoiceType:
    if ("options" in raw) == ("code_list" in raw):
        where.fail(f"{name}.options", "give either options or code_list")
    if "code_list" in raw:
        list_id = where.text(raw["code_list"], f"{name}.code_list")
        if list_id not in scope.code_lists:
            where.fail(
                f"{name}.code_list", f"no code list {list_id!r}; known: {', '.join(sorted(scope.code_lists))}"
            )
        return ChoiceType(scope.code_lists[list_id].options, list_id)
    return ChoiceType(_options(where, raw["options"], f"{name}.options"))


def _options(where: _Where, raw: object, path: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        where.fail(path, "must be a non-empty list")
    options: list[Option] = []
    for index, item in enumerate(raw):
        if isinstance(item, str):
            option = Option(where.text(item, f"{path}[{index}]"), item.strip())
        else:
            obj = where.mapping(item, f"{path}[{index}]", frozenset({"value", "label"}))
            option = Option(
                where.text(obj.get("value"), f"{path}[{index}].value"),
                where.text(obj.get("label"), f"{path}[{index}].label"),
            )
        if any(option.value == o.value or option.label == o.label for o in options):
            where.fail(f"{path}[{index}]", f"{option.value!r} / {option.label!r} is listed twice")
        options.append(option)
    return tuple(options)


def _table_type(where: _Where, scope: _Scope, raw: Mapping[str, object], name: str) -> TableType:
    columns_raw = raw.get("columns")
    if not isinstance(columns_raw, list) or not columns_raw:
        where.fail(f"{name}.columns", "must be a non-empty list")
    column_keys: list[str] = []
    for index, column in enumerate(columns_raw):
        if not isinstance(column, Mapping):
            where.fail(f"{name}.columns[{index}]", "must be a JSON object")
        key = _key(where, column.get("key"), f"{name}.columns[{index}]")
        if key in column_keys or key in scope.names:
            where.fail(f"{name}.columns.{key}", "clashes with another column, field or question")
        if column.get("type") == "table":
            where.fail(f"{name}.columns.{key}.type", "a table cannot hold a table")
        column_keys.append(key)
    inner = _Scope(scope.names | frozenset(column_keys), scope.env, scope.regions, scope.code_lists)
    columns = tuple(
        _field(where, inner, column, key, name) for column, key in zip(columns_raw, column_keys, strict=True)
    )
    min_rows = where.whole(raw.get("min_rows", 0), f"{name}.min_rows", 0, 200)
    max_rows = where.whole(raw.get("max_rows", 50), f"{name}.max_rows", max(min_rows, 1), 200)
    return TableType(columns=columns, min_rows=min_rows, max_rows=max_rows)


def _with_order(where: _Where, definition: FormDefinition) -> FormDefinition:
    """Sort the fields so that each follows what its visibility and computed value read; refuse cycles."""
    keys = definition.keys()
    depends: dict[str, set[str]] = {}
    for key in keys:
        field = definition.field(key)
        rules = (field.visible_when, field.computed, definition.section_of(key).visible_when)
        depends[key] = {name for rule in rules if rule is not None for name in rule.names if name in keys}
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(key: str, trail: list[str]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cycle = " -> ".join([*trail[trail.index(key) :], key])
            where.fail(key, f"its visibility or computed value depends on itself ({cycle})")
        state[key] = 1
        for other in sorted(depends[key], key=keys.index):
            visit(other, [*trail, key])
        state[key] = 2
        order.append(key)

    for key in keys:
        visit(key, [])
    return FormDefinition(
        item_code=definition.item_code,
        version=definition.version,
        title=definition.title,
        sections=definition.sections,
        source=definition.source,
        order=tuple(order),
        env=definition.env,
    )


# ---------------------------------------------------------------------------------------------- files


def load_code_lists(directory: Path) -> tuple[dict[str, CodeList], list[DefinitionError]]:
    """Code lists from directory/*.json: {"id", "title", "source", "options": [{"value", "label"}]}."""
    lists: dict[str, CodeList] = {}
    errors: list[DefinitionError] = []
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        where = _Where(str(path))
        try:
            doc = where.mapping(
                _read_json(where, path), "(document)", frozenset({"id", "title", "source", "options"})
            )
            list_id = where.text(doc.get("id"), "id")
            if list_id != path.stem:
                where.fail("id", f"{list_id!r} does not match the file name")
            lists[list_id] = CodeList(
                list_id,
                where.text(doc.get("title"), "title"),
                where.text(doc.get("source"), "source"),
                _options(where, doc.get("options"), "options"),
            )
        except DefinitionError as exc:
            errors.append(exc)
    return lists, errors


def _read_json(where: _Where, path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        where.fail("(document)", f"cannot be read as JSON: {exc}")


def load_definition(
    path: Path,
    item: ServiceItem,
    *,
    today: Callable[[], dt.date],
    regions: RegionTable,
    code_lists: Mapping[str, CodeList] | None = None,
) -> FormDefinition:
    return parse_definition(
        _read_json(_Where(str(path)), path),
        str(path),
        item,
        today=today,
        regions=regions,
        code_lists=code_lists,
    )


def generic_definition(
    item: ServiceItem, today: Callable[[], dt.date], regions: RegionTable
) -> FormDefinition:
    """The fallback form: what is applied for, in the applicant's words, and remarks."""
    request = Field(
        "request",
        "申请事项说明",
        TextType(max_length=500, multiline=True),
        required=True,
        help=f"简要写明申请办理“{item.name}”的具体内容",
    )
    remarks = Field("remarks", "备注", TextType(max_length=500, multiline=True))
    return FormDefinition(
        item_code=item.code,
        version="generic",
        title=f"{item.name}申请表",
        sections=(Section("申请内容", (request, remarks)),),
        source="(generic)",
        generic=True,
        env=Environment(today, regions),
    )


def load_all(
    directory: Path, catalogue: Catalogue, *, today: Callable[[], dt.date], regions: RegionTable
) -> tuple[dict[str, FormDefinition], list[DefinitionError]]:
    """A definition for every catalogue item (the generic one where the file is missing or broken), and
    every problem found: broken files, broken code lists, and files for items the catalogue lacks."""
    code_lists, errors = load_code_lists(directory / "code_lists")
    definitions: dict[str, FormDefinition] = {}
    for item in catalogue.items:
        path = directory / f"{item.code}.json"
        if path.is_file():
            try:
                definitions[item.code] = load_definition(
                    path, item, today=today, regions=regions, code_lists=code_lists
                )
                continue
            except DefinitionError as exc:
                errors.append(exc)
        definitions[item.code] = generic_definition(item, today, regions)
    known = {item.code for item in catalogue.items}
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        if path.stem not in known:
            errors.append(
                DefinitionError(str(path), "item_code", f"catalogue {catalogue.version} has no such item")
            )
    return definitions, errors
