"""Terminal enrolment and official-number blocks (each terminal has its own prefix and sequence)."""

from __future__ import annotations

import uuid
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refplatform.auth import Authenticated
from refplatform.errors import ApiError, invalid
from refplatform.idempotency import IdempotentRequest, idempotency_key
from refplatform.models import Enrollment, NumberBlockRow, Terminal
from refplatform.platform import Platform, platform_of
from refplatform.schemas import NumberBlockBody, RegisterBody, parse_body

router = APIRouter()


def take_numbers(terminal: Terminal, count: int) -> tuple[int, int]:
    """Reserve `count` consecutive sequence numbers of the terminal (never handed out twice)."""
    first = terminal.next_number
    terminal.next_number = first + count
    return first, first + count - 1


def official_number(platform: Platform, terminal: Terminal, sequence: int) -> str:
    return f"{terminal.number_prefix}{sequence:0{platform.config.number_width}d}"


def new_block(session: Session, platform: Platform, terminal: Terminal, size: int) -> dict[str, Any]:
    first, last = take_numbers(terminal, size)
    block = NumberBlockRow(
        block_id=uuid.uuid4().hex,
        terminal_code=terminal.code,
        prefix=terminal.number_prefix,
        first=first,
        last=last,
        created_at=platform.iso_now(),
    )
    session.add(block)
    return {"block_id": block.block_id, "prefix": block.prefix, "first": first, "last": last}


def _new_terminal_code(session: Session) -> str:
    count = session.scalar(select(func.count()).select_from(Terminal)) or 0
    number = count + 1
    while session.get(Terminal, f"T{number:03d}") is not None:
        number += 1
    return f"T{number:03d}"


@router.post("/terminals/register")
async def register_terminal(request: Request) -> JSONResponse:
    platform = platform_of(request)
    key = idempotency_key(request)
    parsed = await parse_body(request, RegisterBody)
    body = parsed.model
    call = IdempotentRequest("register", key, "register", parsed.digest)
    with platform.db.transaction() as session:
        # The contract lists no 200 here: a replay answers with the original 201 and body.
        replayed = call.replay(session, status=201)
        if replayed is not None:
            return replayed
        enrollment = session.get(Enrollment, body.enrollment_token)
        if enrollment is None or enrollment.uses_left <= 0:
            raise ApiError(401, "enrollment_invalid", "注册码无效或已用完，请向管理员申请新的注册码")
        try:
            load_pem_public_key(body.public_key_pem.encode())
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise invalid("终端公钥不是有效的 PEM 公钥", "invalid_public_key") from exc
        code = enrollment.terminal_code or _new_terminal_code(session)
        terminal = session.get(Terminal, code)
        if terminal is None:  # a pre-assigned code re-enrols an existing terminal and keeps its sequence
            terminal = Terminal(
                code=code,
                number_prefix=f"{platform.config.region_code}{code}",
                next_number=1,
                last_change_seq=0,
            )
            session.add(terminal)
        terminal.hostname = body.hostname
        terminal.public_key_pem = body.public_key_pem
        enrollment.uses_left -= 1
        session.flush()
        result = {
            "terminal_code": code,
            "number_block": new_block(session, platform, terminal, platform.config.first_block_size),
        }
        call.remember(session, 201, result, platform.iso_now())
    return JSONResponse(result, status_code=201)


@router.post("/number-blocks")
async def reserve_number_block(request: Request, who: Authenticated) -> JSONResponse:
    platform = platform_of(request)
    key = idempotency_key(request)
    parsed = await parse_body(request, NumberBlockBody)
    call = IdempotentRequest(who.terminal_code, key, "number-blocks", parsed.digest)
    with platform.db.transaction() as session:
        replayed = call.replay(session)
        if replayed is not None:
            return replayed
        terminal = session.get(Terminal, who.terminal_code)
        assert terminal is not None  # tokens reference terminals (foreign key)
        block = new_block(session, platform, terminal, parsed.model.size)
        call.remember(session, 201, block, platform.iso_now())
    return JSONResponse(block, status_code=201)
