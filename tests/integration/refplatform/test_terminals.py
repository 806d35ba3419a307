"""Terminal enrolment and official-number blocks: unique per terminal, idempotent per key."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.integration.refplatform.helpers import Api, new_key


def _public_key_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def test_enrolment_gives_a_code_and_a_first_block_and_the_clerk_can_log_in_there(api: Api) -> None:
    response = api.post(
        "/terminals/register",
        {"enrollment_token": "ENROLL-DEMO-0001", "public_key_pem": _public_key_pem(), "hostname": "win-7"},
        key=new_key(),
        auth=False,
    )
    assert response.status_code == 201
    body = response.json()
    code = body["terminal_code"]
    assert body["number_block"]["prefix"] == f"330106{code}"
    assert (body["number_block"]["first"], body["number_block"]["last"]) == (1, 100)
    assert api.login(terminal=code)["clerk"]["login"] == "demo"


def test_an_enrolment_token_with_a_code_assigns_that_code(api: Api) -> None:
    body = {"enrollment_token": "ENROLL-DEMO-0002", "public_key_pem": _public_key_pem(), "hostname": "h"}
    assert api.post("/terminals/register", body, key=new_key(), auth=False).json()["terminal_code"] == "XH09"


def test_enrolment_replays_for_the_same_key_and_refuses_a_reused_key(api: Api) -> None:
    key = new_key()
    body = {"enrollment_token": "ENROLL-DEMO-0001", "public_key_pem": _public_key_pem(), "hostname": "h"}
    first = api.post("/terminals/register", body, key=key, auth=False)
    again = api.post("/terminals/register", body, key=key, auth=False)
    assert first.status_code == again.status_code == 201  # the contract lists no 200 for enrolment
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    other = api.post("/terminals/register", dict(body, hostname="other"), key=key, auth=False)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert api.counts()["terminals"] == 4


def test_a_used_up_or_unknown_enrolment_token_is_401(api: Api) -> None:
    body = {"enrollment_token": "ENROLL-DEMO-0001", "public_key_pem": _public_key_pem(), "hostname": "h"}
    assert api.post("/terminals/register", body, key=new_key(), auth=False).status_code == 201
    used = api.post("/terminals/register", body, key=new_key(), auth=False)
    assert used.status_code == 401
    assert used.json()["code"] == "enrollment_invalid"
    unknown = dict(body, enrollment_token="NO-SUCH-TOKEN")
    assert api.post("/terminals/register", unknown, key=new_key(), auth=False).status_code == 401


def test_enrolment_needs_a_real_public_key_and_an_idempotency_key(api: Api) -> None:
    body = {"enrollment_token": "ENROLL-DEMO-MULTI", "public_key_pem": "-----BEGIN nonsense", "hostname": "h"}
    bad_key = api.post("/terminals/register", body, key=new_key(), auth=False)
    assert bad_key.status_code == 422
    assert bad_key.json()["code"] == "invalid_public_key"
    body["public_key_pem"] = _public_key_pem()
    missing = api.post("/terminals/register", body, auth=False)
    assert missing.status_code == 422
    assert missing.json()["code"] == "idempotency_key_missing"
    assert api.post("/terminals/register", body, key="short", auth=False).status_code == 422


def test_number_blocks_never_overlap_within_a_terminal(clerk: Api) -> None:
    blocks = []
    for size in (1, 50, 1000, 7):
        response = clerk.post("/number-blocks", {"size": size}, key=new_key())
        assert response.status_code == 201
        blocks.append(response.json())
    assert {b["prefix"] for b in blocks} == {"330106XH03"}
    ranges = sorted((b["first"], b["last"]) for b in blocks)
    assert [last - first + 1 for first, last in sorted(ranges, key=lambda r: r[0])] == [1, 50, 1000, 7]
    numbers = [n for first, last in ranges for n in range(first, last + 1)]
    assert len(numbers) == len(set(numbers)) == 1058
    assert len({b["block_id"] for b in blocks}) == 4


def test_number_blocks_of_two_terminals_have_their_own_prefixes(clerk: Api) -> None:
    mine = clerk.post("/number-blocks", {"size": 10}, key=new_key()).json()
    other = Api(clerk.root, clerk.session)
    other.login(terminal="XH01")
    theirs = other.post("/number-blocks", {"size": 10}, key=new_key()).json()
    assert mine["prefix"] != theirs["prefix"]
    assert (theirs["first"], theirs["last"]) == (1, 10)


def test_a_number_block_request_replays_and_refuses_a_reused_key(clerk: Api) -> None:
    key = new_key()
    first = clerk.post("/number-blocks", {"size": 20}, key=key)
    again = clerk.post("/number-blocks", {"size": 20}, key=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert clerk.post("/number-blocks", {"size": 21}, key=key).json()["code"] == "idempotency_key_reused"
    assert clerk.counts()["number_blocks"] == 1


def test_number_block_sizes_are_bounded(clerk: Api) -> None:
    for size in (0, 1001, "5"):
        assert clerk.post("/number-blocks", {"size": size}, key=new_key()).status_code == 422
    assert clerk.post("/number-blocks", {"size": 5}, key=new_key(), auth=False).status_code == 401
