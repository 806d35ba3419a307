"""Settings: embedded demo defaults, a site configuration file (TOML) and environment overrides."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.domain.errors import DomainError
from app.domain.numbering import check_terminal_code

APP_NAME = "yichuang-workstation"
ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"

# Demo mode only: (login, password, display name); the login window shows the clerk's.
DEMO_CLERK = ("demo", "Demo@2026", "演示受理员")
DEMO_SUPERVISOR = ("leader", "Leader@2026", "演示科长")


class SettingsError(DomainError):
    """A setting is invalid; names the file, the key and the reason."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        super().__init__(f"{source}: {key}: {reason}")
        self.source = source
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class Hall:
    name: str = "杭州市西湖区政务服务中心"
    address: str = "杭州市西湖区文三路500号一楼"
    phone: str = "0571-87000000"
    region_code: str = "330106"


IDCARD_DRIVERS = ("none", "ga467", "sdt", "simulated")
BAUD_RATES = (115200, 57600, 38400, 19200, 9600)


@dataclass(frozen=True)
class DeviceSettings:
    """The `[devices]` table: which ID-card reader, where, and whether to watch PC/SC readers.

    `idcard_port` "auto" and `idcard_baud` 0 mean: find them by probing. `simulated` is the demo's reader.
    """

    idcard_driver: str = "none"
    idcard_port: str = "auto"
    idcard_baud: int = 0
    sdt_library: str = ""
    sdt_port: int = 1001
    photo_decoder: str = ""
    pcsc: bool = True
    pcsc_reader: str = ""  # only readers whose name contains this (empty: all)
    city_plugins: tuple[str, ...] = ()  # "package.module:Class" per site

    def to_toml(self) -> str:
        """The `[devices]` table as the settings page writes it."""

        def quoted(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        plugins = ", ".join(quoted(p) for p in self.city_plugins)
        return (
            "[devices]\n"
            f"idcard_driver = {quoted(self.idcard_driver)}\n"
            f"idcard_port = {quoted(self.idcard_port)}\n"
            f"idcard_baud = {quoted('auto') if self.idcard_baud == 0 else self.idcard_baud}\n"
            f"sdt_library = {quoted(self.sdt_library)}\n"
            f"sdt_port = {self.sdt_port}\n"
            f"photo_decoder = {quoted(self.photo_decoder)}\n"
            f"pcsc = {'true' if self.pcsc else 'false'}\n"
            f"pcsc_reader = {quoted(self.pcsc_reader)}\n"
            f"city_plugins = [{plugins}]\n"
        )


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    terminal_code: str = "XH03"
    window: str = "综合受理3号窗口"
    hall: Hall = field(default_factory=Hall)
    demo: bool = False
    # "system" uses the OS keystore; "file" is the demo-only keystore file beside the data dir.
    keystore: str = "system"
    catalogue_file: Path = RESOURCES / "catalogue" / "sample-catalogue.json"
    fonts_dir: Path = RESOURCES / "fonts"
    language: str = "zh_CN"
    query_url: str = "https://zwfw.example.gov.cn/progress?no={number}"
    # The province's platform; None works locally only (no sync). The demo points it at the in-process
    # reference platform.
    platform_url: str | None = None
    platform_ca_bundle: Path | None = None
    platform_codes_file: Path = RESOURCES / "platform" / "codes-reference.json"
    offline_login_days: int = 7
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    source: str = "embedded defaults"

    @property
    def demo_keystore_file(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}-demo-keystore.cfg"

    @property
    def device_settings_file(self) -> Path:
        """Where the device settings page saves this workstation's choices (over the site file's)."""
        return self.data_dir.parent / f"{self.data_dir.name}-devices.toml"


def default_data_dir(demo: bool) -> Path:
    from platformdirs import user_data_path

    base = user_data_path(APP_NAME, appauthor=False)
    return base / "demo" if demo else base / "data"


_STR_KEYS = {
    ("terminal", "code"): "terminal_code",
    ("terminal", "window"): "window",
    ("ui", "language"): "language",
    ("platform", "query_url"): "query_url",
    ("platform", "url"): "platform_url",
    ("storage", "keystore"): "keystore",
}
_HALL_KEYS = {"name", "address", "phone", "region_code"}


def _read_toml(path: Path) -> dict[str, Any]:
    source = str(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(source, "-", f"cannot read the file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(source, "-", f"not valid TOML ({exc})") from exc


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# key -> (check, reason when the check fails, conversion)
_DEVICE_KEYS: dict[str, tuple[Callable[[Any], bool], str, Callable[[Any], Any]]] = {
    **{
        key: (lambda v: isinstance(v, str), "must be a string", lambda v: v.strip())
        for key in ("idcard_driver", "idcard_port", "sdt_library", "photo_decoder", "pcsc_reader")
    },
    "idcard_baud": (
        lambda v: v == "auto" or (_is_int(v) and v in BAUD_RATES),
        f"must be 'auto' or one of {list(BAUD_RATES)}",
        lambda v: 0 if v == "auto" else v,
    ),
    "sdt_port": (
        lambda v: _is_int(v) and 1 <= v <= 9999,
        "must be a port number (1-16 serial, 1001-1016 USB)",
        lambda v: v,
    ),
    "pcsc": (lambda v: isinstance(v, bool), "must be true or false", lambda v: v),
    "city_plugins": (
        lambda v: isinstance(v, list) and all(isinstance(x, str) and ":" in x for x in v),
        "must be a list of 'package.module:Class'",
        tuple,
    ),
}


def _apply_devices(devices: DeviceSettings, table: object, source: str) -> DeviceSettings:
    """Merge a `[devices]` table over `devices`, checking every key."""
    if not isinstance(table, dict):
        raise SettingsError(source, "devices", "must be a table")
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _DEVICE_KEYS:
            raise SettingsError(source, f"devices.{key}", "unknown key")
        check, reason, convert = _DEVICE_KEYS[key]
        if not check(value):
            raise SettingsError(source, f"devices.{key}", reason)
        changes[key] = convert(value)
    merged = replace(devices, **changes)
    if merged.idcard_driver not in IDCARD_DRIVERS:
        raise SettingsError(source, "devices.idcard_driver", f"must be one of {list(IDCARD_DRIVERS)}")
    if merged.idcard_driver == "sdt" and not merged.sdt_library:
        raise SettingsError(source, "devices.sdt_library", "the sdt driver needs the vendor library's path")
    return merged


def _apply_site_file(settings: Settings, path: Path) -> Settings:
    source = str(path)
    raw = _read_toml(path)
    changes: dict[str, Any] = {"source": source}
    for (table, key), attr in _STR_KEYS.items():
        value = raw.get(table, {}).get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(source, f"{table}.{key}", "must be a non-empty string")
        changes[attr] = value.strip()
    hall = raw.get("hall", {})
    unknown = set(hall) - _HALL_KEYS
    if unknown:
        raise SettingsError(source, f"hall.{sorted(unknown)[0]}", "unknown key")
    if hall:
        changes["hall"] = replace(settings.hall, **{k: str(v) for k, v in hall.items()})
    data_dir = raw.get("storage", {}).get("data_dir")
    if data_dir is not None:
        changes["data_dir"] = Path(str(data_dir)).expanduser()
    ca_bundle = raw.get("platform", {}).get("ca_bundle")
    if ca_bundle is not None:
        changes["platform_ca_bundle"] = Path(str(ca_bundle)).expanduser()
    days = raw.get("platform", {}).get("offline_login_days")
    if days is not None:
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 90:
            raise SettingsError(source, "platform.offline_login_days", "must be a whole number of days, 0-90")
        changes["offline_login_days"] = days
    if "devices" in raw:
        changes["devices"] = _apply_devices(settings.devices, raw["devices"], source)
    return replace(settings, **changes)


def apply_device_file(settings: Settings) -> Settings:
    """The device settings page's saved choices, over the site file's (when the page has saved any)."""
    path = settings.device_settings_file
    if not path.exists():
        return settings
    raw = _read_toml(path)
    return replace(settings, devices=_apply_devices(settings.devices, raw.get("devices", {}), str(path)))


def save_device_settings(settings: Settings, devices: DeviceSettings) -> Settings:
    """Check and save the settings page's choices; returns the settings with them applied."""
    checked = _apply_devices(DeviceSettings(), tomllib.loads(devices.to_toml())["devices"], "settings page")
    path = settings.device_settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(checked.to_toml(), encoding="utf-8")
    tmp.replace(path)
    return replace(settings, devices=checked)


def _validate(settings: Settings) -> Settings:
    try:
        check_terminal_code(settings.terminal_code)
    except DomainError as exc:
        raise SettingsError(settings.source, "terminal.code", str(exc)) from exc
    if settings.keystore not in {"system", "file"}:
        raise SettingsError(settings.source, "storage.keystore", "must be 'system' or 'file'")
    if settings.keystore == "file" and not settings.demo:
        raise SettingsError(settings.source, "storage.keystore", "the file keystore is for demo mode only")
    url = settings.platform_url
    # Plain HTTP only to loopback (tests); everything else is HTTPS with verification.
    if url is not None and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise SettingsError(settings.source, "platform.url", "must be an https:// URL")
    if settings.platform_ca_bundle is not None and not settings.platform_ca_bundle.is_file():
        raise SettingsError(
            settings.source, "platform.ca_bundle", f"{settings.platform_ca_bundle} does not exist"
        )
    if settings.language not in {"zh_CN", "en"}:
        raise SettingsError(settings.source, "ui.language", "must be 'zh_CN' or 'en'")
    return settings


def load_settings(*, demo: bool, environ: dict[str, str] | None = None) -> Settings:
    """Embedded defaults, then the site file (YC_SITE_CONFIG), then YC_DATA_DIR, then the device settings
    page's saved file beside the data directory."""
    env = os.environ if environ is None else environ
    settings = Settings(
        data_dir=default_data_dir(demo),
        demo=demo,
        keystore="file" if demo else "system",
        # The demo (and training) places sample cards on a simulated reader; production has none until
        # IT configures one.
        devices=DeviceSettings(idcard_driver="simulated" if demo else "none"),
    )
    site = env.get("YC_SITE_CONFIG")
    if site and Path(site).exists():
        settings = _apply_site_file(settings, Path(site))
    if env.get("YC_DATA_DIR"):
        settings = replace(settings, data_dir=Path(env["YC_DATA_DIR"]))
    settings = apply_device_file(settings)
    if env.get("YC_LANGUAGE"):
        settings = replace(settings, language=env["YC_LANGUAGE"])
    return _validate(settings)
