"""Request bodies of the contract (resources/platform/openapi.yaml) as pydantic models, and their parsing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from refplatform.errors import describe_errors, invalid

HEX32 = r"^[0-9a-f]{32}$"
# SQLite integers are 64-bit; the contract sets no maximum, so larger values are refused here (422).
MAX_INT64 = 2**63 - 1


class Body(BaseModel):
    # Unknown fields are allowed (the contract does not close its objects); types are strict.
    model_config = ConfigDict(extra="allow", strict=True)


class LoginBody(Body):
    login: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=256)]
    terminal_code: Annotated[str, Field(pattern=r"^[A-Z0-9]{2,12}$")]


class RefreshBody(Body):
    refresh_token: Annotated[str, Field(min_length=1)]


class RegisterBody(Body):
    enrollment_token: Annotated[str, Field(min_length=8)]
    public_key_pem: Annotated[str, Field(min_length=1)]
    hostname: Annotated[str, Field(max_length=255)]


class NumberBlockBody(Body):
    size: Annotated[int, Field(ge=1, le=1000)]


class UploadBody(Body):
    case_id: Annotated[str, Field(pattern=HEX32)]
    material_id: Annotated[str, Field(min_length=1, max_length=64)]
    size: Annotated[int, Field(ge=0, le=2147483648)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    media_type: Annotated[str, Field(max_length=64)]


class Person(Body):
    name: Annotated[str, Field(min_length=1, max_length=128)]
    id_type: Annotated[str, Field(max_length=16)]
    id_number: Annotated[str, Field(min_length=1, max_length=32)]
    phone: Annotated[str, Field(max_length=32)] | None = None
    address: Annotated[str, Field(max_length=255)] | None = None


class CaseItem(Body):
    code: Annotated[str, Field(max_length=64)]
    name: Annotated[str, Field(max_length=255)]
    legal_due: dt.date | None = None
    promised_due: dt.date | None = None
    deadline_provisional: bool | None = None


class CaseMaterial(Body):
    material_id: Annotated[str, Field(max_length=64)]
    name: Annotated[str, Field(max_length=255)]
    received: bool
    form: Annotated[str, Field(max_length=8)] | None = None
    count: Annotated[int, Field(ge=0)] | None = None
    e_licence_ref: str | None = None


class CaseDocument(Body):
    case_id: Annotated[str, Field(pattern=HEX32)]
    local_number: Annotated[str, Field(max_length=40)]
    official_number: Annotated[str, Field(max_length=64)] | None = None
    data_version: Annotated[int, Field(ge=1, le=MAX_INT64)]
    status: Annotated[str, Field(max_length=8)]
    reason: Annotated[str, Field(max_length=2000)] | None = None
    applicant_kind: Literal["1", "2"]
    applicant: Person
    legal_representative: Annotated[str, Field(max_length=128)] | None = None
    agent: Person | None = None
    items: Annotated[list[CaseItem], Field(min_length=1)]
    materials: list[CaseMaterial]
    answers: dict[str, Any] | None = None
    form_data: dict[str, Any] | None = None
    accepted_at: AwareDatetime
    terminal_code: Annotated[str, Field(max_length=12)]
    window: Annotated[str, Field(max_length=32)] | None = None
    clerk: Annotated[str, Field(max_length=64)]
    catalogue_version: Annotated[str, Field(max_length=64)]


class AuditRecord(Body):
    terminal_code: str
    seq: Annotated[int, Field(ge=1, le=MAX_INT64)]
    at: AwareDatetime
    actor: str
    action: str
    subject: str | None = None
    detail: dict[str, Any] | None = None
    hash: str
    prev_hash: str


class AuditBody(Body):
    entries: Annotated[list[AuditRecord], Field(max_length=500)]


M = TypeVar("M", bound=BaseModel)


class ParsedBody(Generic[M]):
    """A validated body with its canonical JSON text and that text's SHA-256 (the idempotency hash)."""

    def __init__(self, model: M, canonical: str) -> None:
        self.model = model
        self.canonical = canonical
        self.digest = hashlib.sha256(canonical.encode()).hexdigest()


async def parse_body(request: Request, model: type[M]) -> ParsedBody[M]:
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise invalid("请求体不是有效的 JSON") from exc
    try:
        parsed = model.model_validate_json(raw)
    except ValidationError as exc:
        raise invalid("请求内容不符合接口要求：" + describe_errors(exc.errors())) from exc
    return ParsedBody(parsed, canonical_json(data))


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
