"""The applicant panel: natural or legal person, typed in (or filled from a card) with live validation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.domain.applicant import ApplicantKind, IdDocumentType
from app.domain.identifiers import (
    CitizenId,
    CreditCode,
    InvalidCreditCode,
    InvalidId,
    InvalidPhone,
    Sex,
    check_citizen_id,
    check_credit_code,
    check_phone,
)
from app.store.cases import Applicant
from app.ui import messages
from app.ui.qt import QtCore, QtWidgets, Signal

OK_STYLE = "color: #1b7f3b;"
ERROR_STYLE = "color: #c0392b;"

ID_TYPES = (
    (IdDocumentType.RESIDENT, QtCore.QT_TRANSLATE_NOOP("ApplicantForm", "居民身份证")),
    (IdDocumentType.HMT, QtCore.QT_TRANSLATE_NOOP("ApplicantForm", "港澳台居民居住证")),
    (IdDocumentType.FOREIGN, QtCore.QT_TRANSLATE_NOOP("ApplicantForm", "外国人永久居留身份证")),
    (IdDocumentType.PASSPORT, QtCore.QT_TRANSLATE_NOOP("ApplicantForm", "护照")),
    (IdDocumentType.OTHER, QtCore.QT_TRANSLATE_NOOP("ApplicantForm", "其他有效证件")),
)


class CheckedField(QtWidgets.QWidget):
    """A line edit with a one-line verdict under it: what is wrong, or what was understood."""

    changed = Signal()

    def __init__(self, object_name: str, placeholder: str, max_length: int = 64) -> None:
        super().__init__()
        self.edit = QtWidgets.QLineEdit()
        self.edit.setObjectName(object_name)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaxLength(max_length)
        self.verdict = QtWidgets.QLabel()
        self.verdict.setObjectName(f"{object_name}Verdict")
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.verdict)
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self.changed)  # show what was held back while typing

    def text(self) -> str:
        return self.edit.text().strip()

    def show_verdict(self, text: str, ok: bool) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.verdict.setVisible(bool(text))


class ApplicantForm(QtWidgets.QGroupBox):
    """Reports a valid Applicant, or the list of problems still to fix, after every change."""

    changed = Signal()

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.setTitle(self.tr("申请人"))
        self.setObjectName("applicantForm")
        self._today = today

        self.natural_radio = QtWidgets.QRadioButton(self.tr("自然人(&1)"))
        self.natural_radio.setObjectName("applicantNatural")
        self.legal_radio = QtWidgets.QRadioButton(self.tr("法人/组织(&2)"))
        self.legal_radio.setObjectName("applicantLegal")
        self.natural_radio.setChecked(True)
        kind_row = QtWidgets.QHBoxLayout()
        kind_row.addWidget(self.natural_radio)
        kind_row.addWidget(self.legal_radio)
        kind_row.addStretch(1)

        # Natural person
        self.name = QtWidgets.QLineEdit()
        self.name.setObjectName("applicantName")
        self.name.setMaxLength(60)
        self.id_type = QtWidgets.QComboBox()
        self.id_type.setObjectName("applicantIdType")
        for value, label in ID_TYPES:
            self.id_type.addItem(QtCore.QCoreApplication.translate("ApplicantForm", label), value)
        self.id_number = CheckedField("applicantIdNumber", self.tr("18位证件号码"), 32)
        self.phone = CheckedField("applicantPhone", self.tr("手机或带区号的固定电话"), 32)
        self.address = QtWidgets.QLineEdit()
        self.address.setObjectName("applicantAddress")
        self.address.setMaxLength(120)
        natural = QtWidgets.QWidget()
        nform = QtWidgets.QFormLayout(natural)
        nform.setContentsMargins(0, 0, 0, 0)
        nform.addRow(self._label(self.tr("姓名(&N)"), self.name), self.name)
        nform.addRow(self._label(self.tr("证件类型"), self.id_type), self.id_type)
        nform.addRow(self._label(self.tr("证件号码(&I)"), self.id_number.edit), self.id_number)
        nform.addRow(self._label(self.tr("联系电话(&T)"), self.phone.edit), self.phone)
        nform.addRow(self._label(self.tr("住址"), self.address), self.address)

        # Legal person
        self.org_name = QtWidgets.QLineEdit()
        self.org_name.setObjectName("orgName")
        self.org_name.setMaxLength(120)
        self.credit_code = CheckedField("orgCreditCode", self.tr("18位统一社会信用代码"), 32)
        self.legal_rep = QtWidgets.QLineEdit()
        self.legal_rep.setObjectName("orgLegalRep")
        self.org_phone = CheckedField("orgPhone", self.tr("手机或带区号的固定电话"), 32)
        self.org_address = QtWidgets.QLineEdit()
        self.org_address.setObjectName("orgAddress")
        legal = QtWidgets.QWidget()
        lform = QtWidgets.QFormLayout(legal)
        lform.setContentsMargins(0, 0, 0, 0)
        lform.addRow(self._label(self.tr("单位名称(&N)"), self.org_name), self.org_name)
        lform.addRow(self._label(self.tr("信用代码(&I)"), self.credit_code.edit), self.credit_code)
        lform.addRow(self._label(self.tr("法定代表人"), self.legal_rep), self.legal_rep)
        lform.addRow(self._label(self.tr("联系电话(&T)"), self.org_phone.edit), self.org_phone)
        lform.addRow(self._label(self.tr("地址"), self.org_address), self.org_address)

        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(natural)
        self.pages.addWidget(legal)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(kind_row)
        layout.addWidget(self.pages)
        layout.addStretch(1)

        self.natural_radio.toggled.connect(self._on_kind_toggled)
        for edit in (self.name, self.address, self.org_name, self.legal_rep, self.org_address):
            edit.textChanged.connect(self.changed)
        for checked in (self.id_number, self.phone, self.credit_code, self.org_phone):
            checked.changed.connect(self._revalidate)
        self.id_type.currentIndexChanged.connect(self._revalidate)

    @staticmethod
    def _label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(text)
        label.setBuddy(buddy)
        return label

    # -- state
    @property
    def kind(self) -> ApplicantKind:
        return ApplicantKind.NATURAL if self.natural_radio.isChecked() else ApplicantKind.LEGAL

    def first_field(self) -> QtWidgets.QWidget:
        return self.name if self.kind is ApplicantKind.NATURAL else self.org_name

    def clear(self) -> None:
        for edit in (self.name, self.address, self.org_name, self.legal_rep, self.org_address):
            edit.clear()
        for checked in (self.id_number, self.phone, self.credit_code, self.org_phone):
            checked.edit.clear()
        self.id_type.setCurrentIndex(0)
        self.natural_radio.setChecked(True)
        self._revalidate()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.natural_radio, self.legal_radio, self.id_type):
            widget.setEnabled(not read_only)
        for edit in (self.name, self.address, self.org_name, self.legal_rep, self.org_address):
            edit.setReadOnly(read_only)
        for checked in (self.id_number, self.phone, self.credit_code, self.org_phone):
            checked.edit.setReadOnly(read_only)

    def _on_kind_toggled(self) -> None:
        self.pages.setCurrentIndex(0 if self.kind is ApplicantKind.NATURAL else 1)
        self._revalidate()

    # -- checks
    def _check_id(self) -> CitizenId | InvalidId | None:
        doc = IdDocumentType(self.id_type.currentData())
        if not doc.checked_as_citizen_id:
            return None
        return check_citizen_id(self.id_number.text(), self._today())

    def _revalidate(self) -> None:
        self._show(self.id_number, self._check_id())
        self._show(self.phone, check_phone(self.phone.text()) if self.phone.text() else None)
        self._show(
            self.credit_code, check_credit_code(self.credit_code.text()) if self.credit_code.text() else None
        )
        self._show(self.org_phone, check_phone(self.org_phone.text()) if self.org_phone.text() else None)
        self.changed.emit()

    def _show(self, field: CheckedField, result: object) -> None:
        if result is None or not field.text():
            field.show_verdict("", True)
        elif isinstance(result, InvalidId | InvalidCreditCode | InvalidPhone):
            # Do not nag while the clerk is still typing: wait for the full length or for focus to leave.
            full_length = 11 if isinstance(result, InvalidPhone) else 18
            if field.edit.hasFocus() and len(result.text) < full_length:
                field.show_verdict("", True)
            else:
                field.show_verdict(self._problem_text(result), False)
        elif isinstance(result, CitizenId):
            sex = self.tr("男") if result.sex is Sex.MALE else self.tr("女")
            note = self.tr("（由15位旧号码转换）") if result.converted_from else ""
            field.show_verdict(f"✓ {sex}　{result.birth_date.isoformat()}{note}", True)
        else:
            field.show_verdict("✓", True)

    @staticmethod
    def _problem_text(result: InvalidId | InvalidCreditCode | InvalidPhone) -> str:
        if isinstance(result, InvalidId):
            return messages.id_problem(result)
        if isinstance(result, InvalidCreditCode):
            return messages.credit_code_problem(result)
        return messages.phone_problem(result)

    def problems(self) -> list[str]:
        """What still stops the applicant from being complete, in the clerk's words."""
        found: list[str] = []
        if self.kind is ApplicantKind.NATURAL:
            if not self.name.text().strip():
                found.append(self.tr("请填写申请人姓名"))
            checked = self._check_id()
            if not self.id_number.text():
                found.append(self.tr("请填写证件号码"))
            elif isinstance(checked, InvalidId):
                found.append(messages.id_problem(checked))
            phone = self.phone.text()
        else:
            if not self.org_name.text().strip():
                found.append(self.tr("请填写单位名称"))
            code = check_credit_code(self.credit_code.text())
            if isinstance(code, InvalidCreditCode):
                found.append(messages.credit_code_problem(code))
            if not self.legal_rep.text().strip():
                found.append(self.tr("请填写法定代表人"))
            phone = self.org_phone.text()
        checked_phone = check_phone(phone)
        if isinstance(checked_phone, InvalidPhone):
            found.append(messages.phone_problem(checked_phone))
        return found

    def applicant(self) -> Applicant | None:
        if self.problems():
            return None
        if self.kind is ApplicantKind.NATURAL:
            doc = IdDocumentType(self.id_type.currentData())
            checked = self._check_id()
            number = checked.number if isinstance(checked, CitizenId) else self.id_number.text().upper()
            phone = check_phone(self.phone.text())
            assert not isinstance(phone, InvalidPhone)
            return Applicant(
                kind=ApplicantKind.NATURAL.value,
                name=self.name.text().strip(),
                id_type=doc.value,
                id_number=number,
                phone=phone.number,
                address=self.address.text().strip(),
            )
        code = check_credit_code(self.credit_code.text())
        phone = check_phone(self.org_phone.text())
        assert isinstance(code, CreditCode)
        assert not isinstance(phone, InvalidPhone)
        return Applicant(
            kind=ApplicantKind.LEGAL.value,
            name=self.org_name.text().strip(),
            id_type=IdDocumentType.USCC.value,
            id_number=code.code,
            phone=phone.number,
            address=self.org_address.text().strip(),
            legal_representative=self.legal_rep.text().strip(),
        )
