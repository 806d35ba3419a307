"""Sync throughput against floors measured on the same reference platform in the same run.

The platform runs as its own process (`python -m refplatform`), as a province's platform would be remote:
in-process, its request handling would share this process's GIL with the client being measured.

1. 500 small cases drained by the sync engine's cases lane (one after another, in acceptance order, as
   the platform must see them) vs a raw `requests.Session` loop posting the same bodies (as new cases,
   each with its own idempotency key) to the same server — target >= 0.8x its throughput.
2. A large material uploaded by the engine through a rate-limited link (the fault proxy's `rate` mode)
   vs a raw upload of the same bytes through the same link — target >= 0.9x.

python -m benchmarks.sync_throughput [cases] [megabytes]   (last line: both ratios)
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import requests

from app.domain.case import Actor, ActorKind, CaseStatus
from app.domain.clock import SystemClock
from app.services.workspace import Workspace
from app.settings import load_settings
from app.store import cases, materials
from app.store.outbox import Lane
from refplatform.faultproxy import FaultProxy, ProxyMode, ProxyPlan
from refplatform.process import ServerProcess

DESK = cases.Desk("XH03", "综合受理3号窗口", Actor(ActorKind.CLERK, "demo"), "演示受理员")
RATE = 4 * 1024 * 1024  # bytes per second on the limited link


def new_case(i: int) -> cases.NewCase:
    return cases.NewCase(
        applicant=cases.Applicant("natural", "张三", "resident", "110101199003070011", "13800138000"),
        items=(cases.ItemLine("330106-SCJG-001", "个体工商户设立登记", "西湖区市场监督管理局", 3, 0),),
        materials=(cases.MaterialLine("id_card", "经营者身份证明", True, "original", 1, 0, True),),
        catalogue_version="2026.11.1",
        answers={"n": i},
    )


def platform(directory: Path) -> ServerProcess:
    return ServerProcess(directory)


def open_workspace(directory: Path, url: str) -> Workspace:
    settings = load_settings(demo=True, environ={"YC_DATA_DIR": str(directory)})
    settings = replace(settings, platform=replace(settings.platform, url=url))
    workspace = Workspace.open(settings, SystemClock(), {"pull_interval": 60.0})
    assert workspace.login.login("demo", "Demo@2026").online
    return workspace


def engine_cases(tmp: Path, server: ServerProcess, n: int) -> tuple[float, list[dict[str, object]]]:
    """Seconds for the engine to deliver n queued cases; also the documents it sent (for the floor)."""
    workspace = open_workspace(tmp / "ws-engine", server.url)
    try:
        engine = workspace.sync
        assert engine is not None
        engine.drain_once()  # the first pull (number block) is not part of the measurement
        at = dt.datetime.now(dt.UTC)
        for i in range(n):
            workspace.store.writer.run(
                lambda s, i=i: cases.record_decision(s, new_case(i), DESK, CaseStatus.ACCEPTED, at)
            )
        with workspace.store.database.read() as session:
            ids = cases.case_ids(session, cases.CaseFilter())
            documents = [engine._adapter.case_document(cases.load_case(session, i)) for i in ids]  # type: ignore[attr-defined]
        client = engine.new_client()
        try:
            # The cases lane alone, as in the running app (the audit lane has its own thread); the floor
            # does no pulls either.
            start = time.perf_counter()
            while engine.process_one(Lane.CASES, client):
                pass
            elapsed = time.perf_counter() - start
        finally:
            client.close()
        assert engine.status().pending == 0
        return elapsed, documents
    finally:
        workspace.close()


def login(session: requests.Session, base: str) -> str:
    response = session.post(
        f"{base}/api/v1/auth/login",
        json={"login": "demo", "password": "Demo@2026", "terminal_code": "XH03"},
        timeout=10,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def raw_cases(server: ServerProcess, documents: list[dict[str, object]]) -> float:
    """The floor: the same bodies, as new cases, posted in a plain loop on one keep-alive session."""
    fresh = [{**document, "case_id": uuid.uuid4().hex} for document in documents]
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {login(session, server.url)}"
        start = time.perf_counter()
        for document in fresh:
            response = session.post(
                f"{server.url}/api/v1/cases",
                json=document,
                headers={"Idempotency-Key": f"{document['case_id']}:submit:1"},
                timeout=30,
            )
            response.raise_for_status()
        return time.perf_counter() - start


def engine_upload(tmp: Path, data: bytes) -> float:
    server = platform(tmp / "p-upload")
    workspace = open_workspace(tmp / "ws-upload", server.url)
    try:
        engine = workspace.sync
        assert engine is not None
        at = dt.datetime.now(dt.UTC)
        case_id = workspace.store.writer.run(
            lambda s: cases.record_decision(s, new_case(0), DESK, CaseStatus.ACCEPTED, at)
        )
        engine.drain_once()
        stored = workspace.store.attachments.put(data)
        workspace.store.writer.run(
            lambda s: materials.add_material_file(
                s,
                case_id=case_id,
                material_id="id_card",
                stored=stored,
                media_type="application/pdf",
                label="材料",
                at=at,
                actor="demo",
            )
        )
        with FaultProxy(
            "127.0.0.1", server.port, ProxyPlan(weights={ProxyMode.RATE: 1.0}, rate_bytes_per_second=RATE)
        ) as proxy:
            engine.config = replace(engine.config, base_url=proxy.url())
            client = engine.new_client()
            client.set_token(engine.tokens.access_token())
            # The uploads lane alone: the floor does no pulls either.
            start = time.perf_counter()
            engine.process_one(Lane.UPLOADS, client)
            elapsed = time.perf_counter() - start
            client.close()
        assert engine.status().pending == 0
        return elapsed
    finally:
        workspace.close()
        server.stop()


def raw_upload(tmp: Path, data: bytes, chunk: int) -> float:
    """The floor: the same bytes through the same limited link, tus-style in the same chunk size."""
    server = platform(tmp / "p-rawupload")
    try:
        with (
            requests.Session() as session,
            FaultProxy(
                "127.0.0.1", server.port, ProxyPlan(weights={ProxyMode.RATE: 1.0}, rate_bytes_per_second=RATE)
            ) as proxy,
        ):
            session.headers["Authorization"] = f"Bearer {login(session, server.url)}"
            document = {
                "case_id": uuid.uuid4().hex,
                "local_number": "XH03-20261125-00001",
                "data_version": 1,
                "status": "1",
                "applicant_kind": "1",
                "applicant": {"name": "张三", "id_type": "111", "id_number": "110101199003070011"},
                "items": [{"code": "330106-SCJG-001", "name": "个体工商户设立登记"}],
                "materials": [],
                "accepted_at": dt.datetime.now(dt.UTC).isoformat(),
                "terminal_code": "XH03",
                "clerk": "demo",
                "catalogue_version": "2026.11.1",
            }
            session.post(
                f"{server.url}/api/v1/cases",
                json=document,
                headers={"Idempotency-Key": uuid.uuid4().hex},
                timeout=30,
            ).raise_for_status()
            base = proxy.url()
            start = time.perf_counter()
            created = session.post(
                f"{base}/api/v1/uploads",
                json={
                    "case_id": document["case_id"],
                    "material_id": "id_card",
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "media_type": "application/pdf",
                },
                headers={"Idempotency-Key": uuid.uuid4().hex},
                timeout=30,
            )
            created.raise_for_status()
            upload_id = created.json()["upload_id"]
            offset = 0
            while offset < len(data):
                piece = data[offset : offset + chunk]
                digest = base64.b64encode(hashlib.sha256(piece).digest()).decode()
                response = session.patch(
                    f"{base}/api/v1/uploads/{upload_id}",
                    data=piece,
                    headers={
                        "Upload-Offset": str(offset),
                        "Upload-Checksum": f"sha256 {digest}",
                        "Content-Type": "application/offset+octet-stream",
                    },
                    timeout=60,
                )
                response.raise_for_status()
                offset = int(response.headers["Upload-Offset"])
            return time.perf_counter() - start
    finally:
        server.stop()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    data = os.urandom(megabytes * 1024 * 1024)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        server = platform(tmp / "p-cases")
        try:
            ours, documents = engine_cases(tmp, server, n)
            floor = raw_cases(server, documents)
        finally:
            server.stop()
        up_ours = engine_upload(tmp, data)
        up_floor = raw_upload(tmp, data, 256 * 1024)
    cases_ratio = (n / ours) / (n / floor)
    upload_ratio = (len(data) / up_ours) / (len(data) / up_floor)
    print(f"cases: engine {n / ours:.0f}/s, raw requests loop {n / floor:.0f}/s")
    print(f"upload {megabytes} MB at {RATE // 1024} KiB/s: engine {up_ours:.1f} s, raw {up_floor:.1f} s")
    print(
        f"throughput ratios: cases {cases_ratio:.2f} (target >= 0.8), upload {upload_ratio:.2f} (target >= 0.9)"
    )


if __name__ == "__main__":
    main()
