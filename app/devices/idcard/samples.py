"""Sample cards of each type, with obviously fictional people and valid check characters.

The simulator carries them; the demo's 放置证件 menu, the tests and the benchmarks place them. The
resident, HMT and 2023 numbers are the synthetic fixtures of domain spec §1.3 and §1.5.
"""

from __future__ import annotations

import datetime as dt

from app.devices.idcard.cardtext import CardType, IdCardData


def _sample_photo(seed: int) -> bytes:
    """1024 bytes standing in for a WLT photo (the format is proprietary; nothing here decodes it)."""
    return bytes((seed * 31 + i * 7) % 256 for i in range(1024))


RESIDENT = IdCardData(
    card_type=CardType.RESIDENT,
    name="张三",
    sex="1",
    nation_code="01",
    birth_date=dt.date(1990, 3, 7),
    address="北京市东城区示例路1号演示小区2幢3单元101室",
    id_number="110101199003070011",
    issuer="北京市公安局东城分局",
    valid_from=dt.date(2016, 3, 7),
    valid_until=dt.date(2036, 3, 7),
    photo_wlt=_sample_photo(1),
)

RESIDENT_LONG_TERM = IdCardData(
    card_type=CardType.RESIDENT,
    name="王芳",
    sex="2",
    nation_code="03",
    birth_date=dt.date(1949, 12, 31),
    address="北京市朝阳区样例街道演示路88号",
    id_number="11010519491231002X",
    issuer="北京市公安局朝阳分局",
    valid_from=dt.date(2010, 5, 20),
    valid_until=None,
    long_term=True,
    photo_wlt=_sample_photo(2),
)

RESIDENT_EXPIRED = IdCardData(
    card_type=CardType.RESIDENT,
    name="李四",
    sex="1",
    nation_code="08",
    birth_date=dt.date(1985, 6, 15),
    address="北京市东城区测试胡同6号",
    id_number="110101198506150035",
    issuer="北京市公安局东城分局",
    valid_from=dt.date(2005, 6, 15),
    valid_until=dt.date(2025, 6, 15),
    photo_wlt=_sample_photo(3),
)

HMT_PERMIT = IdCardData(
    card_type=CardType.HMT_PERMIT,
    name="王五",
    sex="1",
    birth_date=dt.date(1990, 1, 1),
    address="广东省深圳市福田区示例大道100号",
    id_number="810000199001010019",
    issuer="深圳市公安局",
    valid_from=dt.date(2022, 1, 1),
    valid_until=dt.date(2027, 1, 1),
    pass_number="H12345678",  # noqa: S106 (a travel permit number, not a password)
    issue_count="01",
    photo_wlt=_sample_photo(4),
)

FOREIGNER_2017 = IdCardData(
    card_type=CardType.FOREIGNER_2017,
    english_name="SAMPLE, MARY",
    name="玛丽·样例",
    sex="2",
    id_number="GBR310085010112",
    nationality="GBR",
    valid_from=dt.date(2018, 4, 1),
    valid_until=dt.date(2028, 4, 1),
    birth_date=dt.date(1985, 1, 1),
    card_version="02",
    authority_code="3100",
    photo_wlt=_sample_photo(5),
)

FOREIGNER_2023 = IdCardData(
    card_type=CardType.FOREIGNER_2023,
    name="约翰·样例",
    english_name="SAMPLE-EXAMPLE JOHN ALEXANDER WILLIAM SMITH",
    sex="1",
    birth_date=dt.date(1990, 1, 1),
    id_number="911840199001010018",
    issuer="国家移民管理局",
    valid_from=dt.date(2024, 1, 10),
    valid_until=dt.date(2034, 1, 10),
    nationality="USA",
    issue_count="00",
    photo_wlt=_sample_photo(6),
)

# One of each type first (the demo's menu order), then the variants.
SAMPLE_CARDS: tuple[IdCardData, ...] = (
    RESIDENT,
    HMT_PERMIT,
    FOREIGNER_2017,
    FOREIGNER_2023,
    RESIDENT_LONG_TERM,
    RESIDENT_EXPIRED,
)
