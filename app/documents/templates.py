"""Notice templates (resources/notices/*.toml), overridable key by key from a hall's own directory."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.domain.errors import DomainError


class NoticeKind(StrEnum):
    ACCEPTANCE = "acceptance_notice"  # 受理通知书
    REJECTION = "rejection_notice"  # 不予受理通知书
    SUPPLEMENT = "supplement_notice"  # 补正材料通知书（一次性告知书）
    RECEIPT = "material_receipt"  # 材料接收凭证
    DELIVERY = "delivery_receipt"  # 办理结果领取凭证


PLACEHOLDERS = frozenset({
    "applicant", "items", "agency", "number", "submitted", "received", "due", "reason", "basis",
    "delivered", "method", "hall", "hall_address", "hall_phone", "window", "clerk",
})  # fmt: skip
_TEXT_KEYS = ("title", "seal", "body", "materials_heading", "notes_heading", "copies", "signature")
_OPTIONAL = ("subtitle",)
COMMON = "common"


class TemplateError(DomainError):
    """A template file cannot be used; names the file, the key and the reason."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        super().__init__(f"{source}: {key}: {reason}")
        self.source = source
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class NoticeTemplate:
    kind: NoticeKind
    title: str
    seal: str
    body: str
    materials_heading: str
    notes_heading: str
    notes: tuple[str, ...]
    copies: str
    signature: str
    subtitle: str = ""

    def fill(self, text: str, values: Mapping[str, str]) -> str:
        return text.format_map(dict(values))


@dataclass(frozen=True)
class TemplateSet:
    templates: Mapping[NoticeKind, NoticeTemplate]
    common: Mapping[str, str]

    def __getitem__(self, kind: NoticeKind) -> NoticeTemplate:
        return self.templates[kind]


def _read(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(str(path), "-", f"cannot read the file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(str(path), "-", f"not valid TOML ({exc})") from exc


def _layers(name: str, bundled: Path, site: Path | None) -> tuple[dict[str, object], dict[str, str]]:
    """The bundled file's keys overridden by the site file's; and which file each key came from."""
    merged: dict[str, object] = {}
    origin: dict[str, str] = {}
    for directory in (bundled, site):
        if directory is None:
            continue
        path = directory / f"{name}.toml"
        if directory is site and not path.exists():
            continue
        for key, value in _read(path).items():
            merged[key] = value
            origin[key] = str(path)
    return merged, origin


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def load_templates(bundled: Path, site: Path | None = None) -> TemplateSet:
    common_raw, common_origin = _layers(COMMON, bundled, site)
    common: dict[str, str] = {}
    for key, value in common_raw.items():
        if not isinstance(value, str):
            raise TemplateError(common_origin[key], key, "must be a string")
        common[key] = value
    known = PLACEHOLDERS | set(common)
    templates: dict[NoticeKind, NoticeTemplate] = {}
    for kind in NoticeKind:
        raw, origin = _layers(kind.value, bundled, site)
        source = str(bundled / f"{kind.value}.toml")
        for key in raw:
            if key not in (*_TEXT_KEYS, *_OPTIONAL, "notes"):
                raise TemplateError(origin[key], key, "unknown key")
        texts: dict[str, str] = {}
        for key in (*_TEXT_KEYS, *_OPTIONAL):
            value = raw.get(key, "" if key in _OPTIONAL else None)
            if not isinstance(value, str):
                raise TemplateError(origin.get(key, source), key, "must be a string (and is required)")
            texts[key] = value
        notes = raw.get("notes", [])
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise TemplateError(origin.get("notes", source), "notes", "must be a list of strings")
        for key, text in [*texts.items(), *((f"notes[{i}]", n) for i, n in enumerate(notes))]:
            try:
                unknown = _fields(text) - known
            except ValueError as exc:
                raise TemplateError(origin.get(key.split("[")[0], source), key, str(exc)) from exc
            if unknown:
                where = origin.get(key.split("[")[0], source)
                raise TemplateError(where, key, f"unknown placeholder(s) {', '.join(sorted(unknown))}")
        templates[kind] = NoticeTemplate(kind=kind, notes=tuple(notes), **texts)
    return TemplateSet(templates, common)
