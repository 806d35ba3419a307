"""A contact card emulator for vpcd (vsmartcard's virtual reader in pcscd), used by the `pcsc` tests.

vpcd protocol: a 2-byte big-endian length, then the payload. A 1-byte payload is a control message
(0 power off, 1 power on, 2 reset, 4 send ATR); anything longer is a command APDU, answered with the
response APDU (data + SW1 SW2). Connecting = card inserted; closing the socket = card removed.
Debian's python3-virtualsmartcard is broken (test-environment.md), hence this small one.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

from app.devices.pcsc.apdu import SS_AID

ATR = bytes.fromhex("3B6800000073C84013009000")


@dataclass
class EmulatedCard:
    """Applications by AID; each holds records by (SFI, record number). `protected` SFIs answer 6982."""

    applications: dict[bytes, dict[tuple[int, int], bytes]] = field(default_factory=dict)
    protected: set[int] = field(default_factory=set)
    atr: bytes = ATR
    apdus: list[bytes] = field(default_factory=list)

    def answer(self, apdu: bytes, selected: list[bytes]) -> bytes:
        self.apdus.append(apdu)
        cla_ins = apdu[:2]
        if cla_ins == b"\x00\xa4" and apdu[2] == 0x04:
            aid = apdu[5 : 5 + apdu[4]]
            if aid in self.applications:
                selected[:] = [aid]
                return b"\x61\x10"  # like some cards: data waiting, fetch with GET RESPONSE
            return b"\x6a\x82"
        if cla_ins == b"\x00\xc0":
            return bytes([0x6F, 0x0E]) + b"\x84\x0c" + bytes(12)[:12] + b"\x90\x00"
        if cla_ins == b"\x00\xb2" and selected:
            record, sfi = apdu[2], apdu[3] >> 3
            if sfi in self.protected:
                return b"\x69\x82"
            value = self.applications[selected[0]].get((sfi, record))
            if value is None:
                return b"\x6a\x83"
            reply = bytes([record, len(value)]) + value
            if apdu[4] != len(reply):
                return bytes([0x6C, len(reply)])
            return reply + b"\x90\x00"
        return b"\x6d\x00"


def social_security_card(generation: int) -> EmulatedCard:
    """A social-security card as spec §4.2 lays it out; generation 3 refuses EF06 without a PSAM."""
    version = f"{generation}.00".encode()
    ef05 = {
        (5, 1): bytes.fromhex("411600D156000005C38275EEFC9B9648"),
        (5, 2): b"\x01",
        (5, 3): version,
        (5, 4): b"411600000001",
        (5, 5): bytes.fromhex("20211203"),
        (5, 6): bytes.fromhex("20311202"),
        (5, 7): b"A12345678" if generation < 3 else b"",
    }
    ef06 = {
        (6, 1): b"110101199003070011",
        (6, 2): "张三".encode("gbk").ljust(30, b" "),
        (6, 4 if generation == 2 else 3): b"1",
    }
    return EmulatedCard({SS_AID: {**ef05, **ef06}}, protected={6} if generation >= 3 else set())


class VpcdCard:
    """Inserts `card` into the vpcd reader at 127.0.0.1:`port` (connect) until remove() (close)."""

    def __init__(self, card: EmulatedCard, port: int) -> None:
        self.card = card
        self.port = port
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def insert(self, timeout: float = 10.0) -> VpcdCard:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._socket = socket.create_connection(("127.0.0.1", self.port), timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._socket.settimeout(0.1)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="vpcd-card", daemon=True)
        self._thread.start()
        return self

    def remove(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.close()
            self._socket = None

    def _receive(self, count: int) -> bytes | None:
        assert self._socket is not None
        data = b""
        while len(data) < count:
            if self._stop.is_set():
                return None
            try:
                chunk = self._socket.recv(count - len(data))
            except TimeoutError:
                continue
            except OSError:
                return None
            if not chunk:
                return None
            data += chunk
        return data

    def _serve(self) -> None:
        assert self._socket is not None
        selected: list[bytes] = []
        while not self._stop.is_set():
            head = self._receive(2)
            if head is None:
                return
            payload = self._receive(struct.unpack(">H", head)[0])
            if payload is None:
                return
            if len(payload) == 1:
                if payload[0] == 4:
                    answer = self.card.atr
                else:
                    selected.clear()
                    continue
            else:
                answer = self.card.answer(payload, selected)
            with contextlib.suppress(OSError):
                self._socket.sendall(struct.pack(">H", len(answer)) + answer)
