"""The case list: a thin model over case ids with rows fetched lazily, and its filter bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from app.domain.case import CaseStatus
from app.domain.clock import CHINA_TZ
from app.store.cases import CaseFilter, CaseListRow
from app.ui.messages import masked_id, status_label
from app.ui.qt import QtCore, QtWidgets, Signal

FetchIds = Callable[[CaseFilter], list[str]]
FetchRows = Callable[[Sequence[str]], list[CaseListRow]]

PAGE = 200
Qt = QtCore.Qt


class CaseListModel(QtCore.QAbstractTableModel):
    """Rows are fetched a page at a time as the view scrolls (Qt's Fetch More pattern)."""

    HEADERS = (
        QtCore.QT_TRANSLATE_NOOP("CaseListModel", "办件编号"),
        QtCore.QT_TRANSLATE_NOOP("CaseListModel", "申请人"),
        QtCore.QT_TRANSLATE_NOOP("CaseListModel", "证件号码"),
        QtCore.QT_TRANSLATE_NOOP("CaseListModel", "申报事项"),
        QtCore.QT_TRANSLATE_NOOP("CaseListModel", "状态"),
        QtCore.QT_TRANSLATE_NOOP("CaseListModel", "受理时间"),
        QtCore.QT_TRANSLATE_NOOP("CaseListModel", "承诺办结"),
    )

    def __init__(
        self, fetch_ids: FetchIds, fetch_rows: FetchRows, parent: QtCore.QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._fetch_ids = fetch_ids
        self._fetch_rows = fetch_rows
        self._filter = CaseFilter()
        self._ids: list[str] = []
        self._shown = 0
        self._rows: dict[str, CaseListRow] = {}

    # -- loading
    def set_filter(self, flt: CaseFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = self._fetch_ids(self._filter)
        self._rows.clear()
        self._shown = min(PAGE, len(self._ids))
        self.endResetModel()

    def canFetchMore(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> None:
        if parent.isValid():
            return
        more = min(PAGE, len(self._ids) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QtCore.QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def total(self) -> int:
        return len(self._ids)

    def case_id(self, row: int) -> str:
        return self._ids[row]

    def row_for(self, row: int) -> CaseListRow | None:
        case_id = self._ids[row]
        if case_id not in self._rows:
            start = row - row % PAGE
            page = self._ids[start : start + PAGE]
            self._rows.update({r.id: r for r in self._fetch_rows(page)})
        return self._rows.get(case_id)

    # -- Qt model interface
    def rowCount(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QtCore.QCoreApplication.translate("CaseListModel", self.HEADERS[section])
        return None

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_for(index.row())
        if row is None:  # deleted since the id list was read
            return None
        due = "" if row.promised_due is None else row.promised_due.isoformat()
        if row.deadline_provisional and due:
            due += QtCore.QCoreApplication.translate("CaseListModel", "（暂定）")
        values = (
            row.number,
            row.applicant_name,
            masked_id(row.applicant_id_number),
            row.title,
            status_label(row.status),
            row.created_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"),
            due,
        )
        return values[index.column()]


class CaseListPage(QtWidgets.QWidget):
    """Filter by date, status and text; Enter or double-click opens the case."""

    case_opened = Signal(str)

    PERIODS = (
        (QtCore.QT_TRANSLATE_NOOP("CaseListPage", "今天"), 0),
        (QtCore.QT_TRANSLATE_NOOP("CaseListPage", "近7天"), 7),
        (QtCore.QT_TRANSLATE_NOOP("CaseListPage", "近30天"), 30),
        (QtCore.QT_TRANSLATE_NOOP("CaseListPage", "全部"), -1),
    )

    def __init__(self, model: CaseListModel, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.setObjectName("caseListPage")
        self._model = model
        self._today = today

        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(self.tr("办件编号、申请人姓名或证件号码"))
        self.search.setClearButtonEnabled(True)
        self.period = QtWidgets.QComboBox()
        self.period.setObjectName("casePeriod")
        for label, days in self.PERIODS:
            self.period.addItem(QtCore.QCoreApplication.translate("CaseListPage", label), days)
        self.period.setCurrentIndex(1)
        self.status = QtWidgets.QComboBox()
        self.status.setObjectName("caseStatus")
        self.status.addItem(self.tr("全部状态"), None)
        for status in CaseStatus:
            if status is not CaseStatus.DRAFT:
                self.status.addItem(status_label(status), status)
        self.count_label = QtWidgets.QLabel()

        self.table = QtWidgets.QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: ResizeToContents would measure every row and stall on large lists.
        vertical.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 90, 170, 320, 90, 140)):
            self.table.setColumnWidth(column, width)

        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(QtWidgets.QLabel(self.tr("查找(&F)")))
        bar.itemAt(0).widget().setBuddy(self.search)  # type: ignore[union-attr]
        bar.addWidget(self.search, 1)
        bar.addWidget(self.period)
        bar.addWidget(self.status)
        bar.addWidget(self.count_label)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self._debounce = QtCore.QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._open_first_or_current)
        self.period.currentIndexChanged.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.table.activated.connect(lambda index: self.case_opened.emit(model.case_id(index.row())))

    def current_filter(self) -> CaseFilter:
        days = self.period.currentData()
        since = None
        if days is not None and days >= 0:
            start = self._today() - dt.timedelta(days=days)
            since = dt.datetime.combine(start, dt.time(0, 0), CHINA_TZ)
        status = self.status.currentData()
        return CaseFilter(
            since=since,
            statuses=frozenset({status}) if status is not None else frozenset(),
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        self._model.set_filter(self.current_filter())
        self.count_label.setText(self.tr("共 {0} 件").format(self._model.total()))
        if self._model.rowCount():
            self.table.selectRow(0)

    def refresh(self) -> None:
        self.apply_filter()

    def _open_first_or_current(self) -> None:
        self._debounce.stop()
        self.apply_filter()
        index = self.table.currentIndex()
        if index.isValid():
            self.case_opened.emit(self._model.case_id(index.row()))
