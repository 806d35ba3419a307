"""SQLAlchemy ORM models; every table is created and changed through alembic migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.store.types import AwareDateTime


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Meta(Base):
    """Small facts about this installation (terminal code, current catalogue version, ...)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Clerk(Base):
    __tablename__ = "clerks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # clerk | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    # When the platform last confirmed this password; offline logins expire some days after it.
    verified_online_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())


class CatalogueVersion(Base):
    __tablename__ = "catalogue_versions"
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    published_at: Mapped[dt.date | None] = mapped_column(Date)
    imported_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    region_code: Mapped[str] = mapped_column(String(12))
    hall_name: Mapped[str] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(255))


class CatalogueItem(Base):
    """One service item of one catalogue version; cases stay pinned to the version they used."""

    __tablename__ = "catalogue_items"
    version: Mapped[str] = mapped_column(
        String(64), ForeignKey("catalogue_versions.version", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    department: Mapped[str] = mapped_column(String(128))
    basic_code: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the item as published, parsed on demand
    # Pinyin keys are computed once at import so that start-up never pays for pypinyin.
    name_keys: Mapped[str] = mapped_column(Text)
    department_keys: Mapped[str] = mapped_column(Text)


class NumberBlock(Base):
    """Official case numbers reserved from the platform while online, issued at the desk while offline."""

    __tablename__ = "number_blocks"
    block_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(40))
    next_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    reserved_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # app.store.ids, also the sync key
    # Terminal-date-sequence; the next one is the day's highest here plus one (cases.record_decision).
    number: Mapped[str] = mapped_column(String(40), unique=True)
    official_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(255))  # 申报项目名称, e.g. 关于张三的个体工商户设立登记
    terminal: Mapped[str] = mapped_column(String(12))
    window: Mapped[str] = mapped_column(String(32))
    clerk_login: Mapped[str] = mapped_column(String(64))
    clerk_name: Mapped[str] = mapped_column(String(64))
    catalogue_version: Mapped[str] = mapped_column(String(64))
    applicant_kind: Mapped[str] = mapped_column(String(16))  # natural | legal
    applicant_name: Mapped[str] = mapped_column(String(128))
    applicant_id_type: Mapped[str] = mapped_column(String(8))  # GA/T 2000.156 code, e.g. 111, 001
    applicant_id_number: Mapped[str] = mapped_column(String(32))
    applicant_phone: Mapped[str] = mapped_column(String(32))
    applicant_address: Mapped[str] = mapped_column(String(255), default="")
    legal_representative: Mapped[str | None] = mapped_column(String(128))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    form_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    data_version: Mapped[int] = mapped_column(Integer, default=1)  # dataver: +1 on every change sent
    # When the platform confirmed receipt of the current data_version; retention counts from here.
    platform_received_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    # The applicant's agent (代办人): name, id_type, id_number, phone; None when the applicant came in person.
    agent: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The form definition version each item's answers were filled under: {item code: version}.
    form_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # When the application was first handed in (补正 keeps it; the acceptance date may come later).
    received_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    # 补正: the applicant was told within 5 working days of receipt (Art. 32(4)); the day it ends.
    supplement_due: Mapped[dt.date | None] = mapped_column(Date)
    # 出件: how the result left the hall (window pickup or post: courier, tracking number), who and when.
    delivery: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    items: Mapped[list[CaseItem]] = relationship(
        back_populates="case", order_by="CaseItem.position", cascade="all, delete-orphan"
    )
    materials: Mapped[list[CaseMaterial]] = relationship(
        back_populates="case", order_by="CaseMaterial.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )

    # The case list's date range, status or both (newest first) all read (created_at, status): a
    # separate index for the status would cost every decision one more page (migration 0010).
    __table_args__ = (
        Index("ix_cases_created_status", "created_at", "status"),
        Index("ix_cases_id_number", "applicant_id_number"),
    )


class CaseItem(Base):
    """A service item applied for in a case, with its own deadlines (一表申报 has several)."""

    __tablename__ = "case_items"
    # Clustered on its key: one page per decision instead of the table's and its key index's.
    __table_args__ = ({"sqlite_with_rowid": False},)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_code: Mapped[str] = mapped_column(String(64))
    item_name: Mapped[str] = mapped_column(String(255))
    department: Mapped[str] = mapped_column(String(128))
    legal_limit_days: Mapped[int] = mapped_column(Integer)
    legal_due: Mapped[dt.date | None] = mapped_column(Date)
    promised_limit_days: Mapped[int] = mapped_column(Integer)
    promised_due: Mapped[dt.date | None] = mapped_column(Date)
    # True while a deadline reaches into a year whose holiday schedule is not yet known.
    deadline_provisional: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="items")


class CaseMaterial(Base):
    __tablename__ = "case_materials"
    __table_args__ = ({"sqlite_with_rowid": False},)  # as case_items
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    material_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    required: Mapped[bool] = mapped_column(Boolean)
    form: Mapped[str] = mapped_column(String(32))
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    e_licence_ref: Mapped[str | None] = mapped_column(String(128))
    item_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)

    case: Mapped[Case] = relationship(back_populates="materials")


class CaseEvent(Base):
    """The case timeline: every transition with who, when and why."""

    __tablename__ = "case_events"
    __table_args__ = ({"sqlite_with_rowid": False},)  # clustered on (case_id, id), as case_items
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    # The event's number in its case's timeline: the case's highest plus one (add_event).
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    reason: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="events")


class AuditEntry(Base):
    """Append-only audit trail; each row's hash covers the previous row's hash (a hash chain)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The hash this row is chained with: sha256, or sm3 under the 国密 profile (app.store.crypto).
    alg: Mapped[str] = mapped_column(String(8), default="sha256", server_default="sha256")


class OutboxEntry(Base):
    """A durable operation for the platform, written in the same transaction as the change it reports."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lane: Mapped[str] = mapped_column(String(16))  # cases | uploads | audit | catalogue
    kind: Mapped[str] = mapped_column(String(32))
    aggregate_id: Mapped[str] = mapped_column(String(64))  # operations of one case go in order
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="ready")  # ready | in_flight | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())

    # One index serves both the lanes (a lane's rows in a state) and the order within a case (its
    # earlier rows not yet done: a seek per lane and state, see outbox.peek_batch).
    __table_args__ = (Index("ix_outbox_lane_state_aggregate", "lane", "state", "aggregate_id", "id"),)


class Attachment(Base):
    """An encrypted file in the attachment store (scanned page, material PDF, issued notice)."""

    __tablename__ = "attachments"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # notice | page | material
    media_type: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))  # of the plaintext, for end-to-end checks
    size: Mapped[int] = mapped_column(Integer)
    blob: Mapped[str] = mapped_column(String(80))  # file name in the attachment directory
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    label: Mapped[str] = mapped_column(String(255), default="")


class IssuedDocument(Base):
    """A legal notice issued for a case; the print ledger refers to these."""

    __tablename__ = "issued_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # acceptance_notice | ...
    attachment_id: Mapped[str] = mapped_column(ForeignKey("attachments.id"))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())


class MaterialPage(Base):
    """A page of a case's material: an encrypted image in the attachment store, in slot order.

    Pages taken at the window are trust level B (domain-spec §5.8): checked against the original by the
    clerk, whose login and the time are recorded.
    """

    __tablename__ = "material_pages"
    attachment_id: Mapped[str] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    material_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    rotation: Mapped[int] = mapped_column(Integer, default=0)  # clockwise degrees, applied in the PDF
    origin: Mapped[str] = mapped_column(String(16))  # scanner | camera | file | folder
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    dpi: Mapped[int] = mapped_column(Integer)
    trust_level: Mapped[str] = mapped_column(String(1), default="B")
    verified_by: Mapped[str] = mapped_column(String(64))
    verified_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    captured_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())


class ElicenceCheck(Base):
    """An e-licence (电子证照) standing in for a material: verified, or 待核验 until the platform answers."""

    __tablename__ = "elicence_checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    material_id: Mapped[str] = mapped_column(String(64))
    licence_type: Mapped[str] = mapped_column(String(64))
    holder_id: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))  # pending | verified | mismatch
    licence_ref: Mapped[str | None] = mapped_column(String(128))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    checked_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())

    __table_args__ = (Index("ix_elicence_checks_state", "state"),)


class ClerkTask(Base):
    """Something a clerk must follow up, e.g. a supplement (补正) when an e-licence did not match."""

    __tablename__ = "clerk_tasks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # supplement
    material_id: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    done_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    done_by: Mapped[str | None] = mapped_column(String(64))


class PrintJob(Base):
    """The print ledger: every copy of a notice sent to a printer. `request_key` makes a retried request
    find its first attempt instead of printing again; copy 1 is the original, later copies are reprints
    (marked 重打/副本)."""

    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_key: Mapped[str] = mapped_column(String(80), unique=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("issued_documents.id", ondelete="CASCADE"), index=True
    )
    copy: Mapped[int] = mapped_column(Integer)
    printer: Mapped[str] = mapped_column(String(200))
    job_id: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16))  # submitting | sent | failed
    pages: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
