"""Login, bearer tokens bound to a terminal, expiry and refresh, lockout; passwords stored as scrypt."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import requests

from refplatform.server import PlatformServer
from tests.integration.refplatform.helpers import Api, ManualClock, case_document, new_key


def _login(api: Api, login: str, password: str, terminal: str = "XH03") -> requests.Response:
    return api.post(
        "/auth/login", {"login": login, "password": password, "terminal_code": terminal}, auth=False
    )


def test_login_gives_tokens_and_the_clerk(api: Api) -> None:
    tokens = api.login("leader", "Leader@2026", "XH01")
    assert tokens["clerk"] == {"login": "leader", "display_name": "演示科长", "role": "supervisor"}
    assert tokens["expires_in"] == 900
    assert tokens["access_token"] != tokens["refresh_token"]
    assert api.get("/catalogue", params={"since_version": "2026.11.1"}).status_code == 200


def test_wrong_password_and_unknown_clerk_are_401(api: Api) -> None:
    for login, password in (("demo", "wrong"), ("nobody", "Demo@2026")):
        response = _login(api, login, password)
        assert response.status_code == 401
        assert response.json()["code"] == "bad_credentials"


def test_unregistered_terminal_is_422(api: Api) -> None:
    response = _login(api, "demo", "Demo@2026", "ZZ99")
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_terminal"


def test_malformed_login_is_422_in_the_error_shape(api: Api) -> None:
    response = api.post(
        "/auth/login", {"login": "demo", "password": "x", "terminal_code": "lower"}, auth=False
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert "terminal_code" in response.json()["message"]


def test_a_disabled_account_is_423(api: Api) -> None:
    assert _login(api, "locked", "Locked@2026").status_code == 423


def test_repeated_failures_lock_the_account_until_the_lockout_ends(
    start_platform: Callable[..., PlatformServer], http: requests.Session, clock: ManualClock
) -> None:
    server = start_platform(max_failed_logins=3, lockout_seconds=60, clock=clock)
    api = Api(server.url, http)
    assert [_login(api, "demo", "bad").status_code for _ in range(3)] == [401, 401, 401]
    assert _login(api, "demo", "Demo@2026").status_code == 423
    clock.advance(61)
    assert _login(api, "demo", "Demo@2026").status_code == 200


def test_the_token_carries_the_terminal(clerk: Api) -> None:
    """Cases are checked against the terminal the token was issued for (XH03 here)."""
    response = clerk.post("/cases", case_document(terminal="XH01"), key=new_key())
    assert response.status_code == 422
    assert response.json()["code"] == "terminal_mismatch"


def test_missing_or_bogus_bearer_is_401(api: Api) -> None:
    assert api.get("/catalogue", auth=False).json()["code"] == "missing_token"
    bogus = api.get("/catalogue", token="not-a-token")
    assert bogus.status_code == 401
    assert bogus.headers["WWW-Authenticate"] == "Bearer"
    assert bogus.json()["code"] == "invalid_token"


def test_refresh_token_is_not_an_access_token(clerk: Api) -> None:
    assert clerk.get("/catalogue", token=clerk.refresh_token).json()["code"] == "invalid_token"


def test_an_expired_token_is_refused_and_a_refresh_gives_a_working_one(
    start_platform: Callable[..., PlatformServer], http: requests.Session, clock: ManualClock
) -> None:
    server = start_platform(access_token_seconds=60, refresh_token_seconds=3600, clock=clock)
    api = Api(server.url, http)
    tokens = api.login()
    assert tokens["expires_in"] == 60
    clock.advance(61)
    expired = api.get("/catalogue")
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired"
    refreshed = api.post("/auth/refresh", {"refresh_token": tokens["refresh_token"]}, auth=False)
    assert refreshed.status_code == 200
    assert refreshed.json()["clerk"]["login"] == "demo"
    assert api.get("/catalogue", token=refreshed.json()["access_token"]).status_code == 200


def test_a_refresh_token_works_once(clerk: Api) -> None:
    first = clerk.post("/auth/refresh", {"refresh_token": clerk.refresh_token}, auth=False)
    assert first.status_code == 200
    again = clerk.post("/auth/refresh", {"refresh_token": clerk.refresh_token}, auth=False)
    assert again.status_code == 401
    assert again.json()["code"] == "invalid_refresh_token"


def test_an_expired_refresh_token_is_401(
    start_platform: Callable[..., PlatformServer], http: requests.Session, clock: ManualClock
) -> None:
    server = start_platform(access_token_seconds=60, refresh_token_seconds=120, clock=clock)
    api = Api(server.url, http)
    tokens = api.login()
    clock.advance(121)
    assert (
        api.post("/auth/refresh", {"refresh_token": tokens["refresh_token"]}, auth=False).status_code == 401
    )
    assert api.post("/auth/refresh", {}, auth=False).status_code == 422


def test_admin_can_expire_every_access_token(clerk: Api) -> None:
    assert clerk.get("/catalogue", params={"since_version": "2026.11.1"}).status_code == 200
    expired = clerk.admin("POST", "/tokens/expire", {"kind": "access"})
    assert expired.json()["expired"] >= 1
    assert clerk.get("/catalogue").json()["code"] == "token_expired"
    assert clerk.post("/auth/refresh", {"refresh_token": clerk.refresh_token}, auth=False).status_code == 200


def test_passwords_and_tokens_are_not_stored_in_plaintext(clerk: Api, platform: PlatformServer) -> None:
    database = platform.config.database_file
    with sqlite3.connect(database) as db:
        hashes = [row[0] for row in db.execute("SELECT password_hash FROM clerks")]
        tokens = [row[0] for row in db.execute("SELECT token_hash FROM auth_tokens")]
    db.close()
    assert hashes
    assert all(h.startswith("scrypt$") for h in hashes)
    assert clerk.token not in tokens
    data = b"".join(p.read_bytes() for p in database.parent.glob("platform.sqlite3*"))
    assert b"Demo@2026" not in data
    assert clerk.token is not None
    assert clerk.token.encode() not in data
