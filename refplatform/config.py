"""Configuration of the reference platform: where it keeps its data, its timings and its seed data."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
CATALOGUE_FILE = RESOURCES / "catalogue" / "sample-catalogue.json"
CODES_FILE = RESOURCES / "platform" / "codes-reference.json"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class SeedClerk:
    login: str
    password: str
    display_name: str
    role: str = "clerk"  # clerk | supervisor | admin
    locked: bool = False


@dataclass(frozen=True)
class SeedTerminal:
    code: str
    number_prefix: str
    hostname: str = ""


@dataclass(frozen=True)
class SeedEnrollment:
    """An enrollment token; `terminal_code` pre-assigns the code, otherwise the server makes one."""

    token: str
    uses: int = 1
    terminal_code: str | None = None


@dataclass(frozen=True)
class SeedElicence:
    licence_id: str
    type: str
    number: str
    holder_id: str
    holder_name: str
    issuer: str
    valid_until: str | None = None


@dataclass(frozen=True)
class SeedPreApplication:
    number: str
    item_code: str
    applicant: dict[str, str]
    submitted_at: str
    answers: dict[str, Any] = field(default_factory=dict)
    form_data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SeedClientVersion:
    latest: str = "0.1.0"
    minimum: str = "0.1.0"
    required_after: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class Seed:
    """Data the platform holds after a start or a reset."""

    clerks: tuple[SeedClerk, ...] = ()
    terminals: tuple[SeedTerminal, ...] = ()
    enrollments: tuple[SeedEnrollment, ...] = ()
    elicences: tuple[SeedElicence, ...] = ()
    pre_applications: tuple[SeedPreApplication, ...] = ()
    client_version: SeedClientVersion = field(default_factory=SeedClientVersion)


@dataclass(frozen=True)
class PlatformConfig:
    """Everything the server needs; `data_dir` holds the SQLite file, upload chunks and TLS files."""

    data_dir: Path
    seed: Seed = field(default_factory=Seed)
    admin_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    access_token_seconds: int = 900
    refresh_token_seconds: int = 8 * 3600
    # Seconds between automatic status steps of an accepted case (审查 → 审批 → 办结); 0 turns it off.
    advance_every: float = 0.0
    # Failed logins in a row before a clerk is locked (423), and for how long.
    max_failed_logins: int = 5
    lockout_seconds: int = 300
    # scrypt work factor for stored passwords (tests lower it; the format stores it per hash).
    password_cost: int = 2**14
    region_code: str = "330106"
    number_width: int = 6
    first_block_size: int = 100
    catalogue_file: Path = CATALOGUE_FILE
    codes_file: Path = CODES_FILE
    holiday_overrides: dict[str, Any] | None = None
    https: bool = False
    # Serve these PEM files instead of a certificate made at start-up (client TLS tests use it).
    tls_certfile: Path | None = None
    tls_keyfile: Path | None = None
    tls_hostnames: tuple[str, ...] = ("127.0.0.1", "localhost")
    clock: Callable[[], dt.datetime] = utc_now

    @property
    def database_file(self) -> Path:
        return self.data_dir / "platform.sqlite3"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def tls_dir(self) -> Path:
        return self.data_dir / "tls"

    @property
    def ca_bundle(self) -> Path:
        """The private CA's certificate, written at start-up when serving HTTPS with a made certificate."""
        return self.tls_dir / "ca.pem"


def seed_demo() -> Seed:
    """The demo data set: the app's demo clerks, terminals XH01-XH03, a few licences and pre-applications."""
    return Seed(
        clerks=(
            SeedClerk("demo", "Demo@2026", "演示受理员", "clerk"),
            SeedClerk("leader", "Leader@2026", "演示科长", "supervisor"),
            SeedClerk("admin", "Admin@2026", "系统管理员", "admin"),
            SeedClerk("locked", "Locked@2026", "停用账号", "clerk", locked=True),
        ),
        terminals=(
            SeedTerminal("XH01", "330106XH01"),
            SeedTerminal("XH02", "330106XH02"),
            SeedTerminal("XH03", "330106XH03"),
        ),
        enrollments=(
            SeedEnrollment("ENROLL-DEMO-0001", uses=1),
            SeedEnrollment("ENROLL-DEMO-0002", uses=1, terminal_code="XH09"),
            SeedEnrollment("ENROLL-DEMO-MULTI", uses=20),
        ),
        elicences=(
            SeedElicence(
                "EL-ID-0001",
                "居民身份证",
                "110101199003070011",
                "110101199003070011",
                "张三",
                "北京市公安局东城分局",
                "2036-03-07",
            ),
            SeedElicence(
                "EL-HK-0001",
                "户口簿",
                "HK110101-0042",
                "110101199003070011",
                "张三",
                "北京市公安局东城分局",
                None,
            ),
            SeedElicence(
                "EL-ID-0002",
                "居民身份证",
                "11010119900307002X",
                "11010119900307002X",
                "李四",
                "北京市公安局东城分局",
                "2030-12-31",
            ),
            SeedElicence(
                "EL-MC-0001",
                "结婚证",
                "J330106-2020-000123",
                "11010119900307002X",
                "李四",
                "杭州市西湖区民政局",
                None,
            ),
            SeedElicence(
                "EL-BL-0001",
                "营业执照",
                "91350100M000100Y43",
                "91350100M000100Y43",
                "福州示例科技有限公司",
                "福州市市场监督管理局",
                None,
            ),
            SeedElicence(
                "EL-BL-0002",
                "营业执照",
                "9144030071526726XG",
                "9144030071526726XG",
                "深圳示例贸易有限公司",
                "深圳市市场监督管理局",
                None,
            ),
        ),
        pre_applications=(
            SeedPreApplication(
                number="YS202611250001",
                item_code="330106-SCJG-001",
                applicant={
                    "name": "张三",
                    "id_type": "111",
                    "id_number": "110101199003070011",
                    "phone": "13800138000",
                },
                submitted_at="2026-11-24T09:30:00+08:00",
                answers={"by_agent": False, "owns_premises": True},
                form_data={"business_name": "西湖区张三小吃店", "business_scope": "小吃服务"},
            ),
            SeedPreApplication(
                number="YS202611250002",
                item_code="330106-SCJG-001",
                applicant={
                    "name": "李四",
                    "id_type": "111",
                    "id_number": "11010119900307002X",
                    "phone": "13900139000",
                },
                submitted_at="2026-11-24T14:05:00+08:00",
                answers={"by_agent": True, "owns_premises": False},
                form_data={"business_name": "西湖区李四便利店", "business_scope": "日用百货零售"},
            ),
        ),
        client_version=SeedClientVersion(
            latest="0.1.0", minimum="0.1.0", required_after=None, notes="参考平台演示版本信息"
        ),
    )
