"""A card placed on the reader fills the applicant in the real main window (issue: card readers).

`serial`: the real GA/T 467 driver (pyserial) talks to the reader simulator on a pty, paced like a
115200-baud line; the same scenario runs through the ctypes SDT adapter and the compiled C stand-in.
`pcsc`: a real pcscd with vpcd; inserting and removing an emulated social-security card shows in the UI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.devices.idcard import samples
from app.devices.idcard.cardtext import CardType, IdCardData
from app.devices.simulator import Fault, Ga467Simulator, PtyReaderSimulator
from app.domain.applicant import IdDocumentType
from app.domain.clock import FixedClock
from app.settings import DeviceSettings, Settings
from app.ui.launcher import Launcher
from app.ui.main_window import MainWindow
from app.ui.qt import QtCore
from tests.e2e.conftest import log_in, start_launcher
from tests.support.pcscd import Pcscd
from tests.support.sdt_library import compile_sdt_library
from tests.support.vpcd_card import VpcdCard, social_security_card

pytestmark = pytest.mark.e2e

DOCUMENT = {
    CardType.RESIDENT: IdDocumentType.RESIDENT,
    CardType.HMT_PERMIT: IdDocumentType.HMT,
    CardType.FOREIGNER_2017: IdDocumentType.FOREIGN,
    CardType.FOREIGNER_2023: IdDocumentType.FOREIGN,
}


@pytest.fixture
def pty_reader(tmp_path: Path) -> Iterator[PtyReaderSimulator]:
    with PtyReaderSimulator(Ga467Simulator(), tmp_path / "ttyIDCARD", baudrate=115200) as reader:
        yield reader


@pytest.fixture(params=["ga467", "sdt"])
def reader_settings(
    request: pytest.FixtureRequest,
    pty_reader: PtyReaderSimulator,
    demo_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    if request.param == "ga467":
        devices = DeviceSettings(idcard_driver="ga467", idcard_port=str(pty_reader.link), pcsc=False)
    else:
        library = compile_sdt_library(tmp_path_factory.mktemp("sdt"))
        monkeypatch.setenv("SDTSIM_DEVICE", str(pty_reader.link))
        devices = DeviceSettings(
            idcard_driver="sdt", sdt_library=str(library), photo_decoder=str(library), pcsc=False
        )
    return replace(demo_settings, devices=devices)


@pytest.fixture
def window(qtbot: QtBot, reader_settings: Settings, clock: FixedClock) -> Iterator[MainWindow]:
    launcher = start_launcher(qtbot, reader_settings, clock)
    try:
        main = log_in(qtbot, launcher)
        qtbot.waitUntil(lambda: "就绪" in main.reader_label.text(), timeout=10_000)
        yield main
    finally:
        launcher.shutdown()


def place_and_wait(
    qtbot: QtBot, window: MainWindow, pty_reader: PtyReaderSimulator, card: IdCardData
) -> None:
    form = window.acceptance.applicant
    pty_reader.simulator.place(card)
    qtbot.waitUntil(lambda: form.id_number.text() == card.id_number, timeout=10_000)


def check_form(window: MainWindow, card: IdCardData) -> None:
    form = window.acceptance.applicant
    info = form.card_info
    assert form.natural_radio.isChecked()
    assert form.name.text() == (card.name or card.english_name)
    assert form.id_type.currentData() == DOCUMENT[card.card_type]
    assert form.address.text() == card.address
    assert form.id_number.verdict.text().startswith("✓"), form.id_number.verdict.text()  # validated
    assert info.isVisible()
    assert info.value("Birth") == card.birth_date.isoformat()
    assert info.value("Sex") == {"1": "男", "2": "女"}[card.sex]
    assert info.value("Nation") == card.nation
    assert info.value("Issuer") == card.issuer
    until = "长期" if card.long_term else card.valid_until.isoformat()
    assert info.value("Validity") == f"{card.valid_from.isoformat()} — {until}"
    assert info.value("EnglishName") == card.english_name
    expired = card.valid_until is not None and card.valid_until < dt.date(2026, 11, 25)
    assert info.expired.isVisible() == expired
    if expired:
        assert "已过期" in info.expired.text()
    # Only the phone is left for the clerk, who is already in its field.
    assert form.problems() == ["请输入联系电话。"]
    assert form.phone.edit.hasFocus()


@pytest.mark.serial
def test_placing_each_card_type_fills_the_form(
    qtbot: QtBot, window: MainWindow, pty_reader: PtyReaderSimulator
) -> None:
    # The resident card first, against the spec's fixture values.
    place_and_wait(qtbot, window, pty_reader, samples.RESIDENT)
    form = window.acceptance.applicant
    assert (form.name.text(), form.id_number.text()) == ("张三", "110101199003070011")
    assert (form.card_info.value("Nation"), form.card_info.value("Birth")) == ("汉", "1990-03-07")
    photo = form.card_info.photo
    if window._devices.settings.photo_decoder:  # the SDT run also loads the C stand-in's decoder
        assert photo.pixmap() is not None
        assert not photo.pixmap().isNull()
    else:
        assert photo.text() == "照片解码组件未安装"
    for card in samples.SAMPLE_CARDS:
        with qtbot.waitSignal(window._bridge.card_removed, timeout=10_000):
            pty_reader.simulator.remove()  # a card is read once per placement: take it off first
        window.acceptance.new_case()
        place_and_wait(qtbot, window, pty_reader, card)
        check_form(window, card)


@pytest.mark.serial
def test_a_corrupt_frame_and_an_unplug_do_not_stop_the_window(
    qtbot: QtBot, window: MainWindow, pty_reader: PtyReaderSimulator
) -> None:
    pty_reader.simulator.inject(Fault.BAD_CHECKSUM)
    place_and_wait(qtbot, window, pty_reader, samples.HMT_PERMIT)
    with qtbot.waitSignal(window._bridge.card_removed, timeout=10_000):
        pty_reader.simulator.remove()
    pty_reader.unplug()
    qtbot.waitUntil(lambda: "未连接" in window.reader_label.text(), timeout=10_000)
    pty_reader.replug()
    qtbot.waitUntil(lambda: "就绪" in window.reader_label.text(), timeout=10_000)
    window.acceptance.new_case()
    place_and_wait(qtbot, window, pty_reader, samples.FOREIGNER_2017)


@pytest.mark.serial
@pytest.mark.parametrize("reader_settings", ["ga467"], indirect=True)  # a vendor SDK hides its frames
def test_the_device_test_page_shows_masked_frames(
    qtbot: QtBot, window: MainWindow, pty_reader: PtyReaderSimulator
) -> None:
    qtbot.keyClick(window, QtCore.Qt.Key.Key_F9)
    dialog = window.device_test
    assert dialog is not None
    assert dialog.isVisible()
    place_and_wait(qtbot, window, pty_reader, samples.RESIDENT)
    table = dialog.table
    qtbot.waitUntil(lambda: any(table.item(r, 2).text() == "READ_BASE" for r in range(table.rowCount())))
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    read = next(r for r in rows if r[2] == "READ_BASE" and r[1] == "←")
    assert read[3] == "1295"
    assert read[5] == "OK"
    assert "masked" in read[6]
    everything = " ".join(" ".join(r) for r in rows).replace(" ", "")
    assert "110101199003070011".encode("utf-16-le").hex().upper() not in everything
    dialog.check_sam()
    qtbot.waitUntil(lambda: "05.01-20260101" in dialog.sam.text(), timeout=10_000)
    dialog.close()


@pytest.fixture(scope="module")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pcscd]:
    daemon = Pcscd(tmp_path_factory.mktemp("pcscd"))
    daemon.start()
    yield daemon
    daemon.stop()


@pytest.mark.pcsc
def test_social_security_card_insert_and_remove_reach_the_window(
    qtbot: QtBot, pcscd: Pcscd, demo_settings: Settings, clock: FixedClock
) -> None:
    settings = replace(demo_settings, devices=DeviceSettings(idcard_driver="none", pcsc_reader="Virtual PCD"))
    launcher: Launcher = start_launcher(qtbot, settings, clock)
    try:
        window = log_in(qtbot, launcher)
        qtbot.waitUntil(lambda: "就绪" in window.pcsc_label.text(), timeout=10_000)
        assert "未配置" in window.reader_label.text()  # no ID card reader: the clerk types
        label = window.acceptance.ss_card
        card = VpcdCard(social_security_card(3), pcscd.port).insert()
        try:
            qtbot.waitUntil(label.isVisible, timeout=15_000)
            text = label.text()
            assert "卡识别码 411600D156000005C38275EEFC9B9648" in text
            assert "第3代" in text
            assert "有效期至 2031-12-02" in text
            assert "PSAM" in text
        finally:
            card.remove()
        qtbot.waitUntil(lambda: not label.isVisible(), timeout=15_000)

        card = VpcdCard(social_security_card(2), pcscd.port).insert()
        try:
            qtbot.waitUntil(label.isVisible, timeout=15_000)
            assert "卡号 A12345678" in label.text()
            assert "1101**********0011" in label.text()  # the holder's number, masked on screen
            assert "PSAM" not in label.text()
        finally:
            card.remove()
        qtbot.waitUntil(lambda: not label.isVisible(), timeout=15_000)
    finally:
        launcher.shutdown()
