"""The ctypes adapter for vendor SDT_* libraries, against a C library the suite compiles, which speaks
GA/T 467 over a pty to the reader simulator; and the WLT decoder plug-in against the same library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.devices.errors import TransportError
from app.devices.idcard import samples
from app.devices.idcard.cardtext import IdCardData
from app.devices.idcard.photo import NoPhotoDecoder, PhotoStatus, WltLibraryDecoder
from app.devices.idcard.sdt import SdtReader
from app.devices.idcard.station import IdCardStation, ReaderState
from app.devices.simulator import Fault, PtyReaderSimulator
from tests.support.devices import RecordingListener

pytestmark = pytest.mark.serial


@pytest.fixture
def sdt_reader(
    sdt_library: Path, pty_reader: PtyReaderSimulator, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SdtReader]:
    monkeypatch.setenv("SDTSIM_DEVICE", str(pty_reader.link))
    reader = SdtReader(sdt_library, 1001)
    reader.open()
    yield reader
    reader.close()


@pytest.mark.parametrize(
    "card", samples.SAMPLE_CARDS, ids=lambda c: f"{c.card_type.value}-{c.id_number[-4:]}"
)
def test_each_card_type_through_the_vendor_library(
    sdt_reader: SdtReader, pty_reader: PtyReaderSimulator, card: IdCardData
) -> None:
    assert sdt_reader.poll() is None
    pty_reader.simulator.place(card)
    assert sdt_reader.poll() == card
    assert sdt_reader.present()


def test_sdk_errors_map_to_the_station_errors(sdt_reader: SdtReader, pty_reader: PtyReaderSimulator) -> None:
    from app.devices.idcard.sdt import SdtCommunicationError

    pty_reader.simulator.place(samples.RESIDENT)
    pty_reader.simulator.inject(Fault.BAD_CHECKSUM)
    with pytest.raises(SdtCommunicationError):  # the SDK does not retry; the station polls again
        sdt_reader.poll()
    assert sdt_reader.poll() == samples.RESIDENT


def test_bad_port_number_and_missing_library(sdt_library: Path, tmp_path: Path) -> None:
    with pytest.raises(TransportError, match="SDT_OpenPort"):
        SdtReader(sdt_library, 99).open()
    with pytest.raises(TransportError, match="cannot load"):
        SdtReader(tmp_path / "libmissing.so").open()


def test_station_over_the_vendor_library_recovers_from_an_unplug(
    sdt_library: Path, pty_reader: PtyReaderSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDTSIM_DEVICE", str(pty_reader.link))
    listener = RecordingListener()
    station = IdCardStation(
        SdtReader(sdt_library, 1001),
        listener,
        photo_decoder=WltLibraryDecoder(sdt_library),
        poll_interval=0.02,
        reconnect_interval=0.05,
    )
    station.start()
    try:
        listener.wait_for("state", ReaderState.READY)
        pty_reader.unplug()
        listener.wait_for("state", ReaderState.DISCONNECTED)
        pty_reader.replug()
        listener.wait_for("state", ReaderState.READY)
        pty_reader.simulator.place(samples.FOREIGNER_2023)
        placed = listener.wait_for("card")
        assert placed.card == samples.FOREIGNER_2023
        assert placed.photo.status is PhotoStatus.DECODED
        assert placed.photo.bmp[:2] == b"BM"
        assert len(placed.photo.bmp) == 38_862
    finally:
        station.stop()


def test_without_a_decoder_the_photo_is_reported_as_not_installed(sdt_library: Path) -> None:
    assert NoPhotoDecoder().decode(samples.RESIDENT.photo_wlt).status is PhotoStatus.NO_DECODER
    assert NoPhotoDecoder().decode(b"").status is PhotoStatus.NO_PHOTO
    decoder = WltLibraryDecoder(sdt_library)
    assert decoder.decode(b"").status is PhotoStatus.NO_PHOTO
    bmp = decoder.decode(samples.RESIDENT.photo_wlt).bmp
    assert bmp != decoder.decode(samples.HMT_PERMIT.photo_wlt).bmp  # derived from the input


def test_sam_id_through_the_vendor_library(sdt_reader: SdtReader) -> None:
    assert sdt_reader.sam_id() == "05.01-20260101-000000123-000004567"
