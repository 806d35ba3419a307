"""Command line: `main.py [--demo]` runs the app, `main.py doctor` checks this machine."""

from __future__ import annotations

import argparse
import sys


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    demo = bool(args.demo or getattr(args, "demo_sub", False))
    if args.command == "doctor":
        from app.doctor import run_doctor

        return run_doctor(demo=demo)
    if args.command == "calendar":
        from app.cli import import_calendar

        return import_calendar(args.file, demo=demo)
    from app.ui.launcher import run_gui

    return run_gui(demo=demo)


if __name__ == "__main__":
    sys.exit(main())
