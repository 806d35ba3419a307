"""The WAL checkpointer stays out of the way of a burst of commits, and still bounds the WAL."""

from __future__ import annotations

import time

from app.store.database import Database
from app.store.writer import Checkpointer


class Recording(Checkpointer):
    def __init__(self, *args: object, **kwargs: object) -> None:
        self.modes: list[str] = []
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def checkpoint(self, mode: str) -> None:
        self.modes.append(mode)
        super().checkpoint(mode)


def test_no_checkpoint_while_the_writer_is_busy_then_one_when_it_is_idle(database: Database) -> None:
    busy = [True]
    idle_since = time.monotonic() - 60

    def last_write() -> float:  # busy: a commit has just happened, whenever the checkpointer looks
        return time.monotonic() if busy[0] else idle_since

    checkpointer = Recording(database, 0.02, idle=0.3, wal_cap=2**40, last_write=last_write)
    try:
        time.sleep(0.4)  # about 20 looks while commits keep coming
        assert checkpointer.modes == []
        busy[0] = False
        deadline = time.monotonic() + 5
        while "PASSIVE" not in checkpointer.modes and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "PASSIVE" in checkpointer.modes
    finally:
        checkpointer.close()
    assert checkpointer.modes[-1] == "TRUNCATE"  # on close, whatever the timing


def test_a_wal_past_its_cap_is_checkpointed_even_while_busy(database: Database) -> None:
    checkpointer = Recording(database, 0.02, idle=3600, wal_cap=0, last_write=time.monotonic)
    try:
        deadline = time.monotonic() + 5
        while "PASSIVE" not in checkpointer.modes and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "PASSIVE" in checkpointer.modes
    finally:
        checkpointer.close()
