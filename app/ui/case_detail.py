"""One case: applicant, items and deadlines, materials, issued notices and the timeline."""

from __future__ import annotations

from html import escape

from app.domain.clock import CHINA_TZ
from app.services.notices import IssuedNotice
from app.store.cases import CaseSnapshot
from app.ui.messages import masked_id, status_label
from app.ui.qt import QtCore, QtWidgets, Signal


class CaseDetailDialog(QtWidgets.QDialog):
    export_requested = Signal(int)

    def __init__(self, case: CaseSnapshot, notices: list[IssuedNotice], parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("caseDetail")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("办件详情 — {0}").format(case.number))
        self.resize(760, 620)
        self.case = case

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

        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        for notice in notices:
            button = buttons.addButton(
                self.tr("导出受理通知书"), QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
            )
            button.setObjectName(f"exportNotice{notice.id}")
            button.clicked.connect(lambda _checked=False, n=notice.id: self.export_requested.emit(n))
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(body, 3)
        layout.addWidget(QtWidgets.QLabel(self.tr("办理过程")))
        layout.addWidget(timeline, 2)
        layout.addWidget(buttons)

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
                self.tr("受理时间"),
                (case.decided_at or case.created_at).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"),
            ),
        ]
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
