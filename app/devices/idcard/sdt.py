"""Readers that come with a vendor `SDT_*` library (sdtapi / termb), driven through ctypes.

The library does the GA/T 467 work itself; this adapter calls its entry points on the ID-card bus thread
and turns its return codes (the SW3 values, plus the SDK's own 01/02/03/05) into the station's errors.
"""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

from app.devices.errors import TransportError
from app.devices.idcard.cardtext import IdCardData, parse_card_text
from app.devices.idcard.commands import Sw3
from app.devices.idcard.frames import ProtocolError
from app.devices.idcard.reader import CardReadFailed, SamUnavailable

# Codes the SDK returns that never appear on the wire (domain spec §3.4).
SDK_BAD_PORT = 0x01
SDK_TIMEOUT = 0x02
SDK_TRANSFER_ERROR = 0x03
SDK_SAM_PORT_UNAVAILABLE = 0x05


class SdtCommunicationError(ProtocolError):
    """The SDK reports a timeout or a transfer error between the PC and the reader."""


class SdtReader:
    """`SDT_OpenPort(port)`, `SDT_StartFindIDCard`, `SDT_SelectIDCard`, `SDT_ReadBaseMsg`.

    `port`: 1-16 for serial COM ports, 1001-1016 for USB, as the vendor SDKs number them. On Windows the
    SDKs use the stdcall convention (WinDLL); elsewhere cdecl.
    """

    def __init__(self, library: Path, port: int = 1001, *, stdcall: bool | None = None) -> None:
        self.library = library
        self.port = port
        self.description = f"SDT {library.name} port {port}"
        self._stdcall = sys.platform == "win32" if stdcall is None else stdcall
        self._lib: ctypes.CDLL | None = None
        self._opened = False

    def _load(self) -> ctypes.CDLL:
        if self._lib is None:
            loader = getattr(ctypes, "WinDLL", ctypes.CDLL) if self._stdcall else ctypes.CDLL
            try:
                lib = loader(str(self.library))
                c_int, c_char_p = ctypes.c_int, ctypes.c_char_p
                lib.SDT_OpenPort.argtypes = [c_int]
                lib.SDT_ClosePort.argtypes = [c_int]
                lib.SDT_StartFindIDCard.argtypes = [c_int, c_char_p, c_int]
                lib.SDT_SelectIDCard.argtypes = [c_int, c_char_p, c_int]
                lib.SDT_ReadBaseMsg.argtypes = [
                    c_int,
                    c_char_p,
                    ctypes.POINTER(ctypes.c_uint),
                    c_char_p,
                    ctypes.POINTER(ctypes.c_uint),
                    c_int,
                ]
                for name in (
                    "SDT_OpenPort",
                    "SDT_ClosePort",
                    "SDT_StartFindIDCard",
                    "SDT_SelectIDCard",
                    "SDT_ReadBaseMsg",
                ):
                    getattr(lib, name).restype = c_int
            except (OSError, AttributeError) as exc:
                raise TransportError(f"cannot load {self.library}: {exc}") from exc
            self._lib = lib
        return self._lib

    def open(self) -> None:
        rc = self._load().SDT_OpenPort(self.port)
        if rc != Sw3.OK:
            raise TransportError(f"SDT_OpenPort({self.port}) returned {rc:#04x}")
        self._opened = True

    def close(self) -> None:
        if self._lib is not None and self._opened:
            self._lib.SDT_ClosePort(self.port)
        self._opened = False

    def sam_id(self) -> str:
        """`SDT_GetSAMIDToStr`, where the library has it (most do)."""
        if self._lib is None or not self._opened:
            raise TransportError("SDT reader not open")
        function = getattr(self._lib, "SDT_GetSAMIDToStr", None)
        if function is None:
            raise TransportError("the library has no SDT_GetSAMIDToStr")
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        function.restype = ctypes.c_int
        out = ctypes.create_string_buffer(64)
        rc = self._check(function(self.port, out, 0))
        if rc != Sw3.OK:
            raise SamUnavailable(rc)
        return out.value.decode("ascii", errors="replace")

    def _check(self, rc: int) -> int:
        if rc in (SDK_BAD_PORT, SDK_SAM_PORT_UNAVAILABLE):
            raise TransportError(f"SDK return code {rc:#04x}")
        if rc in (SDK_TIMEOUT, SDK_TRANSFER_ERROR):
            raise SdtCommunicationError(f"SDK return code {rc:#04x}")
        if rc in (Sw3.SAM_SELF_TEST_FAILED, Sw3.SAM_NOT_AUTHORISED):
            raise SamUnavailable(rc)
        return rc

    def present(self) -> bool:
        if self._lib is None or not self._opened:
            raise TransportError("SDT reader not open")
        manage = ctypes.create_string_buffer(8)
        return self._check(self._lib.SDT_StartFindIDCard(self.port, manage, 0)) == Sw3.CARD_FOUND

    def poll(self) -> IdCardData | None:
        if not self.present():
            return None
        assert self._lib is not None
        manage = ctypes.create_string_buffer(8)
        if self._check(self._lib.SDT_SelectIDCard(self.port, manage, 0)) != Sw3.OK:
            return None
        text = ctypes.create_string_buffer(512)
        photo = ctypes.create_string_buffer(2048)
        text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
        rc = self._check(
            self._lib.SDT_ReadBaseMsg(
                self.port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 0
            )
        )
        if rc != Sw3.OK:
            raise CardReadFailed(rc)
        if text_len.value > len(text) or photo_len.value > len(photo):
            raise SdtCommunicationError("SDT_ReadBaseMsg reported more bytes than its buffers hold")
        return parse_card_text(text.raw[: text_len.value], photo.raw[: photo_len.value])
