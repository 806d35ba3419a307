"""Settings: embedded demo defaults, a site configuration file (TOML) and environment overrides."""

from __future__ import annotations

import os
import tomllib
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
    source: str = "embedded defaults"

    @property
    def demo_keystore_file(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}-demo-keystore.cfg"


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


def _apply_site_file(settings: Settings, path: Path) -> Settings:
    source = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(source, "-", f"cannot read the file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(source, "-", f"not valid TOML ({exc})") from exc
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
    return replace(settings, **changes)


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
    """Embedded defaults, then the site file (YC_SITE_CONFIG), then YC_DATA_DIR."""
    env = os.environ if environ is None else environ
    settings = Settings(data_dir=default_data_dir(demo), demo=demo, keystore="file" if demo else "system")
    site = env.get("YC_SITE_CONFIG")
    if site and Path(site).exists():
        settings = _apply_site_file(settings, Path(site))
    if env.get("YC_DATA_DIR"):
        settings = replace(settings, data_dir=Path(env["YC_DATA_DIR"]))
    if env.get("YC_LANGUAGE"):
        settings = replace(settings, language=env["YC_LANGUAGE"])
    return _validate(settings)
