"""Case documents: exactly once per (case_id, data_version), idempotency keys, resends, official numbers."""

from __future__ import annotations

import json
import sqlite3

from refplatform.server import PlatformServer
from tests.integration.refplatform.helpers import Api, case_document, new_key


def test_a_new_case_is_received_with_an_official_number_from_the_terminal_prefix(clerk: Api) -> None:
    document = case_document()
    response = clerk.post("/cases", document, key=new_key())
    assert response.status_code == 201
    receipt = response.json()
    assert receipt["case_id"] == document["case_id"]
    assert receipt["data_version"] == 1
    assert receipt["official_number"] == "330106XH03000001"
    assert receipt["received_at"].startswith("20")
    second = clerk.post("/cases", case_document(), key=new_key()).json()
    assert second["official_number"] == "330106XH03000002"


def test_server_numbers_and_reserved_blocks_never_collide(clerk: Api) -> None:
    block = clerk.post("/number-blocks", {"size": 5}, key=new_key()).json()
    number = clerk.post("/cases", case_document(), key=new_key()).json()["official_number"]
    assert int(number.removeprefix(block["prefix"])) not in range(block["first"], block["last"] + 1)


def test_an_official_number_from_the_client_is_kept(clerk: Api) -> None:
    document = case_document(official_number="330106XH03000777")
    assert clerk.post("/cases", document, key=new_key()).json()["official_number"] == "330106XH03000777"


def test_a_replay_with_the_same_key_returns_the_stored_receipt_with_200(clerk: Api) -> None:
    key, document = new_key(), case_document()
    first = clerk.post("/cases", document, key=key)
    again = clerk.post("/cases", document, key=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    counts = clerk.counts()
    assert (counts["cases"], counts["replays"], counts["duplicates_detected"]) == (1, 1, 0)


def test_the_same_key_with_another_body_is_422(clerk: Api) -> None:
    key, document = new_key(), case_document()
    assert clerk.post("/cases", document, key=key).status_code == 201
    changed = dict(document, reason="改了")
    response = clerk.post("/cases", changed, key=key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert clerk.counts()["cases"] == 1


def test_the_same_body_reserialised_is_still_a_replay(clerk: Api) -> None:
    key, document = new_key(), case_document()
    assert clerk.post("/cases", document, key=key).status_code == 201
    reordered = json.dumps(dict(reversed(list(document.items()))), ensure_ascii=True)
    again = clerk.request(
        "POST", "/cases", key=key, data=reordered, headers={"Content-Type": "application/json"}
    )
    assert again.status_code == 200


def test_a_lost_key_is_caught_by_case_id_and_data_version(clerk: Api) -> None:
    """The outbox lost its key (or sent twice under two keys): exactly once all the same."""
    document = case_document()
    first = clerk.post("/cases", document, key=new_key())
    again = clerk.post("/cases", document, key=new_key())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    counts = clerk.counts()
    assert (counts["cases"], counts["distinct_case_ids"], counts["duplicates_detected"]) == (1, 1, 1)


def test_the_same_data_version_with_other_content_is_409(clerk: Api) -> None:
    document = case_document()
    assert clerk.post("/cases", document, key=new_key()).status_code == 201
    response = clerk.post("/cases", dict(document, reason="内容变了但版本没变"), key=new_key())
    assert response.status_code == 409
    assert response.json()["code"] == "data_version_conflict"


def test_a_higher_data_version_is_a_resend_that_keeps_the_official_number(clerk: Api) -> None:
    document = case_document(status="3", reason="缺少身份证复印件")  # 补正 first
    first = clerk.post("/cases", document, key=new_key()).json()
    resend = clerk.post("/cases", dict(document, data_version=2, status="1", reason=None), key=new_key())
    assert resend.status_code == 201
    assert resend.json()["official_number"] == first["official_number"]
    assert resend.json()["data_version"] == 2
    view = clerk.admin("GET", f"/cases/{document['case_id']}").json()
    assert (view["versions"], view["decision"], view["data_version"]) == ([1, 2], "accepted", 2)
    counts = clerk.counts()
    assert (counts["cases"], counts["distinct_case_ids"]) == (2, 1)


def test_an_older_data_version_after_a_newer_one_is_409(clerk: Api) -> None:
    document = case_document(data_version=3)
    assert clerk.post("/cases", document, key=new_key()).status_code == 201
    response = clerk.post("/cases", dict(document, data_version=2), key=new_key())
    assert response.status_code == 409
    assert response.json()["code"] == "stale_data_version"


def test_a_case_of_another_terminal_is_409(clerk: Api) -> None:
    document = case_document()
    assert clerk.post("/cases", document, key=new_key()).status_code == 201
    other = Api(clerk.root, clerk.session)
    other.login(terminal="XH01")
    response = other.post("/cases", dict(document, terminal_code="XH01", data_version=2), key=new_key())
    assert response.status_code == 409
    assert response.json()["code"] == "case_of_other_terminal"


def test_codes_outside_the_provincial_lists_are_422(clerk: Api) -> None:
    bad_status = clerk.post("/cases", case_document(status="21"), key=new_key())
    assert bad_status.json()["code"] == "unknown_status"
    person = {"name": "张三", "id_type": "1", "id_number": "110101199003070011"}
    bad_id = clerk.post("/cases", case_document(applicant=person), key=new_key())
    assert bad_id.json()["code"] == "unknown_id_type"
    agent = {"name": "王五", "id_type": "414", "id_number": "E12345678"}
    assert clerk.post("/cases", case_document(agent=agent), key=new_key()).status_code == 201


def test_malformed_cases_are_422_and_store_nothing(clerk: Api) -> None:
    for broken in (
        case_document(case_id="not-hex"),
        case_document(items=[]),
        case_document(applicant_kind="3"),
        case_document(accepted_at="2026-11-25T09:30:00"),  # no offset
        case_document(data_version=0),
    ):
        response = clerk.post("/cases", broken, key=new_key())
        assert response.status_code == 422, broken
        assert response.json()["code"] == "invalid_request"
    not_json = clerk.request(
        "POST", "/cases", key=new_key(), data=b"{", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 422
    assert clerk.post("/cases", case_document()).json()["code"] == "idempotency_key_missing"
    assert clerk.counts()["cases"] == 0


def test_a_case_needs_a_token(api: Api) -> None:
    assert api.post("/cases", case_document(), key=new_key(), auth=False).status_code == 401


def test_stored_cases_survive_a_restart(clerk: Api, platform: PlatformServer, start_platform) -> None:
    document = case_document()
    receipt = clerk.post("/cases", document, key=new_key()).json()
    platform.stop()
    restarted = start_platform(data_dir=platform.config.data_dir)
    api = Api(restarted.url, clerk.session)
    api.login()
    assert api.post("/cases", document, key=new_key()).json() == receipt
    with sqlite3.connect(platform.config.database_file) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT count(*) FROM clerks WHERE login = 'demo'").fetchone()[0] == 1
    db.close()
