"""The agent (代办人/受托人) who came for the applicant: read from their card or typed, checked like the
applicant's; required whenever the applicant answered that someone acts for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.devices.idcard.cardtext import IdCardData
from app.domain.applicant import IdDocumentType
from app.domain.identifiers import CitizenId, InvalidId, InvalidPhone, check_citizen_id, check_phone
from app.store.cases import Agent
from app.ui import messages
from app.ui.applicant_form import _DOCUMENT_OF_CARD, ID_TYPES, CheckedField
from app.ui.qt import QtCore, QtWidgets, Signal


class AgentPanel(QtWidgets.QGroupBox):
    changed = Signal()

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.setTitle(self.tr("代办人（受托人）"))
        self.setObjectName("agentPanel")
        self._today = today
        self.name = QtWidgets.QLineEdit()
        self.name.setObjectName("agentName")
        self.name.setMaxLength(60)
        self.id_type = QtWidgets.QComboBox()
        self.id_type.setObjectName("agentIdType")
        for value, label in ID_TYPES:
            self.id_type.addItem(QtCore.QCoreApplication.translate("ApplicantForm", label), value)
        self.id_number = CheckedField("agentIdNumber", self.tr("代办人证件号码"), 32)
        self.phone = CheckedField("agentPhone", self.tr("代办人联系电话"), 32)
        self.note = QtWidgets.QLabel(self.tr("请代办人将身份证放在读卡器上，或手工录入。"))
        self.note.setObjectName("agentNote")
        self.note.setWordWrap(True)
        form = QtWidgets.QFormLayout(self)
        form.addRow(self.note)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("证件类型"), self.id_type)
        form.addRow(self.tr("证件号码"), self.id_number)
        form.addRow(self.tr("联系电话"), self.phone)
        self.name.textChanged.connect(self.changed)
        self.id_number.changed.connect(self._revalidate)
        self.phone.changed.connect(self._revalidate)
        self.id_type.currentIndexChanged.connect(self._revalidate)

    def fill_from_card(self, card: IdCardData) -> None:
        self.id_type.setCurrentIndex(self.id_type.findData(_DOCUMENT_OF_CARD[card.card_type]))
        self.name.setText(card.name or card.english_name)
        self.id_number.edit.setText(card.id_number)
        self.note.setText(self.tr("已读取代办人证件，请核对并填写代办人联系电话。"))
        self._revalidate()

    def clear(self) -> None:
        self.name.clear()
        self.id_number.edit.clear()
        self.phone.edit.clear()
        self.id_type.setCurrentIndex(0)
        self.note.setText(self.tr("请代办人将身份证放在读卡器上，或手工录入。"))
        self._revalidate()

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.name, self.id_number.edit, self.phone.edit):
            edit.setReadOnly(read_only)
        self.id_type.setEnabled(not read_only)

    def _id(self) -> CitizenId | InvalidId | None:
        doc = IdDocumentType(self.id_type.currentData())
        if not doc.checked_as_citizen_id:
            return None
        return check_citizen_id(self.id_number.text(), self._today())

    def _revalidate(self) -> None:
        checked = self._id()
        if isinstance(checked, InvalidId) and self.id_number.text() and len(self.id_number.text()) >= 18:
            self.id_number.show_verdict(messages.id_problem(checked), False)
        else:
            self.id_number.show_verdict("✓" if isinstance(checked, CitizenId) else "", True)
        phone = check_phone(self.phone.text()) if self.phone.text() else None
        if isinstance(phone, InvalidPhone) and len(self.phone.text()) >= 11:
            self.phone.show_verdict(messages.phone_problem(phone), False)
        else:
            self.phone.show_verdict("", True)
        self.changed.emit()

    def problems(self) -> list[str]:
        found = []
        if not self.name.text().strip():
            found.append(self.tr("请填写代办人姓名"))
        checked = self._id()
        if not self.id_number.text():
            found.append(self.tr("请填写代办人证件号码"))
        elif isinstance(checked, InvalidId):
            found.append(self.tr("代办人：") + messages.id_problem(checked))
        if isinstance(check_phone(self.phone.text()), InvalidPhone):
            found.append(self.tr("请填写代办人联系电话"))
        return found

    def agent(self) -> Agent | None:
        if self.problems():
            return None
        checked = self._id()
        number = checked.number if isinstance(checked, CitizenId) else self.id_number.text().upper()
        phone = check_phone(self.phone.text())
        assert not isinstance(phone, InvalidPhone)
        return Agent(self.name.text().strip(), str(self.id_type.currentData()), number, phone.number)
