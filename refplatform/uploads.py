"""tus-style resumable uploads: create, offset query (HEAD), append at an offset with a chunk checksum.

Bytes go to one file per upload (`<data>/uploads/<id>.part`), written and fsync'd before the offset is
committed; a chunk that arrives after a crash between the two simply overwrites the unacknowledged tail.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import uuid
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from refplatform.auth import Authenticated
from refplatform.db import bump
from refplatform.errors import ApiError, invalid
from refplatform.idempotency import IdempotentRequest, idempotency_key
from refplatform.models import UploadRow
from refplatform.platform import Platform, platform_of
from refplatform.schemas import UploadBody, parse_body

router = APIRouter()

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
CHECKSUM = re.compile(r"sha256 ([A-Za-z0-9+/=]{44})")
CHUNK_MEDIA_TYPE = "application/offset+octet-stream"


def upload_body(row: UploadRow) -> dict[str, Any]:
    return {
        "upload_id": row.upload_id,
        "case_id": row.case_id,
        "material_id": row.material_id,
        "offset": row.offset,
        "size": row.size,
        "complete": row.complete,
        "sha256_ok": row.sha256_ok,
    }


def part_file(platform: Platform, upload_id: str) -> Path:
    return platform.config.uploads_dir / f"{upload_id}.part"


def _not_found() -> ApiError:
    return ApiError(404, "upload_not_found", "没有这个上传任务")


def _find(platform: Platform, upload_id: str, terminal_code: str) -> UploadRow:
    with platform.db.transaction() as session:
        row = session.get(UploadRow, upload_id)
    if row is None or row.terminal_code != terminal_code:
        raise _not_found()
    return row


@router.post("/uploads")
async def create_upload(request: Request, who: Authenticated) -> JSONResponse:
    platform = platform_of(request)
    key = idempotency_key(request)
    parsed = await parse_body(request, UploadBody)
    body = parsed.model
    call = IdempotentRequest(who.terminal_code, key, "uploads", parsed.digest)
    with platform.db.transaction() as session:
        replayed = call.replay(session)
        if replayed is not None:
            return replayed
        empty = body.size == 0
        row = UploadRow(
            upload_id=uuid.uuid4().hex,
            terminal_code=who.terminal_code,
            case_id=body.case_id,
            material_id=body.material_id,
            size=body.size,
            sha256=body.sha256,
            media_type=body.media_type,
            offset=0,
            complete=empty,
            sha256_ok=(body.sha256 == EMPTY_SHA256) if empty else None,
            created_at=platform.iso_now(),
        )
        part_file(platform, row.upload_id).touch()
        session.add(row)
        if empty:
            bump(session, "uploads_complete")
        result = upload_body(row)
        call.remember(session, 201, result, platform.iso_now())
    return JSONResponse(result, status_code=201)


@router.head("/uploads/{upload_id}")
async def upload_offset(request: Request, upload_id: str, who: Authenticated) -> Response:
    platform = platform_of(request)
    with platform.db.transaction() as session:
        row = session.get(UploadRow, upload_id)
    if row is None or row.terminal_code != who.terminal_code:
        return Response(status_code=404)
    headers = {"Upload-Offset": str(row.offset), "Upload-Length": str(row.size), "Cache-Control": "no-store"}
    return Response(status_code=200, headers=headers)


@router.get("/uploads/{upload_id}")
async def upload_status(request: Request, upload_id: str, who: Authenticated) -> JSONResponse:
    return JSONResponse(upload_body(_find(platform_of(request), upload_id, who.terminal_code)))


def _header_offset(request: Request) -> int:
    raw = request.headers.get("upload-offset")
    if raw is None or not raw.isdigit():
        raise invalid("Upload-Offset 请求头缺失或不是非负整数", "invalid_offset")
    return int(raw)


def _header_checksum(request: Request) -> bytes:
    match = CHECKSUM.fullmatch(request.headers.get("upload-checksum", ""))
    if match is None:
        raise invalid("Upload-Checksum 请求头应为 “sha256 <base64 摘要>”", "invalid_checksum_header")
    try:
        digest = base64.b64decode(match.group(1), validate=True)
    except binascii.Error as exc:
        raise invalid("Upload-Checksum 不是有效的 base64", "invalid_checksum_header") from exc
    if len(digest) != 32:
        raise invalid("Upload-Checksum 的摘要长度不是 SHA-256 的 32 字节", "invalid_checksum_header")
    return digest


@router.patch("/uploads/{upload_id}")
async def append_chunk(request: Request, upload_id: str, who: Authenticated) -> Response:
    platform = platform_of(request)
    _find(platform, upload_id, who.terminal_code)
    offset = _header_offset(request)
    expected_digest = _header_checksum(request)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != CHUNK_MEDIA_TYPE:
        raise invalid(f"上传分块的 Content-Type 应为 {CHUNK_MEDIA_TYPE}", "unsupported_media_type")
    chunk = await request.body()
    with platform.db.transaction() as session:
        row = session.get(UploadRow, upload_id)  # re-read under the write lock
        if row is None:  # removed by an admin reset meanwhile
            raise _not_found()
        if offset != row.offset:
            raise ApiError(
                409,
                "offset_mismatch",
                f"上传位置不一致：平台已收到 {row.offset} 字节，请从该位置继续",
                {"Upload-Offset": str(row.offset)},
            )
        if offset + len(chunk) > row.size:
            raise invalid(f"分块超出声明的文件大小 {row.size} 字节", "exceeds_size")
        if hashlib.sha256(chunk).digest() != expected_digest:
            raise ApiError(460, "checksum_mismatch", "分块校验和不一致，本块未保存，请重新发送")
        if chunk:
            _write_at(part_file(platform, upload_id), offset, chunk)
            row.offset = offset + len(chunk)
            if row.offset == row.size:
                row.complete = True
                row.sha256_ok = _file_sha256(part_file(platform, upload_id)) == row.sha256
                bump(session, "uploads_complete")
        new_offset = row.offset
    return Response(status_code=204, headers={"Upload-Offset": str(new_offset)})


def _write_at(path: Path, offset: int, chunk: bytes) -> None:
    with path.open("r+b") as file:
        file.seek(offset)
        file.write(chunk)
        file.truncate()
        file.flush()
        os.fsync(file.fileno())


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
