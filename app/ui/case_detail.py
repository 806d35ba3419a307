"""One case: applicant, agent, items and deadlines, materials, documents (preview, print, reprint, export),
the timeline, and what can still be done with it: 补正 completed -> 受理, a re-opened case decided again,
void or re-open with a supervisor on the spot."""

from __future__ import annotations

from html import escape

from app.domain.case import CaseStatus
from app.domain.clock import CHINA_TZ
from app.services.notices import IssuedNotice
from app.store.cases import CaseSnapshot
from app.ui.messages import masked_id, status_label
from app.ui.qt import QtCore, QtGui, QtWidgets, Signal

Qt = QtCore.Qt
OPEN = frozenset({CaseStatus.SUPPLEMENT_REQUESTED, CaseStatus.DRAFT})
VOIDABLE = frozenset({CaseStatus.ACCEPTED, CaseStatus.SUPPLEMENT_REQUESTED})
REOPENABLE = frozenset({CaseStatus.REJECTED, CaseStatus.VOIDED})


class CaseDetailDialog(QtWidgets.QDialog):
    export_requested = Signal(int)
    preview_requested = Signal(int)
    print_requested = Signal(int)  # the original, printed once
    reprint_requested = Signal(int)  # one more copy, marked 重打（副本）
    receipt_requested = Signal(str)  # case id: issue a 材料接收凭证
    decide_requested = Signal(str, object, object)  # case id, CaseStatus, frozenset of material ids received
    supervise_requested = Signal(str, object)  # case id, CaseStatus.VOIDED or CaseStatus.DRAFT

    def __init__(self, case: CaseSnapshot, notices: list[IssuedNotice], parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("caseDetail")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("办件详情 — {0}").format(case.number))
        self.resize(820, 720)
        self.case = case
        self.notices = notices

        body = QtWidgets.QTextBrowser()
        body.setObjectName("caseDetailText")
        body.setHtml(self._html(case))
        timeline = QtWidgets.QTreeWidget()
        timeline.setObjectName("caseTimeline")
        timeline.setHeaderLabels([self.tr("时间"), self.tr("状态变化"), self.tr("经办"), self.tr("说明")])
        timeline.setRootIsDecorated(False)
        for entry in case.timeline:
            timeline.addTopLevelItem(
                QtWidgets.QTreeWidgetItem(
                    [
                        entry.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                        f"{status_label(entry.from_status)} → {status_label(entry.to_status)}",
                        entry.actor_id,
                        entry.reason,
                    ]
                )
            )
        timeline.resizeColumnToContents(0)
        timeline.resizeColumnToContents(1)

        self.documents = QtWidgets.QListWidget()
        self.documents.setObjectName("caseDocuments")
        for notice in notices:
            at = notice.created_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
            entry = QtWidgets.QListWidgetItem(f"{notice.title}　{at}")
            entry.setData(Qt.ItemDataRole.UserRole, notice.id)
            self.documents.addItem(entry)
        if notices:
            self.documents.setCurrentRow(0)
        doc_buttons = QtWidgets.QHBoxLayout()
        for text, name, signal in (
            (self.tr("预览"), "previewDocument", self.preview_requested),
            (self.tr("打印"), "printDocument", self.print_requested),
            (self.tr("重打（副本）"), "reprintDocument", self.reprint_requested),
            (self.tr("导出"), "exportDocument", self.export_requested),
        ):
            button = QtWidgets.QPushButton(text)
            button.setObjectName(name)
            button.setEnabled(bool(notices))
            button.clicked.connect(lambda _c=False, s=signal: self._emit_document(s))
            doc_buttons.addWidget(button)
        receipt = QtWidgets.QPushButton(self.tr("出具材料接收凭证"))
        receipt.setObjectName("issueReceipt")
        receipt.clicked.connect(lambda: self.receipt_requested.emit(case.id))
        doc_buttons.addWidget(receipt)

        # Materials still to come, for 补正 completed or a re-opened case decided again.
        self.pending = QtWidgets.QListWidget()
        self.pending.setObjectName("pendingMaterials")
        pending = [m for m in case.materials if not m.received]
        for material in pending:
            entry = QtWidgets.QListWidgetItem(material.name)
            entry.setData(Qt.ItemDataRole.UserRole, material.material_id)
            entry.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.pending.addItem(entry)
        self.accept_button = QtWidgets.QPushButton(self.tr("补正材料收齐，受理 (Ctrl+Enter)"))
        self.accept_button.setObjectName("completeSupplement")
        self.supplement_button = QtWidgets.QPushButton(self.tr("补正告知 (Ctrl+B)"))
        self.supplement_button.setObjectName("detailSupplement")
        self.reject_button = QtWidgets.QPushButton(self.tr("不予受理 (Ctrl+R)"))
        self.reject_button.setObjectName("detailReject")
        self.void_button = QtWidgets.QPushButton(self.tr("作废（需主管确认）"))
        self.void_button.setObjectName("voidCase")
        self.reopen_button = QtWidgets.QPushButton(self.tr("重新开启（需主管确认）"))
        self.reopen_button.setObjectName("reopenCase")
        open_case = case.status in OPEN
        self.pending_box = QtWidgets.QGroupBox(self.tr("待收材料（勾选已收到的）"))
        pending_layout = QtWidgets.QVBoxLayout(self.pending_box)
        pending_layout.addWidget(self.pending)
        decide_row = QtWidgets.QHBoxLayout()
        for button in (self.reject_button, self.supplement_button, self.accept_button):
            decide_row.addWidget(button)
        pending_layout.addLayout(decide_row)
        self.pending_box.setVisible(open_case)
        self.supplement_button.setVisible(case.status is CaseStatus.DRAFT and bool(pending))
        self.void_button.setVisible(case.status in VOIDABLE)
        self.reopen_button.setVisible(case.status in REOPENABLE)

        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.void_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.reopen_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(body, 3)
        layout.addWidget(self.pending_box)
        layout.addWidget(QtWidgets.QLabel(self.tr("文书")))
        layout.addWidget(self.documents, 1)
        layout.addLayout(doc_buttons)
        layout.addWidget(QtWidgets.QLabel(self.tr("办理过程")))
        layout.addWidget(timeline, 2)
        layout.addWidget(buttons)

        self.pending.itemChanged.connect(lambda _e: self._update())
        self.accept_button.clicked.connect(lambda: self._decide(CaseStatus.ACCEPTED))
        self.supplement_button.clicked.connect(lambda: self._decide(CaseStatus.SUPPLEMENT_REQUESTED))
        self.reject_button.clicked.connect(lambda: self._decide(CaseStatus.REJECTED))
        self.void_button.clicked.connect(lambda: self.supervise_requested.emit(case.id, CaseStatus.VOIDED))
        self.reopen_button.clicked.connect(lambda: self.supervise_requested.emit(case.id, CaseStatus.DRAFT))
        if open_case:
            for keys, status in (
                ("Ctrl+Return", CaseStatus.ACCEPTED),
                ("Ctrl+Enter", CaseStatus.ACCEPTED),
                ("Ctrl+B", CaseStatus.SUPPLEMENT_REQUESTED),
                ("Ctrl+R", CaseStatus.REJECTED),
            ):
                QtGui.QShortcut(QtGui.QKeySequence(keys), self, lambda s=status: self._decide(s))
        self._update()

    def received(self) -> frozenset[str]:
        return frozenset(
            str(self.pending.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.pending.count())
            if self.pending.item(row).checkState() == Qt.CheckState.Checked
        )

    def _update(self) -> None:
        complete = len(self.received()) == self.pending.count()
        self.accept_button.setEnabled(complete)
        if self.case.status is CaseStatus.DRAFT:
            self.accept_button.setText(self.tr("受理 (Ctrl+Enter)"))

    def _decide(self, status: CaseStatus) -> None:
        if self.case.status not in OPEN:
            return
        if status is CaseStatus.ACCEPTED and not self.accept_button.isEnabled():
            return
        if status is CaseStatus.SUPPLEMENT_REQUESTED and not self.supplement_button.isVisible():
            return
        self.decide_requested.emit(self.case.id, status, self.received())

    def _emit_document(self, signal: object) -> None:
        entry = self.documents.currentItem()
        if entry is not None:
            signal.emit(int(entry.data(Qt.ItemDataRole.UserRole)))  # type: ignore[attr-defined]

    def _html(self, case: CaseSnapshot) -> str:
        a = case.applicant
        rows = [
            (
                self.tr("办件编号"),
                case.number + (f"（{case.official_number}）" if case.official_number else ""),
            ),
            (self.tr("状态"), status_label(case.status)),
            (self.tr("申请人"), a.name),
            (self.tr("证件号码"), masked_id(a.id_number)),
            (self.tr("联系电话"), a.phone),
            (self.tr("受理窗口"), f"{case.window}　{case.clerk_name}"),
            (
                self.tr("收件时间"),
                (case.received_at or case.created_at).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"),
            ),
            (
                self.tr("决定时间"),
                (case.decided_at or case.created_at).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"),
            ),
        ]
        if case.agent is not None:
            rows.append((self.tr("代办人"), f"{case.agent.name}（{masked_id(case.agent.id_number)}）"))
        if case.status is CaseStatus.SUPPLEMENT_REQUESTED and case.supplement_due is not None:
            rows.append((self.tr("补正期限"), case.supplement_due.isoformat()))
        if case.delivery:
            d = case.delivery
            how = (
                self.tr("邮寄：{0} {1}").format(d.get("courier", ""), d.get("tracking_number", ""))
                if d.get("method") == "post"
                else self.tr("窗口领取：{0}").format(d.get("receiver", ""))
            )
            rows.append((self.tr("出件"), how))
        html = ["<table cellpadding=4>"]
        html += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in rows]
        html.append("</table>")
        for item in case.items:
            provisional = self.tr("（暂定）") if item.deadline_provisional else ""
            legal = item.legal_due.isoformat() if item.legal_due else self.tr("无")
            promised = item.promised_due.isoformat() if item.promised_due else "—"
            html.append(
                f"<p><b>{escape(item.name)}</b>　{escape(item.department)}<br>"
                + escape(self.tr("法定办结：{0}　承诺办结：{1}{2}").format(legal, promised, provisional))
                + "</p>"
            )
        html.append(f"<p><b>{escape(self.tr('材料'))}</b></p><ul>")
        for m in case.materials:
            mark = "✓" if m.received else "✗"
            html.append(f"<li>{mark} {escape(m.name)}</li>")
        html.append("</ul>")
        return "".join(html)
