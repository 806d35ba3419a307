"""Printing issued notices through the print ledger: a retried request never prints twice, and every
copy after the first is a reprint marked 重打（副本）.

A request has a key. The ledger row for it is written (state `submitting`) before the job goes to the
printer and updated (`sent`, with the printer's job id, or `failed`) after. The same key again:
`sent` -> nothing is printed, the first job is reported; `failed` -> the printer refused, nothing came
out, so it is sent again; `submitting` -> an earlier attempt died between the two writes and the
printer may or may not have the job: nothing is printed automatically, the clerk checks the printer and
asks for a reprint if the paper did not come out.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.documents.notice import mark_reprint
from app.domain.clock import Clock
from app.domain.errors import EnvironmentFailure
from app.services.notices import NoticeIssuer
from app.store import audit
from app.store.local import LocalStore
from app.store.models import IssuedDocument, PrintJob

log = logging.getLogger(__name__)


class Spooler(Protocol):
    """A print queue that takes PDF bytes (app.devices.printing.cups, or Qt's in app.ui.printing)."""

    def submit(self, printer: str, title: str, pdf: bytes) -> str: ...


class PrintState(StrEnum):
    SUBMITTING = "submitting"
    SENT = "sent"
    FAILED = "failed"


class PrintResult(StrEnum):
    PRINTED = "printed"  # a job went to the printer now
    ALREADY_PRINTED = "already_printed"  # this request was printed before: nothing printed now
    UNCERTAIN = "uncertain"  # an earlier attempt may have printed: check the printer, reprint if not


@dataclass(frozen=True)
class PrintOutcome:
    result: PrintResult
    document_id: int
    copy: int
    printer: str
    job_id: str
    pages: int


@dataclass(frozen=True)
class LedgerRow:
    id: int
    document_id: int
    copy: int
    printer: str
    job_id: str
    state: str
    pages: int
    actor: str
    created_at: dt.datetime


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def original_key(document_id: int) -> str:
    """The request key of a document's first print: printing it on accept and pressing Ctrl+P afterwards
    (or a retry of either) is one request."""
    return f"{document_id}:original"


class PrintService:
    def __init__(self, store: LocalStore, notices: NoticeIssuer, spooler: Spooler, clock: Clock) -> None:
        self._store = store
        self._notices = notices
        self._spooler = spooler
        self._clock = clock

    def print_document(
        self, document_id: int, printer: str, actor: str, *, reprint_key: str | None = None
    ) -> PrintOutcome:
        """Print a document once (reprint_key None: the original) or one more marked copy (a key per reprint
        request, chosen by the caller so a retried reprint is still one reprint). Worker thread."""
        key = reprint_key or original_key(document_id)
        at = self._clock.now()
        claim = self._store.writer.run(lambda s: self._claim(s, key, document_id, printer, actor, at))
        if isinstance(claim, PrintOutcome):
            return claim
        row_id, copy = claim
        data = self._notices.pdf_bytes(document_id)
        if copy > 1:
            data = mark_reprint(data, self._notices.font_path)
        pages = page_count(data)
        with self._store.database.read() as session:
            kind = session.scalar(select(IssuedDocument.kind).where(IssuedDocument.id == document_id))
        title = f"yc-{document_id}-{copy}-{kind}"
        try:
            job_id = self._spooler.submit(printer, title, data)
        except EnvironmentFailure as exc:
            detail = exc.detail
            self._store.writer.run(lambda s: self._finish(s, row_id, PrintState.FAILED, "", pages, detail))
            raise
        self._store.writer.run(lambda s: self._finish(s, row_id, PrintState.SENT, job_id, pages, ""))
        log.info("printed document %d copy %d as %s", document_id, copy, job_id)
        return PrintOutcome(PrintResult.PRINTED, document_id, copy, printer, job_id, pages)

    def _claim(  # noqa: PLR0917 - one writer job's arguments
        self, session: Session, key: str, document_id: int, printer: str, actor: str, at: dt.datetime
    ) -> tuple[int, int] | PrintOutcome:
        row = session.scalar(select(PrintJob).where(PrintJob.request_key == key))
        if row is not None:
            if row.state == PrintState.SENT:
                return PrintOutcome(
                    PrintResult.ALREADY_PRINTED, document_id, row.copy, row.printer, row.job_id, row.pages
                )
            if row.state == PrintState.SUBMITTING:
                return PrintOutcome(PrintResult.UNCERTAIN, document_id, row.copy, row.printer, "", row.pages)
            row.state, row.printer, row.updated_at, row.actor = PrintState.SUBMITTING, printer, at, actor
            return row.id, row.copy
        highest = session.scalar(select(func.max(PrintJob.copy)).where(PrintJob.document_id == document_id))
        copy = 1 if key == original_key(document_id) else max(2, (highest or 0) + 1)
        row = PrintJob(
            request_key=key,
            document_id=document_id,
            copy=copy,
            printer=printer,
            job_id="",
            state=PrintState.SUBMITTING,
            pages=0,
            error="",
            actor=actor,
            created_at=at,
            updated_at=at,
        )
        session.add(row)
        session.flush()
        document = session.get_one(IssuedDocument, document_id)
        audit.append(
            session,
            at=at,
            actor=actor,
            action="notice.reprinted" if copy > 1 else "notice.printed",
            subject=document.case_id,
            kind=document.kind,
            copy=copy,
        )
        return row.id, copy

    def _finish(  # noqa: PLR0917
        self, session: Session, row_id: int, state: PrintState, job_id: str, pages: int, error: str
    ) -> None:
        row = session.get_one(PrintJob, row_id)
        row.state, row.job_id, row.pages, row.error = state.value, job_id, pages, error
        row.updated_at = self._clock.now()

    def ledger(self, document_id: int | None = None) -> list[LedgerRow]:
        with self._store.database.read() as session:
            query = select(PrintJob).order_by(PrintJob.id)
            if document_id is not None:
                query = query.where(PrintJob.document_id == document_id)
            return [
                LedgerRow(
                    r.id, r.document_id, r.copy, r.printer, r.job_id, r.state, r.pages, r.actor, r.created_at
                )
                for r in session.scalars(query)
            ]
