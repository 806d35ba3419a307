"""The running platform conforms to resources/platform/openapi.yaml (schemathesis, positive examples).

Each operation of the contract is one test: examples generated from the document are sent with a valid
bearer token to a real server on loopback; status codes, content types, headers and bodies are
checked against the document. Bounded (few examples each) and derandomised, so a run is repeatable.

Purely random examples mostly reach the error paths (an unknown upload id, a terminal code that is not
the token's). Every other example is therefore made plausible first (`_plausible`: the token's
terminal, provincial codes, a real upload id, the demo clerk's password) so that the success paths'
status codes, headers and bodies are checked against the document too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
import schemathesis
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from refplatform.server import PlatformServer
from tests.conftest import ROOT
from tests.integration.refplatform.conftest import make_config
from tests.integration.refplatform.helpers import Api

CONTRACT = ROOT / "resources" / "platform" / "openapi.yaml"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_path(CONTRACT)
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")
OPERATIONS = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
schema.config.generation.update(modes=[GenerationMode.POSITIVE])


@pytest.fixture(scope="module")
def contract_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformServer]:
    """One platform for the whole module: operations run against the state the earlier ones left."""
    server = PlatformServer(make_config(tmp_path_factory.mktemp("contract"))).start()
    yield server
    server.stop()


@dataclass
class Session:
    token: str
    refresh_tokens: list[str]
    upload_id: str
    examples: int = 0


@pytest.fixture(scope="module")
def contract_session(contract_platform: PlatformServer) -> Session:
    with requests.Session() as http:
        api = Api(contract_platform.url, http)
        tokens = api.login()
        refresh = [api.login()["refresh_token"] for _ in range(len(OPERATIONS))]
        upload = {
            "case_id": "0" * 32,
            "material_id": "m",
            "size": 64,
            "sha256": "0" * 64,
            "media_type": "a/b",
        }
        upload_id = api.post("/uploads", upload, key="contract-upload").json()["upload_id"]
    return Session(tokens["access_token"], refresh, upload_id)


def _public_key_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def _plausible(case: schemathesis.Case, session: Session) -> None:
    """Turn a random example into one the platform can accept (in place)."""
    operation = (case.method.upper(), case.path)
    body = case.body if isinstance(case.body, dict) else {}
    if case.path_parameters and "upload_id" in case.path_parameters:
        case.path_parameters["upload_id"] = session.upload_id
    if operation == ("POST", "/cases") and body:
        body.update(terminal_code="XH03", status=("1", "2", "3")[session.examples % 3])
        body["applicant"]["id_type"] = "111"
        if isinstance(body.get("agent"), dict):
            body["agent"]["id_type"] = "414"
    elif operation == ("POST", "/audit") and body:
        for entry in body.get("entries", []):
            entry["terminal_code"] = "XH03"
    elif operation == ("POST", "/auth/login") and body:
        body.update(login="demo", password="Demo@2026", terminal_code="XH03")
    elif operation == ("POST", "/auth/refresh") and body and session.refresh_tokens:
        body["refresh_token"] = session.refresh_tokens.pop()
    elif operation == ("POST", "/terminals/register") and body:
        body.update(enrollment_token="ENROLL-DEMO-MULTI", public_key_pem=_public_key_pem())
    elif operation == ("GET", "/elicences") and case.query:
        case.query["holder_id"] = "110101199003070011"
        case.query.pop("type", None)
    elif operation == ("GET", "/pre-applications") and case.query is not None:
        case.query["number"] = "YS202611250001"


def test_the_contract_has_every_operation_the_server_implements() -> None:
    assert len(OPERATIONS) == 16
    assert ("PATCH", "/uploads/{upload_id}") in OPERATIONS


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_server_conforms_to_the_contract(
    case: schemathesis.Case, contract_platform: PlatformServer, contract_session: Session
) -> None:
    contract_session.examples += 1
    if contract_session.examples % 2 == 0:
        _plausible(case, contract_session)
    with requests.Session() as http:
        case.call_and_validate(
            base_url=contract_platform.api_url,
            session=http,
            headers={"Authorization": f"Bearer {contract_session.token}"},
            checks=CHECKS,
            timeout=10,
        )


def test_every_operation_behind_the_bearer_documents_401() -> None:
    """A token can expire between any two calls, so every protected operation can answer 401."""
    missing = [
        f"{method} {path}"
        for path, item in schema.raw_schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "head", "post", "patch"}
        and operation.get("security", schema.raw_schema["security"])
        and "401" not in operation["responses"]
    ]
    assert missing == []


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_with_a_stale_token_the_answers_still_conform(
    case: schemathesis.Case, contract_platform: PlatformServer
) -> None:
    with requests.Session() as http:
        response = case.call_and_validate(
            base_url=contract_platform.api_url,
            session=http,
            headers={"Authorization": "Bearer stale-token-from-yesterday"},
            checks=CHECKS,
            timeout=10,
        )
    if case.operation.definition.raw.get("security", schema.raw_schema["security"]):
        assert response.status_code == 401
