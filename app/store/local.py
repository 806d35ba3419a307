"""Everything stored under one data directory, opened with the key from the OS keystore."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import filelock
from sqlalchemy import select

from app.domain.errors import EnvironmentFailure, FailureKind
from app.store import audit
from app.store.attachments import AttachmentStore
from app.store.clerks import ClerkDirectory, LockoutPolicy
from app.store.crypto import ChainHash, CryptoProfile
from app.store.database import Database, open_database
from app.store.datadir import DataDir
from app.store.keystore import DataKeys, KeyStore
from app.store.models import Attachment
from app.store.writer import Writer

log = logging.getLogger(__name__)
# How long the clerk's app waits for the data directory: an IT command holds it only while it sweeps.
CLAIM_WAIT = 3.0


@dataclass
class LocalStore:
    data_dir: DataDir
    database: Database
    writer: Writer
    attachments: AttachmentStore
    clerks: ClerkDirectory
    claim: filelock.BaseFileLock | None = None  # the clerk's app's claim on the data directory

    @classmethod
    def open(
        cls,
        data_dir: DataDir,
        *,
        lockout: LockoutPolicy | None = None,
        sweep: bool = True,
        exclusive: bool = False,
    ) -> LocalStore:
        """Open the store, creating a key only for a brand-new data directory.

        A missing key with an existing database is refused (KEY_MISSING), and a key that does not open
        the database is refused (KEY_WRONG): in neither case is anything written over the old data.
        New attachment files are written under the profile the audit chain was last set to (see
        use_profile); `sweep=False` leaves stray attachment files alone (doctor, while the app may run).

        The clerk's app opens with `exclusive`: it claims the data directory until it closes the store
        (DataDir.claim), and is refused (ALREADY_RUNNING) while another app holds it. Other openers (IT
        commands beside the running app: SQLite serialises the writers) claim it only to sweep, and do
        not sweep when they cannot: the app's draft pages are unreferenced files until its decision.
        """
        data_dir.ensure()
        claim = data_dir.claim(wait=CLAIM_WAIT if exclusive else 0.0)
        if claim is None and exclusive:
            raise EnvironmentFailure(FailureKind.ALREADY_RUNNING, str(data_dir.root))
        try:
            store = cls._open(data_dir, lockout, sweep=sweep and claim is not None)
        except BaseException:
            if claim is not None:
                claim.release()
            raise
        if exclusive:
            store.claim = claim
        elif claim is not None:
            claim.release()  # an IT command never keeps the clerk's app out
        return store

    @classmethod
    def _open(cls, data_dir: DataDir, lockout: LockoutPolicy | None, *, sweep: bool) -> LocalStore:
        keystore = KeyStore(data_dir.install_id())
        master = keystore.load()
        if master is None:
            if data_dir.database.exists():
                raise EnvironmentFailure(FailureKind.KEY_MISSING, keystore.backend_name())
            master = keystore.create()
        keys = DataKeys.derive(master)
        database = open_database(data_dir.database, keys.database)
        with database.read() as session:
            referenced = set(session.scalars(select(Attachment.blob)))
            head = audit.current_head(session)
        gm = head is not None and head.alg is ChainHash.SM3
        profile = CryptoProfile.GM if gm else CryptoProfile.DEFAULT
        attachments = AttachmentStore(data_dir.attachments, keys.attachments, profile)
        if sweep:
            attachments.sweep(referenced)
        writer = Writer(database)
        return cls(data_dir, database, writer, attachments, ClerkDirectory(database, writer, lockout))

    @property
    def profile(self) -> CryptoProfile:
        return self.attachments.profile

    def use_profile(self, profile: CryptoProfile, at: dt.datetime) -> None:
        """The site's crypto profile for what is written from now on: attachment files, audit rows.

        What is already stored stays as it is and stays readable (attachment files by their MAGIC,
        audit rows by their `alg`); a switch is recorded in the audit trail.
        """
        changed = self.writer.run(lambda s: audit.use_algorithm(s, ChainHash.for_profile(profile), at))
        self.attachments.use_profile(profile)
        if changed:
            log.warning("crypto profile switched to %s for new data", profile.value)

    def close(self) -> None:
        self.writer.close()
        self.database.close()
        if self.claim is not None:
            self.claim.release()
