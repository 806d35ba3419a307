"""Auditing the clerk's actions that write nothing else: logins end, screens lock, cards are read, cases
viewed, settings changed. Each is one transaction on the writer thread (actions that do write, such as a
decision or an issued notice, append their row inside their own transaction instead)."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.store import audit, cases
from app.store.cases import CaseSnapshot
from app.store.local import LocalStore

log = logging.getLogger(__name__)


class AuditTrail:
    def __init__(self, store: LocalStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def _job(self, actor: str, action: str, subject: str, detail: dict[str, Any]) -> Any:
        at = self._clock.now()
        return lambda session: audit.append(
            session, at=at, actor=actor, action=action, subject=subject, **detail
        )

    def record(self, actor: str, action: str, subject: str = "", **detail: Any) -> str:
        """Append and wait for the commit (worker threads, headless commands). Never personal data."""
        result: str = self._store.writer.run(self._job(actor, action, subject, detail))
        return result

    def submit(self, actor: str, action: str, subject: str = "", **detail: Any) -> Future[str]:
        """Append without waiting (the GUI thread); a failure is logged, the future carries it too."""
        future: Future[str] = self._store.writer.submit(self._job(actor, action, subject, detail))
        future.add_done_callback(_log_failure)
        return future

    def view_case(self, actor: str, case_id: str) -> CaseSnapshot | None:
        """Read a case for display and audit the view in the same transaction."""
        at = self._clock.now()

        def view(session: Session) -> CaseSnapshot | None:
            snapshot = cases.load_case(session, case_id)
            if snapshot is not None:
                audit.append(
                    session, at=at, actor=actor, action=audit.Action.CASE_VIEWED, subject=snapshot.number
                )
            return snapshot

        return self._store.writer.run(view)


def _log_failure(future: Future[str]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("an audit row could not be written: %s", type(exc).__name__)
