"""Time-ordered row ids (app.store.ids): UUID version 7 layout, order by time, no collisions."""

from __future__ import annotations

import re
import uuid

from app.store.ids import time_ordered_id

T0 = 1_795_000_000_000_000_000  # ns, in 2026


def test_an_id_is_a_version_7_uuid_in_32_hex_digits_carrying_its_millisecond() -> None:
    text = time_ordered_id(T0 + 123_456_789)
    assert re.fullmatch(r"[0-9a-f]{32}", text)
    parsed = uuid.UUID(hex=text)
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert parsed.int >> 80 == (T0 + 123_456_789) // 1_000_000


def test_ids_of_later_milliseconds_sort_after_earlier_ones() -> None:
    ids = [time_ordered_id(T0 + ms * 1_000_000) for ms in range(0, 5000, 7)]
    assert ids == sorted(ids)


def test_ids_of_one_millisecond_differ() -> None:
    assert len({time_ordered_id(T0) for _ in range(10_000)}) == 10_000


def test_without_a_time_the_clock_is_used() -> None:
    import time

    before = time.time_ns() // 1_000_000
    stamp = uuid.UUID(hex=time_ordered_id()).int >> 80
    assert before <= stamp <= time.time_ns() // 1_000_000
