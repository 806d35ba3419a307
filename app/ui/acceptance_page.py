"""The acceptance page: applicant (and agent), items, situations and materials, the item form, decision.

Keyboard first: a card on the reader fills the applicant (and the phone and form answers they gave in
earlier cases); `gtgsh` Enter chooses the item (Shift+Enter adds another: 一表申报); F7 ticks every
material; Ctrl+Enter 受理, Ctrl+B 补正（一次性告知）, Ctrl+R 不予受理; Ctrl+P prints the notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.devices.idcard.cardtext import IdCardData
from app.devices.idcard.station import CardPlaced
from app.devices.pcsc.station import PcscCardRead, PcscProblem
from app.domain.applicant import ApplicantKind
from app.domain.bundle import Bundle, combine
from app.domain.case import CaseStatus
from app.domain.catalogue import ServiceItem
from app.domain.errors import EnvironmentFailure
from app.forms.errors import Severity
from app.forms.prefill import PrefillSources, prefill
from app.forms.validation import FormContext
from app.services.desk import DecisionOutcome, DecisionRequest, DeskService
from app.services.forms import FormLibrary
from app.services.lookups import PlatformLookups
from app.services.notices import RejectionGround
from app.store.catalogue import CatalogueView
from app.sync.adapter import PreApplication
from app.ui import messages
from app.ui.agent_panel import AgentPanel
from app.ui.applicant_form import ApplicantForm
from app.ui.decision_dialogs import RejectDialog, SupplementDialog
from app.ui.form_view import FormView
from app.ui.item_picker import ItemPicker
from app.ui.materials_panel import MaterialsContext, MaterialsPanel
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal
from app.ui.tasks import Tasks

Qt = QtCore.Qt
AGENT_QUESTION = "by_agent"  # the catalogue's question id for 委托他人代为办理


def card_values(card: IdCardData) -> dict[str, object]:
    """What form prefill reads as id_card.<name>."""
    return {
        "name": card.name or card.english_name,
        "sex": card.sex_code or card.sex,
        "nation": card.nation_code or card.nation,
        "birth_date": card.birth_date,
        "address": card.address,
        "id_number": card.id_number,
        "issuer": card.issuer,
        "valid_from": card.valid_from,
        "valid_until": card.valid_until,
    }


class AcceptancePage(QtWidgets.QWidget):
    case_decided = Signal(object)  # DecisionOutcome
    export_requested = Signal(int)  # IssuedDocument id
    print_requested = Signal(int)  # IssuedDocument id: print its original (once)
    preview_requested = Signal(int)
    pre_application_requested = Signal()

    def __init__(
        self,
        desk: DeskService,
        catalogue: CatalogueView,
        tasks: Tasks,
        today: Callable[[], dt.date],
        materials: MaterialsContext | None = None,
        *,
        forms: FormLibrary | None = None,
        lookups: PlatformLookups | None = None,
        print_on_accept: bool = False,
        language: str = "zh",
    ) -> None:
        super().__init__()
        self.setObjectName("acceptancePage")
        self._desk = desk
        self._catalogue = catalogue
        self._tasks = tasks
        self._forms = forms
        self._lookups = lookups
        self._language = language
        self.print_on_accept = print_on_accept
        self._items: list[ServiceItem] = []
        self._bundle: Bundle | None = None
        self._form_versions: dict[str, str] = {}
        self._outcome: DecisionOutcome | None = None
        self._card: dict[str, object] = {}
        self._earlier: dict[str, Any] = {}
        self._licences: dict[str, dict[str, object]] = {}
        self._pre_application: PreApplication | None = None
        self.form: FormView | None = None

        self.applicant = ApplicantForm(today)
        self.agent = AgentPanel(today)
        self.agent.hide()
        self.picker = ItemPicker(catalogue)
        self._materials = materials
        self.checklist = MaterialsPanel(tasks, materials, self._holder_id)

        self.banner = QtWidgets.QLabel()
        self.banner.setObjectName("resultBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.hide()
        self.export_button = QtWidgets.QPushButton(self.tr("导出 (Ctrl+E)"))
        self.export_button.setObjectName("exportNotice")
        self.print_button = QtWidgets.QPushButton(self.tr("打印 (Ctrl+P)"))
        self.print_button.setObjectName("printNotice")
        self.preview_button = QtWidgets.QPushButton(self.tr("预览 (Ctrl+Shift+P)"))
        self.preview_button.setObjectName("previewNotice")
        for button in (self.export_button, self.print_button, self.preview_button):
            button.hide()

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
        self.supplement_button = QtWidgets.QPushButton(self.tr("补正告知 (Ctrl+B)"))
        self.supplement_button.setObjectName("supplementButton")
        self.reject_button = QtWidgets.QPushButton(self.tr("不予受理 (Ctrl+R)"))
        self.reject_button.setObjectName("rejectButton")
        self.pre_app_button = QtWidgets.QPushButton(self.tr("网上预审 (F5)"))
        self.pre_app_button.setObjectName("preApplicationButton")
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

        people = QtWidgets.QWidget()
        people_layout = QtWidgets.QVBoxLayout(people)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.applicant)
        people_layout.addWidget(self.agent)
        people_scroll = QtWidgets.QScrollArea()
        people_scroll.setWidgetResizable(True)
        people_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        people_scroll.setWidget(people)
        columns = QtWidgets.QWidget()
        columns_layout = QtWidgets.QHBoxLayout(columns)
        columns_layout.setContentsMargins(0, 0, 0, 0)
        columns_layout.addWidget(people_scroll, 4)
        columns_layout.addWidget(self.picker, 4)
        columns_layout.addWidget(self.checklist, 5)
        self.form_box = QtWidgets.QGroupBox(self.tr("申请表"))
        self.form_box.setObjectName("formBox")
        self.form_layout = QtWidgets.QVBoxLayout(self.form_box)
        self.form_placeholder = QtWidgets.QLabel(self.tr("选择事项后在此填写申请表。"))
        self.form_layout.addWidget(self.form_placeholder)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(columns)
        splitter.addWidget(self.form_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 420])  # the form gets room once an item is chosen
        self.splitter = splitter

        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.hint, 1)
        for button in (self.pre_app_button, self.new_button, self.reject_button, self.supplement_button):
            actions.addWidget(button)
        actions.addWidget(self.accept_button)
        result = QtWidgets.QHBoxLayout()
        result.addWidget(self.banner, 1)
        for button in (self.preview_button, self.print_button, self.export_button):
            result.addWidget(button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(result)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.card_note)
        layout.addWidget(self.ss_card)
        layout.addLayout(actions)

        for keys, slot in (
            ("Ctrl+Return", self.accept_case),
            ("Ctrl+Enter", self.accept_case),
            ("Ctrl+B", self.request_supplement),
            ("Ctrl+R", self.reject_case),
            ("Ctrl+N", self.new_case),
            ("Ctrl+E", self._export),
            ("Ctrl+P", self.print_notice),
            ("Ctrl+Shift+P", self._preview),
            ("F5", self.pre_application_requested.emit),
        ):
            QtGui.QShortcut(QtGui.QKeySequence(keys), self, slot)
        self.accept_button.clicked.connect(self.accept_case)
        self.supplement_button.clicked.connect(self.request_supplement)
        self.reject_button.clicked.connect(self.reject_case)
        self.new_button.clicked.connect(self.new_case)
        self.pre_app_button.clicked.connect(self.pre_application_requested.emit)
        self.export_button.clicked.connect(self._export)
        self.print_button.clicked.connect(self.print_notice)
        self.preview_button.clicked.connect(self._preview)
        self.picker.item_chosen.connect(self._on_item_chosen)
        self.picker.item_added.connect(self._on_item_added)
        self.applicant.changed.connect(self._on_applicant_changed)
        self.agent.changed.connect(self._on_agent_changed)
        self.checklist.changed.connect(self._on_checklist_changed)
        self._update_state()

    def _holder_id(self) -> str:
        """Whose e-licences to look up: the person's ID number, or the organisation's credit code."""
        legal = self.applicant.kind is not ApplicantKind.NATURAL
        return (self.applicant.credit_code if legal else self.applicant.id_number).text()

    # -- cards
    def on_card_placed(self, placed: CardPlaced) -> None:
        """An ID card fills the applicant, or the agent when the applicant is represented and already
        filled; after a decided case it starts the next one."""
        if self._outcome is not None:
            self.new_case()
        card = placed.card
        applicant_id = self.applicant.id_number.text().upper()
        if self.agent.isVisible() and applicant_id and card.id_number.upper() != applicant_id:
            self.agent.fill_from_card(card)
            self.agent.phone.edit.setFocus()
            return
        self.applicant.fill_from_card(card, placed.photo)
        self._card = card_values(card)
        self.card_note.setText(self.tr("已读取证件，请核对信息。"))
        self.card_note.setStyleSheet("color: #1b7f3b;")
        self.card_note.show()
        self.applicant.phone.edit.setFocus()
        self._prefill()
        self._look_up_applicant(card.id_number)

    def on_card_read_failed(self, text: str) -> None:
        self.card_note.setText(text)
        self.card_note.setStyleSheet("color: #c0392b;")
        self.card_note.show()

    def _look_up_applicant(self, id_number: str) -> None:
        """The applicant's earlier cases (phone, form answers) and, online, their e-licences."""
        self._tasks.run(
            lambda: self._desk.earlier(id_number),
            lambda found: self._on_earlier(id_number, found),
            lambda _exc: None,
        )
        if self._lookups is not None and self._lookups.online:
            self._tasks.run(
                lambda: self._lookups.e_licences(id_number) if self._lookups else {},
                lambda found: self._on_licences(id_number, found),
                lambda _exc: None,  # offline: the clerk types what the licence would have given
            )

    def _on_earlier(self, id_number: str, found: tuple[dict[str, Any], str]) -> None:
        if self._outcome is not None or self.applicant.id_number.text().upper() != id_number.upper():
            return
        values, phone = found
        self._earlier = values
        if phone and not self.applicant.phone.text():
            self.applicant.phone.edit.setText(phone)
            self.card_note.setText(self.tr("已读取证件；联系电话取自该申请人上次办件，请核对。"))
        if self.applicant.phone.edit.hasFocus() and not self.applicant.problems():
            self.picker.query.setFocus()  # nothing left to type about the applicant
        self._prefill()

    def _on_licences(self, id_number: str, found: dict[str, dict[str, object]]) -> None:
        if self._outcome is None and self.applicant.id_number.text().upper() == id_number.upper():
            self._licences = found
            self._prefill()

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

    # -- pre-applications
    def continue_pre_application(self, found: PreApplication) -> None:
        """An online pre-application (预审) continued at the window: applicant, item, answers, form."""
        if self._outcome is not None:
            self.new_case()
        a = self.applicant
        a.natural_radio.setChecked(True)
        index = a.id_type.findData(found.id_type)
        a.id_type.setCurrentIndex(max(0, index))
        a.name.setText(found.applicant_name)
        a.id_number.edit.setText(found.id_number)
        a.phone.edit.setText(found.phone)
        if found.address:
            a.address.setText(found.address)
        self._pre_application = found
        self._set_items([self._catalogue.item(found.item_code)])
        self.checklist.set_answers({k: bool(v) for k, v in found.answers.items()})
        self.card_note.setText(
            self.tr("已调取网上预审 {0}（{1} 提交），请核对申请人信息和材料。").format(
                found.number, found.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M")
            )
        )
        self.card_note.setStyleSheet("color: #1b7f3b;")
        self.card_note.show()
        self._prefill()
        self._look_up_applicant(found.id_number)
        self.checklist.materials.setFocus()

    def set_catalogue(self, catalogue: CatalogueView | None) -> None:
        if catalogue is None:
            return
        self._catalogue = catalogue
        self.picker.set_catalogue(catalogue)

    # -- items and form
    def _on_item_chosen(self, code: str) -> None:
        self._set_items([self._catalogue.item(code)])
        self.checklist.materials.setFocus()

    def _on_item_added(self, code: str) -> None:
        if any(item.code == code for item in self._items):
            return
        answers = self.checklist.answers()
        self._set_items([*self._items, self._catalogue.item(code)])
        self.checklist.set_answers(answers)
        self.picker.query.selectAll()

    @property
    def items(self) -> list[ServiceItem]:
        return list(self._items)

    def _set_items(self, items: list[ServiceItem]) -> None:
        self._items = items
        self._bundle = combine(items)
        self.picker.show_chosen([item.code for item in items])
        self.checklist.show_item(self._bundle.item)
        self._build_form()

    def _build_form(self) -> None:
        if self.form is not None:
            self.form_layout.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        if self._forms is None or not self._items:
            self.form_placeholder.show()
            return
        definition, self._form_versions = self._forms.for_items(self._items)
        self.form_placeholder.hide()
        self.form = FormView(definition, self._context(), self._language)
        self.form_layout.addWidget(self.form)
        self.form.changed.connect(self._update_state)
        self._prefill()

    def _applicant_values(self) -> dict[str, object]:
        a = self.applicant
        natural = a.natural_radio.isChecked()
        return {
            "kind": "natural" if natural else "legal",
            "name": (a.name.text() if natural else a.org_name.text()).strip(),
            "id_type": a.id_type.currentData() if natural else "uscc",
            "id_number": (a.id_number.text() if natural else a.credit_code.text()).upper(),
            "phone": a.phone.text() if natural else a.org_phone.text(),
            "address": (a.address.text() if natural else a.org_address.text()).strip(),
            "legal_representative": "" if natural else a.legal_rep.text().strip(),
        }

    def _context(self) -> FormContext:
        return FormContext(self.checklist.answers(), self._applicant_values())

    def _prefill(self) -> None:
        if self.form is None or self._outcome is not None:
            return
        earlier = dict(self._earlier)
        if self._pre_application is not None:
            earlier.update(self._pre_application.form_data)
        sources = PrefillSources(self._card, self._licences, self._applicant_values(), earlier)
        found = prefill(self.form.definition, sources, self.form.raw_values())
        if found.values:
            self.form.set_values(found.values)
        self._copy_agent_to_form()

    def _copy_agent_to_form(self) -> None:
        """The agent panel is where the agent is entered; the form's agent fields follow it."""
        if self.form is None or not self.agent.isVisible():
            return
        keys = {"agent_name": self.agent.name.text().strip(), "agent_id_number": self.agent.id_number.text(),
                "agent_phone": self.agent.phone.text()}  # fmt: skip
        present = {k: v for k, v in keys.items() if k in self.form.rows and v}
        if present and any(self.form.rows[k].editor.raw() != v for k, v in present.items()):
            self.form.set_values(present)

    def _on_applicant_changed(self) -> None:
        if self.form is not None:
            self.form.set_context(self._context())
        self._update_state()

    def _on_agent_changed(self) -> None:
        self._copy_agent_to_form()
        self._update_state()

    def _on_checklist_changed(self) -> None:
        represented = bool(self.checklist.answers().get(AGENT_QUESTION))
        self.agent.setVisible(represented)
        if self.form is not None:
            self.form.set_context(self._context())
            self._copy_agent_to_form()
        self._update_state()

    # -- state
    def _form_errors(self) -> list[str]:
        if self.form is None:
            return []
        errors = [e for e in self.form.errors() if e.severity is Severity.ERROR]
        return [e.message(self._language) for e in errors]

    def _party_problems(self) -> list[str]:
        found = list(self.applicant.problems())
        if self.agent.isVisible():
            found += self.agent.problems()
        if not self._items:
            found.append(self.tr("请选择申请事项"))
        return found

    def blockers(self) -> list[str]:
        found = self._party_problems()
        if self._items:
            missing = self.checklist.missing()
            if missing:
                found.append(self.tr("尚缺材料：{0}").format("、".join(m.name for m in missing)))
            errors = self._form_errors()
            if errors:
                found.append(self.tr("申请表：{0}").format(messages.clauses(errors[:3])))
        return found

    def _update_state(self) -> None:
        if self._outcome is not None:
            return
        blockers = self.blockers()
        self.accept_button.setEnabled(not blockers)
        parties_ok = not self._party_problems()
        self.supplement_button.setEnabled(parties_ok and bool(self.checklist.missing()))
        self.reject_button.setEnabled(parties_ok)
        self.hint.setText(messages.clauses(blockers) if blockers else self.tr("材料齐全，可以受理。"))
        self.hint.setStyleSheet("color: #8a5a00;" if blockers else "color: #1b7f3b;")

    # -- decisions
    def _request(
        self, decision: CaseStatus, reason: str = "", ground: RejectionGround = RejectionGround.OTHER
    ) -> DecisionRequest:
        applicant = self.applicant.applicant()
        assert applicant is not None
        return DecisionRequest(
            applicant=applicant,
            item=tuple(self._items),
            catalogue_version=self._catalogue.version,
            decision=decision,
            answers=self.checklist.answers(),
            received=self.checklist.received(),
            reason=reason,
            ground=ground,
            agent=self.agent.agent() if self.agent.isVisible() else None,
            form_data=self.form.json_values() if self.form is not None else {},
            form_versions=self._form_versions,
        )

    def accept_case(self) -> None:
        if self._outcome is not None:
            return
        if not self.accept_button.isEnabled():
            if self.form is not None and self._form_errors():
                self.form.show_all_errors()
            return
        self._decide(self._request(CaseStatus.ACCEPTED))

    def request_supplement(self) -> None:
        if self._outcome is not None or not self.supplement_button.isEnabled():
            return
        dialog = SupplementDialog([m.name for m in self.checklist.missing()], self)
        dialog.decided.connect(
            lambda note: self._decide(self._request(CaseStatus.SUPPLEMENT_REQUESTED, note))
        )
        dialog.open()

    def reject_case(self) -> None:
        if self._outcome is not None or not self.reject_button.isEnabled():
            return
        dialog = RejectDialog(self)
        dialog.decided.connect(
            lambda reason, ground: self._decide(
                self._request(CaseStatus.REJECTED, reason, RejectionGround(ground))
            )
        )
        dialog.open()

    def _decide(self, request: DecisionRequest) -> None:
        for button in (self.accept_button, self.supplement_button, self.reject_button):
            button.setEnabled(False)
        self.hint.setText(self.tr("正在保存办件…"))
        slots = self.checklist.slots()
        service = self._materials.service if self._materials is not None else None

        def decide() -> DecisionOutcome:
            if service is None or not slots:
                return self._desk.decide(request)
            # The scanned pages, each material's PDF (queued for upload) and the e-licences used are
            # recorded in the decision's own transaction: the case is decided with them or not at all.
            prepared = service.prepare(slots)
            outcome = self._desk.decide(request, prepared.record)
            prepared.settle()
            return outcome

        self._tasks.run(decide, self._on_decided, self._on_failed)

    def _on_decided(self, outcome: DecisionOutcome) -> None:
        self._outcome = outcome
        self.checklist.mark_committed()
        case = outcome.case
        if case.status is CaseStatus.ACCEPTED:
            dues = "、".join(it.promised_due.isoformat() for it in case.items if it.promised_due)
            provisional = (
                self.tr("（暂定：节假日安排公布后以实际工作日为准）")
                if any(it.deadline_provisional for it in case.items)
                else ""
            )
            head = self.tr("<b>✓ 已受理</b>　办件编号 <b>{0}</b>　承诺办结 {1}{2}").format(
                case.number, dues, provisional
            )
            style = "QLabel { background: #e6f4ea; border: 1px solid #7cc48f; padding: 8px; }"
        elif case.status is CaseStatus.SUPPLEMENT_REQUESTED:
            due = case.supplement_due.isoformat() if case.supplement_due else ""
            head = self.tr("<b>补正告知</b>　办件编号 <b>{0}</b>　缺 {1} 项材料，补正期限 {2}").format(
                case.number, len(case.missing), due
            )
            style = "QLabel { background: #fff6e0; border: 1px solid #e0b050; padding: 8px; }"
        else:
            head = self.tr("<b>不予受理</b>　办件编号 <b>{0}</b>").format(case.number)
            style = "QLabel { background: #fdecea; border: 1px solid #e6a39a; padding: 8px; }"
        if outcome.notice_error is None:
            notice = self.tr("通知书已生成（共 {0} 份文书）。").format(len(outcome.documents))
        else:
            notice = self.tr("办件已保存，但通知书未能全部生成，请在办件详情中重新生成。")
        self.banner.setText(f"{head}<br>{notice}")
        self.banner.setStyleSheet(style)
        self.banner.show()
        has_notice = outcome.notice_id is not None
        for button in (self.export_button, self.print_button, self.preview_button):
            button.setVisible(has_notice)
        self.hint.setText(self.tr("Ctrl+P 打印通知书；Ctrl+N 开始下一个办件。"))
        self.hint.setStyleSheet("color: #1b7f3b;")
        self._set_read_only(True)
        self.new_button.setFocus()
        self.case_decided.emit(outcome)
        if self.print_on_accept and has_notice:
            self.print_notice()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, EnvironmentFailure):
            text = messages.failure(exc)
        else:
            text = self.tr(
                "保存失败，办件未受理，已录入的内容仍保留在屏幕上。请重试；如反复出现请联系信息技术人员。"
            )
        self.hint.setText(text)
        self.hint.setStyleSheet("color: #c0392b;")
        self._update_state()
        QtWidgets.QMessageBox.warning(self, self.tr("未能办理"), text)

    @property
    def outcome(self) -> DecisionOutcome | None:
        return self._outcome

    def print_notice(self) -> None:
        """Every document of the decision, each once (printing again is a reprint, from the case)."""
        if self._outcome is not None:
            for document in self._outcome.documents:
                self.print_requested.emit(document)

    def _preview(self) -> None:
        if self._outcome is not None and self._outcome.notice_id is not None:
            self.preview_requested.emit(self._outcome.notice_id)

    def _export(self) -> None:
        if self._outcome is not None and self._outcome.notice_id is not None:
            self.export_requested.emit(self._outcome.notice_id)

    def new_case(self) -> None:
        self._outcome = None
        self._items = []
        self._bundle = None
        self._card, self._earlier, self._licences = {}, {}, {}
        self._pre_application = None
        self.banner.hide()
        for button in (self.export_button, self.print_button, self.preview_button):
            button.hide()
        self.applicant.clear()
        self.agent.clear()
        self.card_note.hide()
        self.picker.clear()
        self.checklist.clear()
        self._build_form()
        self._set_read_only(False)
        self._update_state()
        self.applicant.first_field().setFocus()

    def _set_read_only(self, read_only: bool) -> None:
        self.applicant.set_read_only(read_only)
        self.agent.set_read_only(read_only)
        self.picker.set_read_only(read_only)
        self.checklist.set_read_only(read_only)
        if self.form is not None:
            self.form.setEnabled(not read_only)
        if read_only:
            for button in (self.accept_button, self.supplement_button, self.reject_button):
                button.setEnabled(False)
