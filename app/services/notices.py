"""Issuing legal notices for committed cases: render, store encrypted, record, and read back for printing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents import acceptance_notice as pdf
from app.documents.notice import Delivery, ItemLimits, MaterialRow, Notice, render_notice
from app.documents.templates import NoticeKind, TemplateSet
from app.domain.applicant import ApplicantKind, IdDocumentType
from app.domain.catalogue import MaterialForm
from app.domain.clock import CHINA_TZ, Clock
from app.store import audit
from app.store.cases import CaseSnapshot, MaterialLine
from app.store.ids import time_ordered_id
from app.store.local import LocalStore
from app.store.models import Attachment, IssuedDocument

ACCEPTANCE_NOTICE = NoticeKind.ACCEPTANCE.value

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
    """What a notice needs beyond the case: where it was issued, how to follow it up, its wording."""

    hall: pdf.Hall
    query_url: str  # with {number}
    font_path: Path
    templates: TemplateSet
    training: bool = False


@dataclass(frozen=True)
class IssuedNotice:
    id: int
    kind: str
    created_at: dt.datetime
    attachment_id: str

    @property
    def title(self) -> str:
        return NOTICE_TITLES.get(self.kind, self.kind)


NOTICE_TITLES = {
    NoticeKind.ACCEPTANCE.value: "受理通知书",
    NoticeKind.REJECTION.value: "不予受理通知书",
    NoticeKind.SUPPLEMENT.value: "补正材料通知书",
    NoticeKind.RECEIPT.value: "材料接收凭证",
    NoticeKind.DELIVERY.value: "办理结果领取凭证",
}


class RejectionGround(StrEnum):
    """Why an application is not accepted (行政许可法 Art. 32(1)); printed as the basis of the refusal."""

    NOT_REQUIRED = "not_required"  # 依法不需要取得行政许可: Art. 32(1)(1)
    NOT_COMPETENT = "not_competent"  # 不属于本机关职权范围: Art. 32(1)(2)
    OTHER = "other"  # another legal ground, stated in the reason

    @property
    def basis(self) -> str:
        article = {RejectionGround.NOT_REQUIRED: "（一）", RejectionGround.NOT_COMPETENT: "（二）"}.get(self)
        if article is None:
            return ""
        return f"根据《中华人民共和国行政许可法》第三十二条第一款第{article}项的规定，"


def _applicant(case: CaseSnapshot) -> pdf.Applicant:
    a = case.applicant
    if a.kind == ApplicantKind.LEGAL:
        return pdf.Organisation(a.name, a.id_number, a.legal_representative or "", a.phone, a.address)
    return pdf.Person(a.name, id_label(a.id_type), a.id_number, a.phone, a.address)


def id_label(id_type: str) -> str:
    try:
        return ID_DOCUMENT_LABELS[IdDocumentType(id_type)]
    except ValueError:
        return ID_DOCUMENT_LABELS[IdDocumentType.OTHER]


def _requirement(m: MaterialLine) -> str:
    parts = []
    if m.originals:
        parts.append(f"原件{m.originals}份")
    if m.copies:
        parts.append(f"复印件{m.copies}份")
    return "，".join(parts) or MaterialForm(m.form).label


def _row(m: MaterialLine) -> MaterialRow:
    return MaterialRow(
        m.name,
        MaterialForm(m.form).label,
        copies=max(1, m.originals + m.copies),
        pages=m.pages or None,
        requirement=_requirement(m),
    )


def build_notice(
    case: CaseSnapshot,
    kind: NoticeKind,
    ctx: NoticeContext,
    at: dt.datetime,
    *,
    ground: RejectionGround = RejectionGround.OTHER,
) -> Notice:
    """The document of `kind` for a committed case, as of `at`."""
    items = tuple(pdf.ServiceItem(it.name, it.code) for it in case.items)
    reason = case.timeline[-1].reason if case.timeline else ""
    limits: tuple[ItemLimits, ...] = ()
    materials: tuple[MaterialRow, ...] = ()
    delivery = None
    issued = at
    if kind is NoticeKind.ACCEPTANCE:
        issued = case.decided_at or at
        limits = tuple(
            ItemLimits(
                pdf.ServiceItem(it.name, it.code),
                pdf.TimeLimit(it.legal_limit_days, it.legal_due)
                if it.legal_due is not None and it.legal_limit_days
                else None,
                pdf.TimeLimit(it.promised_limit_days, it.promised_due or issued.date()),
            )
            for it in case.items
        )
        materials = tuple(_row(m) for m in case.materials if m.received)
    elif kind is NoticeKind.SUPPLEMENT:
        issued = case.decided_at or at
        materials = tuple(_row(m) for m in case.missing)
    elif kind in (NoticeKind.RECEIPT, NoticeKind.REJECTION):
        materials = tuple(_row(m) for m in case.materials if m.received)
        issued = case.decided_at or at if kind is NoticeKind.REJECTION else at
    elif kind is NoticeKind.DELIVERY:
        d = case.delivery or {}
        method = "邮寄送达" if d.get("method") == "post" else "窗口领取"
        delivery = Delivery(
            method=method,
            receiver=str(d.get("receiver", "")),
            receiver_id=_masked(str(d.get("receiver_id", ""))),
            courier=str(d.get("courier", "")),
            tracking_number=str(d.get("tracking_number", "")),
            at=dt.datetime.fromisoformat(d["at"]) if d.get("at") else at,
        )
        materials = tuple(MaterialRow(f"{it.name}办理结果", "原件") for it in case.items)
    departments = tuple(dict.fromkeys(it.department for it in case.items))
    accepted_after_supplement = (
        kind is NoticeKind.ACCEPTANCE
        and case.received_at is not None
        and case.decided_at is not None
        and case.received_at.date() != case.decided_at.date()
    )
    return Notice(
        kind=kind,
        template=ctx.templates[kind],
        common=ctx.templates.common,
        agency="、".join(departments),
        hall=ctx.hall,
        case_number=case.number,
        applicant=_applicant(case),
        agent=None
        if case.agent is None
        else pdf.Person(
            case.agent.name, id_label(case.agent.id_type), case.agent.id_number, case.agent.phone
        ),
        items=items,
        materials=materials,
        issued_at=issued,
        window=case.window,
        clerk=case.clerk_name,
        qr_payload=ctx.query_url.format(number=case.number),
        received_at=case.received_at,
        # After 补正 the complete application arrived on the acceptance day (domain spec §8.1).
        submitted_on=(case.decided_at or issued).astimezone(CHINA_TZ).date()
        if accepted_after_supplement
        else None,
        limits=limits,
        supplement_due=case.supplement_due,
        reason=reason,
        basis=ground.basis,
        delivery=delivery,
        deadline_provisional=any(it.deadline_provisional for it in case.items),
        training=ctx.training,
    )


def _masked(number: str) -> str:
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


class NoticeIssuer:
    def __init__(self, store: LocalStore, ctx: NoticeContext, clock: Clock) -> None:
        self._store = store
        self._ctx = ctx
        self._clock = clock

    @property
    def font_path(self) -> Path:
        return self._ctx.font_path

    def issue_acceptance_notice(self, case: CaseSnapshot) -> int:
        return self.issue(case, NoticeKind.ACCEPTANCE)

    def issue(
        self, case: CaseSnapshot, kind: NoticeKind, *, ground: RejectionGround = RejectionGround.OTHER
    ) -> int:
        """Render and store a document of a committed case; returns the issued document's id.

        The PDF is written encrypted before its row is committed; a crash in between leaves an unreferenced
        file, which the start-up sweep removes.
        """
        at = self._clock.now()
        data = render_notice(build_notice(case, kind, self._ctx, at, ground=ground), self._ctx.font_path)
        blob = self._store.attachments.put(data)

        def record(session: Session) -> int:
            attachment = Attachment(
                id=time_ordered_id(),
                case_id=case.id,
                kind="notice",
                media_type="application/pdf",
                sha256=blob.sha256,
                size=blob.size,
                blob=blob.blob,
                created_at=at,
                label=kind.value,
            )
            session.add(attachment)
            document = IssuedDocument(
                case_id=case.id, kind=kind.value, attachment_id=attachment.id, created_at=at
            )
            session.add(document)
            session.flush()
            audit.append(
                session, at=at, actor="system", action="notice.issued", subject=case.number, kind=kind.value
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
