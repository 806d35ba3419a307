"""SQLAlchemy tables of the reference platform (one SQLite file)."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Clerk(Base):
    __tablename__ = "clerks"

    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[float] = mapped_column(Float, default=0.0)


class Terminal(Base):
    __tablename__ = "terminals"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    number_prefix: Mapped[str] = mapped_column(String(32))
    hostname: Mapped[str] = mapped_column(String(255), default="")
    public_key_pem: Mapped[str] = mapped_column(Text, default="")
    # Next official-number sequence to hand out (blocks and single numbers share it).
    next_number: Mapped[int] = mapped_column(Integer, default=1)
    # Last `seq` written to this terminal's change log.
    last_change_seq: Mapped[int] = mapped_column(Integer, default=0)


class Enrollment(Base):
    __tablename__ = "enrollments"

    token: Mapped[str] = mapped_column(String(128), primary_key=True)
    uses_left: Mapped[int] = mapped_column(Integer)
    terminal_code: Mapped[str | None] = mapped_column(String(12), nullable=True)


class AuthToken(Base):
    """An access or refresh token, stored as its SHA-256 (a leaked database holds no usable token)."""

    __tablename__ = "auth_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # access | refresh
    clerk_login: Mapped[str] = mapped_column(ForeignKey("clerks.login"))
    terminal_code: Mapped[str] = mapped_column(ForeignKey("terminals.code"))
    expires_at: Mapped[float] = mapped_column(Float)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class IdempotencyRecord(Base):
    """The first successful response to a key, written in the transaction of its effect."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)  # scope + 0x1f + key
    endpoint: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class NumberBlockRow(Base):
    __tablename__ = "number_blocks"

    block_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    terminal_code: Mapped[str] = mapped_column(ForeignKey("terminals.code"), index=True)
    prefix: Mapped[str] = mapped_column(String(32))
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(40))


class CaseVersion(Base):
    """One stored (case_id, data_version) of a case document, exactly once."""

    __tablename__ = "case_versions"
    __table_args__ = (UniqueConstraint("case_id", "data_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(32), index=True)
    data_version: Mapped[int] = mapped_column(Integer)
    terminal_code: Mapped[str] = mapped_column(ForeignKey("terminals.code"))
    decision_code: Mapped[str] = mapped_column(String(8))
    document: Mapped[str] = mapped_column(Text)
    document_hash: Mapped[str] = mapped_column(String(64))
    receipt: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(40))


class CaseState(Base):
    """The platform's view of a case: its newest version, official number and progress."""

    __tablename__ = "case_states"

    case_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    terminal_code: Mapped[str] = mapped_column(ForeignKey("terminals.code"), index=True)
    data_version: Mapped[int] = mapped_column(Integer)
    official_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decision: Mapped[str] = mapped_column(String(24))  # accepted | rejected | supplement_requested
    # received | in_review | approved | denied | result_ready
    progress: Mapped[str] = mapped_column(String(16))
    progress_at: Mapped[float] = mapped_column(Float)


class CaseChangeRow(Base):
    __tablename__ = "case_changes"
    __table_args__ = (UniqueConstraint("terminal_code", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    terminal_code: Mapped[str] = mapped_column(ForeignKey("terminals.code"))
    seq: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64), default="")


class UploadRow(Base):
    __tablename__ = "uploads"

    upload_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    terminal_code: Mapped[str] = mapped_column(ForeignKey("terminals.code"))
    case_id: Mapped[str] = mapped_column(String(32))
    material_id: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(64))
    offset: Mapped[int] = mapped_column(Integer, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    sha256_ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))


class ElicenceRow(Base):
    __tablename__ = "elicences"

    licence_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(64))
    holder_id: Mapped[str] = mapped_column(String(32), index=True)
    holder_name: Mapped[str] = mapped_column(String(128))
    issuer: Mapped[str] = mapped_column(String(128))
    valid_until: Mapped[str | None] = mapped_column(String(10), nullable=True)


class PreApplicationRow(Base):
    __tablename__ = "pre_applications"

    number: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder_id: Mapped[str] = mapped_column(String(32), index=True)
    body: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("terminal_code", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    terminal_code: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)


class Setting(Base):
    """Small documents: the client-version info, the catalogue delta state."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Counter(Base):
    """Counts the admin API reports (duplicates detected, replays), updated in the effect's transaction."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
