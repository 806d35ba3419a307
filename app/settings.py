"""Settings in layers: embedded defaults -> the site configuration -> the per-user file -> environment.

The site configuration (TOML, one file per hall or window, placed by the installer) lives in the
system-wide location (`/etc/yichuang/site.toml`, `%ProgramData%\\Yichuang\\site.toml`) unless
YC_SITE_CONFIG names another file. Its keys are listed in `app.site_schema` and documented in
`installer/site.example.toml`. The per-user file (`settings.toml` in the platformdirs user config
directory) may set UI preferences only. Every problem names the file, the key and the reason: an
invalid essential key stops the app (SettingsError); anything else falls back with a warning.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

from app import site_schema
from app.domain.errors import DomainError

APP_NAME = "yichuang-workstation"
# A PyInstaller bundle unpacks the resources beside its modules, in sys._MEIPASS.
ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
RESOURCES = ROOT / "resources"
USER_SETTINGS_FILE = "settings.toml"

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
class SettingsWarning:
    """A setting that was ignored (the default or the site's value applies instead)."""

    source: str
    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.key}: {self.reason}"


@dataclass(frozen=True)
class Hall:
    name: str = "杭州市西湖区政务服务中心"
    address: str = "杭州市西湖区文三路500号一楼"
    phone: str = "0571-87000000"
    region_code: str = "330106"
    code: str = ""  # the hall's code on the platform, when the province assigns one


@dataclass(frozen=True)
class Platform:
    url: str = ""  # the platform's root URL (the API is under /api/v1); empty: this terminal does not sync
    ca_bundle: Path | None = None  # PEM file of the CAs to trust for url; None: the system's
    codes_file: Path = RESOURCES / "platform" / "codes-reference.json"  # the province's code lists
    offline_login_days: int = 7  # offline logins allowed this long after the last online one


IDCARD_DRIVERS = site_schema.IDCARD_DRIVERS
BAUD_RATES = site_schema.BAUD_RATES


@dataclass(frozen=True)
class DeviceSettings:
    """The `[devices]` table. `idcard_port` "auto" and `idcard_baud` 0 mean: find them by probing;
    `simulated` is the demo's reader."""

    printer: str = ""  # printer (CUPS queue / Windows printer) for notices; empty: the system default
    scanner: str = "auto"  # auto | none | a scanner's device name
    scanner_source: str = "flatbed"  # flatbed | adf | duplex
    scanner_mode: str = "grey"  # colour | grey | lineart
    scanner_resolution: int = 300
    camera: str = "auto"  # auto | none | a camera's description
    watch_folder: str = ""  # a folder a hall scanner saves into; empty: none
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
        """The `[devices]` table as the device settings page writes it."""

        def quoted(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        plugins = ", ".join(quoted(p) for p in self.city_plugins)
        return (
            "[devices]\n"
            f"printer = {quoted(self.printer)}\n"
            f"scanner = {quoted(self.scanner)}\n"
            f"scanner_source = {quoted(self.scanner_source)}\n"
            f"scanner_mode = {quoted(self.scanner_mode)}\n"
            f"scanner_resolution = {self.scanner_resolution}\n"
            f"camera = {quoted(self.camera)}\n"
            f"watch_folder = {quoted(self.watch_folder)}\n"
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


Devices = DeviceSettings


@dataclass(frozen=True)
class MaterialsSettings:
    """The `[materials]` table: how scanned pages are prepared and compressed."""

    compression: str = "auto"  # auto | jpeg | bilevel | lossless
    jpeg_quality: int = 80
    max_page_kb: int = 0  # 0: no size target
    auto_crop: bool = False
    deskew: bool = True


@dataclass(frozen=True)
class Retention:
    case_days: int = 90  # days a case stays on the terminal after the platform has confirmed it
    log_days: int = 30


@dataclass(frozen=True)
class Security:
    """The `[security]` table: sessions, logins, passwords and the cryptographic profile."""

    idle_lock_minutes: int = 10  # the screen locks after this long without keyboard or mouse input
    max_failed_logins: int = 5  # wrong passwords in a row before the account is locked
    lockout_minutes: int = 30
    min_password_length: int = 8
    # "default": AES-256-GCM attachments, SHA-256 audit chain; "gm": SM4 attachments, SM3 audit chain.
    crypto_profile: str = "default"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    terminal_code: str = "XH03"
    window: str = "综合受理3号窗口"
    window_number: int | None = None
    hall: Hall = field(default_factory=Hall)
    demo: bool = False
    # "system" uses the OS keystore; "file" is the demo-only keystore file beside the data dir.
    keystore: str = "system"
    catalogue_file: Path = RESOURCES / "catalogue" / "sample-catalogue.json"
    fonts_dir: Path = RESOURCES / "fonts"
    language: str = "zh_CN"
    print_on_accept: bool = False  # print the decision's notice at once (else Ctrl+P)
    notices_dir: Path | None = None  # a hall's notice templates, over resources/notices
    query_url: str = "https://zwfw.example.gov.cn/progress?no={number}"
    platform: Platform = field(default_factory=Platform)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    materials: MaterialsSettings = field(default_factory=MaterialsSettings)
    retention: Retention = field(default_factory=Retention)
    security: Security = field(default_factory=Security)
    source: str = "embedded defaults"  # the site configuration file, when one was read
    site_file: Path | None = None  # where the site configuration is looked for
    user_file: Path | None = None  # the per-user settings file, when one was read
    warnings: tuple[SettingsWarning, ...] = ()

    @property
    def demo_keystore_file(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}-demo-keystore.cfg"

    @property
    def registration_file(self) -> Path:
        """The terminal code the platform assigned at `main.py register` (over the site file's)."""
        return self.data_dir.parent / f"{self.data_dir.name}-registration.toml"

    @property
    def device_settings_file(self) -> Path:
        """Where the device settings page saves this workstation's choices (over the site file's)."""
        return self.data_dir.parent / f"{self.data_dir.name}-devices.toml"


def default_data_dir(demo: bool) -> Path:
    from platformdirs import user_data_path

    base = user_data_path(APP_NAME, appauthor=False)
    return base / "demo" if demo else base / "data"


def system_site_path(platform: str | None = None, environ: Mapping[str, str] | None = None) -> PurePath:
    """Where the installer puts the site configuration on this kind of system."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) == "win32":
        program_data = env.get("PROGRAMDATA") or env.get("ProgramData") or r"C:\ProgramData"
        return PureWindowsPath(program_data, "Yichuang", "site.toml")
    return PurePath("/etc/yichuang/site.toml")


def user_settings_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / USER_SETTINGS_FILE


def _read_toml(path: Path) -> dict[str, Any]:
    source = str(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(source, "-", f"cannot read the file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(source, "-", f"not valid TOML ({exc})") from exc


def _entries(raw: dict[str, Any]) -> list[tuple[str, object]]:
    """(dotted key, value) for every key in the file, in file order; a value outside a section keeps
    its bare name."""
    entries: list[tuple[str, object]] = []
    for table, content in raw.items():
        if isinstance(content, dict):
            entries.extend((f"{table}.{name}", value) for name, value in content.items())
        else:
            entries.append((table, content))
    return entries


def _unknown(dotted: str) -> str:
    table, dot, _ = dotted.partition(".")
    if table not in site_schema.TABLES:
        return f"unknown section or key (known sections: {', '.join(site_schema.TABLES)})"
    if not dot:
        return f"must be a section ([{table}])"
    known = ", ".join(k.name for k in site_schema.KEYS if k.table == table)
    return f"unknown key (known in [{table}]: {known})"


class _Layers:
    """Collects the values of each layer; later layers win. Values are parsed as they arrive."""

    def __init__(self) -> None:
        self.values: dict[str, tuple[object, str]] = {}  # Settings attr -> (value, source)
        self.warnings: list[SettingsWarning] = []

    def site(self, path: Path) -> None:
        source = str(path)
        for dotted, value in _entries(_read_toml(path)):
            key = site_schema.BY_NAME.get(dotted)
            if key is None:
                raise SettingsError(source, dotted, _unknown(dotted))
            self._set(key, value, source)

    def user(self, path: Path) -> None:
        source = str(path)
        try:
            entries = _entries(_read_toml(path))
        except SettingsError as exc:
            self.warnings.append(SettingsWarning(exc.source, exc.key, f"{exc.reason}; file ignored"))
            return
        for dotted, value in entries:
            key = site_schema.BY_NAME.get(dotted)
            if key is None:
                self.warnings.append(SettingsWarning(source, dotted, "unknown key; ignored"))
            elif not key.user:
                self.warnings.append(
                    SettingsWarning(source, dotted, "can only be set in the site configuration; ignored")
                )
            else:
                self._set(key, value, source)

    def devices(self, path: Path) -> None:
        """The device settings page's file: only `[devices]` keys, checked like the site file's."""
        source = str(path)
        for dotted, value in _entries(_read_toml(path)):
            key = site_schema.BY_NAME.get(dotted)
            if key is None or key.table != "devices":
                raise SettingsError(source, dotted, "only [devices] keys belong in this file")
            self._set(key, value, source)

    def registration(self, path: Path) -> None:
        """`main.py register` wrote the terminal code the platform assigned; it wins over the site file."""
        source = str(path)
        for dotted, value in _entries(_read_toml(path)):
            if dotted != "terminal.code":
                raise SettingsError(source, dotted, "only [terminal] code belongs in this file")
            self._set(site_schema.BY_NAME[dotted], value, source)

    def environment(self, variable: str, dotted: str, value: str) -> None:
        self._set(site_schema.BY_NAME[dotted], value, f"${variable}")

    def _set(self, key: site_schema.Key, value: object, source: str) -> None:
        try:
            parsed = key.parse(value)
        except ValueError as exc:
            if key.essential:
                raise SettingsError(source, key.dotted, str(exc)) from exc
            self.warnings.append(SettingsWarning(source, key.dotted, f"{exc}; ignored"))
            return
        self.values[key.attr] = (parsed, source)

    def apply(self, settings: Settings) -> Settings:
        flat: dict[str, Any] = {}
        nested: dict[str, dict[str, Any]] = {}
        for attr, (value, _source) in self.values.items():
            group, _, name = attr.rpartition(".")
            if group:
                nested.setdefault(group, {})[name] = value
            else:
                flat[attr] = value
        for group, changes in nested.items():
            flat[group] = replace(getattr(settings, group), **changes)
        return replace(settings, **flat, warnings=tuple(self.warnings))

    def source_of(self, attr: str, default: str) -> str:
        return self.values[attr][1] if attr in self.values else default


def load_settings(*, demo: bool, environ: Mapping[str, str] | None = None) -> Settings:
    """Embedded defaults, the site file (YC_SITE_CONFIG or the system-wide one), the per-user file
    (UI preferences only), then YC_DATA_DIR and YC_LANGUAGE. Raises SettingsError on a broken
    essential setting."""
    env = os.environ if environ is None else environ
    site = Path(env["YC_SITE_CONFIG"]) if env.get("YC_SITE_CONFIG") else Path(system_site_path())
    settings = Settings(
        data_dir=default_data_dir(demo),
        demo=demo,
        keystore="file" if demo else "system",
        site_file=site,
        # The demo (and training) places sample cards on a simulated reader; production has none until
        # IT configures one. The demo scans nothing unless a site file names a scanner: SANE's default
        # configuration would probe the network for scanners (import and the camera still work).
        devices=DeviceSettings(
            idcard_driver="simulated" if demo else "none", scanner="none" if demo else "auto"
        ),
    )
    layers = _Layers()
    if site.exists():
        layers.site(site)
        settings = replace(settings, source=str(site))
    user = user_settings_path()
    if user.exists():
        layers.user(user)
        settings = replace(settings, user_file=user)
    if env.get("YC_DATA_DIR"):
        data_dir = Path(env["YC_DATA_DIR"]).expanduser().absolute()
        layers.environment("YC_DATA_DIR", "storage.data_dir", str(data_dir))
    if env.get("YC_LANGUAGE"):
        layers.environment("YC_LANGUAGE", "ui.language", env["YC_LANGUAGE"])
    data_dir_now = layers.values.get("data_dir", (settings.data_dir, ""))[0]
    assert isinstance(data_dir_now, Path)
    placed = replace(settings, data_dir=data_dir_now)
    if placed.registration_file.exists():
        layers.registration(placed.registration_file)
    if placed.device_settings_file.exists():
        layers.devices(placed.device_settings_file)
    settings = layers.apply(settings)
    _check_devices(settings.devices, layers.source_of("devices.idcard_driver", settings.source))
    if settings.keystore == "file" and not settings.demo:
        source = layers.source_of("keystore", settings.source)
        raise SettingsError(source, "storage.keystore", "the file keystore is for demo mode only")
    return settings


def _check_devices(devices: DeviceSettings, source: str) -> None:
    if devices.idcard_driver == "sdt" and not devices.sdt_library:
        raise SettingsError(source, "devices.sdt_library", "the sdt driver needs the vendor library's path")


def save_device_settings(settings: Settings, devices: DeviceSettings) -> Settings:
    """Check and save the device settings page's choices; returns the settings with them applied."""
    layers = _Layers()
    for dotted, value in _entries(tomllib.loads(devices.to_toml())):
        layers._set(site_schema.BY_NAME[dotted], value, "settings page")
    checked = layers.apply(replace(settings, devices=DeviceSettings())).devices
    _check_devices(checked, "settings page")
    path = settings.device_settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(checked.to_toml(), encoding="utf-8")
    tmp.replace(path)
    return replace(settings, devices=checked)
