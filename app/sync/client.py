"""HTTPS to the platform: one requests.Session, a timeout on every request, verification always on.

Errors are typed by what the caller should do: retry later (PlatformUnavailable), log in again
(AuthExpired), or stop and show the server's message (PlatformRejected).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0

    def pair(self) -> tuple[float, float]:
        return (self.connect, self.read)


class PlatformError(Exception):
    """Base of everything the platform client raises."""


class PlatformUnavailable(PlatformError):
    """Network down, connection reset, timeout, TLS failure, or a 5xx: try again later."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class AuthExpired(PlatformError):
    """The access token is missing, expired or revoked (401): refresh or log in, keep the work queued."""


class PlatformRejected(PlatformError):
    """The platform understood and refused (4xx other than 401): retrying the same request will not help."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Response:
    status: int
    body: Any
    headers: Mapping[str, str]


class _TimeoutAdapter(HTTPAdapter):
    """Applies the default timeout to every request that does not carry its own."""

    def __init__(self, timeouts: Timeouts) -> None:
        super().__init__(max_retries=0)  # retries are the outbox's job, with idempotency keys
        self._timeouts = timeouts

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self._timeouts.pair()
        return super().send(request, **kwargs)


class PlatformClient:
    """Thread-safe for separate instances only: each sync lane owns one client (one Session)."""

    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: Path | None = None,
        timeouts: Timeouts | None = None,
        user_agent: str = "yichuang-workstation",
    ) -> None:
        if not base_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError("the platform must be reached over HTTPS (plain HTTP only on loopback)")
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts or Timeouts()
        self._session = requests.Session()
        adapter = _TimeoutAdapter(self.timeouts)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        # Verification is always on: a private CA bundle when configured, the system store otherwise.
        # It is passed with every request, because requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE in
        # the environment override a Session's own `verify`.
        self._verify: str | bool = str(ca_bundle) if ca_bundle is not None else True
        self._session.headers["User-Agent"] = user_agent
        self._token: str | None = None

    def set_token(self, token: str | None) -> None:
        self._token = token

    def close(self) -> None:
        self._session.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        auth: bool = True,
        timeout: tuple[float, float] | None = None,
    ) -> Response:
        all_headers = dict(headers or {})
        if idempotency_key is not None:
            all_headers["Idempotency-Key"] = idempotency_key
        if auth:
            if self._token is None:
                raise AuthExpired("not logged in to the platform")
            all_headers["Authorization"] = f"Bearer {self._token}"
        try:
            raw = self._session.request(
                method,
                f"{self.base_url}{API_PREFIX}{path}",
                json=json,
                params=params,
                data=data,
                headers=all_headers,
                timeout=timeout,
                verify=self._verify,
            )
        except requests.exceptions.SSLError as exc:
            # A certificate problem does not fix itself by retrying fast, but it is not the clerk's
            # fault either: report it as unavailable with the reason IT staff need.
            raise PlatformUnavailable(f"TLS: {_short(exc)}") from exc
        except requests.exceptions.Timeout as exc:
            raise PlatformUnavailable("timeout") from exc
        except requests.exceptions.RequestException as exc:
            raise PlatformUnavailable(f"connection: {_short(exc)}") from exc
        except OSError as exc:  # requests raises a bare OSError for an unreadable CA bundle
            raise PlatformUnavailable(f"TLS: {_short(exc)}") from exc
        return self._check(raw)

    @staticmethod
    def _check(raw: requests.Response) -> Response:
        body: Any = None
        if raw.content and raw.headers.get("Content-Type", "").startswith("application/json"):
            try:
                body = raw.json()
            except ValueError:
                body = None
        if raw.status_code == 401:
            raise AuthExpired(_message(body) or "401")
        if raw.status_code >= 500:
            raise PlatformUnavailable(f"server error {raw.status_code}: {_message(body)}", raw.status_code)
        if raw.status_code >= 400:
            code = body.get("code", "") if isinstance(body, dict) else ""
            raise PlatformRejected(raw.status_code, str(code), _message(body))
        return Response(raw.status_code, body, raw.headers)


def _message(body: Any) -> str:
    if isinstance(body, dict):
        return str(body.get("message", ""))
    return ""


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 200 else text[:200] + "…"
