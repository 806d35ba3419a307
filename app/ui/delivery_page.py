"""出件 (F6): find the case (number typed or scanned, the notice's QR code, or the applicant's ID card),
check who collects it, record window pickup or postal delivery, print the 领取凭证."""

from __future__ import annotations

from app.devices.idcard.station import CardPlaced
from app.domain.case import CaseStatus
from app.domain.errors import DomainError, EnvironmentFailure
from app.services.desk import DecisionOutcome, DeskService
from app.store.cases import CaseSnapshot
from app.ui import messages
from app.ui.messages import masked_id, status_label
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal
from app.ui.tasks import Tasks

Qt = QtCore.Qt
COURIERS = ("中国邮政EMS", "顺丰速运", "京东物流")


class DeliveryPage(QtWidgets.QWidget):
    delivered = Signal(object)  # DecisionOutcome
    print_requested = Signal(int)

    def __init__(self, desk: DeskService, tasks: Tasks) -> None:
        super().__init__()
        self.setObjectName("deliveryPage")
        self._desk = desk
        self._tasks = tasks
        self._cases: list[CaseSnapshot] = []
        self._outcome: DecisionOutcome | None = None

        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("deliverySearch")
        self.search.setPlaceholderText(
            self.tr("办件编号、扫描通知书二维码，或申请人证件号码；也可直接读身份证")
        )
        self.results = QtWidgets.QListWidget()
        self.results.setObjectName("deliveryResults")
        self.details = QtWidgets.QLabel()
        self.details.setObjectName("deliveryDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.receiver = QtWidgets.QLineEdit()
        self.receiver.setObjectName("deliveryReceiver")
        self.receiver_id = QtWidgets.QLineEdit()
        self.receiver_id.setObjectName("deliveryReceiverId")
        self.receiver_id.setPlaceholderText(self.tr("读身份证或输入领取人证件号码"))
        self.window_radio = QtWidgets.QRadioButton(self.tr("窗口领取(&W)"))
        self.window_radio.setObjectName("deliveryWindow")
        self.post_radio = QtWidgets.QRadioButton(self.tr("邮寄送达(&Y)"))
        self.post_radio.setObjectName("deliveryPost")
        self.window_radio.setChecked(True)
        self.courier = QtWidgets.QComboBox()
        self.courier.setObjectName("deliveryCourier")
        self.courier.setEditable(True)
        self.courier.addItems(COURIERS)
        self.tracking = QtWidgets.QLineEdit()
        self.tracking.setObjectName("deliveryTracking")
        self.check = QtWidgets.QLabel()
        self.check.setObjectName("deliveryCheck")
        self.check.setWordWrap(True)
        self.confirm = QtWidgets.QPushButton(self.tr("确认出件 (Ctrl+Enter)"))
        self.confirm.setObjectName("deliveryConfirm")
        self.confirm.setEnabled(False)
        self.banner = QtWidgets.QLabel()
        self.banner.setObjectName("deliveryBanner")
        self.banner.setWordWrap(True)

        label = QtWidgets.QLabel(self.tr("查找办件(&F)"))
        label.setBuddy(self.search)
        method = QtWidgets.QHBoxLayout()
        method.addWidget(self.window_radio)
        method.addWidget(self.post_radio)
        method.addStretch(1)
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("领取人"), self.receiver)
        form.addRow(self.tr("领取人证件号码"), self.receiver_id)
        form.addRow(self.tr("送达方式"), method)
        form.addRow(self.tr("快递公司"), self.courier)
        form.addRow(self.tr("运单号"), self.tracking)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.details)
        right.addLayout(form)
        right.addWidget(self.check)
        right.addWidget(self.confirm)
        right.addWidget(self.banner)
        right.addStretch(1)
        left = QtWidgets.QVBoxLayout()
        left.addWidget(label)
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

        self.search.returnPressed.connect(self.find)
        self.results.currentRowChanged.connect(self._show)
        for widget in (self.receiver, self.receiver_id, self.tracking):
            widget.textChanged.connect(self._update)
        self.courier.currentTextChanged.connect(self._update)
        self.post_radio.toggled.connect(self._update)
        self.confirm.clicked.connect(self.deliver)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QtGui.QShortcut(QtGui.QKeySequence(keys), self, self.deliver)
        QtGui.QShortcut(QtGui.QKeySequence("Ctrl+P"), self, self._print)
        self._update()

    # -- finding
    def find(self, text: str | None = None) -> None:
        query = (text if text is not None else self.search.text()).strip()
        if not query:
            return
        self._outcome = None
        self.banner.clear()
        self._tasks.run(lambda: self._load(query), self._on_found, lambda _exc: None)

    def _load(self, query: str) -> list[CaseSnapshot]:
        found = [self._desk.load(case_id) for case_id in self._desk.find(query)]
        cases = [case for case in found if case is not None]
        # Cases ready for collection first.
        return sorted(cases, key=lambda c: c.status is not CaseStatus.RESULT_READY)

    def _on_found(self, cases: list[CaseSnapshot]) -> None:
        self._cases = cases
        self.results.clear()
        for case in cases:
            self.results.addItem(
                f"{case.number}　{status_label(case.status)}　{case.applicant.name}　{case.items[0].name}"
            )
        if cases:
            self.results.setCurrentRow(0)
        else:
            self.details.setText(self.tr("没有找到办件。"))
        self._update()

    def on_card_placed(self, placed: CardPlaced) -> None:
        """A card on the reader names who is collecting; with no case found yet it also finds theirs."""
        card = placed.card
        self.receiver.setText(card.name or card.english_name)
        self.receiver_id.setText(card.id_number)
        if not self._cases:
            self.search.setText(card.id_number)
            self.find(card.id_number)

    # -- the chosen case
    @property
    def case(self) -> CaseSnapshot | None:
        row = self.results.currentRow()
        return self._cases[row] if 0 <= row < len(self._cases) else None

    def _show(self) -> None:
        case = self.case
        if case is None:
            self.details.clear()
        else:
            agent = (
                self.tr("<br>代办人：{0}（{1}）").format(case.agent.name, masked_id(case.agent.id_number))
                if case.agent
                else ""
            )
            self.details.setText(
                self.tr("<b>{0}</b>　{1}<br>申请人：{2}（{3}）<br>事项：{4}{5}").format(
                    case.number,
                    status_label(case.status),
                    case.applicant.name,
                    masked_id(case.applicant.id_number),
                    "、".join(it.name for it in case.items),
                    agent,
                )
            )
        self._update()

    def problems(self) -> list[str]:
        case = self.case
        if case is None:
            return [self.tr("请先查找办件")]
        found = []
        if case.status is not CaseStatus.RESULT_READY:
            found.append(self.tr("该办件状态为“{0}”，不能出件").format(status_label(case.status)))
        if self.post_radio.isChecked():
            if not self.courier.currentText().strip() or not self.tracking.text().strip():
                found.append(self.tr("邮寄送达请填写快递公司和运单号"))
        else:
            allowed = {case.applicant.id_number.upper()}
            if case.agent is not None:
                allowed.add(case.agent.id_number.upper())
            if not self.receiver.text().strip() or not self.receiver_id.text().strip():
                found.append(self.tr("请读取或录入领取人身份证件"))
            elif self.receiver_id.text().strip().upper() not in allowed:
                found.append(self.tr("领取人证件号码与申请人（代办人）不符，不能领取"))
        return found

    def _update(self) -> None:
        problems = self.problems()
        self.confirm.setEnabled(not problems and self._outcome is None)
        self.check.setText(messages.clauses(problems) if problems else self.tr("身份核验通过，可以出件。"))
        self.check.setStyleSheet("color: #8a5a00;" if problems else "color: #1b7f3b;")
        post = self.post_radio.isChecked()
        self.courier.setEnabled(post)
        self.tracking.setEnabled(post)

    def deliver(self) -> None:
        case = self.case
        if case is None or not self.confirm.isEnabled():
            return
        post = self.post_radio.isChecked()
        delivery = {
            "method": "post" if post else "window",
            "receiver": self.receiver.text().strip() or case.applicant.name,
            "receiver_id": self.receiver_id.text().strip().upper() or case.applicant.id_number,
            "identity_checked": not post,
        }
        if post:
            delivery |= {
                "courier": self.courier.currentText().strip(),
                "tracking_number": self.tracking.text().strip(),
            }
        self.confirm.setEnabled(False)
        self._tasks.run(lambda: self._desk.deliver(case.id, delivery), self._on_delivered, self._on_failed)

    def _on_delivered(self, outcome: DecisionOutcome) -> None:
        self._outcome = outcome
        row = self.results.currentRow()
        self._cases[row] = outcome.case
        self.results.item(row).setText(f"{outcome.case.number}　{status_label(outcome.case.status)}")
        self.banner.setText(self.tr("✓ 已出件：{0}。Ctrl+P 打印领取凭证。").format(outcome.case.number))
        self.banner.setStyleSheet("color: #1b7f3b; font-weight: bold;")
        self.delivered.emit(outcome)
        self._update()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, EnvironmentFailure):
            text = messages.failure(exc)
        elif isinstance(exc, DomainError):
            text = self.tr("不能出件：{0}").format(exc)
        else:
            text = self.tr("出件登记失败，请重试。")
        self.banner.setText(text)
        self.banner.setStyleSheet("color: #c0392b;")
        self._update()

    def _print(self) -> None:
        if self._outcome is not None and self._outcome.notice_id is not None:
            self.print_requested.emit(self._outcome.notice_id)

    def reset(self) -> None:
        self._cases, self._outcome = [], None
        for edit in (self.search, self.receiver, self.receiver_id, self.tracking):
            edit.clear()
        self.results.clear()
        self.details.clear()
        self.banner.clear()
        self.window_radio.setChecked(True)
        self._update()
