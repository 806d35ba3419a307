"""What happens to an accepted case on the platform: 审查 → 审批 → 办结, with a per-terminal change log.

    received ──▶ in_review ──▶ approved ──▶ result_ready
                     └───────▶ denied

Only cases whose decision is `accepted` move. The timer walks the happy path one step per interval;
the admin API can take a case one step or to any reachable status (including `denied`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from refplatform.models import CaseChangeRow, CaseState, Terminal
from refplatform.platform import Platform

log = logging.getLogger(__name__)

NEXT_STEP = {"received": "in_review", "in_review": "approved", "approved": "result_ready"}
FINAL = frozenset({"result_ready", "denied"})
ACTORS = {"in_review": "审查岗", "approved": "审批岗", "denied": "审批岗", "result_ready": "办结岗"}


class NotAdvanceable(Exception):
    """The case cannot reach the requested status (not accepted, already final, or not on its path)."""


def path_to(current: str, target: str) -> list[str]:
    """The statuses a case passes through from `current` to `target` (excluding `current`)."""
    if target == "denied":
        if current == "received":
            return ["in_review", "denied"]
        if current == "in_review":
            return ["denied"]
        raise NotAdvanceable(f"{current} cannot become denied")
    steps: list[str] = []
    status = current
    while status != target:
        if status not in NEXT_STEP:
            raise NotAdvanceable(f"{current} cannot become {target}")
        status = NEXT_STEP[status]
        steps.append(status)
    if not steps:
        raise NotAdvanceable(f"the case is already {target}")
    return steps


def advance(
    session: Session,
    platform: Platform,
    state: CaseState,
    target: str | None = None,
    *,
    reason: str = "",
    actor: str | None = None,
) -> list[dict[str, Any]]:
    """Move a case (one step, or to `target`), appending each change to its terminal's log."""
    if state.decision != "accepted":
        raise NotAdvanceable("only accepted cases are processed")
    if target is None:
        if state.progress not in NEXT_STEP:
            raise NotAdvanceable(f"the case is final ({state.progress})")
        steps = [NEXT_STEP[state.progress]]
    else:
        steps = path_to(state.progress, target)
    terminal = session.get(Terminal, state.terminal_code)
    assert terminal is not None
    changes = []
    for status in steps:
        terminal.last_change_seq += 1
        row = CaseChangeRow(
            terminal_code=terminal.code,
            seq=terminal.last_change_seq,
            case_id=state.case_id,
            status=status,
            at=platform.iso_now(),
            reason=reason if status == steps[-1] else "",
            actor=actor or ACTORS[status],
        )
        session.add(row)
        state.progress = status
        state.progress_at = platform.timestamp()
        changes.append(change_body(platform, row))
    return changes


def change_body(platform: Platform, row: CaseChangeRow) -> dict[str, Any]:
    body: dict[str, Any] = {
        "seq": row.seq,
        "case_id": row.case_id,
        "status": platform.codes.change[row.status],
        "at": row.at,
        "actor": row.actor,
    }
    if row.reason:
        body["reason"] = row.reason
    return body


def movable(session: Session) -> Iterator[CaseState]:
    query = select(CaseState).where(CaseState.decision == "accepted", CaseState.progress.in_(list(NEXT_STEP)))
    yield from session.scalars(query).all()


def advance_due(platform: Platform, *, everything: bool = False) -> int:
    """One timer tick: each accepted case whose last step is `advance_every` old moves one step."""
    interval = platform.config.advance_every
    now = platform.timestamp()
    moved = 0
    with platform.db.transaction() as session:
        for state in movable(session):
            if everything or state.progress_at + interval <= now:
                advance(session, platform, state)
                moved += 1
    return moved


async def run_timer(platform: Platform) -> None:
    """The lifespan task behind `advance_every`; ticks several times per interval."""
    interval = platform.config.advance_every
    tick = min(max(interval / 4, 0.02), 1.0)
    while True:
        await asyncio.sleep(tick)
        try:
            advance_due(platform)
        except Exception:  # a bad tick must not end the timer; the next one retries
            log.exception("case progress tick failed")


@contextlib.asynccontextmanager
async def progress_timer(platform: Platform) -> AsyncIterator[None]:
    if platform.config.advance_every <= 0:
        yield
        return
    task = asyncio.create_task(run_timer(platform), name="refplatform-progress")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
