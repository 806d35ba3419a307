"""The ID-card station on its bus: a card placed is read once, removal noticed, an unplug recovered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.devices.idcard import samples
from app.devices.idcard.photo import PhotoStatus
from app.devices.idcard.reader import Ga467Reader
from app.devices.idcard.station import IdCardStation, ReaderState, ReadProblem
from app.devices.idcard.transports import SimulatedTransport
from app.devices.simulator import Fault, Ga467Simulator
from tests.support.devices import RecordingListener


@pytest.fixture
def simulator() -> Ga467Simulator:
    return Ga467Simulator()


@pytest.fixture
def listener() -> RecordingListener:
    return RecordingListener()


@pytest.fixture
def station(simulator: Ga467Simulator, listener: RecordingListener) -> Iterator[IdCardStation]:
    reader = Ga467Reader(SimulatedTransport(simulator), settle=0.01)
    station = IdCardStation(reader, listener, poll_interval=0.02, reconnect_interval=0.05)
    station.start()
    listener.wait_for("state", ReaderState.READY)
    yield station
    station.stop()


def test_a_card_is_read_once_per_placement(
    station: IdCardStation, simulator: Ga467Simulator, listener: RecordingListener
) -> None:
    simulator.place(samples.HMT_PERMIT)
    placed = listener.wait_for("card")
    assert placed.card == samples.HMT_PERMIT
    assert placed.photo.status is PhotoStatus.NO_DECODER
    simulator.remove()
    listener.wait_for("removed")
    simulator.place(samples.RESIDENT)
    assert listener.wait_for("card").card == samples.RESIDENT
    assert [kind for kind, _ in listener.seen].count("card") == 2


def test_a_card_swapped_between_two_polls_is_read(
    station: IdCardStation, simulator: Ga467Simulator, listener: RecordingListener
) -> None:
    """The applicant's card taken off and the agent's put on faster than the station polls (the demo's
    Ctrl+Alt+1 then Ctrl+Alt+2; a test's remove then place): the station sees the field empty once,
    then reads the new card, instead of taking it for the card it already read."""
    simulator.place(samples.RESIDENT)
    assert listener.wait_for("card").card == samples.RESIDENT
    simulator.place(samples.RESIDENT_LONG_TERM)  # no remove() in between
    listener.wait_for("removed")
    assert listener.wait_for("card").card == samples.RESIDENT_LONG_TERM
    simulator.remove()
    simulator.place(samples.HMT_PERMIT)  # both before the next poll, as likely as not
    listener.wait_for("removed")
    assert listener.wait_for("card").card == samples.HMT_PERMIT


def test_protocol_errors_are_reported_and_polling_goes_on(
    station: IdCardStation, simulator: Ga467Simulator, listener: RecordingListener
) -> None:
    simulator.inject(Fault.BAD_CHECKSUM, Fault.BAD_CHECKSUM, Fault.BAD_CHECKSUM)
    problem, detail = listener.wait_for("failed")
    assert (problem, detail) == (ReadProblem.PROTOCOL, "BadChecksum")
    simulator.place(samples.RESIDENT)
    assert listener.wait_for("card").card == samples.RESIDENT


def test_unplug_during_a_read_recovers_when_the_reader_is_back(
    station: IdCardStation, simulator: Ga467Simulator, listener: RecordingListener
) -> None:
    simulator.inject(Fault.UNPLUG)
    simulator.place(samples.FOREIGNER_2023)
    listener.wait_for("state", ReaderState.DISCONNECTED)
    simulator.replug()
    listener.wait_for("state", ReaderState.READY)
    assert listener.wait_for("card").card == samples.FOREIGNER_2023


def test_sam_fault_and_recovery(
    station: IdCardStation, simulator: Ga467Simulator, listener: RecordingListener
) -> None:
    simulator.inject(Fault.SAM_FAILURE)
    listener.wait_for("state", ReaderState.SAM_FAULT)
    listener.wait_for("state", ReaderState.READY)


def test_jobs_run_with_the_driver_on_the_bus(station: IdCardStation) -> None:
    sam = station.run(lambda driver: driver.sam_id()).result(5)
    assert sam.startswith("05.01-")


def test_replacing_the_driver_with_none_turns_the_reader_off(
    station: IdCardStation, listener: RecordingListener
) -> None:
    station.replace_driver(None).result(5)
    listener.wait_for("state", ReaderState.OFF)
    assert station.description == ""
