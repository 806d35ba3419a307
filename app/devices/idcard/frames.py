"""GA/T 467 frames: `AA AA AA 96 69 | LEN(2, BE) | body | XOR`, encoded and decoded, with typed errors.

LEN counts every byte after itself up to and including the checksum; the checksum is the XOR of the two
LEN bytes and the body (domain spec §3.2). Decoding raises only ProtocolError subclasses, whatever the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2
# The largest real response is read-with-fingerprint: LEN 0x090A (2314). Anything far above is noise.
MAX_LEN = 0x1000
MIN_REQUEST_LEN = 3  # CMD PARA CHK
MIN_RESPONSE_LEN = 4  # SW1 SW2 SW3 CHK


class ProtocolError(Exception):
    """A frame that cannot be trusted; the driver discards it and retries the command."""


class BadPreamble(ProtocolError):
    """Bytes that do not start a frame."""


class BadLength(ProtocolError):
    """LEN is too small to hold the mandatory fields."""


class FrameTooLong(ProtocolError):
    """LEN announces more than any reader sends (or the frame holds more bytes than LEN says)."""


class TruncatedFrame(ProtocolError):
    """The frame ended (or the reader fell silent) before LEN bytes arrived."""


class BadChecksum(ProtocolError):
    """The XOR checksum does not match."""


class UnexpectedResponse(ProtocolError):
    """A well-formed frame that does not answer the command sent (out of order, or the wrong shape)."""


class NoResponse(ProtocolError):
    """The reader sent nothing before the deadline."""


def checksum(data: bytes) -> int:
    return reduce(lambda acc, byte: acc ^ byte, data, 0)


def frame(body: bytes) -> bytes:
    """Wrap a body (CMD PARA DATA or SW1 SW2 SW3 DATA) in preamble, length and checksum."""
    length = len(body) + 1
    if length > MAX_LEN:
        raise FrameTooLong(f"body of {len(body)} bytes")
    head = length.to_bytes(2, "big")
    return PREAMBLE + head + body + bytes([checksum(head + body)])


@dataclass(frozen=True)
class Ga467Command:
    cmd: int
    para: int
    data: bytes = b""

    def encode(self) -> bytes:
        return frame(bytes([self.cmd, self.para]) + self.data)

    @property
    def code(self) -> int:
        return self.cmd << 8 | self.para


@dataclass(frozen=True)
class Ga467Response:
    sw3: int
    data: bytes = b""
    sw1: int = 0
    sw2: int = 0

    def encode(self) -> bytes:
        return frame(bytes([self.sw1, self.sw2, self.sw3]) + self.data)


def frame_length(header: bytes) -> int:
    """The total length of the frame whose first 7 bytes are `header`; checks preamble and LEN."""
    if len(header) < HEADER_LEN:
        raise TruncatedFrame(f"{len(header)} header bytes")
    if header[: len(PREAMBLE)] != PREAMBLE:
        raise BadPreamble(header[: len(PREAMBLE)].hex())
    length = int.from_bytes(header[5:7], "big")
    if length < MIN_REQUEST_LEN:
        raise BadLength(f"LEN {length}")
    if length > MAX_LEN:
        raise FrameTooLong(f"LEN {length}")
    return HEADER_LEN + length


def _body(data: bytes, minimum: int) -> bytes:
    """The checked body of exactly one frame."""
    total = frame_length(data)
    if total - len(PREAMBLE) - 2 < minimum:
        raise BadLength(f"LEN {total - HEADER_LEN}")
    if len(data) < total:
        raise TruncatedFrame(f"{len(data)} of {total} bytes")
    if len(data) > total:
        raise FrameTooLong(f"{len(data)} bytes for a frame of {total}")
    if checksum(data[5:-1]) != data[-1]:
        raise BadChecksum(f"{checksum(data[5:-1]):02x} != {data[-1]:02x}")
    return data[HEADER_LEN:-1]


def decode_response(data: bytes) -> Ga467Response:
    """One complete response frame, checked; raises a ProtocolError subclass on anything else."""
    body = _body(data, MIN_RESPONSE_LEN)
    return Ga467Response(sw1=body[0], sw2=body[1], sw3=body[2], data=body[3:])


def decode_command(data: bytes) -> Ga467Command:
    """One complete request frame (the simulator's side)."""
    body = _body(data, MIN_REQUEST_LEN)
    return Ga467Command(cmd=body[0], para=body[1], data=body[2:])


class FrameSplitter:
    """Cuts a byte stream into frames: skips noise before a preamble, waits for LEN bytes.

    `feed` returns the complete frames found so far (checksums not yet checked) and raises
    BadPreamble once more than `max_noise` bytes arrive without a preamble, or FrameTooLong/BadLength
    for an impossible LEN; the splitter then drops what it held, so the stream can resynchronise.
    """

    def __init__(self, max_noise: int = 64) -> None:
        self._buffer = bytearray()
        self._max_noise = max_noise

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def clear(self) -> None:
        self._buffer.clear()

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        frames: list[bytes] = []
        while True:
            start = self._buffer.find(PREAMBLE)
            if start < 0:
                # A partial preamble may sit at the end; anything before it is noise.
                noise = len(self._buffer) - (len(PREAMBLE) - 1)
                if noise > self._max_noise:
                    self._buffer.clear()
                    raise BadPreamble(f"{noise} bytes without a preamble")
                return frames
            if start > self._max_noise:
                del self._buffer[:start]
                raise BadPreamble(f"{start} bytes before the preamble")
            if start:
                del self._buffer[:start]
            if len(self._buffer) < HEADER_LEN:
                return frames
            try:
                total = frame_length(bytes(self._buffer[:HEADER_LEN]))
            except ProtocolError:
                del self._buffer[: len(PREAMBLE)]  # resynchronise on the next preamble
                raise
            if len(self._buffer) < total:
                return frames
            frames.append(bytes(self._buffer[:total]))
            del self._buffer[:total]
