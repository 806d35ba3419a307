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
