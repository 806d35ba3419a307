"""Clerk effort for a standard case, counted: after the applicant's card is read, one item, three materials
present, 受理, print. Keys go to the window the way a keyboard's do (QWindow: shortcuts, focus widget),
and an event filter on the application counts every key press and mouse click the window receives."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.devices.idcard import samples
from app.domain.case import CaseStatus
from app.domain.clock import FixedClock
from app.services.desk import DecisionRequest
from app.services.printing import PrintResult, page_count
from app.settings import Settings
from app.store.cases import Applicant
from app.store.clerks import ClerkIdentity, Role
from app.ui.launcher import Launcher
from app.ui.qt import QtCore, QtGui, QtWidgets
from tests.e2e.conftest import log_in, start_launcher
from tests.support.cups import Cups, private_cups

Qt = QtCore.Qt
pytestmark = [pytest.mark.e2e, pytest.mark.cups]
BUDGET = 10
GTGSH = "330106-SCJG-001"


MODIFIERS = {Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta}


class InputCounter(QtCore.QObject):
    """Counts key strokes and mouse clicks reaching the application, whoever takes them: a key a shortcut
    consumes arrives only as ShortcutOverride, others as KeyPress, each perhaps at several widgets while
    it propagates; one stroke is one (timestamp, key). A chord (Ctrl+Enter) is one stroke: the modifier's
    own press is not counted."""

    def __init__(self) -> None:
        super().__init__()
        self._strokes: dict[tuple[int, int], str] = {}
        self._clicks: set[int] = set()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.ShortcutOverride):
            assert isinstance(event, QtGui.QKeyEvent)
            if not event.isAutoRepeat() and Qt.Key(event.key()) not in MODIFIERS:
                name = QtGui.QKeySequence(event.keyCombination()).toString()
                self._strokes.setdefault((event.timestamp(), event.key()), name)
        elif kind == QtCore.QEvent.Type.MouseButtonPress:
            assert isinstance(event, QtGui.QMouseEvent)
            self._clicks.add(event.timestamp())
        return False

    @property
    def keys(self) -> list[str]:
        return [self._strokes[k] for k in sorted(self._strokes)]

    @property
    def clicks(self) -> int:
        return len(self._clicks)

    @property
    def total(self) -> int:
        return len(self._strokes) + self.clicks


@pytest.fixture
def cups(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cups]:
    with private_cups() as server:
        monkeypatch.setenv("CUPS_SERVER", str(server.socket))
        yield server


@pytest.fixture
def printing_launcher(
    qtbot: QtBot, demo_settings: Settings, clock: FixedClock, cups: Cups
) -> Iterator[Launcher]:
    devices = dataclasses.replace(demo_settings.devices, printer=cups.queue)
    launcher = start_launcher(qtbot, dataclasses.replace(demo_settings, devices=devices), clock)
    yield launcher
    launcher.shutdown()


def earlier_case(launcher: Launcher) -> None:
    """张三 applied before: his phone and his answers to this item's form are on file."""
    from app.forms.examples import example_values
    from app.forms.validation import FormContext, to_json

    workspace = launcher.workspace
    item = workspace.catalogue.item(GTGSH)
    answers = {q.id: False for q in item.questions}
    definition = workspace.forms.definition(item)
    values = example_values(definition, FormContext(answers, {"kind": "natural"}))
    values.pop("operator_name")
    values.pop("operator_id_number")
    values["organisation_form"] = "individual"
    values.pop("family_members", None)
    applicant = Applicant("natural", "张三", "resident", samples.RESIDENT.id_number, "13800138000", "")
    desk = workspace.desk_for(ClerkIdentity("demo", "演示受理员", Role.CLERK))
    desk.decide(
        DecisionRequest(
            applicant,
            item,
            workspace.catalogue.version,
            CaseStatus.ACCEPTED,
            answers,
            frozenset(m.id for m in item.checklist(answers)),
            form_data=to_json(definition, values),
            form_versions={GTGSH: definition.version},
        )
    )


def test_standard_case_takes_at_most_ten_keys_after_the_card(
    qtbot: QtBot, printing_launcher: Launcher, cups: Cups
) -> None:
    earlier_case(printing_launcher)
    window = log_in(qtbot, printing_launcher)
    page = window.acceptance
    qtbot.waitUntil(lambda: "就绪" in window.reader_label.text(), timeout=10_000)
    window.place_card(samples.RESIDENT)
    qtbot.waitUntil(lambda: page.applicant.phone.text() == "13800138000", timeout=10_000)
    qtbot.waitUntil(page.picker.query.hasFocus, timeout=5_000)  # nothing left to type about 张三

    counter = InputCounter()
    app = QtWidgets.QApplication.instance()
    app.installEventFilter(counter)
    handle = window.windowHandle()
    try:
        for char in "gtgsh":
            qtbot.keyClick(handle, char)
        qtbot.keyClick(handle, Qt.Key.Key_Return)
        assert [m.name for m in page.checklist.checklist()] == [
            "个体工商户登记（备案）申请书",
            "经营者身份证明",
            "经营场所租赁协议及出租方产权证明",
        ]
        qtbot.keyClick(handle, Qt.Key.Key_F7)
        assert page.accept_button.isEnabled(), page.hint.text()  # the form is complete from what is on file
        with qtbot.waitSignal(page.case_decided, timeout=30_000):
            qtbot.keyClick(handle, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        before = cups.outputs()
        with qtbot.waitSignal(window.printed, timeout=30_000) as printed:
            qtbot.keyClick(handle, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    finally:
        app.removeEventFilter(counter)
    outcome = printed.args[0]
    assert outcome.result is PrintResult.PRINTED, outcome
    pdf = cups.wait_for_pdf(before)
    assert page_count(pdf.read_bytes()) == page_count(
        printing_launcher.workspace.notices.pdf_bytes(outcome.document_id)
    )
    pdf.unlink()
    print(
        f"\nclerk effort after the card: {counter.total} ({' '.join(counter.keys)}; {counter.clicks} clicks)"
    )
    assert counter.keys == ["G", "T", "G", "S", "H", "Return", "F7", "Ctrl+Return", "Ctrl+P"]
    assert counter.total <= BUDGET
