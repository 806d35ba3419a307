"""Server-side fault knobs: the next N matching requests answer 500/503, stall, or lose their connection.

A drop really closes the TCP connection without a response: uvicorn runs with `DroppableH11Protocol`,
which makes the connection's transport reachable from the request's task (through a context variable
set just before uvicorn creates that task), and `FaultMiddleware` aborts it. "after" faults run the
request first (its transaction commits) and then stall, replace the answer, or drop the connection.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

API_PREFIX = "/api/v1"
Action = Literal["error", "stall", "drop"]
When = Literal["before", "after"]

CURRENT_TRANSPORT: contextvars.ContextVar[asyncio.Transport | None] = contextvars.ContextVar(
    "refplatform_transport", default=None
)


class DroppableH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, publishing its transport to the tasks it starts for requests."""

    def data_received(self, data: bytes) -> None:
        CURRENT_TRANSPORT.set(self.transport)
        super().data_received(data)


@dataclass
class FaultRule:
    action: Action
    when: When = "before"
    count: int = 1
    status: int = 503
    seconds: float = 0.0
    path_prefix: str = API_PREFIX
    method: str | None = None
    # The share of matching requests the rule hits (drawn from the plan's seeded random); 1.0: every one.
    probability: float = 1.0
    fired: int = 0

    def __post_init__(self) -> None:
        if self.action not in ("error", "stall", "drop") or self.when not in ("before", "after"):
            raise ValueError("action must be error|stall|drop and when before|after")
        if self.count < 1 or self.count > 10_000:
            raise ValueError("count must be 1..10000")
        if self.action == "error" and self.status not in (500, 502, 503, 504):
            raise ValueError("status must be 500, 502, 503 or 504")
        if not 0 < self.probability <= 1:
            raise ValueError("probability must be in (0, 1]")
        if self.action == "stall" and not 0 < self.seconds <= 120:
            raise ValueError("seconds must be in (0, 120]")
        if not self.path_prefix.startswith("/"):
            self.path_prefix = "/" + self.path_prefix
        if not self.path_prefix.startswith(API_PREFIX):
            self.path_prefix = API_PREFIX + self.path_prefix
        if self.method is not None:
            self.method = self.method.upper()

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path_prefix) and self.method in (None, method)


@dataclass
class FaultPlan:
    """Thread-safe: the admin API and tests (from their own thread) add rules, requests take them."""

    rules: list[FaultRule] = field(default_factory=list)
    fired_total: int = 0
    seed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self.rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first rule matching this request, counted down (spent rules are removed)."""
        with self._lock:
            for rule in self.rules:
                if rule.matches(method, path):
                    if rule.probability < 1 and self._random.random() >= rule.probability:
                        continue
                    rule.count -= 1
                    rule.fired += 1
                    self.fired_total += 1
                    if rule.count == 0:
                        self.rules.remove(rule)
                    return rule
            return None

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"rules": [asdict(rule) for rule in self.rules], "fired_total": self.fired_total}


class FaultMiddleware:
    """Pure ASGI: applies the plan to requests under /api/v1 (never to /admin)."""

    def __init__(self, app: ASGIApp, plan: FaultPlan) -> None:
        self.app = app
        self.plan = plan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        rule = self.plan.take(scope["method"], scope["path"])
        if rule is None:
            await self.app(scope, receive, send)
            return
        if rule.when == "before":
            if rule.action == "stall":
                await asyncio.sleep(rule.seconds)
                await self.app(scope, receive, send)
            elif rule.action == "error":
                await _send_error(send, rule.status)
            else:
                await _drop_connection(receive)
            return
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)  # the request's transaction has committed here
        if rule.action == "stall":
            await asyncio.sleep(rule.seconds)
            for message in held:
                await send(message)
        elif rule.action == "error":
            await _send_error(send, rule.status)
        else:
            await _drop_connection(receive)


async def _send_error(send: Send, status: int) -> None:
    body = json.dumps({"code": "injected_fault", "message": "平台暂时不可用，请稍后重试"}, ensure_ascii=False)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body.encode())).encode())]
    if status == 503:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body.encode(), "more_body": False})


async def _drop_connection(receive: Receive) -> None:
    """Close the TCP connection without a byte of response, and wait until uvicorn has noticed."""
    transport = CURRENT_TRANSPORT.get()
    if transport is None:
        raise RuntimeError("dropping a connection needs uvicorn with refplatform.faults.DroppableH11Protocol")
    transport.abort()

    async def until_disconnected() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    await asyncio.wait_for(until_disconnected(), timeout=5)
