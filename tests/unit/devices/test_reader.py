"""The GA/T 467 driver against the in-process simulator: retries, typed errors, masked frame records."""

from __future__ import annotations

import pytest

from app.devices.errors import TransportError
from app.devices.idcard import samples
from app.devices.idcard.frames import (
    BadChecksum,
    BadLength,
    BadPreamble,
    FrameTooLong,
    NoResponse,
    TruncatedFrame,
    UnexpectedResponse,
)
from app.devices.idcard.reader import CardReadFailed, Direction, FrameRecord, Ga467Reader, SamUnavailable
from app.devices.idcard.transports import SimulatedTransport
from app.devices.simulator import Fault, Ga467Simulator


@pytest.fixture
def simulator() -> Ga467Simulator:
    return Ga467Simulator()


@pytest.fixture
def frames() -> list[FrameRecord]:
    return []


@pytest.fixture
def reader(simulator: Ga467Simulator, frames: list[FrameRecord]) -> Ga467Reader:
    driver = Ga467Reader(SimulatedTransport(simulator), on_frame=frames.append, settle=0.01)
    driver.open()
    return driver


def test_sam_id_and_an_empty_reader(reader: Ga467Reader) -> None:
    assert reader.sam_id() == "05.01-20260101-000000123-000004567"
    assert reader.poll() is None
    assert not reader.present()


@pytest.mark.parametrize("card", samples.SAMPLE_CARDS[:4], ids=lambda c: c.card_type.value)
def test_reads_each_card_type(reader: Ga467Reader, simulator: Ga467Simulator, card: object) -> None:
    simulator.place(card)  # type: ignore[arg-type]
    assert reader.poll() == card
    assert reader.present()
    simulator.remove()
    assert not reader.present()


def test_read_with_fingerprint(reader: Ga467Reader, simulator: Ga467Simulator) -> None:
    simulator.fingerprint = bytes(1024)
    simulator.place(samples.RESIDENT)
    assert reader.find_card()
    assert reader.select_card()
    card = reader.read_card(with_fingerprint=True)
    assert card.has_fingerprint
    assert card.id_number == samples.RESIDENT.id_number


@pytest.mark.parametrize(
    "fault",
    [
        Fault.BAD_CHECKSUM,
        Fault.TRUNCATED,
        Fault.OVERSIZED,
        Fault.BAD_LENGTH,
        Fault.NOISE,
        Fault.OUT_OF_ORDER,
        Fault.SILENCE,
    ],
)
def test_one_bad_answer_is_retried_and_the_card_still_read(
    reader: Ga467Reader, simulator: Ga467Simulator, fault: Fault
) -> None:
    simulator.place(samples.RESIDENT)
    simulator.inject(fault)
    assert reader.poll() == samples.RESIDENT
    assert reader.protocol_errors == 1


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.BAD_CHECKSUM, BadChecksum),
        (Fault.TRUNCATED, TruncatedFrame),
        (Fault.OVERSIZED, FrameTooLong),
        (Fault.BAD_LENGTH, BadLength),
        (Fault.NOISE, BadPreamble),
        (Fault.OUT_OF_ORDER, UnexpectedResponse),
        (Fault.SILENCE, NoResponse),
    ],
)
def test_a_fault_that_persists_surfaces_as_its_typed_error(
    reader: Ga467Reader, simulator: Ga467Simulator, fault: Fault, error: type[Exception]
) -> None:
    simulator.place(samples.RESIDENT)
    simulator.inject(fault, fault, fault)
    with pytest.raises(error):
        reader.find_card()
    assert reader.poll() == samples.RESIDENT  # and the next command works again


def test_sam_failure_and_card_read_failure(reader: Ga467Reader, simulator: Ga467Simulator) -> None:
    simulator.inject(Fault.SAM_FAILURE)
    with pytest.raises(SamUnavailable):
        reader.find_card()
    simulator.place(samples.RESIDENT)
    assert reader.find_card()
    assert reader.select_card()
    simulator.inject(Fault.READ_FAILURE)
    with pytest.raises(CardReadFailed):
        reader.read_card()


def test_unplugged_mid_answer_raises_transport_error(reader: Ga467Reader, simulator: Ga467Simulator) -> None:
    simulator.place(samples.RESIDENT)
    simulator.inject(Fault.UNPLUG)
    with pytest.raises(TransportError):
        reader.poll()
    with pytest.raises(TransportError):
        reader.open()
    simulator.replug()
    reader.open()
    assert reader.poll() == samples.RESIDENT


def test_frame_records_mask_personal_data(
    reader: Ga467Reader, simulator: Ga467Simulator, frames: list[FrameRecord]
) -> None:
    simulator.place(samples.RESIDENT)
    frames.clear()
    reader.poll()
    assert [(f.direction, f.command) for f in frames] == [
        (Direction.SENT, "FIND_CARD"),
        (Direction.RECEIVED, "FIND_CARD"),
        (Direction.SENT, "SELECT_CARD"),
        (Direction.RECEIVED, "SELECT_CARD"),
        (Direction.SENT, "READ_BASE"),
        (Direction.RECEIVED, "READ_BASE"),
    ]
    read = frames[-1]
    assert read.length == 1295
    assert read.status == "OK"
    assert read.masked_hex.startswith("AA AA AA 96 69 05 08 00 00 90 ‹1284 bytes masked›")
    text = " ".join(f.masked_hex for f in frames).replace(" ", "")
    for secret in (samples.RESIDENT.id_number, "张三"):
        assert secret.encode("utf-16-le").hex().upper() not in text
    assert frames[1].masked_hex == "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"


def test_failed_answers_are_recorded_with_their_error(
    reader: Ga467Reader, simulator: Ga467Simulator, frames: list[FrameRecord]
) -> None:
    simulator.inject(Fault.BAD_CHECKSUM)
    frames.clear()
    reader.find_card()
    assert [f.status for f in frames if f.direction is Direction.RECEIVED] == ["BadChecksum", "NO_CARD"]
