"""The four text-block layouts (domain spec §3.7), the nation codes (§3.8) and the sample cards."""

from __future__ import annotations

import datetime as dt

import pytest

from app.devices.idcard import samples
from app.devices.idcard.cardtext import (
    NATIONS,
    CardTextError,
    CardType,
    IdCardData,
    card_type_of,
    encode_card_text,
    nation_name,
    parse_card_text,
)
from app.domain.identifiers import CitizenId, check_citizen_id

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    "card", samples.SAMPLE_CARDS, ids=lambda c: f"{c.card_type.value}-{c.id_number[-4:]}"
)
def test_every_sample_round_trips_through_its_text_block(card: IdCardData) -> None:
    block = encode_card_text(card)
    assert len(block) == 256
    assert parse_card_text(block, card.photo_wlt) == card


@pytest.mark.parametrize(
    ("card", "marker"),
    [
        (samples.RESIDENT, b"\x20\x00"),
        (samples.HMT_PERMIT, b"J\x00"),
        (samples.FOREIGNER_2017, b"I\x00"),
        (samples.FOREIGNER_2023, b"Y\x00"),
    ],
)
def test_card_type_marker_sits_at_bytes_248_249(card: IdCardData, marker: bytes) -> None:
    block = encode_card_text(card)
    assert block[248:250] == marker
    assert card_type_of(block) is card.card_type


def test_resident_block_matches_the_spec_fixture_byte_by_byte() -> None:
    block = encode_card_text(samples.RESIDENT)
    assert block[:8] == bytes.fromhex("205F094E20002000")  # "张三" then spaces (Appendix A)
    assert block[30:32] == "1".encode("utf-16-le")
    assert block[32:36] == "01".encode("utf-16-le")
    assert block[36:52] == "19900307".encode("utf-16-le")
    assert block[122:158] == "110101199003070011".encode("utf-16-le")
    assert block[188:204] == "20160307".encode("utf-16-le")
    assert block[204:220] == "20360307".encode("utf-16-le")
    assert block[220:256] == b"\x20\x00" * 18


def test_resident_fields() -> None:
    card = parse_card_text(encode_card_text(samples.RESIDENT))
    assert (card.name, card.sex, card.nation, card.birth_date) == ("张三", "1", "汉", dt.date(1990, 3, 7))
    assert card.issuer == "北京市公安局东城分局"
    assert (card.valid_from, card.valid_until, card.long_term) == (
        dt.date(2016, 3, 7),
        dt.date(2036, 3, 7),
        False,
    )
    assert isinstance(check_citizen_id(card.id_number, TODAY), CitizenId)


def test_long_term_validity_is_written_as_changqi() -> None:
    block = encode_card_text(samples.RESIDENT_LONG_TERM)
    assert block[204:208] == "长期".encode("utf-16-le")
    card = parse_card_text(block)
    assert card.long_term
    assert card.valid_until is None
    assert not card.is_expired(dt.date(2099, 1, 1))


def test_expiry() -> None:
    assert samples.RESIDENT_EXPIRED.is_expired(TODAY)
    assert not samples.RESIDENT.is_expired(TODAY)
    assert not samples.RESIDENT.is_expired(dt.date(2036, 3, 7))  # valid through its last day
    assert samples.RESIDENT.is_expired(dt.date(2036, 3, 8))


def test_hmt_permit_has_no_nation_but_a_pass_number() -> None:
    card = parse_card_text(encode_card_text(samples.HMT_PERMIT))
    assert card.card_type is CardType.HMT_PERMIT
    assert card.nation_code == ""
    assert (card.pass_number, card.issue_count) == ("H12345678", "01")
    assert card.id_number.startswith("810000")


def test_foreigner_2017_layout() -> None:
    block = encode_card_text(samples.FOREIGNER_2017)
    assert block[0:24] == "SAMPLE, MARY".encode("utf-16-le")
    assert block[122:152] == "GBR310085010112".encode("utf-16-le")
    assert block[152:158] == "GBR".encode("utf-16-le")
    assert block[158:168] == "玛丽·样例".encode("utf-16-le")
    card = parse_card_text(block)
    assert (card.english_name, card.name, card.nationality) == ("SAMPLE, MARY", "玛丽·样例", "GBR")
    assert card.birth_date == dt.date(1985, 1, 1)
    assert (card.card_version, card.authority_code) == ("02", "3100")


def test_foreigner_2023_english_name_spans_two_fields() -> None:
    block = encode_card_text(samples.FOREIGNER_2023)
    name = samples.FOREIGNER_2023.english_name
    assert len(name) > 35
    assert block[52:122] == name[:35].encode("utf-16-le")
    assert block[220:242].decode("utf-16-le").strip() == name[35:]
    card = parse_card_text(block)
    assert card.english_name == name
    assert card.nationality == "USA"
    assert card.id_number.startswith("9")


def test_nation_table() -> None:
    assert len(NATIONS) == 58
    assert (NATIONS["01"], NATIONS["36"], NATIONS["46"], NATIONS["56"]) == ("汉", "毛南", "德昂", "基诺")
    assert NATIONS["98"] == "外国血统中国籍人士"
    assert nation_name("77") == "77"  # unknown: shown raw, never a crash


def test_unparseable_dates_become_none() -> None:
    block = bytearray(encode_card_text(samples.RESIDENT))
    block[36:52] = "1990023X".encode("utf-16-le")
    block[188:204] = "20160230".encode("utf-16-le")
    card = parse_card_text(bytes(block))
    assert card.birth_date is None
    assert card.valid_from is None


@pytest.mark.parametrize(
    "block",
    [
        b"",
        bytes(255),
        encode_card_text(samples.RESIDENT)[:248] + "Q".encode("utf-16-le") + bytes(6),
        encode_card_text(samples.RESIDENT)[:10] + b"\x00\xd8" + encode_card_text(samples.RESIDENT)[12:],
    ],
)
def test_bad_blocks_raise_card_text_errors(block: bytes) -> None:
    with pytest.raises(CardTextError):
        parse_card_text(block)


def test_repr_hides_personal_data() -> None:
    text = repr(samples.RESIDENT)
    assert "张三" not in text
    assert samples.RESIDENT.id_number not in text


def test_too_long_fields_are_refused_when_encoding() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="do not fit"):
        encode_card_text(replace(samples.RESIDENT, name="名" * 16))
