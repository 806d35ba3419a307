"""Pinyin search over the catalogue: keys are computed once, on import; a query only compares strings.

Clerks type initials ("gtgsh"), full pinyin ("getigongshanghu"), Chinese or an item code. Search keys
come from pypinyin's phrase-aware reading, so 重庆 is "chongqing" and 银行 "yinhang". Where the reading
in context differs from the character's everyday reading, the initials of the everyday reading are kept
too (bounded), because that is what a clerk reading character by character types.
"""

from __future__ import annotations

import heapq
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from app.domain.catalogue import Catalogue
from app.domain.errors import DomainError

MAX_INITIALS = 8  # alternatives per name; a name with many polyphones keeps the first combinations
_KEY = re.compile(r"[a-z0-9]*")


@dataclass(frozen=True)
class SearchKeys:
    """Toneless pinyin of a name, joined ("getigongshanghushelidengji"), and its initials.

    `initials[0]` is the phrase-aware reading; the others are alternatives for polyphones.
    """

    full: str
    initials: tuple[str, ...]

    def __post_init__(self) -> None:
        if not 1 <= len(self.initials) <= MAX_INITIALS:
            raise DomainError(f"search keys need 1-{MAX_INITIALS} initials, got {len(self.initials)}")
        for key in (self.full, *self.initials):
            if not _KEY.fullmatch(key):
                raise DomainError(f"search key {key!r} must be lower-case letters and digits")

    def encode(self) -> str:
        """A compact text form for the store: "full;initials,alternative,..."."""
        return f"{self.full};{','.join(self.initials)}"

    @classmethod
    def decode(cls, text: str) -> SearchKeys:
        full, separator, initials = text.partition(";")
        if not separator:
            raise DomainError(f"{text!r} is not encoded search keys")
        return cls(full, tuple(initials.split(",")))


def normalize(text: str) -> str:
    """Fold a name or a query for comparison: full-width to ASCII, case-folded, without any spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ü", "v")  # pypinyin writes ü as v
    return "".join(folded.split())


_PLAIN = str.maketrans({"ê": "e"})  # the one non-ASCII letter in pypinyin's toneless readings (欸)


@lru_cache(maxsize=4096)
def _everyday_reading(char: str) -> str:
    from pypinyin import lazy_pinyin

    return str(lazy_pinyin(char)[0]).translate(_PLAIN)


def search_keys(name: str) -> SearchKeys:
    """Compute the search keys of a name. Slow (pypinyin): call it on import, and persist the result."""
    # Imported here: pypinyin loads its phrase dictionary on import, which start-up should not pay for.
    from pypinyin import lazy_pinyin

    chars = list(normalize(name))
    # One reading per character: unconverted characters come back as themselves, one by one.
    readings = lazy_pinyin("".join(chars), errors=list)  # type: ignore[arg-type]  # stub omits list results
    in_context = [str(reading).translate(_PLAIN) for reading in readings]
    syllables: list[str] = []
    options: list[tuple[str, ...]] = []
    for char, reading in zip(chars, in_context, strict=True):
        if char.isascii():
            if char.isalnum():  # letters and digits in a name ("A1", "12345") are typed as they are
                syllables.append(char)
                options.append((char,))
        elif reading != char:
            syllables.append(reading)
            everyday = _everyday_reading(char)
            options.append((reading[0],) if everyday[0] == reading[0] else (reading[0], everyday[0]))
        # Anything else (punctuation, symbols, characters without a reading) is not typed.
    return SearchKeys("".join(syllables), tuple(itertools.islice(_variants(options), MAX_INITIALS)))


def _variants(options: list[tuple[str, ...]]) -> Iterator[str]:
    """Initials with the fewest everyday readings first: a clerk usually misreads one character, not all."""
    primary = [option[0] for option in options]
    ambiguous = [position for position, option in enumerate(options) if len(option) > 1]
    for size in range(len(ambiguous) + 1):
        for chosen in itertools.combinations(ambiguous, size):
            letters = primary.copy()
            for position in chosen:
                letters[position] = options[position][1]
            yield "".join(letters)


def catalogue_keys(catalogue: Catalogue) -> dict[str, SearchKeys]:
    """Search keys for every item name and department, by text; what the store persists on import."""
    texts = dict.fromkeys(text for item in catalogue.items for text in (item.name, item.department))
    return {text: search_keys(text) for text in texts}


class IndexEntry(NamedTuple):
    code: str
    name: str
    keys: SearchKeys
    extras: Sequence[str] = ()  # matched last: department, basic code, the department's pinyin


@dataclass(frozen=True)
class _Row:
    order: int
    code: str
    folded_code: str
    folded_name: str
    keys: SearchKeys
    extras: tuple[str, ...]


# Ranking tiers, best first; within a tier, the earlier match, then the shorter name, then catalogue order.
_CODE, _NAME, _INITIALS, _CHINESE, _PINYIN, _INITIALS_INSIDE, _EXTRA = range(7)


class CatalogueIndex:
    """An in-memory index; building it and searching it never calls pypinyin."""

    def __init__(self, entries: Iterable[tuple[str, str, SearchKeys, Sequence[str]]]) -> None:
        self._rows = [
            _Row(order, code, normalize(code), normalize(name), keys, tuple(normalize(e) for e in extras))
            for order, (code, name, keys, extras) in enumerate(entries)
        ]

    @classmethod
    def from_catalogue(
        cls, catalogue: Catalogue, keys: Mapping[str, SearchKeys] | None = None
    ) -> CatalogueIndex:
        """Index a catalogue with persisted keys (see catalogue_keys); missing texts are computed."""
        known = dict(keys or {})

        def keys_of(text: str) -> SearchKeys:
            if text not in known:
                known[text] = search_keys(text)
            return known[text]

        entries = []
        for item in catalogue.items:
            department = keys_of(item.department)
            extras = (item.department, department.full, *department.initials, item.basic_code)
            entries.append(IndexEntry(item.code, item.name, keys_of(item.name), extras))
        return cls(entries)

    def __len__(self) -> int:
        return len(self._rows)

    def search(self, query: str, limit: int = 20) -> list[str]:
        """Codes of the best matches, best first; case, spaces and full-width forms are ignored."""
        folded = normalize(query)
        if not folded or limit < 1:
            return []
        ranked = []
        for row in self._rows:
            rank = _rank(row, folded)
            if rank is not None:
                ranked.append((rank, len(row.folded_name), row.order, row.code))
        return [code for *_, code in heapq.nsmallest(limit, ranked)]


def _rank(row: _Row, query: str) -> tuple[int, int] | None:  # noqa: PLR0911 - a return per tier
    """(tier, position within the tier) of the best way `query` matches `row`, or None."""
    if query == row.folded_code:
        return (_CODE, 0)
    if query == row.folded_name:
        return (_NAME, 0)
    initials = row.keys.initials
    for alternative, key in enumerate(initials):
        if key.startswith(query):
            return (_INITIALS, alternative)  # the phrase-aware reading before the everyday one
    position = row.folded_name.find(query)
    if position >= 0:
        return (_CHINESE, position)
    position = row.keys.full.find(query)
    if position >= 0:
        return (_PINYIN, position)  # position 0 is a prefix match
    # Prefixes were taken above, so whatever is found here lies inside ("ylbx" in 城乡居民基本养老保险…).
    positions = [position for position in (key.find(query) for key in initials) if position >= 0]
    if positions:
        return (_INITIALS_INSIDE, min(positions))
    if any(query in extra for extra in row.extras):
        return (_EXTRA, 0)
    return None
