"""Command line and composition root: `main.py [--demo]` runs the app, `main.py doctor` checks this machine.

In demo mode the reference platform (refplatform/) runs in this process on loopback over HTTPS with a
CA made at start-up, and the app syncs with it like with a province's platform.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.settings import Settings

DEMO_ADVANCE_SECONDS = 15.0  # a demo case moves 审查 → 审批 → 办结 within a minute


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="window acceptance workstation")
    parser.add_argument("--demo", action="store_true", help="run on embedded demo defaults")
    sub = parser.add_subparsers(dest="command")
    doctor = sub.add_parser("doctor", help="health report for IT staff; non-zero exit when broken")
    doctor.add_argument("--demo", action="store_true", dest="demo_sub", help="check the demo data directory")
    calendar = sub.add_parser("calendar", help="import a holiday override table (JSON) and recount deadlines")
    calendar.add_argument("action", choices=["import"])
    calendar.add_argument("file")
    calendar.add_argument("--demo", action="store_true", dest="demo_sub", help="use the demo data directory")
    register = sub.add_parser("register", help="enroll this terminal with the platform (once, by IT staff)")
    register.add_argument("--token", required=True, help="the enrollment token from the platform")
    register.add_argument("--demo", action="store_true", dest="demo_sub", help="use the demo data directory")
    sync = sub.add_parser("sync", help="drain the outbox and pull changes without the UI")
    sync.add_argument("--once", action="store_true", required=True, help="one pass, then exit")
    sync.add_argument("--demo", action="store_true", dest="demo_sub", help="use the demo data directory")
    purge = sub.add_parser(
        "purge", help="remove cases past [retention] case_days that the platform confirmed"
    )
    purge.add_argument("--demo", action="store_true", dest="demo_sub", help="use the demo data directory")
    bundle = sub.add_parser(
        "support-bundle", help="a zip for IT: logs, versions, queue counts, doctor; no case data"
    )
    bundle.add_argument("file", help="the .zip to write")
    bundle.add_argument("--demo", action="store_true", dest="demo_sub", help="use the demo data directory")
    clerk = sub.add_parser("clerk", help="local accounts: add one, or change a password")
    clerk.add_argument("action", choices=["add", "passwd"])
    clerk.add_argument("login")
    clerk.add_argument("--name", default="", help="display name (add)")
    clerk.add_argument("--role", choices=["clerk", "supervisor", "admin"], default="clerk")
    clerk.add_argument(
        "--password-stdin", action="store_true", help="read the password(s) from stdin, one per line"
    )
    clerk.add_argument("--demo", action="store_true", dest="demo_sub", help="use the demo data directory")
    return parser


class DemoPlatform:
    """The reference platform for the demo, on a port chosen up front so that the settings can name it
    before the server starts; the GUI starts it behind the login window (it takes a second or two)."""

    def __init__(self, settings: Settings, advance_every: float = DEMO_ADVANCE_SECONDS) -> None:
        import socket

        from refplatform.config import PlatformConfig, seed_demo

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.config = PlatformConfig(
            data_dir=settings.data_dir.parent / f"{settings.data_dir.name}-platform",
            seed=seed_demo(),
            advance_every=advance_every,
            https=True,
        )
        self.settings = replace(
            settings,
            platform=replace(
                settings.platform, url=f"https://127.0.0.1:{self.port}", ca_bundle=self.config.ca_bundle
            ),
        )
        self.server: object | None = None

    def start(self) -> None:
        from refplatform.server import PlatformServer

        self.server = PlatformServer(self.config, port=self.port).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()  # type: ignore[attr-defined]


@contextmanager
def demo_platform(settings: Settings) -> Iterator[DemoPlatform]:
    platform = DemoPlatform(settings)
    try:
        yield platform
    finally:
        platform.stop()


def _it_command(args: argparse.Namespace, demo: bool) -> int | None:
    """The headless commands for IT staff; None for the GUI and `sync`."""
    if args.command == "doctor":
        from app.doctor import run_doctor

        return run_doctor(demo=demo)
    if args.command == "calendar":
        from app.cli import import_calendar

        return import_calendar(args.file, demo=demo)
    if args.command == "purge":
        from app.cli import purge

        return purge(demo=demo)
    if args.command == "support-bundle":
        from app.cli import support_bundle

        return support_bundle(args.file, demo=demo)
    if args.command == "clerk":
        from app.cli import clerk

        return clerk(
            args.action,
            args.login,
            name=args.name,
            role=args.role,
            demo=demo,
            password_stdin=args.password_stdin,
        )
    return None


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    from app.signals import shield_sigpipe

    multiprocessing.freeze_support()  # the frozen app starts its scanner worker from its own executable
    shield_sigpipe()  # before any thread starts
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    demo = bool(args.demo or getattr(args, "demo_sub", False))
    code = _it_command(args, demo)
    if code is not None:
        return code

    from app.settings import SettingsError, load_settings

    try:
        settings = load_settings(demo=demo)
    except SettingsError as exc:
        print(f"配置错误 / configuration error: {exc}", file=sys.stderr)
        return 2
    if args.command == "register":
        from app.cli import register_terminal

        return register_terminal(settings, args.token)
    return _run(args.command, settings, demo=demo)


def _run(command: str | None, settings: Settings, *, demo: bool) -> int:
    """The GUI, or `sync --once`; in demo mode with the in-process reference platform."""
    if command == "sync":
        from app.cli import sync_once

        if not demo or not _reference_platform_available():
            return sync_once(settings)
        with demo_platform(settings) as platform:
            platform.start()
            return sync_once(platform.settings)
    from app.ui.launcher import run_gui

    if not demo or not _reference_platform_available():
        return run_gui(settings)
    with demo_platform(settings) as platform:
        return run_gui(platform.settings, start_services=platform.start)


def _reference_platform_available() -> bool:
    """The installed packages leave the reference platform out; their demo then works without sync."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("refplatform", "fastapi"))


if __name__ == "__main__":
    sys.exit(main())
