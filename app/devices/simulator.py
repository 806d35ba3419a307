"""A GA/T 467 SAM reader simulator: answers the real driver in-process or on a pseudo-terminal.

Tests, the demo (放置证件) and the benchmarks use it. Scripted faults make the next answers malformed,
truncated, oversized, out of order or silent, or pull the plug mid-answer. On a pty it paces its answers
like a serial line at the configured baud rate (a pty itself has no speed).

    python -m app.devices.simulator --link /tmp/ttyIDCARD     # a reader on a pty, with the sample cards
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import select
import termios
import threading
import time
import tty
from collections import deque
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from app.devices.idcard import commands as c
from app.devices.idcard.cardtext import IdCardData, encode_card_text
from app.devices.idcard.frames import (
    PREAMBLE,
    FrameSplitter,
    Ga467Command,
    Ga467Response,
    ProtocolError,
    decode_command,
)
from app.devices.idcard.transports import BITS_PER_BYTE

DEFAULT_SAM_ID = "05.01-20260101-000000123-000004567"


class Fault(StrEnum):
    """What goes wrong with the next answer."""

    BAD_CHECKSUM = "bad_checksum"
    TRUNCATED = "truncated"  # half the frame, then nothing
    OVERSIZED = "oversized"  # a LEN far beyond any real answer
    BAD_LENGTH = "bad_length"  # a LEN too short to hold the status
    NOISE = "noise"  # bytes that never form a frame
    OUT_OF_ORDER = "out_of_order"  # a well-formed answer to another command
    SILENCE = "silence"  # no answer at all
    UNPLUG = "unplug"  # half the frame, then the reader disappears
    SAM_FAILURE = "sam_failure"  # SW3 60 (SAM self-test failed)
    READ_FAILURE = "read_failure"  # SW3 41 on a read


class Ga467Simulator:
    """The reader's state: its SAM, the card on it (if any), and the faults scripted for its next answers."""

    def __init__(self, sam_id: str = DEFAULT_SAM_ID, fingerprint: bytes = b"") -> None:
        self.sam_id = sam_id
        self.fingerprint = fingerprint
        self.connected = True
        self.commands: list[int] = []  # command codes received, for tests
        self._lock = threading.Lock()
        self._card: IdCardData | None = None
        self._found = False
        self._selected = False
        # A card was taken away (or swapped) since the host last looked: the next search finds the field
        # empty once, as a real reader's does while a hand moves one card off and the next one on.
        self._lifted = False
        self._faults: deque[Fault] = deque()
        self._splitter = FrameSplitter()

    # -- the script
    @property
    def card(self) -> IdCardData | None:
        return self._card

    def place(self, card: IdCardData) -> None:
        """Put a card on the reader; one already there is taken off first (a swap is a removal too)."""
        with self._lock:
            self._lifted = self._lifted or self._card is not None
            self._card, self._found, self._selected = card, False, False

    def remove(self) -> None:
        with self._lock:
            self._lifted = self._lifted or self._card is not None
            self._card, self._found, self._selected = None, False, False

    def inject(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def unplug(self) -> None:
        with self._lock:
            self.connected = False
            self._splitter.clear()

    def replug(self) -> None:
        with self._lock:
            self.connected = True
            self._found = self._selected = False

    # -- the wire
    def receive(self, data: bytes) -> bytes:
        """Bytes from the host in, bytes to the host out (empty while a request is incomplete)."""
        with self._lock:
            if not self.connected:
                return b""
            out = bytearray()
            try:
                frames = self._splitter.feed(data)
            except ProtocolError:
                return Ga467Response(c.Sw3.LENGTH_ERROR).encode()
            for raw in frames:
                try:
                    command = decode_command(raw)
                except ProtocolError:
                    out += Ga467Response(c.Sw3.CHECKSUM_ERROR).encode()
                    continue
                self.commands.append(command.code)
                out += self._faulty(command, self._answer(command))
            return bytes(out)

    def _answer(self, command: Ga467Command) -> Ga467Response:
        handler = {
            c.SAM_RESET.code: lambda: Ga467Response(c.Sw3.OK),
            c.SAM_STATUS.code: lambda: Ga467Response(c.Sw3.OK),
            c.SAM_ID.code: lambda: Ga467Response(c.Sw3.OK, c.encode_sam_id(self.sam_id)),
            c.FIND_CARD.code: self._find,
            c.SELECT_CARD.code: self._select,
            c.READ_BASE.code: lambda: self._read(with_fingerprint=False),
            c.READ_BASE_FINGERPRINT.code: lambda: self._read(with_fingerprint=True),
            c.READ_ADDRESS.code: self._no_content,
            c.READ_CHIP_ID.code: self._no_content,
        }.get(command.code)
        return handler() if handler else Ga467Response(c.Sw3.COMMAND_ERROR)

    def _find(self) -> Ga467Response:
        self._found = self._card is not None and not self._lifted
        self._lifted = False
        self._selected = False
        return Ga467Response(c.Sw3.CARD_FOUND, bytes(4)) if self._found else Ga467Response(c.Sw3.NO_CARD)

    def _select(self) -> Ga467Response:
        self._selected = self._found
        return Ga467Response(c.Sw3.OK, bytes(8)) if self._selected else Ga467Response(c.Sw3.SELECT_FAILED)

    def _read(self, with_fingerprint: bool) -> Ga467Response:
        if not self._selected or self._card is None:
            return Ga467Response(c.Sw3.READ_FAILED)
        info = c.BaseInfo(encode_card_text(self._card), self._card.photo_wlt, self.fingerprint)
        return Ga467Response(c.Sw3.OK, c.encode_base_info(info, with_fingerprint))

    def _no_content(self) -> Ga467Response:
        return Ga467Response(c.Sw3.NO_CONTENT if self._selected else c.Sw3.READ_FAILED)

    def _faulty(self, command: Ga467Command, response: Ga467Response) -> bytes:
        frame = response.encode()
        if not self._faults:
            return frame
        fault = self._faults.popleft()
        if fault is Fault.UNPLUG:
            self.connected = False
            self._splitter.clear()
        foreign = (
            Ga467Response(c.Sw3.OK, bytes(8))
            if command.code == c.FIND_CARD.code
            else Ga467Response(c.Sw3.CARD_FOUND, bytes(4))
        )
        faulty: dict[Fault, Callable[[], bytes]] = {
            Fault.BAD_CHECKSUM: lambda: frame[:-1] + bytes([frame[-1] ^ 0x5A]),
            Fault.TRUNCATED: lambda: frame[: len(frame) // 2],
            Fault.OVERSIZED: lambda: PREAMBLE + b"\xff\xf0" + bytes(32),
            Fault.BAD_LENGTH: lambda: PREAMBLE + b"\x00\x01\x01",
            Fault.NOISE: lambda: bytes((i * 37 + 11) % 251 for i in range(200)).replace(b"\xaa", b"\x55"),
            Fault.OUT_OF_ORDER: foreign.encode,
            Fault.SILENCE: lambda: b"",
            Fault.UNPLUG: lambda: frame[: len(frame) // 2],
            Fault.SAM_FAILURE: lambda: Ga467Response(c.Sw3.SAM_SELF_TEST_FAILED).encode(),
            Fault.READ_FAILURE: lambda: Ga467Response(c.Sw3.READ_FAILED).encode(),
        }
        return faulty[fault]()


class PtyReaderSimulator:
    """The simulator behind a pseudo-terminal, reachable at `link` (a symlink to the current pty).

    `unplug()` closes the pty (the driver's next read fails as with a pulled USB cable); `replug()` opens
    a new one and points `link` at it, as udev would with a stable by-id name. With `baudrate`, answers are
    paced at the time their bytes take on a 8N1 line.
    """

    def __init__(
        self,
        simulator: Ga467Simulator,
        link: Path,
        baudrate: int | None = 115200,
        line_baud: int | None = None,
    ) -> None:
        self.simulator = simulator
        self.link = link
        self.baudrate = baudrate
        # With line_baud, a host whose port is set to another speed gets line noise, as on a real UART.
        self.line_baud = line_baud
        self.bytes_sent = 0
        self._master = -1
        self._slave = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fd_lock = threading.Lock()

    def start(self) -> PtyReaderSimulator:
        self._open_pty()
        self._thread = threading.Thread(target=self._run, name="ga467-pty-simulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self._close_pty()
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()

    def __enter__(self) -> PtyReaderSimulator:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def unplug(self) -> None:
        self.simulator.unplug()
        self._close_pty()

    def replug(self) -> None:
        self._open_pty()
        self.simulator.replug()

    def _open_pty(self) -> None:
        master, slave = pty.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        with self._fd_lock:
            self._master, self._slave = master, slave  # our slave fd keeps the master from seeing EIO
        tmp = self.link.with_name(self.link.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(os.ttyname(slave))
        tmp.replace(self.link)

    def _close_pty(self) -> None:
        with self._fd_lock:
            master, slave, self._master, self._slave = self._master, self._slave, -1, -1
        for fd in (master, slave):
            if fd >= 0:
                os.close(fd)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._fd_lock:
                master = self._master
            if master < 0:
                time.sleep(0.02)
                continue
            try:
                readable, _, _ = select.select([master], [], [], 0.05)
                if not readable:
                    continue
                data = os.read(master, 4096)
            except (OSError, ValueError):
                time.sleep(0.02)  # the pty was closed under us (unplugged)
                continue
            if self.line_baud and not self._host_speed_matches():
                self._send(master, bytes(len(data)).replace(b"\x00", b"\xfe"))
                continue
            answer = self.simulator.receive(data)
            self._send(master, answer)
            if not self.simulator.connected:
                self._close_pty()

    def _host_speed_matches(self) -> bool:
        with self._fd_lock:
            slave = self._slave
        if slave < 0:
            return False
        speed = termios.tcgetattr(slave)[5]  # ospeed, as the host's pyserial set it on the shared tty
        return bool(speed == getattr(termios, f"B{self.line_baud}", None))

    def _send(self, master: int, data: bytes) -> None:
        chunk = 64
        for at in range(0, len(data), chunk):
            part = data[at : at + chunk]
            started = time.perf_counter()
            try:
                os.write(master, part)
            except OSError:
                return
            self.bytes_sent += len(part)
            if self.baudrate:
                left = len(part) * BITS_PER_BYTE / self.baudrate - (time.perf_counter() - started)
                if left > 0:
                    time.sleep(left)


def main(argv: list[str] | None = None) -> int:
    from app.devices.idcard.samples import SAMPLE_CARDS

    parser = argparse.ArgumentParser(description="GA/T 467 reader simulator on a pseudo-terminal")
    parser.add_argument(
        "--link",
        default="/tmp/ttyIDCARD",  # noqa: S108 (a developer tool)
        help="symlink to the pty (the port to configure)",
    )
    parser.add_argument("--baud", type=int, default=115200, help="pace answers like this baud rate (0: no)")
    args = parser.parse_args(argv)
    simulator = Ga467Simulator()
    with PtyReaderSimulator(simulator, Path(args.link), args.baud or None):
        print(f"reader on {args.link}; Enter places the next sample card, r removes it, q quits", flush=True)
        index = 0
        for line in iter(input, "q"):
            if line.strip() == "r":
                simulator.remove()
                continue
            card = SAMPLE_CARDS[index % len(SAMPLE_CARDS)]
            index += 1
            simulator.place(card)
            print(f"placed {card.card_type.value}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
