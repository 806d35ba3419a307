"""Personal data the tests seed, and searching files for it in the encodings it could have been written in.

Tests register the names, ID numbers and phone numbers they type or place on a reader (`register`); at the
end of the session the suite's DEBUG logs and every crash report are searched for all of them
(tests/conftest.py). The sample cards of the simulated reader are registered here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

ENCODINGS = ("utf-8", "utf-16-le", "gbk")

SEEDED: set[str] = set()


def register(*values: str) -> tuple[str, ...]:
    """Add values to the registry; returns them, so a test module can write
    `NAME, ID_NUMBER, PHONE = pii.register("张三", "110101199003070011", "13800138000")`."""
    SEEDED.update(v for v in values if v)
    return values


def _register_sample_cards() -> None:
    from app.devices.idcard.samples import SAMPLE_CARDS

    for card in SAMPLE_CARDS:
        register(card.name, card.english_name or "", card.id_number)


_register_sample_cards()
# Applicants used across the integration and unit tests.
register("张三", "李四", "王芳", "欧阳娜娜", "110101199003070011", "11010519491231002X", "13800138000")
register("13900139000", "13812345678", "13912345678", "440304200002291236")


# The files the workstation writes its logs and crash reports to (app.logs, app.crash), and the
# suite's own DEBUG log (tests/conftest.py).
LOG_PATTERNS = ("workstation.log*", "suite-debug.log", "crash-*.txt")


def scan_logs(root: Path, secrets: Iterable[str], patterns: Iterable[str] = LOG_PATTERNS) -> list[str]:
    """Every hit of a secret in the log files and crash reports anywhere under root."""
    wanted = list(secrets)
    hits: list[str] = []
    for pattern in patterns:
        hits += find_plaintext([root], wanted, pattern=pattern)
    return hits


def find_plaintext(roots: Iterable[Path], secrets: Iterable[str], *, pattern: str = "*") -> list[str]:
    """Every (file, secret, encoding) where the secret appears in a file under the roots."""
    needles = [(s, enc, s.encode(enc)) for s in secrets for enc in ENCODINGS]
    hits = []
    for root in roots:
        for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
            data = path.read_bytes()
            hits += [f"{path}: {s!r} as {enc}" for s, enc, needle in needles if needle in data]
    return hits
