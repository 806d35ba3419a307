"""Everything stored under one data directory, opened with the key from the OS keystore."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from app.domain.errors import EnvironmentFailure, FailureKind
from app.store.attachments import AttachmentStore
from app.store.clerks import ClerkDirectory
from app.store.database import Database, open_database
from app.store.datadir import DataDir
from app.store.keystore import DataKeys, KeyStore
from app.store.models import Attachment
from app.store.writer import Writer

log = logging.getLogger(__name__)


@dataclass
class LocalStore:
    data_dir: DataDir
    database: Database
    writer: Writer
    attachments: AttachmentStore
    clerks: ClerkDirectory

    @classmethod
    def open(cls, data_dir: DataDir) -> LocalStore:
        """Open the store, creating a key only for a brand-new data directory.

        A missing key with an existing database is refused (KEY_MISSING), and a key that does not open
        the database is refused (KEY_WRONG): in neither case is anything written over the old data.
        """
        data_dir.ensure()
        keystore = KeyStore(data_dir.install_id())
        master = keystore.load()
        if master is None:
            if data_dir.database.exists():
                raise EnvironmentFailure(FailureKind.KEY_MISSING, keystore.backend_name())
            master = keystore.create()
        keys = DataKeys.derive(master)
        database = open_database(data_dir.database, keys.database)
        attachments = AttachmentStore(data_dir.attachments, keys.attachments)
        with database.read() as session:
            referenced = set(session.scalars(select(Attachment.blob)))
        attachments.sweep(referenced)
        writer = Writer(database)
        return cls(data_dir, database, writer, attachments, ClerkDirectory(database, writer))

    def close(self) -> None:
        self.writer.close()
        self.database.close()
