"""Answer shapes: base info with and without fingerprint (spec §3.6), SAM id (§3.9), shape checks."""

from __future__ import annotations

import pytest

from app.devices.idcard import commands as c
from app.devices.idcard.frames import Ga467Response, UnexpectedResponse


def test_base_info_offsets_without_fingerprint() -> None:
    info = c.BaseInfo(bytes([1]) * 256, bytes([2]) * 1024)
    frame = Ga467Response(0x90, c.encode_base_info(info, False)).encode()
    assert len(frame) == 1295
    assert frame[5:7] == b"\x05\x08"
    assert frame[10:14] == b"\x01\x00\x04\x00"
    assert frame[14] == 1
    assert frame[270] == 2
    assert c.parse_base_info(frame[10:-1], False) == info


def test_base_info_offsets_with_fingerprint() -> None:
    info = c.BaseInfo(bytes([1]) * 256, bytes([2]) * 1024, bytes([3]) * 1024)
    frame = Ga467Response(0x90, c.encode_base_info(info, True)).encode()
    assert len(frame) == 2321
    assert frame[5:7] == b"\x09\x0a"
    assert (frame[16], frame[272], frame[1296]) == (1, 2, 3)
    assert c.parse_base_info(frame[10:-1], True) == info


def test_a_card_without_fingerprint_announces_length_zero() -> None:
    info = c.BaseInfo(bytes(256), bytes(1024), b"")
    assert c.parse_base_info(c.encode_base_info(info, True), True).fingerprint == b""


@pytest.mark.parametrize("data", [b"", b"\x01\x00", b"\x01\x00\x04\x00" + bytes(100)])
def test_base_info_lengths_must_add_up(data: bytes) -> None:
    with pytest.raises(UnexpectedResponse):
        c.parse_base_info(data, False)


def test_sam_id_round_trip() -> None:
    text = "05.01-20260101-000000123-000004567"
    data = c.encode_sam_id(text)
    assert data[0] == 5
    assert data[2] == 1
    assert c.parse_sam_id(data) == text
    with pytest.raises(UnexpectedResponse):
        c.parse_sam_id(data[:10])


@pytest.mark.parametrize(
    ("command", "response"),
    [
        (c.FIND_CARD, Ga467Response(0x90, bytes(8))),  # a select answer to find: out of order
        (c.SELECT_CARD, Ga467Response(0x9F, bytes(4))),
        (c.SAM_STATUS, Ga467Response(0x90, bytes(200))),
        (c.READ_BASE, Ga467Response(0x90, b"")),
        (c.FIND_CARD, Ga467Response(0x9F, sw1=1)),
    ],
)
def test_answers_that_do_not_fit_the_command_are_rejected(
    command: c.Ga467Command, response: Ga467Response
) -> None:
    with pytest.raises(UnexpectedResponse):
        c.check_answer(command, response)


def test_reader_level_errors_fit_any_command() -> None:
    c.check_answer(c.FIND_CARD, Ga467Response(0x10))
    assert c.Sw3.name_of(0x9F) == "CARD_FOUND"
    assert c.Sw3.name_of(0x77) == "SW3_77"
