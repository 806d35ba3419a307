"""HTTPS with a CA made at start-up; a client that trusts that CA refuses expired, wrong-host, self-signed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from refplatform.server import PlatformServer
from refplatform.tls import (
    CertificateAuthority,
    ServerIdentity,
    expired_certificate,
    issue_server_certificate,
    make_ca,
    self_signed_certificate,
    wrong_host_certificate,
)
from tests.integration.refplatform.helpers import Api, new_key


def _health(url: str, verify: str | bool) -> requests.Response:
    with requests.Session() as session:
        return session.get(f"{url}/api/v1/health", verify=verify, timeout=10)


def test_https_verifies_against_the_generated_ca(start_platform: Callable[..., PlatformServer]) -> None:
    server = start_platform(https=True)
    assert server.url.startswith("https://127.0.0.1:")
    assert server.ca_bundle is not None
    assert server.ca_bundle.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert _health(server.url, str(server.ca_bundle)).json()["status"] == "ok"
    with pytest.raises(requests.exceptions.SSLError):
        _health(server.url, True)  # the system's CAs do not know ours
    key_file = server.config.tls_dir / "server.key"
    assert key_file.stat().st_mode & 0o077 == 0


def test_localhost_is_covered_too(start_platform: Callable[..., PlatformServer]) -> None:
    server = start_platform(https=True)
    assert server.ca_bundle is not None
    url = f"https://localhost:{server.port}"
    assert _health(url, str(server.ca_bundle)).status_code == 200


def _bad_certificate(kind: str, directory: Path, ca: CertificateAuthority) -> ServerIdentity:
    if kind == "expired":
        return expired_certificate(directory, ca)
    if kind == "wrong-host":
        return wrong_host_certificate(directory, ca)
    return self_signed_certificate(directory)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("expired", "certificate has expired"),
        ("wrong-host", "match"),
        ("self-signed", "self-signed certificate"),
    ],
)
def test_a_client_that_trusts_the_ca_refuses_bad_certificates(
    start_platform: Callable[..., PlatformServer], tmp_path: Path, kind: str, reason: str
) -> None:
    ca = make_ca()
    bundle = ca.write(tmp_path / "tls" / "ca.pem")
    bad = _bad_certificate(kind, tmp_path / "tls", ca)
    server = start_platform(https=True, tls_certfile=bad.certfile, tls_keyfile=bad.keyfile)
    with pytest.raises(requests.exceptions.SSLError, match=reason):
        _health(server.url, str(bundle))


def test_a_good_certificate_from_the_same_ca_is_accepted(
    start_platform: Callable[..., PlatformServer], tmp_path: Path
) -> None:
    """The control for the refusals above: same CA, same files, only the certificate is right."""
    ca = make_ca()
    bundle = ca.write(tmp_path / "tls" / "ca.pem")
    good = issue_server_certificate(tmp_path / "tls", ca=ca, name="good")
    server = start_platform(https=True, tls_certfile=good.certfile, tls_keyfile=good.keyfile)
    assert _health(server.url, str(bundle)).status_code == 200


@pytest.mark.chaos
def test_connection_drops_work_under_https(start_platform: Callable[..., PlatformServer]) -> None:
    server = start_platform(https=True)
    assert server.ca_bundle is not None
    with requests.Session() as session:
        api = Api(server.url, session, verify=str(server.ca_bundle))
        api.login()
        api.fault(action="drop", when="after", path_prefix="/number-blocks")
        with pytest.raises(requests.ConnectionError):
            api.post("/number-blocks", {"size": 3}, key=new_key())
        assert api.counts()["number_blocks"] == 1
