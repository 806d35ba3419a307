"""The ID-card station: polls a reader on its own bus thread and reports what happens to a listener.

Cards are read once per placement; a port that disappears is reopened every second until it is back;
protocol errors are counted, reported and the polling goes on. Nothing here ever blocks the GUI thread:
the listener's methods are called on the bus thread and the UI's bridge turns them into Qt signals.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

from app.devices.bus import DeviceBus
from app.devices.errors import TransportError
from app.devices.idcard.cardtext import IdCardData
from app.devices.idcard.frames import ProtocolError
from app.devices.idcard.photo import NoPhotoDecoder, Photo, PhotoDecoder
from app.devices.idcard.reader import CardReadFailed, SamUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")


class ReaderState(StrEnum):
    OFF = "off"  # no reader configured: the clerk types everything
    CONNECTING = "connecting"
    READY = "ready"
    DISCONNECTED = "disconnected"  # port missing or unplugged; retried every second
    SAM_FAULT = "sam_fault"


class ReadProblem(StrEnum):
    PROTOCOL = "protocol"  # malformed answers even after retries
    CARD = "card"  # the SAM could not read the card; place it again


@dataclass(frozen=True)
class CardPlaced:
    card: IdCardData
    photo: Photo
    elapsed_ms: float


class IdCardDriver(Protocol):
    """What the station polls: the GA/T 467 driver and the vendor SDK adapter both implement it."""

    description: str

    def open(self) -> None: ...
    def close(self) -> None: ...
    def poll(self) -> IdCardData | None:
        """Find, select and read a card; None when there is none."""

    def present(self) -> bool:
        """Whether the card already read is still there (find only, no read)."""

    def sam_id(self) -> str:
        """The SAM number on the reader's label (the device test page shows it)."""


class CardListener(Protocol):
    def reader_state_changed(self, state: ReaderState, detail: str) -> None: ...
    def card_placed(self, placed: CardPlaced) -> None: ...
    def card_removed(self) -> None: ...
    def read_failed(self, problem: ReadProblem, detail: str) -> None: ...


class IdCardStation:
    def __init__(
        self,
        driver: IdCardDriver | None,
        listener: CardListener,
        *,
        photo_decoder: PhotoDecoder | None = None,
        poll_interval: float = 0.1,
        reconnect_interval: float = 1.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._driver = driver
        self._listener = listener
        self._photo = photo_decoder or NoPhotoDecoder()
        self._poll_interval = poll_interval
        self._reconnect_interval = reconnect_interval
        self._clock = clock or time.perf_counter
        self._state = ReaderState.OFF
        self._open = False
        self._card_present = False
        self.bus = DeviceBus("idcard", self._tick)

    @property
    def state(self) -> ReaderState:
        return self._state

    @property
    def description(self) -> str:
        return self._driver.description if self._driver else ""

    def start(self) -> None:
        self.bus.start()

    def stop(self) -> None:
        if self.bus.running:
            self.bus.submit(self._close).result(10)
        self.bus.stop()

    def run(self, job: Callable[[IdCardDriver], T]) -> Future[T]:
        """Run a job with the driver on the bus thread (the device test page's SAM check, for one)."""

        def body() -> T:
            if self._driver is None or not self._open:
                raise TransportError("no reader connected")
            return job(self._driver)

        return self.bus.submit(body)

    def replace_driver(
        self, driver: IdCardDriver | None, photo_decoder: PhotoDecoder | None = None
    ) -> Future[None]:
        """Switch to another reader (the settings page saved); the old one is closed on the bus."""

        def body() -> None:
            self._close()
            self._driver = driver
            if photo_decoder is not None:
                self._photo = photo_decoder
            self._set_state(ReaderState.CONNECTING if driver else ReaderState.OFF, "")

        return self.bus.submit(body)

    # -- on the bus thread
    def _set_state(self, state: ReaderState, detail: str) -> None:
        if state is not self._state:
            self._state = state
            self._listener.reader_state_changed(state, detail)

    def _close(self) -> None:
        self.bus.assert_current()
        if self._driver is not None and self._open:
            self._driver.close()
        self._open = False
        self._card_present = False

    def _tick(self) -> float:
        self.bus.assert_current()
        driver = self._driver
        if driver is None:
            self._set_state(ReaderState.OFF, "")
            return 1.0
        if not self._open:
            return self._connect(driver)
        try:
            self._poll(driver)
        except TransportError as exc:
            log.warning("ID card reader lost: %s", exc)
            self._close()
            self._set_state(ReaderState.DISCONNECTED, str(exc))
            return self._reconnect_interval
        except ProtocolError as exc:
            log.info("ID card reader protocol error: %s", type(exc).__name__)
            self._listener.read_failed(ReadProblem.PROTOCOL, type(exc).__name__)
        except CardReadFailed as exc:
            self._listener.read_failed(ReadProblem.CARD, str(exc))
        except SamUnavailable as exc:
            self._close()
            self._set_state(ReaderState.SAM_FAULT, str(exc))
            return self._reconnect_interval
        return self._poll_interval

    def _poll(self, driver: IdCardDriver) -> None:
        if self._card_present:
            if not driver.present():
                self._card_present = False
                self._listener.card_removed()
            return
        started = self._clock()
        card = driver.poll()
        if card is not None:
            self._card_present = True
            photo = self._photo.decode(card.photo_wlt)
            self._listener.card_placed(CardPlaced(card, photo, (self._clock() - started) * 1000))

    def _connect(self, driver: IdCardDriver) -> float:
        if self._state is ReaderState.OFF:
            self._set_state(ReaderState.CONNECTING, "")
        try:
            driver.open()
        except TransportError as exc:
            self._set_state(ReaderState.DISCONNECTED, str(exc))
            return self._reconnect_interval
        except SamUnavailable as exc:
            self._set_state(ReaderState.SAM_FAULT, str(exc))
            return self._reconnect_interval
        except ProtocolError as exc:
            driver.close()
            self._set_state(ReaderState.DISCONNECTED, type(exc).__name__)
            return self._reconnect_interval
        self._open = True
        self._set_state(ReaderState.READY, driver.description)
        return 0.0
