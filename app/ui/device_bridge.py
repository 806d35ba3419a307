"""The bridge from the device bus threads to the GUI: every device callback becomes a queued Qt signal.

The bridge lives on the GUI thread; the stations call its methods on their own threads, and Qt delivers
the signals to the slots on the GUI thread. Nothing here touches a widget.
"""

from __future__ import annotations

from app.devices.idcard.reader import FrameRecord
from app.devices.idcard.station import CardPlaced, ReaderState, ReadProblem
from app.devices.pcsc.station import PcscCardRead, PcscState
from app.ui.qt import QtCore, Signal


class DeviceBridge(QtCore.QObject):
    # ID-card reader
    reader_state_changed = Signal(object, str)  # ReaderState, detail
    card_placed = Signal(object)  # CardPlaced
    card_removed = Signal()
    read_failed = Signal(object, str)  # ReadProblem, detail
    frame_logged = Signal(object)  # FrameRecord (personal data masked)
    # PC/SC
    pcsc_state_changed = Signal(object, str)  # PcscState, detail
    pcsc_readers_changed = Signal(object)  # tuple[str, ...]
    pcsc_card_inserted = Signal(str, str)  # reader, ATR hex
    pcsc_card_removed = Signal(str)  # reader
    pcsc_card_identified = Signal(object)  # PcscCardRead

    def frame(self, record: FrameRecord) -> None:
        """The frame sink the GA/T 467 driver calls on the ID-card bus thread."""
        self.frame_logged.emit(record)


class _CardAdapter:
    """Maps the CardListener protocol onto the bridge's signals (names differ: signals are attributes)."""

    def __init__(self, bridge: DeviceBridge) -> None:
        self._bridge = bridge

    def reader_state_changed(self, state: ReaderState, detail: str) -> None:
        self._bridge.reader_state_changed.emit(state, detail)

    def card_placed(self, placed: CardPlaced) -> None:
        self._bridge.card_placed.emit(placed)

    def card_removed(self) -> None:
        self._bridge.card_removed.emit()

    def read_failed(self, problem: ReadProblem, detail: str) -> None:
        self._bridge.read_failed.emit(problem, detail)


class _PcscAdapter:
    def __init__(self, bridge: DeviceBridge) -> None:
        self._bridge = bridge

    def pcsc_state_changed(self, state: PcscState, detail: str) -> None:
        self._bridge.pcsc_state_changed.emit(state, detail)

    def readers_changed(self, readers: tuple[str, ...]) -> None:
        self._bridge.pcsc_readers_changed.emit(readers)

    def card_inserted(self, reader: str, atr: str) -> None:
        self._bridge.pcsc_card_inserted.emit(reader, atr)

    def card_removed(self, reader: str) -> None:
        self._bridge.pcsc_card_removed.emit(reader)

    def card_identified(self, read: PcscCardRead) -> None:
        self._bridge.pcsc_card_identified.emit(read)


def listeners(bridge: DeviceBridge) -> tuple[_CardAdapter, _PcscAdapter]:
    """The listener objects the device stations call, both feeding `bridge`."""
    return _CardAdapter(bridge), _PcscAdapter(bridge)
