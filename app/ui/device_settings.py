"""The device settings page: which ID-card reader (driver), its port and baud rate, the vendor library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from app.settings import BAUD_RATES, DeviceSettings, SettingsError
from app.ui.qt import QtCore, QtWidgets

DRIVER_LABELS = (
    ("none", QtCore.QT_TRANSLATE_NOOP("DeviceSettingsDialog", "不使用读卡器（手工录入）")),
    ("ga467", QtCore.QT_TRANSLATE_NOOP("DeviceSettingsDialog", "GA/T 467 读卡器（串口 / USB 虚拟串口）")),
    ("sdt", QtCore.QT_TRANSLATE_NOOP("DeviceSettingsDialog", "厂商 SDT 动态库（sdtapi / termb）")),
    ("simulated", QtCore.QT_TRANSLATE_NOOP("DeviceSettingsDialog", "模拟读卡器（演示、培训）")),
)


class DeviceSettingsDialog(QtWidgets.QDialog):
    """Edits a DeviceSettings; `save` checks and stores it (raising SettingsError with the key at fault)."""

    def __init__(
        self,
        current: DeviceSettings,
        ports: list[str],
        save: Callable[[DeviceSettings], object],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deviceSettings")
        self.setWindowTitle(self.tr("设备设置"))
        self._current = current
        self._save = save

        self.driver = QtWidgets.QComboBox()
        self.driver.setObjectName("deviceDriver")
        for value, label in DRIVER_LABELS:
            self.driver.addItem(QtCore.QCoreApplication.translate("DeviceSettingsDialog", label), value)
        self.driver.setCurrentIndex(max(self.driver.findData(current.idcard_driver), 0))

        self.port = QtWidgets.QComboBox()
        self.port.setObjectName("devicePort")
        self.port.setEditable(True)
        self.port.addItem(self.tr("自动查找"), "auto")
        for port in ports:
            self.port.addItem(port, port)
        if current.idcard_port in ("", "auto"):
            self.port.setCurrentIndex(0)
        else:
            self.port.setCurrentText(current.idcard_port)

        self.baud = QtWidgets.QComboBox()
        self.baud.setObjectName("deviceBaud")
        self.baud.addItem(self.tr("自动查找"), 0)
        for rate in BAUD_RATES:
            self.baud.addItem(str(rate), rate)
        self.baud.setCurrentIndex(max(self.baud.findData(current.idcard_baud), 0))

        self.library = QtWidgets.QLineEdit(current.sdt_library)
        self.library.setObjectName("deviceLibrary")
        self.library.setPlaceholderText(
            self.tr("例如 /opt/reader/libsdtapi.so 或 C:\\\\reader\\\\sdtapi.dll")
        )
        browse = QtWidgets.QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        library_row = QtWidgets.QHBoxLayout()
        library_row.addWidget(self.library, 1)
        library_row.addWidget(browse)
        self.sdt_port = QtWidgets.QSpinBox()
        self.sdt_port.setObjectName("deviceSdtPort")
        self.sdt_port.setRange(1, 9999)
        self.sdt_port.setValue(current.sdt_port)
        self.sdt_port.setToolTip(self.tr("1–16 为串口，1001–1016 为USB"))
        self.photo = QtWidgets.QLineEdit(current.photo_decoder)
        self.photo.setObjectName("devicePhotoDecoder")
        self.photo.setPlaceholderText(self.tr("照片解码库（可选），例如 libwlt2bmp.so"))
        self.pcsc = QtWidgets.QCheckBox(self.tr("监视社保卡 / 市民卡读卡器（PC/SC）"))
        self.pcsc.setObjectName("devicePcsc")
        self.pcsc.setChecked(current.pcsc)

        self.problem = QtWidgets.QLabel()
        self.problem.setObjectName("deviceSettingsProblem")
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.setWordWrap(True)
        self.problem.hide()

        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("身份证读卡器(&D)"), self.driver)
        form.addRow(self.tr("端口(&P)"), self.port)
        form.addRow(self.tr("波特率(&B)"), self.baud)
        library_label = QtWidgets.QLabel(self.tr("SDT 动态库(&L)"))
        library_label.setBuddy(self.library)
        form.addRow(library_label, library_row)
        form.addRow(self.tr("SDT 端口号"), self.sdt_port)
        form.addRow(self.tr("照片解码库"), self.photo)
        form.addRow("", self.pcsc)
        note = QtWidgets.QLabel(self.tr("保存后立即切换读卡器；社保卡读卡器的变更在下次启动时生效。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.driver.currentIndexChanged.connect(self._update_enabled)
        self._update_enabled()

    def _browse(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, self.tr("选择 SDT 动态库"))
        if path:
            self.library.setText(path)

    def _update_enabled(self) -> None:
        driver = self.driver.currentData()
        for widget in (self.port, self.baud):
            widget.setEnabled(driver == "ga467")
        for widget in (self.library, self.sdt_port):
            widget.setEnabled(driver == "sdt")

    def chosen(self) -> DeviceSettings:
        port_text = self.port.currentText().strip()
        port = "auto" if port_text in ("", self.tr("自动查找")) else port_text
        return replace(
            self._current,
            idcard_driver=str(self.driver.currentData()),
            idcard_port=port,
            idcard_baud=int(self.baud.currentData()),
            sdt_library=self.library.text().strip(),
            sdt_port=self.sdt_port.value(),
            photo_decoder=self.photo.text().strip(),
            pcsc=self.pcsc.isChecked(),
        )

    def accept(self) -> None:
        try:
            self._save(self.chosen())
        except SettingsError as exc:
            texts = {
                "devices.sdt_library": self.tr("选择厂商 SDT 驱动时，请填写动态库的路径。"),
            }
            self.problem.setText(texts.get(exc.key, self.tr("设置无效：{0}").format(exc.reason)))
            self.problem.show()
            return
        except OSError:
            self.problem.setText(self.tr("设置无法保存：数据目录不可写。请联系信息技术人员。"))
            self.problem.show()
            return
        super().accept()
