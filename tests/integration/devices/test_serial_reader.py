"""The real serial driver (pyserial) against the reader simulator on a pty, paced like 115200 baud."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.devices.idcard import samples
from app.devices.idcard.cardtext import IdCardData
from app.devices.idcard.probe import SerialReader, probe
from app.devices.idcard.station import IdCardStation, ReaderState
from app.devices.simulator import Fault, Ga467Simulator, PtyReaderSimulator
from tests.support.devices import RecordingListener

pytestmark = pytest.mark.serial


@pytest.fixture
def reader(pty_reader: PtyReaderSimulator) -> Iterator[SerialReader]:
    driver = SerialReader(str(pty_reader.link), 115200)
    driver.open()
    yield driver
    driver.close()


@pytest.mark.parametrize(
    "card", samples.SAMPLE_CARDS, ids=lambda c: f"{c.card_type.value}-{c.id_number[-4:]}"
)
def test_each_card_type_read_over_the_pty(
    reader: SerialReader, pty_reader: PtyReaderSimulator, card: IdCardData
) -> None:
    assert reader.poll() is None
    pty_reader.simulator.place(card)
    assert reader.poll() == card
    assert reader.sam_id() == "05.01-20260101-000000123-000004567"


@pytest.mark.parametrize("fault", [Fault.TRUNCATED, Fault.BAD_CHECKSUM, Fault.NOISE, Fault.OUT_OF_ORDER])
def test_a_bad_frame_on_the_wire_is_retried(
    reader: SerialReader, pty_reader: PtyReaderSimulator, fault: Fault
) -> None:
    pty_reader.simulator.place(samples.RESIDENT)
    pty_reader.simulator.inject(fault)
    assert reader.poll() == samples.RESIDENT


def test_unplugging_during_a_read_recovers_when_the_reader_is_back(pty_reader: PtyReaderSimulator) -> None:
    listener = RecordingListener()
    station = IdCardStation(
        SerialReader(str(pty_reader.link), 115200), listener, poll_interval=0.02, reconnect_interval=0.05
    )
    station.start()
    try:
        listener.wait_for("state", ReaderState.READY)
        pty_reader.simulator.inject(Fault.UNPLUG)  # the next answer stops halfway and the pty disappears
        pty_reader.simulator.place(samples.FOREIGNER_2017)
        listener.wait_for("state", ReaderState.DISCONNECTED)
        pty_reader.replug()
        listener.wait_for("state", ReaderState.READY)
        assert listener.wait_for("card").card == samples.FOREIGNER_2017
    finally:
        station.stop()


def test_auto_probe_finds_the_port_and_baud_rate(tmp_path: Path) -> None:
    simulator = PtyReaderSimulator(Ga467Simulator(), tmp_path / "ttyUSB9", line_baud=9600)
    with simulator:
        missing = str(tmp_path / "ttyUSB0")
        assert probe([missing, str(simulator.link)], [115200, 9600]) == (str(simulator.link), 9600)
        driver = SerialReader(None, None, ports=lambda: [missing, str(simulator.link)])
        driver.open()
        try:
            assert driver.description.endswith(f"{simulator.link} @ 9600")
            simulator.simulator.place(samples.HMT_PERMIT)
            assert driver.poll() == samples.HMT_PERMIT
        finally:
            driver.close()


def test_nothing_answering_is_reported_as_a_missing_reader(tmp_path: Path) -> None:
    from app.devices.errors import TransportError

    driver = SerialReader(None, 115200, ports=lambda: [str(tmp_path / "nothing")])
    with pytest.raises(TransportError):
        driver.open()
