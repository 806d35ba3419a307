"""Document cameras (高拍仪): the interface the UI implements with Qt Multimedia (UVC cameras).

Live preview is a widget, so the implementation lives in app/ui; what the rest of the app relies on is
this: list the cameras, open one, capture a still into memory, close it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from app.devices.scanning.source import AcquiredPage


class CameraProblem(StrEnum):
    NONE_FOUND = "none_found"  # no camera attached
    BUSY = "busy"  # another program uses it
    FAILED = "failed"  # the camera reported an error
    NOT_READY = "not_ready"  # no frame yet (still starting)
    NOT_INSTALLED = "not_installed"  # this machine lacks a system library that camera support loads


@dataclass(frozen=True)
class CameraInfo:
    id: str
    description: str


class DocumentCamera(Protocol):
    def cameras(self) -> list[CameraInfo]: ...
    def open(self, camera_id: str | None) -> None:
        """Start the camera (None: the configured or the default one) and its preview."""

    def capture(
        self, on_page: Callable[[AcquiredPage], None], on_problem: Callable[[CameraProblem, str], None]
    ) -> None:
        """Take a still from the running camera into memory; exactly one of the callbacks is called."""

    def close(self) -> None: ...
