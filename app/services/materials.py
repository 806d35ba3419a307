"""Material pages at the desk: through the pipeline into the encrypted store, and onto the case on accept.

A page is encrypted and written the moment it is processed (a draft page is an unreferenced blob: the
start-up sweep removes drafts a crash left behind). Deleting a page removes its file unless another page
(same content, stored once) or a recorded case still uses it. On accept, each material's pages become
one PDF (lossless from the stored images), and pages, PDFs and uploads are recorded with the case.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.devices.scanning.source import AcquiredPage
from app.documents import pages as pipeline
from app.domain.clock import Clock
from app.store import material_pages
from app.store.attachments import StoredBlob
from app.store.fastpath import Tx
from app.store.ids import time_ordered_id
from app.store.local import LocalStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DraftPage:
    """A processed page of the case being taken in; the image is only in the encrypted store."""

    id: str
    blob: StoredBlob
    media_type: str
    width: int
    height: int
    dpi: int
    thumbnail: bytes  # small JPEG, in memory only
    origin: str
    label: str
    captured_at: dt.datetime
    rotation: int = 0  # clockwise degrees

    @property
    def size(self) -> int:
        return self.blob.size

    def rotated(self, quarter_turns: int) -> DraftPage:
        return replace(self, rotation=(self.rotation + 90 * quarter_turns) % 360)


@dataclass(frozen=True)
class SlotDraft:
    """What the clerk collected for one material: pages, or an e-licence (found, or pending 待核验)."""

    material_id: str
    name: str
    pages: tuple[DraftPage, ...] = ()
    licence_type: str | None = None
    holder_id: str | None = None
    licence_ref: str | None = None  # None with licence_type set: 待核验


@dataclass(frozen=True)
class CommitResult:
    pages: int
    files: dict[str, str] = field(default_factory=dict)  # material_id -> PDF sha256
    pending_licences: int = 0


@dataclass(frozen=True)
class PreparedMaterials:
    """Materials ready to be recorded: `record(tx, case_id)` inside the transaction that decides the
    case (its submission, queued there too, carries them), or `resend(tx, case_id)` for a case
    already on file (recorded, and the case queued again as a new data version); then `settle()` once
    that committed (releases the draft pages, says what was recorded)."""

    record: Callable[[Tx, str], None]
    resend: Callable[[Tx, str], None]
    settle: Callable[[], CommitResult]


def profile_from(settings: object) -> pipeline.PageProfile:
    """The pipeline profile from app.settings.MaterialsSettings (duck-typed to keep layers apart)."""
    return pipeline.PageProfile(
        compression=pipeline.Compression(str(getattr(settings, "compression", "auto"))),
        jpeg_quality=int(getattr(settings, "jpeg_quality", 80)),
        max_bytes=int(getattr(settings, "max_page_kb", 0)) * 1024,
        auto_crop=bool(getattr(settings, "auto_crop", False)),
        deskew=bool(getattr(settings, "deskew", True)),
    )


class MaterialsService:
    def __init__(self, store: LocalStore, clock: Clock, profile: pipeline.PageProfile, clerk: str) -> None:
        self._store = store
        self._clock = clock
        self.profile = profile
        self.clerk = clerk
        self._drafts: Counter[str] = Counter()  # blob -> draft pages holding it
        self._lock = threading.Lock()

    # -- pages (worker threads)
    def process(self, page: AcquiredPage, profile: pipeline.PageProfile | None = None) -> DraftPage:
        """Pipeline, then straight into the encrypted store; nothing readable is written anywhere."""
        done = pipeline.process(page.image, profile or self.profile, dpi=page.dpi)
        stored = self._store.attachments.put(done.data)
        with self._lock:
            self._drafts[stored.blob] += 1
        return DraftPage(
            id=time_ordered_id(),
            blob=stored,
            media_type=done.media_type,
            width=done.width,
            height=done.height,
            dpi=done.dpi,
            thumbnail=done.thumbnail,
            origin=page.origin,
            label=page.label,
            captured_at=self._clock.now(),
        )

    def read(self, page: DraftPage) -> bytes:
        """The stored page, decrypted into memory (zoom, checks)."""
        data = self._store.attachments.read(page.blob.blob)
        if hashlib.sha256(data).hexdigest() != page.blob.sha256:
            raise pipeline.PageUnreadable("stored page does not match its hash")
        return data

    def discard(self, pages: Iterable[DraftPage]) -> int:
        """Delete draft pages; a file goes when no other draft page and no recorded case uses it."""
        removed = 0
        for page in pages:
            blob = page.blob.blob
            with self._lock:
                self._drafts[blob] -= 1
                last = self._drafts[blob] <= 0
                if last:
                    del self._drafts[blob]
            if not last:
                continue
            with self._store.database.read() as session:
                used = material_pages.blob_in_use(session, blob)
            if not used:
                self._store.attachments.delete(blob)
                removed += 1
        return removed

    # -- accept
    def commit(self, case_id: str, slots: Sequence[SlotDraft], at: dt.datetime | None = None) -> CommitResult:
        """Record the materials of a case already committed, in a transaction of their own (a 补正 case
        completed later, tests). At the desk, `prepare` is used instead, so that the decision and its
        materials are one transaction."""
        prepared = self.prepare(slots, at)
        self._store.writer.run_direct(lambda tx: prepared.resend(tx, case_id))
        return prepared.settle()

    def prepare(self, slots: Sequence[SlotDraft], at: dt.datetime | None = None) -> PreparedMaterials:
        """Assemble each material's PDF and store it (encrypted files, no rows yet); the result records
        pages, PDFs, uploads and e-licences inside the caller's transaction. Call from a worker thread.

        A failure here leaves the case undecided (the clerk's screen still holds everything); a decision
        that fails after this leaves only unreferenced encrypted files, which no row points to."""
        at = at or self._clock.now()
        records: list[material_pages.PageRecord] = []
        files: list[material_pages.MaterialFile] = []
        digests: dict[str, str] = {}
        licences: list[material_pages.LicenceUse] = []
        for slot in slots:
            if slot.pages:
                pdf = pipeline.assemble_pdf(
                    [pipeline.PdfPage(self.read(p), p.rotation) for p in slot.pages], title=slot.name
                )
                stored = self._store.attachments.put(pdf)
                files.append(
                    material_pages.MaterialFile(
                        slot.material_id, stored, f"{slot.material_id} {slot.name}", len(slot.pages)
                    )
                )
                digests[slot.material_id] = stored.sha256
                records += [
                    material_pages.PageRecord(
                        material_id=slot.material_id,
                        stored=p.blob,
                        media_type=p.media_type,
                        rotation=p.rotation,
                        origin=p.origin,
                        width=p.width,
                        height=p.height,
                        dpi=p.dpi,
                        captured_at=p.captured_at,
                    )
                    for p in slot.pages
                ]
            elif slot.licence_type and slot.holder_id:
                licences.append(
                    material_pages.LicenceUse(
                        slot.material_id, slot.licence_type, slot.holder_id, slot.licence_ref
                    )
                )

        clerk = self.clerk

        def record(tx: Tx, case_id: str, *, resend: bool = False) -> None:
            material_pages.record_materials(
                tx,
                case_id=case_id,
                pages=records,
                files=files,
                licences=licences,
                actor=clerk,
                at=at,
                resend=resend,
            )

        def settle() -> CommitResult:
            with self._lock:
                for slot in slots:
                    for page in slot.pages:
                        self._drafts[page.blob.blob] -= 1
                        if self._drafts[page.blob.blob] <= 0:
                            del self._drafts[page.blob.blob]
            pending = sum(1 for use in licences if use.licence_ref is None)
            return CommitResult(len(records), digests, pending)

        return PreparedMaterials(record, functools.partial(record, resend=True), settle)

    def pdf_for(self, case_id: str) -> Mapping[str, bytes]:
        """material_id -> the recorded material PDF, decrypted (case details, checks)."""
        from app.store.models import Attachment

        out: dict[str, bytes] = {}
        with self._store.database.read() as session:
            ids = material_pages.material_files(session, case_id)
            blobs = {mid: session.get_one(Attachment, aid).blob for mid, aid in ids.items()}
        for material_id, blob in blobs.items():
            out[material_id] = self._store.attachments.read(blob)
        return out
