"""Helpers for device tests: a listener that records what a station reports, with waits."""

from __future__ import annotations

import queue
import time
from typing import Any

from app.devices.idcard.station import CardPlaced, ReaderState, ReadProblem


class RecordingListener:
    """Implements CardListener; every event lands in a queue as (kind, payload)."""

    def __init__(self) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.seen: list[tuple[str, Any]] = []

    def reader_state_changed(self, state: ReaderState, detail: str) -> None:
        self.events.put(("state", state))

    def card_placed(self, placed: CardPlaced) -> None:
        self.events.put(("card", placed))

    def card_removed(self) -> None:
        self.events.put(("removed", None))

    def read_failed(self, problem: ReadProblem, detail: str) -> None:
        self.events.put(("failed", (problem, detail)))

    def wait_for(self, kind: str, payload: Any = None, timeout: float = 10.0) -> Any:
        """The next event of `kind` (and `payload`, if given); fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind} {payload or ''} event; saw {self.seen}")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            self.seen.append(event)
            if event[0] == kind and (payload is None or event[1] == payload):
                return event[1]
