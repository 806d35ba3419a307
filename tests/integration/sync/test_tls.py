"""HTTPS to the platform with a private CA, verification always on: bad certificates stop everything."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services.workspace import Workspace
from app.store.clerks import LoginRefusal
from app.sync.auth import Tokens
from app.sync.engine import Connectivity
from refplatform.models import CaseVersion
from refplatform.server import PlatformServer
from refplatform.tls import expired_certificate, make_ca, self_signed_certificate, wrong_host_certificate
from tests.integration.sync.conftest import Admin, accept

ROOT = Path(__file__).resolve().parents[3]


def test_https_with_the_sites_ca_bundle_syncs(
    start_server: Callable[..., PlatformServer],
    open_workspace: Callable[..., Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A machine-wide REQUESTS_CA_BUNDLE (common on managed PCs) must not replace the site's private CA.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    server = start_server(https=True)
    workspace = open_workspace(server.url, server.ca_bundle)
    assert workspace.login.login("demo", "Demo@2026").online
    accept(workspace)
    assert workspace.sync.drain_once().pending == 0
    assert Admin(server).counts()["cases"] == 1


@pytest.mark.parametrize("kind", ["self-signed", "wrong-host", "expired"])
def test_a_bad_certificate_is_refused_and_nothing_leaves_the_outbox(
    kind: str,
    tmp_path: Path,
    start_server: Callable[..., PlatformServer],
    open_workspace: Callable[..., Workspace],
) -> None:
    trusted = make_ca()
    bundle = trusted.write(tmp_path / "trusted-ca.pem")
    if kind == "self-signed":
        identity = self_signed_certificate(tmp_path / "certs")
    elif kind == "wrong-host":
        identity = wrong_host_certificate(tmp_path / "certs", trusted)
    else:
        identity = expired_certificate(tmp_path / "certs", trusted)
    server = start_server(https=True, tls_certfile=identity.certfile, tls_keyfile=identity.keyfile)
    workspace = open_workspace(server.url, bundle)
    # The login cannot reach the platform (TLS refused), and a clerk new to this machine cannot log in
    # offline either.
    outcome = workspace.login.login("demo", "Demo@2026")
    assert not outcome.online
    assert outcome.offline_reason.startswith("TLS")
    assert outcome.result.refusal is LoginRefusal.OFFLINE_EXPIRED
    # Even with a token, nothing gets through: the row stays queued with the reason IT needs.
    workspace.sync.tokens.set(_fake_tokens())
    accept(workspace)
    status = workspace.sync.drain_once()
    assert status.connectivity is Connectivity.OFFLINE
    assert status.pending == 1
    assert status.last_error.startswith("TLS")
    assert "证书" in workspace.sync.outbox_rows()[0].last_error
    assert cases_on(server) == 0


def _fake_tokens() -> Tokens:
    return Tokens("x", "y", dt.datetime(2030, 1, 1, tzinfo=dt.UTC), "demo")


def cases_on(server: PlatformServer) -> int:
    """Ask the in-process platform itself, since no client may trust its broken certificate."""
    assert server.platform is not None
    with server.platform.db.transaction() as session:
        return int(session.scalar(select(func.count(CaseVersion.id))) or 0)


def test_no_code_switches_tls_verification_off() -> None:
    """Fails on certificate verification or hostname checks switched off anywhere in the shipped code.

    The pattern is assembled from parts so that this file is not itself a hit for a repository-wide grep."""
    off = "False"
    pattern = re.compile(
        "|".join(
            (
                r"verify\s*=\s*" + off,
                "CERT_" + "NONE",
                r"check_hostname\s*=\s*" + off,
                "disable_" + "warnings",
            )
        )
    )
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    hits = []
    for name in files:
        if name.startswith("tests/"):
            continue  # negative tests connect to deliberately broken servers
        for number, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{name}:{number}: {line.strip()}")
    assert hits == []
