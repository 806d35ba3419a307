"""A supplement task (an e-licence that did not match after sync) is listed for the clerk and closed with
Enter; the panel's button counts the open ones."""

from __future__ import annotations

import functools

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.documents.pages import PageProfile
from app.domain.case import CaseStatus
from app.domain.clock import FixedClock
from app.services.desk import DecisionRequest
from app.services.elicences import ElicenceService, supplement_text
from app.services.materials import MaterialsService, SlotDraft
from app.services.workspace import Workspace
from app.store import material_pages
from app.store.cases import Applicant
from app.store.clerks import ClerkIdentity
from app.store.models import CaseMaterial
from app.ui.material_tasks import ClerkTasksDialog
from app.ui.materials_panel import MaterialsContext, MaterialsPanel
from app.ui.qt import QtCore
from app.ui.tasks import Tasks

Qt = QtCore.Qt


def mismatched_case(workspace: Workspace, clock: FixedClock, clerk: ClerkIdentity) -> MaterialsService:
    catalogue = workspace.catalogue
    assert catalogue is not None
    item = catalogue.item(catalogue.search("gtgsh")[0])
    applicant = Applicant("natural", "张三", "resident", "110101199003070011", "13912345678")
    every = frozenset(m.id for m in item.checklist({}))  # accepted only with every listed material
    request = DecisionRequest(applicant, item, catalogue.version, CaseStatus.ACCEPTED, received=every)
    case_id = workspace.desk_for(clerk).decide(request).case.id
    with workspace.store.database.read() as session:
        material_id = session.scalars(
            select(CaseMaterial.material_id).where(CaseMaterial.case_id == case_id)
        ).first()
    service = MaterialsService(workspace.store, clock, PageProfile(), clerk.login)
    service.commit(
        case_id, [SlotDraft(str(material_id), "身份证明", licence_type="居民身份证", holder_id="X")]
    )
    with workspace.store.database.read() as session:
        check = material_pages.pending_checks(session)[0]
    workspace.store.writer.run(
        functools.partial(
            material_pages.resolve_check,
            check_id=check.id,
            licence_ref=None,
            task_text=supplement_text(check),
            at=clock.now(),
        )
    )
    return service


def test_tasks_are_listed_and_closed_with_enter(
    qtbot: QtBot, workspace: Workspace, clock: FixedClock, clerk: ClerkIdentity
) -> None:
    service = mismatched_case(workspace, clock, clerk)
    elicences = ElicenceService(workspace.store, object(), lambda: None, None, clock)  # type: ignore[arg-type]
    tasks = Tasks()
    panel = MaterialsPanel(tasks, MaterialsContext(service, elicences=elicences))
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: "1 项" in panel.tasks_button.text(), timeout=10_000)

    dialog = ClerkTasksDialog(elicences, tasks, clerk.login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    assert "补正" in dialog.list.item(0).text()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.list.count() == 0, timeout=10_000)
    assert dialog.empty.isVisible()
    assert elicences.tasks() == []
    dialog.close()
    panel.refresh_task_count()
    qtbot.waitUntil(lambda: "项" not in panel.tasks_button.text(), timeout=10_000)
    tasks.shutdown()
