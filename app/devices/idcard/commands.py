"""The GA/T 467 commands this workstation sends, the SW3 statuses, and the shapes of their answers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from app.devices.idcard.frames import Ga467Command, Ga467Response, UnexpectedResponse

SAM_RESET = Ga467Command(0x10, 0xFF)
SAM_STATUS = Ga467Command(0x11, 0xFF)
SAM_ID = Ga467Command(0x12, 0xFF)
FIND_CARD = Ga467Command(0x20, 0x01)
SELECT_CARD = Ga467Command(0x20, 0x02)
READ_BASE = Ga467Command(0x30, 0x01)
READ_ADDRESS = Ga467Command(0x30, 0x03)
READ_CHIP_ID = Ga467Command(0x30, 0x05)
READ_BASE_FINGERPRINT = Ga467Command(0x30, 0x10)

COMMAND_NAMES = {
    SAM_RESET.code: "SAM_RESET",
    SAM_STATUS.code: "SAM_STATUS",
    SAM_ID.code: "SAM_ID",
    FIND_CARD.code: "FIND_CARD",
    SELECT_CARD.code: "SELECT_CARD",
    READ_BASE.code: "READ_BASE",
    READ_ADDRESS.code: "READ_ADDRESS",
    READ_CHIP_ID.code: "READ_CHIP_ID",
    READ_BASE_FINGERPRINT.code: "READ_BASE_FP",
}

# Commands whose answers carry personal data (text, photo, fingerprint, address, chip number).
PERSONAL_DATA_COMMANDS = frozenset(
    c.code for c in (READ_BASE, READ_ADDRESS, READ_CHIP_ID, READ_BASE_FINGERPRINT)
)


class Sw3(IntEnum):
    """SW3 status codes on the wire (domain spec §3.4)."""

    OK = 0x90
    CARD_FOUND = 0x9F
    NO_CONTENT = 0x91
    CHECKSUM_ERROR = 0x10
    LENGTH_ERROR = 0x11
    COMMAND_ERROR = 0x21
    UNAUTHORISED_OPERATION = 0x23
    UNKNOWN_ERROR = 0x24
    CARD_AUTH_SAM_FAILED = 0x31
    SAM_AUTH_CARD_FAILED = 0x32
    VERIFY_FAILED = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66
    NO_CARD = 0x80
    SELECT_FAILED = 0x81

    @classmethod
    def name_of(cls, value: int) -> str:
        try:
            return cls(value).name
        except ValueError:
            return f"SW3_{value:02X}"


# What each command may answer; anything else is an out-of-order or foreign frame.
_EXPECTED: dict[int, frozenset[int]] = {
    SAM_RESET.code: frozenset({0x90, 0x60, 0x66}),
    SAM_STATUS.code: frozenset({0x90, 0x60, 0x66}),
    SAM_ID.code: frozenset({0x90, 0x60, 0x66}),
    FIND_CARD.code: frozenset({0x9F, 0x80}),
    SELECT_CARD.code: frozenset({0x90, 0x81}),
    READ_BASE.code: frozenset({0x90, 0x41, 0x31, 0x32, 0x33, 0x40, 0x47}),
    READ_BASE_FINGERPRINT.code: frozenset({0x90, 0x41, 0x31, 0x32, 0x33, 0x40, 0x47}),
    READ_ADDRESS.code: frozenset({0x90, 0x91, 0x41}),
    READ_CHIP_ID.code: frozenset({0x90, 0x91, 0x41}),
}
# Reader-level errors any command may get back (the reader did not understand what we sent).
_ANY = frozenset({0x10, 0x11, 0x21, 0x23, 0x24, 0x60, 0x66})
_MAX_SHORT_DATA = 64


def check_answer(command: Ga467Command, response: Ga467Response) -> None:
    """Raise UnexpectedResponse when `response` cannot be the answer to `command`."""
    allowed = _EXPECTED.get(command.code, frozenset()) | _ANY
    if response.sw1 != 0 or response.sw2 != 0 or response.sw3 not in allowed:
        raise UnexpectedResponse(
            f"{COMMAND_NAMES.get(command.code, hex(command.code))} got "
            f"{response.sw1:02x}{response.sw2:02x}{response.sw3:02x}"
        )
    long_data = command.code in (READ_BASE.code, READ_BASE_FINGERPRINT.code)
    if response.sw3 in (0x90, 0x9F) and not long_data and len(response.data) > _MAX_SHORT_DATA:
        raise UnexpectedResponse(f"{len(response.data)} data bytes for a short answer")
    if long_data and response.sw3 == 0x90 and len(response.data) < 4:
        raise UnexpectedResponse("read answer without lengths")


@dataclass(frozen=True)
class BaseInfo:
    """The raw blocks of a read-base-info answer; `text` is the 256-byte UCS-2 block."""

    text: bytes
    photo: bytes
    fingerprint: bytes = b""


def parse_base_info(data: bytes, with_fingerprint: bool) -> BaseInfo:
    """Split the data of a `30 01` / `30 10` answer by the lengths it announces (domain spec §3.6)."""
    count = 3 if with_fingerprint else 2
    if len(data) < 2 * count:
        raise UnexpectedResponse("read answer too short for its lengths")
    lengths = [int.from_bytes(data[2 * i : 2 * i + 2], "big") for i in range(count)]
    if len(data) != 2 * count + sum(lengths):
        raise UnexpectedResponse(f"lengths {lengths} do not add up to {len(data)} data bytes")
    blocks: list[bytes] = []
    at = 2 * count
    for length in lengths:
        blocks.append(data[at : at + length])
        at += length
    return BaseInfo(text=blocks[0], photo=blocks[1], fingerprint=blocks[2] if with_fingerprint else b"")


def encode_base_info(info: BaseInfo, with_fingerprint: bool) -> bytes:
    """The data of a read-base-info answer (the simulator's side)."""
    blocks = [info.text, info.photo] + ([info.fingerprint] if with_fingerprint else [])
    return b"".join(len(b).to_bytes(2, "big") for b in blocks) + b"".join(blocks)


def parse_sam_id(data: bytes) -> str:
    """The SAM number printed on the reader's label, e.g. `05.01-20260101-000000123-000004567`.

    `data` is the answer's data (offset 10 of the frame onwards); layout from domain spec §3.9.
    """
    if len(data) < 16:
        raise UnexpectedResponse(f"SAM id of {len(data)} bytes")

    def u32(at: int) -> int:
        return int.from_bytes(data[at : at + 4], "little")

    return f"{data[0]:02d}.{data[2]:02d}-{u32(4)}-{u32(8):09d}-{u32(12):09d}"


def encode_sam_id(text: str) -> bytes:
    """The inverse of parse_sam_id (the simulator's side)."""
    head, a, b, c = text.split("-")
    major, minor = (int(x) for x in head.split("."))
    return (
        bytes([major, 0, minor, 0])
        + int(a).to_bytes(4, "little")
        + int(b).to_bytes(4, "little")
        + int(c).to_bytes(4, "little")
    )
