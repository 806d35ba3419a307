"""Pinyin search: keys from names (polyphones included), ranking tiers, speed, and self-search properties."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pypinyin
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.catalogue import ServiceItem, load_catalogue
from app.domain.catalogue_search import (
    MAX_INITIALS,
    CatalogueIndex,
    IndexEntry,
    SearchKeys,
    catalogue_keys,
    normalize,
    search_keys,
)
from app.domain.errors import DomainError

SAMPLE_PATH = Path(__file__).resolve().parents[3] / "resources" / "catalogue" / "sample-catalogue.json"
SAMPLE = load_catalogue(SAMPLE_PATH.read_text(encoding="utf-8"), SAMPLE_PATH.name)
KEYS = catalogue_keys(SAMPLE)
INDEX = CatalogueIndex.from_catalogue(SAMPLE, KEYS)
CODE = {item.name: item.code for item in SAMPLE.items}
NAME = {item.code: item.name for item in SAMPLE.items}


def names(query: str, limit: int = 20) -> list[str]:
    return [NAME[code] for code in INDEX.search(query, limit)]


# ---------------------------------------------------------------- keys


def test_keys_are_toneless_pinyin_and_initials() -> None:
    assert search_keys("个体工商户设立登记") == SearchKeys("getigongshanghushelidengji", ("gtgshsldj",))
    assert search_keys("绿色通道").full == "lvsetongdao"  # ü is written v, as on a pinyin keyboard


def test_keys_follow_the_phrase_and_keep_the_everyday_reading_as_an_alternative() -> None:
    keys = search_keys("重庆市银行")
    assert keys.full == "chongqingshiyinhang"
    assert keys.initials == ("cqsyh", "zqsyh", "cqsyx", "zqsyx")
    assert search_keys("长期护理保险").initials == ("cqhlbx", "zqhlbx")
    # Where the phrase reading is also the everyday one, there is nothing to add.
    assert search_keys("机动车行驶证补领").initials == ("jdcxszbl",)
    assert search_keys("重度残疾人").initials == ("zdcjr",)


def test_alternatives_are_bounded_and_single_misreadings_come_first() -> None:
    keys = search_keys("重庆银行行长重庆银行行长")
    assert len(keys.initials) == MAX_INITIALS
    primary = keys.initials[0]
    differences = [sum(a != b for a, b in zip(primary, other, strict=True)) for other in keys.initials]
    assert differences == sorted(differences)
    assert differences[:2] == [0, 1]


def test_keys_keep_letters_and_digits_and_drop_the_rest() -> None:
    keys = search_keys("A1驾驶证（换证）·ㄅ")
    assert keys == SearchKeys("a1jiashizhenghuanzheng", ("a1jszhz",))
    assert search_keys("（）") == SearchKeys("", ("",))


def test_keys_round_trip_through_text() -> None:
    keys = search_keys("重庆市银行")
    assert SearchKeys.decode(keys.encode()) == keys
    assert SearchKeys.decode(";") == SearchKeys("", ("",))


@pytest.mark.parametrize(
    ("full", "initials"),
    [("ok", ()), ("ok", ("a",) * (MAX_INITIALS + 1)), ("Getigong", ("gtg",)), ("ok", ("g t",))],
)
def test_malformed_keys_are_rejected(full: str, initials: tuple[str, ...]) -> None:
    with pytest.raises(DomainError):
        SearchKeys(full, initials)


def test_undecodable_keys_are_rejected() -> None:
    with pytest.raises(DomainError, match="not encoded search keys"):
        SearchKeys.decode("getigong")


def test_normalize_folds_case_width_and_spaces() -> None:
    assert normalize(" Ｇｔｇ ＳＨ\t") == "gtgsh"
    assert normalize("lü") == "lv"


def test_catalogue_keys_cover_names_and_departments() -> None:
    assert set(KEYS) == {item.name for item in SAMPLE.items} | set(SAMPLE.departments())


# ---------------------------------------------------------------- the sample catalogue


def test_initials_prefix_finds_first_registration_first() -> None:
    assert names("gtgsh")[0] == "个体工商户设立登记"
    assert names("gtgsh")[:3] == ["个体工商户设立登记", "个体工商户变更登记", "个体工商户注销登记"]
    assert names("gtgshbg")[0] == "个体工商户变更登记"
    assert names("GTG SH BG") == ["个体工商户变更登记"]


def test_full_pinyin_prefix_and_substring() -> None:
    assert names("getigongshanghu")[0] == "个体工商户设立登记"
    assert names("getigongshanghubiangeng") == ["个体工商户变更登记"]
    assert names("gongjijin") == ["住房公积金提取"]


def test_code_and_exact_name() -> None:
    code = CODE["个体工商户变更登记"]
    assert INDEX.search(code.lower()) == [code]
    assert names("生育登记")[0] == "生育登记"


def test_chinese_substring() -> None:
    assert set(names("不动产")) == {"不动产抵押权首次登记"}
    assert names("个体工商户")[:3] == ["个体工商户设立登记", "个体工商户变更登记", "个体工商户注销登记"]
    assert names("居民")[0] == "居民身份证换领"  # an earlier match before a later one


def test_initials_inside_a_name() -> None:
    assert names("ylbx") == ["城乡居民基本养老保险参保登记", "城乡居民基本医疗保险参保登记"]


def test_polyphones_in_the_sample() -> None:
    assert names("xingshizheng") == ["机动车行驶证补领"]
    assert names("jdcxszbl") == ["机动车行驶证补领"]
    assert names("hangshizheng") == []
    assert names("zhongducanji") == ["困难残疾人生活补贴和重度残疾人护理补贴申请"]
    assert names("chongducanji") == []


def test_department_matches_come_last() -> None:
    civil_affairs = {item.name for item in SAMPLE.items if item.department == "西湖区民政局"}
    assert set(names("民政局")) == civil_affairs
    assert set(names("xhqmzj")) == civil_affairs
    # 临时救助 matches by its own initials, the other civil-affairs items only by department.
    assert names("lsjz")[0] == "临时救助"
    assert names("公安局")[0] == "居住证申领"  # within a tier, the shorter name first


def test_empty_queries_and_limits() -> None:
    assert INDEX.search("") == []
    assert INDEX.search("   ") == []
    assert INDEX.search("gtgsh", limit=0) == []
    assert len(INDEX.search("dj", limit=2)) == 2
    assert INDEX.search("qqqqqq") == []
    assert len(INDEX) == len(SAMPLE.items)


def test_index_computes_keys_it_was_not_given() -> None:
    partial = {text: keys for text, keys in KEYS.items() if "登记" not in text}
    rebuilt = CatalogueIndex.from_catalogue(SAMPLE, partial)
    computed = CatalogueIndex.from_catalogue(SAMPLE)
    for query in ("gtgsh", "ylbx", "民政局", "xingshizheng"):
        assert rebuilt.search(query) == computed.search(query) == INDEX.search(query)


# ---------------------------------------------------------------- ranking, on a made-up index


def keys(full: str, *initials: str) -> SearchKeys:
    return SearchKeys(full, initials)


def test_tiers_rank_in_order() -> None:
    index = CatalogueIndex(
        [
            IndexEntry("extra", "其他甲", keys("qitajia", "qtj"), ("SC局",)),
            IndexEntry("initials-inside", "其他乙", keys("qitayi", "zsc")),
            IndexEntry("pinyin-inside", "其他丙", keys("abscd", "abc")),
            IndexEntry("pinyin-prefix", "其他丁", keys("scabc", "zz")),
            IndexEntry("chinese", "ABSC证", keys("absczheng", "abscz")),
            IndexEntry("initials", "市场", keys("shichang", "sc")),
            IndexEntry("name", "S C", keys("sc", "sc")),
            IndexEntry("SC", "其他戊", keys("qitawu", "qtw")),
            IndexEntry("none", "其他己", keys("qitaji", "qtj")),
        ]
    )
    assert index.search("sc") == [
        "SC",
        "name",
        "initials",
        "chinese",
        "pinyin-prefix",
        "pinyin-inside",
        "initials-inside",
        "extra",
    ]


def test_phrase_reading_ranks_before_everyday_reading() -> None:
    index = CatalogueIndex(
        [
            IndexEntry("everyday", "重庆", keys("chongqing", "cq", "zq")),
            IndexEntry("phrase", "中期", keys("zhongqi", "zq")),
        ]
    )
    assert index.search("zq") == ["phrase", "everyday"]


def test_ties_go_to_the_shorter_name_then_to_catalogue_order() -> None:
    index = CatalogueIndex(
        [
            IndexEntry("long", "甲乙丙丁", keys("jiayibingding", "jybd")),
            IndexEntry("first", "甲乙", keys("jiayi", "jy")),
            IndexEntry("second", "甲乙", keys("jiayi", "jy")),
        ]
    )
    assert index.search("jy") == ["first", "second", "long"]


def test_later_alternatives_inside_a_name_are_found() -> None:
    index = CatalogueIndex([IndexEntry("x", "重庆市", keys("chongqingshi", "cqs", "zqs"))])
    assert index.search("qs") == ["x"]
    assert index.search("zqs") == ["x"]


# ---------------------------------------------------------------- speed


def synthetic_entries(count: int) -> list[IndexEntry]:
    """Index entries with plausible keys, made without pypinyin."""
    rng = random.Random(7)
    syllables = ["ge", "ti", "gong", "shang", "hu", "she", "li", "deng", "ji", "xu", "ke", "bao", "xian"]
    entries = []
    for number in range(count):
        words = [rng.choice(syllables) for _ in range(rng.randint(4, 16))]
        name = "事项" * len(words) + str(number)
        search = SearchKeys("".join(words), ("".join(word[0] for word in words),))
        entries.append(IndexEntry(f"C-{number:05d}", name, search, ("某某局", "mmj", "moumouju")))
    return entries


def test_search_over_5000_items_is_fast_and_never_calls_pypinyin(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("pypinyin called during search")

    monkeypatch.setattr(pypinyin, "lazy_pinyin", forbidden)
    monkeypatch.setattr(pypinyin, "pinyin", forbidden)
    index = CatalogueIndex(synthetic_entries(5000))
    queries = ["gtgsh", "getigong", "c-00042", "事项事项", "xyz", "j", "mmj", "gongshang", "hu", "qqq"]
    started = time.perf_counter()
    for query in queries:
        assert len(index.search(query)) <= 20
    per_query = (time.perf_counter() - started) / len(queries)
    # Type-ahead searches on every key press; generous for a loaded CI machine with coverage on.
    assert per_query < 0.1, f"{per_query * 1000:.1f} ms per query"


def test_importing_search_does_not_load_pypinyin() -> None:
    # Start-up builds the index from persisted keys; pypinyin's dictionaries load only to compute new keys.
    code = "import sys, app.domain.catalogue_search; sys.exit('pypinyin' in sys.modules)"
    root = Path(__file__).resolve().parents[3]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


# ---------------------------------------------------------------- properties


def rows_before(index: CatalogueIndex, query: str, code: str) -> int:
    return index.search(query, limit=len(index)).index(code)


@given(st.sampled_from(SAMPLE.items))
def test_every_sample_item_is_found_by_its_name_and_initials(item: ServiceItem) -> None:
    assert INDEX.search(item.name)[0] == item.code
    initials = KEYS[item.name].initials[0]
    # Only items whose initials start the same way can rank above it.
    rivals = sum(any(key.startswith(initials) for key in keys.initials) for keys in KEYS.values())
    assert rows_before(INDEX, initials, item.code) < rivals
    assert item.code in INDEX.search(initials, limit=5)


NAME_CHARS = "重庆银行长乐音个体工商户设立变更登记参保单位医疗养老保险公积金提取ABC1"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(NAME_CHARS, min_size=1, max_size=10), min_size=1, max_size=12, unique_by=normalize))
def test_any_name_finds_itself_by_name_and_initials(raw_names: list[str]) -> None:
    entries = [IndexEntry(f"#{number}", name, search_keys(name)) for number, name in enumerate(raw_names)]
    index = CatalogueIndex(entries)
    for code, name, own, _ in entries:
        assert index.search(name)[0] == code
        initials = own.initials[0]
        if initials:
            rivals = sum(
                normalize(other) == normalize(initials)
                or any(key.startswith(initials) for key in theirs.initials)
                for _, other, theirs, _ in entries
            )
            assert rows_before(index, initials, code) < rivals
