"""Material files of a case (scans, imports, assembled PDFs): an encrypted attachment plus its upload,
recorded in one transaction so that every stored file reaches the platform exactly once."""

from __future__ import annotations

import datetime as dt

from app.store import audit, outbox
from app.store.attachments import StoredBlob
from app.store.cases import case_number
from app.store.fastpath import TableInserter, Tx
from app.store.ids import time_ordered_id
from app.store.models import Attachment

ATTACHMENTS = TableInserter(Attachment)


def add_material_file(
    session: Tx,
    *,
    case_id: str,
    material_id: str,
    stored: StoredBlob,
    media_type: str,
    label: str,
    at: dt.datetime,
    actor: str,
    number: str | None = None,
) -> str:
    """Reference an already written (encrypted, fsync'd) blob from the case and queue its upload
    (`number`: the case's number, when the caller already holds it)."""
    if number is None:
        number = case_number(session, case_id)
    attachment_id = time_ordered_id()
    ATTACHMENTS.insert_one(
        session,
        {
            "id": attachment_id,
            "case_id": case_id,
            "kind": "material",
            "media_type": media_type,
            "sha256": stored.sha256,
            "size": stored.size,
            "blob": stored.blob,
            "created_at": at,
            "label": label,
        },
    )
    outbox.enqueue(
        session,
        lane=outbox.Lane.UPLOADS,
        kind="upload_material",
        aggregate_id=case_id,
        idempotency_key=f"{attachment_id}:upload",
        payload={"case_id": case_id, "material_id": material_id, "attachment_id": attachment_id},
        at=at,
    )
    audit.append(session, at=at, actor=actor, action="material.added", subject=number, material=material_id)
    return attachment_id
