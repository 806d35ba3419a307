"""What a frozen bundle asks of the system: the highest GLIBC symbol version and the shared libraries it
needs from outside itself, read with binutils' objdump.

python -m installer.elf glibc DIR                 highest GLIBC_x.y (with the files that need it)
python -m installer.elf needed DIR                sonames needed from the system, one a line
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_GLIBC = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")
_NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.MULTILINE)
# Provided by libc6 itself on every glibc system; the libc6 (>= x.y) dependency covers them.
GLIBC_SONAMES = frozenset(
    {
        "libc.so.6",
        "libm.so.6",
        "libdl.so.2",
        "libpthread.so.0",
        "librt.so.1",
        "libresolv.so.2",
        "libutil.so.1",
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
    }
)


def elf_files(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def _objdump(flag: str, path: Path) -> str:
    return subprocess.run(
        ["objdump", flag, str(path)], check=True, capture_output=True, text=True, timeout=120
    ).stdout


def glibc_versions(path: Path) -> set[tuple[int, ...]]:
    """GLIBC_x.y versions of the dynamic symbols a file uses or defines."""
    return {
        tuple(int(part) for part in match.groups() if part is not None)
        for match in _GLIBC.finditer(_objdump("-T", path))
    }


@dataclass(frozen=True)
class GlibcReport:
    version: tuple[int, ...]
    files: tuple[Path, ...]  # the files that need exactly that version
    scanned: int

    @property
    def text(self) -> str:
        return "GLIBC_" + ".".join(map(str, self.version))


def highest_glibc(root: Path) -> GlibcReport:
    per_file = {path: max(versions) for path in elf_files(root) if (versions := glibc_versions(path))}
    if not per_file:
        raise ValueError(f"no ELF file with GLIBC symbols under {root}")
    top = max(per_file.values())
    return GlibcReport(top, tuple(p for p, v in per_file.items() if v == top), len(per_file))


def needed_from_system(root: Path) -> dict[str, list[Path]]:
    """Sonames that ELF files in the bundle need and the bundle does not hold (glibc's own left out)."""
    files = elf_files(root)
    inside = {path.name for path in files} | {path.name for path in root.rglob("*.so*")}
    needed: dict[str, list[Path]] = {}
    for path in files:
        for soname in _NEEDED.findall(_objdump("-p", path)):
            if soname not in inside and soname not in GLIBC_SONAMES:
                needed.setdefault(soname, []).append(path)
    return dict(sorted(needed.items()))


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"glibc", "needed"}:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[1])
    if argv[0] == "glibc":
        report = highest_glibc(root)
        print(f"{report.text} (highest of {report.scanned} ELF files), needed by:")
        for path in report.files:
            print(f"  {path.relative_to(root)}")
    else:
        for soname in needed_from_system(root):
            print(soname)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
