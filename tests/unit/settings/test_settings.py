"""Site configuration: every key's validation message, the layers, the system-wide location, unknown keys."""

from __future__ import annotations

import re
from pathlib import Path, PurePath, PureWindowsPath

import pytest

import app.settings
from app import site_schema
from app.settings import SettingsError, load_settings, system_site_path, user_settings_path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "installer" / "site.example.toml"


def write(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def load_site(tmp_path: Path, body: str, *, demo: bool = False) -> app.settings.Settings:
    site = write(tmp_path / "site.toml", body)
    return load_settings(demo=demo, environ={"YC_SITE_CONFIG": str(site)})


# (key, TOML value, words the reason must contain). Every key of the schema appears at least once.
INVALID = [
    ("terminal.code", '"xh-03"', "2-12 upper-case letters or digits"),
    ("terminal.code", "3", "must be a string, not an integer"),
    ("terminal.window", '""', "must not be empty"),
    ("terminal.window", '"' + "窗" * 41 + '"', "at most 40 characters"),
    ("terminal.window_number", "0", "between 1 and 999"),
    ("terminal.window_number", '"3"', "must be an integer, not a string"),
    ("terminal.window_number", "true", "must be an integer, not a boolean"),
    ("hall.name", "[]", "must be a string, not an array"),
    ("hall.address", '"  "', "must not be empty"),
    ("hall.phone", '"12345"', "is not a mobile or landline number"),
    ("hall.region_code", '"33010"', "6-digit GB/T 2260 region code"),
    ("hall.region_code", '"930106"', "6-digit GB/T 2260 region code"),
    ("hall.code", '"大厅"', "1-32 letters, digits or '-'"),
    ("platform.url", '"ftp://platform.example"', "must be an https:// URL"),
    ("platform.url", '"http://platform.example.gov.cn/api"', "plain http is allowed for localhost only"),
    ("platform.url", '"https://"', "must be an https:// URL"),
    ("platform.ca_bundle", '"relative/ca.pem"', "must be an absolute path"),
    ("platform.ca_bundle", '"/nonexistent/ca.pem"', "/nonexistent/ca.pem is not a file"),
    ("platform.query_url", '"https://zwfw.example.gov.cn/progress"', "placeholder {number}"),
    ("storage.data_dir", '"data"', "must be an absolute path"),
    ("storage.keystore", '"vault"', "must be one of 'system', 'file'"),
    ("devices.printer", "1.5", "must be a string, not a number"),
    ("devices.idcard_driver", '"usb"', "must be one of 'none', 'ga467', 'sdt', 'simulated'"),
    ("devices.idcard_port", "{ path = 1 }", "must be a string, not a table"),
    ("devices.idcard_baud", "4800", "must be 'auto' or one of"),
    ("devices.pcsc", '"yes"', "must be true or false"),
    ("devices.sdt_library", "7", "must be a string, not an integer"),
    ("devices.sdt_port", "0", "between 1 and 9999"),
    ("devices.photo_decoder", "[]", "must be a string, not an array"),
    ("devices.pcsc_reader", "false", "must be a string, not a boolean"),
    ("platform.codes_file", '"/nonexistent/codes.json"', "/nonexistent/codes.json is not a file"),
    ("devices.city_plugins", '["nocolon"]', "package.module:Class"),
    ("platform.offline_login_days", "100", "between 0 and 90"),
    ("devices.scanner", '""', "must not be empty"),
    ("devices.scanner_source", '"feeder"', "must be one of 'flatbed', 'adf', 'duplex'"),
    ("devices.scanner_mode", '"color"', "must be one of 'colour', 'grey', 'lineart'"),
    ("devices.scanner_resolution", "50", "between 75 and 1200"),
    ("devices.camera", '""', "must not be empty"),
    ("devices.watch_folder", '"scans"', "must be an absolute path"),
    ("materials.compression", '"jbig2"', "must be one of 'auto', 'jpeg', 'bilevel', 'lossless'"),
    ("materials.jpeg_quality", "100", "between 35 and 95"),
    ("materials.max_page_kb", "-1", "between 0 and 20000"),
    ("materials.auto_crop", '"no"', "must be true or false"),
    ("materials.deskew", "1", "must be true or false"),
    ("retention.case_days", "0", "between 1 and 3650"),
    ("retention.log_days", "5000", "between 1 and 3650"),
    ("notices.dir", '"notices"', "must be an absolute path"),
    ("security.idle_lock_minutes", "0", "between 1 and 120"),
    ("security.max_failed_logins", "100", "between 3 and 10"),
    ("security.lockout_minutes", '"30"', "must be an integer, not a string"),
    ("security.min_password_length", "6", "between 8 and 64"),
    ("security.crypto_profile", '"sm4"', "must be one of 'default', 'gm'"),
]


@pytest.mark.parametrize(("dotted", "value", "reason"), INVALID)
def test_invalid_essential_value_names_file_key_and_reason(
    tmp_path: Path, dotted: str, value: str, reason: str
) -> None:
    table, name = dotted.split(".")
    with pytest.raises(SettingsError) as caught:
        load_site(tmp_path, f"[{table}]\n{name} = {value}\n")
    error = caught.value
    assert error.source == str(tmp_path / "site.toml")
    assert error.key == dotted
    assert reason in error.reason
    assert str(error) == f"{tmp_path / 'site.toml'}: {dotted}: {error.reason}"


def test_every_key_has_a_validation_case() -> None:
    # ui keys only warn: ui.language below, ui.print_on_accept in test_print_on_accept_is_a_user_preference.
    covered = {dotted for dotted, _, _ in INVALID} | {"ui.language", "ui.print_on_accept"}
    assert covered == set(site_schema.BY_NAME)


def test_invalid_ui_value_in_the_site_file_is_a_warning(tmp_path: Path) -> None:
    settings = load_site(tmp_path, '[ui]\nlanguage = "fr"\n')
    assert settings.language == "zh_CN"
    (warning,) = settings.warnings
    assert (warning.source, warning.key) == (str(tmp_path / "site.toml"), "ui.language")
    assert "must be one of 'zh_CN', 'en', not 'fr'; ignored" in warning.reason


def test_every_key_is_applied(tmp_path: Path) -> None:
    ca = write(tmp_path / "ca.pem", "-----BEGIN CERTIFICATE-----\n")
    settings = load_site(
        tmp_path,
        f"""
[terminal]
code = "BJ01"
window = "一号窗口"
window_number = 1
[hall]
name = "某区政务服务中心"
address = "某路1号"
phone = "13800138000"
region_code = "110101"
code = "H-01"
[platform]
url = "https://platform.example.gov.cn"
ca_bundle = "{ca}"
query_url = "http://127.0.0.1:8000/q?no={{number}}"
[storage]
data_dir = "{tmp_path / "data"}"
keystore = "system"
[devices]
printer = "HP_LaserJet"
idcard_driver = "ga467"
idcard_port = "/dev/ttyUSB0"
scanner = "none"
[retention]
case_days = 30
log_days = 7
[ui]
language = "en"
""",
    )
    assert (settings.terminal_code, settings.window, settings.window_number) == ("BJ01", "一号窗口", 1)
    assert settings.hall == app.settings.Hall("某区政务服务中心", "某路1号", "13800138000", "110101", "H-01")
    assert settings.platform == app.settings.Platform("https://platform.example.gov.cn", ca)
    assert settings.query_url == "http://127.0.0.1:8000/q?no={number}"
    assert (settings.data_dir, settings.keystore) == (tmp_path / "data", "system")
    assert settings.devices == app.settings.DeviceSettings(
        printer="HP_LaserJet", scanner="none", idcard_driver="ga467", idcard_port="/dev/ttyUSB0"
    )
    assert settings.retention == app.settings.Retention(case_days=30, log_days=7)
    assert settings.language == "en"
    assert settings.source == str(tmp_path / "site.toml")
    assert settings.warnings == ()


def test_partial_hall_keeps_the_other_defaults(tmp_path: Path) -> None:
    settings = load_site(tmp_path, '[hall]\nname = "某中心"\n')
    assert settings.hall.name == "某中心"
    assert settings.hall.region_code == app.settings.Hall().region_code


@pytest.mark.parametrize(
    ("body", "key", "reason"),
    [
        (
            '[hall]\nnmae = "x"\n',
            "hall.nmae",
            "unknown key (known in [hall]: name, address, phone, region_code, code)",
        ),
        (
            '[platfrom]\nurl = "https://x.cn"\n',
            "platfrom.url",
            "unknown section or key (known sections: terminal,",
        ),
        ('language = "en"\n', "language", "unknown section or key"),
        ("hall = 3\n", "hall", "must be a section ([hall])"),
    ],
)
def test_unknown_keys_and_sections_are_refused(tmp_path: Path, body: str, key: str, reason: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_site(tmp_path, body)
    assert caught.value.key == key
    assert reason in caught.value.reason


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_site(tmp_path, "[terminal\ncode = 1\n")
    assert caught.value.source == str(tmp_path / "site.toml")
    assert caught.value.key == "-"
    assert "not valid TOML" in caught.value.reason


def test_file_keystore_is_refused_outside_demo(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_site(tmp_path, '[storage]\nkeystore = "file"\n')
    assert caught.value.key == "storage.keystore"
    assert caught.value.source == str(tmp_path / "site.toml")
    assert load_site(tmp_path, '[storage]\nkeystore = "file"\n', demo=True).keystore == "file"


# ---------------------------------------------------------------- layers


def test_layers_defaults_site_user_environment(tmp_path: Path) -> None:
    site = write(tmp_path / "site.toml", '[terminal]\ncode = "SITE1"\n[ui]\nlanguage = "zh_CN"\n')
    write(user_settings_path(), '[ui]\nlanguage = "en"\n')
    env = {"YC_SITE_CONFIG": str(site)}
    settings = load_settings(demo=False, environ=env)
    assert settings.terminal_code == "SITE1"  # site over defaults
    assert settings.language == "en"  # user over site
    assert settings.user_file == user_settings_path()
    assert settings.hall == app.settings.Hall()  # defaults where nobody said anything
    env |= {"YC_LANGUAGE": "zh_CN", "YC_DATA_DIR": str(tmp_path / "env-data")}
    settings = load_settings(demo=False, environ=env)
    assert settings.language == "zh_CN"  # environment over user
    assert settings.data_dir == tmp_path / "env-data"


def test_user_file_cannot_override_essential_settings(tmp_path: Path) -> None:
    site = write(tmp_path / "site.toml", '[terminal]\ncode = "SITE1"\n')
    user = write(
        user_settings_path(),
        '[terminal]\ncode = "MINE1"\n[storage]\nkeystore = "file"\n[ui]\nlanguage = "en"\nfont = "big"\n[x]\ny = 1\n',
    )
    settings = load_settings(demo=False, environ={"YC_SITE_CONFIG": str(site)})
    assert settings.terminal_code == "SITE1"
    assert settings.keystore == "system"
    assert settings.language == "en"
    reasons = {w.key: w.reason for w in settings.warnings}
    assert {w.source for w in settings.warnings} == {str(user)}
    assert reasons["terminal.code"] == "can only be set in the site configuration; ignored"
    assert reasons["storage.keystore"] == "can only be set in the site configuration; ignored"
    assert reasons["ui.font"] == "unknown key; ignored"
    assert reasons["x.y"] == "unknown key; ignored"
    assert list(reasons) == ["terminal.code", "storage.keystore", "ui.font", "x.y"]


def test_broken_user_file_is_ignored_with_a_warning(tmp_path: Path) -> None:
    write(user_settings_path(), "[ui\n")
    settings = load_settings(demo=True, environ={})
    (warning,) = settings.warnings
    assert warning.source == str(user_settings_path())
    assert "not valid TOML" in warning.reason
    assert warning.reason.endswith("file ignored")


def test_invalid_user_value_is_ignored(tmp_path: Path) -> None:
    site = write(tmp_path / "site.toml", '[ui]\nlanguage = "en"\n')
    write(user_settings_path(), '[ui]\nlanguage = "de"\n')
    settings = load_settings(demo=False, environ={"YC_SITE_CONFIG": str(site)})
    assert settings.language == "en"
    assert [w.key for w in settings.warnings] == ["ui.language"]


def test_user_file_lives_in_the_user_config_dir(isolated_environment: Path) -> None:
    assert user_settings_path() == isolated_environment / "config" / "yichuang-workstation" / "settings.toml"


# ---------------------------------------------------------------- the system-wide location


def test_system_wide_location_per_os() -> None:
    assert system_site_path("linux", {}) == PurePath("/etc/yichuang/site.toml")
    assert system_site_path("win32", {"PROGRAMDATA": r"D:\PD"}) == PureWindowsPath(
        r"D:\PD\Yichuang\site.toml"
    )
    assert system_site_path("win32", {}) == PureWindowsPath(r"C:\ProgramData\Yichuang\site.toml")


def test_the_system_wide_file_is_read_unless_yc_site_config_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = write(tmp_path / "etc" / "site.toml", '[terminal]\ncode = "SYS1"\n')
    other = write(tmp_path / "other.toml", '[terminal]\ncode = "ENV1"\n')
    monkeypatch.setattr(app.settings, "system_site_path", lambda: system)
    settings = load_settings(demo=False, environ={})
    assert (settings.terminal_code, settings.source, settings.site_file) == ("SYS1", str(system), system)
    assert load_settings(demo=False, environ={"YC_SITE_CONFIG": str(other)}).terminal_code == "ENV1"


def test_no_site_file_means_embedded_defaults(tmp_path: Path) -> None:
    settings = load_settings(demo=False, environ={"YC_SITE_CONFIG": str(tmp_path / "absent.toml")})
    assert settings.source == "embedded defaults"
    assert settings.site_file == tmp_path / "absent.toml"
    assert settings.terminal_code == "XH03"
    assert settings.platform == app.settings.Platform()


# ---------------------------------------------------------------- the documented example


def test_example_documents_every_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    sections = re.split(r"^\[(\w+)\]$", text, flags=re.MULTILINE)
    documented = {
        f"{table}.{name}"
        for table, body in zip(sections[1::2], sections[2::2], strict=True)
        for name in re.findall(r"^#? ?(\w+) = ", body, flags=re.MULTILINE)
    }
    assert documented == set(site_schema.BY_NAME)


def test_example_loads_without_warnings() -> None:
    settings = load_settings(demo=False, environ={"YC_SITE_CONFIG": str(EXAMPLE)})
    assert settings.warnings == ()
    assert settings.platform.url == "https://zwfw.example.gov.cn"
    assert settings.window_number == 3


def test_print_on_accept_is_a_user_preference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app import settings as settings_module

    user = tmp_path / "user.toml"
    user.write_text("[ui]\nprint_on_accept = true\n", encoding="utf-8")
    monkeypatch.setattr(settings_module, "user_settings_path", lambda: user)
    assert load_settings(demo=True, environ={"YC_DATA_DIR": str(tmp_path / "d")}).print_on_accept is True
    user.write_text('[ui]\nprint_on_accept = "yes"\n', encoding="utf-8")
    loaded = load_settings(demo=True, environ={"YC_DATA_DIR": str(tmp_path / "d")})
    assert loaded.print_on_accept is False
    assert [w.key for w in loaded.warnings] == ["ui.print_on_accept"]
