"""Server-side fault knobs, observed by a real `requests` client."""

from __future__ import annotations

import pytest
import requests

from tests.integration.refplatform.helpers import Api, case_document, new_key

pytestmark = pytest.mark.chaos


def test_the_next_n_requests_answer_503_then_service_resumes(clerk: Api) -> None:
    clerk.fault(action="error", status=503, count=2)
    answers = [clerk.get("/health", auth=False) for _ in range(3)]
    assert [r.status_code for r in answers] == [503, 503, 200]
    assert answers[0].json()["code"] == "injected_fault"
    assert answers[0].headers["Retry-After"] == "1"
    assert clerk.counts()["faults_fired"] == 2


def test_an_injected_500_before_handling_stores_nothing(clerk: Api) -> None:
    clerk.fault(action="error", status=500, path_prefix="/cases")
    document, key = case_document(), new_key()
    assert clerk.get("/health", auth=False).status_code == 200  # the prefix does not match
    assert clerk.post("/cases", document, key=key).status_code == 500
    assert clerk.counts()["cases"] == 0
    assert clerk.post("/cases", document, key=key).status_code == 201


def test_a_500_after_the_commit_is_healed_by_the_retry(clerk: Api) -> None:
    clerk.fault(action="error", status=500, when="after", path_prefix="/cases", method="POST")
    document, key = case_document(), new_key()
    assert clerk.post("/cases", document, key=key).status_code == 500
    assert clerk.counts()["cases"] == 1  # the effect is there although the client saw a 500
    retry = clerk.post("/cases", document, key=key)
    assert retry.status_code == 200
    assert clerk.counts()["cases"] == 1


def test_a_drop_before_handling_is_a_connection_error_and_nothing_is_stored(clerk: Api) -> None:
    clerk.fault(action="drop", when="before", path_prefix="/cases")
    document, key = case_document(), new_key()
    with pytest.raises(requests.ConnectionError):
        clerk.post("/cases", document, key=key)
    assert clerk.counts()["cases"] == 0
    assert clerk.post("/cases", document, key=key).status_code == 201


def test_a_drop_after_the_commit_is_a_connection_error_but_the_case_is_stored(clerk: Api) -> None:
    clerk.fault(action="drop", when="after", path_prefix="/cases")
    document, key = case_document(), new_key()
    with pytest.raises(requests.ConnectionError):
        clerk.post("/cases", document, key=key)
    assert clerk.counts()["cases"] == 1
    retry = clerk.post("/cases", document, key=key)
    assert retry.status_code == 200  # the replay, not a second case
    counts = clerk.counts()
    assert (counts["cases"], counts["replays"]) == (1, 1)


def test_a_stall_longer_than_the_client_timeout_is_a_read_timeout(clerk: Api) -> None:
    clerk.fault(action="stall", seconds=1.0, path_prefix="/health")
    with pytest.raises(requests.ReadTimeout):
        clerk.get("/health", auth=False, timeout=0.3)
    assert clerk.get("/health", auth=False).status_code == 200


def test_a_stall_after_the_commit_times_out_the_client_but_keeps_the_effect(clerk: Api) -> None:
    clerk.fault(action="stall", seconds=1.0, when="after", path_prefix="/number-blocks")
    key = new_key()
    with pytest.raises(requests.ReadTimeout):
        clerk.post("/number-blocks", {"size": 10}, key=key, timeout=0.3)
    assert clerk.counts()["number_blocks"] == 1
    assert clerk.post("/number-blocks", {"size": 10}, key=key).status_code == 200


def test_a_short_stall_still_answers(clerk: Api) -> None:
    clerk.fault(action="stall", seconds=0.2, path_prefix="/health")
    assert clerk.get("/health", auth=False).status_code == 200
    assert clerk.admin("GET", "/faults").json()["rules"] == []


def test_admin_never_suffers_the_faults_and_lists_and_clears_them(clerk: Api) -> None:
    clerk.fault(action="error", status=503, count=5)
    assert clerk.counts()["faults_fired"] == 0  # /admin is outside the plan
    rules = clerk.admin("GET", "/faults").json()["rules"]
    assert [(r["action"], r["count"], r["path_prefix"]) for r in rules] == [("error", 5, "/api/v1")]
    assert clerk.admin("DELETE", "/faults").json()["rules"] == []
    assert clerk.get("/health", auth=False).status_code == 200


def test_admin_refuses_malformed_rules_and_wrong_tokens(clerk: Api) -> None:
    for rule in (
        {"action": "explode"},
        {"action": "error", "status": 404},
        {"action": "stall", "seconds": 0},
        {"action": "drop", "when": "during"},
        {"action": "drop", "count": 0},
        {"action": "drop", "colour": "red"},
    ):
        assert clerk.admin("POST", "/faults", rule).status_code == 422, rule
    wrong = clerk.session.get(f"{clerk.root}/admin/counts", headers={"X-Admin-Token": "nope"}, timeout=5)
    assert wrong.status_code == 401
    assert clerk.session.get(f"{clerk.root}/admin/counts", timeout=5).status_code == 401


def test_reset_forgets_cases_and_faults_and_seeds_again(clerk: Api) -> None:
    assert clerk.post("/cases", case_document(), key=new_key()).status_code == 201
    clerk.fault(action="error", count=3)
    assert clerk.admin("POST", "/reset").status_code == 200
    assert clerk.counts()["cases"] == 0
    assert clerk.admin("GET", "/faults").json()["rules"] == []
    assert clerk.get("/catalogue").status_code == 401  # tokens are gone too
    clerk.login()
    assert (
        clerk.post("/cases", case_document(), key=new_key()).json()["official_number"] == "330106XH03000001"
    )
