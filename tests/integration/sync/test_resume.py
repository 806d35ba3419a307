"""A 50 MB material upload survives 10 cuts of the link at random offsets, re-sending at most one chunk
per cut, and arrives with a matching SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
from dataclasses import replace

from app.domain.clock import FixedClock
from app.services.workspace import Workspace
from app.store.materials import add_material_file
from app.store.outbox import Lane
from refplatform.faultproxy import FaultProxy, ProxyMode, ProxyPlan
from refplatform.server import PlatformServer
from tests.integration.sync.conftest import Admin, accept

SIZE = 50 * 1024 * 1024
CUTS = 10


def test_upload_resumes_after_ten_cuts(
    workspace: Workspace, server: PlatformServer, admin: Admin, clock: FixedClock
) -> None:
    case = accept(workspace).case
    assert workspace.sync.drain_once().pending == 0  # the case itself is on the platform
    data = os.urandom(SIZE)
    stored = workspace.store.attachments.put_stream(data[i : i + (1 << 20)] for i in range(0, SIZE, 1 << 20))
    workspace.store.writer.run(
        lambda s: add_material_file(
            s,
            case_id=case.id,
            material_id="business_premises",
            stored=stored,
            media_type="application/pdf",
            label="经营场所证明",
            at=clock.now(),
            actor="demo",
        )
    )
    rng = random.Random(467)
    offsets = [rng.randrange(1 << 20, 5 << 20) for _ in range(CUTS)]
    plan = ProxyPlan(script=[ProxyMode.CUT] * CUTS, cut_after_bytes=offsets, seed=1)
    engine = workspace.sync
    chunk = engine.config.chunk_size
    sent: list[int] = []
    adapter = engine._adapter
    original = adapter.append_upload

    def counting(client, upload_id, offset, piece):
        sent.append(len(piece))
        return original(client, upload_id, offset, piece)

    adapter.append_upload = counting  # type: ignore[method-assign]
    with FaultProxy("127.0.0.1", server.port, plan) as proxy:
        engine.config = replace(engine.config, base_url=proxy.url())
        # The uploads lane alone, on a fresh connection each round: every scripted cut falls on the
        # upload (a drain would also send the audit lane's rows, on a connection the script meant to cut).
        for _ in range(CUTS + 5):
            client = engine.new_client()
            client.set_token(engine.tokens.access_token())
            try:
                engine.process_one(Lane.UPLOADS, client)
            finally:
                client.close()
            if engine.status().pending == 0:
                break
            clock.advance(dt.timedelta(minutes=10))  # past any back-off
        cut = [c for c in proxy.connections if c.outcome == "cut"]
    assert len(cut) == CUTS
    assert engine.status().pending == 0
    resent = sum(sent) - SIZE
    assert 0 <= resent <= CUTS * chunk, f"re-sent {resent} bytes over {CUTS} cuts"
    counts = admin.counts()
    assert (counts["uploads"], counts["uploads_complete"], counts["uploads_sha256_failed"]) == (1, 1, 0)
    received = (server.config.uploads_dir).glob("*")
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in received if p.is_file()}
    assert hashlib.sha256(data).hexdigest() in digests
