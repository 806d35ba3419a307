"""The TCP fault proxy between a real `requests` client and a real platform."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
import requests

from refplatform.faultproxy import FaultProxy, ProxyMode, ProxyPlan
from refplatform.server import PlatformServer
from tests.integration.refplatform.helpers import Api, case_document, new_key

pytestmark = pytest.mark.chaos


@pytest.fixture
def proxy(platform: PlatformServer) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", platform.port, ProxyPlan(stall_seconds=1.0)) as running:
        yield running


@pytest.fixture
def via_proxy(proxy: FaultProxy, clerk: Api) -> Iterator[Api]:
    """The logged-in clerk's token, but a fresh session (one connection per request) through the proxy."""
    with requests.Session() as session:
        api = Api(proxy.url(), session)
        api.token = clerk.token
        api.session.headers["Connection"] = "close"
        yield api


def test_forwarded_connections_work_both_ways(proxy: FaultProxy, via_proxy: Api) -> None:
    response = via_proxy.post("/cases", case_document(), key=new_key())
    assert response.status_code == 201
    assert proxy.modes() == [ProxyMode.FORWARD]
    assert proxy.connections[0].bytes_up > 0
    assert proxy.connections[0].bytes_down > 0


def test_reset_before_forwarding_stores_nothing(proxy: FaultProxy, via_proxy: Api, clerk: Api) -> None:
    proxy.then(ProxyMode.RESET_BEFORE)
    document, key = case_document(), new_key()
    with pytest.raises(requests.ConnectionError):
        via_proxy.post("/cases", document, key=key)
    assert clerk.counts()["cases"] == 0
    assert via_proxy.post("/cases", document, key=key).status_code == 201
    assert proxy.modes() == [ProxyMode.RESET_BEFORE, ProxyMode.FORWARD]


def test_reset_after_the_request_loses_the_answer_but_not_the_case(
    proxy: FaultProxy, via_proxy: Api, clerk: Api
) -> None:
    proxy.then(ProxyMode.RESET_AFTER_REQUEST)
    document, key = case_document(), new_key()
    with pytest.raises(requests.ConnectionError):
        via_proxy.post("/cases", document, key=key)
    assert clerk.counts()["cases"] == 1
    assert via_proxy.post("/cases", document, key=key).status_code == 200
    assert proxy.connections[0].outcome == "reset"


def test_a_stall_times_the_client_out(proxy: FaultProxy, via_proxy: Api) -> None:
    proxy.then(ProxyMode.STALL)
    with pytest.raises(requests.ReadTimeout):
        via_proxy.get("/health", auth=False, timeout=0.3)
    assert via_proxy.get("/health", auth=False).status_code == 200


def test_one_byte_slices_deliver_an_intact_response(proxy: FaultProxy, via_proxy: Api) -> None:
    proxy.then(ProxyMode.SLICE)
    response = via_proxy.get("/catalogue", params={"since_version": "none"})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 35
    record = proxy.connections[0]
    assert record.mode is ProxyMode.SLICE
    assert record.writes_down == record.bytes_down > 1000  # one write per byte


def test_a_rate_limited_connection_is_paced_and_intact(platform: PlatformServer, clerk: Api) -> None:
    plan = ProxyPlan(weights={ProxyMode.RATE: 1.0}, rate_bytes_per_second=200_000)
    with FaultProxy("127.0.0.1", platform.port, plan) as proxy, requests.Session() as session:
        api = Api(proxy.url(), session)
        api.token = clerk.token
        response = api.get("/catalogue")
        assert len(response.json()["items"]) == 35
        record = proxy.connections[0]
    step = 200_000 // 20
    assert record.throttle_pauses >= record.bytes_down // step
    assert record.writes_down > 1


def test_weighted_modes_are_reproducible_with_a_seed(platform: PlatformServer) -> None:
    weights = {ProxyMode.FORWARD: 0.5, ProxyMode.RESET_BEFORE: 0.5}

    def run(seed: int) -> list[tuple[ProxyMode, bool]]:
        outcomes = []
        with FaultProxy("127.0.0.1", platform.port, ProxyPlan(weights=weights, seed=seed)) as proxy:
            for _ in range(12):
                with requests.Session() as session:
                    try:
                        ok = session.get(f"{proxy.url()}/api/v1/health", timeout=5).status_code == 200
                    except requests.ConnectionError:
                        ok = False
                outcomes.append(ok)
            modes = proxy.modes()
        return list(zip(modes, outcomes, strict=True))

    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert [mode for mode, _ in first] != [mode for mode, _ in other]
    assert all(ok == (mode is ProxyMode.FORWARD) for mode, ok in first)
    assert {mode for mode, _ in first} == set(weights)


def test_a_script_comes_before_the_weights(platform: PlatformServer) -> None:
    plan = ProxyPlan(script=(ProxyMode.RESET_BEFORE, ProxyMode.SLICE))
    with FaultProxy("127.0.0.1", platform.port, plan) as proxy:
        for _ in range(3):
            with requests.Session() as session:
                with contextlib.suppress(requests.ConnectionError):
                    session.get(f"{proxy.url()}/api/v1/health", timeout=5)
        assert proxy.modes() == [ProxyMode.RESET_BEFORE, ProxyMode.SLICE, ProxyMode.FORWARD]


def test_plans_are_validated() -> None:
    with pytest.raises(ValueError):
        ProxyPlan(weights={ProxyMode.FORWARD: 0.0})
    with pytest.raises(ValueError):
        ProxyPlan(stall_seconds=1000)
