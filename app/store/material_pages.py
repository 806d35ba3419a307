"""A case's scanned pages, material PDFs, e-licence checks and clerk tasks, recorded in one transaction.

The page and PDF files are already written (encrypted, fsync'd) when these functions run on the writer
thread; here they become rows the case refers to, and every material PDF is queued for upload.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store import audit
from app.store.attachments import StoredBlob
from app.store.cases import case_number, resubmit
from app.store.fastpath import TableInserter, Tx, raw_driver_connection
from app.store.ids import time_ordered_id
from app.store.materials import ATTACHMENTS, add_material_file
from app.store.models import Attachment, Case, CaseMaterial, ClerkTask, ElicenceCheck, MaterialPage

_PAGES = TableInserter(MaterialPage)
_CHECKS = TableInserter(ElicenceCheck)
_PAGES_RECEIVED = "UPDATE case_materials SET pages = ?, received = 1 WHERE case_id = ? AND material_id = ?"
_LICENCE_RECEIVED = (
    "UPDATE case_materials SET received = 1, e_licence_ref = ? WHERE case_id = ? AND material_id = ?"
)

PENDING = "pending"
VERIFIED = "verified"
MISMATCH = "mismatch"


@dataclass(frozen=True)
class PageRecord:
    material_id: str
    stored: StoredBlob
    media_type: str
    rotation: int
    origin: str
    width: int
    height: int
    dpi: int
    captured_at: dt.datetime


@dataclass(frozen=True)
class MaterialFile:
    material_id: str
    stored: StoredBlob  # the assembled PDF
    label: str
    pages: int


@dataclass(frozen=True)
class LicenceUse:
    """An e-licence standing in for a material: `licence_ref` when verified, None while 待核验."""

    material_id: str
    licence_type: str
    holder_id: str
    licence_ref: str | None


@dataclass(frozen=True)
class StoredPage:
    attachment_id: str
    material_id: str
    position: int
    blob: str
    sha256: str
    media_type: str
    rotation: int
    verified_by: str
    verified_at: dt.datetime


def record_materials(
    session: Tx,
    *,
    case_id: str,
    pages: Sequence[PageRecord],
    files: Sequence[MaterialFile],
    licences: Sequence[LicenceUse],
    actor: str,
    at: dt.datetime,
    resend: bool = True,
) -> None:
    """Reference pages and PDFs from the case, queue the PDFs' uploads, note the e-licences, and (with
    `resend`) send the case again (data_version + 1) so the platform learns page counts and licence
    references. Inside the transaction that decides the case, `resend=False`: the decision's own
    submission is not sent yet, and it reads the case, pages included, when it goes.

    Statements go straight to the driver (app.store.fastpath), so that the desk's decision with its
    scanned pages runs without an ORM session (`Writer.run_direct`)."""
    number = case_number(session, case_id)
    positions: Counter[str] = Counter()
    attachments: list[dict[str, Any]] = []
    page_rows: list[dict[str, Any]] = []
    for page in pages:
        attachment_id = time_ordered_id()
        position = positions[page.material_id]
        positions[page.material_id] += 1
        attachments.append(
            {
                "id": attachment_id,
                "case_id": case_id,
                "kind": "page",
                "media_type": page.media_type,
                "sha256": page.stored.sha256,
                "size": page.stored.size,
                "blob": page.stored.blob,
                "created_at": at,
                "label": f"{page.material_id} #{position + 1}",
            }
        )
        page_rows.append(
            {
                "attachment_id": attachment_id,
                "case_id": case_id,
                "material_id": page.material_id,
                "position": position,
                "rotation": page.rotation % 360,
                "origin": page.origin,
                "width": page.width,
                "height": page.height,
                "dpi": page.dpi,
                "trust_level": "B",
                "verified_by": actor,
                "verified_at": at,
                "captured_at": page.captured_at,
            }
        )
    ATTACHMENTS.insert(session, attachments)
    _PAGES.insert(session, page_rows)
    for file in files:
        add_material_file(
            session,
            case_id=case_id,
            material_id=file.material_id,
            stored=file.stored,
            media_type="application/pdf",
            label=file.label,
            at=at,
            actor=actor,
            number=number,
        )
    raw = raw_driver_connection(session)
    raw.executemany(_PAGES_RECEIVED, [(count, case_id, m) for m, count in positions.items()])
    raw.executemany(_LICENCE_RECEIVED, [(use.licence_ref, case_id, use.material_id) for use in licences])
    _CHECKS.insert(
        session,
        [
            {
                "case_id": case_id,
                "material_id": use.material_id,
                "licence_type": use.licence_type,
                "holder_id": use.holder_id,
                "state": VERIFIED if use.licence_ref else PENDING,
                "licence_ref": use.licence_ref,
                "attempts": 0,
                "created_at": at,
                "checked_at": at if use.licence_ref else None,
            }
            for use in licences
        ],
    )
    if pages or licences:
        if resend:
            resubmit(session, case_id, at)
        audit.append(
            session,
            at=at,
            actor=actor,
            action="materials.recorded",
            subject=number,
            pages=len(pages),
            files=len(files),
            licences=len(licences),
        )


def blob_in_use(session: Session, blob: str) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Attachment).where(Attachment.blob == blob)))


def case_pages(session: Session, case_id: str) -> list[StoredPage]:
    rows = session.execute(
        select(MaterialPage, Attachment)
        .join(Attachment, Attachment.id == MaterialPage.attachment_id)
        .where(MaterialPage.case_id == case_id)
        .order_by(MaterialPage.material_id, MaterialPage.position)
    ).all()
    return [
        StoredPage(
            attachment_id=page.attachment_id,
            material_id=page.material_id,
            position=page.position,
            blob=attachment.blob,
            sha256=attachment.sha256,
            media_type=attachment.media_type,
            rotation=page.rotation,
            verified_by=page.verified_by,
            verified_at=page.verified_at,
        )
        for page, attachment in rows
    ]


def material_files(session: Session, case_id: str) -> dict[str, str]:
    """material_id -> attachment id of its PDF (the label starts with the material id)."""
    rows = session.scalars(
        select(Attachment).where(Attachment.case_id == case_id, Attachment.kind == "material")
    ).all()
    return {row.label.split(" ", 1)[0]: row.id for row in rows}


# -- e-licence checks and tasks
@dataclass(frozen=True)
class PendingCheck:
    id: int
    case_id: str
    case_number: str
    material_id: str
    material_name: str
    licence_type: str
    holder_id: str


def pending_checks(session: Session) -> list[PendingCheck]:
    rows = session.execute(
        select(ElicenceCheck, Case.number)
        .join(Case, Case.id == ElicenceCheck.case_id)
        .where(ElicenceCheck.state == PENDING)
        .order_by(ElicenceCheck.id)
    ).all()
    names = _material_names(session, {check.case_id for check, _ in rows})
    return [
        PendingCheck(
            check.id,
            check.case_id,
            number,
            check.material_id,
            names.get((check.case_id, check.material_id), check.material_id),
            check.licence_type,
            check.holder_id,
        )
        for check, number in rows
    ]


def _material_names(session: Session, case_ids: set[str]) -> dict[tuple[str, str], str]:
    if not case_ids:
        return {}
    rows = session.scalars(select(CaseMaterial).where(CaseMaterial.case_id.in_(sorted(case_ids)))).all()
    return {(m.case_id, m.material_id): m.name for m in rows}


def resolve_check(
    session: Session, check_id: int, *, licence_ref: str | None, task_text: str, at: dt.datetime
) -> bool:
    """A pending check answered: verified (the case learns the reference) or a mismatch (a supplement task
    for the clerk). False when it was no longer pending."""
    check = session.get_one(ElicenceCheck, check_id)
    if check.state != PENDING:
        return False
    check.attempts += 1
    check.checked_at = at
    case = session.get_one(Case, check.case_id)
    if licence_ref is not None:
        check.state = VERIFIED
        check.licence_ref = licence_ref
        for material in case.materials:
            if material.material_id == check.material_id:
                material.e_licence_ref = licence_ref
        session.flush()  # the ORM's changes first: resubmit bumps the version through the driver
        resubmit(session, case.id, at)
        action = "elicence.verified"
    else:
        check.state = MISMATCH
        session.add(
            ClerkTask(
                case_id=case.id,
                kind="supplement",
                material_id=check.material_id,
                text=task_text,
                created_at=at,
            )
        )
        action = "elicence.mismatch"
    audit.append(
        session, at=at, actor="platform", action=action, subject=case.number, material=check.material_id
    )
    return True


@dataclass(frozen=True)
class TaskRow:
    id: int
    case_id: str
    case_number: str
    kind: str
    material_id: str
    text: str
    created_at: dt.datetime


def open_tasks(session: Session) -> list[TaskRow]:
    rows = session.execute(
        select(ClerkTask, Case.number)
        .join(Case, Case.id == ClerkTask.case_id)
        .where(ClerkTask.done_at.is_(None))
        .order_by(ClerkTask.created_at, ClerkTask.id)
    ).all()
    return [
        TaskRow(t.id, t.case_id, number, t.kind, t.material_id, t.text, t.created_at) for t, number in rows
    ]


def complete_task(session: Session, task_id: int, *, actor: str, at: dt.datetime) -> None:
    task = session.get_one(ClerkTask, task_id)
    if task.done_at is None:
        task.done_at = at
        task.done_by = actor
        number = session.get_one(Case, task.case_id).number
        audit.append(session, at=at, actor=actor, action="task.done", subject=number, kind=task.kind)


def check_states(session: Session, case_id: str) -> Mapping[str, str]:
    """material_id -> pending | verified | mismatch for a case's e-licences."""
    rows = session.scalars(select(ElicenceCheck).where(ElicenceCheck.case_id == case_id)).all()
    return {row.material_id: row.state for row in rows}
