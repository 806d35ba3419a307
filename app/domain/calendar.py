"""Working-day deadlines (行政许可法 Art. 82) from chinesecalendar plus an importable table of overrides."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any, TypeVar

import chinese_calendar

from app.domain.errors import DomainError

_T = TypeVar("_T")

_ONE_DAY = dt.timedelta(days=1)
_YEAR_KEY = re.compile(r"[1-9][0-9]{3}")
_ISO_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
)  # fromisoformat alone would also take 20270101 or 2027-W01-1


class CalendarFormatError(DomainError):
    """An override table that cannot be used; `where` names the offending key or date."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


@dataclass(frozen=True)
class CalendarEntry:
    """One day whose status differs from, or corrects, the default: a holiday or a make-up workday."""

    day: dt.date
    is_workday: bool
    name: str = ""  # e.g. 元旦, 春节调休


@dataclass(frozen=True)
class CalendarOverrides:
    """Days that override chinesecalendar, and the years whose schedule the table holds in full.

    JSON format (the file IT staff import, later pushed by the platform):

        {
          "version": "国办发明电〔2026〕X号",
          "years": {
            "2027": {
              "complete": true,
              "holidays": [{"date": "2027-01-01", "name": "元旦"}],
              "workdays": [{"date": "2027-02-07", "name": "春节调休"}]
            }
          }
        }

    "version" is a free label for the table's edition (optional). Per year, "complete" (default false)
    declares that the table lists every holiday and make-up workday of that year; only then does the
    calendar treat the year as covered. Days not listed follow chinesecalendar, or Monday-Friday in a
    year it has no data for. "holidays" and "workdays" default to empty; "name" is optional. Unknown keys
    are errors, so that a typo such as "complet" cannot silently leave a year uncovered.
    """

    entries: tuple[CalendarEntry, ...] = ()
    complete_years: frozenset[int] = frozenset()
    version: str = ""
    _by_day: dict[dt.date, CalendarEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_day: dict[dt.date, CalendarEntry] = {}
        for entry in self.entries:
            if entry.day in by_day:
                raise CalendarFormatError(entry.day.isoformat(), "the date is listed more than once")
            by_day[entry.day] = entry
        # Sorted, so that equal tables compare equal whatever order they were written in.
        object.__setattr__(self, "entries", tuple(sorted(self.entries, key=lambda entry: entry.day)))
        object.__setattr__(self, "_by_day", by_day)

    def entry(self, day: dt.date) -> CalendarEntry | None:
        return self._by_day.get(day)

    def merged_with(self, other: CalendarOverrides) -> CalendarOverrides:
        """This table updated by `other`: other's entries win date by date.

        For a year that `other` declares complete, other's entries replace all of ours in that year,
        so that a holiday moved by a corrected notice does not survive at its old date.
        """
        kept = tuple(
            entry
            for entry in self.entries
            if other.entry(entry.day) is None and entry.day.year not in other.complete_years
        )
        return CalendarOverrides(
            kept + other.entries, self.complete_years | other.complete_years, other.version or self.version
        )

    @classmethod
    def from_json(cls, text: str) -> CalendarOverrides:
        try:
            data = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
        except json.JSONDecodeError as exc:
            raise CalendarFormatError(
                f"line {exc.lineno} column {exc.colno}", f"not valid JSON ({exc.msg})"
            ) from exc
        root = _object(data, "", {"version", "years"}, required={"years"})
        version = _typed(root.get("version", ""), str, "version", "a string")
        entries: list[CalendarEntry] = []
        complete: set[int] = set()
        for key, value in _object(root["years"], "years", None).items():
            where = f"years.{key}"
            if not _YEAR_KEY.fullmatch(key):
                raise CalendarFormatError(where, "a year must be written with four digits, 1000-9999")
            year_table = _object(value, where, {"complete", "holidays", "workdays"})
            if _typed(year_table.get("complete", False), bool, f"{where}.complete", "true or false"):
                complete.add(int(key))
            for list_key, is_workday in (("holidays", False), ("workdays", True)):
                days = _typed(year_table.get(list_key, []), list, f"{where}.{list_key}", "a list")
                for index, item in enumerate(days):
                    entries.append(_entry(item, f"{where}.{list_key}[{index}]", int(key), is_workday))
        return cls(tuple(entries), frozenset(complete), version)

    def to_json(self) -> str:
        years: dict[str, dict[str, Any]] = {}
        for year in sorted({entry.day.year for entry in self.entries} | self.complete_years):
            in_year = [entry for entry in self.entries if entry.day.year == year]
            years[str(year)] = {
                "complete": year in self.complete_years,
                "holidays": [_entry_json(entry) for entry in in_year if not entry.is_workday],
                "workdays": [_entry_json(entry) for entry in in_year if entry.is_workday],
            }
        return json.dumps({"version": self.version, "years": years}, ensure_ascii=False, indent=2) + "\n"


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise CalendarFormatError(key, "the key appears more than once")
        result[key] = value
    return result


def _typed(value: object, kind: type[_T], where: str, expected: str) -> _T:
    if not isinstance(value, kind):
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else f"{shown[:37]}..."
        raise CalendarFormatError(where or "the file", f"must be {expected}, not {shown}")
    return value


def _object(
    value: object, where: str, allowed: Set[str] | None, required: Set[str] = frozenset()
) -> dict[str, Any]:
    table: dict[str, Any] = _typed(value, dict, where, "an object")
    unknown = sorted(set(table) - allowed) if allowed is not None else []
    if unknown:
        raise CalendarFormatError(_join(where, unknown[0]), "unknown key")
    missing = sorted(required - set(table))
    if missing:
        raise CalendarFormatError(_join(where, missing[0]), "missing")
    return table


def _entry(item: object, where: str, year: int, is_workday: bool) -> CalendarEntry:
    table = _object(item, where, {"date", "name"}, required={"date"})
    text = _typed(table["date"], str, f"{where}.date", "a date string such as 2027-01-01")
    day = _parse_day(text)
    if day is None:
        raise CalendarFormatError(f"{where}.date", f"{text!r} is not a date (YYYY-MM-DD)")
    if day.year != year:
        raise CalendarFormatError(f"{where}.date", f"{text} is not in {year}")
    return CalendarEntry(day, is_workday, _typed(table.get("name", ""), str, f"{where}.name", "a string"))


def _parse_day(text: str) -> dt.date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _entry_json(entry: CalendarEntry) -> dict[str, str]:
    return {"date": entry.day.isoformat(), "name": entry.name}


def _library_covers(year: int) -> bool:
    # chinesecalendar holds whole years and raises NotImplementedError outside them; probing keeps
    # this module right when a newer release adds a year.
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class Deadline:
    """A time limit counted in working days after `start` (the acceptance day, itself never counted)."""

    start: dt.date
    due: dt.date
    working_days: int
    # Years in (start, due] without holiday data: weekends alone were skipped there, so the due date
    # may move once the schedule is imported. Recompute with add_working_days(start, working_days).
    uncovered_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.uncovered_years)


class WorkingCalendar:
    """Which days are working days: the override table first, then chinesecalendar, then Monday-Friday."""

    def __init__(self, overrides: CalendarOverrides | None = None) -> None:
        self.overrides = overrides if overrides is not None else CalendarOverrides()

    def covers(self, year: int) -> bool:
        """Whether the holidays and make-up workdays of `year` are known."""
        return year in self.overrides.complete_years or _library_covers(year)

    def is_workday(self, day: dt.date) -> bool:
        entry = self.overrides.entry(day)
        if entry is not None:
            return entry.is_workday
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5

    def add_working_days(self, start: dt.date, n: int) -> Deadline:
        """The n-th working day strictly after `start`, even when `start` is not a working day itself.

        (chinesecalendar's find_workday lands one working day later when starting from a rest day.)
        n == 0 gives `start` itself, never provisional: no day is counted, so no calendar is consulted.
        """
        if n < 0:
            raise DomainError(f"a time limit cannot be {n} working days")
        due = start
        counted = 0
        while counted < n:
            due += _ONE_DAY
            if self.is_workday(due):
                counted += 1
        # Every day of every year from the first counted day's to the due date's lies in (start, due].
        years = range((start + _ONE_DAY).year, due.year + 1) if n else range(0)
        return Deadline(start, due, n, tuple(year for year in years if not self.covers(year)))
