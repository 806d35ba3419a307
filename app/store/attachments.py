"""Encrypted attachment files in authenticated segments, written atomically.

File layout: header = MAGIC(4) | segment size (u32 BE) | random nonce prefix (8), then segments of
ciphertext + 16-byte tag, each sealed with nonce = prefix || counter (u32 BE) and associated data
= header || counter || final flag, so segments cannot be altered, reordered, truncated or spliced
from another file. Blob names are a keyed hash of the content: identical pages are stored once, the
name says nothing about the content without the key, and readers check the plaintext SHA-256 the
database holds, so a swapped file is caught too.

Two segment ciphers share that framing, and the MAGIC says which one sealed a file, so a data directory
written under both profiles reads back whole:
- `YCA1` (default profile): AES-256-GCM.
- `YCS1` (国密 profile): SM4-CTR, then HMAC-SM3 over the associated data and the ciphertext
  (encrypt-then-MAC; the tag is the first 16 bytes of the MAC). `cryptography` has no SM4 AEAD mode.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import struct
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.store.crypto import CryptoProfile
from app.store.datadir import environment_failure, fsync_dir

log = logging.getLogger(__name__)

MAGIC = b"YCA1"  # AES-256-GCM segments (default profile)
MAGIC_SM4 = b"YCS1"  # SM4-CTR + HMAC-SM3 segments (国密 profile)
SEGMENT = 1 << 20
TAG = 16
HEADER = struct.Struct(">4sI8s")
TEMP_PREFIX = ".tmp-"


class AttachmentCorrupt(Exception):
    """An attachment file failed authentication: it was altered, truncated or swapped."""


class _Forged(Exception):
    """A segment failed authentication."""


class AesGcmSegments:
    magic = MAGIC

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, nonce: bytes, plaintext: bytes, associated: bytes) -> bytes:
        return self._aead.encrypt(nonce, plaintext, associated)

    def open(self, nonce: bytes, sealed: bytes, associated: bytes) -> bytes:
        try:
            return self._aead.decrypt(nonce, sealed, associated)
        except InvalidTag as exc:
            raise _Forged from exc


class Sm4CtrHmacSm3Segments:
    """SM4 (GB/T 32907) in CTR mode with HMAC-SM3 (GB/T 32905), encrypt-then-MAC, 16-byte tags.

    The 12-byte segment nonce is the high part of the CTR block, so every segment starts its own counter
    at zero (a segment is at most 64 MiB, far below 2^32 blocks). Separate keys for SM4 and the MAC are
    derived from the attachment key with HKDF-SM3.
    """

    magic = MAGIC_SM4

    def __init__(self, key: bytes) -> None:
        self._enc_key = HKDF(hashes.SM3(), 16, None, b"yc/attachments/sm4-ctr/v1").derive(key)
        self._mac_key = HKDF(hashes.SM3(), 32, None, b"yc/attachments/hmac-sm3/v1").derive(key)

    def _ctr(self, nonce: bytes) -> Cipher[modes.CTR]:
        return Cipher(algorithms.SM4(self._enc_key), modes.CTR(nonce + bytes(4)))

    def _tag(self, nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes:
        mac = crypto_hmac.HMAC(self._mac_key, hashes.SM3())
        mac.update(struct.pack(">I", len(associated)) + associated + nonce + ciphertext)
        return mac.finalize()[:TAG]

    def seal(self, nonce: bytes, plaintext: bytes, associated: bytes) -> bytes:
        encryptor = self._ctr(nonce).encryptor()
        ciphertext = encryptor.update(plaintext) + encryptor.finalize()
        return ciphertext + self._tag(nonce, ciphertext, associated)

    def open(self, nonce: bytes, sealed: bytes, associated: bytes) -> bytes:
        if len(sealed) < TAG:
            raise _Forged
        ciphertext, tag = sealed[:-TAG], sealed[-TAG:]
        if not hmac.compare_digest(tag, self._tag(nonce, ciphertext, associated)):
            raise _Forged
        decryptor = self._ctr(nonce).decryptor()
        return decryptor.update(ciphertext) + decryptor.finalize()


SegmentCipher = AesGcmSegments | Sm4CtrHmacSm3Segments


@dataclass(frozen=True)
class StoredBlob:
    blob: str
    sha256: str
    size: int


class AttachmentStore:
    def __init__(self, directory: Path, key: bytes, profile: CryptoProfile = CryptoProfile.DEFAULT) -> None:
        self._dir = directory
        self._ciphers: dict[bytes, SegmentCipher] = {
            MAGIC: AesGcmSegments(key),
            MAGIC_SM4: Sm4CtrHmacSm3Segments(key),
        }
        self._writing = self._ciphers[MAGIC_SM4 if profile is CryptoProfile.GM else MAGIC]
        self._name_key = hashlib.sha256(b"yc/blob-name/v1" + key).digest()
        # Blobs this process wrote or re-used lately: the retention purge leaves them alone, because a
        # row referring to one may be on its way to the writer thread (see unlink_unreferenced).
        self._recent: dict[str, float] = {}
        self._recent_lock = threading.Lock()

    @property
    def profile(self) -> CryptoProfile:
        return CryptoProfile.GM if self._writing.magic == MAGIC_SM4 else CryptoProfile.DEFAULT

    def use_profile(self, profile: CryptoProfile) -> None:
        """Seal new files under `profile`; files already stored are read by their MAGIC whatever it is."""
        self._writing = self._ciphers[MAGIC_SM4 if profile is CryptoProfile.GM else MAGIC]

    @property
    def directory(self) -> Path:
        return self._dir

    def path(self, blob: str) -> Path:
        if not blob or "/" in blob or blob.startswith("."):
            raise ValueError(f"bad blob name {blob!r}")
        return self._dir / blob

    def put(self, data: bytes) -> StoredBlob:
        return self.put_stream([data])

    def put_stream(self, chunks: Iterable[bytes]) -> StoredBlob:
        """Encrypt chunks into a temp file, fsync it, then rename it to its content name.

        The temp name is random and unrelated to the content; a crash leaves only a temp file, which
        the start-up sweep removes. Memory stays flat whatever the size.
        """
        header = HEADER.pack(self._writing.magic, SEGMENT, secrets.token_bytes(8))
        tmp = self._dir / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
        digest = hashlib.sha256()
        size = 0
        try:
            with tmp.open("wb") as out:
                out.write(header)
                segments = _resegment(chunks, SEGMENT)
                counter = 0
                current = next(segments, b"")
                while True:
                    following = next(segments, None)
                    digest.update(current)
                    size += len(current)
                    out.write(self._seal(header, counter, following is None, current))
                    if following is None:
                        break
                    current = following
                    counter += 1
                out.flush()
                os.fsync(out.fileno())
            name = self._name(digest.hexdigest())
            final = self._dir / name
            self._mark_recent(name)
            if final.exists():
                tmp.unlink()  # the same content is already stored
            else:
                tmp.replace(final)
                fsync_dir(self._dir)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise environment_failure(exc, str(self._dir)) from exc
        return StoredBlob(name, digest.hexdigest(), size)

    def _name(self, sha256_hex: str) -> str:
        return hmac.new(self._name_key, bytes.fromhex(sha256_hex), hashlib.sha256).hexdigest()

    def _seal(self, header: bytes, counter: int, final: bool, plaintext: bytes) -> bytes:
        nonce = header[-8:] + struct.pack(">I", counter)
        return self._writing.seal(nonce, plaintext, header + struct.pack(">I?", counter, final))

    def _open(
        self, cipher: SegmentCipher, header: bytes, counter: int, final: bool, sealed: bytes, *, blob: str
    ) -> bytes:
        nonce = header[-8:] + struct.pack(">I", counter)
        try:
            return cipher.open(nonce, sealed, header + struct.pack(">I?", counter, final))
        except _Forged as exc:
            raise AttachmentCorrupt(blob) from exc

    def _cipher(self, header: bytes, blob: str) -> tuple[SegmentCipher, int]:
        if len(header) != HEADER.size:
            raise AttachmentCorrupt(blob)
        magic, segment_size, _prefix = HEADER.unpack(header)
        cipher = self._ciphers.get(magic)
        if cipher is None or not 0 < segment_size <= 64 * SEGMENT:
            raise AttachmentCorrupt(blob)
        return cipher, segment_size

    def magic(self, blob: str) -> bytes:
        """The first four bytes of a stored file: which cipher sealed it."""
        with self.path(blob).open("rb") as fh:
            return fh.read(4)

    def read(self, blob: str) -> bytes:
        return b"".join(self.iter_plaintext(blob))

    def iter_plaintext(self, blob: str) -> Iterator[bytes]:
        """Decrypt segment by segment; raise AttachmentCorrupt on any tampering."""
        path = self.path(blob)
        with path.open("rb") as fh:
            header = fh.read(HEADER.size)
            cipher, segment_size = self._cipher(header, blob)
            counter = 0
            chunk = fh.read(segment_size + TAG)
            while True:
                following = fh.read(segment_size + TAG)
                final = not following
                yield self._open(cipher, header, counter, final, chunk, blob=blob)
                if final:
                    return
                chunk = following
                counter += 1

    def iter_chunks(self, blob: str, start: int, size: int) -> Iterator[tuple[int, bytes]]:
        """(offset, chunk) pairs of the plaintext from `start` on, decrypting only from the segment that
        holds `start` (resumed uploads do not re-read what the server already has)."""
        path = self.path(blob)
        with path.open("rb") as fh:
            header = fh.read(HEADER.size)
            cipher, segment_size = self._cipher(header, blob)
            counter = start // segment_size
            fh.seek(HEADER.size + counter * (segment_size + TAG))
            skip = start - counter * segment_size
            offset = start
            buffer = bytearray()
            chunk = fh.read(segment_size + TAG)
            while chunk:
                following = fh.read(segment_size + TAG)
                final = not following
                plain = self._open(cipher, header, counter, final, chunk, blob=blob)
                buffer += plain[skip:]
                skip = 0
                while len(buffer) >= size:
                    yield offset, bytes(buffer[:size])
                    offset += size
                    del buffer[:size]
                chunk = following
                counter += 1
            if buffer:
                yield offset, bytes(buffer)

    def delete(self, blob: str) -> None:
        try:
            self.path(blob).unlink(missing_ok=True)
            fsync_dir(self._dir)
        except OSError as exc:
            raise environment_failure(exc, str(self._dir)) from exc

    def _mark_recent(self, blob: str) -> None:
        with self._recent_lock:
            self._recent[blob] = time.monotonic()

    def recently_used(self, blob: str, within: float = 600.0) -> bool:
        with self._recent_lock:
            at = self._recent.get(blob)
            return at is not None and time.monotonic() - at < within

    def unlink_unreferenced(self, blob: str, still_referenced: bool) -> bool:
        """Remove a blob whose last row was just deleted (the retention purge, on the writer thread).

        A blob this process wrote or re-used in the last minutes is kept even when no committed row
        refers to it: the row may be on its way (put() runs before the transaction that records it, and a
        re-used identical page is not rewritten). The next start-up sweep removes it if it stays unused.
        """
        if still_referenced or self.recently_used(blob):
            return False
        try:
            self.path(blob).unlink(missing_ok=True)
        except OSError as exc:
            raise environment_failure(exc, str(self._dir)) from exc
        return True

    def sync_directory(self) -> None:
        fsync_dir(self._dir)

    def sweep(self, referenced: set[str]) -> int:
        """Remove temp leftovers and blobs no database row refers to (call before writers start)."""
        removed = 0
        for path in self._dir.iterdir():
            if path.name.startswith(TEMP_PREFIX) or (path.is_file() and path.name not in referenced):
                path.unlink(missing_ok=True)
                removed += 1
        if removed:
            fsync_dir(self._dir)
            log.info("attachment sweep removed %d leftover files", removed)
        return removed


def _resegment(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)
