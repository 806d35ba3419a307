"""The `[devices]` table: defaults, site file, the settings page's saved file, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import DeviceSettings, SettingsError, load_settings, save_device_settings


def load(tmp_path: Path, site: str, demo: bool = False):  # type: ignore[no-untyped-def]
    path = tmp_path / "site.toml"
    path.write_text(site, encoding="utf-8")
    return load_settings(demo=demo, environ={"YC_SITE_CONFIG": str(path), "YC_DATA_DIR": str(tmp_path / "d")})


def test_defaults_no_reader_in_production_and_the_simulated_one_in_the_demo(tmp_path: Path) -> None:
    assert load(tmp_path, "").devices.idcard_driver == "none"
    assert load(tmp_path, "", demo=True).devices.idcard_driver == "simulated"


def test_site_file_devices_table_and_existing_keys_keep_working(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        '[terminal]\ncode = "XH05"\n[devices]\nidcard_driver = "ga467"\nidcard_port = "/dev/ttyUSB0"\n'
        'idcard_baud = 9600\npcsc = false\ncity_plugins = ["site.hz:HangzhouCard"]\n',
    )
    assert settings.terminal_code == "XH05"
    devices = settings.devices
    assert (devices.idcard_driver, devices.idcard_port, devices.idcard_baud) == (
        "ga467",
        "/dev/ttyUSB0",
        9600,
    )
    assert devices.pcsc is False
    assert devices.city_plugins == ("site.hz:HangzhouCard",)


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('idcard_driver = "usb"', "devices.idcard_driver"),
        ("idcard_baud = 1234", "devices.idcard_baud"),
        ('idcard_baud = "fast"', "devices.idcard_baud"),
        ("sdt_port = true", "devices.sdt_port"),
        ('pcsc = "yes"', "devices.pcsc"),
        ('city_plugins = ["nocolon"]', "devices.city_plugins"),
        ("colour = 1", "devices.colour"),
        ('idcard_driver = "sdt"', "devices.sdt_library"),
        ("idcard_port = 3", "devices.idcard_port"),
    ],
)
def test_invalid_device_settings_name_the_key(tmp_path: Path, table: str, key: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load(tmp_path, f"[devices]\n{table}\n")
    assert raised.value.key == key


def test_the_settings_page_saves_beside_the_data_dir_and_wins_over_the_site_file(tmp_path: Path) -> None:
    settings = load(tmp_path, '[devices]\nidcard_driver = "ga467"\n')
    chosen = DeviceSettings(idcard_driver="sdt", sdt_library='C:\\SDK\\"sdtapi".dll', sdt_port=1002)
    saved = save_device_settings(settings, chosen)
    assert saved.devices == chosen
    assert settings.device_settings_file.parent == tmp_path
    assert load(tmp_path, '[devices]\nidcard_driver = "ga467"\n').devices == chosen
    with pytest.raises(SettingsError):
        save_device_settings(settings, DeviceSettings(idcard_driver="sdt"))
