"""Accept-commit latency p99 against a raw write+fsync p99 on the same disk.

The floor writes, per sample, as many bytes as one accept commit adds to the WAL (measured in this run
over 100 accepts: about 25 encrypted 2 KiB pages for the case, its items, materials, timeline, audit and
outbox rows, their indexes and the page splits they cause) and fsyncs them: the physical I/O of the commit
without any database logic. 2 000 samples by default: a p99 of 500 is the fifth-slowest sample, and
the floor's own p99 then swung between 1.1 and 2.4 ms from run to run.

Each accept is the job the desk submits (`cases.record_decision` through `Writer.run_direct`, on the
writer thread, timed from the caller) for a decision without scanned pages or e-licences, whose rows
would join the same transaction. As at a counter that is online, each accept takes an official number
from a block reserved from the platform (one page more than a case numbered only locally).

A second phase, with a floor of its own, shows what the database library itself costs for that page
count: a commit that rewrites as many pages with no application work at all (one row updated in each of
that many tables), once through SQLCipher with the app's key and pragmas and once through the same
library unkeyed (how much of it is the page cipher).

A third phase times the accept with three scanned pages and two material PDFs (the clerk's standard
case; their rows join the same transaction) against a floor sized to its own WAL bytes. A fourth times
the accept on this database and on one in SQLCipher 4's default page format (4 KiB pages, HMAC-SHA512),
interleaved: why the store writes 2 KiB pages with HMAC-SHA256 (app.store.database.CURRENT).

A fifth times the accept as it comes at a counter: after the checkpoint that the app's checkpointer makes
once the writer has been idle for a second. The WAL is then fully copied back, so the accept's commit
starts it over and, with synchronous=FULL, writes and fsyncs its header before its frames: two fsyncs
where the back-to-back accepts of the first phase make one. Those writes land on blocks the WAL file
already has, so the phase also prints a second floor that writes over existing blocks the same way.

python -m benchmarks.commit_latency [cases]   (last line: the ratio; target <= 3.0)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from app.domain.case import Actor, ActorKind, CaseStatus
from app.domain.clock import CHINA_TZ
from app.store import cases, material_pages, numbers
from app.store.attachments import StoredBlob
from app.store.database import CURRENT, PRAGMAS, SQLCIPHER4_DEFAULTS, connect_configured, open_database
from app.store.fastpath import Tx
from app.store.writer import Writer

AT = dt.datetime(2026, 11, 25, 9, 0, tzinfo=CHINA_TZ)
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


class RawFsyncInPlace:
    """The floor's write made as the WAL's are once it has been started over: over blocks the file
    already has (the same offset each time), then fsync'd."""

    def __init__(self, path: Path, size: int) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.pwrite(self._fd, os.urandom(size), 0)
        os.fsync(self._fd)
        self.size = size

    def sample(self) -> float:
        block = os.urandom(self.size)
        start = time.perf_counter()
        os.pwrite(self._fd, block, 0)
        os.fsync(self._fd)
        return time.perf_counter() - start

    def close(self) -> None:
        os.close(self._fd)


class BarePages:
    """A commit that rewrites `pages` pages and does nothing else: one 100-byte row updated in each of
    `pages` one-row tables, on a connection configured as the app's (keyed), or the same library unkeyed."""

    def __init__(self, path: Path, pages: int, key: bytes | None) -> None:
        if key is None:
            self._conn = sqlcipher.connect(str(path), isolation_level=None)
            for pragma in PRAGMAS:
                self._conn.execute(pragma)
        else:
            self._conn = connect_configured(path, key)
        self._tables = [f"t{k}" for k in range(pages)]
        for table in self._tables:
            self._conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, v BLOB)")
            self._conn.execute(f"INSERT INTO {table} VALUES (1, ?)", (os.urandom(100),))

    def sample(self) -> float:
        values = [(os.urandom(100),) for _ in self._tables]
        start = time.perf_counter()
        self._conn.execute("BEGIN IMMEDIATE")
        for table, value in zip(self._tables, values, strict=True):
            self._conn.execute(f"UPDATE {table} SET v = ? WHERE id = 1", value)
        self._conn.execute("COMMIT")
        return time.perf_counter() - start

    def close(self) -> None:
        self._conn.close()


def reserve_numbers(writer: Writer) -> None:
    """A block of official numbers larger than the run uses, as the sync engine reserves them."""
    writer.run(
        lambda s: numbers.add_block(
            s, block_id="bench", prefix="330106-2026-", first=1, last=9_999_999, at=AT - dt.timedelta(days=1)
        )
    )


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


WAL_FRAME = CURRENT.page_size + 24  # a page and its frame header
WARM_UP = 100
# Accepts whose WAL growth sizes the floor: enough to include the page splits that a single accept
# may or may not cause (about a quarter more pages than the first accepts after the warm-up showed).
SIZING = 100
Series = dict[str, list[float]]


def interleave(samplers: dict[str, Callable[[], float]], n: int, *, rotate: bool = False) -> Series:
    """n rounds of one sample from each, so that the machine's speed drifts equally into all of them.

    With `rotate`, each round starts one sampler later, for comparing alternatives: in one A/B pair
    sampled in both orders, the same accept came out up to 0.17 ms slower at p50 in the place right after
    the raw floor than in the place after that, enough to decide the comparison by its order alone."""
    out: Series = {name: [] for name in samplers}
    names = list(samplers)
    for k in range(n):
        shift = k % len(names) if rotate else 0
        for name in names[shift:] + names[:shift]:
            out[name].append(samplers[name]())
    return out


def scans(case_id: str, i: int) -> tuple[list[material_pages.PageRecord], list[material_pages.MaterialFile]]:
    """Three scanned pages of two materials and the two material PDFs. Their encrypted files are written
    before the decision's transaction (MaterialsService.prepare), so only their rows are committed here;
    the blob names stand for those files."""

    def blob(name: str) -> StoredBlob:
        return StoredBlob(f"{case_id}{name}", hashlib.sha256(f"{i}{name}".encode()).hexdigest(), 180_000)

    pages = [
        material_pages.PageRecord(material, blob(f"p{k}"), "image/jpeg", 0, "scanner", 2480, 3508, 300, AT)
        for k, material in enumerate(("m0", "m0", "m1"))
    ]
    files = [material_pages.MaterialFile(m, blob(f"f{m}"), f"{m} 材料", 2) for m in ("m0", "m1")]
    return pages, files


def decide(case: cases.NewCase, i: int, *, scanned: bool) -> Callable[[Tx], object]:
    """The job DeskService.decide submits, with MaterialsService's with_case when `scanned`."""

    def record(tx: Tx) -> object:
        recorded = cases.record_decision(tx, case, DESK, CaseStatus.ACCEPTED, AT)
        if not scanned:
            return recorded
        pages, files = scans(recorded.id, i)
        material_pages.record_materials(
            tx, case_id=recorded.id, pages=pages, files=files, licences=(), actor="bench", at=AT, resend=False
        )
        return recorded, cases.stored_materials(tx, recorded.id)

    return record


@dataclass
class Phases:
    ours: Series
    library: Series
    with_scans: Series
    formats: Series
    counter: Series
    wal_bytes: int
    scanned_bytes: int


def measure(directory: Path, n: int) -> Phases:
    """The accept commits (through the writer thread) against the raw floor; in a second phase with a
    floor of its own, SQLCipher and plain SQLite rewriting as many pages with no app work; in a third,
    accepts with scanned pages against a floor sized to theirs; in a fourth, the same accepts on a
    database in the current page format and on one in SQLCipher 4's defaults, interleaved."""
    key = secrets.token_bytes(32)
    db = open_database(directory / "bench.db", key)
    wal = directory / "bench.db-wal"
    writer = Writer(db)
    reserve_numbers(writer)
    floor = RawFsync(directory / "raw.bin")
    count = itertools.count()

    def accepting(writer: Writer, *, scanned: bool) -> Callable[[], float]:
        def accept() -> float:
            i = next(count)
            job = decide(new_case(i), i, scanned=scanned)
            start = time.perf_counter()
            writer.run_direct(job)
            return time.perf_counter() - start

        return accept

    def sized(accept: Callable[[], float]) -> int:
        """WAL bytes per accept, over SIZING accepts after a checkpoint."""
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        for _ in range(SIZING):
            accept()
        return wal.stat().st_size // SIZING

    accept, accept_scanned = accepting(writer, scanned=False), accepting(writer, scanned=True)
    try:
        for _ in range(WARM_UP):  # statements prepared, pages cached, b-trees a few levels deep
            accept()
            accept_scanned()
        floor.size = plain_bytes = sized(accept)
        ours = interleave({"accept": accept, "raw": floor.sample}, n)
        floor.size = scanned_bytes = sized(accept_scanned)
        with_scans = interleave({"accept": accept_scanned, "raw": floor.sample}, n)
        floor.size = plain_bytes
        pages = max(1, round(plain_bytes / WAL_FRAME))
        cipher = BarePages(directory / "cipher.db", pages, key)
        plain = BarePages(directory / "plain.db", pages, None)
        try:
            library = interleave({"raw": floor.sample, "plain": plain.sample, "cipher": cipher.sample}, n)
        finally:
            cipher.close()
            plain.close()
        formats = compare_formats(directory, key, accept, accepting, floor, n)

        def at_counter() -> float:
            writer.checkpoint("PASSIVE")  # untimed: the app's checkpointer, a second after the last write
            return accept()

        in_place = RawFsyncInPlace(directory / "raw-in-place.bin", plain_bytes)
        try:
            counter = interleave({"accept": at_counter, "raw": floor.sample, "in place": in_place.sample}, n)
        finally:
            in_place.close()
    finally:
        floor.close()
        writer.close()
        db.close()
    return Phases(ours, library, with_scans, formats, counter, plain_bytes, scanned_bytes)


def compare_formats(
    directory: Path,
    key: bytes,
    accept: Callable[[], float],
    accepting: Callable[..., Callable[[], float]],
    floor: RawFsync,
    n: int,
) -> Series:
    """The accept on this database (current page format) and on one in SQLCipher 4's defaults."""
    old_db = open_database(directory / "sqlcipher4.db", key, new_format=SQLCIPHER4_DEFAULTS)
    old_writer = Writer(old_db)
    reserve_numbers(old_writer)
    try:
        accept_old = accepting(old_writer, scanned=False)
        for _ in range(WARM_UP):
            accept_old()
        return interleave({"current": accept, "sqlcipher4": accept_old, "raw": floor.sample}, n, rotate=True)
    finally:
        old_writer.close()
        old_db.close()


def report(label: str, samples: list[float], floor: float) -> None:
    print(
        f"{label:<40} p50 {statistics.median(samples) * 1e3:.3f} ms, "
        f"p99 {p99(samples) * 1e3:.3f} ms = {p99(samples) / floor:.2f} x its floor"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        phases = measure(Path(tmp), n)
    ours, library, with_scans, formats = phases.ours, phases.library, phases.with_scans, phases.formats
    wal_bytes, scanned_bytes = phases.wal_bytes, phases.scanned_bytes
    pages = round(wal_bytes / WAL_FRAME)
    print(f"one accept commit writes {wal_bytes} bytes to the WAL (~{pages} pages)")
    print(
        f"one accept with 3 scanned pages and 2 material PDFs writes {scanned_bytes} bytes "
        f"(~{round(scanned_bytes / WAL_FRAME)} pages); its own floor (third phase):"
    )
    report("  raw write+fsync", with_scans["raw"], p99(with_scans["raw"]))
    report("  accept commit with scans", with_scans["accept"], p99(with_scans["raw"]))
    print("at the counter (fifth phase): each accept after an idle checkpoint, so it starts the WAL over:")
    report("  raw write+fsync", phases.counter["raw"], p99(phases.counter["raw"]))
    report("  accept commit at the counter", phases.counter["accept"], p99(phases.counter["raw"]))
    report(
        "  raw write+fsync over existing blocks", phases.counter["in place"], p99(phases.counter["in place"])
    )
    report("  accept commit, against that", phases.counter["accept"], p99(phases.counter["in place"]))
    print(f"page format (fourth phase): {CURRENT.name} against SQLCipher 4's defaults, interleaved:")
    report("  raw write+fsync", formats["raw"], p99(formats["raw"]))
    report(f"  accept commit, {CURRENT.name}", formats["current"], p99(formats["raw"]))
    report(f"  accept commit, {SQLCIPHER4_DEFAULTS.name}", formats["sqlcipher4"], p99(formats["raw"]))
    print("the database library alone (second phase):")
    report("  raw write+fsync", library["raw"], p99(library["raw"]))
    report(f"  SQLite, {pages} pages, no app work", library["plain"], p99(library["raw"]))
    report(f"  SQLCipher, {pages} pages, no app work", library["cipher"], p99(library["raw"]))
    print("the accept (first phase):")
    floor = p99(ours["raw"])
    report("  raw write+fsync", ours["raw"], floor)
    report("  accept commit", ours["accept"], floor)
    print(f"accept commit p99 / raw fsync p99 = {p99(ours['accept']) / floor:.2f} (target <= 3.0)")


if __name__ == "__main__":
    main()
