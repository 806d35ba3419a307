"""Searching a directory tree for personal data in the encodings it could have been written in."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

ENCODINGS = ("utf-8", "utf-16-le", "gbk")


def find_plaintext(roots: Iterable[Path], secrets: Iterable[str]) -> list[str]:
    """Every (file, secret, encoding) where the secret appears in a file under the roots."""
    needles = [(s, enc, s.encode(enc)) for s in secrets for enc in ENCODINGS]
    hits = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            hits += [f"{path}: {s!r} as {enc}" for s, enc, needle in needles if needle in data]
    return hits
