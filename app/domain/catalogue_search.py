"""Pinyin search over the catalogue: keys are computed once, on import; a query only compares strings.

Clerks type initials ("gtgsh"), full pinyin ("getigongshanghu"), Chinese or an item code. Search keys
come from pypinyin's phrase-aware reading, so 重庆 is "chongqing" and 银行 "yinhang". Where the reading
in context differs from the character's everyday reading, the initials of the everyday reading are kept
too (bounded), because that is what a clerk reading character by character types.
"""

from __future__ import annotations

import bisect
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

MAX_INITIALS = 8  # per name, counting the primary; more polyphones than that keep the likeliest
_KEY = re.compile(r"[a-z0-9]*")


@dataclass(frozen=True)
class SearchKeys:
    """Toneless pinyin of a name, joined ("getigongshanghushelidengji"), and its initials.

    `initials[0]` is the phrase-aware reading; the others swap in everyday readings of polyphones,
    one character first, then two, and so on.
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


class _Segments:
    """Many short strings searched as one: a find over their joined text (C speed), mapped back to rows.

    A query never contains the separator (normalize removes whitespace), so no match spans two strings.
    """

    def __init__(self, strings: Iterable[tuple[int, int, str]]) -> None:  # (row, tag, text)
        self._starts: list[int] = []
        self._rows: list[int] = []
        self._tags: list[int] = []
        parts: list[str] = []
        offset = 0
        for row, tag, text in strings:
            self._starts.append(offset)
            self._rows.append(row)
            self._tags.append(tag)
            parts.append(text)
            offset += len(text) + 1
        self._text = "\n".join(parts)

    def first_matches(self, query: str) -> Iterator[tuple[int, int, int]]:
        """(row, tag, position) of the first match in each string that contains `query`."""
        text, starts = self._text, self._starts
        found = text.find(query)
        while found >= 0:
            segment = bisect.bisect_right(starts, found) - 1
            yield self._rows[segment], self._tags[segment], found - starts[segment]
            if segment + 1 == len(starts):
                return
            found = text.find(query, starts[segment + 1])

    def first_positions(self, query: str) -> dict[int, int]:
        return {row: position for row, _, position in self.first_matches(query)}


class CatalogueIndex:
    """An in-memory index; building it and searching it never calls pypinyin."""

    def __init__(self, entries: Iterable[tuple[str, str, SearchKeys, Sequence[str]]]) -> None:
        rows = list(entries)
        self._codes = [code for code, _, _, _ in rows]
        folded_names = [normalize(name) for _, name, _, _ in rows]
        self._name_lengths = [len(name) for name in folded_names]
        self._by_code: dict[str, list[int]] = {}
        self._by_name: dict[str, list[int]] = {}
        for row, (code, _, _, _) in enumerate(rows):
            self._by_code.setdefault(normalize(code), []).append(row)
            self._by_name.setdefault(folded_names[row], []).append(row)
        self._names = _Segments((row, 0, name) for row, name in enumerate(folded_names))
        self._pinyin = _Segments((row, 0, keys.full) for row, (_, _, keys, _) in enumerate(rows))
        self._initials = _Segments(
            (row, alternative, initials)
            for row, (_, _, keys, _) in enumerate(rows)
            for alternative, initials in enumerate(keys.initials)
        )
        self._extras = _Segments(
            (row, 0, normalize(extra)) for row, (_, _, _, extras) in enumerate(rows) for extra in extras
        )

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
        return len(self._codes)

    def search(self, query: str, limit: int = 20) -> list[str]:
        """Codes of the best matches, best first; case, spaces and full-width forms are ignored."""
        folded = normalize(query)
        if not folded or limit < 1:
            return []
        found: list[int] = []
        seen: set[int] = set()
        for tier in self._tiers(folded):
            # Within a tier: the earlier match, then the shorter name, then catalogue order.
            ranked = ((sub, self._name_lengths[row], row) for row, sub in tier.items() if row not in seen)
            hits = heapq.nsmallest(limit - len(found), ranked)
            found.extend(row for _, _, row in hits)
            seen.update(row for _, _, row in hits)
            if len(found) >= limit:  # later tiers rank lower: no need to scan them
                break
        return [self._codes[row] for row in found[:limit]]

    def _tiers(self, query: str) -> Iterator[dict[int, int]]:
        """Matching rows, tier by tier from the best, each row with its rank within the tier."""
        yield dict.fromkeys(self._by_code.get(query, ()), 0)  # the item code, exactly
        yield dict.fromkeys(self._by_name.get(query, ()), 0)  # the name, exactly
        prefixes: dict[int, int] = {}
        inside: dict[int, int] = {}
        for row, alternative, position in self._initials.first_matches(query):
            if position == 0:
                prefixes.setdefault(row, alternative)  # the phrase reading (0) is scanned first
            else:
                inside[row] = min(position, inside.get(row, position))
        yield prefixes  # initials prefix ("gtgsh")
        yield self._names.first_positions(query)  # Chinese (or any) substring of the name
        yield self._pinyin.first_positions(query)  # full pinyin, prefix (position 0) before substring
        yield inside  # initials inside the name ("ylbx" in 城乡居民基本养老保险…)
        yield dict.fromkeys((row for row, _, _ in self._extras.first_matches(query)), 0)  # department etc.
