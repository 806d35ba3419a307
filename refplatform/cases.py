"""Case documents (exactly once per (case_id, data_version)) and the per-terminal change feed.

Duplicate handling, in order:
1. Same Idempotency-Key, same body → the stored receipt, 200.   Same key, other body → 422.
2. New key, but (case_id, data_version) already stored with the same document → the stored receipt,
   200, counted as a duplicate: a client that lost its key still gets exactly-once.
   Same (case_id, data_version) with a different document → 409 `data_version_conflict`.
3. A lower data_version than the stored one → 409 `stale_data_version`; a higher one is a resend
   (a correction): stored as a new version, the official number is kept, 201.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from refplatform.auth import Authenticated
from refplatform.db import bump
from refplatform.errors import ApiError, invalid
from refplatform.idempotency import IdempotentRequest, idempotency_key
from refplatform.models import CaseChangeRow, CaseState, CaseVersion, Terminal
from refplatform.platform import Platform, platform_of
from refplatform.progress import change_body
from refplatform.schemas import MAX_INT64, CaseDocument, parse_body
from refplatform.terminals import official_number, take_numbers

router = APIRouter()


def _check_codes(platform: Platform, document: CaseDocument, terminal_code: str) -> str:
    """The decision's name; 422 when a code is not one of the province's."""
    if document.terminal_code != terminal_code:
        raise invalid("办件的终端编号与登录终端不一致", "terminal_mismatch")
    decision = platform.codes.decision_name(document.status)
    if decision is None:
        raise invalid(f"未知的办件状态代码：{document.status}", "unknown_status")
    if document.applicant_kind not in platform.codes.applicant_kind.values():
        raise invalid(f"未知的申请人类型代码：{document.applicant_kind}", "unknown_applicant_kind")
    known_ids = platform.codes.id_type.values()
    for person in (document.applicant, document.agent):
        if person is not None and person.id_type not in known_ids:
            raise invalid(f"未知的证件类型代码：{person.id_type}", "unknown_id_type")
    return decision


@router.post("/cases")
async def submit_case(request: Request, who: Authenticated) -> JSONResponse:
    platform = platform_of(request)
    key = idempotency_key(request)
    parsed = await parse_body(request, CaseDocument)
    document = parsed.model
    call = IdempotentRequest(who.terminal_code, key, "cases", parsed.digest)
    with platform.db.transaction() as session:
        replayed = call.replay(session)
        if replayed is not None:
            return replayed
        decision = _check_codes(platform, document, who.terminal_code)
        stored = session.scalar(
            select(CaseVersion).where(
                CaseVersion.case_id == document.case_id, CaseVersion.data_version == document.data_version
            )
        )
        state = session.get(CaseState, document.case_id)
        if state is not None and state.terminal_code != who.terminal_code:
            raise ApiError(409, "case_of_other_terminal", "该办件属于另一个终端")
        if stored is not None:
            if stored.document_hash != parsed.digest:
                raise ApiError(
                    409, "data_version_conflict", "同一数据版本的办件内容不同：修改办件后请提高 data_version"
                )
            bump(session, "duplicates_detected")
            receipt: dict[str, Any] = json.loads(stored.receipt)
            call.remember(session, 200, receipt, platform.iso_now())
            return JSONResponse(receipt, status_code=200)
        if state is not None and state.data_version > document.data_version:
            raise ApiError(
                409, "stale_data_version", f"平台已有更新的版本（data_version={state.data_version}）"
            )
        number = document.official_number or (state.official_number if state else None)
        if number is None:
            terminal = session.get(Terminal, who.terminal_code)
            assert terminal is not None
            sequence, _ = take_numbers(terminal, 1)
            number = official_number(platform, terminal, sequence)
        now = platform.iso_now()
        receipt = {
            "case_id": document.case_id,
            "data_version": document.data_version,
            "official_number": number,
            "received_at": now,
        }
        session.add(
            CaseVersion(
                case_id=document.case_id,
                data_version=document.data_version,
                terminal_code=who.terminal_code,
                decision_code=document.status,
                document=parsed.canonical,
                document_hash=parsed.digest,
                receipt=json.dumps(receipt),
                received_at=now,
            )
        )
        if state is None:
            state = CaseState(case_id=document.case_id, terminal_code=who.terminal_code, progress="received")
            state.progress_at = platform.timestamp()
            session.add(state)
        elif state.decision != "accepted" and decision == "accepted":
            state.progress_at = platform.timestamp()  # e.g. accepted after 补正: the clock starts now
        state.data_version = document.data_version
        state.official_number = number
        state.decision = decision
        call.remember(session, 201, receipt, now)
    return JSONResponse(receipt, status_code=201)


@router.get("/cases/changes")
async def case_changes(
    request: Request,
    who: Authenticated,
    cursor: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> JSONResponse:
    """Changes after `cursor`, oldest first. A cursor past the end (the platform was reset) is answered
    with the current end as `next_cursor`, so that the client can start over."""
    platform = platform_of(request)
    cursor = min(cursor, MAX_INT64)  # any cursor past SQLite's integers is past the end
    with platform.db.transaction() as session:
        rows = session.scalars(
            select(CaseChangeRow)
            .where(CaseChangeRow.terminal_code == who.terminal_code, CaseChangeRow.seq > cursor)
            .order_by(CaseChangeRow.seq)
            .limit(limit)
        ).all()
        terminal = session.get(Terminal, who.terminal_code)
        last = terminal.last_change_seq if terminal is not None else 0
        changes = [change_body(platform, row) for row in rows]
    next_cursor = changes[-1]["seq"] if changes else min(cursor, last)
    return JSONResponse({"changes": changes, "next_cursor": next_cursor})
