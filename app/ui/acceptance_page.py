"""The acceptance page: applicant, item, checklist, decision — the clerk's whole minute, keyboard first."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from app.devices.idcard.station import CardPlaced
from app.devices.pcsc.station import PcscCardRead, PcscProblem
from app.domain.applicant import ApplicantKind
from app.domain.case import CaseStatus
from app.domain.errors import EnvironmentFailure
from app.services.desk import DecisionOutcome, DecisionRequest, DeskService
from app.store.catalogue import CatalogueView
from app.ui import messages
from app.ui.applicant_form import ApplicantForm
from app.ui.item_picker import ItemPicker
from app.ui.materials_panel import MaterialsContext, MaterialsPanel
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal
from app.ui.tasks import Tasks

Qt = QtCore.Qt
log = logging.getLogger(__name__)


class AcceptancePage(QtWidgets.QWidget):
    case_decided = Signal(object)  # DecisionOutcome
    export_requested = Signal(int)  # IssuedDocument id

    def __init__(
        self,
        desk: DeskService,
        catalogue: CatalogueView,
        tasks: Tasks,
        today: Callable[[], dt.date],
        materials: MaterialsContext | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("acceptancePage")
        self._desk = desk
        self._catalogue = catalogue
        self._tasks = tasks
        self._item_code: str | None = None
        self._outcome: DecisionOutcome | None = None
        self._materials_error = False

        self.applicant = ApplicantForm(today)
        self.picker = ItemPicker(catalogue)
        self._materials = materials
        self.checklist = MaterialsPanel(tasks, materials, self._holder_id)

        self.banner = QtWidgets.QLabel()
        self.banner.setObjectName("resultBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.hide()
        self.export_button = QtWidgets.QPushButton(self.tr("导出受理通知书 (Ctrl+E)"))
        self.export_button.setObjectName("exportNotice")
        self.export_button.hide()

        self.hint = QtWidgets.QLabel()
        self.hint.setObjectName("acceptHint")
        self.hint.setWordWrap(True)
        self.accept_button = QtWidgets.QPushButton(self.tr("受理 (Ctrl+Enter)"))
        self.accept_button.setObjectName("acceptButton")
        self.accept_button.setEnabled(False)
        self.accept_button.setStyleSheet(
            "QPushButton { background: #1e6fd9; color: white; padding: 8px 24px; font-weight: bold; }"
            "QPushButton:disabled { background: #b9c7da; }"
        )
        self.new_button = QtWidgets.QPushButton(self.tr("新办件 (Ctrl+N)"))
        self.new_button.setObjectName("newCase")
        self.card_note = QtWidgets.QLabel()
        self.card_note.setObjectName("cardNote")
        self.card_note.setWordWrap(True)
        self.card_note.hide()
        self.ss_card = QtWidgets.QLabel()
        self.ss_card.setObjectName("socialSecurityCard")
        self.ss_card.setWordWrap(True)
        self.ss_card.setStyleSheet("QLabel { background: #eef4fb; border: 1px solid #9bb8d8; padding: 6px; }")
        self.ss_card.hide()

        columns = QtWidgets.QHBoxLayout()
        columns.addWidget(self.applicant, 4)
        columns.addWidget(self.picker, 4)
        columns.addWidget(self.checklist, 5)
        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.hint, 1)
        actions.addWidget(self.new_button)
        actions.addWidget(self.accept_button)
        result = QtWidgets.QHBoxLayout()
        result.addWidget(self.banner, 1)
        result.addWidget(self.export_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(result)
        layout.addLayout(columns, 1)
        layout.addWidget(self.card_note)
        layout.addWidget(self.ss_card)
        layout.addLayout(actions)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QtGui.QShortcut(QtGui.QKeySequence(keys), self, self.accept_case)
        QtGui.QShortcut(QtGui.QKeySequence("Ctrl+N"), self, self.new_case)
        QtGui.QShortcut(QtGui.QKeySequence("Ctrl+E"), self, self._export)
        self.accept_button.clicked.connect(self.accept_case)
        self.new_button.clicked.connect(self.new_case)
        self.export_button.clicked.connect(self._export)
        self.picker.item_chosen.connect(self._on_item_chosen)
        self.applicant.changed.connect(self._update_state)
        self.checklist.changed.connect(self._update_state)
        self._update_state()

    def _holder_id(self) -> str:
        """Whose e-licences to look up: the person's ID number, or the organisation's credit code."""
        legal = self.applicant.kind is not ApplicantKind.NATURAL
        return (self.applicant.credit_code if legal else self.applicant.id_number).text()

    # -- cards
    def on_card_placed(self, placed: CardPlaced) -> None:
        """An ID card on the reader fills the applicant; after a decided case it starts the next one."""
        if self._outcome is not None:
            self.new_case()
        self.applicant.fill_from_card(placed.card, placed.photo)
        self.card_note.setText(self.tr("已读取证件，请核对信息并填写联系电话。"))
        self.card_note.setStyleSheet("color: #1b7f3b;")
        self.card_note.show()
        self.applicant.phone.edit.setFocus()

    def on_card_read_failed(self, text: str) -> None:
        self.card_note.setText(text)
        self.card_note.setStyleSheet("color: #c0392b;")
        self.card_note.show()

    def show_pcsc_card(self, read: PcscCardRead | None) -> None:
        """The social-security or city card on the PC/SC reader (None: removed)."""
        if read is None:
            self.ss_card.hide()
            return
        self.ss_card.setText(self._pcsc_text(read))
        self.ss_card.show()

    def _pcsc_text(self, read: PcscCardRead) -> str:
        if read.city is not None:
            return self.tr("{0}　卡号 {1}").format(read.city.title, read.city.card_number)
        ss = read.social_security
        if ss is None:
            if read.problem is PcscProblem.UNKNOWN_CARD:
                return self.tr("读卡器上的卡片不是社会保障卡，也不是本地市民卡。")
            return self.tr("社会保障卡读取失败，请将卡片重新插入读卡器。")
        parts = [
            self.tr("社会保障卡（第{0}代，发卡地 {1}）").format(ss.generation, ss.region_code),
            self.tr("卡识别码 {0}").format(ss.card_id),
        ]
        if ss.card_number:
            parts.append(self.tr("卡号 {0}").format(ss.card_number))
        if ss.expires:
            parts.append(self.tr("有效期至 {0}").format(ss.expires.isoformat()))
        text = "　".join(parts)
        if ss.holder is not None:
            text += "\n" + self.tr("持卡人 {0}　社会保障号码 {1}").format(
                ss.holder.name, messages.masked_id(ss.holder.ss_number)
            )
        if ss.psam_required:
            text += "\n" + self.tr(
                "此卡的姓名、社会保障号码需要PSAM卡才能读取，本机未配置PSAM；请以居民身份证核对身份。"
            )
        return text

    # -- flow
    def _on_item_chosen(self, code: str) -> None:
        self._item_code = code
        self.checklist.show_item(self._catalogue.item(code))
        self.checklist.materials.setFocus()

    def set_catalogue(self, catalogue: CatalogueView | None) -> None:
        if catalogue is None:
            return
        self._catalogue = catalogue
        self.picker.set_catalogue(catalogue)

    def blockers(self) -> list[str]:
        found = list(self.applicant.problems())
        if self._item_code is None:
            found.append(self.tr("请选择申请事项"))
        else:
            missing = self.checklist.missing()
            if missing:
                found.append(self.tr("尚缺材料：{0}").format("、".join(m.name for m in missing)))
        return found

    def _update_state(self) -> None:
        if self._outcome is not None:
            return
        blockers = self.blockers()
        self.accept_button.setEnabled(not blockers)
        self.hint.setText("；".join(blockers) if blockers else self.tr("材料齐全，可以受理。"))
        self.hint.setStyleSheet("color: #8a5a00;" if blockers else "color: #1b7f3b;")

    def accept_case(self) -> None:
        if self._outcome is not None or not self.accept_button.isEnabled():
            return
        applicant = self.applicant.applicant()
        assert applicant is not None
        assert self._item_code is not None
        request = DecisionRequest(
            applicant=applicant,
            item=self._catalogue.item(self._item_code),
            catalogue_version=self._catalogue.version,
            decision=CaseStatus.ACCEPTED,
            answers=self.checklist.answers(),
            received=self.checklist.received(),
        )
        self.accept_button.setEnabled(False)
        self.hint.setText(self.tr("正在保存办件…"))
        slots = self.checklist.slots()
        service = self._materials.service if self._materials is not None else None

        self._materials_error = False

        def decide() -> DecisionOutcome:
            outcome = self._desk.decide(request)
            if service is not None and slots:
                # The case is committed; its pages, material PDFs (queued for upload) and e-licences
                # are recorded with it before the clerk sees 已受理.
                try:
                    service.commit(outcome.case.id, slots)
                except Exception:
                    log.exception("materials of an accepted case could not be recorded")
                    self._materials_error = True
            return outcome

        self._tasks.run(decide, self._on_decided, self._on_failed)

    def _on_decided(self, outcome: DecisionOutcome) -> None:
        self._outcome = outcome
        if not self._materials_error:
            self.checklist.mark_committed()
        case = outcome.case
        item = case.items[0]
        due = item.promised_due.isoformat() if item.promised_due else ""
        provisional = (
            self.tr("（暂定：节假日安排公布后以实际工作日为准）") if item.deadline_provisional else ""
        )
        if outcome.notice_id is not None:
            notice = self.tr("受理通知书已生成。")
        else:
            notice = self.tr("办件已保存，但受理通知书未能生成，请在办件详情中重新生成。")
        if self._materials_error:
            notice += self.tr(
                "扫描的材料未能随办件保存（办件本身已受理）。请记下办件编号并联系信息技术人员补录材料。"
            )
        self.banner.setText(
            self.tr("<b>✓ 已受理</b>　办件编号 <b>{0}</b>　承诺办结 {1}{2}<br>{3}").format(
                case.number, due, provisional, notice
            )
        )
        self.banner.setStyleSheet("QLabel { background: #e6f4ea; border: 1px solid #7cc48f; padding: 8px; }")
        self.banner.show()
        self.export_button.setVisible(outcome.notice_id is not None)
        self.hint.setText(self.tr("按 Ctrl+N 开始下一个办件。"))
        self._set_read_only(True)
        self.new_button.setFocus()
        self.case_decided.emit(outcome)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, EnvironmentFailure):
            text = messages.failure(exc)
        else:
            text = self.tr(
                "保存失败，办件未受理，已录入的内容仍保留在屏幕上。请重试；如反复出现请联系信息技术人员。"
            )
        self.hint.setText(text)
        self.hint.setStyleSheet("color: #c0392b;")
        self.accept_button.setEnabled(True)
        QtWidgets.QMessageBox.warning(self, self.tr("未能受理"), text)

    def _export(self) -> None:
        if self._outcome is not None and self._outcome.notice_id is not None:
            self.export_requested.emit(self._outcome.notice_id)

    def new_case(self) -> None:
        self._outcome = None
        self._item_code = None
        self.banner.hide()
        self.export_button.hide()
        self.applicant.clear()
        self.card_note.hide()
        self.picker.clear()
        self.checklist.clear()
        self._set_read_only(False)
        self._update_state()
        self.applicant.first_field().setFocus()

    def _set_read_only(self, read_only: bool) -> None:
        self.applicant.set_read_only(read_only)
        self.picker.set_read_only(read_only)
        self.checklist.set_read_only(read_only)
        self.accept_button.setEnabled(not read_only and not self.blockers())
