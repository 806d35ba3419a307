"""The service-item catalogue (事项目录): items, the questions that narrow their checklists, a loader."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NoReturn, TypeVar

from app.domain.errors import DomainError


class Level(StrEnum):
    """行使层级: the level of government whose body carries the item out."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


class TaskType(StrEnum):
    """事项类型, coded as on the national platform (domain-spec §5.4)."""

    LICENSING = "1"
    PENALTY = "2"
    ENFORCEMENT = "3"
    LEVY = "4"
    BENEFIT = "5"
    INSPECTION = "6"
    CONFIRMATION = "7"
    REWARD = "8"
    ADJUDICATION = "9"
    OTHER_POWER = "10"
    PUBLIC_SERVICE = "20"

    @property
    def label(self) -> str:
        return _TASK_LABELS[self]


_TASK_LABELS = {
    TaskType.LICENSING: "行政许可",
    TaskType.PENALTY: "行政处罚",
    TaskType.ENFORCEMENT: "行政强制",
    TaskType.LEVY: "行政征收",
    TaskType.BENEFIT: "行政给付",
    TaskType.INSPECTION: "行政检查",
    TaskType.CONFIRMATION: "行政确认",
    TaskType.REWARD: "行政奖励",
    TaskType.ADJUDICATION: "行政裁决",
    TaskType.OTHER_POWER: "其他行政权力",
    TaskType.PUBLIC_SERVICE: "公共服务",
}


class ProjectType(StrEnum):
    """办件类型 (domain-spec §5.4)."""

    IMMEDIATE = "1"
    PROMISED = "2"
    JOINT = "3"
    REPORTED = "4"

    @property
    def label(self) -> str:
        return _PROJECT_LABELS[self]


_PROJECT_LABELS = {
    ProjectType.IMMEDIATE: "即办件",
    ProjectType.PROMISED: "承诺件",
    ProjectType.JOINT: "联办件",
    ProjectType.REPORTED: "上报件",
}


class ServiceObject(StrEnum):
    NATURAL_PERSON = "natural_person"  # 自然人 (个体工商户 included, as on the platforms)
    LEGAL_PERSON = "legal_person"  # 法人和其他组织


class LimitUnit(StrEnum):
    # Statutory limits for licences count working days (行政许可法 Art. 82); a few laws use plain days.
    WORKING_DAY = "working_day"
    NATURAL_DAY = "natural_day"

    @property
    def label(self) -> str:
        return "工作日" if self is LimitUnit.WORKING_DAY else "自然日"


class Necessity(StrEnum):
    REQUIRED = "required"
    CONDITIONAL = "conditional"  # needed only when the applicant's answers match `when`


class MaterialForm(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"
    ELECTRONIC = "electronic"

    @property
    def label(self) -> str:
        return _FORM_LABELS[self]


_FORM_LABELS = {
    MaterialForm.ORIGINAL: "原件",
    MaterialForm.COPY: "复印件",
    MaterialForm.ORIGINAL_AND_COPY: "原件和复印件",
    MaterialForm.ELECTRONIC: "电子件",
}


@dataclass(frozen=True)
class Fee:
    charged: bool
    description: str


@dataclass(frozen=True)
class Question:
    """A yes/no question put to the applicant; the answers decide which conditional materials apply."""

    id: str
    text: str


@dataclass(frozen=True)
class Material:
    id: str
    name: str
    necessity: Necessity
    form: MaterialForm
    originals: int
    copies: int
    when: tuple[tuple[str, bool], ...] = ()  # (question id, answer) pairs that must all hold
    e_licence_type: str | None = None  # the 电子证照 that can stand in for the paper, if one exists
    note: str = ""

    def applies(self, answers: Mapping[str, bool]) -> bool:
        """Whether the applicant must bring this material; an unanswered question matches nothing."""
        if self.necessity is Necessity.REQUIRED:
            return True
        return all(qid in answers and answers[qid] is answer for qid, answer in self.when)


@dataclass(frozen=True)
class ServiceItem:
    code: str  # 实施编码: opaque, at most 50 characters (domain-spec §5.3)
    basic_code: str  # 基本编码: 12 characters
    name: str
    department: str
    level: Level
    task_type: TaskType
    project_type: ProjectType
    service_objects: tuple[ServiceObject, ...]
    legal_limit_days: int | None  # None: no statutory limit (common for 公共服务)
    promised_limit_days: int  # 0: settled on the spot
    limit_unit: LimitUnit
    fee: Fee
    legal_basis: str
    questions: tuple[Question, ...]
    materials: tuple[Material, ...]

    def checklist(self, answers: Mapping[str, bool]) -> tuple[Material, ...]:
        """The materials to collect, the required ones and the matching conditional ones."""
        known = {question.id for question in self.questions}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise DomainError(f"item {self.code} has no question(s) {', '.join(unknown)}")
        return tuple(material for material in self.materials if material.applies(answers))


class UnknownItem(DomainError):
    def __init__(self, code: str, version: str) -> None:
        super().__init__(f"catalogue {version} has no item {code!r}")
        self.code = code


@dataclass(frozen=True)
class Catalogue:
    version: str
    published_at: dt.date
    region_code: str  # 6-digit GB/T 2260 code of the hall's district
    hall_name: str
    items: tuple[ServiceItem, ...]
    _by_code: dict[str, ServiceItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code: dict[str, ServiceItem] = {}
        for item in self.items:
            if item.code in by_code:
                raise DomainError(f"catalogue {self.version} lists item {item.code} twice")
            by_code[item.code] = item
        object.__setattr__(self, "_by_code", by_code)

    def item(self, code: str) -> ServiceItem:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownItem(code, self.version) from None

    def departments(self) -> tuple[str, ...]:
        """The departments, in order of first appearance."""
        return tuple(dict.fromkeys(item.department for item in self.items))


# ---------------------------------------------------------------- loading


class CatalogueFormatError(DomainError):
    """A catalogue document is malformed; the message says where (source, item, field) and what is wrong."""

    def __init__(self, source: str, field: str, problem: str, item_code: str | None = None) -> None:
        where = f"item {item_code}: " if item_code is not None else ""
        super().__init__(f"{source}: {where}{field}: {problem}")
        self.source = source
        self.item_code = item_code
        self.field = field
        self.problem = problem


MAX_CODE_LENGTH = 50
_CODE = re.compile(rf"\S{{1,{MAX_CODE_LENGTH}}}")
_BASIC_CODE = re.compile(r"[0-9A-Z]{12}")
_REGION_CODE = re.compile(r"[0-9]{6}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_IDENT = re.compile(r"[a-z][a-z0-9_]{0,39}")

_CATALOGUE_KEYS = frozenset({"catalogue_version", "published_at", "region_code", "hall_name", "items"})
_ITEM_KEYS = frozenset({
    "code", "basic_code", "name", "department", "level", "task_type", "project_type", "service_objects",
    "legal_limit_days", "promised_limit_days", "limit_unit", "fee", "legal_basis", "questions", "materials",
})  # fmt: skip
_FEE_KEYS = frozenset({"charged", "description"})
_QUESTION_KEYS = frozenset({"id", "text"})
_MATERIAL_KEYS = frozenset({"id", "name", "necessity", "form", "originals", "copies"})
_MATERIAL_OPTIONAL_KEYS = frozenset({"when", "e_licence_type", "note"})

_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True)
class _Context:
    """Where in which document we are, so that every error names its place."""

    source: str
    item_code: str | None = None

    def fail(self, path: str, problem: str) -> NoReturn:
        raise CatalogueFormatError(self.source, path, problem, self.item_code)

    def mapping(
        self,
        value: object,
        path: str,
        required: frozenset[str],
        optional: frozenset[str] = frozenset(),
        unknown: str = "is not a known field",
    ) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            self.fail(path, "must be an object")
        prefix = f"{path}." if path else ""
        for key in sorted(required - set(value)):
            self.fail(prefix + key, "is missing")
        for key in sorted(set(value) - required - optional):
            self.fail(prefix + str(key), unknown)
        return value

    def text(self, value: object, path: str, *, allow_empty: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(path, "must be a string")
        value = value.strip()
        if not value and not allow_empty:
            self.fail(path, "must not be empty")
        return value

    def pattern(self, value: object, path: str, pattern: re.Pattern[str], expected: str) -> str:
        text = self.text(value, path)
        if not pattern.fullmatch(text):
            self.fail(path, f"{text!r} is not {expected}")
        return text

    def count(self, value: object, path: str) -> int:
        # bool is an int in Python, but `true` in a day count is a mistake in the document.
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(path, "must be a whole number")
        if value < 0:
            self.fail(path, f"must not be negative (got {value})")
        return value

    def flag(self, value: object, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, "must be true or false")
        return value

    def choice(self, value: object, path: str, kind: type[_E]) -> _E:
        allowed = [member.value for member in kind]
        if not isinstance(value, str) or value not in allowed:
            self.fail(path, f"{value!r} is not one of {', '.join(allowed)}")
        return kind(value)

    def array(self, value: object, path: str, *, allow_empty: bool = True) -> list[object]:
        if not isinstance(value, list):
            self.fail(path, "must be a list")
        if not value and not allow_empty:
            self.fail(path, "must not be empty")
        return value


def load_catalogue(text: str, source: str) -> Catalogue:
    """Parse a catalogue from JSON text; `source` (a file name, a URL) is quoted in every error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueFormatError(source, "(document)", f"is not valid JSON: {exc}") from exc
    if not isinstance(data, Mapping):
        raise CatalogueFormatError(source, "(document)", "must be a JSON object")
    return parse_catalogue(data, source)


def parse_catalogue(data: Mapping[str, object], source: str) -> Catalogue:
    """Validate every field of a decoded catalogue document and build the typed model."""
    ctx = _Context(source)
    doc = ctx.mapping(data, "", _CATALOGUE_KEYS)
    published = ctx.pattern(doc["published_at"], "published_at", _DATE, "a date (YYYY-MM-DD)")
    try:
        published_at = dt.date.fromisoformat(published)
    except ValueError:
        ctx.fail("published_at", f"{published!r} is not a calendar date")
    raw_items = ctx.array(doc["items"], "items", allow_empty=False)
    items: list[ServiceItem] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(raw_items):
        item = _parse_item(ctx, raw, index)
        if item.code in first_index:
            _Context(source, item.code).fail("code", f"duplicates items[{first_index[item.code]}]")
        first_index[item.code] = index
        items.append(item)
    return Catalogue(
        version=ctx.text(doc["catalogue_version"], "catalogue_version"),
        published_at=published_at,
        region_code=ctx.pattern(doc["region_code"], "region_code", _REGION_CODE, "a 6-digit GB/T 2260 code"),
        hall_name=ctx.text(doc["hall_name"], "hall_name"),
        items=tuple(items),
    )


def parse_item(raw: object, source: str) -> ServiceItem:
    """Parse one stored item (the store keeps each item as published and parses it on demand)."""
    return _parse_item(_Context(source), raw, 0)


def _parse_item(outer: _Context, raw: object, index: int) -> ServiceItem:
    path = f"items[{index}]"
    obj = outer.mapping(raw, path, _ITEM_KEYS)
    code = outer.pattern(
        obj["code"], f"{path}.code", _CODE, f"a code of 1-{MAX_CODE_LENGTH} non-blank characters"
    )
    ctx = _Context(outer.source, code)

    service_objects: list[ServiceObject] = []
    for position, value in enumerate(ctx.array(obj["service_objects"], "service_objects", allow_empty=False)):
        service_object = ctx.choice(value, f"service_objects[{position}]", ServiceObject)
        if service_object in service_objects:
            ctx.fail(f"service_objects[{position}]", f"{service_object.value} is listed twice")
        service_objects.append(service_object)

    legal_limit = (
        None if obj["legal_limit_days"] is None else ctx.count(obj["legal_limit_days"], "legal_limit_days")
    )
    promised_limit = ctx.count(obj["promised_limit_days"], "promised_limit_days")
    if legal_limit is not None and promised_limit > legal_limit:
        ctx.fail("promised_limit_days", f"{promised_limit} exceeds the legal limit of {legal_limit}")

    fee = ctx.mapping(obj["fee"], "fee", _FEE_KEYS)
    questions = _parse_questions(ctx, obj["questions"])
    materials = _parse_materials(ctx, obj["materials"], questions)
    return ServiceItem(
        code=code,
        basic_code=ctx.pattern(obj["basic_code"], "basic_code", _BASIC_CODE, "12 digits or capital letters"),
        name=ctx.text(obj["name"], "name"),
        department=ctx.text(obj["department"], "department"),
        level=ctx.choice(obj["level"], "level", Level),
        task_type=ctx.choice(obj["task_type"], "task_type", TaskType),
        project_type=ctx.choice(obj["project_type"], "project_type", ProjectType),
        service_objects=tuple(service_objects),
        legal_limit_days=legal_limit,
        promised_limit_days=promised_limit,
        limit_unit=ctx.choice(obj["limit_unit"], "limit_unit", LimitUnit),
        fee=Fee(ctx.flag(fee["charged"], "fee.charged"), ctx.text(fee["description"], "fee.description")),
        legal_basis=ctx.text(obj["legal_basis"], "legal_basis"),
        questions=questions,
        materials=materials,
    )


def _parse_questions(ctx: _Context, raw: object) -> tuple[Question, ...]:
    questions: list[Question] = []
    for index, value in enumerate(ctx.array(raw, "questions")):
        path = f"questions[{index}]"
        obj = ctx.mapping(value, path, _QUESTION_KEYS)
        ident = ctx.pattern(obj["id"], f"{path}.id", _IDENT, "an identifier (a-z, 0-9, _)")
        if any(question.id == ident for question in questions):
            ctx.fail(f"{path}.id", f"{ident} is used by an earlier question")
        questions.append(Question(ident, ctx.text(obj["text"], f"{path}.text")))
    return tuple(questions)


def _parse_materials(ctx: _Context, raw: object, questions: tuple[Question, ...]) -> tuple[Material, ...]:
    question_ids = {question.id for question in questions}
    materials: list[Material] = []
    for index, value in enumerate(ctx.array(raw, "materials", allow_empty=False)):
        material = _parse_material(ctx, value, f"materials[{index}]", question_ids)
        if any(earlier.id == material.id for earlier in materials):
            ctx.fail(f"materials[{index}].id", f"{material.id} is used by an earlier material")
        materials.append(material)
    if all(material.necessity is Necessity.CONDITIONAL for material in materials):
        ctx.fail("materials", "at least one material must be required")
    # A question that changes nothing only slows the clerk down, and usually means a mistyped `when`.
    used = {qid for material in materials for qid, _ in material.when}
    for index, question in enumerate(questions):
        if question.id not in used:
            ctx.fail(f"questions[{index}]", f"{question.id} is not used by any material's `when`")
    return tuple(materials)


def _parse_material(ctx: _Context, value: object, path: str, question_ids: set[str]) -> Material:
    obj = ctx.mapping(value, path, _MATERIAL_KEYS, _MATERIAL_OPTIONAL_KEYS)
    ident = ctx.pattern(obj["id"], f"{path}.id", _IDENT, "an identifier (a-z, 0-9, _)")
    necessity = ctx.choice(obj["necessity"], f"{path}.necessity", Necessity)
    when: list[tuple[str, bool]] = []
    if necessity is Necessity.REQUIRED and "when" in obj:
        ctx.fail(f"{path}.when", "must be omitted for a required material")
    if necessity is Necessity.CONDITIONAL:
        if "when" not in obj:
            ctx.fail(f"{path}.when", "is missing (a conditional material needs a condition)")
        condition = ctx.mapping(
            obj["when"],
            f"{path}.when",
            frozenset(),
            frozenset(question_ids),
            "is not a question of this item",
        )
        if not condition:
            ctx.fail(f"{path}.when", "must name at least one question")
        when = [(qid, ctx.flag(answer, f"{path}.when.{qid}")) for qid, answer in condition.items()]

    form = ctx.choice(obj["form"], f"{path}.form", MaterialForm)
    originals = ctx.count(obj["originals"], f"{path}.originals")
    copies = ctx.count(obj["copies"], f"{path}.copies")
    wants_original = form in (MaterialForm.ORIGINAL, MaterialForm.ORIGINAL_AND_COPY)
    wants_copy = form in (MaterialForm.COPY, MaterialForm.ORIGINAL_AND_COPY)
    if (originals > 0) != wants_original:
        ctx.fail(f"{path}.originals", f"{originals} does not fit the form {form.value}")
    if (copies > 0) != wants_copy:
        ctx.fail(f"{path}.copies", f"{copies} does not fit the form {form.value}")

    e_licence = obj.get("e_licence_type")
    return Material(
        id=ident,
        name=ctx.text(obj["name"], f"{path}.name"),
        necessity=necessity,
        form=form,
        originals=originals,
        copies=copies,
        when=tuple(when),
        e_licence_type=None if e_licence is None else ctx.text(e_licence, f"{path}.e_licence_type"),
        note=ctx.text(obj.get("note", ""), f"{path}.note", allow_empty=True),
    )
