"""The workstation's devices, built from the [devices] settings: the ID-card station and the PC/SC station.

The UI hands in its listeners (a Qt bridge); this module picks the driver (none, GA/T 467 on a serial port,
a vendor SDT library, or the demo's simulated reader) and the photo decoder, and starts and stops the buses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from app.devices.idcard.photo import NoPhotoDecoder, PhotoDecoder, WltLibraryDecoder
from app.devices.idcard.probe import SerialReader
from app.devices.idcard.reader import FrameRecord, Ga467Reader
from app.devices.idcard.sdt import SdtReader
from app.devices.idcard.station import CardListener, IdCardDriver, IdCardStation
from app.devices.idcard.transports import SimulatedTransport
from app.devices.pcsc.plugins import PluginLoadError, load_plugins
from app.devices.pcsc.station import PcscListener, PcscStation
from app.devices.simulator import Ga467Simulator
from app.settings import DeviceSettings

log = logging.getLogger(__name__)
FrameSink = Callable[[FrameRecord], None]


def build_idcard_driver(
    devices: DeviceSettings, on_frame: FrameSink, simulator: Ga467Simulator | None
) -> IdCardDriver | None:
    driver = devices.idcard_driver
    if driver == "simulated":
        assert simulator is not None
        return Ga467Reader(SimulatedTransport(simulator), on_frame=on_frame)
    if driver == "ga467":
        port = None if devices.idcard_port in ("", "auto") else devices.idcard_port
        return SerialReader(port, devices.idcard_baud or None, on_frame=on_frame)
    if driver == "sdt":
        return SdtReader(Path(devices.sdt_library), devices.sdt_port)
    return None


def build_photo_decoder(devices: DeviceSettings) -> PhotoDecoder:
    if not devices.photo_decoder:
        return NoPhotoDecoder()
    try:
        return WltLibraryDecoder(Path(devices.photo_decoder))
    except (OSError, AttributeError) as exc:
        log.warning("photo decoder not loaded (%s); photos will show as not decodable", exc)
        return NoPhotoDecoder()


class DeviceHub:
    """Owns the device stations; `start()` after the UI listens, `stop()` joins every device thread."""

    def __init__(
        self,
        devices: DeviceSettings,
        card_listener: CardListener,
        pcsc_listener: PcscListener,
        on_frame: FrameSink,
    ) -> None:
        self.settings = devices
        self._on_frame = on_frame
        # The simulated reader exists whatever the driver, so the demo's 放置证件 can switch to it.
        self.simulator = Ga467Simulator()
        self.idcard = IdCardStation(
            build_idcard_driver(devices, on_frame, self.simulator),
            card_listener,
            photo_decoder=build_photo_decoder(devices),
        )
        self.pcsc: PcscStation | None = None
        self.plugin_problem = ""
        if devices.pcsc:
            try:
                plugins = tuple(load_plugins(devices.city_plugins))
            except PluginLoadError as exc:
                log.error("city card plug-in not loaded: %s", exc)
                self.plugin_problem = str(exc)
                plugins = ()
            self.pcsc = PcscStation(pcsc_listener, reader_filter=devices.pcsc_reader, plugins=plugins)

    @property
    def simulated(self) -> bool:
        return self.settings.idcard_driver == "simulated"

    def start(self) -> None:
        self.idcard.start()
        if self.pcsc is not None:
            self.pcsc.start()

    def reconfigure(self, devices: DeviceSettings) -> None:
        """Switch the ID-card reader to new settings (the settings page saved); PC/SC stays as it is."""
        self.settings = devices
        self.idcard.replace_driver(
            build_idcard_driver(devices, self._on_frame, self.simulator), build_photo_decoder(devices)
        )

    def stop(self) -> None:
        self.idcard.stop()
        if self.pcsc is not None:
            self.pcsc.stop()
