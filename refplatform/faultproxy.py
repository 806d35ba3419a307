"""A TCP proxy on 127.0.0.1 that misbehaves per connection, for sync tests (netem is not available).

Each accepted connection gets one mode, taken from a script first and then drawn with a seeded
`random.Random` from weights, so a run is reproducible:

- `pass` (FORWARD)       forward both ways
- `reset_before`         read the start of the request, then reset (RST); the server never sees it
- `reset_after_request`  forward the request, reset the client when the response starts (the server
                         has committed)
- `stall`                accept and read, answer nothing for `stall_seconds`, then reset
- `slice`                forward both ways in 1-byte writes
- `rate`                 forward both ways at `rate_bytes_per_second`
- `cut`                  forward until the next of `cut_after_bytes` client bytes have passed, then reset
                         both sides (a link lost in the middle of an upload)

Bounded: every read has an idle timeout, stalls are capped, `max_connections` caps a run, and `stop()`
cancels whatever is in flight and joins the proxy's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
import struct
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

log = logging.getLogger(__name__)


class ProxyMode(StrEnum):
    FORWARD = "pass"
    RESET_BEFORE = "reset_before"
    RESET_AFTER_REQUEST = "reset_after_request"
    STALL = "stall"
    SLICE = "slice"
    RATE = "rate"
    CUT = "cut"


@dataclass(frozen=True)
class ProxyPlan:
    weights: Mapping[ProxyMode, float] = field(default_factory=lambda: {ProxyMode.FORWARD: 1.0})
    script: Sequence[ProxyMode] = ()
    seed: int = 0
    stall_seconds: float = 5.0
    rate_bytes_per_second: int = 64 * 1024
    idle_timeout: float = 30.0
    max_connections: int = 10_000
    # Byte counts for `cut` connections, used in order (the last one repeats).
    cut_after_bytes: Sequence[int] = (64 * 1024,)

    def __post_init__(self) -> None:
        if not self.weights or any(w < 0 for w in self.weights.values()) or sum(self.weights.values()) <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        if not 0 < self.stall_seconds <= 120 or self.rate_bytes_per_second < 1 or self.idle_timeout <= 0:
            raise ValueError("stall_seconds must be in (0, 120], the rate and idle timeout positive")


@dataclass
class ConnectionRecord:
    mode: ProxyMode
    cut_after: int | None = None
    bytes_up: int = 0  # client → server
    bytes_down: int = 0  # server → client
    writes_down: int = 0
    throttle_pauses: int = 0
    outcome: str = "open"


class FaultProxy:
    def __init__(self, upstream_host: str, upstream_port: int, plan: ProxyPlan | None = None) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.plan = plan or ProxyPlan()
        self.port = 0
        self.connections: list[ConnectionRecord] = []
        self._random = random.Random(self.plan.seed)
        self._script = list(self.plan.script)
        self._cuts = list(self.plan.cut_after_bytes)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # ------------------------------------------------------------------ control (any thread)
    def start(self, timeout: float = 10.0) -> FaultProxy:
        self._thread = threading.Thread(target=self._run, name="refplatform-faultproxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout) or self._failure is not None:
            self.stop()
            raise RuntimeError(f"the fault proxy did not start: {self._failure!r}")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is not None and self._stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def url(self, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}"

    def then(self, *modes: ProxyMode) -> None:
        """Script the next connections (after any modes still scripted)."""
        with self._lock:
            self._script.extend(modes)

    def modes(self) -> list[ProxyMode]:
        with self._lock:
            return [record.mode for record in self.connections]

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ the proxy's own thread
    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception as exc:  # start() reports it
            self._failure = exc
            log.exception("the fault proxy stopped with an error")
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await self._stopping.wait()
            server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _next_mode(self) -> ProxyMode:
        with self._lock:
            if len(self.connections) >= self.plan.max_connections:
                return ProxyMode.RESET_BEFORE
            if self._script:
                return self._script.pop(0)
            modes = list(self.plan.weights)
            return self._random.choices(modes, weights=[self.plan.weights[m] for m in modes])[0]

    def _next_cut(self) -> int:
        with self._lock:
            return self._cuts.pop(0) if len(self._cuts) > 1 else self._cuts[0]

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        mode = self._next_mode()
        record = ConnectionRecord(mode, self._next_cut() if mode is ProxyMode.CUT else None)
        with self._lock:
            self.connections.append(record)
        _no_delay(writer)
        try:
            await self._serve(mode, record, reader, writer)
        except (ConnectionError, TimeoutError, OSError):
            if record.outcome == "open":
                record.outcome = "broken"
            elif record.outcome == "cut":
                _reset(writer)
        finally:
            writer.close()
            self._tasks.discard(task)

    async def _serve(
        self,
        mode: ProxyMode,
        record: ConnectionRecord,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        idle = self.plan.idle_timeout
        if mode in (ProxyMode.RESET_BEFORE, ProxyMode.STALL):
            record.bytes_up += len(await asyncio.wait_for(reader.read(65536), idle))
            if mode is ProxyMode.STALL:
                await asyncio.sleep(self.plan.stall_seconds)
            _reset(writer)
            record.outcome = "reset"
            return
        # asyncio.timeout, not wait_for: on Python 3.11 a wait_for cancelled just as the connection was made
        # drops the connected stream unclosed (seen as a ResourceWarning after the proxy's loop closed).
        async with asyncio.timeout(idle):
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        _no_delay(up_writer)
        pumps = (
            asyncio.ensure_future(self._pump(reader, up_writer, record, upward=True)),
            asyncio.ensure_future(self._pump(up_reader, writer, record, upward=False)),
        )
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_EXCEPTION)
        finally:
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
            up_writer.close()
        for pump in pumps:
            failure = None if pump.cancelled() else pump.exception()
            if failure is not None:
                raise failure
        if record.outcome == "open":
            record.outcome = "closed"

    async def _pump(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        record: ConnectionRecord,
        *,
        upward: bool,
    ) -> None:
        mode = record.mode
        while True:
            data = await asyncio.wait_for(source.read(65536), self.plan.idle_timeout)
            if not data:
                with contextlib.suppress(OSError):
                    if sink.can_write_eof() and not sink.is_closing():
                        sink.write_eof()
                return
            if upward and record.cut_after is not None and record.bytes_up + len(data) >= record.cut_after:
                keep = record.cut_after - record.bytes_up
                sink.write(data[:keep])
                await sink.drain()
                record.bytes_up += keep
                _reset(sink)
                record.outcome = "cut"
                raise ConnectionResetError("link cut by plan")
            if upward:
                record.bytes_up += len(data)
            elif mode is ProxyMode.RESET_AFTER_REQUEST:
                _reset(sink)  # the response has begun: the server has done its work
                record.outcome = "reset"
                raise ConnectionResetError("reset after the request by plan")
            else:
                record.bytes_down += len(data)
            # Counters move before the write, so that a client that has the bytes sees them counted.
            if mode is ProxyMode.SLICE:
                for index in range(len(data)):
                    record.writes_down += 0 if upward else 1
                    sink.write(data[index : index + 1])
                    await sink.drain()
            elif mode is ProxyMode.RATE:
                await self._throttled(sink, data, record, upward=upward)
            else:
                record.writes_down += 0 if upward else 1
                sink.write(data)
                await sink.drain()

    async def _throttled(
        self, sink: asyncio.StreamWriter, data: bytes, record: ConnectionRecord, *, upward: bool
    ) -> None:
        rate = self.plan.rate_bytes_per_second
        step = max(1, rate // 20)  # 50 ms worth of bytes per write
        for start in range(0, len(data), step):
            piece = data[start : start + step]
            if not upward:
                record.writes_down += 1
            record.throttle_pauses += 1
            sink.write(piece)
            await sink.drain()
            await asyncio.sleep(len(piece) / rate)


def _no_delay(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST rather than FIN (SO_LINGER 0), as a crashed peer or a middlebox would."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
