"""Printing notices on a real CUPS queue (cups-pdf, private cupsd): the PDF that arrives has the notice's
page count and renders; a retried request prints nothing; a reprint is one more, marked copy."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.devices.printing.cups import CupsSpooler
from app.domain.case import CaseStatus
from app.domain.clock import FixedClock
from app.domain.errors import EnvironmentFailure
from app.services.desk import DecisionRequest
from app.services.printing import PrintResult, PrintService, PrintState, page_count
from app.services.workspace import Workspace
from app.store.cases import Applicant
from app.store.clerks import ClerkIdentity
from app.store.models import PrintJob
from tests.support.cups import Cups, private_cups

pytestmark = pytest.mark.cups
APPLICANT = Applicant("natural", "张三", "resident", "110101199003070011", "13800138000", "杭州市西湖区")


@pytest.fixture
def cups(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cups]:
    with private_cups() as server:
        monkeypatch.setenv("CUPS_SERVER", str(server.socket))
        yield server


def accepted_notice(workspace: Workspace, clerk: ClerkIdentity) -> int:
    view = workspace.catalogue
    item = view.item("330106-SCJG-001")
    answers = {q.id: False for q in item.questions}
    received = frozenset(m.id for m in item.checklist(answers))
    outcome = workspace.desk_for(clerk).decide(
        DecisionRequest(APPLICANT, item, view.version, CaseStatus.ACCEPTED, answers, received)
    )
    assert outcome.notice_id is not None
    return outcome.notice_id


def jobs(cups: Cups) -> list[str]:
    env = {**os.environ, "CUPS_SERVER": str(cups.socket)}
    out = subprocess.run(
        ["lpstat", "-W", "all", "-o", cups.queue], env=env, capture_output=True, text=True, check=True
    )
    return [line.split()[0] for line in out.stdout.splitlines() if line.strip()]


def render(pdf: Path, tmp_path: Path, name: str) -> Image.Image:
    prefix = tmp_path / name
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    return Image.open(next(tmp_path.glob(f"{name}*.png"))).convert("RGB")


def ink(image: Image.Image) -> float:
    grey = image.convert("L")
    return sum(1 for v in grey.get_flattened_data() if v < 128) / (grey.width * grey.height)


def red(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(1 for r, g, b in image.crop(box).get_flattened_data() if r > 150 and g < 90 and b < 90)


def test_notice_prints_once_with_its_pages_and_reprints_are_marked(
    workspace: Workspace, clerk: ClerkIdentity, clock: FixedClock, cups: Cups, tmp_path: Path
) -> None:
    document = accepted_notice(workspace, clerk)
    service = PrintService(workspace.store, workspace.notices, CupsSpooler(), clock)
    expected_pages = page_count(workspace.notices.pdf_bytes(document))

    before = cups.outputs()
    first = service.print_document(document, cups.queue, "demo")
    assert first.result is PrintResult.PRINTED
    assert first.copy == 1
    assert first.job_id.startswith(f"{cups.queue}-")
    printed = cups.wait_for_pdf(before)
    assert page_count(printed.read_bytes()) == expected_pages
    page = render(printed, tmp_path, "original")
    assert 0.005 < ink(page) < 0.5  # text, tables and codes, not a blank or black page
    assert red(page, (0, 0, page.width // 3, page.height // 8)) == 0  # the original carries no reprint mark
    printed.unlink()

    again = service.print_document(document, cups.queue, "demo")  # the clerk presses print again
    assert again.result is PrintResult.ALREADY_PRINTED
    assert again.job_id == first.job_id
    assert jobs(cups) == [first.job_id]

    before = cups.outputs()
    key = uuid.uuid4().hex
    reprint = service.print_document(document, cups.queue, "demo", reprint_key=key)
    assert (reprint.result, reprint.copy) == (PrintResult.PRINTED, 2)
    copy = cups.wait_for_pdf(before)
    assert page_count(copy.read_bytes()) == expected_pages
    assert red(render(copy, tmp_path, "copy"), (0, 0, page.width // 3, page.height // 8)) > 20  # 重打（副本）
    copy.unlink()
    assert (
        service.print_document(document, cups.queue, "demo", reprint_key=key).result
        is PrintResult.ALREADY_PRINTED
    )
    assert len(jobs(cups)) == 2
    assert [(r.copy, r.state) for r in service.ledger(document)] == [(1, "sent"), (2, "sent")]


def test_a_refused_job_is_retried_and_an_interrupted_one_is_never_printed_again(
    workspace: Workspace, clerk: ClerkIdentity, clock: FixedClock, cups: Cups
) -> None:
    document = accepted_notice(workspace, clerk)
    service = PrintService(workspace.store, workspace.notices, CupsSpooler(), clock)
    with pytest.raises(EnvironmentFailure):
        service.print_document(document, "NoSuchQueue", "demo")
    assert [r.state for r in service.ledger(document)] == [PrintState.FAILED]
    before = cups.outputs()
    assert service.print_document(document, cups.queue, "demo").result is PrintResult.PRINTED
    cups.wait_for_pdf(before).unlink()

    # A second notice whose first attempt died between the ledger row and the printer's answer.
    other = accepted_notice(workspace, clerk)

    def interrupted(session) -> None:
        session.add(
            PrintJob(
                request_key=f"{other}:original",
                document_id=other,
                copy=1,
                printer=cups.queue,
                job_id="",
                state="submitting",
                pages=0,
                error="",
                actor="demo",
                created_at=clock.now(),
                updated_at=clock.now(),
            )
        )

    workspace.store.writer.run(interrupted)
    assert service.print_document(other, cups.queue, "demo").result is PrintResult.UNCERTAIN
    assert len(jobs(cups)) == 1
