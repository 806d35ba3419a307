"""The decision transaction on a real SQLCipher file: all of case, timeline, audit and outbox, or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.domain.case import Actor, ActorKind, CaseStatus, IllegalTransition
from app.domain.clock import CHINA_TZ
from app.store import audit, cases, outbox
from app.store.database import Database
from app.store.models import AuditEntry, Case, OutboxEntry
from app.store.writer import Writer
from tests.support.query_plans import plans

AT = dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA_TZ)
DESK = cases.Desk(
    terminal="W03", window="3号窗口", clerk=Actor(ActorKind.CLERK, "clerk01"), clerk_name="王芳"
)


def new_case(name: str = "张三", id_number: str = "110101199003070011") -> cases.NewCase:
    return cases.NewCase(
        applicant=cases.Applicant("natural", name, "111", id_number, "13800138000", "北京市东城区"),
        items=(
            cases.ItemLine(
                "ITEM-1",
                "个体工商户设立登记",
                "市场监管局",
                15,
                3,
                dt.date(2026, 12, 16),
                dt.date(2026, 11, 30),
            ),
        ),
        materials=(
            cases.MaterialLine("m1", "经营者身份证明", True, "original", 1, 0, True),
            cases.MaterialLine("m2", "经营场所证明", True, "copy", 0, 1, True),
        ),
        catalogue_version="2026.11.1",
        answers={"by_agent": False},
    )


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_accepting_commits_case_timeline_audit_and_outbox_together(
    writer: Writer, database: Database
) -> None:
    case_id = writer.run_direct(
        lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, AT)
    ).id
    with database.read() as session:
        snap = cases.load_case(session, case_id)
        assert snap is not None
        assert snap.number == "W03-20261125-00001"
        assert snap.status is CaseStatus.ACCEPTED
        assert snap.title == "关于张三的个体工商户设立登记"
        assert [m.name for m in snap.materials] == ["经营者身份证明", "经营场所证明"]
        assert [(t.from_status, t.to_status, t.actor_id) for t in snap.timeline] == [
            (CaseStatus.DRAFT, CaseStatus.ACCEPTED, "clerk01")
        ]
        entry = session.scalar(select(OutboxEntry).where(OutboxEntry.lane == "cases"))
        assert (entry.lane, entry.kind, entry.aggregate_id, entry.state) == (
            "cases",
            "submit_case",
            case_id,
            "ready",
        )
        assert session.scalar(select(AuditEntry.action)) == "case.accepted"
        # The audit row waits for the sync engine to queue it (app.store.audit.queue_for_platform).
        assert session.scalar(select(OutboxEntry).where(OutboxEntry.lane == "audit")) is None
        assert audit.unqueued(session) == 1
        assert audit.verify(session).ok
        assert outbox.pending_count(session) == 1


def test_numbers_count_up_per_terminal_and_day(writer: Writer, database: Database) -> None:
    """Each number is its terminal's and day's highest plus one: other days and other terminals (whose
    numbers sort just before and after) do not count, and a higher number already there (a case
    restored from another machine) is never issued again."""
    other = replace(DESK, terminal="W03A")
    for desk, at in ((other, AT), (DESK, AT - dt.timedelta(days=1)), (DESK, AT + dt.timedelta(days=1))):
        writer.run_direct(
            lambda tx, d=desk, a=at: cases.record_decision(tx, new_case(), d, CaseStatus.ACCEPTED, a)
        )
    for _ in range(2):
        writer.run_direct(lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, AT))
    writer.run(
        lambda s: s.execute(
            update(Case).where(Case.number == "W03-20261125-00002").values(number="W03-20261125-00041")
        )
    )
    # A session job numbers on from the same cases.
    writer.run(lambda s: cases.record_decision(s, new_case(), DESK, CaseStatus.ACCEPTED, AT))
    with database.read() as session:
        numbers = sorted(session.scalars(select(Case.number)))
    assert numbers == [
        "W03-20261124-00001",
        "W03-20261125-00001",
        "W03-20261125-00041",
        "W03-20261125-00042",
        "W03-20261126-00001",
        "W03A-20261125-00001",
    ]


@pytest.mark.parametrize("direct", [True, False], ids=["driver", "session"])
def test_a_failure_inside_the_transaction_leaves_nothing(
    writer: Writer, database: Database, monkeypatch: pytest.MonkeyPatch, direct: bool
) -> None:
    def broken_enqueue(*_a: object, **_k: object) -> None:
        raise RuntimeError("simulated failure after the case row was inserted")

    run = writer.run_direct if direct else writer.run
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "enqueue", broken_enqueue)
        with pytest.raises(RuntimeError):
            run(lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, AT))
    with database.read() as session:
        for model in (Case, AuditEntry, OutboxEntry):
            assert _count(session, model) == 0
    # The transaction was rolled back, not left open: the same writer decides the next case.
    run(lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, AT))
    with database.read() as session:
        assert session.scalars(select(Case.number)).all() == ["W03-20261125-00001"]


def test_a_database_failure_gives_the_connection_up(writer: Writer, database: Database) -> None:
    """A driver error (here an official number that a block hands out a second time) rolls back and the
    writer opens a fresh connection for the next job."""
    writer.run_direct(lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, AT))
    with database.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE cases SET official_number = 'P000001'")
        conn.exec_driver_sql(
            "INSERT INTO number_blocks VALUES ('b1', 'P', 1, 9, 6, '2026-11-25T01:00:00+00:00')"
        )
    first = writer._connection  # the connection is what is under test
    with pytest.raises(sqlcipher.IntegrityError):
        writer.run_direct(lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, AT))
    assert writer._connection is None
    with database.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE number_blocks SET next_seq = 2")
    writer.run_direct(lambda tx: cases.record_decision(tx, new_case(), DESK, CaseStatus.ACCEPTED, AT))
    assert writer._connection is not first
    with database.read() as session:
        assert sorted(session.scalars(select(Case.number))) == ["W03-20261125-00001", "W03-20261125-00002"]


def _variants() -> dict[str, cases.NewCase]:
    base = new_case()
    return {
        "plain": base,
        "legal person with an agent": replace(
            base,
            applicant=cases.Applicant(
                "legal",
                "杭州某某餐饮有限公司",
                "001",
                "91330106MA27XYZ12Q",
                "0571-88888888",
                "西湖区",
                legal_representative="李四",
            ),
            agent=cases.Agent("王五", "111", "11010119900307002X", "13900139000"),
            answers={"by_agent": True, "nested": {"rooms": [1, 2]}},
            form_data={"capital": 10.5, "scope": ["餐饮", "零售"], "note": None},
            form_versions={"ITEM-1": "3"},
        ),
        "supplement with a provisional deadline": replace(
            base,
            items=(replace(base.items[0], deadline_provisional=True), replace(base.items[0], code="ITEM-2")),
            materials=(
                *base.materials,
                cases.MaterialLine("m3", "委托书", False, "original", 1, 0, False, 2, "EL-1", ("ITEM-2",)),
            ),
            supplement_due=dt.date(2026, 12, 2),
        ),
    }


@pytest.mark.parametrize("variant", list(_variants()))
def test_the_snapshot_of_a_decision_is_what_load_case_reads_back(
    writer: Writer, database: Database, variant: str
) -> None:
    new = _variants()[variant]
    decision = CaseStatus.SUPPLEMENT_REQUESTED if new.supplement_due else CaseStatus.ACCEPTED
    recorded = writer.run_direct(
        lambda tx: cases.record_decision(tx, new, DESK, decision, AT, reason="缺少委托书")
    )
    with database.read() as session:
        stored = cases.load_case(session, recorded.id)
    built = recorded.snapshot()
    assert built == stored
    # Equal is not enough where the screens format values: instants are UTC, as read back.
    assert stored is not None
    assert (built.created_at.tzinfo, built.timeline[0].at.tzinfo) == (
        stored.created_at.tzinfo,
        stored.timeline[0].at.tzinfo,
    )


def test_rejection_needs_a_reason_and_records_it(writer: Writer, database: Database) -> None:
    with pytest.raises(IllegalTransition):
        writer.run(lambda s: cases.record_decision(s, new_case(), DESK, CaseStatus.REJECTED, AT))
    case_id = writer.run(
        lambda s: cases.record_decision(
            s, new_case(), DESK, CaseStatus.REJECTED, AT, reason="不属于本机关职权范围"
        )
    ).id
    with database.read() as session:
        snap = cases.load_case(session, case_id)
    assert snap.timeline[-1].reason == "不属于本机关职权范围"


def test_list_filters_by_text_status_and_date(writer: Writer, database: Database) -> None:
    writer.run(lambda s: cases.record_decision(s, new_case("张三"), DESK, CaseStatus.ACCEPTED, AT))
    writer.run(
        lambda s: cases.record_decision(
            s,
            new_case("李四", "11010119900307002X"),
            DESK,
            CaseStatus.REJECTED,
            AT + dt.timedelta(days=2),
            reason="x",
        )
    )
    with database.read() as session:
        assert len(cases.case_ids(session, cases.CaseFilter())) == 2
        only_li = cases.case_ids(session, cases.CaseFilter(text="李四"))
        rows = cases.list_rows(session, only_li)
        assert [r.applicant_name for r in rows] == ["李四"]
        assert cases.case_ids(session, cases.CaseFilter(text="11010119900307002x")) == only_li
        assert cases.case_ids(session, cases.CaseFilter(statuses=frozenset({CaseStatus.REJECTED}))) == only_li
        assert cases.count_cases(session, cases.CaseFilter(until=AT + dt.timedelta(days=1))) == 1
        assert cases.case_ids(session, cases.CaseFilter(since=AT + dt.timedelta(days=1))) == only_li
        number = rows[0].number
        assert cases.find_by_number(session, number.lower()) == only_li[0]
        newest_first = cases.list_rows(session, cases.case_ids(session, cases.CaseFilter()))
        assert [r.applicant_name for r in newest_first] == ["李四", "张三"]


def test_the_case_list_reads_one_index_for_its_date_and_status(database: Database) -> None:
    """A date range seeks in (created_at, status); a status alone reads that index, not the cases (whose
    rows are ~20 times larger); with both, the status is checked in the index's own entries. EXPLAIN
    QUERY PLAN of the list's ids and count for each filter."""
    since = AT - dt.timedelta(days=7)
    accepted = frozenset({CaseStatus.ACCEPTED})
    filters = {
        "date": cases.CaseFilter(since=since),
        "status": cases.CaseFilter(statuses=accepted),
        "both": cases.CaseFilter(since=since, statuses=accepted),
    }

    def run() -> None:
        with database.read() as session:
            for flt in filters.values():
                cases.case_ids(session, flt)
                cases.count_cases(session, flt)

    ran = plans(database.engine, "cases", run)
    assert len(ran) == 2 * len(filters)
    steps = {name: ran[2 * k] + ran[2 * k + 1] for k, name in enumerate(filters)}
    for name, plan in steps.items():
        reads = [step for step in plan if step.startswith(("SEARCH cases", "SCAN cases"))]
        assert len(reads) == 2, (name, plan)
        assert all("INDEX ix_cases_created_status" in step for step in reads), (name, plan)
        if name != "status":
            assert all(step.startswith("SEARCH") and "(created_at>?)" in step for step in reads), (name, plan)
