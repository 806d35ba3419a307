"""The 256-byte UCS-2LE text block of the four GA/T 467 card types, parsed into IdCardData (spec §3.7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from app.devices.idcard.frames import ProtocolError

TEXT_LEN = 256
LONG_TERM = "长期"


class CardTextError(ProtocolError):
    """A text block that is not 256 bytes of UCS-2 (a misread card, or a frame cut in the wrong place)."""


class CardType(StrEnum):
    RESIDENT = "resident"  # 居民身份证, marker ' '
    HMT_PERMIT = "hmt_permit"  # 港澳台居民居住证, marker 'J'
    FOREIGNER_2017 = "foreigner_2017"  # 外国人永久居留身份证 (2017), marker 'I'
    FOREIGNER_2023 = "foreigner_2023"  # 外国人永久居留身份证 (2023), marker 'Y'


_MARKERS = {
    " ": CardType.RESIDENT,
    "J": CardType.HMT_PERMIT,
    "I": CardType.FOREIGNER_2017,
    "Y": CardType.FOREIGNER_2023,
}
_MARKER_OF = {card: marker for marker, card in _MARKERS.items()}
_MARKER_AT = 248

# GB/T 3304-1991, as printed on the card (without 族).
NATIONS: dict[str, str] = {
    "01": "汉",
    "02": "蒙古",
    "03": "回",
    "04": "藏",
    "05": "维吾尔",
    "06": "苗",
    "07": "彝",
    "08": "壮",
    "09": "布依",
    "10": "朝鲜",
    "11": "满",
    "12": "侗",
    "13": "瑶",
    "14": "白",
    "15": "土家",
    "16": "哈尼",
    "17": "哈萨克",
    "18": "傣",
    "19": "黎",
    "20": "傈僳",
    "21": "佤",
    "22": "畲",
    "23": "高山",
    "24": "拉祜",
    "25": "水",
    "26": "东乡",
    "27": "纳西",
    "28": "景颇",
    "29": "柯尔克孜",
    "30": "土",
    "31": "达斡尔",
    "32": "仫佬",
    "33": "羌",
    "34": "布朗",
    "35": "撒拉",
    "36": "毛南",
    "37": "仡佬",
    "38": "锡伯",
    "39": "阿昌",
    "40": "普米",
    "41": "塔吉克",
    "42": "怒",
    "43": "乌孜别克",
    "44": "俄罗斯",
    "45": "鄂温克",
    "46": "德昂",
    "47": "保安",
    "48": "裕固",
    "49": "京",
    "50": "塔塔尔",
    "51": "独龙",
    "52": "鄂伦春",
    "53": "赫哲",
    "54": "门巴",
    "55": "珞巴",
    "56": "基诺",
    "97": "其他",
    "98": "外国血统中国籍人士",
}


def nation_name(code: str) -> str:
    """The nation's name for a GB/T 3304 code; an unknown code shows as itself."""
    return NATIONS.get(code, code)


class SexCode(StrEnum):
    """GB/T 2261.1."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSTATED = "9"


@dataclass(frozen=True)
class IdCardData:
    """What one card says. Dates are None where the card holds no parseable date.

    `valid_until` is None with `long_term` set for 长期 cards. `photo_wlt` is the undecoded photo.
    """

    card_type: CardType
    name: str
    sex: str
    birth_date: dt.date | None
    id_number: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    long_term: bool = False
    nation_code: str = ""
    address: str = ""
    issuer: str = ""
    english_name: str = ""
    nationality: str = ""  # GB/T 2659 code on foreigner cards
    pass_number: str = ""  # 通行证号码 on J cards
    issue_count: str = ""  # 签发次数 (J) or 换证次数 (Y)
    card_version: str = ""  # 证件版本号 (I)
    authority_code: str = ""  # 当次申请受理机关代码 (I)
    photo_wlt: bytes = field(default=b"", repr=False)
    has_fingerprint: bool = False

    @property
    def nation(self) -> str:
        return nation_name(self.nation_code) if self.nation_code else ""

    @property
    def sex_code(self) -> SexCode | None:
        try:
            return SexCode(self.sex)
        except ValueError:
            return None

    def is_expired(self, today: dt.date) -> bool:
        return not self.long_term and self.valid_until is not None and self.valid_until < today

    def __repr__(self) -> str:
        # Personal data stays out of logs and tracebacks.
        return f"IdCardData({self.card_type.value}, {self.id_number[:4]}…{self.id_number[-4:]})"


def _date(text: str) -> dt.date | None:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


class _Block:
    def __init__(self, block: bytes) -> None:
        self._block = block

    def text(self, at: int, length: int, strip: bool = True) -> str:
        raw = self._block[at : at + length]
        try:
            value = raw.decode("utf-16-le")
        except UnicodeDecodeError as exc:
            raise CardTextError(f"bytes {at}..{at + length} are not UCS-2") from exc
        value = value.replace("\x00", " ")
        return value.strip() if strip else value


def card_type_of(block: bytes) -> CardType:
    if len(block) != TEXT_LEN:
        raise CardTextError(f"text block of {len(block)} bytes")
    marker = _Block(block).text(_MARKER_AT, 2) or " "
    try:
        return _MARKERS[marker]
    except KeyError:
        raise CardTextError(f"unknown card type marker {marker!r}") from None


def parse_card_text(block: bytes, photo_wlt: bytes = b"", has_fingerprint: bool = False) -> IdCardData:
    """Parse a text block of any of the four layouts; raises CardTextError on a block that is not one."""
    card_type = card_type_of(block)
    t = _Block(block).text
    if card_type is CardType.FOREIGNER_2017:
        return IdCardData(
            card_type=card_type,
            english_name=t(0, 120),
            sex=t(120, 2),
            id_number=t(122, 30),
            nationality=t(152, 6),
            name=t(158, 30),
            valid_from=_date(t(188, 16)),
            valid_until=_date(t(204, 16)),
            long_term=t(204, 16) == LONG_TERM,
            birth_date=_date(t(220, 16)),
            card_version=t(236, 4),
            authority_code=t(240, 8),
            photo_wlt=photo_wlt,
            has_fingerprint=has_fingerprint,
        )
    english_head = _Block(block).text(52, 70, strip=False)
    english_tail = t(220, 22)
    is_2023 = card_type is CardType.FOREIGNER_2023
    is_hmt = card_type is CardType.HMT_PERMIT
    return IdCardData(
        card_type=card_type,
        name=t(0, 30),
        sex=t(30, 2),
        birth_date=_date(t(36, 16)),
        id_number=t(122, 36),
        issuer=t(158, 30),
        valid_from=_date(t(188, 16)),
        valid_until=_date(t(204, 16)),
        long_term=t(204, 16) == LONG_TERM,
        nation_code="" if is_2023 else t(32, 4),
        address="" if is_2023 else t(52, 70),
        english_name=(english_head + english_tail).strip() if is_2023 else "",
        nationality=t(242, 6) if is_2023 else "",
        issue_count=t(32, 4) if is_2023 else (t(238, 4) if is_hmt else ""),
        pass_number=t(220, 18) if is_hmt else "",
        photo_wlt=photo_wlt,
        has_fingerprint=has_fingerprint,
    )


class _Writer:
    def __init__(self) -> None:
        self.block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))

    def put(self, at: int, length: int, value: str) -> None:
        raw = value.encode("utf-16-le")
        if len(raw) > length:
            raise ValueError(f"{len(value)} characters do not fit in {length // 2}")
        self.block[at : at + len(raw)] = raw


def _date_text(value: dt.date | None, long_term: bool = False) -> str:
    if long_term:
        return LONG_TERM
    return value.strftime("%Y%m%d") if value else ""


def encode_card_text(card: IdCardData) -> bytes:
    """The text block a card of this data carries (the simulator's side; the inverse of parse_card_text)."""
    w = _Writer()
    until = _date_text(card.valid_until, card.long_term)
    if card.card_type is CardType.FOREIGNER_2017:
        for at, length, value in (
            (0, 120, card.english_name),
            (120, 2, card.sex),
            (122, 30, card.id_number),
            (152, 6, card.nationality),
            (158, 30, card.name),
            (188, 16, _date_text(card.valid_from)),
            (204, 16, until),
            (220, 16, _date_text(card.birth_date)),
            (236, 4, card.card_version),
            (240, 8, card.authority_code),
        ):
            w.put(at, length, value)
    else:
        for at, length, value in (
            (0, 30, card.name),
            (30, 2, card.sex),
            (36, 16, _date_text(card.birth_date)),
            (122, 36, card.id_number),
            (158, 30, card.issuer),
            (188, 16, _date_text(card.valid_from)),
            (204, 16, until),
        ):
            w.put(at, length, value)
        if card.card_type is CardType.FOREIGNER_2023:
            w.put(32, 4, card.issue_count)
            w.put(52, 70, card.english_name[:35])
            w.put(220, 22, card.english_name[35:])
            w.put(242, 6, card.nationality)
        else:
            w.put(32, 4, card.nation_code)
            w.put(52, 70, card.address)
        if card.card_type is CardType.HMT_PERMIT:
            w.put(220, 18, card.pass_number)
            w.put(238, 4, card.issue_count)
    w.put(_MARKER_AT, 2, _MARKER_OF[card.card_type])
    return bytes(w.block)
