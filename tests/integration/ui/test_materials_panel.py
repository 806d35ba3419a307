"""The materials panel on a real store: import into a slot, then rotate, reorder, assign, delete and zoom
with the keyboard; totals follow; deleting a page deletes its encrypted file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.documents.pages import Compression, PageProfile
from app.domain.clock import FixedClock
from app.services.materials import MaterialsService
from app.services.workspace import Workspace
from app.store.clerks import ClerkIdentity
from app.ui.materials_panel import MaterialsContext, MaterialsPanel
from app.ui.qt import QtCore, QtWidgets
from app.ui.tasks import Tasks
from tests.support.multimedia import multimedia_without_libpulse
from tests.support.sane import document_page

Qt = QtCore.Qt


@pytest.fixture
def panel(
    qtbot: QtBot, workspace: Workspace, clock: FixedClock, clerk: ClerkIdentity
) -> Iterator[MaterialsPanel]:
    service = MaterialsService(workspace.store, clock, PageProfile(compression=Compression.JPEG), clerk.login)
    tasks = Tasks()
    widget = MaterialsPanel(tasks, MaterialsContext(service), lambda: "110101199003070011")
    qtbot.addWidget(widget)
    catalogue = workspace.catalogue
    assert catalogue is not None
    widget.show_item(catalogue.item(catalogue.search("gtgsh")[0]))
    widget.show()
    yield widget
    tasks.shutdown()


def files(directory: Path) -> Path:
    directory.mkdir()
    for n in (1, 2, 3):
        document_page(n).save(directory / f"{n}.png")
    (directory / "4-empty.jpg").write_bytes(b"")
    (directory / "5-corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    return directory


def select(strip: QtWidgets.QListWidget, row: int) -> None:
    """What a click does: this page alone is selected."""
    strip.setCurrentRow(row, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect)


def blobs(workspace: Workspace) -> set[str]:
    return {p.name for p in workspace.store.attachments.directory.iterdir()}


def test_import_then_page_operations_by_keyboard(
    qtbot: QtBot, panel: MaterialsPanel, workspace: Workspace, tmp_path: Path
) -> None:
    first = panel.current_material_id()
    assert first is not None
    assert first not in panel.received()
    assert panel.materials.item(0).foreground().color().name() == "#c0392b"  # missing: red
    assert not panel.page_area.isVisible()  # no page yet: the form below gets the room
    panel.import_paths([files(tmp_path / "inbox")])
    qtbot.waitUntil(lambda: len(panel.pages(first)) == 3 and not panel.processing(), timeout=20_000)
    assert "4-empty.jpg" in panel.notice.text()
    assert "5-corrupt.jpg" in panel.notice.text()
    assert "0字节" in panel.notice.text()
    assert first in panel.received()
    assert "[3页]" in panel.materials.currentItem().text()
    assert panel.materials.item(0).foreground().color().name() != "#c0392b"
    assert panel.materials.item(1).foreground().color().name() == "#c0392b"
    assert "共 3 页" in panel.totals_label.text()
    assert panel.page_area.isVisible()
    stored = blobs(workspace)
    assert len(stored) == 3

    strip = panel.strip
    strip.setFocus()
    order = [p.id for p in panel.pages(first)]
    select(strip, 2)
    qtbot.keyClick(strip, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # move page 3 left
    assert [p.id for p in panel.pages(first)] == [order[0], order[2], order[1]]
    qtbot.keyClick(strip, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # rotate it
    assert [p.rotation for p in panel.pages(first)] == [0, 90, 0]

    select(strip, 0)
    qtbot.keyClick(strip, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # assign to material 2
    second = panel.checklist()[1].id
    assert [p.id for p in panel.pages(second)] == [order[0]]
    assert len(panel.pages(first)) == 2
    assert panel.totals()[0] == 3

    strip.setFocus()
    select(strip, 0)
    doomed = panel.pages(first)[0]
    qtbot.keyClick(strip, Qt.Key.Key_Delete)
    assert len(panel.pages(first)) == 1
    qtbot.waitUntil(lambda: doomed.blob.blob not in blobs(workspace), timeout=10_000)
    assert "共 2 页" in panel.totals_label.text()

    qtbot.keyClick(strip, Qt.Key.Key_Space)  # zoom
    qtbot.waitUntil(lambda: getattr(panel, "viewer", None) is not None, timeout=10_000)
    viewer = panel.viewer
    assert viewer.image_size.width() == 850
    viewer.zoom_by(2.0)
    assert viewer.zoom > 0
    viewer.close()

    panel.clear()  # a new case: the drafts' files go
    qtbot.waitUntil(lambda: blobs(workspace) == set(), timeout=10_000)


def test_drag_a_page_onto_another_material(qtbot: QtBot, panel: MaterialsPanel, tmp_path: Path) -> None:
    first = panel.current_material_id()
    panel.import_paths([files(tmp_path / "inbox")])
    qtbot.waitUntil(lambda: len(panel.pages(first)) == 3 and not panel.processing(), timeout=20_000)
    select(panel.strip, 1)
    panel._on_pages_dropped(2)  # what SlotList.dropEvent calls for a drop on the third row
    assert len(panel.pages(panel.checklist()[2].id)) == 1
    assert isinstance(panel.materials, QtWidgets.QListWidget)


def test_read_only_after_accept_keeps_pages_but_refuses_changes(
    qtbot: QtBot, panel: MaterialsPanel, tmp_path: Path
) -> None:
    first = panel.current_material_id()
    panel.import_paths([files(tmp_path / "inbox")])
    qtbot.waitUntil(lambda: len(panel.pages(first)) == 3 and not panel.processing(), timeout=20_000)
    panel.set_read_only(True)
    assert not panel.scan_button.isEnabled()
    select(panel.strip, 0)
    panel.delete_selected()
    panel.rotate(1)
    assert len(panel.pages(first)) == 3
    assert all(p.rotation == 0 for p in panel.pages(first))


def test_space_on_the_checklist_ticks_the_material_and_zooms_only_on_the_strip(
    qtbot: QtBot, panel: MaterialsPanel
) -> None:
    """The strip's keys (Space zooms, Del deletes, Ctrl+←/→ rotate) act only where the strip has the focus:
    on the checklist Space ticks the current material, as the clerk expects."""
    panel.materials.setCurrentRow(0)
    panel.materials.setFocus()
    first = str(panel.materials.item(0).data(Qt.ItemDataRole.UserRole))
    qtbot.keyClick(panel.materials, Qt.Key.Key_Space)
    assert panel.received() == {first}
    qtbot.keyClick(panel.materials, Qt.Key.Key_Space)
    assert panel.received() == frozenset()


def test_photographing_without_camera_libraries_says_what_to_do(
    qtbot: QtBot,
    workspace: Workspace,
    clock: FixedClock,
    clerk: ClerkIdentity,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """F11 on a machine whose Qt Multimedia cannot load (libpulse0 missing): the panel says what to do and
    stays usable. The failing import is simulated (see tests/unit/ui/test_camera.py); the panel, the
    camera class and the store are real."""
    from app.ui import camera as camera_module
    from app.ui.camera import QtDocumentCamera

    monkeypatch.setattr(camera_module, "multimedia", multimedia_without_libpulse)
    service = MaterialsService(workspace.store, clock, PageProfile(compression=Compression.JPEG), clerk.login)
    tasks = Tasks()
    widget = MaterialsPanel(tasks, MaterialsContext(service, camera=QtDocumentCamera), lambda: "")
    qtbot.addWidget(widget)
    catalogue = workspace.catalogue
    assert catalogue is not None
    widget.show_item(catalogue.item(catalogue.search("gtgsh")[0]))
    widget.show()
    assert widget.camera_button.isEnabled()
    widget.camera_button.click()
    assert "系统组件" in widget.notice.text()
    assert widget.findChild(QtWidgets.QDialog, "cameraDialog") is None
    tasks.shutdown()
