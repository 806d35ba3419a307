"""Evaluating a filled form: visibility, computed values, conversion, required and constraint rules.

Fields are visited in the definition's dependency order, so a field's visibility and computed value see
the final values of the fields they read. A hidden field is neither checked nor kept. Required rules and
constraints run afterwards, over all values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.forms.definition import APPLICANT_KEYS, Field, FormDefinition, TableType
from app.forms.errors import ErrorCode, FieldError, Invalid, Severity
from app.forms.expressions import Environment, Expression, ExpressionError
from app.forms.fieldtypes import NumberType


@dataclass(frozen=True)
class FormContext:
    """What rules may read besides the form: the situation answers and the applicant panel.

    Applicant data is offered as applicant_<key> (APPLICANT_KEYS); an unanswered question reads as None.
    """

    answers: Mapping[str, bool] = field(default_factory=dict)
    applicant: Mapping[str, object] = field(default_factory=dict)

    def names(self) -> dict[str, object]:
        names: dict[str, object] = {
            f"applicant_{key}": value for key, value in self.applicant.items() if key in APPLICANT_KEYS
        }
        names.update(self.answers)
        return names


@dataclass(frozen=True)
class FormState:
    """The outcome of one evaluation. `values` holds the typed values of visible fields that have one."""

    values: dict[str, object]
    visible: frozenset[str]
    required: frozenset[str]
    errors: tuple[FieldError, ...]

    def blocking(self) -> list[FieldError]:
        return [error for error in self.errors if error.severity is Severity.ERROR]

    def errors_at(self, key: str) -> list[FieldError]:
        return [error for error in self.errors if error.key == key]


class _Run:
    """One evaluation: the names rules read, and the errors found per field."""

    def __init__(self, definition: FormDefinition, context: FormContext) -> None:
        self.definition = definition
        self.env: Environment = definition.env
        self.names: dict[str, object] = context.names()
        self.errors: dict[str, list[FieldError]] = {}

    def add(self, field_: Field, invalid: Invalid, **where: object) -> None:
        row, column, column_label = where.get("row"), where.get("column"), where.get("column_label")
        assert row is None or isinstance(row, int)
        assert column is None or isinstance(column, str)
        assert column_label is None or isinstance(column_label, str)
        error = FieldError(
            field_.key,
            field_.label,
            invalid.code,
            invalid.params,
            invalid.severity,
            row,
            column,
            column_label,
        )
        self.errors.setdefault(field_.key, []).append(error)

    def rule(self, rule: Expression, names: Mapping[str, object], owner: Field, fallback: object) -> object:
        """The rule's value; a failing rule is reported at its field and `fallback` used instead."""
        try:
            return rule.evaluate(names, self.env)
        except ExpressionError as exc:
            self.add(owner, Invalid(ErrorCode.RULE_FAILED, {"detail": f"{exc.detail}: {exc.expression}"}))
            return fallback

    def holds(self, rule: Expression | None, owner: Field, names: Mapping[str, object] | None = None) -> bool:
        # A rule that fails shows the field and requires it: better a question too many than a gap.
        return rule is None or bool(self.rule(rule, self.names if names is None else names, owner, True))


def _computed(run: _Run, owner: Field, spec: Field, names: Mapping[str, object]) -> object:
    assert spec.computed is not None
    value = run.rule(spec.computed, names, owner, None)
    if isinstance(spec.type, NumberType):
        value = spec.type.round(value)
    return spec.type.to_value(value)


def evaluate(definition: FormDefinition, raw_values: Mapping[str, object], context: FormContext) -> FormState:
    """Evaluate raw answers (widget text or stored JSON, by field key) in the given context."""
    run = _Run(definition, context)
    visible: set[str] = set()
    for key in definition.order:
        field_ = definition.field(key)
        shown = run.holds(definition.section_of(key).visible_when, field_) and run.holds(
            field_.visible_when, field_
        )
        run.names[key] = None
        if not shown:
            continue
        visible.add(key)
        if isinstance(field_.type, TableType):
            value: object = _table(run, field_, field_.type, raw_values.get(key))
        elif field_.computed is not None:
            value = _computed(run, field_, field_, run.names)
        else:
            value = field_.type.to_value(raw_values.get(key))
        if isinstance(value, Invalid):
            run.add(field_, value)
            value = None
        run.names[key] = value

    required: set[str] = set()
    for field_ in definition.fields():
        if field_.key not in visible:
            continue
        if _is_required(run, field_, field_, run.names):
            required.add(field_.key)
        _check(run, field_, field_, run.names.get(field_.key), run.names, required=field_.key in required)
    keys = definition.keys()
    errors = tuple(error for key in keys for error in run.errors.get(key, []))
    values = {key: run.names[key] for key in keys if key in visible and run.names[key] is not None}
    return FormState(values, frozenset(visible), frozenset(required), errors)


def _is_required(run: _Run, owner: Field, spec: Field, names: Mapping[str, object]) -> bool:
    if isinstance(spec.required, bool):
        return spec.required and spec.computed is None
    return run.holds(spec.required, owner, names)


def _check(
    run: _Run,
    owner: Field,
    spec: Field,
    value: object,
    names: Mapping[str, object],
    *,
    required: bool,
    **where: object,
) -> None:
    """Required, constraint and warnings for a field (or, with `where`, a cell of the table `owner`)."""
    place = (where.get("row"), where.get("column"))
    if any((error.row, error.column) == place for error in run.errors.get(owner.key, [])):
        return  # one message per place: the problem found first already says what is wrong
    if value is None:
        if required:
            run.add(owner, Invalid(spec.type.empty_code), **where)
        return
    if spec.constraint is not None:
        verdict = run.rule(spec.constraint, names, owner, True)
        if verdict is not None and not verdict:
            run.add(owner, Invalid(ErrorCode.CONSTRAINT, {"message": spec.constraint_message}), **where)
    for warning in spec.type.warnings(value):
        run.add(owner, warning, **where)


def _table(run: _Run, owner: Field, table: TableType, raw: object) -> object:
    rows = table.rows(raw)
    if isinstance(rows, Invalid):
        return rows
    result: list[dict[str, object]] = []
    for index, row in enumerate(rows):
        names = dict(run.names)
        cells: dict[str, object] = {}
        for column in table.columns:
            if column.computed is not None:
                value = _computed(run, owner, column, names)
            else:
                value = column.type.to_value(row.get(column.key))
            if isinstance(value, Invalid):
                run.add(owner, value, row=index, column=column.key, column_label=column.label)
                value = None
            cells[column.key] = names[column.key] = value
        for column in table.columns:
            required = _is_required(run, owner, column, names)
            where = {"row": index, "column": column.key, "column_label": column.label}
            _check(run, owner, column, cells[column.key], names, required=required, **where)
        result.append(cells)
    if result and len(result) < table.min_rows:
        run.add(owner, Invalid(ErrorCode.TOO_FEW_ROWS, {"min": table.min_rows}))
    elif len(result) > table.max_rows:
        run.add(owner, Invalid(ErrorCode.TOO_MANY_ROWS, {"max": table.max_rows}))
    return result or None


def validate(
    definition: FormDefinition, values: Mapping[str, object], context: FormContext
) -> list[FieldError]:
    """Every problem with the answers, in the order of the form; warnings carry Severity.WARNING."""
    return list(evaluate(definition, values, context).errors)


def to_json(definition: FormDefinition, values: Mapping[str, object]) -> dict[str, object]:
    """Typed values (FormState.values) in their stored form, for the case's form_data."""
    return {key: definition.field(key).type.to_json(value) for key, value in values.items()}
