"""ISO 7816-4 APDUs for the social-security application, and the replies' status words and TLVs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SS_AID = "sx1.sh.社会保障".encode("gbk")  # 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF (spec §4.1)


@dataclass(frozen=True)
class Reply:
    data: bytes
    sw1: int
    sw2: int

    @property
    def sw(self) -> int:
        return self.sw1 << 8 | self.sw2

    @property
    def ok(self) -> bool:
        return self.sw == 0x9000


# A transmit function: command APDU in, reply out. The PC/SC station provides one per connected card.
Transmit = Callable[[bytes], Reply]

SW_OK = 0x9000
SW_SECURITY_NOT_SATISFIED = 0x6982  # needs a PSAM (or online HSM) authentication first
SW_FILE_NOT_FOUND = 0x6A82
SW_RECORD_NOT_FOUND = 0x6A83


class CardCommandError(Exception):
    """The card refused a command with a status word we cannot work around."""

    def __init__(self, what: str, sw: int) -> None:
        super().__init__(f"{what}: SW {sw:04X}")
        self.sw = sw


def select_aid(aid: bytes) -> bytes:
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid


def read_record_sfi(record: int, sfi: int, le: int) -> bytes:
    """READ RECORD by short file identifier: P2 = (SFI << 3) | 4 (EF05 -> 2C, EF06 -> 34)."""
    return bytes([0x00, 0xB2, record, (sfi << 3) | 4, le])


def get_response(le: int) -> bytes:
    return bytes([0x00, 0xC0, 0x00, 0x00, le])


def exchange(transmit: Transmit, apdu: bytes) -> Reply:
    """Send an APDU, following 61xx (GET RESPONSE) and 6Cxx (wrong Le: resend with the right one)."""
    reply = transmit(apdu)
    if reply.sw1 == 0x6C and len(apdu) == 5:
        reply = transmit(apdu[:4] + bytes([reply.sw2]))
    data = reply.data
    while reply.sw1 == 0x61:
        reply = transmit(get_response(reply.sw2))
        data += reply.data
    return Reply(data, reply.sw1, reply.sw2)


def tlv_value(data: bytes) -> bytes:
    """The value of a record reply `tag len value…` (spec §4.2); the whole data when it is not a TLV."""
    if len(data) >= 2 and data[1] == len(data) - 2:
        return data[2:]
    return data
