"""Materials recorded with a case (pages, PDFs, uploads, files deleted with their pages) and e-licences
looked up on a real reference platform on loopback, offline ones re-checked by the sync pull."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.devices.scanning.source import AcquiredPage
from app.documents.pages import Compression, PageProfile
from app.domain.case import CaseStatus
from app.domain.clock import FixedClock
from app.services.desk import DecisionRequest
from app.services.elicences import ElicenceService, Lookup
from app.services.materials import MaterialsService, SlotDraft
from app.services.workspace import Workspace
from app.store import cases, material_pages
from app.store.cases import Applicant
from app.store.clerks import ClerkIdentity
from app.store.fastpath import Tx
from app.store.models import Attachment, Case, CaseMaterial, OutboxEntry
from app.sync.adapter import Codes, ReferenceAdapter
from app.sync.auth import TokenSource
from app.sync.client import PlatformClient
from app.sync.engine import SyncConfig, SyncEngine
from refplatform.server import PlatformServer
from tests.integration.refplatform.conftest import make_config
from tests.support.sane import document_page

HOLDER = "110101199003070011"  # the seeded holder of 居民身份证 EL-ID-0001 and 户口簿 EL-HK-0001
APPLICANT = Applicant("natural", "张三", "resident", HOLDER, "13912345678")


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformServer]:
    server = PlatformServer(make_config(tmp_path / "platform")).start()
    yield server
    server.stop()


@pytest.fixture
def service(workspace: Workspace, clock: FixedClock, clerk: ClerkIdentity) -> MaterialsService:
    return MaterialsService(workspace.store, clock, PageProfile(compression=Compression.JPEG), clerk.login)


def accept(workspace: Workspace, clerk: ClerkIdentity, item_code: str = "") -> str:
    catalogue = workspace.catalogue
    assert catalogue is not None
    item = catalogue.item(item_code or catalogue.search("gtgsh")[0])
    every = frozenset(m.id for m in item.checklist({}))  # accepted only with every listed material
    request = DecisionRequest(APPLICANT, item, catalogue.version, CaseStatus.ACCEPTED, received=every)
    return workspace.desk_for(clerk).decide(request).case.id


def page(number: int) -> AcquiredPage:
    return AcquiredPage(document_page(number), 300, "scanner")


def test_deleting_a_page_removes_its_file_unless_other_pages_share_it(
    workspace: Workspace, service: MaterialsService
) -> None:
    directory = workspace.store.attachments.directory
    first, second = service.process(page(1)), service.process(page(1))  # the same content twice
    assert first.blob.blob == second.blob.blob
    assert (directory / first.blob.blob).exists()
    assert service.discard([first]) == 0
    assert (directory / first.blob.blob).exists()  # still used by the other page
    assert service.discard([second]) == 1
    assert not (directory / first.blob.blob).exists()
    assert service.read(service.process(page(2))) is not None


def test_pages_and_material_pdfs_are_recorded_with_the_case_and_queued_for_upload(
    workspace: Workspace, service: MaterialsService, clerk: ClerkIdentity
) -> None:
    case_id = accept(workspace, clerk)
    with workspace.store.database.read() as session:
        material_id = session.scalars(
            select(CaseMaterial.material_id).where(CaseMaterial.case_id == case_id)
        ).first()
    assert material_id is not None
    drafts = [service.process(page(n)) for n in (1, 2)]
    drafts[1] = drafts[1].rotated(1)
    result = service.commit(case_id, [SlotDraft(material_id, "材料", tuple(drafts))])
    assert result.pages == 2

    pdf = service.pdf_for(case_id)[material_id]
    reader = PdfReader(io.BytesIO(pdf))
    assert [p.get("/Rotate", 0) for p in reader.pages] == [0, 90]
    with workspace.store.database.read() as session:
        kinds = sorted(session.scalars(select(Attachment.kind).where(Attachment.case_id == case_id)))
        uploads = session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "upload_material")).all()
        submits = session.scalars(
            select(OutboxEntry.idempotency_key).where(OutboxEntry.kind == "submit_case")
        ).all()
        row = session.scalars(
            select(CaseMaterial).where(
                CaseMaterial.case_id == case_id, CaseMaterial.material_id == material_id
            )
        ).one()
        stored = material_pages.case_pages(session, case_id)
    assert kinds.count("page") == 2
    assert "material" in kinds
    assert len(uploads) == 1
    assert sorted(submits) == [f"{case_id}:submit:1", f"{case_id}:submit:2"]  # the platform learns the pages
    assert row.pages == 2
    assert row.received
    assert [p.rotation for p in stored] == [0, 90]
    # A recorded page's file stays even if the clerk's screen still held it as a draft.
    assert service.discard(drafts) == 0
    assert all((workspace.store.attachments.directory / p.blob).exists() for p in stored)


def test_the_desk_decides_a_case_with_its_pages_in_one_transaction_or_not_at_all(
    workspace: Workspace, service: MaterialsService, clerk: ClerkIdentity
) -> None:
    catalogue = workspace.catalogue
    assert catalogue is not None
    item = catalogue.item(catalogue.search("gtgsh")[0])
    every = frozenset(m.id for m in item.checklist({}))
    request = DecisionRequest(APPLICANT, item, catalogue.version, CaseStatus.ACCEPTED, received=every)
    material_id = sorted(every)[0]
    desk = workspace.desk_for(clerk)
    prepared = service.prepare([SlotDraft(material_id, "材料", (service.process(page(1)),))])

    def then_fail(tx: Tx, case_id: str) -> None:
        prepared.record(tx, case_id)
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        desk.decide(request, then_fail)
    with workspace.store.database.read() as session:
        assert session.scalars(select(CaseMaterial)).all() == []  # no case, no half-recorded pages
        assert session.scalars(select(OutboxEntry).where(OutboxEntry.lane != "audit")).all() == []

    outcome = desk.decide(request, prepared.record)
    assert prepared.settle().pages == 1
    with workspace.store.database.read() as session:
        stored = material_pages.case_pages(session, outcome.case.id)
        submits = session.scalars(
            select(OutboxEntry.idempotency_key).where(OutboxEntry.kind == "submit_case")
        )
        # One submission, queued by the same transaction; it reads the case, pages included, when sent.
        assert list(submits) == [f"{outcome.case.id}:submit:1"]
        assert session.get_one(Case, outcome.case.id).data_version == 1
        # The outcome's snapshot (built, with the materials read back) is what a later read shows.
        assert outcome.case == cases.load_case(session, outcome.case.id)
    assert [p.material_id for p in stored] == [material_id]
    assert [(m.pages, m.received) for m in outcome.case.materials if m.material_id == material_id] == [
        (1, True)
    ]


def elicence_setup(
    workspace: Workspace, platform: PlatformServer | None, clock: FixedClock, *, login: bool
) -> tuple[ElicenceService, SyncEngine, TokenSource]:
    url = platform.url if platform is not None else "http://127.0.0.1:9"
    adapter = ReferenceAdapter(Codes.load(workspace.settings.platform.codes_file))
    tokens = TokenSource(None, clock)
    engine = SyncEngine(
        workspace.store, adapter, SyncConfig(base_url=url, terminal_code="XH01"), tokens, clock
    )
    service = ElicenceService(workspace.store, adapter, engine.new_client, tokens, clock)
    engine.add_pull_hook(service.recheck)
    if login:
        client = engine.new_client()
        try:
            tokens.login(client, "demo", "Demo@2026", "XH01")
        finally:
            client.close()
    return service, engine, tokens


def test_online_lookup_finds_the_holders_licence_of_the_catalogue_type(
    workspace: Workspace, platform: PlatformServer, clock: FixedClock
) -> None:
    service, _engine, _tokens = elicence_setup(workspace, platform, clock, login=True)
    found = service.lookup(HOLDER, "居民身份证")
    assert found.outcome is Lookup.FOUND
    assert found.licence is not None
    assert found.licence.licence_id == "EL-ID-0001"
    assert service.lookup(HOLDER, "户口簿").licence.licence_id == "EL-HK-0001"  # type: ignore[union-attr]
    assert service.lookup(HOLDER, "营业执照").outcome is Lookup.NOT_FOUND


def test_offline_licences_are_pending_then_verified_or_turned_into_a_supplement_task_after_sync(
    workspace: Workspace,
    platform: PlatformServer,
    clock: FixedClock,
    clerk: ClerkIdentity,
    service: MaterialsService,
) -> None:
    offline, _e, _t = elicence_setup(workspace, None, clock, login=False)
    assert offline.lookup(HOLDER, "居民身份证").outcome is Lookup.OFFLINE

    case_id = accept(workspace, clerk)
    with workspace.store.database.read() as session:
        materials = session.scalars(
            select(CaseMaterial.material_id)
            .where(CaseMaterial.case_id == case_id)
            .order_by(CaseMaterial.position)
        ).all()
    assert len(materials) >= 2
    service.commit(
        case_id,
        [
            SlotDraft(materials[0], "身份证明", licence_type="居民身份证", holder_id=HOLDER),
            SlotDraft(materials[1], "产权证明", licence_type="不动产权证书", holder_id=HOLDER),
        ],
    )
    with workspace.store.database.read() as session:
        assert material_pages.check_states(session, case_id) == {
            materials[0]: "pending",
            materials[1]: "pending",
        }

    elicences, engine, _tokens = elicence_setup(workspace, platform, clock, login=True)
    client: PlatformClient = engine.new_client()
    try:
        engine.pull(client)  # the sync pass; its hook re-checks what was recorded offline
    finally:
        client.close()

    with workspace.store.database.read() as session:
        assert material_pages.check_states(session, case_id) == {
            materials[0]: "verified",
            materials[1]: "mismatch",
        }
        refs = dict(
            session.execute(
                select(CaseMaterial.material_id, CaseMaterial.e_licence_ref).where(
                    CaseMaterial.case_id == case_id
                )
            ).all()
        )
    assert refs[materials[0]] == "EL-ID-0001"
    tasks = elicences.tasks()
    assert [(t.kind, t.material_id) for t in tasks] == [("supplement", materials[1])]
    assert "补正" in tasks[0].text
    elicences.complete_task(tasks[0].id, clerk.login)
    assert elicences.tasks() == []
