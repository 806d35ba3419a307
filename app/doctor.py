"""`main.py doctor`: a health report for IT staff, each line saying what to do when something is wrong."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.domain.errors import EnvironmentFailure, FailureKind
from app.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from app.store.local import LocalStore


class Level(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    check: str
    level: Level
    detail: str
    action: str = ""


_KEY_ACTIONS = {
    FailureKind.KEYSTORE_UNAVAILABLE: "start a desktop session with a Secret Service "
    "(gnome-keyring, KWallet) or check PYTHON_KEYRING_BACKEND",
    FailureKind.KEY_MISSING: "restore the master key into the OS keystore from the site's key escrow; "
    "do NOT delete the data directory",
    FailureKind.KEY_WRONG: "the keystore holds a different key than the one this database was made with; "
    "restore the right key; do NOT delete the data directory",
}


class Doctor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.findings: list[Finding] = []

    def add(self, check: str, level: Level, detail: str, action: str = "") -> None:
        self.findings.append(Finding(check, level, detail, action))

    def run(self, store: LocalStore | None = None) -> list[Finding]:
        """Every check; with `store` (the running app's), the store checks use it instead of opening the
        data directory a second time."""
        self._check_settings()
        self._check_fonts()
        self._check_camera()
        self._check_catalogue_file()
        self._check_platform()
        if not self._check_data_dir():
            return self.findings
        if store is not None:
            self._check_open_store(store)
        else:
            self._check_store()
        return self.findings

    def _check_settings(self) -> None:
        s = self.settings
        if s.source == "embedded defaults":
            level = Level.OK if s.demo else Level.WARN
            self.add(
                "settings",
                level,
                f"no site configuration at {s.site_file}; embedded defaults (a demo hall)",
                "" if s.demo else "install the hall's site.toml there (see installer/site.example.toml)",
            )
        else:
            self.add("settings", Level.OK, f"{s.source}; terminal {s.terminal_code}, {s.window}")
        for warning in s.warnings:
            self.add("settings", Level.WARN, str(warning), "fix or remove the named key")
        if s.platform.url:
            trust = s.platform.ca_bundle or "the system's CA certificates"
            self.add("platform", Level.OK, f"{s.platform.url} (trusting {trust})")
        elif not s.demo:
            self.add(
                "platform", Level.WARN, "no platform URL: cases stay on this terminal", "set [platform] url"
            )

    def _check_fonts(self) -> None:
        font = self.settings.fonts_dir / "wqy-zenhei.ttc"
        if font.is_file():
            self.add("fonts", Level.OK, str(font))
        else:
            self.add(
                "fonts", Level.FAIL, f"{font} is missing", "reinstall the package; notices cannot be printed"
            )

    def _check_camera(self) -> None:
        """Qt Multimedia links against system libraries the rest of the app does not need (on Debian,
        libpulse0): without them the clerk's F11 says the camera cannot be used."""
        if self.settings.devices.camera == "none":
            return
        from app.ui import qt

        try:
            qt.multimedia()
        except ImportError as exc:
            self.add(
                "camera support",
                Level.WARN,
                f"Qt Multimedia cannot load: {exc}",
                "install the library it names (Debian: apt-get install libpulse0) or reinstall the package; "
                "scanning and file import still work",
            )
            return
        self.add("camera support", Level.OK, "Qt Multimedia loads")

    def _check_platform(self) -> None:
        platform = self.settings.platform
        if not platform.url:
            self.add("platform", Level.WARN, "no [platform] url: this terminal keeps its cases to itself")
            return
        from app.sync.adapter import Codes

        try:
            Codes.load(platform.codes_file)
        except EnvironmentFailure as exc:
            self.add("platform codes", Level.FAIL, exc.detail, "install the province's codes file")
            return
        self.add("platform", Level.OK, f"{platform.url} (codes {platform.codes_file.name})")
        if self.settings.registration_file.exists():
            self.add("registration", Level.OK, f"terminal {self.settings.terminal_code} (registered)")
        else:
            self.add(
                "registration",
                Level.WARN,
                f"terminal {self.settings.terminal_code} is not registered with the platform",
                "run `main.py register --token <enrollment token>` once",
            )

    def _check_catalogue_file(self) -> None:
        path = self.settings.catalogue_file
        if not path.is_file():
            self.add(
                "catalogue sample", Level.WARN, f"{path} is missing", "the catalogue will come from sync"
            )
            return
        from app.domain.catalogue import CatalogueFormatError, load_catalogue

        try:
            catalogue = load_catalogue(path.read_text(encoding="utf-8"), path.name)
        except CatalogueFormatError as exc:
            self.add("catalogue sample", Level.FAIL, str(exc), "fix or replace the catalogue file")
            return
        self.add("catalogue sample", Level.OK, f"{catalogue.version}, {len(catalogue.items)} items")

    def _check_data_dir(self) -> bool:
        root = self.settings.data_dir
        if not root.exists():
            self.add(
                "data directory", Level.WARN, f"{root} does not exist yet", "it is created at first start"
            )
            return False
        writable = os.access(root, os.W_OK)
        free = _free_mb(root)
        level = (
            Level.OK if writable and free > 200 else Level.FAIL if not writable or free < 20 else Level.WARN
        )
        self.add(
            "data directory",
            level,
            f"{root} ({'writable' if writable else 'NOT writable'}, {free} MB free)",
            "" if level is Level.OK else "free disk space / fix permissions",
        )
        return True

    def _check_store(self) -> None:
        from app.store.datadir import DataDir
        from app.store.keystore import KeyStore, use_file_keystore
        from app.store.local import LocalStore

        data = DataDir(self.settings.data_dir)
        if not data.database.exists():
            self.add("database", Level.WARN, "no database yet", "it is created at first start")
            return
        if self.settings.keystore == "file":
            use_file_keystore(self.settings.demo_keystore_file)
            self.add("keystore", Level.WARN, "demo file keystore: data at rest is NOT protected", "demo only")
        try:
            # No sweep: the app may be running, with a file written and its row not yet committed.
            store = LocalStore.open(data, sweep=False)
        except EnvironmentFailure as exc:
            self.add("key", Level.FAIL, exc.kind.value, _KEY_ACTIONS.get(exc.kind, "see the log"))
            return
        try:
            if self.settings.keystore != "file":
                self.add("keystore", Level.OK, KeyStore(data.install_id()).backend_name())
            self.add("key", Level.OK, "present and opens the database")
            self._check_open_store(store)
        finally:
            store.close()

    def _check_open_store(self, store: LocalStore) -> None:
        from app.store import audit
        from app.store.catalogue import current_version
        from app.store.database import CURRENT, HEAD_REVISION

        page_format = store.database.page_format
        self.add(
            "database format",
            Level.OK if page_format is CURRENT else Level.WARN,
            f"SQLCipher, {page_format.page_size}-byte pages, {page_format.hmac}",
            "" if page_format is CURRENT else "not converted yet (see the log): start the app again",
        )
        integrity = store.database.integrity_check()
        self.add(
            "database integrity",
            Level.OK if integrity == "ok" else Level.FAIL,
            integrity,
            "" if integrity == "ok" else "restore from backup; keep the damaged file for analysis",
        )
        revision = store.database.schema_revision()
        self.add(
            "migrations",
            Level.OK if revision == HEAD_REVISION else Level.FAIL,
            f"schema {revision}, code expects {HEAD_REVISION}",
            ""
            if revision == HEAD_REVISION
            else "start the app once to migrate, or install the matching version",
        )
        with store.database.read() as session:
            version = current_version(session)
            chain = audit.verify(session)
            confirmed = audit.confirmed_by_platform(session)
            head = audit.current_head(session)
        self.add(
            "catalogue",
            Level.OK if version else Level.WARN,
            f"current version {version}" if version else "no catalogue loaded",
            "" if version else "run a catalogue sync",
        )
        held = f"; the platform holds rows up to {confirmed[0]}" if confirmed else ""
        self.add(
            "audit trail",
            Level.OK if chain.ok else Level.FAIL,
            chain.describe() + (held if chain.ok else ""),
            "" if chain.ok else "the audit trail was altered: report to the security officer",
        )
        self._check_security(store, head.alg.value if head else "sha256")

    def _check_security(self, store: LocalStore, chain_hash: str) -> None:
        from app.store import audit, outbox
        from app.store.attachments import MAGIC, MAGIC_SM4, TEMP_PREFIX

        configured = self.settings.security.crypto_profile
        formats = {MAGIC: 0, MAGIC_SM4: 0}
        for path in store.attachments.directory.iterdir():
            if path.is_file() and not path.name.startswith(TEMP_PREFIX):
                with path.open("rb") as fh:
                    magic = fh.read(4)
                formats[magic] = formats.get(magic, 0) + 1
        detail = (
            f"configured '{configured}'; audit rows chained with {chain_hash}; attachment files: "
            f"{formats[MAGIC]} AES-256-GCM, {formats[MAGIC_SM4]} SM4-CTR+HMAC-SM3"
        )
        unknown = sum(n for magic, n in formats.items() if magic not in (MAGIC, MAGIC_SM4))
        if unknown:
            detail += f", {unknown} of no known format"
        self.add(
            "crypto profile",
            Level.FAIL if unknown else Level.OK,
            detail,
            "unknown files in the attachment directory: report to the security officer" if unknown else "",
        )
        with store.database.read() as session:
            queue = outbox.summary(session, (outbox.Lane.AUDIT,))
            waiting = queue.pending + audit.unqueued(session)
        self.add(
            "audit upload",
            Level.WARN if queue.failed else Level.OK,
            f"{waiting} audit rows waiting for the platform, {queue.failed} refused",
            "the platform refused audit rows: see the outbox page, report to the security officer"
            if queue.failed
            else "",
        )


def _free_mb(path: Path) -> int:
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize // 1_000_000


def report(findings: list[Finding], out: TextIO) -> int:
    width = max(len(f.check) for f in findings)
    for f in findings:
        line = f"[{f.level.value:4}] {f.check:<{width}}  {f.detail}"
        if f.action:
            line += f"\n       {'':<{width}}  -> {f.action}"
        print(line, file=out)
    failed = [f for f in findings if f.level is Level.FAIL]
    print(
        f"\n{len(failed)} problem(s) need attention." if failed else "\nAll essential checks passed.",
        file=out,
    )
    return 1 if failed else 0


def run_doctor(
    *, demo: bool, out: TextIO | None = None, load: Callable[..., Settings] = load_settings
) -> int:
    stream = out or sys.stdout
    try:
        settings = load(demo=demo)
    except SettingsError as exc:
        print(f"[FAIL] settings  {exc}\n        -> fix the named key in the named file", file=stream)
        return 2
    return report(Doctor(settings).run(), stream)
