"""Reading a social-security card's identification (EF05) and, where the card allows it, holder basics.

Generation 1 and 2 cards give EF05 and EF06 without authentication; generation 3 cards (规范版本 3.00)
refuse the holder's data without a PSAM (spec §4.3). The workstation reads what it can and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.devices.pcsc.apdu import (
    SS_AID,
    SW_RECORD_NOT_FOUND,
    SW_SECURITY_NOT_SATISFIED,
    CardCommandError,
    Transmit,
    exchange,
    read_record_sfi,
    select_aid,
    tlv_value,
)

EF05, EF06 = 0x05, 0x06
# (record, Le) of EF05 (spec §4.2)
_CARD_ID, _CARD_TYPE, _VERSION, _INIT_ORG, _ISSUED, _EXPIRES, _CARD_NUMBER = (
    (1, 0x12),
    (2, 0x03),
    (3, 0x06),
    (4, 0x0E),
    (5, 0x06),
    (6, 0x06),
    (7, 0x0B),
)
_SS_NUMBER, _NAME = (1, 0x14), (2, 0x20)


class NotSocialSecurityCard(Exception):
    """The card has no social-security application (SELECT refused)."""


@dataclass(frozen=True)
class SocialSecurityHolder:
    ss_number: str  # 社会保障号码 (the citizen ID number)
    name: str
    sex: str = ""

    def __repr__(self) -> str:
        return f"SocialSecurityHolder({self.ss_number[:4]}…{self.ss_number[-4:]})"


@dataclass(frozen=True)
class SocialSecurityCard:
    card_id: str  # 卡识别码, 32 hex digits
    card_type: str
    spec_version: str  # "1.00" / "2.00" / "3.00"
    init_org: str
    issued: dt.date | None
    expires: dt.date | None
    card_number: str  # 卡号, empty on a generation-3 card read without a PSAM
    holder: SocialSecurityHolder | None
    psam_required: bool  # the holder's data (or the card number) needs a PSAM on this card

    @property
    def region_code(self) -> str:
        """发卡地区行政区划代码: the first 6 digits of the card identification code."""
        return self.card_id[:6]

    @property
    def generation(self) -> int:
        return int(self.spec_version[:1]) if self.spec_version[:1].isdigit() else 0

    def is_expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


def _bcd_date(value: bytes) -> dt.date | None:
    digits = value.hex()
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _text(value: bytes, encoding: str = "ascii") -> str:
    return value.decode(encoding, errors="replace").replace("\x00", " ").strip()


def _record(transmit: Transmit, sfi: int, record: tuple[int, int]) -> bytes | None:
    """A record's value; None when the card wants a PSAM first or has no such record."""
    reply = exchange(transmit, read_record_sfi(record[0], sfi, record[1]))
    if reply.sw in (SW_SECURITY_NOT_SATISFIED, SW_RECORD_NOT_FOUND):
        return None
    if not reply.ok:
        raise CardCommandError(f"READ RECORD {record[0]} of EF{sfi:02X}", reply.sw)
    return tlv_value(reply.data)


def read_social_security_card(transmit: Transmit) -> SocialSecurityCard:
    """SELECT the SSSE application, read EF05 and, if the card allows, the holder basics in EF06."""
    selected = exchange(transmit, select_aid(SS_AID))
    if not selected.ok:
        raise NotSocialSecurityCard(f"SW {selected.sw:04X}")

    def ef05(record: tuple[int, int]) -> bytes:
        return _record(transmit, EF05, record) or b""

    card_id = ef05(_CARD_ID).hex().upper()
    version = _text(ef05(_VERSION))
    card_number = _text(ef05(_CARD_NUMBER))
    ss_number = _record(transmit, EF06, _SS_NUMBER)
    name = _record(transmit, EF06, _NAME)
    holder = None
    if ss_number and name and _text(ss_number):
        sex = _record(transmit, EF06, (4 if version.startswith("2") else 3, 0x03))
        holder = SocialSecurityHolder(_text(ss_number), _text(name, "gbk"), _text(sex or b""))
    return SocialSecurityCard(
        card_id=card_id,
        card_type=ef05(_CARD_TYPE).hex().upper(),
        spec_version=version,
        init_org=_text(ef05(_INIT_ORG)),
        issued=_bcd_date(ef05(_ISSUED)),
        expires=_bcd_date(ef05(_EXPIRES)),
        card_number=card_number,
        holder=holder,
        psam_required=holder is None or not card_number,
    )
