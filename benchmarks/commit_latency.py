"""Accept-commit latency p99 against a raw write+fsync p99 on the same disk.

The floor writes, per sample, as many bytes as one accept commit adds to the WAL (measured in this run:
about 20 encrypted pages for the case, its items, materials, timeline, audit and outbox rows and their
indexes) and fsyncs them: the physical I/O of the commit without any database logic.

python -m benchmarks.commit_latency [cases]   (last line: the ratio; target <= 3.0)
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from app.domain.case import Actor, ActorKind, CaseStatus
from app.domain.clock import CHINA_TZ
from app.store import cases
from app.store.database import open_database
from app.store.writer import Writer

DESK = cases.Desk("XH03", "综合受理3号窗口", Actor(ActorKind.CLERK, "bench"), "基准测试")


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


class RawFsync:
    """The floor: append `size` bytes and fsync them."""

    def __init__(self, path: Path) -> None:
        self._fh = path.open("ab")
        self.size = 0

    def sample(self) -> float:
        block = os.urandom(self.size)
        start = time.perf_counter()
        self._fh.write(block)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        return time.perf_counter() - start

    def close(self) -> None:
        self._fh.close()


def new_case(i: int) -> cases.NewCase:
    return cases.NewCase(
        applicant=cases.Applicant(
            "natural", "张三", "resident", "110101199003070011", "13800138000", "杭州市"
        ),
        items=(
            cases.ItemLine(
                "330106-SCJG-001",
                "个体工商户设立登记",
                "西湖区市场监督管理局",
                3,
                0,
                dt.date(2026, 11, 30),
                dt.date(2026, 11, 25),
            ),
        ),
        materials=tuple(
            cases.MaterialLine(f"m{k}", f"材料{k}", True, "original", 1, 0, True) for k in range(4)
        ),
        catalogue_version="2026.11.1",
        answers={"by_agent": bool(i % 2)},
    )


def measure(directory: Path, n: int) -> tuple[list[float], list[float], int]:
    """Accept commits through the writer thread, interleaved with floor samples so that the machine's
    speed drifts equally into both; returns (ours, floor, WAL bytes per commit)."""
    db = open_database(directory / "bench.db", secrets.token_bytes(32))
    wal = directory / "bench.db-wal"
    writer = Writer(db)
    floor = RawFsync(directory / "raw.bin")
    at = dt.datetime(2026, 11, 25, 9, 0, tzinfo=CHINA_TZ)

    def accept(i: int) -> float:
        case = new_case(i)
        start = time.perf_counter()
        writer.run(lambda s: cases.record_decision(s, case, DESK, CaseStatus.ACCEPTED, at))
        return time.perf_counter() - start

    try:
        for i in range(20):  # warm-up: statements prepared, pages cached
            accept(i)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        for i in range(20):
            accept(i)
        floor.size = wal.stat().st_size // 20
        ours, raw = [], []
        for i in range(n):
            ours.append(accept(i))
            raw.append(floor.sample())
    finally:
        floor.close()
        writer.close()
        db.close()
    return ours, raw, floor.size


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        ours, floor, per_commit = measure(Path(tmp), n)
    print(f"one accept commit writes {per_commit} bytes to the WAL")
    print(f"raw write+fsync: p50 {statistics.median(floor) * 1e3:.3f} ms, p99 {p99(floor) * 1e3:.3f} ms")
    print(f"accept commit:   p50 {statistics.median(ours) * 1e3:.3f} ms, p99 {p99(ours) * 1e3:.3f} ms")
    print(f"accept commit p99 / raw fsync p99 = {p99(ours) / p99(floor):.2f} (target <= 3.0)")


if __name__ == "__main__":
    main()
