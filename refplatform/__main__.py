"""`python -m refplatform --port 8443 --https --data DIR [--seed-demo] [--advance-every 20]`."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import sys
import threading
from pathlib import Path

from refplatform.config import PlatformConfig, Seed, seed_demo
from refplatform.server import PlatformServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m refplatform", description="Reference platform server")
    parser.add_argument("--port", type=int, default=8443, help="TCP port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--data", type=Path, required=True, help="directory for the database, uploads, TLS")
    parser.add_argument("--https", action="store_true", help="serve HTTPS with a private CA made at start-up")
    parser.add_argument("--seed-demo", action="store_true", help="demo clerks, terminals, licences, ...")
    parser.add_argument(
        "--advance-every", type=float, default=0.0, help="seconds per status step of accepted cases (0: off)"
    )
    parser.add_argument(
        "--admin-token", default=os.environ.get("REFPLATFORM_ADMIN_TOKEN") or secrets.token_urlsafe(24)
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = PlatformConfig(
        data_dir=args.data.resolve(),
        seed=seed_demo() if args.seed_demo else Seed(),
        admin_token=args.admin_token,
        advance_every=args.advance_every,
        https=args.https,
    )
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server = PlatformServer(config, port=args.port).start()
    out = sys.stdout
    out.write(f"refplatform serving {server.api_url}\n")
    if server.ca_bundle is not None:
        out.write(f"CA bundle: {server.ca_bundle}\n")
    out.write(f"admin token (header X-Admin-Token): {config.admin_token}\n")
    out.flush()
    try:
        stop.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
