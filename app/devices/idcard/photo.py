"""The card photo: WLT-compressed and proprietary, so decoding is a plug-in (a vendor library via ctypes).

Without a decoder the workstation works as usual; the clerk sees that the decoder is not installed.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

BMP_SIZE = 38_862  # 102 x 126 px, 24 bit, rows padded to 308 bytes, plus the 54-byte header (spec §3.10)


class PhotoStatus(StrEnum):
    DECODED = "decoded"
    NO_DECODER = "no_decoder"  # 未安装照片解码组件: not an error
    NO_PHOTO = "no_photo"
    FAILED = "failed"


@dataclass(frozen=True)
class Photo:
    status: PhotoStatus
    bmp: bytes = field(default=b"", repr=False)


class PhotoDecoder(Protocol):
    def decode(self, wlt: bytes) -> Photo: ...


class NoPhotoDecoder:
    def decode(self, wlt: bytes) -> Photo:
        return Photo(PhotoStatus.NO_DECODER if wlt else PhotoStatus.NO_PHOTO)


class WltLibraryDecoder:
    """A vendor decoder library with the common `int unpack(char *wlt, char *bmp, int mode)` entry point
    (mode 708: write a BMP into the buffer; 1 means success). The symbol name is configurable."""

    def __init__(self, library: Path, symbol: str = "unpack", mode: int = 708) -> None:
        self.library = library
        self._lib = ctypes.CDLL(str(library))  # OSError when missing: the composition root reports it
        self._unpack = getattr(self._lib, symbol)
        self._unpack.restype = ctypes.c_int
        self._unpack.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        self._mode = mode

    def decode(self, wlt: bytes) -> Photo:
        if not wlt:
            return Photo(PhotoStatus.NO_PHOTO)
        source = ctypes.create_string_buffer(wlt, max(len(wlt), 1024))
        target = ctypes.create_string_buffer(BMP_SIZE)
        if self._unpack(source, target, self._mode) != 1:
            return Photo(PhotoStatus.FAILED)
        bmp = target.raw
        if bmp[:2] != b"BM":
            return Photo(PhotoStatus.FAILED)
        return Photo(PhotoStatus.DECODED, bmp)
