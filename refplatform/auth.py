"""Clerk login, bearer tokens bound to a terminal, refresh-token rotation."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy import update
from sqlalchemy.orm import Session

from refplatform.errors import ApiError, unauthorized
from refplatform.models import AuthToken, Clerk, Terminal
from refplatform.passwords import verify_password
from refplatform.platform import Platform, platform_of
from refplatform.schemas import LoginBody, RefreshBody, parse_body

router = APIRouter()


@dataclass(frozen=True)
class Principal:
    clerk: str
    terminal_code: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def authenticated(request: Request) -> Principal:
    """FastAPI dependency: the clerk and terminal behind a valid, unexpired access token."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("请先登录", "missing_token")
    platform = platform_of(request)
    with platform.db.transaction() as session:
        row = session.get(AuthToken, token_hash(token.strip()))
        if row is None or row.kind != "access" or row.revoked:
            raise unauthorized("登录凭证无效，请重新登录", "invalid_token")
        if row.expires_at <= platform.timestamp():
            raise unauthorized("登录已过期，请刷新或重新登录", "token_expired")
        return Principal(row.clerk_login, row.terminal_code)


Authenticated = Annotated[Principal, Depends(authenticated)]


def _issue(session: Session, platform: Platform, clerk: Clerk, terminal_code: str) -> dict[str, Any]:
    config = platform.config
    now = platform.timestamp()
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        AuthToken(
            token_hash=token_hash(access),
            kind="access",
            clerk_login=clerk.login,
            terminal_code=terminal_code,
            expires_at=now + config.access_token_seconds,
            revoked=False,
        )
    )
    session.add(
        AuthToken(
            token_hash=token_hash(refresh),
            kind="refresh",
            clerk_login=clerk.login,
            terminal_code=terminal_code,
            expires_at=now + config.refresh_token_seconds,
            revoked=False,
        )
    )
    return {
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": config.access_token_seconds,
        "token_type": "Bearer",
        "terminal_code": terminal_code,
        "clerk": {"login": clerk.login, "display_name": clerk.display_name, "role": clerk.role},
    }


@router.post("/auth/login")
async def login(request: Request) -> JSONResponse:
    platform = platform_of(request)
    body = (await parse_body(request, LoginBody)).model
    config = platform.config
    with platform.db.transaction() as session:
        clerk = session.get(Clerk, body.login)
        now = platform.timestamp()
        if clerk is not None and (clerk.disabled or clerk.locked_until > now):
            raise ApiError(423, "account_locked", "账号已锁定，请联系管理员或稍后再试")
        if clerk is None or not verify_password(body.password, clerk.password_hash):
            if clerk is not None:
                clerk.failed_logins += 1
                if clerk.failed_logins >= config.max_failed_logins:
                    clerk.locked_until = now + config.lockout_seconds
                    clerk.failed_logins = 0
            # The failed count must survive the error: commit it, then answer.
            failed = True
        else:
            failed = False
            if session.get(Terminal, body.terminal_code) is None:
                raise ApiError(422, "unknown_terminal", "终端未在平台登记，请先完成终端注册")
            clerk.failed_logins = 0
            tokens = _issue(session, platform, clerk, body.terminal_code)
    if failed:
        raise unauthorized("用户名或密码错误", "bad_credentials")
    return JSONResponse(tokens)


@router.post("/auth/refresh")
async def refresh(request: Request) -> JSONResponse:
    platform = platform_of(request)
    body = (await parse_body(request, RefreshBody)).model
    with platform.db.transaction() as session:
        row = session.get(AuthToken, token_hash(body.refresh_token))
        now = platform.timestamp()
        if row is None or row.kind != "refresh" or row.revoked or row.expires_at <= now:
            raise unauthorized("登录已过期，请重新登录", "invalid_refresh_token")
        clerk = session.get(Clerk, row.clerk_login)
        if clerk is None or clerk.disabled or clerk.locked_until > now:
            raise unauthorized("账号不可用，请重新登录", "clerk_unavailable")
        row.revoked = True  # refresh tokens are single-use (rotation)
        tokens = _issue(session, platform, clerk, row.terminal_code)
    return JSONResponse(tokens)


def expire_tokens(session: Session, kind: str | None, now: float) -> int:
    """Admin: make every (access / refresh / any) token expire now; returns how many."""
    statement = update(AuthToken).where(AuthToken.expires_at > now).values(expires_at=now)
    if kind is not None:
        statement = statement.where(AuthToken.kind == kind)
    return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]
