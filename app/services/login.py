"""Clerk login: against the platform when it answers, else offline against the verifier cached at the last
online login, which expires after a configurable number of days."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.store import audit
from app.store.clerks import ClerkDirectory, LoginRefusal, LoginResult, Role, hash_password
from app.store.local import LocalStore
from app.store.models import Clerk
from app.sync.auth import PlatformClerk, TokenSource
from app.sync.client import AuthExpired, PlatformClient, PlatformRejected, PlatformUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoginOutcome:
    result: LoginResult
    online: bool  # the platform confirmed the password just now
    offline_reason: str = ""  # why the platform could not be asked


class LoginService:
    def __init__(
        self,
        store: LocalStore,
        clock: Clock,
        *,
        tokens: TokenSource | None,
        new_client: Callable[[], PlatformClient] | None,
        terminal_code: str,
        offline_days: int,
    ) -> None:
        self._store = store
        self._clock = clock
        self._tokens = tokens
        self._new_client = new_client
        self._terminal = terminal_code
        self._offline_for = dt.timedelta(days=offline_days)

    @property
    def clerks(self) -> ClerkDirectory:
        return self._store.clerks

    def login(self, login: str, password: str) -> LoginOutcome:
        """Runs on a worker thread: the platform call and the slow hash must not block the window."""
        login = login.strip()
        now = self._clock.now()
        if self._tokens is None or self._new_client is None:
            return LoginOutcome(self.clerks.authenticate(login, password, now), online=False)
        client = self._new_client()
        try:
            clerk = self._tokens.login(client, login, password, self._terminal)
        except PlatformUnavailable as exc:
            return self._offline(login, password, now, exc.reason)
        except AuthExpired:
            # The platform says the password is wrong: count it locally too (lockout).
            return LoginOutcome(self.clerks.register_failure(login, now), online=True)
        except PlatformRejected as exc:
            if exc.status == 423:
                return LoginOutcome(LoginResult(None, LoginRefusal.LOCKED), online=True)
            return LoginOutcome(LoginResult(None, LoginRefusal.UNKNOWN_OR_WRONG), online=True)
        finally:
            client.close()
        role = Role(clerk.role) if clerk.role in {r.value for r in Role} else Role.CLERK
        self._store.writer.run(lambda s: _remember(s, clerk, role, password, now))
        return LoginOutcome(self.clerks.authenticate(login, password, now), online=True)

    def _offline(self, login: str, password: str, now: dt.datetime, reason: str) -> LoginOutcome:
        with self._store.database.read() as session:
            verified = session.scalar(select(Clerk.verified_online_at).where(Clerk.login == login))
        if verified is None or now - verified > self._offline_for:
            log.info("offline login refused: no recent online verification")
            return LoginOutcome(
                LoginResult(None, LoginRefusal.OFFLINE_EXPIRED), online=False, offline_reason=reason
            )
        return LoginOutcome(
            self.clerks.authenticate(login, password, now), online=False, offline_reason=reason
        )


def _remember(
    session: Session, clerk_info: PlatformClerk, role: Role, password: str, now: dt.datetime
) -> None:
    """Cache the platform-confirmed password as a slow-KDF verifier for offline logins."""
    login = clerk_info.login
    clerk = session.scalar(select(Clerk).where(Clerk.login == login))
    if clerk is None:
        clerk = Clerk(login=login, failed_attempts=0, disabled=False, created_at=now)
        session.add(clerk)
        audit.append(
            session, at=now, actor="platform", action="clerk.created", subject=login, role=role.value
        )
    clerk.display_name = clerk_info.display_name
    clerk.role = role.value
    clerk.password_hash = hash_password(password)
    clerk.verified_online_at = now
    clerk.failed_attempts = 0
    clerk.locked_until = None
