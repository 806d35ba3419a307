"""The applicant panel: natural or legal person, typed in (or filled from a card) with live validation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.devices.idcard.cardtext import CardType, IdCardData, SexCode
from app.devices.idcard.photo import Photo, PhotoStatus
from app.domain.applicant import ApplicantKind, IdDocumentType
from app.domain.identifiers import (
    CitizenId,
    CreditCode,
    ForeignPermanentId2017,
    InvalidCreditCode,
    InvalidId,
    InvalidPhone,
    Sex,
    check_citizen_id,
    check_credit_code,
    check_foreign_permanent_2017,
    check_phone,
)
from app.store.cases import Applicant
from app.ui import messages
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal

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


WARNING_STYLE = "QLabel { color: #8a1c00; background: #fdecea; border: 1px solid #e6a39a; padding: 4px; }"
_DOCUMENT_OF_CARD = {
    CardType.RESIDENT: IdDocumentType.RESIDENT,
    CardType.HMT_PERMIT: IdDocumentType.HMT,
    CardType.FOREIGNER_2017: IdDocumentType.FOREIGN,
    CardType.FOREIGNER_2023: IdDocumentType.FOREIGN,
}


class CardInfo(QtWidgets.QFrame):
    """What the card says beyond the form's fields: read-only, shown after a card was read."""

    PHOTO_SIZE = QtCore.QSize(102, 126)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cardInfo")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.photo = QtWidgets.QLabel()
        self.photo.setObjectName("cardPhoto")
        self.photo.setFixedSize(self.PHOTO_SIZE)
        self.photo.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.photo.setWordWrap(True)
        self.photo.setStyleSheet("QLabel { background: #f2f2f2; color: #666; border: 1px dashed #bbb; }")
        self.fields: dict[str, QtWidgets.QLabel] = {}
        form = QtWidgets.QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        for key, label in (
            ("Source", self.tr("证件")),
            ("Sex", self.tr("性别")),
            ("Nation", self.tr("民族")),
            ("Birth", self.tr("出生日期")),
            ("EnglishName", self.tr("英文姓名")),
            ("Nationality", self.tr("国籍")),
            ("Issuer", self.tr("签发机关")),
            ("Validity", self.tr("有效期限")),
            ("PassNumber", self.tr("通行证号码")),
        ):
            value = QtWidgets.QLabel()
            value.setObjectName(f"card{key}")
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            form.addRow(label, value)
            self.fields[key] = value
        self._form = form
        self.expired = QtWidgets.QLabel()
        self.expired.setObjectName("cardExpiredWarning")
        self.expired.setWordWrap(True)
        self.expired.setStyleSheet(WARNING_STYLE)
        self.expired.hide()
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.photo, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        top.addLayout(form, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.expired)
        self.hide()

    def value(self, key: str) -> str:
        return self.fields[key].text()

    def show_card(self, card: IdCardData, photo: Photo | None, today: dt.date) -> None:
        kinds = {
            CardType.RESIDENT: self.tr("居民身份证"),
            CardType.HMT_PERMIT: self.tr("港澳台居民居住证"),
            CardType.FOREIGNER_2017: self.tr("外国人永久居留身份证（2017版）"),
            CardType.FOREIGNER_2023: self.tr("外国人永久居留身份证（2023版）"),
        }
        sexes = {SexCode.MALE: self.tr("男"), SexCode.FEMALE: self.tr("女")}
        code = card.sex_code
        until = self.tr("长期") if card.long_term else _date_text(card.valid_until)
        values = {
            "Source": self.tr("{0}（已从读卡器读取）").format(kinds[card.card_type]),
            "Sex": sexes.get(code, self.tr("未说明")) if code else card.sex,
            "Nation": card.nation,
            "Birth": _date_text(card.birth_date),
            "EnglishName": card.english_name,
            "Nationality": card.nationality,
            "Issuer": card.issuer,
            "Validity": f"{_date_text(card.valid_from)} — {until}",
            "PassNumber": card.pass_number,
        }
        for key, text in values.items():
            self.fields[key].setText(text)
            self._form.setRowVisible(self.fields[key], bool(text))
        if card.is_expired(today):
            self.expired.setText(
                self.tr("⚠ 证件已过期（有效期至 {0}），请核实身份，并提醒申请人换领证件。").format(
                    _date_text(card.valid_until)
                )
            )
            self.expired.show()
        else:
            self.expired.hide()
        self._show_photo(photo)
        self.show()

    def _show_photo(self, photo: Photo | None) -> None:
        self.photo.clear()
        status = photo.status if photo else PhotoStatus.NO_DECODER
        if photo is not None and status is PhotoStatus.DECODED:
            pixmap = QtGui.QPixmap()
            if pixmap.loadFromData(photo.bmp, "BMP"):
                self.photo.setPixmap(
                    pixmap.scaled(self.PHOTO_SIZE, QtCore.Qt.AspectRatioMode.KeepAspectRatio)
                )
                return
            status = PhotoStatus.FAILED
        texts = {
            PhotoStatus.NO_DECODER: self.tr("照片解码组件未安装"),
            PhotoStatus.NO_PHOTO: self.tr("证件无照片"),
            PhotoStatus.FAILED: self.tr("照片无法解码"),
        }
        self.photo.setText(texts.get(status, ""))

    def clear(self) -> None:
        for value in self.fields.values():
            value.clear()
        self.expired.hide()
        self.photo.clear()
        self.hide()


def _date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


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
        self.card_info = CardInfo()

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(kind_row)
        layout.addWidget(self.pages)
        layout.addWidget(self.card_info)
        layout.addStretch(1)

        self.natural_radio.toggled.connect(self._on_kind_toggled)
        for edit in (self.name, self.address, self.org_name, self.legal_rep, self.org_address):
            edit.textChanged.connect(self.changed)
        for checked in (self.id_number, self.phone, self.credit_code, self.org_phone):
            checked.changed.connect(self._revalidate)
        self.id_type.currentIndexChanged.connect(self._revalidate)
        # A number typed over a card's makes the card's details stale.
        self.id_number.edit.textEdited.connect(self.card_info.clear)
        self.name.textEdited.connect(self.card_info.clear)

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
        self.card_info.clear()
        self._revalidate()

    def fill_from_card(self, card: IdCardData, photo: Photo | None = None) -> None:
        """A card was placed on the reader: fill what it says; the phone is left for the clerk."""
        self.natural_radio.setChecked(True)
        self.id_type.setCurrentIndex(self.id_type.findData(_DOCUMENT_OF_CARD[card.card_type]))
        self.name.setText(card.name or card.english_name)
        self.id_number.edit.setText(card.id_number)
        self.address.setText(card.address)
        for edit in (self.name, self.id_number.edit, self.address):
            edit.setCursorPosition(0)  # long addresses show their beginning
        self.card_info.show_card(card, photo, self._today())
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
    def _check_id(self) -> CitizenId | ForeignPermanentId2017 | InvalidId | None:
        doc = IdDocumentType(self.id_type.currentData())
        if not doc.checked_as_citizen_id:
            return None
        text = self.id_number.text()
        if doc is IdDocumentType.FOREIGN and text[:1].isalpha():
            return check_foreign_permanent_2017(text)  # the 2017 card: 3 letters and 12 digits
        return check_citizen_id(text, self._today())

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
        elif isinstance(result, ForeignPermanentId2017):
            field.show_verdict(self.tr("✓ 2017版永居证号码，国籍 {0}").format(result.nationality), True)
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
            number = (
                checked.number
                if isinstance(checked, CitizenId | ForeignPermanentId2017)
                else self.id_number.text().upper()
            )
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
