"""SANE runs in a worker process: what a backend does to its process stays there, a worker that dies is
replaced, and one that stops answering is killed and the scan reported, instead of hanging the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.devices.scanning import sane_process
from app.devices.scanning.sane_process import SaneProcessScanner
from app.devices.scanning.source import (
    AcquiredPage,
    ColourMode,
    PaperSource,
    ScanFailed,
    ScanProblem,
    ScanSettings,
)
from tests.support.sane import deadlocking_worker, use_config, write_config

pytestmark = pytest.mark.sane
FEEDER = ScanSettings(PaperSource.ADF, ColourMode.COLOUR, 25)


@pytest.fixture
def scanner(tmp_path: Path) -> Iterator[SaneProcessScanner]:
    previous = use_config(write_config(tmp_path / "sane"))
    driver = SaneProcessScanner("test:0", {"test_picture": "Color pattern"})
    yield driver
    driver.close()
    if previous is None:
        os.environ.pop("SANE_CONFIG_DIR", None)
    else:
        os.environ["SANE_CONFIG_DIR"] = previous


def sigpipe_ignored() -> bool:
    """The kernel's view (signal.getsignal only knows what Python itself set)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGPIPE - 1)))
    raise AssertionError("no SigIgn line")


def test_a_feeder_scan_leaves_this_process_as_it_was(scanner: SaneProcessScanner) -> None:
    pages: list[AcquiredPage] = []
    assert sigpipe_ignored()
    assert scanner.acquire(FEEDER, pages.append, lambda: False) == 10
    assert len(pages) == 10
    assert pages[0].image.size[0] > 0
    assert sigpipe_ignored()  # in this process SANE would have set it back to the default action


def test_a_worker_that_died_is_replaced_on_the_next_scan(scanner: SaneProcessScanner) -> None:
    scanner.open()
    first = scanner._process
    assert first is not None
    first.kill()
    first.join(5)
    pages: list[AcquiredPage] = []
    assert scanner.acquire(FEEDER, pages.append, lambda: False) == 10
    assert scanner._process is not first


def test_a_worker_that_stops_answering_is_killed_and_the_scan_reported(
    scanner: SaneProcessScanner, monkeypatch: pytest.MonkeyPatch
) -> None:
    scanner.open()
    hung = scanner._process
    assert hung is not None
    monkeypatch.setattr(sane_process, "ANSWER_TIMEOUT", 1.0)
    os.kill(hung.pid, signal.SIGSTOP)  # as a backend stuck on a lock would be
    with pytest.raises(ScanFailed) as failed:
        scanner.acquire(FEEDER, lambda _page: None, lambda: False)
    assert failed.value.problem is ScanProblem.IO_ERROR
    assert not hung.is_alive()
    pages: list[AcquiredPage] = []
    assert scanner.acquire(FEEDER, pages.append, lambda: False) == 10  # a fresh worker


def test_a_cancel_reaches_the_worker_between_pages(scanner: SaneProcessScanner) -> None:
    pages: list[AcquiredPage] = []
    assert scanner.acquire(FEEDER, pages.append, lambda: len(pages) >= 2) < 10


def test_a_worker_deadlocked_on_a_lock_is_killed_without_waiting_for_the_silence_timeout(
    scanner: SaneProcessScanner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sane_process, "ANSWER_TIMEOUT", 600.0)
    monkeypatch.setattr(sane_process, "DEADLOCK_AFTER", 0.5)
    stuck = SaneProcessScanner("test:0", worker=deadlocking_worker)
    try:
        with pytest.raises(ScanFailed) as failed:
            stuck.acquire(FEEDER, lambda _page: None, lambda: False)
        assert failed.value.problem is ScanProblem.IO_ERROR
        assert failed.value.detail == "the scanner driver deadlocked"  # not the 600 s silence
        assert stuck._process is None  # killed and dropped; the next scan starts a fresh worker
    finally:
        stuck.close()


def test_deadlock_is_told_from_waiting_on_io() -> None:
    on_lock = subprocess.Popen(
        [sys.executable, "-c", "import threading; l = threading.Lock(); l.acquire(); l.acquire()"]
    )
    on_pipe = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not sane_process.deadlocked(on_lock.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sane_process.deadlocked(on_lock.pid)
        time.sleep(0.5)  # the other one is surely blocked on its read by now
        assert not sane_process.deadlocked(on_pipe.pid)
        assert not sane_process.deadlocked(2**22 + 1)  # no such process
    finally:
        for process in (on_lock, on_pipe):
            process.kill()
            process.wait()
        assert on_pipe.stdin is not None
        on_pipe.stdin.close()
