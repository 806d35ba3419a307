"""GB/T 2260 administrative divisions (province, prefecture, county) for the address cascade."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Names that stand in for a level a municipality or province does not have; left out of written addresses.
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def province_of(code: str) -> str:
    return code[:2] + "0000"


def city_of(code: str) -> str:
    return code[:4] + "00"


def level_of(code: str) -> int:
    """1 province, 2 prefecture, 3 county."""
    if code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


@dataclass(frozen=True)
class RegionTable:
    """A dated snapshot of 6-digit codes and names; the hierarchy follows from the code structure."""

    names: Mapping[str, str]
    as_of: str = ""
    source: str = ""

    def name(self, code: str) -> str | None:
        return self.names.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self.names

    def provinces(self) -> list[str]:
        return [code for code in self.names if level_of(code) == 1]

    def children(self, code: str) -> list[str]:
        """The codes one level below `code`, in code order."""
        level = level_of(code)
        if level == 1:
            return [c for c in self.names if level_of(c) == 2 and c[:2] == code[:2]] or [
                # A province without prefectures in the table (none today): its counties hang directly.
                c
                for c in self.names
                if level_of(c) == 3 and c[:2] == code[:2]
            ]
        if level == 2:
            return [c for c in self.names if level_of(c) == 3 and c[:4] == code[:4]]
        return []

    def path(self, code: str) -> list[str]:
        """Province, prefecture and county codes above and including `code`, as far as the code goes."""
        path = [province_of(code)]
        if level_of(code) >= 2:
            path.append(city_of(code))
        if level_of(code) == 3:
            path.append(code)
        return path

    def full_name(self, code: str) -> str:
        """The written form, 浙江省杭州市西湖区; unknown parts show as their code."""
        parts = [self.names.get(part, part) for part in self.path(code)]
        return "".join(part for part in parts if part not in _PLACEHOLDERS)

    def parse_address(self, text: str) -> tuple[str | None, str]:
        """Split a written address into the deepest region it starts with and the rest.

        浙江省杭州市西湖区文三路90号 -> ("330106", "文三路90号"). Provinces and prefectures may be left
        out when the rest is unambiguous (杭州市西湖区… still finds 330106). Returns (None, text) when no
        region name starts the text.
        """
        text = text.strip()
        best: tuple[int, str] | None = None
        for code in self.names:
            consumed = self._match(code, text)
            if consumed is not None and (
                best is None or (consumed, level_of(code)) > (best[0], level_of(best[1]))
            ):
                best = (consumed, code)
        if best is None:
            return None, text
        return best[1], text[best[0] :].strip()

    def _match(self, code: str, text: str) -> int | None:
        """How much of `text` the names on the path to `code` cover; only the last part must be there."""
        at = 0
        path = self.path(code)
        for index, part in enumerate(path):
            name = self.names.get(part)
            if name is None:
                return None
            last = index == len(path) - 1
            if name in _PLACEHOLDERS:
                if last:
                    return None
                continue
            if text.startswith(name, at):
                at += len(name)
            elif last:
                return None
        return at


def load_regions(path: Path) -> RegionTable:
    """Read a snapshot file: {"as_of": ..., "source": ..., "regions": {"330106": "西湖区", ...}}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    names = data["regions"]
    if not isinstance(names, dict) or not all(
        isinstance(code, str) and len(code) == 6 and code.isdigit() and isinstance(name, str)
        for code, name in names.items()
    ):
        raise ValueError(f"{path}: regions must map 6-digit codes to names")
    return RegionTable(dict(sorted(names.items())), str(data.get("as_of", "")), str(data.get("source", "")))
