"""Small cases for volume tests: written straight through the store's decision transaction (no notice)."""

from __future__ import annotations

from app.store import cases


def new_case(i: int) -> cases.NewCase:
    return cases.NewCase(
        applicant=cases.Applicant("natural", "张三", "resident", "110101199003070011", "13800138000"),
        items=(cases.ItemLine("330106-SCJG-001", "个体工商户设立登记", "西湖区市场监督管理局", 3, 0),),
        materials=(cases.MaterialLine("id_card", "经营者身份证明", True, "original", 1, 0, True),),
        catalogue_version="2026.11.1",
        answers={"n": i},
    )
