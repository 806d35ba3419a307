"""Scanning through the real app: SANE's pnm backend as the scanner, three pages into one material slot,
the case accepted, the material PDF checked page by page, and nothing readable left on disk."""

from __future__ import annotations

import io
import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import ImageChops
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from app.documents.pages import page_images
from app.domain.clock import FixedClock
from app.settings import MaterialsSettings, Settings
from app.store import material_pages
from app.ui.launcher import Launcher
from app.ui.main_window import MainWindow
from app.ui.qt import QtCore
from tests.e2e.conftest import fill_form, log_in, start_launcher
from tests.support.qt_input import type_text
from tests.support.sane import document_page, find_bytes, use_config, write_config, write_pnm

Qt = QtCore.Qt
pytestmark = [pytest.mark.e2e, pytest.mark.sane]


@pytest.fixture(scope="module")
def sane_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = write_config(tmp_path_factory.mktemp("sane"))
    previous = use_config(directory)
    yield directory
    if previous is None:
        os.environ.pop("SANE_CONFIG_DIR", None)
    else:
        os.environ["SANE_CONFIG_DIR"] = previous


@pytest.fixture
def scanning_launcher(
    qtbot: QtBot, demo_settings: Settings, clock: FixedClock, sane_config: Path
) -> Iterator[Launcher]:
    settings = replace(
        demo_settings,
        devices=replace(
            demo_settings.devices, scanner="pnm:0", scanner_source="flatbed", scanner_resolution=300
        ),
        materials=MaterialsSettings(compression="lossless"),  # pixels compared exactly below
    )
    launcher = start_launcher(qtbot, settings, clock)
    yield launcher
    launcher.shutdown()


def fill_applicant_and_item(qtbot: QtBot, window: MainWindow) -> None:
    page = window.acceptance
    form = page.applicant
    type_text(qtbot, form.name, "欧阳娜娜")
    type_text(qtbot, form.id_number.edit, "440304200002291236")
    type_text(qtbot, form.phone.edit, "13912345678")
    type_text(qtbot, page.picker.query, "gtgsh")
    qtbot.keyClick(page.picker.query, Qt.Key.Key_Return)


def scan_three_pages(qtbot: QtBot, launcher: Launcher, window: MainWindow, fed: Path, pages: list) -> str:
    panel = window.acceptance.checklist
    driver = launcher.capture.scanner.driver
    driver.extra_options["filename"] = str(fed)  # the pnm backend scans this file
    panel.materials.setCurrentRow(1)
    material_id = panel.current_material_id()
    assert material_id is not None
    for count, page in enumerate(pages, start=1):
        write_pnm(page, fed)
        qtbot.keyClick(panel.materials, Qt.Key.Key_F8)  # scan into the current material
        qtbot.waitUntil(
            lambda c=count: len(panel.pages(material_id)) == c and not panel.processing(), timeout=30_000
        )
    return material_id


def test_three_pages_scanned_in_the_ui_become_the_materials_pdf(
    qtbot: QtBot, scanning_launcher: Launcher, tmp_path: Path, isolated_environment: Path
) -> None:
    started = time.time()  # files older than this cannot hold what the test makes
    launcher = scanning_launcher
    window = log_in(qtbot, launcher)
    fill_applicant_and_item(qtbot, window)
    fed_dir = tmp_path / "fed"
    fed_dir.mkdir()
    noise = [secrets.token_bytes(96) for _ in range(3)]
    pages = [document_page(n, noise=noise[n - 1]) for n in (1, 2, 3)]
    material_id = scan_three_pages(qtbot, launcher, window, fed_dir / "page.pnm", pages)

    panel = window.acceptance.checklist
    assert material_id in panel.received()
    count, size = panel.totals()
    assert count == 3
    assert "共 3 页" in panel.totals_label.text()
    assert size > 0

    qtbot.keyClick(panel.materials, Qt.Key.Key_F7)
    page = window.acceptance
    fill_form(page)  # the item's form (address, business details) is required for 受理
    assert page.accept_button.isEnabled()
    with qtbot.waitSignal(page.case_decided, timeout=30_000) as decided:
        qtbot.keyClick(panel.materials, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    case_id = decided.args[0].case.id

    service = window.acceptance._materials.service
    pdfs = service.pdf_for(case_id)
    assert set(pdfs) == {material_id}
    pdf = pdfs[material_id]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    for got, delivered in zip(page_images(pdf), pages, strict=True):
        assert ImageChops.difference(got.convert("L"), delivered).getbbox() is None  # what the backend gave

    store = launcher.workspace.store
    with store.database.read() as session:
        stored = material_pages.case_pages(session, case_id)
        snapshot = launcher.workspace.desk_for(window._identity).load(case_id)
    assert [p.position for p in stored] == [0, 1, 2]
    assert {p.verified_by for p in stored} == {"demo"}  # trust level B: the clerk who checked the originals
    line = next(m for m in snapshot.materials if m.material_id == material_id)
    assert line.pages == 3
    assert line.received

    # Nothing readable: not the pages' pixels, not the stored images, not the PDF.
    blobs = [store.attachments.read(p.blob) for p in stored]
    needles = {f"pixels of page {i + 1}": n for i, n in enumerate(noise)}
    needles |= {f"stored page {i + 1}": b[len(b) // 2 : len(b) // 2 + 64] for i, b in enumerate(blobs)}
    needles["material PDF"] = pdf[len(pdf) // 2 : len(pdf) // 2 + 64]
    data_dir = launcher.settings.data_dir
    launcher.shutdown()
    roots = [data_dir, isolated_environment, Path(tempfile.gettempdir())]
    assert find_bytes(roots, needles, exclude=[fed_dir], since=started) == []
    # The search can fail: the fed page file itself holds the first page's pixels.
    assert find_bytes([fed_dir], {"pixels of page 3": noise[2]}, exclude=[]) != []
