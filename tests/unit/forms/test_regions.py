"""The GB/T 2260 snapshot and the cascade over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.forms.regions import RegionTable, city_of, level_of, load_regions, province_of
from tests.support.forms import REGIONS_FILE, catalogue, regions


def test_the_snapshot_covers_every_province_and_all_of_zhejiang() -> None:
    table = regions()
    provinces = table.provinces()
    assert len(provinces) == 34  # 31 mainland provinces + 台湾省, 香港, 澳门
    assert all(table.children(code) for code in provinces if code not in {"710000", "810000", "820000"})
    zhejiang = table.children("330000")
    assert [table.name(code) for code in zhejiang] == [
        "杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市",
    ]  # fmt: skip
    assert sum(len(table.children(city)) for city in zhejiang) == 90
    assert table.name("330106") == "西湖区"
    assert catalogue().region_code in table
    assert table.as_of == "2023-06-30"
    assert "modood" in table.source
    assert "330171" not in table  # statistical functional zones are not GB/T 2260 codes


def test_hierarchy() -> None:
    table = regions()
    assert province_of("330106") == "330000"
    assert city_of("330106") == "330100"
    assert [level_of(code) for code in ("330000", "330100", "330106")] == [1, 2, 3]
    assert table.path("330106") == ["330000", "330100", "330106"]
    assert table.path("330100") == ["330000", "330100"]
    assert table.children("330106") == []
    assert table.children("441900") == []  # 东莞市 has no county level
    assert table.full_name("110101") == "北京市东城区"  # 市辖区 is left out
    assert table.full_name("429004") == "湖北省仙桃市"
    assert table.full_name("330103") == "浙江省杭州市330103"


def test_a_province_without_prefectures_lists_its_counties() -> None:
    table = RegionTable({"990000": "测试省", "990001": "甲县"})
    assert table.children("990000") == ["990001"]
    orphan = RegionTable({"990101": "甲县"})  # a county whose province the table lacks
    assert orphan.parse_address("甲县x") == (None, "甲县x")


@pytest.mark.parametrize(
    ("text", "code", "rest"),
    [
        ("浙江省杭州市西湖区文三路90号", "330106", "文三路90号"),
        ("杭州市西湖区文三路90号", "330106", "文三路90号"),
        ("西湖区文三路90号", "330106", "文三路90号"),  # ambiguous with 南昌 西湖区: the first code wins
        ("江西省南昌市西湖区抚河路1号", "360103", "抚河路1号"),
        ("北京市东城区东长安街1号", "110101", "东长安街1号"),
        ("广东省东莞市南城街道", "441900", "南城街道"),
        ("浙江省某地", "330000", "某地"),
        ("文三路90号", None, "文三路90号"),
    ],
)
def test_parse_address(text: str, code: str | None, rest: str) -> None:
    assert regions().parse_address(text) == (code, rest)


def test_load_regions_checks_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"regions": {"33": "浙江"}}), encoding="utf-8")
    with pytest.raises(ValueError, match="6-digit"):
        load_regions(bad)
    assert len(load_regions(REGIONS_FILE).names) == 3227
