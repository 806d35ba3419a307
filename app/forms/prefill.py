"""Initial values from what is already known: the ID card just read, e-licences, the applicant panel,
the applicant's earlier cases and the definition's defaults, without overwriting what the clerk typed.

Precedence, highest first (PRECEDENCE):
  0. what the clerk typed: never overwritten;
  1. the ID card on the reader: the document in hand, read by a machine;
  2. e-licence data the platform returned: issued by the authority, current;
  3. the applicant panel (name, ID number, phone … as typed or read there);
  4. the applicant's earlier cases: what they declared before, possibly out of date;
  5. the definition's default.
A field takes ID-card, e-licence and applicant values only where its `prefill` list names them, and
earlier values by its own key unless it says `"remember": false`. A value its type rejects is skipped,
and the next source is tried.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.forms.definition import Field, FormDefinition
from app.forms.errors import Invalid
from app.forms.fieldtypes import is_blank


class Source(StrEnum):
    ID_CARD = "id_card"
    E_LICENCE = "e_licence"
    APPLICANT = "applicant"
    EARLIER = "earlier"
    DEFAULT = "default"


PRECEDENCE = (Source.ID_CARD, Source.E_LICENCE, Source.APPLICANT, Source.EARLIER, Source.DEFAULT)


@dataclass(frozen=True)
class PrefillSources:
    """Plain mappings, so that the card reader, the sync client and the store need not know app.forms.

    id_card: name, sex (GB/T 2261.1 code or 男/女), nation (GB/T 3304 code or name), birth_date, address,
    id_number, issuer, valid_from, valid_until. e_licences: by licence type (营业执照 …), each a mapping of
    its attributes (number, holder_name, holder_id, issuer, valid_until and any data the platform adds).
    earlier: stored form values by field key, the most recent case's value for each key.
    """

    id_card: Mapping[str, object] = field(default_factory=dict)
    e_licences: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    applicant: Mapping[str, object] = field(default_factory=dict)
    earlier: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Prefill:
    values: dict[str, object]  # typed values by field key
    origins: dict[str, Source]  # where each came from, so the UI can say so


def prefill(
    definition: FormDefinition, sources: PrefillSources, typed: Mapping[str, object] | None = None
) -> Prefill:
    """Values for the fields the clerk has not filled (`typed` holds what is on the screen)."""
    typed = typed or {}
    values: dict[str, object] = {}
    origins: dict[str, Source] = {}
    for field_ in definition.fields():
        if field_.computed is not None or not is_blank(typed.get(field_.key)):
            continue
        for source in PRECEDENCE:
            value = _first_valid(field_, _candidates(field_, source, sources))
            if value is not None:
                values[field_.key] = value
                origins[field_.key] = source
                break
    return Prefill(values, origins)


def _first_valid(field_: Field, candidates: Iterator[object]) -> object:
    for raw in candidates:
        value = field_.type.to_value(raw)
        if value is not None and not isinstance(value, Invalid):
            return value
    return None


def _candidates(field_: Field, source: Source, sources: PrefillSources) -> Iterator[object]:
    if source is Source.EARLIER:
        if field_.remember:
            yield sources.earlier.get(field_.key)
        return
    if source is Source.DEFAULT:
        yield field_.default
        return
    for path in field_.prefill:
        kind, _, rest = path.partition(".")
        if kind != source.value:
            continue
        if source is Source.ID_CARD:
            yield sources.id_card.get(rest)
        elif source is Source.APPLICANT:
            yield sources.applicant.get(rest)
        else:
            licence_type, _, attribute = rest.rpartition(".")
            yield sources.e_licences.get(licence_type, {}).get(attribute)
