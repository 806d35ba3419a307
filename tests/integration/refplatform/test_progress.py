"""Accepted cases move 审查 → 审批 → 办结 by admin call or timer; the change feed has per-terminal seqs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import requests

from refplatform.config import CODES_FILE
from refplatform.server import PlatformServer
from tests.integration.refplatform.helpers import Api, case_document, new_key

CODES = json.loads(CODES_FILE.read_text(encoding="utf-8"))["change"]


def _accept(api: Api, status: str = "1") -> str:
    document = case_document(status=status)
    assert api.post("/cases", document, key=new_key()).status_code == 201
    return str(document["case_id"])


def _changes(api: Api, cursor: int = 0, limit: int = 100) -> dict:
    response = api.get("/cases/changes", params={"cursor": cursor, "limit": limit})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_one_admin_step_at_a_time_with_provincial_codes(clerk: Api) -> None:
    case_id = _accept(clerk)
    assert _changes(clerk) == {"changes": [], "next_cursor": 0}
    for expected in ("in_review", "approved", "result_ready"):
        response = clerk.admin("POST", f"/cases/{case_id}/advance")
        assert response.status_code == 200
        assert response.json()["progress"] == expected
    feed = _changes(clerk)
    assert [c["status"] for c in feed["changes"]] == [
        CODES["in_review"],
        CODES["approved"],
        CODES["result_ready"],
    ]
    assert [c["seq"] for c in feed["changes"]] == [1, 2, 3]
    assert {c["case_id"] for c in feed["changes"]} == {case_id}
    assert feed["next_cursor"] == 3
    final = clerk.admin("POST", f"/cases/{case_id}/advance")
    assert final.status_code == 409


def test_advance_to_a_status_passes_through_the_steps(clerk: Api) -> None:
    case_id = _accept(clerk)
    response = clerk.admin("POST", f"/cases/{case_id}/advance", {"to": "result_ready", "reason": "准予许可"})
    assert [c["status"] for c in response.json()["changes"]] == ["21", "22", "24"]
    assert response.json()["changes"][-1]["reason"] == "准予许可"


def test_advance_to_a_provincial_code_and_to_denied(clerk: Api) -> None:
    case_id = _accept(clerk)
    denied = clerk.admin("POST", f"/cases/{case_id}/advance", {"to": CODES["denied"], "reason": "不符合条件"})
    assert denied.status_code == 200
    assert denied.json()["progress"] == "denied"
    assert [c["status"] for c in _changes(clerk)["changes"]] == [CODES["in_review"], CODES["denied"]]
    assert clerk.admin("POST", f"/cases/{case_id}/advance", {"to": "approved"}).status_code == 409


def test_only_accepted_cases_move(clerk: Api) -> None:
    rejected = _accept(clerk, status="2")
    response = clerk.admin("POST", f"/cases/{rejected}/advance")
    assert response.status_code == 409
    assert response.json()["code"] == "not_advanceable"
    assert clerk.admin("POST", "/cases/advance").json() == {"advanced": 0}
    assert clerk.admin("POST", "/cases/0123456789abcdef0123456789abcdef/advance").status_code == 404
    assert clerk.admin("POST", f"/cases/{rejected}/advance", {"to": "nowhere"}).status_code == 422


def test_the_feed_pages_by_cursor_and_limit(clerk: Api) -> None:
    cases = [_accept(clerk) for _ in range(3)]
    for _ in range(2):
        assert clerk.admin("POST", "/cases/advance").json() == {"advanced": 3}
    first = _changes(clerk, limit=4)
    assert [c["seq"] for c in first["changes"]] == [1, 2, 3, 4]
    rest = _changes(clerk, cursor=first["next_cursor"], limit=4)
    assert [c["seq"] for c in rest["changes"]] == [5, 6]
    assert _changes(clerk, cursor=rest["next_cursor"]) == {"changes": [], "next_cursor": 6}
    assert {c["case_id"] for c in first["changes"] + rest["changes"]} == set(cases)


def test_a_cursor_past_the_end_is_answered_with_the_end(clerk: Api) -> None:
    _accept(clerk)
    clerk.admin("POST", "/cases/advance")
    assert _changes(clerk, cursor=50) == {"changes": [], "next_cursor": 1}


def test_each_terminal_sees_only_its_own_changes_numbered_from_one(clerk: Api) -> None:
    other = Api(clerk.root, clerk.session)
    other.login(terminal="XH01")
    mine = _accept(clerk)
    document = case_document(terminal="XH01")
    assert other.post("/cases", document, key=new_key()).status_code == 201
    clerk.admin("POST", "/cases/advance")
    assert [(c["case_id"], c["seq"]) for c in _changes(clerk)["changes"]] == [(mine, 1)]
    assert [(c["case_id"], c["seq"]) for c in _changes(other)["changes"]] == [(document["case_id"], 1)]


def test_the_feed_needs_a_token_and_a_valid_cursor(clerk: Api) -> None:
    assert clerk.get("/cases/changes", auth=False).status_code == 401
    assert clerk.get("/cases/changes", params={"cursor": -1}).status_code == 422
    assert clerk.get("/cases/changes", params={"limit": 501}).status_code == 422


def test_the_timer_walks_accepted_cases_to_result_ready(
    start_platform: Callable[..., PlatformServer], http: requests.Session
) -> None:
    server = start_platform(advance_every=0.1)
    api = Api(server.url, http)
    api.login()
    accepted, rejected = _accept(api), _accept(api, status="2")
    deadline = time.monotonic() + 15
    statuses: list[str] = []
    while time.monotonic() < deadline:
        statuses = [c["status"] for c in _changes(api)["changes"]]
        if len(statuses) >= 3:
            break
        time.sleep(0.05)
    assert statuses == [CODES["in_review"], CODES["approved"], CODES["result_ready"]]
    view = api.admin("GET", f"/cases/{accepted}").json()
    assert view["progress"] == "result_ready"
    assert api.admin("GET", f"/cases/{rejected}").json()["progress"] == "received"


def test_without_a_timer_nothing_moves_by_itself(clerk: Api, platform: PlatformServer) -> None:
    assert platform.config.advance_every == 0
    case_id = _accept(clerk)
    time.sleep(0.3)
    assert clerk.admin("GET", f"/cases/{case_id}").json()["progress"] == "received"
