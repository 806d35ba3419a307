"""Lookups (health, client version, catalogue delta, e-licences, pre-applications) and audit upload."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from refplatform.auth import Authenticated
from refplatform.errors import invalid
from refplatform.idempotency import IdempotentRequest, idempotency_key
from refplatform.models import AuditEntry, ElicenceRow, PreApplicationRow, Setting
from refplatform.platform import platform_of
from refplatform.schemas import AuditBody, canonical_json, parse_body

router = APIRouter()


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "time": platform_of(request).iso_now()})


@router.get("/client-version")
async def client_version(request: Request) -> JSONResponse:
    platform = platform_of(request)
    with platform.db.transaction() as session:
        row = session.get(Setting, "client_version")
    body = json.loads(row.value) if row is not None else {"latest": "0.0.0", "minimum": "0.0.0"}
    return JSONResponse(body)


@router.get("/catalogue")
async def catalogue_delta(
    request: Request, _who: Authenticated, since_version: Annotated[str | None, Query(max_length=64)] = None
) -> JSONResponse:
    return JSONResponse(platform_of(request).catalogue.delta(since_version))


@router.get("/elicences")
async def find_elicences(
    request: Request,
    _who: Authenticated,
    holder_id: Annotated[str, Query(min_length=1, max_length=32)],
    licence_type: Annotated[str | None, Query(alias="type", max_length=64)] = None,
) -> JSONResponse:
    platform = platform_of(request)
    query = select(ElicenceRow).where(ElicenceRow.holder_id == holder_id)
    if licence_type:
        query = query.where(ElicenceRow.type == licence_type)
    with platform.db.transaction() as session:
        rows = session.scalars(query.order_by(ElicenceRow.licence_id)).all()
    licences = [
        {
            "licence_id": row.licence_id,
            "type": row.type,
            "number": row.number,
            "holder_id": row.holder_id,
            "holder_name": row.holder_name,
            "issuer": row.issuer,
            "valid_until": row.valid_until,
        }
        for row in rows
    ]
    return JSONResponse({"licences": licences})


@router.get("/pre-applications")
async def find_pre_applications(
    request: Request,
    _who: Authenticated,
    number: Annotated[str | None, Query(max_length=64)] = None,
    holder_id: Annotated[str | None, Query(max_length=32)] = None,
) -> JSONResponse:
    if not number and not holder_id:
        raise invalid("请提供预审号或申请人证件号码", "missing_query")
    platform = platform_of(request)
    query = select(PreApplicationRow)
    if number:
        query = query.where(PreApplicationRow.number == number)
    if holder_id:
        query = query.where(PreApplicationRow.holder_id == holder_id)
    with platform.db.transaction() as session:
        rows = session.scalars(query.order_by(PreApplicationRow.number)).all()
    return JSONResponse({"pre_applications": [json.loads(row.body) for row in rows]})


@router.post("/audit")
async def submit_audit(request: Request, who: Authenticated) -> JSONResponse:
    """Stores audit records once per (terminal, seq); `stored` counts the request's records the platform
    now holds (a record already held with the same hash counts, one with another hash is refused)."""
    platform = platform_of(request)
    key = idempotency_key(request)
    parsed = await parse_body(request, AuditBody)
    entries = parsed.model.entries
    if any(entry.terminal_code != who.terminal_code for entry in entries):
        raise invalid("审计记录的终端编号与登录终端不一致", "terminal_mismatch")
    raw_entries = json.loads(parsed.canonical)["entries"]
    call = IdempotentRequest(who.terminal_code, key, "audit", parsed.digest)
    with platform.db.transaction() as session:
        replayed = call.replay(session)
        if replayed is not None:
            return replayed
        for entry, raw in zip(entries, raw_entries, strict=True):
            held = session.scalar(
                select(AuditEntry).where(
                    AuditEntry.terminal_code == entry.terminal_code, AuditEntry.seq == entry.seq
                )
            )
            if held is not None:
                if held.hash != entry.hash:
                    raise invalid(f"审计记录 {entry.seq} 与平台已存的记录不一致", "audit_conflict")
                continue
            session.add(
                AuditEntry(
                    terminal_code=entry.terminal_code,
                    seq=entry.seq,
                    hash=entry.hash,
                    body=canonical_json(raw),
                )
            )
            session.flush()  # a repeated seq inside one request is then found as held
        result = {"stored": len(entries)}
        call.remember(session, 201, result, platform.iso_now())
    return JSONResponse(result, status_code=201)
