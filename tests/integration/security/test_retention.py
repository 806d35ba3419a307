"""Retention purge: kept while anything of the case is unconfirmed, whatever its age; gone after the
platform confirmed it and the retention age passed, leaving nothing readable on disk, not even below SQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import keyring
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.domain.clock import FixedClock
from app.services.workspace import Workspace
from app.settings import Settings
from app.store import audit, materials, outbox
from app.store.cases import Applicant
from app.store.datadir import DataDir
from app.store.keystore import SERVICE, DataKeys
from app.store.models import Attachment, AuditEntry, Case, CaseEvent, CaseMaterial, OutboxEntry
from app.store.outbox import Lane
from refplatform.server import PlatformServer
from tests.integration.security.conftest import ID_NUMBER, NAME, PHONE, accept, with_platform
from tests.support import pii
from tests.support.pii import find_plaintext
from tests.support.sqlcipher_pages import plaintext_on_disk

OTHER_NAME, OTHER_ID, OTHER_PHONE = pii.register("慕容晓雪", "330106199202290027", "13605710001")
OTHER = Applicant("natural", OTHER_NAME, "resident", OTHER_ID, OTHER_PHONE, "杭州市")


def drain(workspace: Workspace, lane: Lane) -> None:
    engine = workspace.sync
    assert engine is not None
    client = engine.new_client()
    try:
        while engine.process_one(lane, client):
            pass
    finally:
        client.close()


def database_key(settings: Settings) -> bytes:
    data = DataDir(settings.data_dir)
    master = keyring.get_password(SERVICE, f"master-key:{data.install_id()}")
    assert master is not None
    return DataKeys.derive(bytes.fromhex(master)).database


def test_a_case_is_purged_only_after_confirmation_and_the_retention_age(
    settings: Settings,
    platform: PlatformServer,
    open_workspace: Callable[..., Workspace],
    clock: FixedClock,
) -> None:
    settings = with_platform(
        dataclasses.replace(settings, retention=dataclasses.replace(settings.retention, case_days=90)),
        platform,
    )
    workspace = open_workspace(settings)
    assert workspace.login.login("demo", "Demo@2026").online
    purged = accept(workspace).case
    failed = accept(workspace, OTHER).case
    scan = workspace.store.attachments.put(b"%PDF-1.4 scanned page of the applicant's ID card")
    now = clock.now()
    workspace.store.writer.run(
        lambda s: materials.add_material_file(
            s,
            case_id=purged.id,
            material_id="id-card",
            stored=scan,
            media_type="application/pdf",
            label="身份证",
            at=now,
            actor="demo",
        )
    )
    drain(workspace, Lane.CASES)  # both cases reach the platform; the scan has not gone yet
    with workspace.store.database.read() as session:
        assert all(c.platform_received_at is not None for c in session.scalars(select(Case)))

    def refused_update(session: Session) -> None:
        """The second case's next version was refused by the platform: it waits for a person."""
        key = f"{failed.id}:submit:2"
        payload = {"case_id": failed.id, "data_version": 2}
        outbox.enqueue(
            session,
            lane=Lane.CASES,
            kind="submit_case",
            aggregate_id=failed.id,
            idempotency_key=key,
            payload=payload,
            at=now,
        )
        row = session.scalars(select(OutboxEntry).where(OutboxEntry.idempotency_key == key)).one()
        row.state, row.last_error = outbox.State.FAILED.value, "平台拒收"  # the platform refused it

    workspace.store.writer.run(refused_update)

    # Young: nothing goes.
    report = workspace.retention.run_once()
    assert (report.cases, report.waiting) == (0, 0)

    # 91 days on, the scan still unsent: the case stays.
    clock.advance(dt.timedelta(days=91))
    report = workspace.retention.run_once()
    assert (report.cases, report.waiting) == (0, 2)

    drain(workspace, Lane.UPLOADS)
    with workspace.store.database.read() as session:
        blobs = set(session.scalars(select(Attachment.blob).where(Attachment.case_id == purged.id)))
    assert len(blobs) == 2  # the notice and the scan
    workspace.close()

    # The next start-up, 91 days after the platform confirmed everything of the first case.
    workspace = open_workspace(settings)
    report = workspace.retention.run_once()
    assert (report.cases, report.files, report.waiting) == (1, 2, 1)
    with workspace.store.database.read() as session:
        assert session.scalars(select(Case.id)).all() == [failed.id]  # the refused one stays
        for model in (CaseMaterial, CaseEvent):
            assert session.scalar(select(model).where(model.case_id == purged.id)) is None
        assert session.scalar(select(Attachment).where(Attachment.case_id == purged.id)) is None
        assert session.scalar(select(OutboxEntry).where(OutboxEntry.aggregate_id == purged.id)) is None
        row = session.scalars(select(AuditEntry).where(AuditEntry.action == "case.purged")).one()
        assert (row.subject, row.detail["files"]) == (purged.number, 2)
        assert audit.verify(session).ok
    attachments = DataDir(settings.data_dir).attachments
    assert not any((attachments / blob).exists() for blob in blobs)
    workspace.close()

    # Nothing of the purged applicant anywhere under the data directory, in the clear ...
    assert find_plaintext([settings.data_dir], [NAME, ID_NUMBER, PHONE]) == []
    # ... nor in the database file or its WAL decrypted page by page (free pages included),
    plain = plaintext_on_disk(DataDir(settings.data_dir).database, database_key(settings))
    for secret in (NAME, ID_NUMBER, PHONE):
        assert secret.encode() not in plain
    # while the case that stayed is there: the decryption is real.
    assert OTHER.id_number.encode() in plain


def test_without_secure_delete_the_decrypted_pages_would_still_show_a_deleted_row(
    settings: Settings, open_workspace: Callable[..., Workspace]
) -> None:
    """The check above can fail: a row deleted on a connection without secure_delete stays in the pages."""
    workspace = open_workspace(settings)
    case = accept(workspace).case

    def delete_insecurely(session: object) -> None:
        session.execute(text("PRAGMA secure_delete = OFF"))  # type: ignore[attr-defined]
        session.execute(text("DELETE FROM cases WHERE id = :id"), {"id": case.id})  # type: ignore[attr-defined]

    workspace.store.writer.run(delete_insecurely)
    workspace.store.writer.run(lambda s: s.execute(text("PRAGMA secure_delete = ON")))
    workspace.store.writer.checkpoint("TRUNCATE")
    with workspace.store.database.read() as session:
        assert session.scalar(select(Case)) is None
    workspace.close()
    plain = plaintext_on_disk(DataDir(settings.data_dir).database, database_key(settings))
    assert ID_NUMBER.encode() in plain


def test_a_case_never_confirmed_is_never_purged(
    settings: Settings, open_workspace: Callable[..., Workspace], clock: FixedClock
) -> None:
    workspace = open_workspace(settings)  # no platform: nothing is ever confirmed
    accept(workspace)
    clock.advance(dt.timedelta(days=3650))
    report = workspace.retention.run_once()
    assert (report.cases, report.waiting) == (0, 1)
    with workspace.store.database.read() as session:
        assert session.scalar(select(Case)) is not None
