"""A small, safe expression language over context keys: parsed with `ast`, evaluated by a whitelist walk.

Definitions use it for `visible_when`, `required`, `computed` and `constraint`. Nothing reaches `eval`:
the parser turns the few allowed Python node types into the node classes below, and everything else
(attributes, subscripts, lambdas, comprehensions, f-strings, `**`, names starting with `_`, calls to
anything but the functions in FUNCTIONS) is refused with an ExpressionError.

Values are str, int, Decimal (every literal with a point, so money adds up exactly), bool, dt.date,
lists (table rows, column values) and None. None is an empty answer: arithmetic with it gives None, an
order comparison with it is false, and most functions return None for it, so rules read naturally
while the clerk is still typing.
"""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

MAX_LENGTH = 500  # characters; keeps parsing and evaluation cheap and bounded
MAX_DEPTH = 40  # nesting of the parsed tree


class ExpressionProblem(StrEnum):
    SYNTAX = "syntax"  # not a Python expression at all
    NOT_ALLOWED = "not_allowed"  # a construct outside the whitelist
    UNKNOWN_NAME = "unknown_name"  # a name that is neither a context key nor a function
    UNKNOWN_FUNCTION = "unknown_function"
    ARGUMENTS = "arguments"  # wrong number of arguments
    TYPE = "type"  # an operation on values of the wrong kind, found while evaluating
    TOO_LONG = "too_long"


class ExpressionError(Exception):
    """A rule that cannot be parsed or evaluated; `field` and `expression` say where."""

    def __init__(self, problem: ExpressionProblem, detail: str, expression: str, field: str = "") -> None:
        self.problem = problem
        self.detail = detail
        self.expression = expression
        self.field = field
        where = f"{field}: " if field else ""
        super().__init__(f"{where}{detail} in {expression!r}")

    def at(self, field: str) -> ExpressionError:
        """The same error, naming the field whose rule it is."""
        return ExpressionError(self.problem, self.detail, self.expression, field)


# ------------------------------------------------------------------------------------------ environment


class Regions(Protocol):
    def name(self, code: str) -> str | None: ...


@dataclass(frozen=True)
class Environment:
    """What functions may consult: the injected date and, for region_name(), the region table."""

    today: Callable[[], dt.date]
    regions: Regions | None = None


class _Fail(Exception):
    """Raised inside evaluation; turned into an ExpressionError carrying the source text."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


Value = object


def _is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _number(value: object, function: str) -> int | Decimal:
    if not _is_number(value):
        raise _Fail(f"{function}() needs a number, not {_kind(value)}")
    assert isinstance(value, int | Decimal)
    return value


def _kind(value: object) -> str:  # noqa: PLR0911 - one answer per kind
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if _is_number(value):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, list | tuple):
        return "list"
    return type(value).__name__


# ------------------------------------------------------------------------------------------- functions


def _birth_date_of(value: object) -> dt.date | None:
    """The birth date in an 18- or 15-digit citizen ID number, or the date itself."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if len(text) == 18 and text[:17].isdigit():
        digits = text[6:14]
    elif len(text) == 15 and text.isdigit():
        digits = "19" + text[6:12]
    else:
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _age(env: Environment, args: Sequence[Value]) -> Value:
    born = _birth_date_of(args[0])
    on = args[1] if len(args) > 1 else env.today()
    if born is None or on is None:
        return None
    if not isinstance(on, dt.date):
        raise _Fail(f"age() needs a date as its second argument, not {_kind(on)}")
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _birth_date(_env: Environment, args: Sequence[Value]) -> Value:
    return _birth_date_of(args[0])


def _sex(_env: Environment, args: Sequence[Value]) -> Value:
    """GB/T 2261.1 code from the sequence digit of an ID number: "1" male (odd), "2" female (even)."""
    value = args[0]
    if not isinstance(value, str):
        return None
    text = value.strip()
    digit = text[16:17] if len(text) == 18 else text[14:15] if len(text) == 15 else ""
    if not (digit.isascii() and digit.isdigit()):
        return None
    return "1" if int(digit) % 2 else "2"


def _len(_env: Environment, args: Sequence[Value]) -> Value:
    value = args[0]
    if value is None:
        return 0
    if isinstance(value, str | list | tuple):
        return len(value)
    raise _Fail(f"len() needs text or a list, not {_kind(value)}")


def _today(env: Environment, _args: Sequence[Value]) -> Value:
    return env.today()


def _date(_env: Environment, args: Sequence[Value]) -> Value:
    value = args[0]
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _Fail(f"date() needs text like '2026-01-31', not {_kind(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Fail(f"date() cannot read {value[:20]!r}") from None


def _numbers(function: str, args: Sequence[Value]) -> list[int | Decimal] | None:
    """The numbers in a list argument or in the arguments themselves; None when one of them is empty."""
    items: Sequence[Value] = args
    if len(args) == 1 and isinstance(args[0], list | tuple):
        items = args[0]
    elif len(args) == 1 and args[0] is None:
        return None
    if any(item is None for item in items):
        return None
    return [_number(item, function) for item in items]


def _sum(_env: Environment, args: Sequence[Value]) -> Value:
    numbers = _numbers("sum", args)
    return None if numbers is None else sum(numbers, 0)


def _min(_env: Environment, args: Sequence[Value]) -> Value:
    numbers = _numbers("min", args)
    return min(numbers) if numbers else None


def _max(_env: Environment, args: Sequence[Value]) -> Value:
    numbers = _numbers("max", args)
    return max(numbers) if numbers else None


def _abs(_env: Environment, args: Sequence[Value]) -> Value:
    return None if args[0] is None else abs(_number(args[0], "abs"))


def _round(_env: Environment, args: Sequence[Value]) -> Value:
    value = args[0]
    places = args[1] if len(args) > 1 else 0
    if value is None:
        return None
    number = _number(value, "round")
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 10:
        raise _Fail("round() takes 0 to 10 decimal places")
    if places == 0:
        return int(Decimal(number).quantize(Decimal(1), rounding=decimal.ROUND_HALF_UP))
    return Decimal(number).quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)


def _column(_env: Environment, args: Sequence[Value]) -> Value:
    rows, key = args
    if not isinstance(key, str):
        raise _Fail("column() needs a column key as text")
    if rows is None:
        return []
    if not isinstance(rows, list | tuple) or not all(isinstance(row, Mapping) for row in rows):
        raise _Fail(f"column() needs a table, not {_kind(rows)}")
    return [row[key] for row in rows if isinstance(row, Mapping) and row.get(key) is not None]


def _empty(_env: Environment, args: Sequence[Value]) -> Value:
    value = args[0]
    return value is None or (isinstance(value, str | list | tuple) and len(value) == 0)


def _text(_env: Environment, args: Sequence[Value]) -> Value:
    value = args[0]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str | int | Decimal | dt.date):
        return str(value)
    raise _Fail(f"text() cannot show {_kind(value)}")


def _left(_env: Environment, args: Sequence[Value]) -> Value:
    value, count = args
    if value is None:
        return None
    if not isinstance(value, str) or not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise _Fail("left() needs text and a whole number")
    return value[:count]


def _region_name(env: Environment, args: Sequence[Value]) -> Value:
    code = args[0]
    if code is None or env.regions is None:
        return None
    if not isinstance(code, str):
        raise _Fail("region_name() needs a region code as text")
    return env.regions.name(code)


def _region_code(value: Value) -> str | None:
    code = getattr(value, "region_code", value)  # an address value, or a code as text
    return code if isinstance(code, str) else None


def _in_region(_env: Environment, args: Sequence[Value]) -> Value:
    value, prefix = args
    if not isinstance(prefix, str):
        raise _Fail("in_region() needs a code prefix as text, such as '3301'")
    code = _region_code(value)
    return None if code is None else code.startswith(prefix.rstrip("0") or prefix)


@dataclass(frozen=True)
class Function:
    body: Callable[[Environment, Sequence[Value]], Value]
    min_args: int
    max_args: int
    help: str


FUNCTIONS: Mapping[str, Function] = {
    "today": Function(_today, 0, 0, "today(): the date today"),
    "age": Function(_age, 1, 2, "age(id number or birth date[, on date]): whole years"),
    "birth_date": Function(_birth_date, 1, 1, "birth_date(id number): the birth date in it"),
    "sex": Function(_sex, 1, 1, "sex(id number): '1' male or '2' female (GB/T 2261.1)"),
    "date": Function(_date, 1, 1, "date('2026-01-31'): a date"),
    "len": Function(_len, 1, 1, "len(text or table): its length; 0 when empty"),
    "sum": Function(_sum, 1, 20, "sum(list) or sum(a, b, ...)"),
    "min": Function(_min, 1, 20, "min(list) or min(a, b, ...)"),
    "max": Function(_max, 1, 20, "max(list) or max(a, b, ...)"),
    "abs": Function(_abs, 1, 1, "abs(number)"),
    "round": Function(_round, 1, 2, "round(number[, places]): half up"),
    "column": Function(_column, 2, 2, "column(table, 'key'): the filled values of one column"),
    "empty": Function(_empty, 1, 1, "empty(value): nothing entered"),
    "text": Function(_text, 1, 1, "text(value): as text"),
    "left": Function(_left, 2, 2, "left(text, n): the first n characters"),
    "region_name": Function(_region_name, 1, 1, "region_name(code): the GB/T 2260 name"),
    "in_region": Function(_in_region, 2, 2, "in_region(address or code, prefix): within that region"),
}


# ------------------------------------------------------------------------------------------------ nodes


class Node:
    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        raise NotImplementedError

    def children(self) -> Iterator[Node]:
        return iter(())


@dataclass(frozen=True)
class Literal(Node):
    value: Value

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:  # noqa: ARG002
        return self.value


@dataclass(frozen=True)
class Name(Node):
    name: str

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:  # noqa: ARG002
        return names.get(self.name)


@dataclass(frozen=True)
class ListOf(Node):
    items: tuple[Node, ...]

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        return [item.evaluate(names, env) for item in self.items]

    def children(self) -> Iterator[Node]:
        return iter(self.items)


@dataclass(frozen=True)
class Not(Node):
    operand: Node

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        return not self.operand.evaluate(names, env)

    def children(self) -> Iterator[Node]:
        yield self.operand


@dataclass(frozen=True)
class Negate(Node):
    operand: Node
    sign: int

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        value = self.operand.evaluate(names, env)
        if value is None:
            return None
        if not _is_number(value):
            raise _Fail(f"a sign needs a number, not {_kind(value)}")
        assert isinstance(value, int | Decimal)
        return -value if self.sign < 0 else value

    def children(self) -> Iterator[Node]:
        yield self.operand


@dataclass(frozen=True)
class Logic(Node):
    conjunction: bool  # and / or
    operands: tuple[Node, ...]

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        value: Value = None
        for operand in self.operands:
            value = operand.evaluate(names, env)
            if bool(value) is not self.conjunction:
                return value
        return value

    def children(self) -> Iterator[Node]:
        return iter(self.operands)


@dataclass(frozen=True)
class Choose(Node):
    condition: Node
    then: Node
    otherwise: Node

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        branch = self.then if self.condition.evaluate(names, env) else self.otherwise
        return branch.evaluate(names, env)

    def children(self) -> Iterator[Node]:
        yield from (self.condition, self.then, self.otherwise)


def _add(left: Value, right: Value) -> Value:
    if isinstance(left, str) and isinstance(right, str):
        return left + right
    if isinstance(left, dt.date) and _is_number(right):
        return _shift(left, right)
    if _is_number(left) and isinstance(right, dt.date):
        return _shift(right, left)
    return _arithmetic("+", operator.add, left, right)


def _subtract(left: Value, right: Value) -> Value:
    if isinstance(left, dt.date) and isinstance(right, dt.date):
        return (left - right).days
    if isinstance(left, dt.date) and _is_number(right):
        assert isinstance(right, int | Decimal)
        return _shift(left, -right)
    return _arithmetic("-", operator.sub, left, right)


def _shift(day: dt.date, days: Value) -> dt.date:
    if not isinstance(days, int):
        raise _Fail("a date moves by whole days")
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise _Fail("the date is out of range") from None


def _divide(left: Value, right: Value) -> Value:
    if _is_number(left) and _is_number(right) and right == 0:
        return None  # documented: division by zero leaves the result empty
    return _arithmetic("/", _true_divide, left, right)


def _true_divide(left: object, right: object) -> Decimal:
    assert isinstance(left, int | Decimal)
    assert isinstance(right, int | Decimal)
    return Decimal(left) / Decimal(right)


def _floor_divide(left: Value, right: Value) -> Value:
    if _is_number(left) and _is_number(right) and right == 0:
        return None
    return _arithmetic("//", operator.floordiv, left, right)


def _modulo(left: Value, right: Value) -> Value:
    if _is_number(left) and _is_number(right) and right == 0:
        return None
    return _arithmetic("%", operator.mod, left, right)


def _arithmetic(symbol: str, apply: Callable[[object, object], object], left: Value, right: Value) -> Value:
    if not (_is_number(left) and _is_number(right)):
        raise _Fail(f"{_kind(left)} {symbol} {_kind(right)} is not defined")
    return apply(left, right)


_BINARY: Mapping[type[ast.operator], tuple[str, Callable[[Value, Value], Value]]] = {
    ast.Add: ("+", _add),
    ast.Sub: ("-", _subtract),
    ast.Mult: ("*", lambda a, b: _arithmetic("*", operator.mul, a, b)),
    ast.Div: ("/", _divide),
    ast.FloorDiv: ("//", _floor_divide),
    ast.Mod: ("%", _modulo),
}


@dataclass(frozen=True)
class Binary(Node):
    symbol: str
    apply: Callable[[Value, Value], Value] = field(compare=False)
    left: Node
    right: Node

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        left = self.left.evaluate(names, env)
        right = self.right.evaluate(names, env)
        if left is None or right is None:
            return None
        return self.apply(left, right)

    def children(self) -> Iterator[Node]:
        yield from (self.left, self.right)


def _ordered(symbol: str, apply: Callable[[Any, Any], bool]) -> Callable[[Value, Value], bool]:
    def compare(left: Value, right: Value) -> bool:
        if left is None or right is None:
            return False  # documented: an empty answer is neither more nor less than anything
        comparable = (
            (_is_number(left) and _is_number(right))
            or (isinstance(left, str) and isinstance(right, str))
            or (isinstance(left, dt.date) and isinstance(right, dt.date))
        )
        if not comparable:
            raise _Fail(f"{_kind(left)} {symbol} {_kind(right)} cannot be compared")
        return apply(left, right)

    return compare


def _contains(left: Value, right: Value) -> bool:
    if right is None:
        return False
    if isinstance(right, str):
        if not isinstance(left, str):
            raise _Fail(f"'in' text needs text on the left, not {_kind(left)}")
        return left in right
    if isinstance(right, list | tuple):
        return left in right
    raise _Fail(f"'in' needs text or a list on the right, not {_kind(right)}")


_COMPARE: Mapping[type[ast.cmpop], tuple[str, Callable[[Value, Value], bool]]] = {
    ast.Eq: ("==", lambda a, b: bool(a == b)),
    ast.NotEq: ("!=", lambda a, b: bool(a != b)),
    ast.Lt: ("<", _ordered("<", operator.lt)),
    ast.LtE: ("<=", _ordered("<=", operator.le)),
    ast.Gt: (">", _ordered(">", operator.gt)),
    ast.GtE: (">=", _ordered(">=", operator.ge)),
    ast.In: ("in", _contains),
    ast.NotIn: ("not in", lambda a, b: not _contains(a, b)),
}


@dataclass(frozen=True)
class Compare(Node):
    first: Node
    steps: tuple[tuple[Callable[[Value, Value], bool], Node], ...] = field(compare=False)

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        left = self.first.evaluate(names, env)
        for compare, node in self.steps:
            right = node.evaluate(names, env)
            if not compare(left, right):
                return False
            left = right
        return True

    def children(self) -> Iterator[Node]:
        yield self.first
        for _compare, node in self.steps:
            yield node


@dataclass(frozen=True)
class Call(Node):
    name: str
    function: Function = field(compare=False)
    args: tuple[Node, ...]

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        return self.function.body(env, [arg.evaluate(names, env) for arg in self.args])

    def children(self) -> Iterator[Node]:
        return iter(self.args)


# ----------------------------------------------------------------------------------------------- parser


class _Refused(Exception):
    def __init__(self, problem: ExpressionProblem, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem
        self.detail = detail


_NODE_NAMES = {
    ast.Attribute: "attribute access (a.b)",
    ast.Subscript: "indexing (a[b])",
    ast.Lambda: "lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.NamedExpr: "assignment (:=)",
    ast.JoinedStr: "f-strings",
    ast.Dict: "dictionaries",
    ast.Set: "sets",
    ast.Starred: "unpacking (*)",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}


class _Builder:
    def __init__(self) -> None:
        self.depth = 0

    def build(self, node: ast.AST) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(ExpressionProblem.NOT_ALLOWED, f"nesting deeper than {MAX_DEPTH} levels")
        try:
            return self._build(node)
        finally:
            self.depth -= 1

    def _build(self, node: ast.AST) -> Node:  # noqa: PLR0911, PLR0912 - one branch per node type
        if isinstance(node, ast.Constant):
            return Literal(_literal(node.value))
        if isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise _Refused(ExpressionProblem.NOT_ALLOWED, f"names starting with _ ({node.id})")
            return Name(node.id)
        if isinstance(node, ast.List | ast.Tuple):
            return ListOf(tuple(self.build(item) for item in node.elts))
        if isinstance(node, ast.BoolOp):
            return Logic(isinstance(node.op, ast.And), tuple(self.build(value) for value in node.values))
        if isinstance(node, ast.UnaryOp):
            operand = self.build(node.operand)
            if isinstance(node.op, ast.Not):
                return Not(operand)
            if isinstance(node.op, ast.USub | ast.UAdd):
                return Negate(operand, -1 if isinstance(node.op, ast.USub) else 1)
            raise _Refused(ExpressionProblem.NOT_ALLOWED, "the ~ operator")
        if isinstance(node, ast.BinOp):
            known = _BINARY.get(type(node.op))
            if known is None:
                raise _Refused(ExpressionProblem.NOT_ALLOWED, "the operator " + type(node.op).__name__)
            return Binary(known[0], known[1], self.build(node.left), self.build(node.right))
        if isinstance(node, ast.Compare):
            steps = []
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                known_cmp = _COMPARE.get(type(op))
                if known_cmp is None:
                    raise _Refused(ExpressionProblem.NOT_ALLOWED, "'is' comparisons (use ==)")
                steps.append((known_cmp[1], self.build(comparator)))
            return Compare(self.build(node.left), tuple(steps))
        if isinstance(node, ast.IfExp):
            return Choose(self.build(node.test), self.build(node.body), self.build(node.orelse))
        if isinstance(node, ast.Call):
            return self._call(node)
        what = _NODE_NAMES.get(type(node), type(node).__name__)
        raise _Refused(ExpressionProblem.NOT_ALLOWED, what)

    def _call(self, node: ast.Call) -> Node:
        if not isinstance(node.func, ast.Name):
            raise _Refused(ExpressionProblem.NOT_ALLOWED, "calling anything but a named function")
        name = node.func.id
        if name.startswith("_"):
            raise _Refused(ExpressionProblem.NOT_ALLOWED, f"names starting with _ ({name})")
        function = FUNCTIONS.get(name)
        if function is None:
            raise _Refused(ExpressionProblem.UNKNOWN_FUNCTION, f"no function {name}()")
        if node.keywords:
            raise _Refused(ExpressionProblem.NOT_ALLOWED, "keyword arguments")
        count = len(node.args)
        if not function.min_args <= count <= function.max_args:
            raise _Refused(ExpressionProblem.ARGUMENTS, f"{name}() takes {_arity(function)}, not {count}")
        return Call(name, function, tuple(self.build(arg) for arg in node.args))


def _arity(function: Function) -> str:
    if function.min_args == function.max_args:
        return f"{function.min_args} argument(s)"
    return f"{function.min_args} to {function.max_args} arguments"


def _literal(value: object) -> Value:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        number = Decimal(repr(value))
        if not number.is_finite():
            raise _Refused(ExpressionProblem.NOT_ALLOWED, "a number too large to write")
        return number
    raise _Refused(ExpressionProblem.NOT_ALLOWED, f"{type(value).__name__} literals")


def _names(node: Node) -> Iterator[str]:
    if isinstance(node, Name):
        yield node.name
    for child in node.children():
        yield from _names(child)


@dataclass(frozen=True)
class Expression:
    """A parsed rule. `names` are the context keys it reads (checked against the definition at load)."""

    source: str
    root: Node = field(repr=False, compare=False)
    names: frozenset[str] = field(compare=False)

    def evaluate(self, names: Mapping[str, Value], env: Environment) -> Value:
        """The value of the rule; any failure is an ExpressionError, never another exception."""
        try:
            return self.root.evaluate(names, env)
        except _Fail as exc:
            raise ExpressionError(ExpressionProblem.TYPE, exc.detail, self.source) from None
        except (ArithmeticError, ValueError, TypeError, RecursionError, MemoryError) as exc:
            # Safety net: the operations above check their operands, but Decimal and date arithmetic
            # can still overflow on extreme values.
            detail = f"cannot compute ({type(exc).__name__})"
            raise ExpressionError(ExpressionProblem.TYPE, detail, self.source) from None


def parse(source: str, known_names: frozenset[str] | None = None, field: str = "") -> Expression:
    """Parse and check a rule; with `known_names`, any other name is an UNKNOWN_NAME error."""
    if not isinstance(source, str):
        raise ExpressionError(ExpressionProblem.SYNTAX, "a rule must be text", repr(source), field)
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            ExpressionProblem.TOO_LONG, f"longer than {MAX_LENGTH} characters", source[:60] + "…", field
        )
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        detail = getattr(exc, "msg", None) or "not a valid expression"
        raise ExpressionError(ExpressionProblem.SYNTAX, detail, source, field) from None
    try:
        root = _Builder().build(tree.body)
    except _Refused as exc:
        raise ExpressionError(exc.problem, exc.detail, source, field) from None
    names = frozenset(_names(root))
    if known_names is not None:
        unknown = sorted(names - known_names)
        if unknown:
            detail = "unknown name(s) " + ", ".join(unknown)
            raise ExpressionError(ExpressionProblem.UNKNOWN_NAME, detail, source, field)
    return Expression(source, root, names)
