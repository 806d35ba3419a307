"""Headless commands for IT staff (everything the GUI does not need to be open for)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from app.domain.errors import DomainError, EnvironmentFailure
from app.settings import SettingsError, load_settings


def import_calendar(file: str, *, demo: bool) -> int:
    """`main.py calendar import FILE`: merge a holiday override table and recount provisional deadlines."""
    from app.services.workspace import Workspace

    try:
        settings = load_settings(demo=demo)
        text = Path(file).read_text(encoding="utf-8")
        workspace = Workspace.open(settings)
    except (SettingsError, OSError, EnvironmentFailure) as exc:
        print(f"cannot import the calendar: {exc}", file=sys.stderr)
        return 2
    try:
        changed = workspace.import_calendar(text, actor=f"it:{getpass.getuser()}")
    except DomainError as exc:
        print(f"{file}: {exc}", file=sys.stderr)
        return 1
    finally:
        workspace.close()
    print(f"calendar imported from {file}; {changed} case deadline(s) are now final")
    return 0
