"""The PC/SC station: one bus thread watches pcscd for readers and cards and reads each card inserted.

All PC/SC calls (context, status changes, connect, transmit) happen on this one thread. pcscd that is not
running, or stops, is retried every second; readers that come and go are followed through the PnP
notification; each card inserted is read once: social-security application first, then city plug-ins.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from app.devices.bus import DeviceBus
from app.devices.pcsc.apdu import CardCommandError, Reply
from app.devices.pcsc.plugins import CityCard, CityCardPlugin
from app.devices.pcsc.sscard import NotSocialSecurityCard, SocialSecurityCard, read_social_security_card

log = logging.getLogger(__name__)

PNP_READER = "\\\\?PnP?\\Notification"


class PcscState(StrEnum):
    OFF = "off"
    NO_SERVICE = "no_service"  # pcscd not running (or stopped): retried every second
    READY = "ready"


class PcscProblem(StrEnum):
    NONE = ""
    UNKNOWN_CARD = "unknown_card"  # neither social-security nor a configured city card
    CARD_ERROR = "card_error"  # the card refused a command, or was pulled out mid-read


@dataclass(frozen=True)
class PcscCardRead:
    reader: str
    atr: str
    social_security: SocialSecurityCard | None = None
    city: CityCard | None = None
    problem: PcscProblem = PcscProblem.NONE
    detail: str = ""


class PcscListener(Protocol):
    def pcsc_state_changed(self, state: PcscState, detail: str) -> None: ...
    def readers_changed(self, readers: tuple[str, ...]) -> None: ...
    def card_inserted(self, reader: str, atr: str) -> None: ...
    def card_removed(self, reader: str) -> None: ...
    def card_identified(self, read: PcscCardRead) -> None: ...


class CardGone(Exception):
    """A transmit failed: the card was removed or reset mid-read."""


def _scard() -> Any:
    from smartcard import scard

    return scard


class PcscStation:
    def __init__(
        self,
        listener: PcscListener,
        *,
        reader_filter: str = "",
        plugins: tuple[CityCardPlugin, ...] = (),
        wait_ms: int = 200,
    ) -> None:
        self._listener = listener
        self._filter = reader_filter
        self._plugins = plugins
        self._wait_ms = wait_ms
        self._context: Any = None
        self._state = PcscState.OFF
        self._readers: tuple[str, ...] = ()
        self._reader_states: dict[str, int] = {}
        self._pnp_state = 0
        self.bus = DeviceBus("pcsc", self._tick)

    def start(self) -> None:
        self.bus.start()

    def stop(self) -> None:
        if self.bus.running:
            self.bus.submit(self._release).result(10)
        self.bus.stop()

    # -- on the bus thread
    def _set_state(self, state: PcscState, detail: str) -> None:
        if state is not self._state:
            self._state = state
            self._listener.pcsc_state_changed(state, detail)

    def _release(self) -> None:
        self.bus.assert_current()
        if self._context is not None:
            _scard().SCardReleaseContext(self._context)
            self._context = None
        if self._readers:
            self._readers = ()
            self._reader_states.clear()
            self._listener.readers_changed(())

    def _tick(self) -> float:
        self.bus.assert_current()
        scard = _scard()
        if self._context is None:
            hr, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hr != scard.SCARD_S_SUCCESS:
                self._set_state(PcscState.NO_SERVICE, scard.SCardGetErrorMessage(hr))
                return 1.0
            self._context = context
            self._pnp_state = scard.SCARD_STATE_UNAWARE
            self._set_state(PcscState.READY, "")
        if not self._refresh_readers(scard):
            return 1.0
        return self._wait_for_change(scard)

    def _lost_service(self, scard: Any, hr: int) -> bool:
        if hr in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_INVALID_HANDLE):
            log.warning("pcscd went away: %s", scard.SCardGetErrorMessage(hr))
            self._release()
            self._set_state(PcscState.NO_SERVICE, scard.SCardGetErrorMessage(hr))
            return True
        return False

    def _refresh_readers(self, scard: Any) -> bool:
        hr, names = scard.SCardListReaders(self._context, [])
        if hr == scard.SCARD_E_NO_READERS_AVAILABLE:
            names = []
        elif self._lost_service(scard, hr):
            return False
        readers = tuple(n for n in names if self._filter in n)
        if readers != self._readers:
            for gone in set(self._readers) - set(readers):
                if self._reader_states.pop(gone, 0) & scard.SCARD_STATE_PRESENT:
                    self._listener.card_removed(gone)
            self._readers = readers
            self._listener.readers_changed(readers)
        return True

    def _wait_for_change(self, scard: Any) -> float:
        states = [(r, self._reader_states.get(r, scard.SCARD_STATE_UNAWARE)) for r in self._readers]
        states.append((PNP_READER, self._pnp_state))
        hr, changed = scard.SCardGetStatusChange(self._context, self._wait_ms, states)
        if hr == scard.SCARD_E_TIMEOUT:
            return 0.0
        if self._lost_service(scard, hr):
            return 1.0
        if hr != scard.SCARD_S_SUCCESS:
            log.warning("SCardGetStatusChange: %s", scard.SCardGetErrorMessage(hr))
            return 0.5
        for reader, reported, atr in changed:
            event = reported & ~scard.SCARD_STATE_CHANGED
            if reader == PNP_READER:
                self._pnp_state = event
                continue
            before = self._reader_states.get(reader, 0)
            self._reader_states[reader] = event
            was = bool(before & scard.SCARD_STATE_PRESENT)
            now = bool(event & scard.SCARD_STATE_PRESENT) and not event & scard.SCARD_STATE_MUTE
            if now and not was:
                atr_hex = bytes(atr).hex().upper()
                self._listener.card_inserted(reader, atr_hex)
                self._listener.card_identified(self._read(scard, reader, atr_hex))
            elif was and not now:
                self._listener.card_removed(reader)
        return 0.0

    def _read(self, scard: Any, reader: str, atr: str) -> PcscCardRead:
        hr, card, protocol = scard.SCardConnect(
            self._context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if hr != scard.SCARD_S_SUCCESS:
            return PcscCardRead(
                reader, atr, problem=PcscProblem.CARD_ERROR, detail=scard.SCardGetErrorMessage(hr)
            )

        def transmit(apdu: bytes) -> Reply:
            rc, response = scard.SCardTransmit(card, protocol, list(apdu))
            if rc != scard.SCARD_S_SUCCESS or len(response) < 2:
                raise CardGone(scard.SCardGetErrorMessage(rc))
            return Reply(bytes(response[:-2]), response[-2], response[-1])

        try:
            return self._identify(reader, atr, transmit)
        except (CardGone, CardCommandError) as exc:
            return PcscCardRead(reader, atr, problem=PcscProblem.CARD_ERROR, detail=str(exc))
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)

    def _identify(self, reader: str, atr: str, transmit: Any) -> PcscCardRead:
        try:
            return PcscCardRead(reader, atr, social_security=read_social_security_card(transmit))
        except NotSocialSecurityCard:
            pass
        for plugin in self._plugins:
            city = plugin.read(bytes.fromhex(atr), transmit)
            if city is not None:
                return PcscCardRead(reader, atr, city=city)
        return PcscCardRead(reader, atr, problem=PcscProblem.UNKNOWN_CARD)
