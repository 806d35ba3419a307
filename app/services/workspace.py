"""Opening a workstation's data: settings -> keystore -> store -> calendar -> catalogue; demo seeding."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.documents import acceptance_notice as pdf
from app.documents.templates import TemplateError, load_templates
from app.domain.calendar import CalendarOverrides, WorkingCalendar
from app.domain.clock import CHINA_TZ, Clock, SystemClock
from app.domain.errors import EnvironmentFailure, FailureKind
from app.domain.passwords import PasswordPolicy
from app.services.audit_trail import AuditTrail
from app.services.desk import DeskService
from app.services.elicences import ElicenceService
from app.services.enrollment import UpdateNotice, check_version
from app.services.forms import FormLibrary
from app.services.login import LoginService
from app.services.lookups import PlatformLookups
from app.services.materials import MaterialsService, profile_from
from app.services.notices import NoticeContext, NoticeIssuer
from app.services.retention import RetentionService
from app.services.sessions import SessionSecurity
from app.services.supervisor import SupervisorGate
from app.settings import DEMO_CLERK, DEMO_SUPERVISOR, RESOURCES, Settings
from app.store.calendar import load_overrides, recompute_provisional_deadlines, save_overrides
from app.store.cases import Desk
from app.store.catalogue import CatalogueView, current_version, import_catalogue, load_view
from app.store.clerks import ClerkIdentity, LockoutPolicy, Role, add_clerk
from app.store.crypto import CryptoProfile
from app.store.datadir import DataDir
from app.store.keystore import use_file_keystore
from app.store.local import LocalStore
from app.sync.adapter import Codes, ReferenceAdapter
from app.sync.auth import TokenKeyring, TokenSource
from app.sync.engine import SyncConfig, SyncEngine

log = logging.getLogger(__name__)


def lockout_policy(settings: Settings) -> LockoutPolicy:
    security = settings.security
    return LockoutPolicy(security.max_failed_logins, dt.timedelta(minutes=security.lockout_minutes))


@dataclass
class Workspace:
    settings: Settings
    store: LocalStore
    calendar: WorkingCalendar
    clock: Clock
    catalogue: CatalogueView | None = None
    notices: NoticeIssuer = field(init=False)
    sync: SyncEngine | None = field(init=False, default=None)
    login: LoginService = field(init=False)
    # Tuning of the sync engine (tests and benchmarks shorten timeouts and backoff).
    sync_overrides: dict[str, Any] = field(default_factory=dict)
    elicences: ElicenceService | None = field(init=False, default=None)
    lookups: PlatformLookups = field(init=False)
    forms: FormLibrary = field(init=False)
    supervisor: SupervisorGate = field(init=False)
    audit: AuditTrail = field(init=False)
    security: SessionSecurity = field(init=False)
    retention: RetentionService = field(init=False)

    def __post_init__(self) -> None:
        settings = self.settings
        tokens = None
        adapter: ReferenceAdapter | None = None
        if settings.platform.url:
            tokens = TokenSource(TokenKeyring(self.store.data_dir.install_id()), self.clock)
            config = SyncConfig(
                base_url=settings.platform.url,
                ca_bundle=settings.platform.ca_bundle,
                terminal_code=settings.terminal_code,
                **self.sync_overrides,
            )
            adapter = ReferenceAdapter(Codes.load(settings.platform.codes_file))
            self.sync = SyncEngine(self.store, adapter, config, tokens, self.clock)
            self.sync.on_reference_changed = self._reference_changed
            self.elicences = ElicenceService(self.store, adapter, self.sync.new_client, tokens, self.clock)
            self.sync.add_pull_hook(self.elicences.recheck)  # 待核验 licences are re-checked after sync
        self.lookups = PlatformLookups(
            adapter,
            self.sync.new_client if self.sync is not None else None,
            tokens,
        )
        self.login = LoginService(
            self.store,
            self.clock,
            tokens=tokens,
            new_client=self.sync.new_client if self.sync is not None else None,
            terminal_code=settings.terminal_code,
            offline_days=settings.platform.offline_login_days,
        )
        hall = self.settings.hall
        try:
            templates = load_templates(RESOURCES / "notices", settings.notices_dir)
        except TemplateError as exc:
            raise EnvironmentFailure(FailureKind.CONFIGURATION_INVALID, str(exc)) from exc
        ctx = NoticeContext(
            hall=pdf.Hall(hall.name, hall.address, hall.phone),
            query_url=self.settings.query_url,
            font_path=self.settings.fonts_dir / "wqy-zenhei.ttc",
            templates=templates,
            training=self.settings.demo,
        )
        self.notices = NoticeIssuer(self.store, ctx, self.clock)
        self.forms = FormLibrary(
            RESOURCES / "forms",
            RESOURCES / "regions" / "gbt2260-2023.json",
            lambda: self.clock.now().astimezone(CHINA_TZ).date(),
        )
        self._init_security()
        self.supervisor = SupervisorGate(self.security)

    def _init_security(self) -> None:
        settings = self.settings
        self.audit = AuditTrail(self.store, self.clock)
        passwords = PasswordPolicy(min_length=settings.security.min_password_length)
        self.security = SessionSecurity(self.store, self.clock, passwords)
        self.retention = RetentionService(
            self.store,
            self.clock,
            case_days=settings.retention.case_days,
            log_days=settings.retention.log_days,
            log_dir=self.store.data_dir.logs,
        )

    @classmethod
    def open(
        cls,
        settings: Settings,
        clock: Clock | None = None,
        sync_overrides: dict[str, Any] | None = None,
        *,
        exclusive: bool = False,
    ) -> Workspace:
        """`exclusive`: the clerk's app, refused (ALREADY_RUNNING) while another process holds the data
        directory; IT commands open it beside the running app (LocalStore.open)."""
        clock = clock or SystemClock()
        if settings.keystore == "file":
            use_file_keystore(settings.demo_keystore_file)
        store = LocalStore.open(
            DataDir(settings.data_dir), lockout=lockout_policy(settings), exclusive=exclusive
        )
        try:
            store.use_profile(CryptoProfile(settings.security.crypto_profile), clock.now())
            with store.database.read() as session:
                calendar = WorkingCalendar(load_overrides(session))
            workspace = cls(settings, store, calendar, clock, sync_overrides=dict(sync_overrides or {}))
            workspace.seed()
            workspace.forms.warm()
            with store.database.read() as session:
                workspace.catalogue = load_view(session)
        except BaseException:
            store.close()
            raise
        return workspace

    def seed(self) -> None:
        """First start: the bundled catalogue sample, and in demo mode the demo accounts."""
        now = self.clock.now()
        with self.store.database.read() as session:
            has_catalogue = current_version(session) is not None
        if not has_catalogue and self.settings.catalogue_file.exists():
            document = json.loads(self.settings.catalogue_file.read_text(encoding="utf-8"))
            source = self.settings.catalogue_file.name
            self.store.writer.run(lambda s: import_catalogue(s, document, source, now))
            log.info("imported the bundled catalogue sample")
        if self.settings.demo and self.store.clerks.count() == 0:
            accounts = ((DEMO_CLERK, Role.CLERK), (DEMO_SUPERVISOR, Role.SUPERVISOR))

            def add_demo_accounts(session: Session) -> None:
                for (login, password, name), role in accounts:
                    add_clerk(
                        session,
                        login=login,
                        display_name=name,
                        role=role,
                        password=password,
                        at=now,
                        demo=True,
                    )

            self.store.writer.run(add_demo_accounts)

    def import_calendar(self, text: str, actor: str) -> int:
        """Merge an override table (IT staff's file, later the platform's push) and recount provisional
        deadlines; returns how many cases got final deadlines."""
        incoming = CalendarOverrides.from_json(text)
        now = self.clock.now()

        def apply(session: Session) -> int:
            merged = load_overrides(session).merged_with(incoming)
            save_overrides(session, merged, at=now, actor=actor)
            self.calendar = WorkingCalendar(merged)
            return recompute_provisional_deadlines(session, self.calendar, at=now, actor=actor)

        return self.store.writer.run(apply)

    # Called (from a sync thread) after a new catalogue or holiday table arrived; the UI sets this to
    # learn about it.
    on_catalogue_reloaded: Callable[[CatalogueView | None], None] | None = None

    def _reference_changed(self) -> None:
        with self.store.database.read() as session:
            self.calendar = WorkingCalendar(load_overrides(session))
            self.catalogue = load_view(session)
        if self.on_catalogue_reloaded is not None:
            self.on_catalogue_reloaded(self.catalogue)

    def check_version(self) -> UpdateNotice | None:
        """What the platform says about this client's version; None without a platform."""
        if self.sync is None:
            return None
        client = self.sync.new_client()
        try:
            return check_version(client, self.clock.now())
        finally:
            client.close()

    def desk_for(self, identity: ClerkIdentity) -> DeskService:
        desk = Desk(
            terminal=self.settings.terminal_code,
            window=self.settings.window,
            clerk=identity.actor,
            clerk_name=identity.display_name,
        )
        return DeskService(self.store, lambda: self.calendar, self.clock, desk, self.notices)

    def materials_for(self, identity: ClerkIdentity) -> MaterialsService:
        """Pages scanned by this clerk are recorded as checked by them (trust level B)."""
        return MaterialsService(self.store, self.clock, profile_from(self.settings.materials), identity.login)

    def close(self) -> None:
        if self.sync is not None:
            self.sync.stop()
        self.store.close()
