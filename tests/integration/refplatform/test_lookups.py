"""Health, client version, catalogue delta, e-licences and pre-applications on a real server."""

from __future__ import annotations

import json

from refplatform.config import CATALOGUE_FILE
from tests.integration.refplatform.helpers import Api

CATALOGUE = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))


def test_health_answers_without_a_token(api: Api) -> None:
    response = api.get("/health", auth=False)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "T" in response.json()["time"]


def test_client_version_is_public_and_admin_can_change_it(api: Api) -> None:
    assert api.get("/client-version", auth=False).json()["latest"] == "0.1.0"
    new = {
        "latest": "0.2.0",
        "minimum": "0.1.5",
        "required_after": "2026-12-31T00:00:00+08:00",
        "notes": "修复",
    }
    assert api.admin("PUT", "/client-version", new).status_code == 200
    assert api.get("/client-version", auth=False).json() == new


def test_catalogue_without_version_gives_every_item(clerk: Api) -> None:
    body = clerk.get("/catalogue").json()
    assert body["version"] == CATALOGUE["catalogue_version"]
    assert body["hall_name"] == CATALOGUE["hall_name"]
    assert [item["code"] for item in body["items"]] == [item["code"] for item in CATALOGUE["items"]]
    assert body["removed"] == []


def test_catalogue_of_the_current_version_is_empty(clerk: Api) -> None:
    body = clerk.get("/catalogue", params={"since_version": CATALOGUE["catalogue_version"]}).json()
    assert body["items"] == []
    assert body["version"] == CATALOGUE["catalogue_version"]


def test_catalogue_of_an_older_or_unknown_version_gives_everything(clerk: Api) -> None:
    for since in ("2025.1.1", "no-such-version"):
        body = clerk.get("/catalogue", params={"since_version": since}).json()
        assert len(body["items"]) == len(CATALOGUE["items"])


def test_a_published_catalogue_reports_its_removals(clerk: Api) -> None:
    newer = dict(CATALOGUE, catalogue_version="2026.12.1", items=CATALOGUE["items"][1:])
    removed = [CATALOGUE["items"][0]["code"]]
    holidays = {"2027": {"holidays": ["2027-01-01"], "workdays": []}}
    published = clerk.admin(
        "PUT", "/catalogue", {"catalogue": newer, "removed": removed, "holiday_overrides": holidays}
    )
    assert published.status_code == 200
    body = clerk.get("/catalogue", params={"since_version": "2026.11.1"}).json()
    assert body["version"] == "2026.12.1"
    assert body["removed"] == removed
    assert body["holiday_overrides"] == holidays
    assert len(body["items"]) == len(CATALOGUE["items"]) - 1


def test_catalogue_needs_a_token(api: Api) -> None:
    response = api.get("/catalogue", auth=False)
    assert response.status_code == 401
    assert response.json()["code"] == "missing_token"


def test_elicences_of_a_holder_and_by_type(clerk: Api) -> None:
    body = clerk.get("/elicences", params={"holder_id": "110101199003070011"}).json()
    assert {lic["type"] for lic in body["licences"]} == {"居民身份证", "户口簿"}
    only = clerk.get("/elicences", params={"holder_id": "110101199003070011", "type": "户口簿"}).json()
    assert [lic["licence_id"] for lic in only["licences"]] == ["EL-HK-0001"]
    company = clerk.get("/elicences", params={"holder_id": "91350100M000100Y43"}).json()
    assert company["licences"][0]["type"] == "营业执照"
    assert clerk.get("/elicences", params={"holder_id": "440524188001010014"}).json() == {"licences": []}


def test_elicences_need_a_holder_and_a_token(clerk: Api) -> None:
    assert clerk.get("/elicences").status_code == 422
    assert clerk.get("/elicences", params={"holder_id": "110101199003070011"}, auth=False).status_code == 401


def test_pre_applications_by_number_or_holder(clerk: Api) -> None:
    by_number = clerk.get("/pre-applications", params={"number": "YS202611250002"}).json()["pre_applications"]
    assert [pre["applicant"]["name"] for pre in by_number] == ["李四"]
    by_holder = clerk.get("/pre-applications", params={"holder_id": "110101199003070011"}).json()
    assert [pre["number"] for pre in by_holder["pre_applications"]] == ["YS202611250001"]
    assert by_holder["pre_applications"][0]["answers"] == {"by_agent": False, "owns_premises": True}
    nothing = clerk.get("/pre-applications", params={"number": "YS000"}).json()
    assert nothing == {"pre_applications": []}


def test_pre_applications_need_a_number_or_a_holder(clerk: Api) -> None:
    response = clerk.get("/pre-applications")
    assert response.status_code == 422
    assert response.json()["code"] == "missing_query"


def test_unknown_paths_and_methods_answer_errors_in_the_contract_shape(clerk: Api) -> None:
    missing = clerk.get("/no-such-thing")
    assert missing.status_code == 404
    assert set(missing.json()) == {"code", "message"}
    wrong_method = clerk.request("DELETE", "/catalogue")
    assert wrong_method.status_code == 405
