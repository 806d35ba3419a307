"""A GA/T 467 reader simulator on a real pseudo-terminal, started and stopped per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.devices.simulator import Ga467Simulator, PtyReaderSimulator
from tests.support.pcscd import Pcscd
from tests.support.sdt_library import compile_sdt_library


@pytest.fixture
def pty_reader(tmp_path: Path) -> Iterator[PtyReaderSimulator]:
    simulator = PtyReaderSimulator(Ga467Simulator(), tmp_path / "ttyIDCARD", baudrate=115200)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pcscd]:
    """pcscd with vpcd's virtual reader, for the module's tests (they may stop and start it)."""
    daemon = Pcscd(tmp_path_factory.mktemp("pcscd"))
    daemon.start()
    yield daemon
    daemon.stop()


@pytest.fixture(scope="session")
def sdt_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stand-in vendor SDK (SDT_* over GA/T 467, plus a WLT `unpack`), compiled with gcc."""
    return compile_sdt_library(tmp_path_factory.mktemp("sdt"))
