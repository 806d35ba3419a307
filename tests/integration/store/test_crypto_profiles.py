"""The two crypto profiles: standard vectors for the 国密 primitives, attachment files sealed under each,
tampering detected under each, and a data directory that switches profiles staying readable."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import select

from app.domain.clock import CHINA_TZ
from app.store import audit
from app.store.attachments import MAGIC, MAGIC_SM4, SEGMENT, AttachmentCorrupt, AttachmentStore
from app.store.crypto import ChainHash, CryptoProfile, hexdigest
from app.store.datadir import DataDir
from app.store.local import LocalStore
from app.store.models import AuditEntry

AT = dt.datetime(2026, 11, 25, 9, 0, tzinfo=CHINA_TZ)
SM4_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")


def test_sm3_matches_the_gb_t_32905_example() -> None:
    # domain-spec §7.1: SM3("abc")
    assert (
        hexdigest(ChainHash.SM3, b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert hexdigest(ChainHash.SHA256, b"abc").startswith("ba7816bf")


def test_sm4_matches_the_gb_t_32907_example_and_ctr_runs_on_it() -> None:
    # domain-spec §7.1: SM4-ECB(key = plaintext = 0123456789abcdeffedcba9876543210)
    ecb = Cipher(algorithms.SM4(SM4_KEY), modes.ECB()).encryptor()
    block = ecb.update(SM4_KEY) + ecb.finalize()
    assert block.hex() == "681edf34d206965e86b3e94f536e4246"
    # CTR's first keystream block is the block cipher applied to the counter block: the CTR mode the
    # attachment files use is SM4's.
    ctr = Cipher(algorithms.SM4(SM4_KEY), modes.CTR(SM4_KEY)).encryptor()
    assert ctr.update(bytes(16)) == block


def test_hmac_sm3_is_available() -> None:
    from cryptography.hazmat.primitives import hmac

    mac = hmac.HMAC(b"k" * 32, hashes.SM3())
    mac.update(b"abc")
    assert len(mac.finalize()) == 32


@pytest.fixture(params=[CryptoProfile.DEFAULT, CryptoProfile.GM], ids=["default", "gm"])
def profile(request: pytest.FixtureRequest) -> CryptoProfile:
    return CryptoProfile(request.param)


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


@pytest.mark.parametrize("size", [0, 1, 1000, SEGMENT, 2 * SEGMENT + 17])
def test_round_trip_and_magic(tmp_path: Path, key: bytes, profile: CryptoProfile, size: int) -> None:
    store = AttachmentStore(tmp_path, key, profile)
    data = os.urandom(size)
    blob = store.put(data)
    assert store.read(blob.blob) == data
    assert [c for _, c in store.iter_chunks(blob.blob, 0, 1 << 30)] == ([data] if data else [])
    assert store.magic(blob.blob) == (MAGIC_SM4 if profile is CryptoProfile.GM else MAGIC)


def test_plaintext_is_not_on_disk(tmp_path: Path, key: bytes, profile: CryptoProfile) -> None:
    secret = "张三 110101199003070011 13800138000".encode()
    blob = AttachmentStore(tmp_path, key, profile).put(secret * 50)
    assert secret not in (tmp_path / blob.blob).read_bytes()


@pytest.mark.parametrize("where", ["header", "magic", "body", "tag", "truncate", "append", "swap"])
def test_flipping_a_byte_or_moving_segments_is_detected(
    tmp_path: Path, key: bytes, profile: CryptoProfile, where: str
) -> None:
    store = AttachmentStore(tmp_path, key, profile)
    blob = store.put(os.urandom(2 * SEGMENT + 100))
    path = tmp_path / blob.blob
    raw = bytearray(path.read_bytes())
    seg = SEGMENT + 16
    if where == "header":
        raw[6] ^= 1
    elif where == "magic":  # claim the other profile's format: its checks fail
        raw[:4] = MAGIC if raw[:4] == MAGIC_SM4 else MAGIC_SM4
    elif where == "body":
        raw[100] ^= 1
    elif where == "tag":
        raw[16 + seg - 1] ^= 1
    elif where == "truncate":
        raw = raw[: 16 + 2 * seg]
    elif where == "append":
        raw += os.urandom(40)
    else:
        raw[16 : 16 + seg], raw[16 + seg : 16 + 2 * seg] = raw[16 + seg : 16 + 2 * seg], raw[16 : 16 + seg]
    path.write_bytes(bytes(raw))
    with pytest.raises(AttachmentCorrupt):
        store.read(blob.blob)


def test_another_key_reads_nothing(tmp_path: Path, key: bytes, profile: CryptoProfile) -> None:
    blob = AttachmentStore(tmp_path, key, profile).put(b"data")
    with pytest.raises(AttachmentCorrupt):
        AttachmentStore(tmp_path, secrets.token_bytes(32), profile).read(blob.blob)


def test_files_of_both_profiles_stay_readable_after_a_switch(tmp_path: Path, key: bytes) -> None:
    store = AttachmentStore(tmp_path, key)
    old = store.put(b"sealed under the default profile")
    store.use_profile(CryptoProfile.GM)
    new = store.put(b"sealed under the gm profile")
    assert (store.magic(old.blob), store.magic(new.blob)) == (MAGIC, MAGIC_SM4)
    for reader in (store, AttachmentStore(tmp_path, key), AttachmentStore(tmp_path, key, CryptoProfile.GM)):
        assert reader.read(old.blob) == b"sealed under the default profile"
        assert reader.read(new.blob) == b"sealed under the gm profile"


def test_a_data_directory_switched_to_gm_keeps_its_chain_and_files(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    store = LocalStore.open(data)
    try:
        store.writer.run(lambda s: audit.append(s, at=AT, actor="demo", action="login.succeeded"))
        before = store.attachments.put(b"before the switch")
        store.use_profile(CryptoProfile.GM, AT)
        store.use_profile(CryptoProfile.GM, AT)  # nothing changes the second time
        after = store.attachments.put(b"after the switch")
        store.writer.run(lambda s: audit.append(s, at=AT, actor="demo", action="session.locked"))
    finally:
        store.close()

    reopened = LocalStore.open(data, sweep=False)
    try:
        assert reopened.profile is CryptoProfile.GM  # new files keep the profile the data dir was set to
        assert reopened.attachments.read(before.blob) == b"before the switch"
        assert reopened.attachments.read(after.blob) == b"after the switch"
        with reopened.database.read() as session:
            rows = session.execute(select(AuditEntry.action, AuditEntry.alg).order_by(AuditEntry.id)).all()
            assert audit.verify(session).ok
        assert [tuple(r) for r in rows] == [
            ("login.succeeded", "sha256"),
            ("crypto.profile_changed", "sm3"),
            ("session.locked", "sm3"),
        ]
        reopened.use_profile(CryptoProfile.DEFAULT, AT)  # and back: recorded again, still one chain
        with reopened.database.read() as session:
            assert session.scalars(select(AuditEntry.alg).order_by(AuditEntry.id.desc())).first() == "sha256"
            assert audit.verify(session).ok
    finally:
        reopened.close()
