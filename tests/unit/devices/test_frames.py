"""GA/T 467 framing against the byte vectors of domain spec §3.3 and §3.5."""

from __future__ import annotations

import pytest

from app.devices.idcard import commands as c
from app.devices.idcard.frames import (
    BadChecksum,
    BadLength,
    BadPreamble,
    FrameSplitter,
    FrameTooLong,
    Ga467Command,
    Ga467Response,
    TruncatedFrame,
    decode_command,
    decode_response,
    frame,
)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (c.SAM_RESET, "AAAAAA9669000310FFEC"),
        (c.SAM_STATUS, "AAAAAA9669000311FFED"),
        (c.SAM_ID, "AAAAAA9669000312FFEE"),
        (c.FIND_CARD, "AAAAAA96690003200122"),
        (c.SELECT_CARD, "AAAAAA96690003200221"),
        (c.READ_BASE, "AAAAAA96690003300132"),
        (c.READ_ADDRESS, "AAAAAA96690003300330"),
        (c.READ_CHIP_ID, "AAAAAA96690003300536"),
        (c.READ_BASE_FINGERPRINT, "AAAAAA96690003301023"),
        (Ga467Command(0x61, 0xFF, b"\x50"), "AAAAAA9669000461FF50CA"),
    ],
)
def test_command_frames_match_the_spec(command: Ga467Command, expected: str) -> None:
    assert command.encode() == bytes.fromhex(expected)
    assert decode_command(bytes.fromhex(expected)) == command


@pytest.mark.parametrize(
    ("hex_frame", "sw3", "data_len"),
    [
        ("AAAAAA9669000400009094", 0x90, 0),
        ("AAAAAA9669000400006064", 0x60, 0),
        ("AAAAAA9669000800009F0000000097", 0x9F, 4),
        ("AAAAAA9669000400008084", 0x80, 0),
        ("AAAAAA9669000C00009000000000000000009C", 0x90, 8),
        ("AAAAAA9669000400008185", 0x81, 0),
        ("AAAAAA9669000400004145", 0x41, 0),
    ],
)
def test_response_vectors_decode(hex_frame: str, sw3: int, data_len: int) -> None:
    response = decode_response(bytes.fromhex(hex_frame))
    assert (response.sw1, response.sw2, response.sw3, len(response.data)) == (0, 0, sw3, data_len)
    assert response.encode() == bytes.fromhex(hex_frame)


GOOD = bytes.fromhex("AAAAAA9669000800009F0000000097")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (GOOD[:-1] + b"\x00", BadChecksum),
        (GOOD[:9], TruncatedFrame),
        (GOOD[:4], TruncatedFrame),
        (b"\xaa\xaa\xaa\x96\x70" + GOOD[5:], BadPreamble),
        (GOOD + b"\x00", FrameTooLong),
        (GOOD[:5] + b"\xff\xff" + GOOD[7:], FrameTooLong),
        (GOOD[:5] + b"\x00\x02" + GOOD[7:], BadLength),
        (bytes.fromhex("AAAAAA96690003200122"), BadLength),  # a request is too short for an answer
    ],
)
def test_malformed_frames_raise_typed_errors(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        decode_response(data)


def test_frame_refuses_a_body_beyond_the_maximum() -> None:
    with pytest.raises(FrameTooLong):
        frame(bytes(0x1000))


def test_splitter_reassembles_frames_from_byte_by_byte_reads_after_noise() -> None:
    stream = b"\x00\x13" + GOOD + Ga467Response(0x90, bytes(8)).encode()
    splitter = FrameSplitter()
    frames = [f for byte in stream for f in splitter.feed(bytes([byte]))]
    assert frames == [GOOD, Ga467Response(0x90, bytes(8)).encode()]
    assert splitter.pending == 0


def test_splitter_gives_up_on_endless_noise_and_resynchronises() -> None:
    splitter = FrameSplitter(max_noise=16)
    with pytest.raises(BadPreamble):
        splitter.feed(bytes(40))
    assert splitter.feed(GOOD) == [GOOD]


def test_splitter_reports_an_impossible_length_and_recovers() -> None:
    splitter = FrameSplitter()
    with pytest.raises(FrameTooLong):
        splitter.feed(GOOD[:5] + b"\xff\xff")
    assert splitter.feed(GOOD) == [GOOD]
    with pytest.raises(BadPreamble):
        splitter.feed(b"\x01" * 70 + GOOD)
