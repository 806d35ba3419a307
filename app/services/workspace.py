"""Opening a workstation's data: settings -> keystore -> store -> calendar -> catalogue; demo seeding."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.documents import acceptance_notice as pdf
from app.domain.calendar import CalendarOverrides, WorkingCalendar
from app.domain.clock import Clock, SystemClock
from app.domain.passwords import PasswordPolicy
from app.services.audit_trail import AuditTrail
from app.services.desk import DeskService
from app.services.login import LoginService
from app.services.notices import NoticeContext, NoticeIssuer
from app.services.retention import RetentionService
from app.services.sessions import SessionSecurity
from app.settings import DEMO_CLERK, DEMO_SUPERVISOR, Settings
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
    audit: AuditTrail = field(init=False)
    security: SessionSecurity = field(init=False)
    retention: RetentionService = field(init=False)

    def __post_init__(self) -> None:
        settings = self.settings
        tokens = None
        if settings.platform.url:
            tokens = TokenSource(TokenKeyring(self.store.data_dir.install_id()), self.clock)
            config = SyncConfig(
                base_url=settings.platform.url,
                ca_bundle=settings.platform.ca_bundle,
                terminal_code=settings.terminal_code,
            )
            adapter = ReferenceAdapter(Codes.load(settings.platform.codes_file))
            self.sync = SyncEngine(self.store, adapter, config, tokens, self.clock)
        self.login = LoginService(
            self.store,
            self.clock,
            tokens=tokens,
            new_client=self.sync.new_client if self.sync is not None else None,
            terminal_code=settings.terminal_code,
            offline_days=settings.platform.offline_login_days,
        )
        hall = self.settings.hall
        ctx = NoticeContext(
            hall=pdf.Hall(hall.name, hall.address, hall.phone),
            query_url=self.settings.query_url,
            font_path=self.settings.fonts_dir / "wqy-zenhei.ttc",
            training=self.settings.demo,
        )
        self.notices = NoticeIssuer(self.store, ctx, self.clock)
        self._init_security()

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
    def open(cls, settings: Settings, clock: Clock | None = None) -> Workspace:
        clock = clock or SystemClock()
        if settings.keystore == "file":
            use_file_keystore(settings.demo_keystore_file)
        store = LocalStore.open(DataDir(settings.data_dir), lockout=lockout_policy(settings))
        try:
            store.use_profile(CryptoProfile(settings.security.crypto_profile), clock.now())
            with store.database.read() as session:
                calendar = WorkingCalendar(load_overrides(session))
            workspace = cls(settings, store, calendar, clock)
            workspace.seed()
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

    def desk_for(self, identity: ClerkIdentity) -> DeskService:
        desk = Desk(
            terminal=self.settings.terminal_code,
            window=self.settings.window,
            clerk=identity.actor,
            clerk_name=identity.display_name,
        )
        return DeskService(self.store, lambda: self.calendar, self.clock, desk, self.notices)

    def close(self) -> None:
        if self.sync is not None:
            self.sync.stop()
        self.store.close()
