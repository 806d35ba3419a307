"""The rule language: what it computes, what it refuses, and that nothing escapes its typed errors."""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.forms.expressions import (
    FUNCTIONS,
    MAX_LENGTH,
    Environment,
    ExpressionError,
    ExpressionProblem,
    parse,
)
from app.forms.fieldtypes import Address
from tests.support.forms import TODAY, regions

ENV = Environment(lambda: TODAY, regions())
ROWS = [{"amount": 3, "name": "甲"}, {"amount": Decimal("1.5"), "name": None}, {"name": "丙"}]
NAMES: dict[str, object] = {
    "n": 7,
    "d": Decimal("2.50"),
    "s": "家庭经营",
    "flag": True,
    "off": False,
    "empty": None,
    "day": dt.date(2026, 1, 31),
    "id": "11010519491231002X",
    "rows": ROWS,
    "addr": Address("330000", "330100", "330106", "文三路90号"),
}


def run(source: str, names: dict[str, object] | None = None) -> object:
    return parse(source).evaluate(NAMES if names is None else names, ENV)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("n + 1", 8),
        ("n - d", Decimal("4.50")),
        ("n * 2", 14),
        ("n / 2", Decimal("3.5")),
        ("n // 2", 3),
        ("n % 4", 3),
        ("-n", -7),
        ("+d", Decimal("2.50")),
        ("0.1 + 0.2 == 0.3", True),  # literals with a point are exact decimals
        ("s + '（测试）'", "家庭经营（测试）"),
        ("n > 5 and flag", True),
        ("off or s", "家庭经营"),
        ("not off", True),
        ("1 < n <= 7", True),
        ("1 < n < 3", False),
        ("n != 7", False),
        ("s in ('个人经营', '家庭经营')", True),
        ("'家庭' in s", True),
        ("'x' not in s", True),
        ("s in empty", False),
        ("'a' if flag else 'b'", "a"),
        ("'a' if off else 'b'", "b"),
        ("[n, 1]", [7, 1]),
        ("day + 1", dt.date(2026, 2, 1)),
        ("1 + day", dt.date(2026, 2, 1)),
        ("day - 31", dt.date(2025, 12, 31)),
        ("today() - day", 298),
        ("empty + 1", None),
        ("empty > 1", False),
        ("empty == None", True),
        ("n / 0", None),
        ("n // 0", None),
        ("n % 0", None),
        ("-empty", None),
    ],
)
def test_operators(source: str, expected: object) -> None:
    assert run(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("today()", TODAY),
        ("age(id)", 76),
        ("age(id, date('1950-01-01'))", 0),
        ("age(day)", 0),
        ("age('110101199003070011')", 36),
        ("age('110105491231002')", 76),  # 15-digit legacy number
        ("age('bad')", None),
        ("age(empty)", None),
        ("age(id, empty)", None),
        ("age('110101199002300014')", None),  # impossible date
        ("age(12)", None),
        ("birth_date(id)", dt.date(1949, 12, 31)),
        ("sex(id)", "2"),
        ("sex('110101199003070011')", "1"),
        ("sex('110105491231002')", "2"),
        ("sex('abc')", None),
        ("sex('1101011990030700A1')", None),
        ("sex(empty)", None),
        ("date('2026-01-31')", dt.date(2026, 1, 31)),
        ("date(empty)", None),
        ("date(day)", dt.date(2026, 1, 31)),
        ("len(s)", 4),
        ("len(rows)", 3),
        ("len(empty)", 0),
        ("sum(column(rows, 'amount'))", Decimal("4.5")),
        ("sum(1, 2, 3)", 6),
        ("sum(empty)", None),
        ("sum(1, empty)", None),
        ("min(column(rows, 'amount'))", Decimal("1.5")),
        ("max(3, n)", 7),
        ("min(column(empty, 'x'))", None),
        ("max(5)", 5),
        ("abs(-n)", 7),
        ("abs(empty)", None),
        ("round(d)", 3),
        ("round(2.345, 2)", Decimal("2.35")),
        ("round(empty, 2)", None),
        ("column(rows, 'name')", ["甲", "丙"]),
        ("empty(empty)", True),
        ("empty('')", True),
        ("empty(rows)", False),
        ("empty(n)", False),
        ("text(n)", "7"),
        ("text(empty)", ""),
        ("text(flag)", "是"),
        ("text(off)", "否"),
        ("text(day)", "2026-01-31"),
        ("left(id, 6)", "110105"),
        ("left(empty, 6)", None),
        ("region_name('330106')", "西湖区"),
        ("region_name(empty)", None),
        ("in_region(addr, '330100')", True),
        ("in_region('330106', '3302')", False),
        ("in_region(empty, '33')", None),
    ],
)
def test_functions(source: str, expected: object) -> None:
    assert run(source) == expected


def test_region_name_without_a_region_table() -> None:
    assert parse("region_name('330106')").evaluate({}, Environment(lambda: TODAY)) is None


@pytest.mark.parametrize(
    "source",
    [
        "s - 1",
        "day + s",
        "day + 1.5",
        "day - day + s",
        "s < 1",
        "-s",
        "1 in 5",
        "1 in s",
        "empty in s",
        "flag + 1",
        "addr * 2",
        "sum(s)",
        "abs(s)",
        "round(d, 11)",
        "round(d, flag)",
        "len(n)",
        "date(n)",
        "date('2026-02-30')",
        "column(rows, n)",
        "column(n, 'x')",
        "text(rows)",
        "left(n, 2)",
        "left(s, -1)",
        "region_name(n)",
        "in_region(addr, n)",
        "age(id, n)",
        "date('9999-12-31') + 1",
        "round(99999999999999999999999999999 * 10, 2)",
    ],
)
def test_type_errors_are_typed(source: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        run(source)
    assert caught.value.problem is ExpressionProblem.TYPE
    assert caught.value.expression == source


@pytest.mark.parametrize(
    ("source", "problem", "detail"),
    [
        ("().__class__", ExpressionProblem.NOT_ALLOWED, "attribute"),
        ("s.upper()", ExpressionProblem.NOT_ALLOWED, "named function"),
        ("rows[0]", ExpressionProblem.NOT_ALLOWED, "indexing"),
        ("__import__('os')", ExpressionProblem.NOT_ALLOWED, "_"),
        ("_secret", ExpressionProblem.NOT_ALLOWED, "_"),
        ("eval('1')", ExpressionProblem.UNKNOWN_FUNCTION, "eval"),
        ("open('/etc/passwd')", ExpressionProblem.UNKNOWN_FUNCTION, "open"),
        ("getattr(s, 'x')", ExpressionProblem.UNKNOWN_FUNCTION, "getattr"),
        ("[x for x in rows]", ExpressionProblem.NOT_ALLOWED, "comprehension"),
        ("{x for x in rows}", ExpressionProblem.NOT_ALLOWED, "comprehension"),
        ("{k: 1 for k in rows}", ExpressionProblem.NOT_ALLOWED, "comprehension"),
        ("sum(x for x in rows)", ExpressionProblem.NOT_ALLOWED, "comprehension"),
        ("(lambda: 1)()", ExpressionProblem.NOT_ALLOWED, "named function"),
        ("lambda: 1", ExpressionProblem.NOT_ALLOWED, "lambda"),
        ("(y := 1)", ExpressionProblem.NOT_ALLOWED, "assignment"),
        ("f'{s}'", ExpressionProblem.NOT_ALLOWED, "f-strings"),
        ("2 ** 100000", ExpressionProblem.NOT_ALLOWED, "Pow"),
        ("~n", ExpressionProblem.NOT_ALLOWED, "~"),
        ("n is None", ExpressionProblem.NOT_ALLOWED, "is"),
        ("{'a': 1}", ExpressionProblem.NOT_ALLOWED, "dictionaries"),
        ("{1}", ExpressionProblem.NOT_ALLOWED, "sets"),
        ("len(*rows)", ExpressionProblem.NOT_ALLOWED, "unpacking"),
        ("round(d, ndigits=2)", ExpressionProblem.NOT_ALLOWED, "keyword"),
        ("b'x'", ExpressionProblem.NOT_ALLOWED, "bytes"),
        ("1e999", ExpressionProblem.NOT_ALLOWED, "too large"),
        ("1j", ExpressionProblem.NOT_ALLOWED, "complex"),
        ("...", ExpressionProblem.NOT_ALLOWED, "ellipsis"),
        ("n[1:2]", ExpressionProblem.NOT_ALLOWED, "indexing"),
        ("len()", ExpressionProblem.ARGUMENTS, "1 argument"),
        ("round(1, 2, 3)", ExpressionProblem.ARGUMENTS, "1 to 2 arguments"),
        ("n +", ExpressionProblem.SYNTAX, ""),
        ("import os", ExpressionProblem.SYNTAX, ""),
        ("a\x00", ExpressionProblem.SYNTAX, ""),
        ("not " * 45 + "flag", ExpressionProblem.NOT_ALLOWED, "nesting"),
        ("-" * 60 + "1", ExpressionProblem.NOT_ALLOWED, "nesting"),
        ("1 + " * 200 + "1", ExpressionProblem.TOO_LONG, ""),
    ],
)
def test_refused(source: str, problem: ExpressionProblem, detail: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source, field="employees")
    assert caught.value.problem is problem
    assert detail in caught.value.detail
    assert caught.value.field == "employees"
    assert str(caught.value).startswith("employees: ")


def test_unknown_names_are_refused_when_the_known_names_are_given() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse("staff > 0 and owns_premises", frozenset({"owns_premises"}), "employees.constraint")
    assert caught.value.problem is ExpressionProblem.UNKNOWN_NAME
    assert "staff" in caught.value.detail
    assert str(caught.value) == "employees.constraint: unknown name(s) staff in 'staff > 0 and owns_premises'"
    assert parse("owns_premises", frozenset({"owns_premises"})).names == {"owns_premises"}


def test_non_text_rule_and_at() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(3)  # type: ignore[arg-type]
    assert caught.value.problem is ExpressionProblem.SYNTAX
    moved = caught.value.at("premises.visible_when")
    assert moved.field == "premises.visible_when"
    assert moved.problem is ExpressionProblem.SYNTAX


def test_logic_returns_the_deciding_operand() -> None:
    assert run("empty and n") is None
    assert run("flag and n") == 7
    assert run("off or empty") is None


def test_functions_are_documented() -> None:
    for name, function in FUNCTIONS.items():
        assert function.help.startswith(name + "(")


def test_a_division_that_overflows_is_a_typed_error() -> None:
    names = {"big": Decimal("9" * 27), "tiny": Decimal("1E-999990")}
    with pytest.raises(ExpressionError) as caught:
        parse("big / tiny").evaluate(names, ENV)
    assert "cannot compute" in caught.value.detail


# ------------------------------------------------------------------ property: nothing escapes the typed errors

_LEAVES = st.sampled_from(
    [
        "n",
        "d",
        "s",
        "flag",
        "off",
        "empty",
        "day",
        "id",
        "rows",
        "addr",
        "1",
        "0",
        "2.5",
        "'x'",
        "None",
        "True",
    ]
)
_FUNCTION_NAMES = [*FUNCTIONS, "eval", "open", "getattr", "__import__"]


def _expressions(leaf: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.sampled_from(
        ["+", "-", "*", "/", "//", "%", "**", "==", "<", ">=", "in", "not in", "and", "or", "is", "@", "&"]
    )
    return st.one_of(
        st.tuples(leaf, binary, leaf).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["not ", "-", "~", "+"]), leaf).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(st.sampled_from(_FUNCTION_NAMES), st.lists(leaf, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(leaf, leaf, leaf).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(leaf, st.sampled_from(["upper", "__class__", "x"])).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(leaf, leaf).map(lambda t: f"{t[0]}[{t[1]}]"),
        leaf.map(lambda t: f"[v for v in {t}]"),
        leaf.map(lambda t: f"(lambda: {t})"),
        st.lists(leaf, max_size=3).map(lambda items: f"({', '.join(items)},)"),
    )


_TREES = st.recursive(_LEAVES, _expressions, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(_TREES)
def test_random_expressions_never_escape_the_typed_errors(source: str) -> None:
    try:
        expression = parse(source)
    except ExpressionError:
        return
    with contextlib.suppress(ExpressionError):
        expression.evaluate(NAMES, ENV)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_random_text_never_escapes_the_typed_errors(source: str) -> None:
    with contextlib.suppress(ExpressionError):
        parse(source).evaluate(NAMES, ENV)


def test_random_asts_are_what_python_parses() -> None:
    # The generator above writes source text; make sure it really is Python, so the whitelist is exercised.
    assert isinstance(ast.parse("(n if flag else d)", mode="eval").body, ast.IfExp)
    assert len("1" * MAX_LENGTH) == MAX_LENGTH
