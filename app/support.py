"""The support bundle for IT: `main.py support-bundle OUT.zip` (or 帮助 > 生成支持包 in the app).

A zip of what helps find a problem and nothing that identifies an applicant: the logs and crash reports
(already redacted when written, and passed through the same redaction again), versions, the effective
settings, the queue in numbers, the device report and the doctor's findings. Never the database, the
attachment files, the keystore or the platform tokens. Making one is audited.
"""

from __future__ import annotations

import dataclasses
import io
import platform
import sys
import zipfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from app.logs import LOG_FILE, redact
from app.settings import Settings

if TYPE_CHECKING:
    from app.store.local import LocalStore

PACKAGES = (
    "PySide6-Essentials",
    "SQLAlchemy",
    "alembic",
    "sqlcipher3",
    "cryptography",
    "keyring",
    "argon2-cffi",
    "requests",
    "reportlab",
    "chinesecalendar",
    "pyserial",
    "pyscard",
    "python-sane",
)

README = """yichuang-workstation support bundle

versions.txt   application, Python, operating system and library versions
settings.txt   the effective settings (site configuration and defaults); no passwords or tokens
doctor.txt     the health report (main.py doctor)
queue.txt      the outbox queue and the case store in numbers only
devices.txt    configured devices and the ports and readers seen
logs/          the log files and crash reports; personal data was masked when written and again here

Not included: the encrypted database, the attachment files, the keystore, platform tokens.
"""


def versions() -> str:
    from app import __version__

    lines = [
        f"yichuang-workstation {__version__}",
        f"python {platform.python_version()} ({sys.executable})",
        f"system {platform.platform()}",
    ]
    for name in PACKAGES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} (not installed)")
    return "\n".join(lines) + "\n"


def settings_text(settings: Settings) -> str:
    lines = []
    for field in dataclasses.fields(settings):
        value = getattr(settings, field.name)
        if dataclasses.is_dataclass(value):
            lines += [
                f"{field.name}.{f.name} = {getattr(value, f.name)!r}" for f in dataclasses.fields(value)
            ]
        else:
            lines.append(f"{field.name} = {value!r}")
    return redact("\n".join(lines) + "\n")


def queue_text(store: LocalStore) -> str:
    from sqlalchemy import func, select

    from app.store import audit, outbox
    from app.store.models import Attachment, Case

    with store.database.read() as session:
        counts = outbox.counts(session)
        by_status = session.execute(select(Case.status, func.count(Case.id)).group_by(Case.status)).all()
        files = session.scalar(select(func.count(Attachment.id)))
        chain = audit.verify(session)
        confirmed = audit.confirmed_by_platform(session)
        unqueued = audit.unqueued(session)
    lines = ["outbox (lane, state: rows)"]
    lines += [f"  {lane}, {state}: {n}" for (lane, state), n in sorted(counts.items())]
    lines.append("cases by status")
    lines += [f"  {status}: {n}" for status, n in sorted(by_status)]
    lines.append(f"attachment rows: {files}")
    lines.append(f"audit trail: {chain.describe()}")
    lines.append(f"audit rows held by the platform: up to {confirmed[0] if confirmed else 'none yet'}")
    lines.append(f"audit rows not yet queued for the platform: {unqueued}")
    return "\n".join(lines) + "\n"


def devices_text(settings: Settings, device_lines: Iterable[str]) -> str:
    lines = [
        f"{f.name} = {getattr(settings.devices, f.name)!r}" for f in dataclasses.fields(settings.devices)
    ]
    try:
        from app.devices.idcard.probe import candidate_ports

        lines.append(f"serial ports now: {', '.join(candidate_ports()) or 'none'}")
    except Exception as exc:  # noqa: BLE001 - a report never fails for want of a port list
        lines.append(f"serial ports: not listed ({type(exc).__name__})")
    lines += list(device_lines)
    return redact("\n".join(lines) + "\n")


def doctor_text(settings: Settings, store: LocalStore | None) -> str:
    from app.doctor import Doctor, report

    out = io.StringIO()
    report(Doctor(settings).run(store), out)
    return out.getvalue()


def _log_files(log_dir: Path) -> list[Path]:
    if not log_dir.is_dir():
        return []
    files = sorted(log_dir.glob(f"{LOG_FILE}*")) + sorted((log_dir / "crash").glob("*.txt"))
    return [f for f in files if f.is_file()]


def build(
    settings: Settings,
    target: Path,
    *,
    store: LocalStore | None = None,
    device_lines: Iterable[str] = (),
) -> Path:
    """Write the bundle to `target` (a .zip) and return it. With `store` (the running app's), the queue
    and the doctor use it; without, the doctor opens the data directory (and the queue is left out
    when it cannot be opened)."""
    members: dict[str, str] = {
        "README.txt": README,
        "versions.txt": versions(),
        "settings.txt": settings_text(settings),
        "devices.txt": devices_text(settings, device_lines),
        "doctor.txt": doctor_text(settings, store),
    }
    if store is not None:
        members["queue.txt"] = queue_text(store)
    log_dir = settings.data_dir / "logs"
    tmp = target.with_name(f".{target.name}.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, text in members.items():
            bundle.writestr(name, text)
        for path in _log_files(log_dir):
            text = path.read_text(encoding="utf-8", errors="replace")
            bundle.writestr(f"logs/{path.relative_to(log_dir).as_posix()}", redact(text))
    tmp.replace(target)
    return target


def build_standalone(settings: Settings, target: Path, actor: str) -> Path:
    """`main.py support-bundle`: opens the data directory when it can (queue numbers, audit), and makes
    a bundle without them when it cannot (a broken key is exactly when IT needs one)."""
    from app.domain.errors import EnvironmentFailure
    from app.store import audit
    from app.store.datadir import DataDir
    from app.store.keystore import use_file_keystore
    from app.store.local import LocalStore

    data = DataDir(settings.data_dir)
    store = None
    if data.database.exists():
        if settings.keystore == "file":
            use_file_keystore(settings.demo_keystore_file)
        try:
            store = LocalStore.open(data, sweep=False)
        except EnvironmentFailure:
            store = None
    try:
        build(settings, target, store=store)
        if store is not None:
            import datetime as dt

            from app.domain.clock import CHINA_TZ

            at = dt.datetime.now(CHINA_TZ)
            store.writer.run(
                lambda s: audit.append(s, at=at, actor=actor, action=audit.Action.SUPPORT_BUNDLE)
            )
    finally:
        if store is not None:
            store.close()
    return target
