"""E-licences (电子证照) instead of paper: look one up at the desk; offline, re-check after the next sync.

Online, a licence of the catalogue's type held by the applicant (ID number or unified social credit
code) stands in for the scan and the case carries its reference. Offline, the slot is 待核验: the case is
recorded with a pending check, the sync engine's pull re-checks it, and a licence that does not match
becomes a supplement task the clerk sees.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from app.domain.clock import CHINA_TZ, Clock
from app.store import material_pages
from app.store.local import LocalStore
from app.sync.adapter import Elicence
from app.sync.auth import TokenSource
from app.sync.client import AuthExpired, PlatformClient, PlatformRejected, PlatformUnavailable

log = logging.getLogger(__name__)


class LicenceDirectory(Protocol):
    def find_elicences(self, client: PlatformClient, holder_id: str, licence_type: str) -> list[Elicence]: ...


class Lookup(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"  # the platform answered: no valid licence of this type for this holder
    OFFLINE = "offline"  # no answer (network, platform down, not logged in): 待核验


@dataclass(frozen=True)
class LookupResult:
    outcome: Lookup
    licence: Elicence | None = None
    detail: str = ""


def matching(licences: list[Elicence], holder_id: str, licence_type: str, today: dt.date) -> Elicence | None:
    """The first licence of the type, of this holder, not expired."""
    for licence in licences:
        if licence.type != licence_type or licence.holder_id.upper() != holder_id.upper():
            continue
        if licence.valid_until is not None and licence.valid_until < today:
            continue
        return licence
    return None


def supplement_text(check: material_pages.PendingCheck) -> str:
    """The task the clerk reads (stored as written: it is a record, like the audit trail)."""
    return (
        f"办件 {check.case_number}：「{check.material_name}」受理时以电子证照（{check.licence_type}）代替，"
        "联网核验未找到有效证照。请联系申请人补交纸质材料或扫描件（补正）。"
    )


class ElicenceService:
    def __init__(
        self,
        store: LocalStore,
        directory: LicenceDirectory,
        new_client: Callable[[], PlatformClient],
        tokens: TokenSource | None,
        clock: Clock,
        *,
        on_resolved: Callable[[set[str]], None] | None = None,
    ) -> None:
        self._store = store
        self._directory = directory
        self._new_client = new_client
        self._tokens = tokens
        self._clock = clock
        self.on_resolved = on_resolved  # called on the sync thread with the case ids that changed

    def _today(self) -> dt.date:
        return self._clock.now().astimezone(CHINA_TZ).date()

    def lookup(self, holder_id: str, licence_type: str) -> LookupResult:
        """Ask the platform now (call from a worker thread)."""
        token = self._tokens.access_token() if self._tokens is not None else None
        if token is None:
            return LookupResult(Lookup.OFFLINE, detail="not logged in to the platform")
        client = self._new_client()
        client.set_token(token)
        try:
            licences = self._directory.find_elicences(client, holder_id, licence_type)
        except (PlatformUnavailable, AuthExpired) as exc:
            return LookupResult(Lookup.OFFLINE, detail=type(exc).__name__)
        except PlatformRejected as exc:
            log.warning("e-licence lookup refused: %s %s", exc.status, exc.code)
            return LookupResult(Lookup.OFFLINE, detail=exc.code)
        finally:
            client.close()
        found = matching(licences, holder_id, licence_type, self._today())
        return LookupResult(Lookup.FOUND, found) if found else LookupResult(Lookup.NOT_FOUND)

    def recheck(self, client: PlatformClient) -> set[str]:
        """Re-check every pending licence with an authorised client (the sync engine's pull hook).

        Platform errors propagate to the pull, which keeps them pending for the next round."""
        with self._store.database.read() as session:
            pending = material_pages.pending_checks(session)
        touched: set[str] = set()
        for check in pending:
            licences = self._directory.find_elicences(client, check.holder_id, check.licence_type)
            found = matching(licences, check.holder_id, check.licence_type, self._today())
            resolved = self._store.writer.run(
                functools.partial(
                    material_pages.resolve_check,
                    check_id=check.id,
                    licence_ref=found.licence_id if found else None,
                    task_text=supplement_text(check),
                    at=self._clock.now(),
                )
            )
            if resolved:
                touched.add(check.case_id)
        if touched and self.on_resolved is not None:
            self.on_resolved(touched)
        return touched

    def tasks(self) -> list[material_pages.TaskRow]:
        with self._store.database.read() as session:
            return material_pages.open_tasks(session)

    def complete_task(self, task_id: int, actor: str) -> None:
        now = self._clock.now()
        self._store.writer.run(lambda s: material_pages.complete_task(s, task_id, actor=actor, at=now))
