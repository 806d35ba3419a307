"""Column types: aware datetimes stored as UTC ISO-8601 text, so that time zones survive the round trip."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class AwareDateTime(TypeDecorator[dt.datetime]):
    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:  # noqa: ARG002
        return None if value is None else self.process_bind_param_value(value)

    @staticmethod
    @functools.lru_cache(maxsize=64)  # one decision stores the same instant a dozen times
    def process_bind_param_value(value: dt.datetime) -> str:
        """The stored text of an aware datetime (also for statements bound by hand on the fast path)."""
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError("AwareDateTime needs a timezone-aware datetime")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:  # noqa: ARG002
        if value is None:
            return None
        return dt.datetime.fromisoformat(str(value))
