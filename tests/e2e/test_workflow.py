"""The clerk's day in the real main window: 一表申报, 补正, 不予受理, an agent, 出件 and a pre-application
continued from the reference platform (issue: the whole acceptance workflow)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pytestqt.qtbot import QtBot

from app.devices.idcard import samples
from app.devices.idcard.cardtext import IdCardData
from app.domain.case import CaseStatus
from app.domain.clock import FixedClock
from app.settings import Settings
from app.store.models import Case
from app.ui.launcher import Launcher
from app.ui.main_window import MainWindow
from app.ui.qt import QtCore, QtWidgets
from refplatform.server import PlatformServer
from tests.e2e.conftest import fill_form, log_in, start_launcher
from tests.integration.refplatform.conftest import make_config
from tests.integration.refplatform.helpers import ADMIN_TOKEN
from tests.support.qt_input import type_text

Qt = QtCore.Qt
pytestmark = pytest.mark.e2e
CTRL = Qt.KeyboardModifier.ControlModifier


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True)
    return re.sub(r"\s+", "", out.stdout)


def place(qtbot: QtBot, window: MainWindow, card: IdCardData, done: object) -> None:
    """The card on the simulated reader; waits until `done()` says the page took it."""
    qtbot.waitUntil(lambda: "就绪" in window.reader_label.text(), timeout=10_000)
    window.place_card(card)
    qtbot.waitUntil(done, timeout=10_000)  # type: ignore[arg-type]
    window._devices.simulator.remove()  # type: ignore[union-attr]


def choose_item(qtbot: QtBot, window: MainWindow, query: str, *, add: bool = False) -> None:
    page = window.acceptance
    page.picker.query.clear()
    type_text(qtbot, page.picker.query, query)
    modifier = Qt.KeyboardModifier.ShiftModifier if add else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(page.picker.query, Qt.Key.Key_Return, modifier)


def type_phone(qtbot: QtBot, window: MainWindow, phone: str = "13912345678") -> None:
    type_text(qtbot, window.acceptance.applicant.phone.edit, phone)


def decide(qtbot: QtBot, window: MainWindow, key: QtCore.Qt.Key) -> object:
    with qtbot.waitSignal(window.acceptance.case_decided, timeout=30_000) as decided:
        qtbot.keyClick(window.acceptance.checklist.materials, key, CTRL)
    return decided.args[0]


def test_one_application_for_two_items_asks_shared_fields_once(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path
) -> None:
    window = log_in(qtbot, launcher)
    page = window.acceptance
    place(qtbot, window, samples.RESIDENT, lambda: page.applicant.name.text() == "张三")
    type_phone(qtbot, window)
    choose_item(qtbot, window, "gtgsh")
    choose_item(qtbot, window, "cbwls", add=True)
    assert [item.code for item in page.items] == ["330106-SCJG-001", "330106-WGLT-002"]
    form = page.form
    library = launcher.workspace.forms
    first, second = (library.definition(item).keys() for item in page.items)
    assert len(form.rows) == len(set(first) | set(second)) < len(first) + len(second)  # shared ones once
    labels = [form.rows[k].label.text() for k in form.rows]
    assert sum("经营范围" in label for label in labels) == 1
    for shared in ("operator_name", "business_scope", "premises", "employees"):
        assert shared in form.rows
    assert form.values()["operator_name"] == "张三"
    materials = [m.name for m in page.checklist.checklist()]
    assert len(materials) == len(set(materials))
    qtbot.keyClick(page.checklist.materials, Qt.Key.Key_F7)
    fill_form(page)
    assert page.accept_button.isEnabled(), page.hint.text()
    outcome = decide(qtbot, window, Qt.Key.Key_Return)
    case = outcome.case
    assert [it.code for it in case.items] == ["330106-SCJG-001", "330106-WGLT-002"]
    assert set(case.form_versions) == {"330106-SCJG-001", "330106-WGLT-002"}
    assert case.form_data["operator_name"] == "张三"
    text = text_of(launcher.workspace.notices.pdf_bytes(outcome.notice_id), tmp_path)
    assert "个体工商户设立登记、出版物零售业务许可" in text


def test_supplement_notice_lists_exactly_the_missing_materials(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path
) -> None:
    window = log_in(qtbot, launcher)
    page = window.acceptance
    place(qtbot, window, samples.RESIDENT, lambda: page.applicant.name.text() == "张三")
    type_phone(qtbot, window)
    choose_item(qtbot, window, "gtgsh")
    materials = page.checklist.materials
    materials.setCurrentRow(0)
    qtbot.keyClick(materials, Qt.Key.Key_Space)  # only the application form handed in
    missing = [m.name for m in page.checklist.missing()]
    assert missing == ["经营者身份证明", "经营场所租赁协议及出租方产权证明"]
    assert not page.accept_button.isEnabled()
    qtbot.keyClick(materials, Qt.Key.Key_B, CTRL)
    dialog = window.findChild(QtWidgets.QDialog, "supplementDialog")
    assert [dialog.listing.item(i).text() for i in range(dialog.listing.count())] == missing
    with qtbot.waitSignal(page.case_decided, timeout=30_000) as decided:
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    outcome = decided.args[0]
    assert outcome.case.status is CaseStatus.SUPPLEMENT_REQUESTED
    assert "补正期限 2026-12-02" in page.banner.text()
    text = text_of(launcher.workspace.notices.pdf_bytes(outcome.notice_id), tmp_path)
    listed = re.search(r"需要补正的材料（共(\d+)项）(.*?)四、", text)
    assert listed is not None
    assert listed.group(1) == "2"
    assert "经营者身份证明" in listed.group(2)
    assert "经营场所租赁协议及出租方产权证明" in listed.group(2)
    assert "个体工商户登记（备案）申请书" not in listed.group(2)

    # The applicant comes back with both: 补正 completed in the case details, accepted that day.
    window.show_case_list()
    detail = window.open_case(outcome.case.id)
    for row in range(detail.pending.count()):
        detail.pending.item(row).setCheckState(Qt.CheckState.Checked)
    assert detail.accept_button.isEnabled()
    detail.accept_button.click()
    detail.close()  # the clerk closes the details while the decision is being saved (deleted on close)
    qtbot.waitUntil(lambda: window.case_detail is not detail, timeout=20_000)  # reopened, fresh
    assert launcher.workspace.desk_for(window._identity).load(outcome.case.id).status is CaseStatus.ACCEPTED
    window.case_detail.close()


def test_refusal_needs_its_reason(qtbot: QtBot, launcher: Launcher, tmp_path: Path) -> None:
    window = log_in(qtbot, launcher)
    page = window.acceptance
    place(qtbot, window, samples.RESIDENT, lambda: page.applicant.name.text() == "张三")
    type_phone(qtbot, window)
    choose_item(qtbot, window, "gtgsh")
    qtbot.keyClick(page.checklist.materials, Qt.Key.Key_R, CTRL)
    dialog = window.findChild(QtWidgets.QDialog, "rejectDialog")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()  # no reason, no refusal
    assert "理由" in dialog.message.text()
    type_text(qtbot, dialog.reason, "经营场所位于禁止设立个体工商户的区域，请向杭州市市场监督管理局咨询")
    with qtbot.waitSignal(page.case_decided, timeout=30_000) as decided:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, CTRL)
    outcome = decided.args[0]
    assert outcome.case.status is CaseStatus.REJECTED
    assert outcome.case.timeline[-1].reason.startswith("经营场所位于禁止设立")
    text = text_of(launcher.workspace.notices.pdf_bytes(outcome.notice_id), tmp_path)
    assert "不予受理通知书" in text
    assert "经营场所位于禁止设立个体工商户的区域" in text
    assert "六十日内" in text
    assert "行政诉讼" in text


def test_agent_case_needs_the_agents_identity_and_authorisation(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path
) -> None:
    window = log_in(qtbot, launcher)
    page = window.acceptance
    place(qtbot, window, samples.RESIDENT, lambda: page.applicant.name.text() == "张三")
    type_phone(qtbot, window)
    choose_item(qtbot, window, "gtgsh")
    page.checklist.findChild(QtWidgets.QCheckBox, "question_by_agent").click()  # 委托他人代为办理：是
    assert page.agent.isVisible()
    names = [m.name for m in page.checklist.checklist()]
    assert "经营者签署的授权委托书" in names
    assert "受托人居民身份证" in names
    qtbot.keyClick(page.checklist.materials, Qt.Key.Key_F7)
    fill_form(page)
    assert not page.accept_button.isEnabled()
    assert "代办人" in page.hint.text()
    place(qtbot, window, samples.RESIDENT_LONG_TERM, lambda: page.agent.name.text() == "王芳")
    assert page.applicant.name.text() == "张三"  # the second card is the agent's
    type_text(qtbot, page.agent.phone.edit, "13700001111")
    assert page.form.values()["agent_name"] == "王芳"  # the form's agent section follows the panel
    assert page.accept_button.isEnabled(), page.hint.text()
    outcome = decide(qtbot, window, Qt.Key.Key_Return)
    assert outcome.case.agent.name == "王芳"
    text = text_of(launcher.workspace.notices.pdf_bytes(outcome.notice_id), tmp_path)
    assert "代理人王芳" in text
    assert "经营者签署的授权委托书" in text


# ------------------------------------------------------------------ with the reference platform


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformServer]:
    server = PlatformServer(make_config(tmp_path / "platform")).start()
    yield server
    server.stop()


@pytest.fixture
def online_launcher(
    qtbot: QtBot, demo_settings: Settings, clock: FixedClock, platform: PlatformServer
) -> Iterator[Launcher]:
    settings = dataclasses.replace(
        demo_settings, platform=dataclasses.replace(demo_settings.platform, url=platform.url)
    )
    launcher = start_launcher(qtbot, settings, clock)
    yield launcher
    launcher.shutdown()


def test_pre_application_is_continued_at_the_window(qtbot: QtBot, online_launcher: Launcher) -> None:
    window = log_in(qtbot, online_launcher)
    page = window.acceptance
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_F5)
    dialog = window.findChild(QtWidgets.QDialog, "preApplicationDialog")
    type_text(qtbot, dialog.query, "YS202611250001")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.applicant.name.text() == "张三", timeout=20_000)
    assert page.applicant.phone.text() == "13800138000"
    assert [item.code for item in page.items] == ["330106-SCJG-001"]
    assert page.checklist.answers() == {"by_agent": False, "owns_premises": True}
    assert "经营场所产权证明" in [m.name for m in page.checklist.checklist()]
    assert page.form.values()["business_name"] == "西湖区张三小吃店"
    assert page.form.values()["business_scope"] == "小吃服务"
    window.activateWindow()  # the dialog has closed: window shortcuts need the main window active again
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(page.checklist.materials, Qt.Key.Key_F7)
    fill_form(page)
    assert page.accept_button.isEnabled(), page.hint.text()
    outcome = decide(qtbot, window, Qt.Key.Key_Return)
    assert outcome.case.form_data["business_name"] == "西湖区张三小吃店"


def test_delivery_by_scanned_number_with_identity_check(
    qtbot: QtBot, online_launcher: Launcher, platform: PlatformServer, tmp_path: Path
) -> None:
    window = log_in(qtbot, online_launcher)
    page = window.acceptance
    place(qtbot, window, samples.RESIDENT, lambda: page.applicant.name.text() == "张三")
    type_phone(qtbot, window)
    choose_item(qtbot, window, "gtgsh")
    qtbot.keyClick(page.checklist.materials, Qt.Key.Key_F7)
    fill_form(page)
    case = decide(qtbot, window, Qt.Key.Key_Return).case
    desk = online_launcher.workspace.desk_for(window._identity)
    # The platform receives the case, then its review ends and the result is ready.
    store = online_launcher.workspace.store

    def received() -> bool:
        with store.database.read() as session:
            return session.get_one(Case, case.id).platform_received_at is not None

    qtbot.waitUntil(received, timeout=30_000)
    advanced = requests.post(
        f"{platform.url}/admin/cases/{case.id}/advance",
        json={"to": "result_ready"},
        headers={"X-Admin-Token": ADMIN_TOKEN},
        timeout=10,
    )
    assert advanced.status_code == 200, advanced.text
    window.sync_bridge.engine.kick()
    qtbot.waitUntil(lambda: desk.load(case.id).status is CaseStatus.RESULT_READY, timeout=30_000)

    qtbot.keyClick(window, Qt.Key.Key_F6)
    delivery = window.delivery
    assert window.tabs.currentWidget() is delivery
    scanned = online_launcher.settings.query_url.format(number=case.number)
    qtbot.keyClicks(delivery.search, scanned)  # a barcode scanner types like a keyboard, then Enter
    qtbot.keyClick(delivery.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: delivery.case is not None, timeout=10_000)
    assert delivery.case.id == case.id
    type_text(qtbot, delivery.receiver, "张三")
    type_text(qtbot, delivery.receiver_id, "11010519491231002X")
    assert not delivery.confirm.isEnabled()
    assert "不符" in delivery.check.text()
    place(qtbot, window, samples.RESIDENT, lambda: delivery.receiver_id.text() == samples.RESIDENT.id_number)
    assert delivery.confirm.isEnabled(), delivery.check.text()
    with qtbot.waitSignal(delivery.delivered, timeout=30_000) as delivered:
        qtbot.keyClick(delivery.search, Qt.Key.Key_Return, CTRL)
    outcome = delivered.args[0]
    assert outcome.case.status is CaseStatus.DELIVERED
    assert outcome.case.delivery["method"] == "window"
    text = text_of(online_launcher.workspace.notices.pdf_bytes(outcome.notice_id), tmp_path)
    assert "办理结果领取凭证" in text
    assert "窗口领取" in text
