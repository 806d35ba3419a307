"""The case list model over ids: Qt's model tester, lazy paging, masking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pytestqt.modeltest import ModelTester

from app.domain.case import CaseStatus
from app.domain.clock import CHINA_TZ
from app.store.cases import CaseFilter, CaseListRow
from app.ui.case_list import PAGE, CaseListModel

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=CHINA_TZ)


class FakeRows:
    """In-memory rows with a fetch counter; the store's own queries are tested against SQLCipher."""

    def __init__(self, n: int) -> None:
        self.rows = {
            f"id{i:05d}": CaseListRow(
                f"id{i:05d}",
                f"XH03-20261125-{i + 1:05d}",
                CaseStatus.ACCEPTED,
                f"关于申请人{i}的事项",
                f"申请人{i}",
                "110101199003070011",
                T0 + dt.timedelta(minutes=i),
                dt.date(2026, 12, 1),
                i % 2 == 0,
            )
            for i in range(n)
        }
        self.fetches: list[int] = []

    def ids(self, flt: CaseFilter) -> list[str]:
        return [i for i, r in self.rows.items() if flt.text in r.applicant_name]

    def fetch(self, ids: Sequence[str]) -> list[CaseListRow]:
        self.fetches.append(len(ids))
        return [self.rows[i] for i in ids]


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    source = FakeRows(450)
    model = CaseListModel(source.ids, source.fetch)
    model.reload()
    qtmodeltester.check(model)


def test_rows_are_fetched_a_page_at_a_time() -> None:
    source = FakeRows(1000)
    model = CaseListModel(source.ids, source.fetch)
    model.reload()
    assert model.total() == 1000
    assert model.rowCount() == PAGE
    assert source.fetches == []  # nothing fetched until a row is shown
    assert model.data(model.index(0, 1)) == "申请人0"
    assert model.data(model.index(PAGE - 1, 1)) == f"申请人{PAGE - 1}"
    assert source.fetches == [PAGE]
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000
    assert model.data(model.index(999, 0)) == "XH03-20261125-01000"
    assert len(source.fetches) == 2


def test_id_numbers_are_masked_and_provisional_deadlines_marked() -> None:
    source = FakeRows(2)
    model = CaseListModel(source.ids, source.fetch)
    model.reload()
    assert model.data(model.index(0, 2)) == "1101**********0011"
    assert "暂定" in model.data(model.index(0, 6))
    assert "暂定" not in model.data(model.index(1, 6))


def test_filter_reloads() -> None:
    source = FakeRows(30)
    model = CaseListModel(source.ids, source.fetch)
    model.set_filter(CaseFilter(text="申请人2"))
    assert model.total() == 11  # 申请人2, 申请人20..29
