"""Every desk decision on a real store: 受理, 补正 then 受理, 不予受理, 一表申报, agent, void/re-open, 出件;
each with its documents (text checked with pdftotext) and its audit rows."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.bundle import combine
from app.domain.case import Actor, ActorKind, CaseStatus, IllegalTransition
from app.domain.clock import CHINA_TZ, FixedClock
from app.domain.errors import DomainError
from app.services.desk import DecisionRequest
from app.services.notices import RejectionGround
from app.services.workspace import Workspace
from app.store import audit
from app.store.cases import Agent, Applicant
from app.store.clerks import ClerkIdentity
from app.store.models import AuditEntry, Case, OutboxEntry

APPLICANT = Applicant("natural", "张三", "resident", "110101199003070011", "13800138000", "杭州市西湖区")
AGENT = Agent("李代办", "resident", "11010119900307002X", "13900139000")
SUPERVISOR = Actor(ActorKind.SUPERVISOR, "leader")
GTGSH = "330106-SCJG-001"


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


def request(workspace: Workspace, decision: CaseStatus, *, codes=(GTGSH,), answers=None, received=None, **kw):
    view = workspace.catalogue
    items = [view.item(code) for code in codes]
    answers = answers if answers is not None else {q.id: False for item in items for q in item.questions}
    if received is None:
        received = frozenset(m.id for m in combine(items).item.checklist(answers))
    return DecisionRequest(APPLICANT, items, view.version, decision, answers, received, **kw)


def test_supplement_lists_exactly_the_missing_then_acceptance_dates_from_the_complete_supplement(
    workspace: Workspace, clerk: ClerkIdentity, clock: FixedClock, tmp_path: Path
) -> None:
    desk = workspace.desk_for(clerk)
    outcome = desk.decide(
        request(
            workspace,
            CaseStatus.SUPPLEMENT_REQUESTED,
            received=frozenset({"application_form"}),
            reason="缺经营者身份证明、租赁协议",
        )
    )
    case = outcome.case
    assert case.status is CaseStatus.SUPPLEMENT_REQUESTED
    assert [m.material_id for m in case.missing] == ["operator_id", "premises_lease"]
    assert case.supplement_due == dt.date(2026, 12, 2)  # Wed 25 Nov + 5 working days
    assert len(outcome.documents) == 2  # the 一次性告知书 and the 材料接收凭证
    notice = text_of(workspace.notices.pdf_bytes(outcome.documents[0]), tmp_path)
    assert "补正材料通知书" in notice
    assert "第三十二条第一款第（四）项" in notice
    assert "经营者身份证明" in notice
    assert "经营场所租赁协议及出租方产权证明" in notice
    assert "个体工商户登记（备案）申请书" not in notice  # handed in: not asked again
    assert "2026年12月2日前" in notice
    receipt = text_of(workspace.notices.pdf_bytes(outcome.documents[1]), tmp_path)
    assert "材料接收凭证" in receipt
    assert "个体工商户登记（备案）申请书" in receipt
    assert "不代表已受理" in receipt

    with pytest.raises(DomainError):  # still missing one
        desk.decide_existing(case.id, CaseStatus.ACCEPTED, received=frozenset({"operator_id"}))
    clock.set(dt.datetime(2026, 11, 30, 14, 0, tzinfo=CHINA_TZ))
    accepted = desk.decide_existing(
        case.id, CaseStatus.ACCEPTED, received=frozenset({"operator_id", "premises_lease"})
    )
    assert accepted.case.status is CaseStatus.ACCEPTED
    assert accepted.case.decided_at == clock.now()
    assert accepted.case.received_at == dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ)
    assert accepted.case.data_version == 2
    assert accepted.case.supplement_due is None
    text = text_of(workspace.notices.pdf_bytes(accepted.notice_id), tmp_path)
    assert "于2026年11月30日提交" in text  # the complete application's date
    with workspace.store.database.read() as session:
        keys = list(
            session.scalars(
                select(OutboxEntry.idempotency_key)
                .where(OutboxEntry.aggregate_id == case.id)
                .order_by(OutboxEntry.id)
            )
        )
        assert keys == [f"{case.id}:submit:1", f"{case.id}:submit:2"]
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.subject == case.number)))
        assert actions.count("case.supplement_requested") == 1
        assert actions.count("case.accepted") == 1
        assert audit.verify(session).ok


def test_rejection_needs_a_reason_and_states_rights_of_review_and_litigation(
    workspace: Workspace, clerk: ClerkIdentity, tmp_path: Path
) -> None:
    desk = workspace.desk_for(clerk)
    with pytest.raises(IllegalTransition, match="reason"):
        desk.decide(request(workspace, CaseStatus.REJECTED, received=frozenset()))
    outcome = desk.decide(
        request(
            workspace,
            CaseStatus.REJECTED,
            received=frozenset({"application_form"}),
            reason="申请事项依法不属于本机关职权范围，请向杭州市市场监督管理局申请",
            ground=RejectionGround.NOT_COMPETENT,
        )
    )
    text = text_of(workspace.notices.pdf_bytes(outcome.notice_id), tmp_path)
    for expected in (
        "不予受理通知书",
        "请向杭州市市场监督管理局申请",
        "第三十二条第一款第（二）项",
        "六十日内向杭州市西湖区人民政府申请行政复议",
        "六个月内向杭州市西湖区人民法院提起行政诉讼",
    ):
        assert expected in text


def test_bundle_with_an_agent_shares_papers_and_each_item_has_its_deadlines(
    workspace: Workspace, clerk: ClerkIdentity, tmp_path: Path
) -> None:
    codes = (GTGSH, "330106-SCJG-004")
    answers = {"by_agent": True, "owns_premises": False, "vending_machine": False}
    outcome = workspace.desk_for(clerk).decide(
        request(workspace, CaseStatus.ACCEPTED, codes=codes, answers=answers, agent=AGENT)
    )
    case = outcome.case
    assert [it.code for it in case.items] == list(codes)
    assert all(it.promised_due is not None for it in case.items)
    agent_ids = [m for m in case.materials if m.name == "受托人居民身份证"]
    assert len(agent_ids) == 1
    assert agent_ids[0].item_codes == codes
    assert case.agent == AGENT
    text = text_of(workspace.notices.pdf_bytes(outcome.notice_id), tmp_path)
    assert "个体工商户设立登记、食品经营许可" in text
    assert "李代办" in text
    assert text.count("受托人居民身份证") == 1


def test_acceptance_needs_every_material(workspace: Workspace, clerk: ClerkIdentity) -> None:
    with pytest.raises(DomainError):
        workspace.desk_for(clerk).decide(request(workspace, CaseStatus.ACCEPTED, received=frozenset()))


def test_void_and_reopen_are_a_supervisors_and_delivery_records_how(
    workspace: Workspace, clerk: ClerkIdentity, tmp_path: Path
) -> None:
    desk = workspace.desk_for(clerk)
    case = desk.decide(request(workspace, CaseStatus.ACCEPTED)).case
    with pytest.raises(IllegalTransition):
        desk.supervise(case.id, CaseStatus.VOIDED, clerk.actor, "重复录入")
    voided = desk.supervise(case.id, CaseStatus.VOIDED, SUPERVISOR, "重复录入")
    assert voided.status is CaseStatus.VOIDED
    assert voided.timeline[-1].actor_id == "leader"
    reopened = desk.supervise(case.id, CaseStatus.DRAFT, SUPERVISOR, "作废有误")
    assert reopened.status is CaseStatus.DRAFT
    again = desk.decide_existing(case.id, CaseStatus.ACCEPTED)
    assert again.case.status is CaseStatus.ACCEPTED

    with pytest.raises(IllegalTransition):  # not ready yet
        desk.deliver(case.id, {"method": "window", "receiver": "张三", "receiver_id": APPLICANT.id_number})
    workspace.store.writer.run(lambda s: setattr(s.get_one(Case, case.id), "status", "result_ready"))
    with pytest.raises(DomainError):
        desk.deliver(case.id, {"method": "post", "receiver": "张三", "receiver_id": APPLICANT.id_number})
    outcome = desk.deliver(
        case.id,
        {
            "method": "post",
            "receiver": "张三",
            "receiver_id": APPLICANT.id_number,
            "courier": "中国邮政EMS",
            "tracking_number": "EA123456789CN",
        },
    )
    assert outcome.case.status is CaseStatus.DELIVERED
    assert outcome.case.delivery["tracking_number"] == "EA123456789CN"
    text = text_of(workspace.notices.pdf_bytes(outcome.notice_id), tmp_path)
    assert "办理结果领取凭证" in text
    assert "邮寄送达" in text
    assert "EA123456789CN" in text
    assert "领取人张三（证件号码1101**********0011）" in text  # the receiver masked
    assert desk.find(f"https://zwfw.example.gov.cn/progress?no={case.number}") == [case.id]
    assert desk.find(APPLICANT.id_number) == [case.id]
