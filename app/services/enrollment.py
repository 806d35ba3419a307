"""Terminal registration (once per machine) and the client-version check against the platform."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import socket
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from app import __version__
from app.domain.clock import Clock
from app.store import numbers
from app.store.local import LocalStore
from app.sync.client import PlatformClient

log = logging.getLogger(__name__)

SERVICE = "yichuang-workstation"


@dataclass(frozen=True)
class Registration:
    terminal_code: str
    block_first: int
    block_last: int


def _terminal_key(install_id: str) -> ed25519.Ed25519PrivateKey:
    """The terminal's key pair; the private half lives in the OS keystore, created on first use."""
    import keyring

    username = f"terminal-key:{install_id}"
    stored = keyring.get_password(SERVICE, username)
    if stored:
        key = serialization.load_pem_private_key(stored.encode("ascii"), password=None)
        assert isinstance(key, ed25519.Ed25519PrivateKey)
        return key
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    keyring.set_password(SERVICE, username, pem.decode("ascii"))
    return key


def register(
    store: LocalStore, client: PlatformClient, enrollment_token: str, clock: Clock, registration_file: Path
) -> Registration:
    """Enroll this terminal: key pair, terminal code, first number block. Safe to repeat with the same
    token on the same machine (the idempotency key is derived from both)."""
    install_id = store.data_dir.install_id()
    public_pem = (
        _terminal_key(install_id)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    key = hashlib.sha256(f"{install_id}:{enrollment_token}".encode()).hexdigest()[:40]
    body = client.request(
        "POST",
        "/terminals/register",
        json={
            "enrollment_token": enrollment_token,
            "public_key_pem": public_pem,
            "hostname": socket.gethostname(),
        },
        idempotency_key=f"register:{key}",
        auth=False,
    ).body
    code = str(body["terminal_code"])
    block = body["number_block"]
    now = clock.now()
    store.writer.run(
        lambda s: numbers.add_block(
            s,
            block_id=str(block["block_id"]),
            prefix=str(block["prefix"]),
            first=int(block["first"]),
            last=int(block["last"]),
            at=now,
        )
    )
    path = registration_file
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        f"# Written by `main.py register` on {now.date().isoformat()}; do not edit.\n"
        f'[terminal]\ncode = "{code}"\n',
        encoding="utf-8",
    )
    tmp.replace(path)
    log.info("terminal registered as %s", code)
    return Registration(code, int(block["first"]), int(block["last"]))


class UpdateState(StrEnum):
    CURRENT = "current"
    AVAILABLE = "available"  # a newer version exists
    REQUIRED_SOON = "required_soon"  # below the minimum; the deadline has not passed
    REQUIRED_NOW = "required_now"  # below the minimum after the deadline: the app must not be used


@dataclass(frozen=True)
class UpdateNotice:
    state: UpdateState
    current: str
    latest: str
    minimum: str
    deadline: dt.datetime | None
    notes: str = ""


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def check_version(client: PlatformClient, now: dt.datetime, current: str = __version__) -> UpdateNotice:
    """Ask the platform which client versions it accepts; the update itself is the package manager's job."""
    body = client.request("GET", "/client-version", auth=False).body
    latest, minimum = str(body["latest"]), str(body["minimum"])
    raw_deadline = body.get("required_after")
    deadline = dt.datetime.fromisoformat(str(raw_deadline).replace("Z", "+00:00")) if raw_deadline else None
    mine = _version(current)
    if mine < _version(minimum):
        state = UpdateState.REQUIRED_NOW if deadline is None or now >= deadline else UpdateState.REQUIRED_SOON
    elif mine < _version(latest):
        state = UpdateState.AVAILABLE
    else:
        state = UpdateState.CURRENT
    return UpdateNotice(state, current, latest, minimum, deadline, str(body.get("notes") or ""))
