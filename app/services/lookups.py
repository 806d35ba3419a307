"""What the platform knows about an applicant before the window does: online pre-applications (预审/预约)
and electronic licences (电子证照), asked for on demand with the clerk's platform login."""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.domain.errors import EnvironmentFailure, FailureKind
from app.sync.adapter import Elicence, PreApplication, ReferenceAdapter
from app.sync.auth import TokenSource
from app.sync.client import AuthExpired, PlatformClient, PlatformError, PlatformUnavailable

log = logging.getLogger(__name__)


class PlatformLookups:
    """Synchronous look-ups for a worker thread; offline or logged out is NETWORK_UNAVAILABLE."""

    def __init__(
        self,
        adapter: ReferenceAdapter | None,
        new_client: Callable[[], PlatformClient] | None,
        tokens: TokenSource | None,
    ) -> None:
        self._adapter = adapter
        self._new_client = new_client
        self._tokens = tokens

    @property
    def online(self) -> bool:
        """Whether this terminal talks to a platform at all (a terminal without [platform] url does not)."""
        return self._adapter is not None

    def _call(self, body: Callable[[ReferenceAdapter, PlatformClient], object]) -> object:
        if self._adapter is None or self._new_client is None or self._tokens is None:
            raise EnvironmentFailure(FailureKind.NETWORK_UNAVAILABLE, "no platform configured")
        adapter = self._adapter
        client = self._new_client()
        try:
            token = self._tokens.access_token()
            if token is None:
                raise EnvironmentFailure(FailureKind.NETWORK_UNAVAILABLE, "not logged in to the platform")
            client.set_token(token)
            try:
                return body(adapter, client)
            except AuthExpired:
                if not self._tokens.refresh(client, token):
                    raise EnvironmentFailure(FailureKind.NETWORK_UNAVAILABLE, "login expired") from None
                client.set_token(self._tokens.access_token())
                return body(adapter, client)
        except PlatformUnavailable as exc:
            raise EnvironmentFailure(FailureKind.NETWORK_UNAVAILABLE, exc.reason) from exc
        except PlatformError as exc:
            log.warning("platform refused a look-up: %s", type(exc).__name__)
            raise EnvironmentFailure(FailureKind.NETWORK_UNAVAILABLE, type(exc).__name__) from exc
        finally:
            client.close()

    def pre_applications(
        self, number: str | None = None, holder_id: str | None = None
    ) -> list[PreApplication]:
        found = self._call(lambda a, c: a.find_pre_applications(c, number=number, holder_id=holder_id))
        assert isinstance(found, list)
        return found

    def e_licences(self, holder_id: str) -> dict[str, dict[str, object]]:
        """The holder's licences by type, as form prefill reads them (the first of each type)."""
        found = self._call(lambda a, c: a.find_elicences(c, holder_id))
        assert isinstance(found, list)
        by_type: dict[str, dict[str, object]] = {}
        for licence in found:
            assert isinstance(licence, Elicence)
            by_type.setdefault(licence.type, licence.attributes())
        return by_type
