"""Server-side idempotency keys: the first successful response is stored with its effect and replayed.

A key is scoped to the terminal that sent it (enrolment, which has no terminal yet, has its own scope).
The record is written in the SAME transaction as the effect, so a crash or a dropped connection can
never leave an effect without its key or a key without its effect.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from refplatform.db import bump
from refplatform.errors import ApiError, invalid
from refplatform.models import IdempotencyRecord


def idempotency_key(request: Request) -> str:
    key = request.headers.get("idempotency-key")
    if key is None:
        raise invalid("缺少 Idempotency-Key 请求头", "idempotency_key_missing")
    if not 8 <= len(key) <= 128:
        raise invalid("Idempotency-Key 长度应为 8–128 个字符", "idempotency_key_invalid")
    return key


@dataclass(frozen=True)
class IdempotentRequest:
    """One mutating request: the key's scope (a terminal, or "register"), the key, the endpoint, the body."""

    scope: str
    key: str
    endpoint: str
    request_hash: str

    @property
    def record_id(self) -> str:
        return f"{self.scope}\x1f{self.key}"

    def replay(self, session: Session, status: int = 200) -> JSONResponse | None:
        """The stored response for a repeated request; 422 when the key was used for a different one."""
        record = session.get(IdempotencyRecord, self.record_id)
        if record is None:
            return None
        if record.endpoint != self.endpoint or record.request_hash != self.request_hash:
            raise ApiError(
                422, "idempotency_key_reused", "Idempotency-Key 已用于另一个不同的请求，请为新请求生成新的键"
            )
        bump(session, "replays")
        headers = {"Idempotent-Replayed": "true"}
        return JSONResponse(json.loads(record.body), status_code=status, headers=headers)

    def remember(self, session: Session, status: int, body: dict[str, Any], created_at: str) -> None:
        session.add(
            IdempotencyRecord(
                key=self.record_id,
                endpoint=self.endpoint,
                request_hash=self.request_hash,
                status=status,
                body=json.dumps(body, ensure_ascii=False),
                created_at=created_at,
            )
        )
