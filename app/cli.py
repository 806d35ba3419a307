"""Headless commands for IT staff (everything the GUI does not need to be open for)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from app.domain.errors import DomainError, EnvironmentFailure
from app.settings import Settings, SettingsError, load_settings


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


def sync_once(settings: Settings) -> int:
    """`main.py sync --once`: drain the outbox and pull changes without the UI (cron, IT diagnostics).

    Uses the platform session saved by the last clerk login; exit 0 when nothing is left to send, 1 when
    items remain (offline, login needed, or refused items), 2 when it cannot run at all.
    """
    from app.services.workspace import Workspace

    try:
        workspace = Workspace.open(settings)
    except EnvironmentFailure as exc:
        print(f"cannot sync: {exc}", file=sys.stderr)
        return 2
    try:
        if workspace.sync is None:
            print("no platform configured ([platform] url in the site configuration)", file=sys.stderr)
            return 2
        status = workspace.sync.drain_once()
    finally:
        workspace.close()
    print(
        f"connectivity: {status.connectivity.value}; pending: {status.pending}; failed: {status.failed}; "
        f"official numbers left: {status.numbers_left}"
    )
    if status.last_error:
        print(f"last problem: {status.last_error}")
    return 0 if status.pending == 0 and status.failed == 0 else 1


def register_terminal(settings: Settings, token: str) -> int:
    """`main.py register --token TOKEN`: enroll this terminal with the platform, once."""
    from app.services.enrollment import register
    from app.services.workspace import Workspace
    from app.sync.client import PlatformError

    if not settings.platform.url:
        print(f"{settings.source}: platform.url: needed to register the terminal", file=sys.stderr)
        return 2
    try:
        workspace = Workspace.open(settings)
    except EnvironmentFailure as exc:
        print(f"cannot register: {exc}", file=sys.stderr)
        return 2
    try:
        assert workspace.sync is not None
        client = workspace.sync.new_client()
        try:
            done = register(workspace.store, client, token, workspace.clock, settings.registration_file)
        finally:
            client.close()
    except PlatformError as exc:
        print(f"registration refused or platform unreachable: {exc}", file=sys.stderr)
        return 1
    finally:
        workspace.close()
    print(f"registered as terminal {done.terminal_code}")
    print(f"official numbers {done.block_first}-{done.block_last} reserved")
    print(f"terminal code saved in {settings.registration_file}")
    return 0


def _it_actor() -> str:
    return f"it:{getpass.getuser()}"


def purge(*, demo: bool) -> int:
    """`main.py purge`: the retention purge now (the app also runs it at start-up and daily)."""
    from app.services.workspace import Workspace

    try:
        workspace = Workspace.open(load_settings(demo=demo))
    except (SettingsError, EnvironmentFailure) as exc:
        print(f"cannot purge: {exc}", file=sys.stderr)
        return 2
    try:
        report = workspace.retention.run_once(actor=_it_actor())
        days = workspace.settings.retention.case_days
    finally:
        workspace.close()
    print(
        f"purged {report.cases} case(s) confirmed by the platform more than {days} days ago "
        f"and {report.files} attachment file(s); {report.waiting} older case(s) kept because the platform "
        f"has not confirmed everything of them; {report.logs} old log file(s) removed"
    )
    return 0


def support_bundle(target: str, *, demo: bool) -> int:
    """`main.py support-bundle OUT.zip`: logs, versions, queue in numbers, device report, doctor output;
    never the database or attachments; personal data redacted."""
    from app import support

    try:
        settings = load_settings(demo=demo)
    except SettingsError as exc:
        print(f"cannot read the settings: {exc}", file=sys.stderr)
        return 2
    path = Path(target).expanduser().absolute()
    try:
        support.build_standalone(settings, path, _it_actor())
    except OSError as exc:
        print(f"cannot write {path}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"support bundle written to {path}")
    return 0


def _read_password(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("again: ") != first:
        raise DomainError("the two entries differ")
    return first


def clerk(action: str, login: str, *, name: str, role: str, demo: bool, password_stdin: bool) -> int:
    """`main.py clerk add LOGIN --name 姓名 [--role clerk|supervisor|admin]` and `main.py clerk passwd LOGIN`:
    local accounts for halls without platform logins; passwords must meet [security] min_password_length
    and mix three kinds of characters."""
    from app.services.workspace import Workspace
    from app.store.clerks import Role

    try:
        workspace = Workspace.open(load_settings(demo=demo))
    except (SettingsError, EnvironmentFailure) as exc:
        print(f"cannot open the data directory: {exc}", file=sys.stderr)
        return 2
    try:
        if action == "add":
            password = _read_password(f"password for {login}: ", password_stdin)
            workspace.security.add_local_clerk(
                login=login, display_name=name or login, role=Role(role), password=password, actor=_it_actor()
            )
            print(f"local account {login} ({role}) created")
            return 0
        old = _read_password(f"current password of {login}: ", password_stdin)
        new = _read_password(f"new password for {login}: ", password_stdin)
        result = workspace.security.change_password(login, old, new)
        if result.identity is None:
            print(f"refused: {result.refusal}", file=sys.stderr)
            return 1
        print(f"password of {login} changed")
        return 0
    except DomainError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    finally:
        workspace.close()
