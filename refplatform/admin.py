"""The admin/test API under /admin (not part of the contract), guarded by the configured admin token.

GET    /admin/counts                      cases, distinct case ids, duplicates, replays, uploads, ...
POST   /admin/reset          {seed?}      forget everything, seed again
GET    /admin/cases/{id}                  the platform's view of a case
POST   /admin/cases/{id}/advance {to?, reason?, actor?}   one step, or to a status (name or code)
POST   /admin/cases/advance               every movable accepted case one step (a timer tick)
GET    /admin/faults | POST /admin/faults {action, when, count, status, seconds, path_prefix, method}
DELETE /admin/faults
POST   /admin/tokens/expire  {kind?}      access | refresh | (all)
PUT    /admin/catalogue      {catalogue, removed?, holiday_overrides?}
PUT    /admin/client-version {latest, minimum, required_after?, notes?}
"""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from refplatform.auth import expire_tokens
from refplatform.catalogue import catalogue_from_document
from refplatform.db import counter
from refplatform.errors import ApiError, invalid
from refplatform.faults import FaultRule
from refplatform.models import (
    AuditEntry,
    CaseChangeRow,
    CaseState,
    CaseVersion,
    NumberBlockRow,
    Setting,
    Terminal,
    UploadRow,
)
from refplatform.platform import Platform, platform_of
from refplatform.progress import NotAdvanceable, advance, advance_due

ADMIN_HEADER = "X-Admin-Token"


async def _admin(request: Request) -> Platform:
    platform = platform_of(request)
    given = request.headers.get(ADMIN_HEADER, "")
    if not hmac.compare_digest(given.encode(), platform.config.admin_token.encode()):
        raise ApiError(401, "admin_unauthorized", f"需要正确的 {ADMIN_HEADER}")
    return platform


AdminPlatform = Annotated[Platform, Depends(_admin)]
router = APIRouter(prefix="/admin")


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise invalid("请求体不是有效的 JSON") from exc
    if not isinstance(data, dict):
        raise invalid("请求体应为 JSON 对象")
    return data


def _count(session: Session, statement: Select[int]) -> int:
    return int(session.scalar(statement) or 0)


@router.get("/counts")
async def counts(platform: AdminPlatform) -> JSONResponse:
    """`cases` counts stored (case_id, data_version) rows; `duplicates_detected` the requests that named
    an already stored pair under a new key; `replays` the requests answered from an idempotency key."""
    with platform.db.transaction() as session:
        body = {
            "cases": _count(session, select(func.count(CaseVersion.id))),
            "distinct_case_ids": _count(session, select(func.count(func.distinct(CaseVersion.case_id)))),
            "duplicates_detected": counter(session, "duplicates_detected"),
            "replays": counter(session, "replays"),
            "uploads": _count(session, select(func.count(UploadRow.upload_id))),
            "uploads_complete": counter(session, "uploads_complete"),
            "uploads_sha256_failed": _count(
                session, select(func.count(UploadRow.upload_id)).where(UploadRow.sha256_ok.is_(False))
            ),
            "number_blocks": _count(session, select(func.count(NumberBlockRow.block_id))),
            "terminals": _count(session, select(func.count(Terminal.code))),
            "changes": _count(session, select(func.count(CaseChangeRow.id))),
            "audit_entries": _count(session, select(func.count(AuditEntry.id))),
        }
    body["faults_fired"] = platform.faults.snapshot()["fired_total"]
    return JSONResponse(body)


@router.post("/reset")
async def reset(request: Request, platform: AdminPlatform) -> JSONResponse:
    body = await _json(request)
    platform.reset(seed=bool(body.get("seed", True)))
    return JSONResponse({"reset": True})


def _case_body(platform: Platform, state: CaseState, versions: list[int]) -> dict[str, Any]:
    return {
        "case_id": state.case_id,
        "terminal_code": state.terminal_code,
        "data_version": state.data_version,
        "versions": versions,
        "official_number": state.official_number,
        "decision": state.decision,
        "progress": state.progress,
        "progress_code": platform.codes.change.get(state.progress),
    }


@router.get("/cases/{case_id}")
async def case_view(case_id: str, platform: AdminPlatform) -> JSONResponse:
    with platform.db.transaction() as session:
        state = session.get(CaseState, case_id)
        if state is None:
            raise ApiError(404, "case_not_found", "没有这个办件")
        versions = list(
            session.scalars(
                select(CaseVersion.data_version)
                .where(CaseVersion.case_id == case_id)
                .order_by(CaseVersion.id)
            )
        )
        return JSONResponse(_case_body(platform, state, versions))


@router.post("/cases/advance")
async def advance_all(platform: AdminPlatform) -> JSONResponse:
    return JSONResponse({"advanced": advance_due(platform, everything=True)})


@router.post("/cases/{case_id}/advance")
async def advance_case(case_id: str, request: Request, platform: AdminPlatform) -> JSONResponse:
    body = await _json(request)
    target = body.get("to")
    if target is not None:
        target = platform.codes.change_name(str(target)) or str(target)
        if target not in platform.codes.change:
            raise invalid(f"未知的目标状态：{body.get('to')}", "unknown_status")
    with platform.db.transaction() as session:
        state = session.get(CaseState, case_id)
        if state is None:
            raise ApiError(404, "case_not_found", "没有这个办件")
        try:
            changes = advance(
                session,
                platform,
                state,
                target,
                reason=str(body.get("reason", "")),
                actor=str(body["actor"]) if body.get("actor") else None,
            )
        except NotAdvanceable as exc:
            raise ApiError(409, "not_advanceable", str(exc)) from exc
        return JSONResponse({"case_id": case_id, "progress": state.progress, "changes": changes})


@router.get("/faults")
async def faults(platform: AdminPlatform) -> JSONResponse:
    return JSONResponse(platform.faults.snapshot())


@router.post("/faults")
async def add_fault(request: Request, platform: AdminPlatform) -> JSONResponse:
    body = await _json(request)
    allowed = {"action", "when", "count", "status", "seconds", "path_prefix", "method", "probability"}
    unknown = set(body) - allowed
    if unknown:
        raise invalid(f"未知的字段：{sorted(unknown)}")
    try:
        rule = FaultRule(**body)
    except (TypeError, ValueError) as exc:
        raise invalid(str(exc), "invalid_fault") from exc
    platform.faults.add(rule)
    return JSONResponse(platform.faults.snapshot(), status_code=201)


@router.delete("/faults")
async def clear_faults(platform: AdminPlatform) -> JSONResponse:
    platform.faults.clear()
    return JSONResponse(platform.faults.snapshot())


@router.post("/tokens/expire")
async def expire(request: Request, platform: AdminPlatform) -> JSONResponse:
    kind = (await _json(request)).get("kind")
    if kind not in (None, "access", "refresh"):
        raise invalid("kind 应为 access 或 refresh")
    with platform.db.transaction() as session:
        expired = expire_tokens(session, kind, platform.timestamp())
    return JSONResponse({"expired": expired})


@router.put("/catalogue")
async def publish_catalogue(request: Request, platform: AdminPlatform) -> JSONResponse:
    body = await _json(request)
    try:
        platform.catalogue = catalogue_from_document(
            body["catalogue"], body.get("removed"), body.get("holiday_overrides")
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise invalid(f"目录文档无效：{exc}", "invalid_catalogue") from exc
    return JSONResponse({"version": platform.catalogue.version})


@router.put("/client-version")
async def set_client_version(request: Request, platform: AdminPlatform) -> JSONResponse:
    body = await _json(request)
    if not isinstance(body.get("latest"), str) or not isinstance(body.get("minimum"), str):
        raise invalid("需要 latest 与 minimum 两个字符串")
    with platform.db.transaction() as session:
        row = session.get(Setting, "client_version")
        if row is None:
            session.add(Setting(name="client_version", value=json.dumps(body)))
        else:
            row.value = json.dumps(body)
    return JSONResponse(body)
