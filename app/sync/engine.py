"""The sync engine: drains the outbox in separate lanes, pulls status changes, catalogue and number blocks.

Each lane is one thread with its own HTTP session. A row is claimed (in_flight), sent with its idempotency
key, and completed in the same transaction as its effect; any failure puts it back with a truncated,
jittered exponential delay. Nothing is ever dropped: a refused row waits as `failed` for a person.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.calendar import CalendarOverrides, WorkingCalendar
from app.domain.case import Actor, ActorKind, CaseStatus, IllegalTransition, transition
from app.domain.clock import Clock
from app.runtime import background_thread
from app.store import audit, cases, numbers, outbox
from app.store import calendar as calendar_store
from app.store import catalogue as catalogue_store
from app.store.cases import CaseSnapshot
from app.store.local import LocalStore
from app.store.models import Attachment, Case, Meta
from app.store.outbox import Claimed, Lane
from app.sync.adapter import PlatformAdapter, Receipt, StatusChange, UploadSpec
from app.sync.auth import TokenSource
from app.sync.client import AuthExpired, PlatformClient, PlatformRejected, PlatformUnavailable, Timeouts

log = logging.getLogger(__name__)

CHANGES_CURSOR_KEY = "sync.changes_cursor"
PLATFORM = Actor(ActorKind.PLATFORM, "platform")
AUDIT_BATCH = 200  # audit rows per POST /audit (the contract allows 500)


class Connectivity(StrEnum):
    UNKNOWN = "unknown"
    ONLINE = "online"
    OFFLINE = "offline"
    LOGIN_REQUIRED = "login_required"


@dataclass(frozen=True)
class SyncConfig:
    base_url: str
    ca_bundle: Path | None = None
    timeouts: Timeouts = field(default_factory=Timeouts)
    backoff_base: float = 2.0  # seconds
    backoff_cap: float = 300.0
    pull_interval: float = 15.0
    chunk_size: int = 256 * 1024
    number_block_size: int = 50
    number_low_water: int = 10
    catalogue_interval: float = 600.0  # seconds between catalogue (and holiday table) delta pulls
    batch_size: int = 50  # due rows read at once per lane
    completion_batch: int = 25  # acknowledged rows completed per transaction
    terminal_code: str = ""


@dataclass(frozen=True)
class SyncStatus:
    connectivity: Connectivity
    pending: int
    failed: int
    oldest_pending_at: dt.datetime | None
    numbers_left: int
    last_error: str = ""


class Backoff:
    """Truncated exponential backoff with full jitter (AWS architecture blog's recommendation)."""

    def __init__(self, base: float, cap: float, rng: random.Random) -> None:
        self._base = base
        self._cap = cap
        self._rng = rng

    def delay(self, attempts: int) -> dt.timedelta:
        ceiling = min(self._cap, self._base * (2 ** min(attempts, 30)))
        return dt.timedelta(seconds=self._rng.uniform(ceiling / 2, ceiling))


class SyncEngine:
    def __init__(
        self,
        store: LocalStore,
        adapter: PlatformAdapter,
        config: SyncConfig,
        tokens: TokenSource,
        clock: Clock,
        *,
        rng: random.Random | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_cases_changed: Callable[[set[str]], None] | None = None,
    ) -> None:
        self._store = store
        self._adapter = adapter
        self.config = config
        self.tokens = tokens
        self._clock = clock
        self._backoff = Backoff(config.backoff_base, config.backoff_cap, rng or random.Random())
        # Called from sync threads; the UI bridges them into Qt signals.
        self.on_status = on_status
        self.on_cases_changed = on_cases_changed
        self.on_reference_changed: Callable[[], None] | None = None  # a new catalogue or holiday table
        self._catalogue_pulled_at: float | None = None
        self._connectivity = Connectivity.UNKNOWN
        self._last_error = ""
        self._status_lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = {lane: threading.Event() for lane in (*Lane, "pull")}
        self._threads: list[threading.Thread] = []
        self._pull_hooks: list[Callable[[PlatformClient], object]] = []

    def add_pull_hook(self, hook: Callable[[PlatformClient], object]) -> None:
        """Run `hook` after every successful pull, with the pull's authorised client (e.g. re-checking
        e-licences recorded offline); its platform errors are handled like the pull's own."""
        self._pull_hooks.append(hook)

    # -- lifecycle
    def start(self) -> None:
        """Rows left in flight by a crash go back to ready, then one thread per lane starts."""
        if self._threads:
            return
        self._stop.clear()
        now = self._clock.now()
        self._store.writer.run(lambda s: outbox.reset_in_flight(s, now))
        for lane in Lane:
            self._threads.append(
                threading.Thread(target=self._lane_loop, args=(lane,), name=f"sync-{lane.value}")
            )
        self._threads.append(threading.Thread(target=self._pull_loop, name="sync-pull"))
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for event in self._wake.values():
            event.set()
        self.tokens.changed.set()
        for thread in self._threads:
            thread.join()
        self._threads.clear()

    def kick(self) -> None:
        """Something new is queued (or the clerk pressed 立即同步): every lane looks now."""
        for event in self._wake.values():
            event.set()

    def new_client(self) -> PlatformClient:
        return PlatformClient(
            self.config.base_url, ca_bundle=self.config.ca_bundle, timeouts=self.config.timeouts
        )

    # -- headless
    def drain_once(self, *, max_rounds: int = 1_000_000) -> SyncStatus:
        """`main.py sync --once`: pull, then send everything due, on this thread; returns the final status."""
        now = self._clock.now()
        self._store.writer.run(lambda s: outbox.reset_in_flight(s, now))
        client = self.new_client()
        self._catalogue_pulled_at = None  # a headless pass always asks for the catalogue
        try:
            self.pull(client)
            for lane in Lane:
                rounds = 0
                while rounds < max_rounds and self.process_one(lane, client):
                    rounds += 1
        finally:
            client.close()
        return self.status()

    # -- lanes
    def _lane_loop(self, lane: Lane) -> None:
        background_thread()
        client = self.new_client()
        try:
            while not self._stop.is_set():
                worked = self.process_one(lane, client)
                if worked:
                    continue
                self._wake[lane].wait(self._idle_wait(lane))
                self._wake[lane].clear()
        finally:
            client.close()

    def _idle_wait(self, lane: Lane) -> float:
        if self._connectivity is Connectivity.LOGIN_REQUIRED:
            return self.config.pull_interval
        with self._store.database.read() as session:
            due = outbox.next_due(session, lane)
        if due is None:
            return self.config.pull_interval
        seconds = (due - self._clock.now()).total_seconds()
        return max(0.05, min(self.config.pull_interval, seconds))

    def process_one(self, lane: Lane, client: PlatformClient) -> bool:
        """Send the lane's due rows (a batch); False when nothing was due, or a failure stopped the batch."""
        if self._connectivity is Connectivity.LOGIN_REQUIRED and self.tokens.access_token() is None:
            return False
        now = self._clock.now()
        if lane is Lane.AUDIT:
            self._queue_audit(now)
        with self._store.database.read() as session:
            batch = outbox.peek_batch(session, lane, now, self.config.batch_size)
            case_ids = [str(c.payload["case_id"]) for c in batch if c.kind == "submit_case"]
            snapshots = cases.load_cases(session, case_ids)
        if not batch:
            return False
        token = self.tokens.access_token()
        client.set_token(token)
        # Rows go one after another, in queue order (the platform sees cases in acceptance order); the
        # completion of a group of acknowledged rows commits on the writer thread while the next group
        # is on the wire, and the lane waits for every completion before it reads the queue again.
        completions: list[Future[set[str]]] = []
        acked: list[tuple[Claimed, Receipt | None]] = []
        try:
            for claimed in batch:
                if self._stop.is_set():
                    return False
                try:
                    acked.append((claimed, self._send(claimed, client, snapshots)))
                except Exception as exc:  # noqa: BLE001 - every outcome is decided in _after_failure
                    if acked:  # queued before the failed row's own update
                        completions.append(self._record_acked(acked))
                        acked = []
                    return self._after_failure(claimed, client, token, exc)
                if len(acked) >= self.config.completion_batch:
                    completions.append(self._record_acked(acked))
                    acked = []
        finally:
            if acked:
                completions.append(self._record_acked(acked))
            self._settle(completions)
        self._set_connectivity(Connectivity.ONLINE)
        return True

    def _settle(self, completions: list[Future[set[str]]]) -> None:
        """Wait for the queued completions' commits, then tell the listeners which cases changed."""
        touched: set[str] = set()
        for future in completions:
            touched |= future.result()
        if touched:
            self._notify_cases(touched)

    def _record_acked(self, acked: list[tuple[Claimed, Receipt | None]]) -> Future[set[str]]:
        """Complete acknowledged rows in one transaction, queued on the writer thread (which runs its jobs
        in order); the future gives the cases touched. Losing it to a crash only means those rows are sent
        again, with the same keys, and the platform answers from its idempotency store."""
        now = self._clock.now()
        receipts = [receipt for _claimed, receipt in acked if receipt is not None]
        touched = {claimed.aggregate_id for claimed, _receipt in acked}

        def complete(session: Session) -> set[str]:
            outbox.complete_many(session, [claimed for claimed, _receipt in acked], now)
            cases.mark_received(session, [(r.case_id, r.data_version) for r in receipts], now)
            for receipt in receipts:
                if receipt.official_number:
                    numbers.attach_official(session, receipt.case_id, receipt.official_number, at=now)
            return touched

        return self._store.writer.submit(complete)

    def _after_failure(
        self, claimed: Claimed, client: PlatformClient, token: str | None, exc: Exception
    ) -> bool:
        """Put the row where it belongs after a failed send; True when the lane may go on at once."""
        if isinstance(exc, AuthExpired):
            if self.tokens.refresh(client, token):
                self._release(claimed, "")
                return True
            self._set_connectivity(Connectivity.LOGIN_REQUIRED, "登录已过期，请重新登录以继续上报")
            self._release(claimed, "登录已过期，等待重新登录")
        elif isinstance(exc, PlatformUnavailable):
            self._set_connectivity(Connectivity.OFFLINE, exc.reason)
            self._retry_later(claimed, _plain_error(exc))
        elif isinstance(exc, PlatformRejected):
            self._set_connectivity(Connectivity.ONLINE)
            log.warning("platform refused %s #%d: %s %s", claimed.kind, claimed.id, exc.status, exc.code)
            self._fail(claimed, f"平台拒收（{exc.status} {exc.code}）：{exc.message}")
            return True
        else:  # a bug: keep the row, log it, back off
            log.error("sync of %s #%d failed unexpectedly", claimed.kind, claimed.id, exc_info=exc)
            self._retry_later(claimed, f"内部错误：{type(exc).__name__}")
        return False

    def _send(
        self, claimed: Claimed, client: PlatformClient, snapshots: dict[str, CaseSnapshot]
    ) -> Receipt | None:
        """Send one row; returns the platform's receipt for a case (applied with the row's completion)."""
        if claimed.kind == "submit_case":
            return self._submit_case(claimed, client, snapshots)
        if claimed.kind == "upload_material":
            self._upload_material(claimed, client)
            return None
        if claimed.kind == audit.OUTBOX_KIND:
            self._submit_audit(claimed, client)  # completes its whole batch itself
            return None
        raise PlatformRejected(0, "unknown_kind", f"unknown outbox kind {claimed.kind}")

    def _submit_case(
        self, claimed: Claimed, client: PlatformClient, snapshots: dict[str, CaseSnapshot]
    ) -> Receipt:
        snapshot = snapshots.get(str(claimed.payload["case_id"]))
        if snapshot is None:
            raise PlatformRejected(0, "case_missing", "本地找不到该办件")
        return self._adapter.submit_case(client, snapshot, claimed.idempotency_key)

    def _upload_material(self, claimed: Claimed, client: PlatformClient) -> None:
        """Resumable: ask the server where it is, send from there, at most one chunk repeated per cut."""
        payload = claimed.payload
        with self._store.database.read() as session:
            attachment = session.get_one(Attachment, str(payload["attachment_id"]))
            blob, sha256, size, media = (
                attachment.blob,
                attachment.sha256,
                attachment.size,
                attachment.media_type,
            )
        upload_id = payload.get("upload_id")
        if upload_id is None:
            spec = UploadSpec(str(payload["case_id"]), str(payload["material_id"]), size, sha256, media)
            state = self._adapter.create_upload(client, spec, claimed.idempotency_key)
            upload_id = state.upload_id
            new_payload = {**payload, "upload_id": upload_id}
            self._store.writer.run(lambda s: outbox.update_payload(s, claimed.id, new_payload))
            offset = state.offset
        else:
            offset = self._adapter.upload_offset(client, str(upload_id))
        for chunk_offset, chunk in self._store.attachments.iter_chunks(blob, offset, self.config.chunk_size):
            if chunk_offset != offset:
                raise PlatformUnavailable("upload offset moved")  # resume from the server's offset
            offset = self._adapter.append_upload(client, str(upload_id), offset, chunk)
            if self._stop.is_set():
                raise PlatformUnavailable("stopping")
        state = self._adapter.upload_state(client, str(upload_id))
        if not state.complete or state.offset != size:
            raise PlatformUnavailable("upload incomplete")
        if state.sha256_ok is False:
            raise PlatformRejected(0, "sha256_mismatch", "平台收到的文件校验不一致")

    def _queue_audit(self, now: dt.datetime) -> None:
        """Audit rows appended since the last look get their outbox rows (see app.store.audit). A
        failure (a full disk) leaves them for the next look; the rows queued earlier still go."""
        try:
            with self._store.database.read() as session:
                if audit.unqueued(session) == 0:
                    return
            self._store.writer.run(lambda s: audit.queue_for_platform(s, now))
        except Exception:  # the lane thread must live on
            log.warning("queueing audit rows for the platform failed", exc_info=True)

    def _submit_audit(self, claimed: Claimed, client: PlatformClient) -> None:
        """The claimed audit row and the ready ones queued after it, in one POST /audit.

        Rows are claimed in order and one lane thread sends them, so every earlier audit row is already
        on the platform; the batch's key names its first and last seq, and the platform keeps each
        (terminal, seq) once, so a retried or regrouped batch stores nothing twice. A queued row whose
        audit row is gone locally is refused here (a person must look: the trail was altered).
        """
        with self._store.database.read() as session:
            batch = [(claimed.id, int(claimed.payload["seq"]))]
            batch += outbox.following(session, Lane.AUDIT, claimed.id, AUDIT_BATCH - 1)
            records = audit.records(session, [seq for _id, seq in batch])
        held = {int(r["seq"]) for r in records}
        missing = next((i for i, (_id, seq) in enumerate(batch) if seq not in held), None)
        if missing == 0:
            message = f"本地审计记录缺失（第 {batch[0][1]} 条），请联系安全管理员"
            raise PlatformRejected(0, "audit_missing", message)
        if missing is not None:  # send what comes before the gap; the gap fails on its own turn
            batch = batch[:missing]
            records = records[:missing]
        terminal = self.config.terminal_code
        entries = [{"terminal_code": terminal, **record} for record in records]
        key = f"{terminal}:audit:{records[0]['seq']}-{records[-1]['seq']}"
        self._adapter.submit_audit(client, entries, key)
        now = self._clock.now()
        last = records[-1]

        def done(session: Session) -> None:
            outbox.complete_ids(session, [entry_id for entry_id, _seq in batch], now)
            audit.confirm_by_platform(session, int(last["seq"]), str(last["hash"]))

        self._store.writer.run(done)

    # -- pulls
    def _pull_loop(self) -> None:
        background_thread()
        client = self.new_client()
        try:
            while not self._stop.is_set():
                try:
                    self.pull(client)
                except Exception:  # a bug in a pull must not end the thread
                    log.exception("pull failed unexpectedly")
                self._wake["pull"].wait(self.config.pull_interval)
                self._wake["pull"].clear()
        finally:
            client.close()

    def pull(self, client: PlatformClient) -> None:
        """Status changes into the case timeline, and a new number block when running low."""
        token = self.tokens.access_token()
        if token is None:
            self._set_connectivity(Connectivity.LOGIN_REQUIRED, "尚未登录政务服务平台")
            return
        client.set_token(token)
        try:
            self._pull_changes(client)
            self._top_up_numbers(client)
            self._pull_catalogue(client)
            for hook in self._pull_hooks:
                hook(client)
        except AuthExpired:
            if not self.tokens.refresh(client, token):
                self._set_connectivity(Connectivity.LOGIN_REQUIRED, "登录已过期，请重新登录以继续上报")
            return
        except PlatformUnavailable as exc:
            self._set_connectivity(Connectivity.OFFLINE, exc.reason)
            return
        except PlatformRejected as exc:
            log.warning("platform refused a pull: %s %s", exc.status, exc.code)
            return
        self._set_connectivity(Connectivity.ONLINE)

    def _pull_changes(self, client: PlatformClient) -> None:
        while True:
            with self._store.database.read() as session:
                row = session.get(Meta, CHANGES_CURSOR_KEY)
                cursor = int(row.value) if row is not None else 0
            changes, next_cursor = self._adapter.case_changes(client, cursor, 200)
            if not changes and next_cursor == cursor:
                return
            touched = self._store.writer.run(
                functools.partial(apply_changes, changes=changes, next_cursor=next_cursor)
            )
            self._notify_cases(touched)
            if next_cursor == cursor:
                return

    def _pull_catalogue(self, client: PlatformClient) -> None:
        """The catalogue delta since our version (and the holiday overrides), at most every interval."""
        started = time.monotonic()
        if (
            self._catalogue_pulled_at is not None
            and started - self._catalogue_pulled_at < self.config.catalogue_interval
        ):
            return
        with self._store.database.read() as session:
            current = catalogue_store.current_version(session)
        delta = self._adapter.catalogue_delta(client, current)
        self._catalogue_pulled_at = started
        overrides = delta.get("holiday_overrides")
        if not delta.get("items") and not delta.get("removed") and not overrides:
            return
        now = self._clock.now()

        def apply(session: Session) -> bool:
            changed = catalogue_store.apply_delta(session, delta, "platform", now) is not None
            if overrides:
                incoming = CalendarOverrides.from_json(json.dumps(overrides))
                merged = calendar_store.load_overrides(session).merged_with(incoming)
                if merged != calendar_store.load_overrides(session):
                    calendar_store.save_overrides(session, merged, at=now, actor="platform")
                    calendar_store.recompute_provisional_deadlines(
                        session, WorkingCalendar(merged), at=now, actor="platform"
                    )
                    changed = True
            return changed

        if self._store.writer.run(apply) and self.on_reference_changed is not None:
            self.on_reference_changed()

    def _top_up_numbers(self, client: PlatformClient) -> None:
        with self._store.database.read() as session:
            left = numbers.remaining(session)
            reserved = numbers.blocks_reserved(session)
        if left >= self.config.number_low_water:
            return
        key = f"{self.config.terminal_code}:number-block:{reserved + 1}"
        grant = self._adapter.reserve_numbers(client, self.config.number_block_size, key)
        now = self._clock.now()
        self._store.writer.run(
            lambda s: numbers.add_block(
                s, block_id=grant.block_id, prefix=grant.prefix, first=grant.first, last=grant.last, at=now
            )
        )

    # -- row outcomes
    def _retry_later(self, claimed: Claimed, error: str) -> None:
        now = self._clock.now()
        delay = self._backoff.delay(claimed.attempts)
        self._store.writer.run(lambda s: outbox.retry_later(s, claimed, now, delay, error))

    def _release(self, claimed: Claimed, error: str) -> None:
        now = self._clock.now()
        self._store.writer.run(lambda s: outbox.release(s, claimed, now, error))

    def _fail(self, claimed: Claimed, error: str) -> None:
        now = self._clock.now()
        self._store.writer.run(lambda s: outbox.fail(s, claimed, now, error))
        self._publish()

    def outbox_rows(self) -> list[outbox.OutboxRow]:
        with self._store.database.read() as session:
            return outbox.rows(session)

    @property
    def started(self) -> bool:
        return bool(self._threads)

    def retry(self, entry_id: int | None = None) -> None:
        """The clerk's 重试 (one row) or 立即同步 (everything waiting)."""
        now = self._clock.now()
        if entry_id is None:
            self._store.writer.run(lambda s: outbox.retry_all_now(s, now))
        else:
            self._store.writer.run(lambda s: outbox.retry_now(s, entry_id, now))
        self.kick()

    # -- status
    def _set_connectivity(self, state: Connectivity, error: str = "") -> None:
        with self._status_lock:
            changed = state is not self._connectivity or error != self._last_error
            self._connectivity = state
            self._last_error = error
        if changed:
            self._publish()

    def status(self) -> SyncStatus:
        with self._store.database.read() as session:
            summary = outbox.summary(session)
            left = numbers.remaining(session)
        with self._status_lock:
            return SyncStatus(
                self._connectivity,
                summary.pending,
                summary.failed,
                summary.oldest_pending_at,
                left,
                self._last_error,
            )

    def _publish(self) -> None:
        if self.on_status is not None:
            self.on_status(self.status())

    def _notify_cases(self, case_ids: set[str]) -> None:
        self._publish()
        if case_ids and self.on_cases_changed is not None:
            self.on_cases_changed(case_ids)


def apply_changes(session: Session, changes: list[StatusChange], next_cursor: int) -> set[str]:
    """Apply platform status changes to local cases (timeline + audit), and move the cursor, atomically.

    A change for an unknown case, or one the state machine does not allow from the local state (already
    applied, or superseded), is skipped: the platform is the authority, the cursor still moves on.
    """
    touched: set[str] = set()
    for change in changes:
        case = session.get(Case, change.case_id)
        if case is None or case.status == change.status.value:
            continue
        try:
            step = transition(CaseStatus(case.status), change.status, PLATFORM, change.at, change.reason)
        except IllegalTransition:
            log.info("skipping platform change %d (%s -> %s)", change.seq, case.status, change.status.value)
            continue
        case.status = step.to_status.value
        case.updated_at = change.at
        session.flush()
        cases.add_event(session, case.id, step)
        audit.append(
            session,
            at=change.at,
            actor="platform",
            action=f"case.{step.to_status.value}",
            subject=case.number,
        )
        touched.add(case.id)
    row = session.get(Meta, CHANGES_CURSOR_KEY)
    if row is None:
        session.add(Meta(key=CHANGES_CURSOR_KEY, value=str(next_cursor)))
    else:
        row.value = str(next_cursor)
    return touched


def _plain_error(exc: PlatformUnavailable) -> str:
    if exc.status is not None:
        return f"平台暂时无法处理（{exc.status}），稍后自动重试"
    if exc.reason.startswith("TLS"):
        return "与平台的安全连接校验失败（证书），请联系信息技术人员"
    if exc.reason == "timeout":
        return "连接平台超时，稍后自动重试"
    return "无法连接平台，稍后自动重试"
