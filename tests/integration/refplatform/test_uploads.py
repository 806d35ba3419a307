"""tus-style uploads on a real server: offset query, append with chunk checksums, resume after a cut."""

from __future__ import annotations

import hashlib
import os
import uuid

import pytest
import requests

from refplatform.server import PlatformServer
from tests.integration.refplatform.helpers import Api, checksum, new_key

CHUNK_TYPE = {"Content-Type": "application/offset+octet-stream"}


def _create(api: Api, data: bytes, *, sha256: str | None = None, key: str | None = None) -> dict:
    body = {
        "case_id": uuid.uuid4().hex,
        "material_id": "application_form",
        "size": len(data),
        "sha256": sha256 or hashlib.sha256(data).hexdigest(),
        "media_type": "application/pdf",
    }
    response = api.post("/uploads", body, key=key or new_key())
    assert response.status_code == 201, response.text
    return dict(response.json())


def _offset(api: Api, upload_id: str) -> int:
    response = api.request("HEAD", f"/uploads/{upload_id}")
    assert response.status_code == 200
    return int(response.headers["Upload-Offset"])


def _append(
    api: Api, upload_id: str, offset: int, chunk: bytes, digest: str | None = None
) -> requests.Response:
    headers = dict(CHUNK_TYPE, **{"Upload-Offset": str(offset), "Upload-Checksum": digest or checksum(chunk)})
    return api.request("PATCH", f"/uploads/{upload_id}", headers=headers, data=chunk)


def test_an_upload_in_chunks_completes_with_a_verified_digest(clerk: Api, platform: PlatformServer) -> None:
    data = os.urandom(100_000)
    upload = _create(clerk, data)
    assert (upload["offset"], upload["size"], upload["complete"], upload["sha256_ok"]) == (
        0,
        100_000,
        False,
        None,
    )
    head = clerk.request("HEAD", f"/uploads/{upload['upload_id']}")
    assert (head.headers["Upload-Offset"], head.headers["Upload-Length"]) == ("0", "100000")
    offset = 0
    for start in range(0, len(data), 32_768):
        response = _append(clerk, upload["upload_id"], offset, data[start : start + 32_768])
        assert response.status_code == 204
        offset = int(response.headers["Upload-Offset"])
    state = clerk.get(f"/uploads/{upload['upload_id']}").json()
    assert (state["offset"], state["complete"], state["sha256_ok"]) == (100_000, True, True)
    assert (platform.config.uploads_dir / f"{upload['upload_id']}.part").read_bytes() == data
    assert clerk.counts()["uploads_complete"] == 1


def test_a_wrong_offset_is_409_with_the_current_offset(clerk: Api) -> None:
    data = b"x" * 1000
    upload = _create(clerk, data)
    assert _append(clerk, upload["upload_id"], 0, data[:400]).status_code == 204
    response = _append(clerk, upload["upload_id"], 0, data[:400])
    assert response.status_code == 409
    assert response.headers["Upload-Offset"] == "400"
    assert response.json()["code"] == "offset_mismatch"
    assert "400" in response.json()["message"]


def test_a_wrong_chunk_checksum_is_460_and_nothing_is_kept(clerk: Api, platform: PlatformServer) -> None:
    data = os.urandom(2000)
    upload = _create(clerk, data)
    response = _append(clerk, upload["upload_id"], 0, data[:1000], digest=checksum(b"other bytes"))
    assert response.status_code == 460
    assert response.json()["code"] == "checksum_mismatch"
    assert _offset(clerk, upload["upload_id"]) == 0
    assert (platform.config.uploads_dir / f"{upload['upload_id']}.part").read_bytes() == b""
    assert _append(clerk, upload["upload_id"], 0, data[:1000]).status_code == 204


def test_a_file_that_does_not_match_its_declared_sha256_completes_unverified(clerk: Api) -> None:
    data = os.urandom(500)
    upload = _create(clerk, data, sha256=hashlib.sha256(b"what the client thought it had").hexdigest())
    assert _append(clerk, upload["upload_id"], 0, data).status_code == 204
    state = clerk.get(f"/uploads/{upload['upload_id']}").json()
    assert (state["complete"], state["sha256_ok"]) == (True, False)
    assert clerk.counts()["uploads_sha256_failed"] == 1


def test_resume_after_a_connection_cut_mid_chunk(clerk: Api) -> None:
    """The connection drops after the server stored a chunk: HEAD tells where to continue."""
    data = os.urandom(300_000)
    upload = _create(clerk, data)
    upload_id = upload["upload_id"]
    assert _append(clerk, upload_id, 0, data[:100_000]).status_code == 204
    clerk.fault(action="drop", when="after", path_prefix=f"/uploads/{upload_id}", method="PATCH")
    with pytest.raises(requests.ConnectionError):
        _append(clerk, upload_id, 100_000, data[100_000:200_000])
    offset = _offset(clerk, upload_id)
    assert offset == 200_000  # the chunk was committed before the cut
    clerk.fault(action="drop", when="before", path_prefix=f"/uploads/{upload_id}", method="PATCH")
    with pytest.raises(requests.ConnectionError):
        _append(clerk, upload_id, offset, data[offset:])
    assert _offset(clerk, upload_id) == 200_000  # this one never arrived
    assert _append(clerk, upload_id, 200_000, data[200_000:]).status_code == 204
    state = clerk.get(f"/uploads/{upload_id}").json()
    assert (state["complete"], state["sha256_ok"]) == (True, True)


def test_header_and_size_errors_are_422(clerk: Api) -> None:
    upload = _create(clerk, b"abc")
    path = f"/uploads/{upload['upload_id']}"
    no_offset = clerk.request(
        "PATCH", path, headers=dict(CHUNK_TYPE, **{"Upload-Checksum": checksum(b"a")}), data=b"a"
    )
    assert no_offset.json()["code"] == "invalid_offset"
    bad_sum = clerk.request(
        "PATCH",
        path,
        headers=dict(CHUNK_TYPE, **{"Upload-Offset": "0", "Upload-Checksum": "md5 x"}),
        data=b"a",
    )
    assert bad_sum.json()["code"] == "invalid_checksum_header"
    wrong_type = clerk.request(
        "PATCH",
        path,
        headers={"Upload-Offset": "0", "Upload-Checksum": checksum(b"a"), "Content-Type": "text/plain"},
        data=b"a",
    )
    assert wrong_type.json()["code"] == "unsupported_media_type"
    too_long = _append(clerk, upload["upload_id"], 0, b"abcd")
    assert too_long.status_code == 422
    assert too_long.json()["code"] == "exceeds_size"
    assert _offset(clerk, upload["upload_id"]) == 0


def test_unknown_uploads_and_other_terminals_uploads_are_404(clerk: Api) -> None:
    upload = _create(clerk, b"abc")
    missing = uuid.uuid4().hex
    assert clerk.request("HEAD", f"/uploads/{missing}").status_code == 404
    assert clerk.get(f"/uploads/{missing}").json()["code"] == "upload_not_found"
    assert _append(clerk, missing, 0, b"a").status_code == 404
    other = Api(clerk.root, clerk.session)
    other.login(terminal="XH01")
    assert other.get(f"/uploads/{upload['upload_id']}").status_code == 404
    assert other.request("HEAD", f"/uploads/{upload['upload_id']}").status_code == 404


def test_creating_an_upload_replays_and_an_empty_file_is_complete_at_once(clerk: Api) -> None:
    key = new_key()
    first = _create(clerk, b"", key=key)
    assert (first["complete"], first["sha256_ok"]) == (True, True)
    body = {
        "case_id": first["case_id"],
        "material_id": "application_form",
        "size": 0,
        "sha256": hashlib.sha256(b"").hexdigest(),
        "media_type": "application/pdf",
    }
    again = clerk.post("/uploads", body, key=key)
    assert again.status_code == 200
    assert again.json()["upload_id"] == first["upload_id"]
    assert clerk.counts()["uploads"] == 1


def test_uploads_need_a_token(clerk: Api) -> None:
    upload = _create(clerk, b"abc")
    assert clerk.get(f"/uploads/{upload['upload_id']}", auth=False).status_code == 401
    assert clerk.request("HEAD", f"/uploads/{upload['upload_id']}", auth=False).status_code == 401
