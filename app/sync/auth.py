"""Platform tokens: kept in the OS keystore, refreshed when they expire, never dropping queued work."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from app.domain.clock import Clock
from app.sync.client import AuthExpired, PlatformClient, PlatformRejected

log = logging.getLogger(__name__)

SERVICE = "yichuang-workstation"


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str
    expires_at: dt.datetime
    login: str


@dataclass(frozen=True)
class PlatformClerk:
    login: str
    display_name: str
    role: str


def tokens_from(body: dict[str, Any], now: dt.datetime) -> tuple[Tokens, PlatformClerk]:
    clerk = body["clerk"]
    tokens = Tokens(
        access=str(body["access_token"]),
        refresh=str(body["refresh_token"]),
        expires_at=now + dt.timedelta(seconds=int(body["expires_in"])),
        login=str(clerk["login"]),
    )
    return tokens, PlatformClerk(str(clerk["login"]), str(clerk["display_name"]), str(clerk["role"]))


class TokenKeyring:
    """Tokens in the OS keystore (like the data key), one entry per installation."""

    def __init__(self, install_id: str) -> None:
        self._username = f"platform-tokens:{install_id}"

    def load(self) -> Tokens | None:
        import keyring

        raw = keyring.get_password(SERVICE, self._username)
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return Tokens(
                data["access"], data["refresh"], dt.datetime.fromisoformat(data["expires_at"]), data["login"]
            )
        except (ValueError, KeyError):
            return None

    def save(self, tokens: Tokens | None) -> None:
        import keyring

        if tokens is None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(SERVICE, self._username)
            return
        value = {
            "access": tokens.access,
            "refresh": tokens.refresh,
            "expires_at": tokens.expires_at.isoformat(),
            "login": tokens.login,
        }
        keyring.set_password(SERVICE, self._username, json.dumps(value))


class TokenSource:
    """The current platform session, shared by the sync lanes (thread-safe)."""

    def __init__(self, keyring_store: TokenKeyring | None, clock: Clock) -> None:
        self._store = keyring_store
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = keyring_store.load() if keyring_store is not None else None
        self.changed = threading.Event()  # set whenever new tokens arrive; lanes waiting for login wake up

    @property
    def tokens(self) -> Tokens | None:
        with self._lock:
            return self._tokens

    def access_token(self) -> str | None:
        with self._lock:
            return None if self._tokens is None else self._tokens.access

    def set(self, tokens: Tokens | None) -> None:
        with self._lock:
            self._tokens = tokens
        if self._store is not None:
            self._store.save(tokens)
        if tokens is not None:
            self.changed.set()

    def login(self, client: PlatformClient, login: str, password: str, terminal_code: str) -> PlatformClerk:
        body = client.request(
            "POST",
            "/auth/login",
            json={"login": login, "password": password, "terminal_code": terminal_code},
            auth=False,
        ).body
        tokens, clerk = tokens_from(body, self._clock.now())
        self.set(tokens)
        return clerk

    def refresh(self, client: PlatformClient, used_token: str | None) -> bool:
        """Refresh after a 401; False when only a new login will do (the work stays queued)."""
        with self._lock:
            tokens = self._tokens
        if tokens is None:
            return False
        if used_token is not None and tokens.access != used_token:
            return True  # another lane refreshed meanwhile
        try:
            body = client.request(
                "POST", "/auth/refresh", json={"refresh_token": tokens.refresh}, auth=False
            ).body
        except (AuthExpired, PlatformRejected):
            log.info("platform refresh token refused; a clerk must log in again")
            with self._lock:
                self._tokens = None
            self.changed.clear()
            return False
        new_tokens, _clerk = tokens_from(body, self._clock.now())
        self.set(new_tokens)
        return True
