"""The retention purge: run at start-up, daily, and by `main.py purge`.

Cases leave the terminal `[retention] case_days` after the platform confirmed them (never before, never
while anything of theirs waits or failed to send); their attachment files go with them; the WAL is
checkpointed so that no old page image of them stays on disk. Rotated log files and crash reports older
than `[retention] log_days` are removed too.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.store import retention
from app.store.local import LocalStore

log = logging.getLogger(__name__)

CASES_PER_TRANSACTION = 20


@dataclass(frozen=True)
class PurgeReport:
    cases: int
    files: int
    waiting: int  # old enough, but the platform has not confirmed them (or something still waits to go)
    logs: int


class RetentionService:
    def __init__(
        self, store: LocalStore, clock: Clock, *, case_days: int, log_days: int, log_dir: Path | None = None
    ) -> None:
        self._store = store
        self._clock = clock
        self._keep_cases = dt.timedelta(days=case_days)
        self._keep_logs = dt.timedelta(days=log_days)
        self._log_dir = log_dir

    def run_once(self, actor: str = "system") -> PurgeReport:
        now = self._clock.now()
        writer = self._store.writer
        purged = files = 0
        waiting = 0
        while True:
            found = writer.run(lambda s: retention.due(s, now, self._keep_cases, CASES_PER_TRANSACTION))
            waiting = found.waiting
            if not found.purge:
                break

            def purge(session: Session, ids: list[str] = found.purge) -> list[str]:
                blobs: list[str] = []
                for case_id in ids:
                    blobs += retention.purge_case(session, case_id, now, actor)
                return blobs

            blobs = writer.run(purge)
            purged += len(found.purge)
            # A separate job on the writer thread: no commit can slip between the check and the unlink.
            files += writer.run(functools.partial(self._remove_files, blobs=blobs))
        writer.run(retention.prune_delivered_audit_rows)
        if purged:
            writer.checkpoint("TRUNCATE")
            log.info("retention purge removed %d cases and %d files", purged, files)
        logs = self._prune_logs(now)
        return PurgeReport(purged, files, waiting, logs)

    def _remove_files(self, session: Session, *, blobs: list[str]) -> int:
        attachments = self._store.attachments
        removed = sum(
            attachments.unlink_unreferenced(blob, retention.still_referenced(session, blob)) for blob in blobs
        )
        if removed:
            attachments.sync_directory()
        return removed

    def _prune_logs(self, now: dt.datetime) -> int:
        """Rotated logs (workstation.log.N) and crash reports older than log_days; never the live log."""
        if self._log_dir is None or not self._log_dir.is_dir():
            return 0
        cutoff = (now - self._keep_logs).timestamp()
        removed = 0
        candidates = [*self._log_dir.glob("workstation.log.*"), *self._log_dir.glob("crash/*.txt")]
        for path in candidates:
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                log.warning("could not remove an old log file", exc_info=True)
        return removed
