"""A small client for the reference platform in tests: base URL, timeouts, tokens, idempotency keys."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import threading
import uuid
from typing import Any

import requests

ADMIN_TOKEN = "test-admin-token-0123456789"
TIMEOUT = 10.0


class ManualClock:
    """The platform's clock, moved by the test (token expiry without waiting)."""

    def __init__(self) -> None:
        self._now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += dt.timedelta(seconds=seconds)


class Api:
    """Requests against one platform; every call has a timeout, mutating calls an Idempotency-Key."""

    def __init__(self, root: str, session: requests.Session, verify: Any = True) -> None:
        self.root = root.rstrip("/")
        self.session = session
        self.verify = verify
        self.token: str | None = None
        self.refresh_token: str | None = None

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        key: str | None = None,
        auth: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        all_headers = dict(headers or {})
        bearer = token if token is not None else (self.token if auth else None)
        if bearer:
            all_headers["Authorization"] = f"Bearer {bearer}"
        if key is not None:
            all_headers["Idempotency-Key"] = key
        kwargs.setdefault("timeout", TIMEOUT)
        url = path if path.startswith("http") else f"{self.root}/api/v1{path}"
        return self.session.request(method, url, headers=all_headers, verify=self.verify, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any, *, key: str | None = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=body, key=key, **kwargs)

    def login(
        self, login: str = "demo", password: str = "Demo@2026", terminal: str = "XH03"
    ) -> dict[str, Any]:
        response = self.post(
            "/auth/login", {"login": login, "password": password, "terminal_code": terminal}, auth=False
        )
        assert response.status_code == 200, response.text
        tokens: dict[str, Any] = response.json()
        self.token = tokens["access_token"]
        self.refresh_token = tokens["refresh_token"]
        return tokens

    def admin(self, method: str, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        headers = {"X-Admin-Token": ADMIN_TOKEN}
        kwargs.setdefault("timeout", TIMEOUT)
        return self.session.request(
            method, f"{self.root}/admin{path}", json=body, headers=headers, verify=self.verify, **kwargs
        )

    def counts(self) -> dict[str, int]:
        response = self.admin("GET", "/counts")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def fault(self, **rule: Any) -> None:
        response = self.admin("POST", "/faults", rule)
        assert response.status_code == 201, response.text


def new_key() -> str:
    return uuid.uuid4().hex


def case_document(
    case_id: str | None = None,
    *,
    data_version: int = 1,
    status: str = "1",
    terminal: str = "XH03",
    official_number: str | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """A case as the workstation sends it (the platform's provincial codes: 1 accepted, 111 ID card)."""
    document: dict[str, Any] = {
        "case_id": case_id or uuid.uuid4().hex,
        "local_number": "XH03-20261125-00001",
        "official_number": official_number,
        "data_version": data_version,
        "status": status,
        "applicant_kind": "1",
        "applicant": {
            "name": "张三",
            "id_type": "111",
            "id_number": "110101199003070011",
            "phone": "13800138000",
        },
        "agent": None,
        "items": [
            {
                "code": "330106-SCJG-001",
                "name": "个体工商户设立登记",
                "legal_due": "2026-11-30",
                "promised_due": "2026-11-25",
                "deadline_provisional": False,
            }
        ],
        "materials": [
            {
                "material_id": "application_form",
                "name": "个体工商户登记（备案）申请书",
                "received": True,
                "form": "original",
                "count": 1,
            }
        ],
        "answers": {"by_agent": False, "owns_premises": True},
        "form_data": {},
        "accepted_at": "2026-11-25T09:30:00+08:00",
        "terminal_code": terminal,
        "window": "综合受理3号窗口",
        "clerk": "demo",
        "catalogue_version": "2026.11.1",
    }
    document.update(overrides)
    return document


def checksum(chunk: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(chunk).digest()).decode()
