"""A private SANE configuration with only the `test` and `pnm` backends, and known document pages.

SANE reads SANE_CONFIG_DIR when sane_init() runs, so the variable is set for the whole process before
any scanner is opened; no network backend ever probes the LAN (Debian's default dll.conf is not read).
"""

from __future__ import annotations

import os
import shutil
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from PIL import Image, ImageDraw


def write_config(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dll.conf").write_text("test\npnm\n", encoding="ascii")
    shutil.copy("/etc/sane.d/test.conf", directory / "test.conf")
    return directory


def use_config(directory: Path) -> str | None:
    """Point this process's SANE at `directory`; returns the previous value to restore."""
    previous = os.environ.get("SANE_CONFIG_DIR")
    os.environ["SANE_CONFIG_DIR"] = str(directory)
    return previous


def document_page(
    number: int, size: tuple[int, int] = (850, 1100), *, colour: bool = False, noise: bytes = b""
) -> Image.Image:
    """A recognisable page: a header band whose width encodes the number, text-like lines, a frame, and
    optionally a strip of given random bytes (a needle no other file can contain by chance)."""
    mode = "RGB" if colour else "L"
    white = (255, 255, 255) if colour else 255
    ink = (20, 40, 120) if colour else 25
    page = Image.new(mode, size, white)
    draw = ImageDraw.Draw(page)
    w, h = size
    draw.rectangle((40, 40, w - 40, h - 40), outline=ink, width=3)
    draw.rectangle((80, 80, 80 + 120 * number, 130), fill=ink)
    for row, y in enumerate(range(200, h - 120, 36)):
        length = (w - 200) * (0.55 + 0.4 * (((row * 7 + number * 13) % 11) / 10))
        draw.rectangle((100, y, 100 + int(length), y + 12), fill=ink)
    draw.ellipse((w - 260, h - 260, w - 110, h - 110), outline=ink, width=5)  # the seal
    if noise:
        strip = Image.frombytes("L", (len(noise), 1), noise).resize((len(noise), 8), Image.Resampling.NEAREST)
        page.paste(strip.convert(mode), (100, 150))
    return page


def find_bytes(
    roots: list[Path], needles: dict[str, bytes], exclude: list[Path], *, since: float = 0.0
) -> list[str]:
    """Every (file, needle name) where a needle's bytes appear in a file under the roots, among the files
    written at or after `since` (a time.time() value): a file older than the data sought cannot hold it,
    while it may well hold the same bytes by construction (another test's rendering of the same page)."""
    hits = []
    skip = [p.resolve() for p in exclude]
    for root in roots:
        for path in root.rglob("*"):
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                stat = path.stat()
                if stat.st_size > 200_000_000 or stat.st_mtime < since:
                    continue
                resolved = path.resolve()
                if any(resolved.is_relative_to(s) for s in skip):
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            hits += [f"{path}: {name}" for name, needle in needles.items() if needle in data]
    return hits


def write_pnm(image: Image.Image, path: Path) -> Path:
    """8-bit P5 (grey) or P6 (colour), which is what the pnm backend reads."""
    image.save(path, "PPM")
    return path


def deadlocking_worker(conn: Connection, _name: str) -> None:
    """A scanner worker (see app/devices/scanning/sane_process.py) that takes the first request and then
    blocks for good on a lock it holds, as a backend stuck in sane_cancel does."""
    conn.recv()
    lock = threading.Lock()
    lock.acquire()
    lock.acquire()
