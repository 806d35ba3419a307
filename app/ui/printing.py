"""Qt's print support at the desk: which printer (QPrinterInfo lists the CUPS queues / Windows printers),
the in-app preview (QtPdf, from memory), and printing through QPrinter where CUPS's lp is absent."""

from __future__ import annotations

from app.ui.qt import QtCore, QtGui, QtPdf, QtPdfWidgets, QtPrintSupport, QtWidgets


def printer_names() -> list[str]:
    return list(QtPrintSupport.QPrinterInfo.availablePrinterNames())


def resolve_printer(configured: str) -> str:
    """The configured printer if it exists, else the system default ("" when there is none)."""
    names = printer_names()
    if configured and configured in names:
        return configured
    if configured:
        return configured  # let the spooler refuse it by name: the clerk learns which one is missing
    return QtPrintSupport.QPrinterInfo.defaultPrinterName() or (names[0] if names else "")


def _document(pdf: bytes, parent: QtCore.QObject) -> QtPdf.QPdfDocument:
    """A PDF opened from memory: the decrypted notice never becomes a plaintext file."""
    document = QtPdf.QPdfDocument(parent)
    buffer = QtCore.QBuffer(document)
    buffer.setData(QtCore.QByteArray(pdf))
    buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


class QtPrinterSpooler:
    """Renders each page with QtPdf at the printer's resolution onto a QPrinter (Windows and any system
    without CUPS's lp). The job id is the document name: Qt does not report the spooler's."""

    def submit(self, printer: str, title: str, pdf: bytes) -> str:
        from app.domain.errors import EnvironmentFailure, FailureKind

        holder = QtCore.QObject()
        document = _document(pdf, holder)
        if document.status() != QtPdf.QPdfDocument.Status.Ready:
            raise EnvironmentFailure(FailureKind.DEVICE_UNAVAILABLE, "pdf not readable")
        device = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
        device.setPrinterName(printer)
        device.setDocName(title)
        device.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4))
        device.setFullPage(True)
        if not device.isValid():
            raise EnvironmentFailure(FailureKind.DEVICE_UNAVAILABLE, f"no printer {printer}")
        painter = QtGui.QPainter()
        if not painter.begin(device):
            raise EnvironmentFailure(FailureKind.DEVICE_UNAVAILABLE, f"printer {printer} refused")
        try:
            target = device.pageRect(QtPrintSupport.QPrinter.Unit.DevicePixel).toRect()
            for page in range(document.pageCount()):
                if page:
                    device.newPage()
                image = document.render(page, target.size())
                painter.drawImage(target, image)
        finally:
            painter.end()
        return title


class PreviewDialog(QtWidgets.QDialog):
    """The notice as it will print, page after page; Ctrl+P prints it, Esc closes."""

    def __init__(self, title: str, pdf: bytes, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticePreview")
        self.setWindowTitle(self.tr("预览：{0}").format(title))
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(820, 960)
        self.document = _document(pdf, self)
        self.view = QtPdfWidgets.QPdfView(self)
        self.view.setObjectName("noticePreviewView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QtPdfWidgets.QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QtPdfWidgets.QPdfView.ZoomMode.FitToWidth)
        self.print_button = QtWidgets.QPushButton(self.tr("打印 (Ctrl+P)"))
        self.print_button.setObjectName("previewPrint")
        close = QtWidgets.QPushButton(self.tr("关闭 (Esc)"))
        close.clicked.connect(self.reject)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel(self.tr("共 {0} 页").format(self.document.pageCount())), 1)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        QtGui.QShortcut(QtGui.QKeySequence("Ctrl+P"), self, self.print_button.click)

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())
