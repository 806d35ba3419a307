"""Social-security cards through a real pcscd with vpcd's virtual reader and an emulated card."""

from __future__ import annotations

import datetime as dt
import queue
from collections.abc import Iterator
from typing import Any

import pytest

from app.devices.pcsc.apdu import Transmit, exchange, read_record_sfi, select_aid, tlv_value
from app.devices.pcsc.plugins import CityCard
from app.devices.pcsc.station import PcscCardRead, PcscProblem, PcscState, PcscStation
from tests.support.pcscd import Pcscd
from tests.support.vpcd_card import EmulatedCard, VpcdCard, social_security_card

pytestmark = pytest.mark.pcsc


class Events:
    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, Any]] = queue.Queue()

    def pcsc_state_changed(self, state: PcscState, detail: str) -> None:
        self.queue.put(("state", state))

    def readers_changed(self, readers: tuple[str, ...]) -> None:
        self.queue.put(("readers", readers))

    def card_inserted(self, reader: str, atr: str) -> None:
        self.queue.put(("inserted", reader))

    def card_removed(self, reader: str) -> None:
        self.queue.put(("removed", reader))

    def card_identified(self, read: PcscCardRead) -> None:
        self.queue.put(("identified", read))

    def wait(self, kind: str, timeout: float = 15.0) -> Any:
        while True:
            event, payload = self.queue.get(timeout=timeout)
            if event == kind:
                return payload


class TransitCard:
    """A site plug-in as a city would write one: its own AID, its own record."""

    name = "test city"
    AID = bytes.fromhex("D156000016")

    def read(self, atr: bytes, transmit: Transmit) -> CityCard | None:
        if not exchange(transmit, select_aid(self.AID)).ok:
            return None
        number = exchange(transmit, read_record_sfi(1, 0x15, 0x0C))
        return CityCard("测试市民卡", tlv_value(number.data).decode())


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def station(pcscd: Pcscd, events: Events) -> Iterator[PcscStation]:
    station = PcscStation(events, reader_filter="Virtual PCD", plugins=(TransitCard(),))
    station.start()
    try:
        assert events.wait("state") is PcscState.READY
        readers = events.wait("readers")
        assert any("Virtual PCD" in r for r in readers)
        yield station
    finally:
        station.stop()


@pytest.mark.parametrize("generation", [2, 3])
def test_insert_read_and_remove_a_social_security_card(
    station: PcscStation, events: Events, pcscd: Pcscd, generation: int
) -> None:
    card = VpcdCard(social_security_card(generation), pcscd.port).insert()
    try:
        events.wait("inserted")
        read = events.wait("identified")
    finally:
        card.remove()
    events.wait("removed")
    ss = read.social_security
    assert read.problem is PcscProblem.NONE
    assert ss is not None
    assert ss.card_id == "411600D156000005C38275EEFC9B9648"
    assert ss.region_code == "411600"
    assert ss.spec_version == f"{generation}.00"
    assert (ss.issued, ss.expires) == (dt.date(2021, 12, 3), dt.date(2031, 12, 2))
    if generation == 2:
        assert ss.card_number == "A12345678"
        assert ss.holder is not None
        assert (ss.holder.ss_number, ss.holder.name, ss.holder.sex) == ("110101199003070011", "张三", "1")
        assert not ss.psam_required
    else:
        assert ss.card_number == ""
        assert ss.holder is None
        assert ss.psam_required


def test_a_city_card_goes_to_the_site_plugin_and_an_unknown_card_is_named(
    station: PcscStation, events: Events, pcscd: Pcscd
) -> None:
    city = EmulatedCard({TransitCard.AID: {(0x15, 1): b"3301000001"}})
    card = VpcdCard(city, pcscd.port).insert()
    try:
        read = events.wait("identified")
    finally:
        card.remove()
    events.wait("removed")
    assert read.city == CityCard("测试市民卡", "3301000001")

    card = VpcdCard(EmulatedCard(), pcscd.port).insert()
    try:
        assert events.wait("identified").problem is PcscProblem.UNKNOWN_CARD
    finally:
        card.remove()
    events.wait("removed")


def test_pcscd_stopping_and_starting_again_is_followed(
    station: PcscStation, events: Events, pcscd: Pcscd
) -> None:
    pcscd.stop()
    assert events.wait("state") is PcscState.NO_SERVICE
    pcscd.start()
    assert events.wait("state") is PcscState.READY
    card = VpcdCard(social_security_card(2), pcscd.port).insert()
    try:
        assert events.wait("identified").social_security is not None
    finally:
        card.remove()
