"""The embedded CJK font for printed documents, registered with reportlab once per process."""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.domain.errors import EnvironmentFailure, FailureKind

FONT_FILE = "wqy-zenhei.ttc"
FONT_NAME = "WQYZenHei"

# reportlab's font registry is global and loading the 16 MB collection takes about half a second,
# so each file is loaded once; the lock keeps two rendering threads from loading it twice.
_lock = threading.Lock()
_registered: dict[Path, str] = {}


def default_font_path() -> Path:
    """resources/fonts in a source checkout; a packaged build passes its own directory instead."""
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


def register_font(font_path: Path) -> str:
    """Load the font (a directory holding wqy-zenhei.ttc, or that file) and return its reportlab name."""
    file = (font_path / FONT_FILE if font_path.is_dir() else font_path).resolve()
    with _lock:
        name = _registered.get(file)
        if name is None:
            # A second, different file (a test or a site override) must not replace the first under one name.
            name = f"{FONT_NAME}-{len(_registered)}" if _registered else FONT_NAME
            try:
                # Face 0 of the collection is "WenQuanYi Zen Hei"; the others are its sharp and mono variants.
                font = TTFont(name, str(file), subfontIndex=0)
            except TTFError as exc:
                raise EnvironmentFailure(FailureKind.CONFIGURATION_INVALID, f"font {file}: {exc}") from exc
            pdfmetrics.registerFont(font)
            _registered[file] = name
    return name
