"""Finding the reader: try each candidate port at each baud rate with a SAM status command (spec §3.11)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from app.devices.errors import TransportError
from app.devices.idcard.cardtext import IdCardData
from app.devices.idcard.frames import ProtocolError
from app.devices.idcard.reader import FrameRecord, Ga467Reader, SamUnavailable
from app.devices.idcard.transports import SerialTransport

log = logging.getLogger(__name__)

BAUD_RATES = (115200, 9600, 57600, 38400, 19200)


def candidate_ports() -> list[str]:
    """Serial and USB-CDC ports present now, USB ones first (desk readers are USB)."""
    from serial.tools import list_ports

    ports = [p.device for p in list_ports.comports()]
    return sorted(ports, key=lambda p: (not any(k in p for k in ("USB", "ACM")), p))


def probe(ports: Sequence[str], bauds: Sequence[int]) -> tuple[str, int] | None:
    """The first (port, baud) whose SAM answers a status command well-formed, or None."""
    for port in ports:
        for baud in bauds:
            reader = Ga467Reader(SerialTransport(port, baud), retries=0, settle=0.02)
            try:
                reader.transport.open()
                reader.check_sam()
            except TransportError:
                break  # the port itself is unusable: no other baud rate will help
            except (ProtocolError, SamUnavailable):
                continue
            finally:
                reader.close()
            log.info("ID card reader found on %s at %d baud", port, baud)
            return port, baud
    return None


class SerialReader:
    """The GA/T 467 driver on a serial port, where the port and/or the baud rate may be found by probing.

    `port` None means any candidate port; `baud` None means any of BAUD_RATES. Probing happens at every
    (re)connect, so a reader plugged into another USB socket is found again.
    """

    def __init__(
        self,
        port: str | None,
        baud: int | None,
        *,
        on_frame: Callable[[FrameRecord], None] | None = None,
        ports: Callable[[], list[str]] = candidate_ports,
    ) -> None:
        self._port = port
        self._baud = baud
        self._on_frame = on_frame
        self._ports = ports
        self._reader: Ga467Reader | None = None
        self.description = f"GA/T 467 {port or 'auto'} @ {baud or 'auto'}"

    def open(self) -> None:
        port, baud = self._port, self._baud
        if port is None or baud is None:
            found = probe([port] if port else self._ports(), [baud] if baud else BAUD_RATES)
            if found is None:
                raise TransportError("no ID card reader answered on any port")
            port, baud = found
        reader = Ga467Reader(SerialTransport(port, baud), on_frame=self._on_frame)
        reader.open()
        self._reader = reader
        self.description = f"GA/T 467 {port} @ {baud}"

    def _current(self) -> Ga467Reader:
        if self._reader is None:
            raise TransportError("reader not open")
        return self._reader

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def poll(self) -> IdCardData | None:
        return self._current().poll()

    def present(self) -> bool:
        return self._current().present()

    def sam_id(self) -> str:
        return self._current().sam_id()
