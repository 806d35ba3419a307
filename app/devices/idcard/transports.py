"""Byte transports for GA/T 467 readers: a serial port (pyserial; USB-CDC readers too) or a simulator.

A transport moves bytes and nothing else; the protocol lives in reader.py (a reader is composed with a
transport, never subclassed per transport).
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING, Protocol

from app.devices.errors import TransportError

if TYPE_CHECKING:
    import serial

    from app.devices.simulator import Ga467Simulator

BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit


def _port_errors() -> tuple[type[BaseException], ...]:
    """What a failing port raises: pyserial's errors, OS errors, and termios.error (tcflush on a pty
    whose other end is gone), which is not an OSError."""
    import serial

    errors: tuple[type[BaseException], ...] = (serial.SerialException, OSError)
    try:
        import termios
    except ImportError:  # Windows
        return errors
    return (*errors, termios.error)


class Transport(Protocol):
    description: str

    @property
    def byte_time(self) -> float:
        """Seconds one byte takes on the wire (0 where the wire is not a serial line)."""

    def open(self) -> None: ...
    def close(self) -> None: ...
    def write(self, data: bytes) -> None: ...
    def read(self, size: int, timeout: float) -> bytes:
        """Up to `size` bytes; waits at most `timeout` for the first, returns b"" if none came."""

    def discard_input(self) -> None: ...


class SerialTransport:
    """A serial port or a USB-CDC reader (/dev/ttyUSB0, /dev/ttyACM0, COM3), 8N1."""

    def __init__(self, port: str, baudrate: int = 115200) -> None:
        self.port = port
        self.baudrate = baudrate
        self.description = f"{port} @ {baudrate}"
        self._serial: serial.Serial | None = None

    @property
    def byte_time(self) -> float:
        return BITS_PER_BYTE / self.baudrate

    def open(self) -> None:
        import serial

        self.close()
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=0.1, write_timeout=1.0)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise TransportError(f"cannot open {self.port}: {exc}") from exc

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(OSError):  # an unplugged device may refuse even to close
                port.close()

    def _port(self) -> serial.Serial:
        if self._serial is None:
            raise TransportError(f"{self.port} is not open")
        return self._serial

    def write(self, data: bytes) -> None:
        try:
            self._port().write(data)
        except _port_errors() as exc:
            raise TransportError(f"write to {self.port} failed: {exc}") from exc

    def read(self, size: int, timeout: float) -> bytes:
        port = self._port()
        try:
            port.timeout = max(timeout, 0.0)
            first: bytes = port.read(1)
            if not first:
                return b""
            waiting: int = port.in_waiting
            rest: bytes = port.read(min(waiting, size - 1)) if waiting and size > 1 else b""
            return first + rest
        except _port_errors() as exc:
            raise TransportError(f"read from {self.port} failed: {exc}") from exc

    def discard_input(self) -> None:
        try:
            self._port().reset_input_buffer()
        except _port_errors() as exc:
            raise TransportError(f"flush of {self.port} failed: {exc}") from exc


class SimulatedTransport:
    """Talks to an in-process Ga467Simulator (tests, the demo and training); no wire, no pacing."""

    def __init__(self, simulator: Ga467Simulator) -> None:
        self.simulator = simulator
        self.description = "simulated reader"
        self._inbound = bytearray()
        self._ready = threading.Condition()
        self._open = False

    @property
    def byte_time(self) -> float:
        return 0.0

    def open(self) -> None:
        if not self.simulator.connected:
            raise TransportError("simulated reader unplugged")
        with self._ready:
            self._inbound.clear()
            self._open = True

    def close(self) -> None:
        with self._ready:
            self._open = False
            self._inbound.clear()

    def _check(self) -> None:
        if not self._open:
            raise TransportError("simulated reader is not open")
        if not self.simulator.connected:
            self._open = False
            raise TransportError("simulated reader unplugged")

    def write(self, data: bytes) -> None:
        with self._ready:
            self._check()
        answer = self.simulator.receive(data)
        with self._ready:
            self._inbound += answer
            self._ready.notify_all()

    def read(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        with self._ready:
            while not self._inbound:
                self._check()
                left = deadline - time.monotonic()
                if left <= 0:
                    return b""
                self._ready.wait(min(left, 0.05))  # wakes to notice an unplug
            chunk = bytes(self._inbound[:size])
            del self._inbound[:size]
            return chunk

    def discard_input(self) -> None:
        with self._ready:
            self._check()
            self._inbound.clear()
