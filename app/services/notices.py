"""Issuing legal notices for committed cases: render, store encrypted, record, and read back for printing."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents import acceptance_notice as pdf
from app.domain.applicant import ApplicantKind, IdDocumentType
from app.domain.catalogue import MaterialForm
from app.domain.clock import Clock
from app.store import audit
from app.store.cases import CaseSnapshot
from app.store.local import LocalStore
from app.store.models import Attachment, IssuedDocument

ACCEPTANCE_NOTICE = "acceptance_notice"

ID_DOCUMENT_LABELS = {
    IdDocumentType.RESIDENT: "居民身份证",
    IdDocumentType.HMT: "港澳台居民居住证",
    IdDocumentType.FOREIGN: "外国人永久居留身份证",
    IdDocumentType.PASSPORT: "护照",
    IdDocumentType.USCC: "统一社会信用代码",
    IdDocumentType.OTHER: "其他有效证件",
}


@dataclass(frozen=True)
class NoticeContext:
    """What a notice needs beyond the case: where it was issued and how to follow it up."""

    hall: pdf.Hall
    query_url: str  # with {number}
    font_path: Path
    training: bool = False


@dataclass(frozen=True)
class IssuedNotice:
    id: int
    kind: str
    created_at: dt.datetime
    attachment_id: str


def acceptance_notice(
    case: CaseSnapshot, ctx: NoticeContext, *, reprint: bool = False
) -> pdf.AcceptanceNotice:
    a = case.applicant
    applicant: pdf.Applicant
    if a.kind == ApplicantKind.LEGAL:
        applicant = pdf.Organisation(a.name, a.id_number, a.legal_representative or "", a.phone, a.address)
    else:
        label = ID_DOCUMENT_LABELS.get(IdDocumentType(a.id_type), ID_DOCUMENT_LABELS[IdDocumentType.OTHER])
        applicant = pdf.Person(a.name, label, a.id_number, a.phone, a.address)
    item = case.items[0]
    decided = case.decided_at or case.created_at
    legal = (
        pdf.TimeLimit(item.legal_limit_days, item.legal_due)
        if item.legal_due is not None and item.legal_limit_days
        else None
    )
    assert item.promised_due is not None, "an accepted case has a promised deadline"
    return pdf.AcceptanceNotice(
        agency=item.department,
        hall=ctx.hall,
        case_number=case.number,
        applicant=applicant,
        item=pdf.ServiceItem(item.name, item.code),
        materials=tuple(
            pdf.Material(m.name, MaterialForm(m.form).label, copies=max(1, m.originals + m.copies))
            for m in case.materials
            if m.received
        ),
        accepted_at=decided,
        legal_limit=legal,
        promised_limit=pdf.TimeLimit(item.promised_limit_days, item.promised_due),
        window=case.window,
        clerk=case.clerk_name,
        qr_payload=ctx.query_url.format(number=case.number),
        deadline_provisional=item.deadline_provisional,
        reprint=reprint,
        training=ctx.training,
    )


class NoticeIssuer:
    def __init__(self, store: LocalStore, ctx: NoticeContext, clock: Clock) -> None:
        self._store = store
        self._ctx = ctx
        self._clock = clock

    def issue_acceptance_notice(self, case: CaseSnapshot) -> int:
        """Render and store the notice of a committed case; returns the issued document's id.

        The PDF is written encrypted before its row is committed; a crash in between leaves an unreferenced
        file, which the start-up sweep removes.
        """
        data = pdf.render_acceptance_notice(acceptance_notice(case, self._ctx), self._ctx.font_path)
        blob = self._store.attachments.put(data)
        at = self._clock.now()

        def record(session: Session) -> int:
            attachment = Attachment(
                id=uuid.uuid4().hex,
                case_id=case.id,
                kind="notice",
                media_type="application/pdf",
                sha256=blob.sha256,
                size=blob.size,
                blob=blob.blob,
                created_at=at,
                label=ACCEPTANCE_NOTICE,
            )
            session.add(attachment)
            document = IssuedDocument(
                case_id=case.id, kind=ACCEPTANCE_NOTICE, attachment_id=attachment.id, created_at=at
            )
            session.add(document)
            session.flush()
            audit.append(
                session,
                at=at,
                actor="system",
                action="notice.issued",
                subject=case.number,
                kind=ACCEPTANCE_NOTICE,
            )
            return document.id

        return self._store.writer.run(record)

    def documents_for(self, case_id: str) -> list[IssuedNotice]:
        with self._store.database.read() as session:
            rows = session.scalars(
                select(IssuedDocument).where(IssuedDocument.case_id == case_id).order_by(IssuedDocument.id)
            )
            return [IssuedNotice(r.id, r.kind, r.created_at, r.attachment_id) for r in rows]

    def pdf_bytes(self, document_id: int) -> bytes:
        """Decrypt an issued notice into memory (never to a plaintext file) and check its hash."""
        import hashlib

        with self._store.database.read() as session:
            document = session.get_one(IssuedDocument, document_id)
            attachment = session.get_one(Attachment, document.attachment_id)
            blob, expected = attachment.blob, attachment.sha256
        data = self._store.attachments.read(blob)
        if hashlib.sha256(data).hexdigest() != expected:
            from app.store.attachments import AttachmentCorrupt

            raise AttachmentCorrupt(blob)
        return data

    def export(self, document_id: int, target: Path, actor: str) -> None:
        """Write a plaintext copy where the clerk chose (e.g. for e-mail); the export is audited."""
        data = self.pdf_bytes(document_id)
        at = self._clock.now()
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_bytes(data)
        tmp.replace(target)

        def record(session: Session) -> None:
            document = session.get_one(IssuedDocument, document_id)
            audit.append(session, at=at, actor=actor, action="notice.exported", subject=document.case_id)

        self._store.writer.run(record)
