"""One thread per bus: jobs and ticks run on it, in order; stop joins it; off-bus calls are caught."""

from __future__ import annotations

import threading

import pytest

from app.devices.bus import DeviceBus, WrongThread


def test_jobs_run_on_the_bus_thread_in_order_and_stop_joins() -> None:
    bus = DeviceBus("test")
    bus.start()
    seen: list[tuple[int, str]] = []
    futures = [bus.submit(lambda i=i: seen.append((i, threading.current_thread().name))) for i in range(5)]
    for future in futures:
        future.result(5)
    assert [i for i, _ in seen] == [0, 1, 2, 3, 4]
    assert {name for _, name in seen} == {"bus-test"}
    bus.stop()
    assert not bus.running
    assert isinstance(bus.submit(lambda: 1).exception(1), RuntimeError)


def test_ticks_run_between_jobs_and_errors_do_not_kill_the_bus() -> None:
    ticks = threading.Semaphore(0)
    calls = {"n": 0}

    def tick() -> float:
        calls["n"] += 1
        ticks.release()
        if calls["n"] == 2:
            raise RuntimeError("a tick failed")
        return 0.01

    bus = DeviceBus("ticking", tick)
    bus.start()
    try:
        for _ in range(4):
            assert ticks.acquire(timeout=5)
        with pytest.raises(ZeroDivisionError):
            bus.submit(lambda: 1 / 0).result(5)
        assert bus.submit(lambda: 42).result(5) == 42
    finally:
        bus.stop()


def test_assert_current_catches_calls_from_another_thread() -> None:
    bus = DeviceBus("owner")
    bus.start()
    try:
        with pytest.raises(WrongThread):
            bus.assert_current()
        bus.submit(bus.assert_current).result(5)
    finally:
        bus.stop()
