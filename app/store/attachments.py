"""Encrypted attachment files: AES-256-GCM in authenticated segments, written atomically.

File layout: header = MAGIC(4) | segment size (u32 BE) | random nonce prefix (8), then segments of
ciphertext + 16-byte tag, each sealed with nonce = prefix || counter (u32 BE) and associated data
= header || counter || final flag, so segments cannot be altered, reordered, truncated or spliced
from another file. Blob names are a keyed hash of the content: identical pages are stored once, the
name says nothing about the content without the key, and readers check the plaintext SHA-256 the
database holds, so a swapped file is caught too.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.store.datadir import environment_failure

log = logging.getLogger(__name__)

MAGIC = b"YCA1"
SEGMENT = 1 << 20
TAG = 16
HEADER = struct.Struct(">4sI8s")
TEMP_PREFIX = ".tmp-"


class AttachmentCorrupt(Exception):
    """An attachment file failed authentication: it was altered, truncated or swapped."""


@dataclass(frozen=True)
class StoredBlob:
    blob: str
    sha256: str
    size: int


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AttachmentStore:
    def __init__(self, directory: Path, key: bytes) -> None:
        self._dir = directory
        self._aead = AESGCM(key)
        self._name_key = hashlib.sha256(b"yc/blob-name/v1" + key).digest()

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
        header = HEADER.pack(MAGIC, SEGMENT, secrets.token_bytes(8))
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
            if final.exists():
                tmp.unlink()  # the same content is already stored
            else:
                tmp.replace(final)
                _fsync_dir(self._dir)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise environment_failure(exc, str(self._dir)) from exc
        return StoredBlob(name, digest.hexdigest(), size)

    def _name(self, sha256_hex: str) -> str:
        return hmac.new(self._name_key, bytes.fromhex(sha256_hex), hashlib.sha256).hexdigest()

    def _seal(self, header: bytes, counter: int, final: bool, plaintext: bytes) -> bytes:
        nonce = header[-8:] + struct.pack(">I", counter)
        return self._aead.encrypt(nonce, plaintext, header + struct.pack(">I?", counter, final))

    def read(self, blob: str) -> bytes:
        return b"".join(self.iter_plaintext(blob))

    def iter_plaintext(self, blob: str) -> Iterator[bytes]:
        """Decrypt segment by segment; raise AttachmentCorrupt on any tampering."""
        path = self.path(blob)
        with path.open("rb") as fh:
            header = fh.read(HEADER.size)
            if len(header) != HEADER.size:
                raise AttachmentCorrupt(blob)
            magic, segment_size, _prefix = HEADER.unpack(header)
            if magic != MAGIC or not 0 < segment_size <= 64 * SEGMENT:
                raise AttachmentCorrupt(blob)
            counter = 0
            chunk = fh.read(segment_size + TAG)
            while True:
                following = fh.read(segment_size + TAG)
                final = not following
                nonce = header[-8:] + struct.pack(">I", counter)
                try:
                    yield self._aead.decrypt(nonce, chunk, header + struct.pack(">I?", counter, final))
                except InvalidTag as exc:
                    raise AttachmentCorrupt(blob) from exc
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
            magic, segment_size, _prefix = HEADER.unpack(header)
            if magic != MAGIC:
                raise AttachmentCorrupt(blob)
            counter = start // segment_size
            fh.seek(HEADER.size + counter * (segment_size + TAG))
            skip = start - counter * segment_size
            offset = start
            buffer = bytearray()
            chunk = fh.read(segment_size + TAG)
            while chunk:
                following = fh.read(segment_size + TAG)
                final = not following
                nonce = header[-8:] + struct.pack(">I", counter)
                try:
                    plain = self._aead.decrypt(nonce, chunk, header + struct.pack(">I?", counter, final))
                except InvalidTag as exc:
                    raise AttachmentCorrupt(blob) from exc
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
            _fsync_dir(self._dir)
        except OSError as exc:
            raise environment_failure(exc, str(self._dir)) from exc

    def sweep(self, referenced: set[str]) -> int:
        """Remove temp leftovers and blobs no database row refers to (call before writers start)."""
        removed = 0
        for path in self._dir.iterdir():
            if path.name.startswith(TEMP_PREFIX) or (path.is_file() and path.name not in referenced):
                path.unlink(missing_ok=True)
                removed += 1
        if removed:
            _fsync_dir(self._dir)
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
