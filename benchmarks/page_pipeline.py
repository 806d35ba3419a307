"""Page pipeline throughput and memory: python -m benchmarks.page_pipeline [pages] [memory_pages].

Pages are 300 dpi A4 grey (2480 x 3508) text-like pages with a unique noise strip each, handed over as
a scanner or watched folder delivers them (JPEG bytes). The floor, measured in the same run on the same
pages, is Pillow alone: decode + JPEG encode at the same quality. The pipeline is what the app does per
page: decode, EXIF orientation, deskew detection, JPEG encode, thumbnail, then AES-GCM encryption into the
attachment store with an fsync'd atomic write. Memory: RSS sampled over `memory_pages` pipeline pages.
The last line is the throughput ratio pipeline / floor.
"""

from __future__ import annotations

import io
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from app.documents import pages
from app.store.attachments import AttachmentStore

A4_300 = (2480, 3508)
PROFILE = pages.PageProfile(compression=pages.Compression.JPEG, jpeg_quality=80, deskew=True)


def base_page() -> Image.Image:
    page = Image.new("L", A4_300, 250)
    draw = ImageDraw.Draw(page)
    for row, y in enumerate(range(300, 3250, 62)):
        x = 250
        while x < 2200:
            width = 40 + (row * 37 + x) % 160
            draw.rectangle((x, y, x + width, y + 26), fill=30)
            x += width + 28
    draw.ellipse((1800, 2900, 2200, 3300), outline=40, width=12)
    return page


def page_bytes(base: Image.Image) -> bytes:
    page = base.copy()
    strip = Image.frombytes("L", (256, 1), secrets.token_bytes(256)).resize((1200, 30))
    page.paste(strip, (300, 150))
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=92, dpi=(300, 300))
    return buffer.getvalue()


def rss_mb() -> float:
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def floor(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    image.load()
    image.save(io.BytesIO(), "JPEG", quality=PROFILE.jpeg_quality, dpi=(300, 300))


def pipeline(data: bytes, store: AttachmentStore) -> None:
    done = pages.process(pages.decode(data), PROFILE)
    store.put(done.data)


def main(count: int = 30, memory_pages: int = 200) -> None:
    base = base_page()
    with tempfile.TemporaryDirectory() as tmp:
        store = AttachmentStore(Path(tmp), os.urandom(32))
        inputs = [page_bytes(base) for _ in range(count)]
        floor(inputs[0])  # warm-up: codecs, imports
        pipeline(inputs[0], store)
        # Interleave the two so that both see the same machine state.
        floor_time = pipe_time = 0.0
        for data in inputs:
            started = time.perf_counter()
            floor(data)
            floor_time += time.perf_counter() - started
            started = time.perf_counter()
            pipeline(data, store)
            pipe_time += time.perf_counter() - started
        floor_rate, pipe_rate = count / floor_time, count / pipe_time
        print(f"pages: {count} x 300 dpi A4 grey ({A4_300[0]}x{A4_300[1]}), JPEG q{PROFILE.jpeg_quality}")
        print(f"floor (Pillow decode + encode): {floor_rate:.2f} pages/s")
        print(f"pipeline (orient, deskew, encode, thumbnail, encrypt + fsync): {pipe_rate:.2f} pages/s")

        samples: list[tuple[int, float]] = []
        for number in range(1, memory_pages + 1):
            pipeline(page_bytes(base), store)
            if number in (10, 50, 100, 150, memory_pages):
                samples.append((number, rss_mb()))
        growth = samples[-1][1] - samples[0][1]
        print("RSS over", memory_pages, "pages:", ", ".join(f"{n}: {mb:.0f} MB" for n, mb in samples))
        print(f"memory growth from page {samples[0][0]} to {samples[-1][0]}: {growth:+.1f} MB")
    print(f"ratio pipeline/floor: {pipe_rate / floor_rate:.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
