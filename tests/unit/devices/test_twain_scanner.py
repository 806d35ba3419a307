"""The TWAIN adapter (Windows) driven by a stand-in `twain` module.

TWAIN exists only on Windows and no Windows machine runs these tests, so the module pytwain provides is
replaced here by a small fake with the same calls (SourceManager, open_source, set_capability,
request_acquire, xfer_image_natively, dib_to_bm_file, global_handle_free) and exception classes named
like pytwain's; what is checked is the adapter's side: capabilities set, pages delivered in order,
feeder end and jams mapped to typed problems.
"""

from __future__ import annotations

import io
import sys
import types

import pytest
from PIL import Image

from app.devices.scanning.source import ColourMode, PaperSource, ScanFailed, ScanProblem, ScanSettings
from app.devices.scanning.twain_scanner import TwainScanner, problem_of


class PaperJam(Exception):
    pass


class CheckDeviceOnline(Exception):
    pass


def bitmap(shade: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (50, 70), shade).save(buffer, "BMP")
    return buffer.getvalue()


class FakeSource:
    def __init__(self, sheets: list[int], fail: Exception | None) -> None:
        self.caps: dict[int, object] = {}
        self.sheets = sheets
        self.fail = fail
        self.closed = False

    def set_capability(self, cap: int, _type: int, value: object) -> None:
        self.caps[cap] = value

    def get_capability(self, cap: int) -> object:
        return True

    def request_acquire(self, *, show_ui: bool, modal_ui: bool) -> None:
        assert not show_ui
        assert not modal_ui

    def xfer_image_natively(self) -> tuple[int, int]:
        if not self.sheets:
            raise self.fail or RuntimeError("no more")
        shade = self.sheets.pop(0)
        more = 1 if self.sheets or self.fail else 0
        return shade, more

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_twain(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    state = types.SimpleNamespace(sheets=[10, 20, 30], fail=None, source=None)

    class SourceManager:
        source_list = ("Fujitsu fi-7160",)

        def __init__(self, _hwnd: int) -> None:
            pass

        def open_source(self, name: str) -> FakeSource:
            assert name == "Fujitsu fi-7160"
            state.source = FakeSource(state.sheets, state.fail)
            return state.source

        def close(self) -> None:
            pass

    module = types.ModuleType("twain")
    names = "CAP_FEEDERENABLED CAP_AUTOFEED CAP_DUPLEXENABLED CAP_DUPLEX ICAP_PIXELTYPE ICAP_XRESOLUTION ICAP_YRESOLUTION"
    for number, name in enumerate(names.split()):
        setattr(module, name, number)
    module.TWTY_BOOL, module.TWTY_UINT16, module.TWTY_FIX32 = 100, 101, 102  # type: ignore[attr-defined]
    module.SourceManager = SourceManager  # type: ignore[attr-defined]
    module.dib_to_bm_file = bitmap  # type: ignore[attr-defined]
    module.global_handle_free = lambda _h: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "twain", module)
    return state


def test_feeder_batch_with_capabilities_set(fake_twain: types.SimpleNamespace) -> None:
    scanner = TwainScanner()
    pages = []
    count = scanner.acquire(
        ScanSettings(PaperSource.DUPLEX, ColourMode.GREY, 300), pages.append, lambda: False
    )
    assert count == 3
    assert [p.image.getpixel((1, 1)) for p in pages] == [10, 20, 30]
    assert [p.side for p in pages] == [0, 1, 0]
    caps = fake_twain.source.caps
    import twain

    assert caps[twain.CAP_FEEDERENABLED] is True
    assert caps[twain.CAP_DUPLEXENABLED] is True
    assert caps[twain.ICAP_PIXELTYPE] == 1
    assert caps[twain.ICAP_XRESOLUTION] == 300.0
    scanner.close()
    assert fake_twain.source.closed


def test_a_jam_after_two_pages_is_a_typed_failure_that_counts_them(fake_twain: types.SimpleNamespace) -> None:
    fake_twain.sheets, fake_twain.fail = [1, 2], PaperJam()
    pages = []
    with pytest.raises(ScanFailed) as caught:
        TwainScanner().acquire(ScanSettings(PaperSource.ADF), pages.append, lambda: False)
    assert caught.value.problem is ScanProblem.JAMMED
    assert caught.value.pages == 2
    assert len(pages) == 2


def test_condition_names() -> None:
    assert problem_of(CheckDeviceOnline()) is ScanProblem.UNPLUGGED
    assert problem_of(type("NoMedia", (Exception,), {})()) is ScanProblem.NO_PAPER
    assert problem_of(ValueError()) is ScanProblem.FAILED
