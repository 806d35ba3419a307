"""The platform as a uvicorn server on 127.0.0.1, run in a background thread (tests and the demo)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn

from refplatform.app import create_app
from refplatform.config import PlatformConfig
from refplatform.faults import DroppableH11Protocol
from refplatform.platform import Platform
from refplatform.tls import make_server_identity

log = logging.getLogger(__name__)


class PlatformServer:
    """`start()` binds (port 0 picks a free port), serves, and returns once requests are answered;
    `stop()` shuts uvicorn down and joins its thread."""

    def __init__(self, config: PlatformConfig, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.config = config
        self.host = host
        self._requested_port = port
        self.port = 0
        self.ca_bundle: Path | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.platform: Platform | None = None

    @property
    def url(self) -> str:
        """The server's root, e.g. `https://127.0.0.1:8443`; the contract lives under `api_url`."""
        scheme = "https" if self.config.https else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/v1"

    def start(self, timeout: float = 15.0) -> PlatformServer:
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        certfile, keyfile = self._tls_files()
        app = create_app(self.config)
        self.platform = app.state.platform
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only when the listening
        # socket says TCP, and without it every keep-alive response waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self._requested_port))
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        uvicorn_config = uvicorn.Config(
            app,
            http=DroppableH11Protocol,
            lifespan="on",
            log_config=None,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=1,
            timeout_keep_alive=5,
            ssl_certfile=certfile,
            ssl_keyfile=keyfile,
        )
        self._server = uvicorn.Server(uvicorn_config)
        self._thread = threading.Thread(
            target=self._run, args=(sock,), name="refplatform-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the reference platform did not start: {self._failure!r}")
            time.sleep(0.01)
        return self

    def _run(self, sock: socket.socket) -> None:
        assert self._server is not None
        try:
            self._server.run(sockets=[sock])
        except (Exception, SystemExit) as exc:  # start() reports it; a thread must not die silently
            self._failure = exc
            log.exception("the reference platform stopped with an error")
        finally:
            sock.close()

    def _tls_files(self) -> tuple[str | None, str | None]:
        if not self.config.https:
            return None, None
        if self.config.tls_certfile is not None:
            keyfile = self.config.tls_keyfile
            return str(self.config.tls_certfile), str(keyfile) if keyfile else None
        self.ca_bundle, identity = make_server_identity(self.config.tls_dir, self.config.tls_hostnames)
        return str(identity.certfile), str(identity.keyfile)

    def stop(self, timeout: float = 10.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                assert self._server is not None
                self._server.force_exit = True
                self._thread.join(timeout)
        self._thread = None
        self._server = None

    def __enter__(self) -> PlatformServer:
        return self.start()

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.stop()
