"""Render time of one acceptance notice, font loaded: python -m benchmarks.acceptance_notice [runs]."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

from app.documents.acceptance_notice import (
    AcceptanceNotice,
    Hall,
    Material,
    Person,
    ServiceItem,
    TimeLimit,
    render_acceptance_notice,
)
from app.documents.fonts import default_font_path, register_font
from app.domain.clock import CHINA_TZ


def typical_notice() -> AcceptanceNotice:
    return AcceptanceNotice(
        agency="广州市越秀区行政审批服务局",
        hall=Hall("越秀区政务服务中心", "广州市越秀区东风中路318号二楼", "020-83100000"),
        case_number="W03-20261125-00007",
        applicant=Person(
            "王㐀明", "居民身份证", "11010519491231002X", "13800138000", "广州市越秀区北京路100号"
        ),
        item=ServiceItem("食品经营许可证核发", "11440104MB2C9123XY4442111001000"),
        materials=(
            Material("营业执照申请书（法定代表人签署）", "原件", 1, 3),
            Material("公司章程", "原件", 1, 12),
            Material("法定代表人身份证明", "复印件", 1, 1),
            Material("住所使用证明（房屋租赁合同及产权证明）", "复印件", 1, 6),
            Material("股东会决议", "原件", 1, 2),
            Material("委托代理人授权委托书", "原件", 1, None),
        ),
        accepted_at=dt.datetime(2026, 11, 25, 10, 32, tzinfo=CHINA_TZ),
        legal_limit=TimeLimit(20, dt.date(2026, 12, 23)),
        promised_limit=TimeLimit(5, dt.date(2026, 12, 2)),
        window="A03",
        clerk="李晓华",
        qr_payload="https://zwfw.example.gov.cn/q?no=W03-20261125-00007",
        document_number="越审受〔2026〕1125号",
        query_password="482913",
        agent=Person("陈代理", "居民身份证", "440524188001010014", "13900139000"),
        deadline_provisional=True,
    )


def main(runs: int = 100) -> None:
    fonts = default_font_path()
    started = time.perf_counter()
    register_font(fonts)
    print(f"font load (once per process): {(time.perf_counter() - started) * 1000:.0f} ms")
    notice = typical_notice()
    render_acceptance_notice(notice, fonts)  # warm-up: imports and first-use caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render_acceptance_notice(notice, fonts)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(
        f"render, {runs} runs: min {times[0]:.1f} ms, median {statistics.median(times):.1f} ms, "
        f"p90 {times[int(runs * 0.9)]:.1f} ms, max {times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
