"""The keys of the site configuration (TOML): one line per key, each with its parser and its layer.

A parser takes the raw TOML value and returns the setting's value, or raises `ValueError(reason)`.
`essential` keys stop the app when they are invalid; the others fall back to their default with a
warning. Only `user` keys may be set in the per-user settings file. A section another part of the app
needs (`[devices]`, more of `[platform]`) is added here as more `Key` lines and fields in `app.settings`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from app.domain.errors import DomainError
from app.domain.identifiers import InvalidPhone, check_phone
from app.domain.numbering import check_terminal_code

Parser = Callable[[object], object]


@dataclass(frozen=True)
class Key:
    table: str
    name: str
    attr: str  # where the value goes in Settings; "hall.name" is the field `name` of Settings.hall
    parse: Parser
    essential: bool = True
    user: bool = False  # may be set in the per-user settings file

    @property
    def dotted(self) -> str:
        return f"{self.table}.{self.name}"


def text(max_length: int = 200, *, empty: bool = False) -> Parser:
    def parse(value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be a string, not {_toml_type(value)}")
        value = value.strip()
        if not value and not empty:
            raise ValueError("must not be empty")
        if len(value) > max_length:
            raise ValueError(f"must be at most {max_length} characters")
        return value

    return parse


def one_of(*choices: str) -> Parser:
    def parse(value: object) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(repr(c) for c in choices)}, not {value!r}")
        assert isinstance(value, str)
        return value

    return parse


def integer(low: int, high: int) -> Parser:
    def parse(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be an integer, not {_toml_type(value)}")
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}, not {value}")
        return value

    return parse


def pattern(regex: str, meaning: str) -> Parser:
    compiled = re.compile(regex)

    def parse(value: object) -> str:
        value = text()(value)
        assert isinstance(value, str)
        if not compiled.fullmatch(value):
            raise ValueError(f"must be {meaning}, not {value!r}")
        return value

    return parse


def terminal_code(value: object) -> str:
    code = text()(value)
    assert isinstance(code, str)
    try:
        return check_terminal_code(code)
    except DomainError as exc:
        raise ValueError(str(exc)) from exc


def phone(value: object) -> str:
    number = text()(value)
    assert isinstance(number, str)
    if isinstance(check_phone(number), InvalidPhone):
        raise ValueError(f"{number!r} is not a mobile or landline number")
    return number


def url(*, placeholder: str | None = None, empty: bool = False) -> Parser:
    """https, or http to this machine only (the reference platform in a demo or a test)."""

    def parse(value: object) -> str:
        raw = text(2000, empty=empty)(value)
        assert isinstance(raw, str)
        if not raw:
            return raw
        parts = urlsplit(raw)
        if parts.scheme not in {"https", "http"} or not parts.hostname:
            raise ValueError(f"must be an https:// URL, not {raw!r}")
        if parts.scheme == "http" and not _is_loopback(parts.hostname):
            raise ValueError("must use https:// (plain http is allowed for localhost only)")
        if placeholder is not None and placeholder not in raw:
            raise ValueError(f"must contain the placeholder {placeholder}")
        return raw

    return parse


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def absolute_path(*, must_exist: bool = False, empty: bool = False) -> Parser:
    def parse(value: object) -> Path | None:
        raw = text(4000, empty=empty)(value)
        assert isinstance(raw, str)
        if not raw:
            return None
        path = Path(raw).expanduser()
        if not path.is_absolute():
            raise ValueError(f"must be an absolute path, not {raw!r}")
        if must_exist and not path.is_file():
            raise ValueError(f"{path} is not a file")
        return path

    return parse


def _toml_type(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number", list: "an array"}
    return names.get(type(value), "a table" if isinstance(value, dict) else type(value).__name__)


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {_toml_type(value)}")
    return value


IDCARD_DRIVERS = ("none", "ga467", "sdt", "simulated")
BAUD_RATES = (115200, 57600, 38400, 19200, 9600)


def baud(value: object) -> int:
    """'auto' (0: probe) or one of the rates GA/T 467 readers use."""
    if value == "auto":
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value not in BAUD_RATES:
        raise ValueError(f"must be 'auto' or one of {list(BAUD_RATES)}, not {value!r}")
    return value


def plugins(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) and ":" in x for x in value):
        raise ValueError("must be a list of 'package.module:Class'")
    return tuple(str(x) for x in value)


SCAN_SOURCES = ("flatbed", "adf", "duplex")
SCAN_MODES = ("colour", "grey", "lineart")
PAGE_COMPRESSIONS = ("auto", "jpeg", "bilevel", "lossless")


def folder(value: object) -> str:
    """An absolute folder path, or empty for none (it may not exist yet: a share mounted later)."""
    raw = text(4000, empty=True)(value)
    assert isinstance(raw, str)
    if raw and not Path(raw).expanduser().is_absolute():
        raise ValueError(f"must be an absolute path, not {raw!r}")
    return raw


LANGUAGES = ("zh_CN", "en")
CRYPTO_PROFILES = ("default", "gm")

KEYS: tuple[Key, ...] = (
    Key("terminal", "code", "terminal_code", terminal_code),
    Key("terminal", "window", "window", text(40)),
    Key("terminal", "window_number", "window_number", integer(1, 999)),
    Key("hall", "name", "hall.name", text(60)),
    Key("hall", "address", "hall.address", text(120)),
    Key("hall", "phone", "hall.phone", phone),
    Key("hall", "region_code", "hall.region_code", pattern(r"[1-8]\d{5}", "a 6-digit GB/T 2260 region code")),
    Key("hall", "code", "hall.code", pattern(r"[A-Za-z0-9-]{1,32}", "1-32 letters, digits or '-'")),
    Key("platform", "url", "platform.url", url(empty=True)),
    Key("platform", "ca_bundle", "platform.ca_bundle", absolute_path(must_exist=True, empty=True)),
    Key("platform", "codes_file", "platform.codes_file", absolute_path(must_exist=True)),
    Key("platform", "offline_login_days", "platform.offline_login_days", integer(0, 90)),
    Key("platform", "query_url", "query_url", url(placeholder="{number}")),
    Key("storage", "data_dir", "data_dir", absolute_path()),
    Key("storage", "keystore", "keystore", one_of("system", "file")),
    Key("devices", "printer", "devices.printer", text(200, empty=True)),
    Key("devices", "scanner", "devices.scanner", text(200)),
    Key("devices", "scanner_source", "devices.scanner_source", one_of(*SCAN_SOURCES)),
    Key("devices", "scanner_mode", "devices.scanner_mode", one_of(*SCAN_MODES)),
    Key("devices", "scanner_resolution", "devices.scanner_resolution", integer(75, 1200)),
    Key("devices", "camera", "devices.camera", text(200)),
    Key("devices", "watch_folder", "devices.watch_folder", folder),
    Key("devices", "idcard_driver", "devices.idcard_driver", one_of(*IDCARD_DRIVERS)),
    Key("devices", "idcard_port", "devices.idcard_port", text(200)),
    Key("devices", "idcard_baud", "devices.idcard_baud", baud),
    Key("devices", "sdt_library", "devices.sdt_library", text(4000, empty=True)),
    Key("devices", "sdt_port", "devices.sdt_port", integer(1, 9999)),
    Key("devices", "photo_decoder", "devices.photo_decoder", text(4000, empty=True)),
    Key("devices", "pcsc", "devices.pcsc", boolean),
    Key("devices", "pcsc_reader", "devices.pcsc_reader", text(200, empty=True)),
    Key("devices", "city_plugins", "devices.city_plugins", plugins),
    Key("materials", "compression", "materials.compression", one_of(*PAGE_COMPRESSIONS)),
    Key("materials", "jpeg_quality", "materials.jpeg_quality", integer(35, 95)),
    Key("materials", "max_page_kb", "materials.max_page_kb", integer(0, 20000)),
    Key("materials", "auto_crop", "materials.auto_crop", boolean),
    Key("materials", "deskew", "materials.deskew", boolean),
    Key("retention", "case_days", "retention.case_days", integer(1, 3650)),
    Key("retention", "log_days", "retention.log_days", integer(1, 3650)),
    Key("notices", "dir", "notices_dir", absolute_path(empty=True)),
    Key("security", "idle_lock_minutes", "security.idle_lock_minutes", integer(1, 120)),
    Key("security", "max_failed_logins", "security.max_failed_logins", integer(3, 10)),
    Key("security", "lockout_minutes", "security.lockout_minutes", integer(1, 1440)),
    Key("security", "min_password_length", "security.min_password_length", integer(8, 64)),
    Key("security", "crypto_profile", "security.crypto_profile", one_of(*CRYPTO_PROFILES)),
    Key("ui", "language", "language", one_of(*LANGUAGES), essential=False, user=True),
    Key("ui", "print_on_accept", "print_on_accept", boolean, essential=False, user=True),
)
BY_NAME = {key.dotted: key for key in KEYS}
TABLES = tuple(dict.fromkeys(key.table for key in KEYS))
