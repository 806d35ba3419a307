"""Working-day deadlines across real 2026 holidays, uncovered years, and the override table format."""

from __future__ import annotations

import datetime as dt
import json

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.calendar import (
    CalendarEntry,
    CalendarFormatError,
    CalendarOverrides,
    Deadline,
    WorkingCalendar,
)
from app.domain.errors import DomainError

D = dt.date
CALENDAR = WorkingCalendar()

# A made-up 2027 schedule: the real one is published by the State Council around November 2026.
HYPOTHETICAL_2027 = """{
  "version": "test 2027",
  "years": {
    "2027": {
      "complete": true,
      "holidays": [{"date": "2027-01-01", "name": "元旦"}, {"date": "2027-02-08", "name": "春节"}],
      "workdays": [{"date": "2027-02-07", "name": "春节调休"}]
    }
  }
}"""


def test_the_2026_holidays_are_the_ones_we_test_against() -> None:
    # Guards the expectations below against a chinesecalendar release that corrects 2026.
    assert [d.day for d in chinese_calendar.get_holidays(D(2026, 10, 1), D(2026, 10, 11), False)] == list(
        range(1, 8)
    )
    assert chinese_calendar.is_workday(D(2026, 10, 10))  # Saturday, 国庆调休
    assert chinese_calendar.is_workday(D(2026, 2, 14))  # Saturday, 春节调休


@pytest.mark.parametrize(
    ("start", "n", "due", "why"),
    [
        (D(2026, 9, 30), 5, D(2026, 10, 13), "skips 1-7 Oct, counts the make-up Saturday 10 Oct"),
        (D(2026, 9, 30), 1, D(2026, 10, 8), "the first working day after National Day"),
        (D(2026, 10, 1), 1, D(2026, 10, 8), "accepted on a holiday"),
        (D(2026, 11, 21), 1, D(2026, 11, 23), "accepted on a Saturday"),
        (D(2026, 11, 22), 5, D(2026, 11, 27), "accepted on a Sunday"),
        (D(2026, 10, 10), 1, D(2026, 10, 12), "accepted on a make-up workday, which is not counted"),
        (D(2026, 10, 9), 1, D(2026, 10, 10), "a make-up Saturday counts"),
        (D(2026, 2, 13), 1, D(2026, 2, 14), "the Spring Festival make-up Saturday counts"),
        (D(2026, 2, 13), 2, D(2026, 2, 24), "then the whole Spring Festival is skipped"),
        (D(2026, 11, 25), 20, D(2026, 12, 23), "no holiday in between"),
        (D(2026, 11, 25), 0, D(2026, 11, 25), "zero days is the acceptance day"),
    ],
)
def test_deadlines_across_real_holidays(start: dt.date, n: int, due: dt.date, why: str) -> None:
    assert CALENDAR.add_working_days(start, n) == Deadline(start, due, n, ()), why


def test_a_weekend_acceptance_avoids_the_find_workday_pitfall() -> None:
    saturday = D(2026, 11, 21)
    assert chinese_calendar.find_workday(1, saturday) == D(2026, 11, 24)  # one day late
    assert CALENDAR.add_working_days(saturday, 1).due == D(2026, 11, 23)


def test_a_deadline_reaching_an_uncovered_year_is_provisional() -> None:
    deadline = CALENDAR.add_working_days(D(2026, 12, 10), 20)
    # 1 Jan 2027 is counted as a working day: only weekends are known there.
    assert deadline == Deadline(D(2026, 12, 10), D(2027, 1, 7), 20, (2027,))
    assert deadline.provisional


def test_an_override_table_covers_the_year_and_its_holidays_are_skipped() -> None:
    calendar = WorkingCalendar(CalendarOverrides.from_json(HYPOTHETICAL_2027))
    deadline = calendar.add_working_days(D(2026, 12, 10), 20)
    assert deadline == Deadline(D(2026, 12, 10), D(2027, 1, 8), 20, ())
    assert not deadline.provisional
    # Sunday 7 Feb is a make-up workday and Monday 8 Feb a holiday in the table.
    assert calendar.add_working_days(D(2027, 2, 5), 2) == Deadline(D(2027, 2, 5), D(2027, 2, 9), 2, ())


def test_an_incomplete_override_year_stays_provisional_but_its_entries_apply() -> None:
    overrides = CalendarOverrides((CalendarEntry(D(2027, 1, 1), is_workday=False, name="元旦"),))
    deadline = WorkingCalendar(overrides).add_working_days(D(2026, 12, 10), 20)
    assert deadline == Deadline(D(2026, 12, 10), D(2027, 1, 8), 20, (2027,))


def test_uncovered_years_are_listed_in_order() -> None:
    deadline = CALENDAR.add_working_days(D(2026, 12, 30), 300)
    assert deadline.uncovered_years == (2027, 2028)
    assert CALENDAR.add_working_days(D(2003, 6, 2), 1).uncovered_years == (2003,)


def test_a_deadline_ending_on_the_last_covered_day_is_final() -> None:
    deadline = CALENDAR.add_working_days(D(2026, 12, 30), 1)
    assert deadline == Deadline(D(2026, 12, 30), D(2026, 12, 31), 1, ())


def test_zero_days_is_never_provisional() -> None:
    deadline = CALENDAR.add_working_days(D(2027, 3, 1), 0)
    assert (deadline.due, deadline.provisional) == (D(2027, 3, 1), False)


def test_a_negative_time_limit_is_refused() -> None:
    with pytest.raises(DomainError, match="-1 working days"):
        CALENDAR.add_working_days(D(2026, 11, 25), -1)


def test_coverage_comes_from_the_library_or_a_complete_override_year() -> None:
    assert CALENDAR.covers(2004)
    assert CALENDAR.covers(2026)
    assert not CALENDAR.covers(2003)
    assert not CALENDAR.covers(2027)
    overrides = CalendarOverrides.from_json(HYPOTHETICAL_2027)
    assert WorkingCalendar(overrides).covers(2027)
    assert not WorkingCalendar(CalendarOverrides(overrides.entries)).covers(2027)


def test_is_workday_consults_overrides_then_the_library_then_weekdays() -> None:
    overrides = CalendarOverrides(
        (
            CalendarEntry(D(2026, 12, 31), is_workday=False, name="a correction"),
            CalendarEntry(D(2027, 1, 2), is_workday=True, name="a Saturday in an uncovered year"),
        )
    )
    calendar = WorkingCalendar(overrides)
    assert not calendar.is_workday(D(2026, 12, 31))
    assert calendar.is_workday(D(2027, 1, 2))
    assert not calendar.is_workday(D(2026, 10, 1))  # National Day (Thursday)
    assert calendar.is_workday(D(2026, 10, 10))  # make-up Saturday
    assert calendar.is_workday(D(2027, 1, 1))  # a Friday, no data
    assert not calendar.is_workday(D(2027, 1, 3))  # a Sunday, no data


# ---------------------------------------------------------------- properties

_starts = st.dates(D(2003, 12, 1), D(2028, 12, 31))


@given(start=_starts, n=st.integers(1, 60))
def test_the_due_date_is_the_nth_working_day_strictly_after_the_start(start: dt.date, n: int) -> None:
    deadline = CALENDAR.add_working_days(start, n)
    assert deadline.due > start
    assert CALENDAR.is_workday(deadline.due)
    days = [start + dt.timedelta(days=i) for i in range(1, (deadline.due - start).days + 1)]
    assert sum(CALENDAR.is_workday(day) for day in days) == n
    assert deadline.uncovered_years == tuple(sorted({d.year for d in days if not CALENDAR.covers(d.year)}))


@given(start=st.dates(D(2004, 1, 1), D(2026, 9, 1)), n=st.integers(1, 60))
def test_agrees_with_find_workday_once_its_pitfall_is_allowed_for(start: dt.date, n: int) -> None:
    # find_workday(k, d) counts d itself when d is a workday, so from a rest day it is one day late.
    k = n if chinese_calendar.is_workday(start) else n - 1
    assert CALENDAR.add_working_days(start, n).due == chinese_calendar.find_workday(k, start)


@given(start=_starts)
def test_zero_working_days_is_the_start(start: dt.date) -> None:
    assert CALENDAR.add_working_days(start, 0) == Deadline(start, start, 0, ())


# ---------------------------------------------------------------- the override table


def test_the_documented_format_parses() -> None:
    overrides = CalendarOverrides.from_json(HYPOTHETICAL_2027)
    assert overrides == CalendarOverrides(
        (
            CalendarEntry(D(2027, 2, 7), is_workday=True, name="春节调休"),
            CalendarEntry(D(2027, 1, 1), is_workday=False, name="元旦"),
            CalendarEntry(D(2027, 2, 8), is_workday=False, name="春节"),
        ),
        frozenset({2027}),
        "test 2027",
    )
    assert overrides.entry(D(2027, 1, 1)) == CalendarEntry(D(2027, 1, 1), is_workday=False, name="元旦")
    assert overrides.entry(D(2027, 1, 4)) is None


def test_optional_keys_have_defaults() -> None:
    overrides = CalendarOverrides.from_json('{"years": {"2027": {"holidays": [{"date": "2027-01-01"}]}}}')
    assert overrides == CalendarOverrides((CalendarEntry(D(2027, 1, 1), is_workday=False),))
    assert CalendarOverrides.from_json('{"years": {}}') == CalendarOverrides()


def test_to_json_round_trips_and_keeps_chinese_readable() -> None:
    overrides = CalendarOverrides.from_json(HYPOTHETICAL_2027)
    text = overrides.to_json()
    assert "元旦" in text
    assert CalendarOverrides.from_json(text) == overrides
    assert json.loads(text)["years"]["2027"]["workdays"] == [{"date": "2027-02-07", "name": "春节调休"}]


def test_a_complete_year_without_entries_is_written_out() -> None:
    overrides = CalendarOverrides(complete_years=frozenset({2030}))
    assert json.loads(overrides.to_json())["years"] == {
        "2030": {"complete": True, "holidays": [], "workdays": []}
    }


def _years(body: str) -> str:
    return '{"years": {"2027": ' + body + "}}"


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("{", "line 1 column 2", "not valid JSON"),
        ("", "line 1 column 1", "not valid JSON"),
        ("[]", "the file", "must be an object, not []"),
        ("{}", "years", "missing"),
        ('{"years": {}, "versoin": "x"}', "versoin", "unknown key"),
        ('{"version": 2027, "years": {}}', "version", "must be a string"),
        ('{"years": []}', "years", "must be an object"),
        ('{"years": {"27": {}}}', "years.27", "four digits"),
        ('{"years": {"0999": {}}}', "years.0999", "four digits"),
        ('{"years": {"2027": {}, "2027": {}}}', "2027", "more than once"),
        (_years("[]"), "years.2027", "must be an object"),
        (_years('{"complet": true}'), "years.2027.complet", "unknown key"),
        (_years('{"complete": "yes"}'), "years.2027.complete", 'must be true or false, not "yes"'),
        (_years('{"complete": 1}'), "years.2027.complete", "must be true or false, not 1"),
        (_years('{"holidays": {}}'), "years.2027.holidays", "must be a list"),
        (_years('{"workdays": "2027-02-07"}'), "years.2027.workdays", "must be a list"),
        (_years('{"holidays": ["2027-01-01"]}'), "years.2027.holidays[0]", "must be an object"),
        (_years('{"holidays": [{"name": "元旦"}]}'), "years.2027.holidays[0].date", "missing"),
        (
            _years('{"holidays": [{"date": "2027-01-01", "day": 1}]}'),
            "years.2027.holidays[0].day",
            "unknown key",
        ),
        (
            _years('{"holidays": [{"date": 20270101}]}'),
            "years.2027.holidays[0].date",
            "must be a date string",
        ),
        (_years('{"holidays": [{"date": "2027-02-30"}]}'), "years.2027.holidays[0].date", "is not a date"),
        (_years('{"holidays": [{"date": "20270101"}]}'), "years.2027.holidays[0].date", "is not a date"),
        (_years('{"holidays": [{"date": "2027-1-1"}]}'), "years.2027.holidays[0].date", "is not a date"),
        (_years('{"workdays": [{"date": "2028-01-01"}]}'), "years.2027.workdays[0].date", "is not in 2027"),
        (
            _years('{"holidays": [{"date": "2027-01-01", "name": 1}]}'),
            "years.2027.holidays[0].name",
            "string",
        ),
        (
            _years('{"holidays": [{"date": "2027-01-01"}], "workdays": [{"date": "2027-01-01"}]}'),
            "2027-01-01",
            "listed more than once",
        ),
        (
            _years('{"holidays": [{"date": "2027-01-01"}, {"date": "2027-01-01"}]}'),
            "2027-01-01",
            "listed more than once",
        ),
    ],
)
def test_malformed_tables_name_the_offending_key_or_date(text: str, where: str, problem: str) -> None:
    with pytest.raises(CalendarFormatError) as caught:
        CalendarOverrides.from_json(text)
    assert caught.value.where == where
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"{where}: ")
    assert isinstance(caught.value, DomainError)


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(CalendarFormatError) as caught:
        CalendarOverrides.from_json(_years('{"holidays": "' + "x" * 100 + '"}'))
    assert caught.value.problem == f'must be a list, not "{"x" * 36}...'


def test_merged_with_lets_the_other_table_win() -> None:
    local = CalendarOverrides(
        (
            CalendarEntry(D(2027, 1, 1), is_workday=False, name="元旦 (local)"),
            CalendarEntry(D(2027, 10, 8), is_workday=False, name="国庆 (old notice)"),
            CalendarEntry(D(2028, 1, 3), is_workday=False, name="local only"),
        ),
        frozenset({2028}),
        "local",
    )
    pushed = CalendarOverrides(
        (
            CalendarEntry(D(2027, 1, 1), is_workday=False, name="元旦"),
            CalendarEntry(D(2027, 10, 9), is_workday=False, name="国庆"),
        ),
        frozenset({2027}),
        "platform",
    )
    merged = local.merged_with(pushed)
    # 2027 is complete in the pushed table, so the stale 8 Oct entry goes; 2028 is untouched.
    assert merged == CalendarOverrides(
        (
            CalendarEntry(D(2027, 1, 1), is_workday=False, name="元旦"),
            CalendarEntry(D(2027, 10, 9), is_workday=False, name="国庆"),
            CalendarEntry(D(2028, 1, 3), is_workday=False, name="local only"),
        ),
        frozenset({2027, 2028}),
        "platform",
    )
    assert local.merged_with(CalendarOverrides()).version == "local"


def test_merged_with_an_incomplete_year_replaces_date_by_date() -> None:
    local = CalendarOverrides(
        (CalendarEntry(D(2027, 1, 1), False, "a"), CalendarEntry(D(2027, 1, 2), True, "b"))
    )
    pushed = CalendarOverrides((CalendarEntry(D(2027, 1, 2), False, "c"),))
    assert local.merged_with(pushed).entries == (
        CalendarEntry(D(2027, 1, 1), False, "a"),
        CalendarEntry(D(2027, 1, 2), False, "c"),
    )


def test_tables_are_values() -> None:
    first = CalendarOverrides((CalendarEntry(D(2027, 1, 2), True), CalendarEntry(D(2027, 1, 1), False)))
    second = CalendarOverrides((CalendarEntry(D(2027, 1, 1), False), CalendarEntry(D(2027, 1, 2), True)))
    assert first == second
    assert hash(first) == hash(second)


_entries = st.lists(
    st.builds(
        CalendarEntry,
        day=st.dates(D(2000, 1, 1), D(2100, 12, 31)),
        is_workday=st.booleans(),
        name=st.text(max_size=8),
    ),
    unique_by=lambda entry: entry.day,
    max_size=20,
)


@given(
    entries=_entries,
    complete=st.frozensets(st.integers(1000, 9999), max_size=4),
    version=st.text(max_size=10),
)
def test_any_table_round_trips_through_json(
    entries: list[CalendarEntry], complete: frozenset[int], version: str
) -> None:
    overrides = CalendarOverrides(tuple(entries), complete, version)
    assert CalendarOverrides.from_json(overrides.to_json()) == overrides


@given(first=_entries, second=_entries)
def test_after_a_merge_the_other_table_decides_its_dates(
    first: list[CalendarEntry], second: list[CalendarEntry]
) -> None:
    merged = CalendarOverrides(tuple(first)).merged_with(CalendarOverrides(tuple(second)))
    for entry in second:
        assert merged.entry(entry.day) == entry
    assert {entry.day for entry in merged.entries} == {entry.day for entry in first + second}
