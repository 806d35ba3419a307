"""一表申报: several items of one applicant in one case; questions asked once, materials de-duplicated."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from app.domain.catalogue import Material, Question, ServiceItem
from app.domain.errors import DomainError

_SPACE = re.compile(r"\s+")


def _same_paper(material: Material) -> str:
    """Two items asking for a paper of the same name (受托人居民身份证) are handed it once."""
    return _SPACE.sub("", material.name)


@dataclass(frozen=True)
class Bundle:
    """The items of one application, seen as one item by the checklist: its questions are the union of
    the items' questions (the same id is the same question), its materials the union with papers of the
    same name listed once. `item_codes[material id]` says which items a listed material serves."""

    items: tuple[ServiceItem, ...]
    item: ServiceItem
    item_codes: Mapping[str, tuple[str, ...]]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    def answers_for(self, item: ServiceItem, answers: Mapping[str, bool]) -> dict[str, bool]:
        """The answers that concern one of the items (its own question ids)."""
        own = {question.id for question in item.questions}
        return {qid: value for qid, value in answers.items() if qid in own}


def combine(items: Sequence[ServiceItem]) -> Bundle:
    if not items:
        raise DomainError("an application needs at least one item")
    codes = [item.code for item in items]
    if len(set(codes)) != len(codes):
        raise DomainError("an item cannot be applied for twice in one application")
    if len(items) == 1:
        only = items[0]
        return Bundle(tuple(items), only, {m.id: (only.code,) for m in only.materials})

    questions: dict[str, Question] = {}
    for item in items:
        for question in item.questions:
            questions.setdefault(question.id, question)
    materials: list[Material] = []
    served: dict[str, list[str]] = {}
    by_paper: dict[str, str] = {}  # paper name -> material id in the bundle
    for item in items:
        for material in item.materials:
            paper = _same_paper(material)
            known = by_paper.get(paper)
            if known is not None and _compatible(materials, known, material):
                served[known].append(item.code)
                continue
            ident = material.id if material.id not in served else f"{material.id}_{len(materials)}"
            by_paper.setdefault(paper, ident)
            served[ident] = [item.code]
            materials.append(replace(material, id=ident))
    first = items[0]
    combined = ServiceItem(
        code="+".join(codes),
        basic_code=first.basic_code,
        name="、".join(item.name for item in items),
        department="、".join(dict.fromkeys(item.department for item in items)),
        level=first.level,
        task_type=first.task_type,
        project_type=first.project_type,
        service_objects=first.service_objects,
        legal_limit_days=max(
            (i.legal_limit_days for i in items if i.legal_limit_days is not None), default=None
        ),
        promised_limit_days=max(item.promised_limit_days for item in items),
        limit_unit=first.limit_unit,
        fee=first.fee,
        legal_basis="；".join(item.legal_basis for item in items),
        questions=tuple(questions.values()),
        materials=tuple(materials),
    )
    return Bundle(tuple(items), combined, {ident: tuple(codes) for ident, codes in served.items()})


def _compatible(materials: list[Material], ident: str, material: Material) -> bool:
    """The same paper under the same conditions: otherwise both stay listed."""
    kept = next(m for m in materials if m.id == ident)
    return kept.necessity is material.necessity and kept.when == material.when
