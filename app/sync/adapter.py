"""The one place where a province's platform differs: request shapes and code lists (from data).

`ReferenceAdapter` speaks resources/platform/openapi.yaml with the codes in a JSON file; another province
gets its own adapter class beside it and its own codes file, and nothing else in the client changes.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from app.domain.case import CaseStatus
from app.domain.errors import EnvironmentFailure, FailureKind
from app.store.cases import CaseSnapshot
from app.sync.client import PlatformClient, PlatformRejected


@dataclass(frozen=True)
class Codes:
    """Provincial code lists: internal value -> provincial code, and the reverse for what comes back."""

    decision: Mapping[str, str]
    change: Mapping[str, str]
    applicant_kind: Mapping[str, str]
    id_type: Mapping[str, str]
    material_form: Mapping[str, str]

    @classmethod
    def load(cls, path: Path) -> Codes:
        """Read a codes file; a missing or broken one is a configuration problem IT staff must fix."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EnvironmentFailure(FailureKind.CONFIGURATION_INVALID, f"{path}: {exc}") from exc
        if not isinstance(raw, dict):
            raise EnvironmentFailure(FailureKind.CONFIGURATION_INVALID, f"{path}: must be a JSON object")

        def table(name: str) -> dict[str, str]:
            value = raw.get(name, {})
            if not isinstance(value, dict):
                raise EnvironmentFailure(
                    FailureKind.CONFIGURATION_INVALID, f"{path}: {name} must be an object"
                )
            return {str(k): str(v) for k, v in value.items() if not str(k).startswith("_")}

        return cls(
            table("decision"),
            table("change"),
            table("applicant_kind"),
            table("id_type"),
            table("material_form"),
        )

    def status_from_change(self, code: str) -> CaseStatus | None:
        for internal, provincial in self.change.items():
            if provincial == code:
                return CaseStatus(internal)
        return None


@dataclass(frozen=True)
class Receipt:
    case_id: str
    data_version: int
    official_number: str | None


@dataclass(frozen=True)
class StatusChange:
    seq: int
    case_id: str
    status: CaseStatus
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class NumberBlockGrant:
    block_id: str
    prefix: str
    first: int
    last: int


@dataclass(frozen=True)
class UploadSpec:
    case_id: str
    material_id: str
    size: int
    sha256: str
    media_type: str


@dataclass(frozen=True)
class UploadState:
    upload_id: str
    offset: int
    size: int
    complete: bool
    sha256_ok: bool | None


@dataclass(frozen=True)
class PreApplication:
    """An application started online (预审/预约), to be continued at the window."""

    number: str
    item_code: str
    applicant_name: str
    id_type: str  # internal IdDocumentType value
    id_number: str
    phone: str
    address: str
    answers: Mapping[str, Any]
    form_data: Mapping[str, Any]
    submitted_at: dt.datetime


@dataclass(frozen=True)
class Elicence:
    """An electronic licence (电子证照) the platform holds for a person or organisation."""

    licence_id: str
    type: str
    number: str
    holder_id: str
    holder_name: str
    issuer: str = ""
    valid_until: dt.date | None = None

    def attributes(self) -> dict[str, object]:
        """The attributes form prefill reads as e_licence.<type>.<attribute>."""
        return {
            "number": self.number,
            "holder_id": self.holder_id,
            "holder_name": self.holder_name,
            "issuer": self.issuer,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
        }


class PlatformAdapter(Protocol):
    """What the sync engine needs from a province's platform."""

    def submit_case(self, client: PlatformClient, case: CaseSnapshot, key: str) -> Receipt: ...

    def case_changes(
        self, client: PlatformClient, cursor: int, limit: int
    ) -> tuple[list[StatusChange], int]: ...

    def reserve_numbers(self, client: PlatformClient, size: int, key: str) -> NumberBlockGrant: ...

    def catalogue_delta(self, client: PlatformClient, since_version: str | None) -> dict[str, Any]: ...

    def create_upload(self, client: PlatformClient, spec: UploadSpec, key: str) -> UploadState: ...

    def upload_offset(self, client: PlatformClient, upload_id: str) -> int: ...

    def append_upload(self, client: PlatformClient, upload_id: str, offset: int, chunk: bytes) -> int: ...

    def upload_state(self, client: PlatformClient, upload_id: str) -> UploadState: ...

    def submit_audit(self, client: PlatformClient, entries: list[dict[str, Any]], key: str) -> int: ...


class ReferenceAdapter:
    def __init__(self, codes: Codes) -> None:
        self.codes = codes

    def case_document(self, case: CaseSnapshot) -> dict[str, Any]:
        a = case.applicant
        decided = case.decided_at or case.created_at
        reason = case.timeline[-1].reason if case.timeline else ""
        return {
            "case_id": case.id,
            "local_number": case.number,
            "official_number": case.official_number,
            "data_version": case.data_version,
            "status": self.codes.decision.get(case.status.value, case.status.value),
            "reason": reason,
            "applicant_kind": self.codes.applicant_kind.get(a.kind, a.kind),
            "applicant": {
                "name": a.name,
                "id_type": self.codes.id_type.get(a.id_type, self.codes.id_type.get("other", "999")),
                "id_number": a.id_number,
                "phone": a.phone,
                "address": a.address,
            },
            "legal_representative": a.legal_representative,
            "agent": None
            if case.agent is None
            else {
                "name": case.agent.name,
                "id_type": self.codes.id_type.get(case.agent.id_type, self.codes.id_type.get("other", "999")),
                "id_number": case.agent.id_number,
                "phone": case.agent.phone,
            },
            "items": [
                {
                    "code": it.code,
                    "name": it.name,
                    "legal_due": it.legal_due.isoformat() if it.legal_due else None,
                    "promised_due": it.promised_due.isoformat() if it.promised_due else None,
                    "deadline_provisional": it.deadline_provisional,
                }
                for it in case.items
            ],
            "materials": [
                {
                    "material_id": m.material_id,
                    "name": m.name,
                    "received": m.received,
                    "form": self.codes.material_form.get(m.form, m.form)[:8],
                    "count": m.originals + m.copies,
                    "e_licence_ref": m.e_licence_ref,
                }
                for m in case.materials
            ],
            "answers": dict(case.answers),
            "form_data": dict(case.form_data),
            "form_definitions": dict(case.form_versions),  # {item code: definition version}
            "accepted_at": decided.isoformat(),
            "terminal_code": case.number.split("-", 1)[0],
            "window": case.window[:32],
            "clerk": case.clerk_login,
            "catalogue_version": case.catalogue_version,
        }

    def submit_case(self, client: PlatformClient, case: CaseSnapshot, key: str) -> Receipt:
        body = client.request("POST", "/cases", json=self.case_document(case), idempotency_key=key).body
        return Receipt(str(body["case_id"]), int(body["data_version"]), body.get("official_number"))

    def case_changes(self, client: PlatformClient, cursor: int, limit: int) -> tuple[list[StatusChange], int]:
        body = client.request("GET", "/cases/changes", params={"cursor": cursor, "limit": limit}).body
        changes = []
        for raw in body["changes"]:
            status = self.codes.status_from_change(str(raw["status"]))
            if status is None:
                continue  # a code this client does not act on (e.g. an internal platform step)
            changes.append(
                StatusChange(
                    seq=int(raw["seq"]),
                    case_id=str(raw["case_id"]),
                    status=status,
                    at=dt.datetime.fromisoformat(str(raw["at"]).replace("Z", "+00:00")),
                    reason=str(raw.get("reason") or ""),
                )
            )
        return changes, int(body["next_cursor"])

    def catalogue_delta(self, client: PlatformClient, since_version: str | None) -> dict[str, Any]:
        params = {"since_version": since_version} if since_version else None
        return dict(client.request("GET", "/catalogue", params=params).body)

    def reserve_numbers(self, client: PlatformClient, size: int, key: str) -> NumberBlockGrant:
        body = client.request("POST", "/number-blocks", json={"size": size}, idempotency_key=key).body
        return NumberBlockGrant(
            str(body["block_id"]), str(body["prefix"]), int(body["first"]), int(body["last"])
        )

    def find_pre_applications(
        self, client: PlatformClient, number: str | None = None, holder_id: str | None = None
    ) -> list[PreApplication]:
        params = {k: v for k, v in (("number", number), ("holder_id", holder_id)) if v}
        body = client.request("GET", "/pre-applications", params=params).body
        internal = {code: name for name, code in self.codes.id_type.items()}
        found = []
        for raw in body["pre_applications"]:
            person = raw["applicant"]
            found.append(
                PreApplication(
                    number=str(raw["number"]),
                    item_code=str(raw["item_code"]),
                    applicant_name=str(person["name"]),
                    id_type=internal.get(str(person["id_type"]), "other"),
                    id_number=str(person["id_number"]),
                    phone=str(person.get("phone") or ""),
                    address=str(person.get("address") or ""),
                    answers=dict(raw.get("answers") or {}),
                    form_data=dict(raw.get("form_data") or {}),
                    submitted_at=dt.datetime.fromisoformat(str(raw["submitted_at"]).replace("Z", "+00:00")),
                )
            )
        return found

    # Uploads, tus-style: create (idempotent), query the offset, append checksummed chunks.
    def create_upload(self, client: PlatformClient, spec: UploadSpec, key: str) -> UploadState:
        body = client.request("POST", "/uploads", json=dataclasses.asdict(spec), idempotency_key=key).body
        return _upload_state(body)

    def upload_offset(self, client: PlatformClient, upload_id: str) -> int:
        response = client.request("HEAD", f"/uploads/{upload_id}")
        return int(response.headers["Upload-Offset"])

    def append_upload(self, client: PlatformClient, upload_id: str, offset: int, chunk: bytes) -> int:
        digest = base64.b64encode(hashlib.sha256(chunk).digest()).decode("ascii")
        try:
            response = client.request(
                "PATCH",
                f"/uploads/{upload_id}",
                data=chunk,
                headers={
                    "Upload-Offset": str(offset),
                    "Upload-Checksum": f"sha256 {digest}",
                    "Content-Type": "application/offset+octet-stream",
                },
            )
        except PlatformRejected as exc:
            if exc.status == 409:  # our offset is stale: ask the server where it is
                return self.upload_offset(client, upload_id)
            raise
        return int(response.headers["Upload-Offset"])

    def upload_state(self, client: PlatformClient, upload_id: str) -> UploadState:
        return _upload_state(client.request("GET", f"/uploads/{upload_id}").body)

    def find_elicences(
        self, client: PlatformClient, holder_id: str, licence_type: str | None = None
    ) -> list[Elicence]:
        """The holder's e-licences, of one type or all (by ID number or unified social credit code)."""
        params = {"holder_id": holder_id}
        if licence_type:
            params["type"] = licence_type
        body = client.request("GET", "/elicences", params=params).body
        licences = []
        for raw in body["licences"]:
            until = raw.get("valid_until")
            licences.append(
                Elicence(
                    licence_id=str(raw["licence_id"]),
                    type=str(raw["type"]),
                    number=str(raw["number"]),
                    holder_id=str(raw["holder_id"]),
                    holder_name=str(raw["holder_name"]),
                    issuer=str(raw.get("issuer") or ""),
                    valid_until=dt.date.fromisoformat(str(until)) if until else None,
                )
            )
        return licences

    def submit_audit(self, client: PlatformClient, entries: list[dict[str, Any]], key: str) -> int:
        """POST /audit: AuditRecords (terminal_code, seq, at, actor, action, subject, detail, hash,
        prev_hash); returns how many of them the platform now holds."""
        body = client.request("POST", "/audit", json={"entries": entries}, idempotency_key=key).body
        return int(body["stored"])


def _upload_state(body: Mapping[str, Any]) -> UploadState:
    return UploadState(
        str(body["upload_id"]),
        int(body["offset"]),
        int(body["size"]),
        bool(body["complete"]),
        body.get("sha256_ok"),
    )
