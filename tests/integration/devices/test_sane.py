"""Real SANE (libsane through python-sane) with the `pnm` backend fed known pages and the `test` backend's
feeder and status simulation, through the SANE worker process the app uses (app.devices.scanning.sane_process)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import ImageChops

from app.devices.scanning import sane_process
from app.devices.scanning.sane_process import SaneProcessScanner
from app.devices.scanning.sane_scanner import problem_of
from app.devices.scanning.source import AcquiredPage, ColourMode, PaperSource, ScanProblem, ScanSettings
from app.devices.scanning.station import ScannerState, ScanStation
from tests.support.sane import document_page, use_config, write_config, write_pnm

pytestmark = pytest.mark.sane


@pytest.fixture(scope="module", autouse=True)
def sane_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    import os

    directory = write_config(tmp_path_factory.mktemp("sane"))
    previous = use_config(directory)
    yield directory
    if previous is None:
        os.environ.pop("SANE_CONFIG_DIR", None)
    else:
        os.environ["SANE_CONFIG_DIR"] = previous


class Recorder:
    def __init__(self) -> None:
        self.pages: list[AcquiredPage] = []
        self.states: list[ScannerState] = []
        self.outcomes: list[tuple[str, object, int]] = []
        self.done = threading.Event()
        self.threads: set[str] = set()

    def scanner_state_changed(self, state: ScannerState, _detail: str) -> None:
        self.states.append(state)

    def page_scanned(self, _job: int, page: AcquiredPage) -> None:
        self.threads.add(threading.current_thread().name)
        self.pages.append(page)

    def scan_finished(self, job: int, pages: int) -> None:
        self.outcomes.append(("finished", job, pages))
        self.done.set()

    def scan_failed(self, job: int, problem: ScanProblem, pages: int) -> None:
        self.outcomes.append(("failed", problem, pages))
        self.done.set()

    def wait(self) -> None:
        assert self.done.wait(30)
        self.done.clear()


@pytest.fixture
def station_for() -> Iterator[object]:
    started: list[ScanStation] = []

    def make(scanner: SaneProcessScanner) -> tuple[ScanStation, Recorder]:
        recorder = Recorder()
        station = ScanStation(scanner, recorder)
        station.start()
        started.append(station)
        return station, recorder

    yield make
    for station in started:
        station.stop()


def test_pnm_backend_delivers_the_known_pages_exactly(tmp_path: Path, station_for) -> None:
    scanner = SaneProcessScanner("pnm:0")
    station, recorder = station_for(scanner)
    fed = tmp_path / "fed.pnm"
    scanner.extra_options["filename"] = str(fed)
    for number in (1, 2, 3):
        page = document_page(number)
        write_pnm(page, fed)
        station.scan(ScanSettings(PaperSource.FLATBED, ColourMode.GREY, 300))
        recorder.wait()
        got = recorder.pages[-1].image
        assert got.size == page.size
        assert ImageChops.difference(got.convert("L"), page).getbbox() is None
    assert [o[0] for o in recorder.outcomes] == ["finished"] * 3
    assert recorder.threads == {"bus-scanner"}
    assert recorder.pages[-1].dpi == 300


def test_test_backend_feeder_runs_until_empty(station_for) -> None:
    scanner = SaneProcessScanner("test:0", {"test_picture": "Color pattern"})
    station, recorder = station_for(scanner)
    caps = station.capabilities().result(10)
    assert PaperSource.ADF in caps.sources
    assert ColourMode.COLOUR in caps.modes
    station.scan(ScanSettings(PaperSource.ADF, ColourMode.COLOUR, 25))
    recorder.wait()
    assert recorder.outcomes[-1] == ("finished", 1, 10)  # the test backend's feeder holds ten sheets
    assert all(p.image.mode == "RGB" for p in recorder.pages)
    assert len({p.image.tobytes() for p in recorder.pages}) >= 1


@pytest.mark.parametrize(
    ("status", "problem"),
    [
        ("SANE_STATUS_JAMMED", ScanProblem.JAMMED),
        ("SANE_STATUS_NO_DOCS", ScanProblem.NO_PAPER),
        ("SANE_STATUS_COVER_OPEN", ScanProblem.COVER_OPEN),
        ("SANE_STATUS_IO_ERROR", ScanProblem.IO_ERROR),
        ("SANE_STATUS_DEVICE_BUSY", ScanProblem.BUSY),
        ("SANE_STATUS_ACCESS_DENIED", ScanProblem.ACCESS_DENIED),
    ],
)
def test_device_errors_from_the_backend_become_typed_problems(
    station_for, status: str, problem: ScanProblem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test backend's sane_cancel deadlocks now and then after a failed read (about 2 in 100 here:
    its reader thread is cancelled asynchronously while holding a C library lock). The worker is then
    killed and the scan reported as a connection fault (test_sane_process.py shows that path); here the
    mapping of each status is under test, so a scan that met that defect is repeated, twice at most."""
    monkeypatch.setattr(sane_process, "DEADLOCK_AFTER", 1.0)
    scanner = SaneProcessScanner("test:0", {"read_return_value": status})
    station, recorder = station_for(scanner)
    for _attempt in range(3):
        recorder.outcomes.clear()
        station.scan(ScanSettings(PaperSource.FLATBED, ColourMode.GREY, 25))
        recorder.wait()
        if recorder.outcomes != [("failed", ScanProblem.IO_ERROR, 0)] or problem is ScanProblem.IO_ERROR:
            break
        print(f"{status}: the backend deadlocked in sane_cancel; scanning again", file=sys.stderr)
    assert recorder.outcomes == [("failed", problem, 0)]
    assert recorder.states[-1] is ScannerState.FAULT


def test_a_scanner_that_is_not_there_is_reported_as_unplugged_and_retried(station_for) -> None:
    scanner = SaneProcessScanner("test:7")
    station, recorder = station_for(scanner)
    station.scan(ScanSettings())
    recorder.wait()
    assert recorder.outcomes == [("failed", ScanProblem.UNPLUGGED, 0)]
    scanner.name = "test:0"  # plugged back in: the next scan opens it
    station.scan(ScanSettings(PaperSource.FLATBED, ColourMode.GREY, 25))
    recorder.wait()
    assert recorder.outcomes[-1][0] == "finished"


def test_sane_status_texts() -> None:
    assert problem_of("Document feeder out of documents") is ScanProblem.NO_PAPER
    assert problem_of("Lamp not ready, please retry") is ScanProblem.WARMING_UP
    assert problem_of("Invalid argument", opening=True) is ScanProblem.UNPLUGGED
    assert problem_of("Invalid argument") is ScanProblem.FAILED
