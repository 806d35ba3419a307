"""The GA/T 467 driver: commands over any Transport, with deadlines, shape checks and retries.

Every frame sent or received is reported to `on_frame` as a FrameRecord whose hex has personal data
masked (the device test page shows these). Malformed answers raise typed ProtocolErrors inside a command,
which is retried; a TransportError (port gone) goes straight up to the station, which reconnects.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app.devices.idcard import commands as c
from app.devices.idcard.cardtext import IdCardData, parse_card_text
from app.devices.idcard.frames import (
    HEADER_LEN,
    FrameSplitter,
    Ga467Command,
    Ga467Response,
    NoResponse,
    ProtocolError,
    TruncatedFrame,
    UnexpectedResponse,
    decode_response,
)
from app.devices.idcard.transports import Transport


class Direction(StrEnum):
    SENT = "→"
    RECEIVED = "←"


@dataclass(frozen=True)
class FrameRecord:
    """One frame on the wire as the device test page shows it; never holds personal data."""

    direction: Direction
    command: str
    masked_hex: str
    length: int
    elapsed_ms: float  # send to complete answer (0 for sent frames)
    status: str  # SW3 name, or the ProtocolError class name


def mask_frame(raw: bytes, personal: bool) -> str:
    """Hex of a frame; for answers carrying personal data only the header, status and checksum show."""
    if not personal or len(raw) <= HEADER_LEN + 3 + 1:
        return raw.hex(" ").upper()
    head = raw[: HEADER_LEN + 3].hex(" ").upper()
    return f"{head} ‹{len(raw) - HEADER_LEN - 4} bytes masked› {raw[-1]:02X}"


class CardReadFailed(Exception):
    """The card is on the reader but the SAM could not read it (SW3 31/32/33/40/41/47)."""

    def __init__(self, sw3: int) -> None:
        super().__init__(c.Sw3.name_of(sw3))
        self.sw3 = sw3


class SamUnavailable(Exception):
    """The SAM answers that it cannot work (self-test failed, not authorised)."""

    def __init__(self, sw3: int) -> None:
        super().__init__(c.Sw3.name_of(sw3))
        self.sw3 = sw3


_SHORT_TIMEOUT = 0.5
_READ_TIMEOUT = 2.0  # the SAM takes several hundred ms to read a card before it answers
_LONG_ANSWERS = {c.READ_BASE.code: 1295, c.READ_BASE_FINGERPRINT.code: 2321}


def decode_answer(command: Ga467Command, raw: bytes) -> Ga467Response:
    """Decode one frame as the answer to `command`; raises only ProtocolError subclasses."""
    response = decode_response(raw)
    c.check_answer(command, response)
    return response


def card_from_answer(answer: Ga467Response, with_fingerprint: bool) -> IdCardData:
    """The card in a successful read answer; raises only ProtocolError subclasses."""
    info = c.parse_base_info(answer.data, with_fingerprint)
    return parse_card_text(info.text, info.photo, has_fingerprint=bool(info.fingerprint))


class Ga467Reader:
    def __init__(
        self,
        transport: Transport,
        *,
        on_frame: Callable[[FrameRecord], None] | None = None,
        retries: int = 2,
        settle: float = 0.05,
    ) -> None:
        self.transport = transport
        self.description = f"GA/T 467 {transport.description}"
        self._on_frame = on_frame or (lambda _record: None)
        self._retries = retries
        self._settle = settle
        self.protocol_errors = 0  # counted for the device test page and the tests

    # -- the IdCardDriver interface
    def open(self) -> None:
        self.transport.open()
        try:
            self.check_sam()
        except BaseException:
            self.transport.close()
            raise

    def close(self) -> None:
        self.transport.close()

    def poll(self) -> IdCardData | None:
        """Find, select and read the card on the reader; None when there is none."""
        if not self.find_card() or not self.select_card():
            return None
        return self.read_card()

    def present(self) -> bool:
        return self.find_card()

    # -- commands
    def check_sam(self) -> None:
        answer = self.transact(c.SAM_STATUS)
        if answer.sw3 != c.Sw3.OK:
            raise SamUnavailable(answer.sw3)

    def reset_sam(self) -> None:
        answer = self.transact(c.SAM_RESET)
        if answer.sw3 != c.Sw3.OK:
            raise SamUnavailable(answer.sw3)

    def sam_id(self) -> str:
        answer = self.transact(c.SAM_ID)
        if answer.sw3 != c.Sw3.OK:
            raise SamUnavailable(answer.sw3)
        return c.parse_sam_id(answer.data)

    def find_card(self) -> bool:
        return self.transact(c.FIND_CARD).sw3 == c.Sw3.CARD_FOUND

    def select_card(self) -> bool:
        return self.transact(c.SELECT_CARD).sw3 == c.Sw3.OK

    def read_card(self, with_fingerprint: bool = False) -> IdCardData:
        command = c.READ_BASE_FINGERPRINT if with_fingerprint else c.READ_BASE
        answer = self.transact(command)
        if answer.sw3 != c.Sw3.OK:
            raise CardReadFailed(answer.sw3)
        return card_from_answer(answer, with_fingerprint)

    # -- one command, with retries
    def transact(self, command: Ga467Command) -> Ga467Response:
        """Send a command and return its checked answer; retried on protocol errors."""
        last: ProtocolError | None = None
        for _attempt in range(self._retries + 1):
            try:
                answer = self._once(command)
            except ProtocolError as exc:
                self.protocol_errors += 1
                last = exc
                self._drain()
                continue
            if answer.sw3 in (c.Sw3.SAM_SELF_TEST_FAILED, c.Sw3.SAM_NOT_AUTHORISED):
                raise SamUnavailable(answer.sw3)
            return answer
        assert last is not None
        raise last

    def _once(self, command: Ga467Command) -> Ga467Response:
        name = c.COMMAND_NAMES.get(command.code, f"{command.code:04X}")
        personal = command.code in c.PERSONAL_DATA_COMMANDS
        request = command.encode()
        self.transport.discard_input()  # a late answer to an earlier command must not pass as this one's
        started = time.perf_counter()
        self.transport.write(request)
        self._on_frame(FrameRecord(Direction.SENT, name, mask_frame(request, False), len(request), 0.0, ""))
        raw = b""
        try:
            raw = self._read_frame(command, started)
            response = decode_answer(command, raw)
        except ProtocolError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            self._on_frame(
                FrameRecord(
                    Direction.RECEIVED, name, mask_frame(raw, personal), len(raw), elapsed, type(exc).__name__
                )
            )
            raise
        elapsed = (time.perf_counter() - started) * 1000
        self._on_frame(
            FrameRecord(
                Direction.RECEIVED,
                name,
                mask_frame(raw, personal),
                len(raw),
                elapsed,
                c.Sw3.name_of(response.sw3),
            )
        )
        return response

    def _read_frame(self, command: Ga467Command, started: float) -> bytes:
        expected = _LONG_ANSWERS.get(command.code, 64)
        timeout = _READ_TIMEOUT if command.code in _LONG_ANSWERS else _SHORT_TIMEOUT
        deadline = started + timeout + 2 * expected * self.transport.byte_time
        splitter = FrameSplitter()
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                if splitter.pending:
                    raise TruncatedFrame(f"{splitter.pending} bytes before the deadline")
                raise NoResponse(f"{timeout:.1f}s")
            chunk = self.transport.read(4096, left)
            if chunk:
                frames = splitter.feed(chunk)
                if len(frames) > 1:
                    # More than one answer to one command: one of them is stale or foreign.
                    raise UnexpectedResponse(f"{len(frames)} frames in one answer")
                if frames:
                    return frames[0]

    def _drain(self) -> None:
        """After a bad frame, wait until the line is quiet and forget whatever arrived."""
        quiet_until = time.perf_counter() + 1.0
        while time.perf_counter() < quiet_until and self.transport.read(4096, self._settle):
            pass
        self.transport.discard_input()
