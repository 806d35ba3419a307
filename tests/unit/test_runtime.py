"""Process-wide tuning (app/runtime.py): background threads yield the cores, the heap freezes and thaws."""

from __future__ import annotations

import gc
import os
import threading

import pytest

from app.runtime import background_thread, freeze_heap, thaw_heap


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="per-thread niceness is a POSIX facility")
def test_a_background_thread_lowers_its_own_priority_only() -> None:
    seen: dict[str, int] = {}

    def work() -> None:
        background_thread(7)
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["thread"] == min(19, before + 7)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before  # this thread untouched


def test_the_heap_freezes_and_thaws() -> None:
    try:
        freeze_heap()
        assert gc.get_freeze_count() > 1000
        thaw_heap()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
