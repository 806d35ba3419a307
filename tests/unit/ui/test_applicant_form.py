"""Live validation in the applicant form: what the clerk sees while typing."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from app.domain.applicant import IdDocumentType
from app.ui.applicant_form import ApplicantForm
from tests.support.qt_input import type_text

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def form(qtbot: QtBot) -> ApplicantForm:
    widget = ApplicantForm(lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_valid_natural_person(qtbot: QtBot, form: ApplicantForm) -> None:
    type_text(qtbot, form.name, "张三")
    type_text(qtbot, form.id_number.edit, "11010519491231002x")
    type_text(qtbot, form.phone.edit, "138 0013 8000")
    assert form.problems() == []
    applicant = form.applicant()
    assert applicant is not None
    assert applicant.id_number == "11010519491231002X"
    assert applicant.phone == "13800138000"
    assert applicant.id_type == IdDocumentType.RESIDENT
    assert "女" in form.id_number.verdict.text()  # 17th digit 2: even
    assert "1949-12-31" in form.id_number.verdict.text()


def test_wrong_check_digit_is_explained_once_18_characters_are_typed(
    qtbot: QtBot, form: ApplicantForm
) -> None:
    type_text(qtbot, form.id_number.edit, "11010119900307001")
    assert not form.id_number.verdict.isVisible()  # still typing: no nagging
    type_text(qtbot, form.id_number.edit, "2")
    assert form.id_number.verdict.isVisible()
    assert "校验位" in form.id_number.verdict.text()
    assert form.applicant() is None


def test_short_number_is_explained_when_focus_leaves(qtbot: QtBot, form: ApplicantForm) -> None:
    type_text(qtbot, form.id_number.edit, "1101011990")
    form.id_number.edit.editingFinished.emit()
    form.phone.edit.setFocus()
    form.id_number.edit.editingFinished.emit()
    assert "18位" in form.id_number.verdict.text()


def test_impossible_birth_date(qtbot: QtBot, form: ApplicantForm) -> None:
    type_text(qtbot, form.id_number.edit, "110101199002300014")
    assert "出生日期不存在" in form.id_number.verdict.text()


def test_passport_numbers_are_not_checked_as_citizen_ids(qtbot: QtBot, form: ApplicantForm) -> None:
    form.id_type.setCurrentIndex(form.id_type.findData(IdDocumentType.PASSPORT))
    type_text(qtbot, form.name, "John Smith")
    type_text(qtbot, form.id_number.edit, "E12345678")
    type_text(qtbot, form.phone.edit, "0571-87000000")
    assert form.problems() == []
    assert form.applicant().id_type == IdDocumentType.PASSPORT


def test_legal_person_needs_a_valid_credit_code(qtbot: QtBot, form: ApplicantForm) -> None:
    form.legal_radio.setChecked(True)
    type_text(qtbot, form.org_name, "杭州示例科技有限公司")
    type_text(qtbot, form.legal_rep, "李四")
    type_text(qtbot, form.org_phone.edit, "13800138000")
    type_text(qtbot, form.credit_code.edit, "91350100M000100Y4I")
    assert any("不允许的字符" in p for p in form.problems())
    form.credit_code.edit.clear()
    type_text(qtbot, form.credit_code.edit, "91350100m000100y43")
    assert form.problems() == []
    assert form.applicant().id_number == "91350100M000100Y43"


# ------------------------------------------------------------------------------------------ from a card


def test_fill_from_card_fills_the_fields_and_shows_the_card_details(
    qtbot: QtBot, form: ApplicantForm
) -> None:
    from app.devices.idcard import samples
    from app.devices.idcard.photo import Photo, PhotoStatus

    type_text(qtbot, form.phone.edit, "13800138000")
    form.fill_from_card(samples.RESIDENT, Photo(PhotoStatus.NO_DECODER))
    assert (form.name.text(), form.id_number.text()) == ("张三", "110101199003070011")
    assert form.address.text() == samples.RESIDENT.address
    assert form.phone.text() == "13800138000"  # left as typed
    assert form.problems() == []
    info = form.card_info
    assert info.value("Nation") == "汉"
    assert info.value("Issuer") == "北京市公安局东城分局"
    assert info.value("Validity") == "2016-03-07 — 2036-03-07"
    assert info.photo.text() == "照片解码组件未安装"
    assert not info.expired.isVisible()
    # Typing over the number makes the card's details stale: they go.
    form.id_number.edit.setFocus()
    qtbot.keyClick(form.id_number.edit, "1")
    assert not info.isVisible()


def test_expired_and_long_term_cards(qtbot: QtBot, form: ApplicantForm) -> None:
    from app.devices.idcard import samples

    form.fill_from_card(samples.RESIDENT_EXPIRED)
    assert form.card_info.expired.isVisible()
    assert "2025-06-15" in form.card_info.expired.text()
    form.fill_from_card(samples.RESIDENT_LONG_TERM)
    assert not form.card_info.expired.isVisible()
    assert form.card_info.value("Validity").endswith("长期")
    form.clear()
    assert not form.card_info.isVisible()


def test_a_2017_foreigner_card_number_is_accepted_by_format(qtbot: QtBot, form: ApplicantForm) -> None:
    from app.devices.idcard import samples

    form.fill_from_card(samples.FOREIGNER_2017)
    type_text(qtbot, form.phone.edit, "13800138000")
    assert form.id_type.currentData() == IdDocumentType.FOREIGN
    assert form.name.text() == "玛丽·样例"
    assert "GBR" in form.id_number.verdict.text()
    assert form.applicant().id_number == "GBR310085010112"
    form.id_number.edit.setText("GBR3100850101")
    assert form.applicant() is None


def test_a_decoded_photo_is_shown(qtbot: QtBot, form: ApplicantForm) -> None:
    from app.devices.idcard import samples
    from app.devices.idcard.photo import Photo, PhotoStatus
    from app.ui.qt import QtCore, QtGui

    image = QtGui.QImage(102, 126, QtGui.QImage.Format.Format_RGB888)
    image.fill(QtGui.QColor("steelblue"))
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "BMP")
    form.fill_from_card(samples.HMT_PERMIT, Photo(PhotoStatus.DECODED, bytes(buffer.data())))
    assert not form.card_info.photo.pixmap().isNull()
    assert form.card_info.value("PassNumber") == "H12345678"
    form.fill_from_card(samples.HMT_PERMIT, Photo(PhotoStatus.DECODED, b"BMnot really"))
    assert form.card_info.photo.text() == "照片无法解码"
