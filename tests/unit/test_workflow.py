"""Bench workflow: the keyboard-only happy path, every hold path, overrides, atomic commits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station import audit
from station.config import StationConfig
from station.events import (
    Answer,
    Approve,
    BenchEvent,
    Cancel,
    ChooseDisposition,
    Confirm,
    Deny,
    Escalate,
    Login,
    OpenHeld,
    Photo,
    Scan,
    Weight,
)
from station.policy import Policy
from station.storage.db import Database
from station.storage.models import AuditEventRow, OutboxRow, PrintJobRow, UnitRow
from station.workflow import BenchSession, Step, UnitRecord
from tests.support import APPAREL_GOOD, ELECTRONICS_GOOD, HOME_GOOD, TODAY, photos, seed

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=UTC)


@pytest.fixture
def bench(db: Database, config: StationConfig, tmp_path: Path) -> Iterator[BenchSession]:
    seed(db, tmp_path / "seed")
    yield BenchSession(db, Policy.default(), config, clock=lambda: NOW)


@pytest.fixture
def shots(tmp_path: Path) -> list[Path]:
    return photos(tmp_path / "camera", 12)


def run(bench: BenchSession, *events: BenchEvent) -> list[UnitRecord]:
    records: list[UnitRecord] = []
    for event in events:
        records.extend(r for r in bench.handle(event) if isinstance(r, UnitRecord))
    return records


def answer(bench: BenchSession, answers: dict[str, str]) -> None:
    while bench.state.step is Step.GRADE:
        q = bench.state.question
        assert q is not None
        run(bench, Answer(q.id, answers[q.id]))
        assert not bench.state.error, bench.state.error


def take_photos(bench: BenchSession, shots: list[Path]) -> int:
    taken = 0
    while bench.state.step is Step.PHOTOS:
        run(bench, Photo(str(shots[taken])))
        assert not bench.state.error, bench.state.error
        taken += 1
    return taken


def login(bench: BenchSession, badge: str = "B1001", pin: str = "1234") -> None:
    run(bench, Login(badge, pin))
    assert bench.state.step is Step.IDENTIFY, bench.state.error


def test_keyboard_only_happy_path_restocks_automatically(
    bench: BenchSession, db: Database, shots: list[Path]
) -> None:
    login(bench)
    run(bench, Scan("]C1RMA-00001"), Scan("]E00012345678905"), Weight(612.0, True))
    assert bench.state.step is Step.GRADE
    answer(bench, APPAREL_GOOD)
    assert bench.state.step is Step.PHOTOS
    take_photos(bench, shots)
    assert bench.state.step is Step.DISPOSITION
    assert "restock" in bench.state.prompt
    (record,) = run(bench, Confirm())
    assert bench.state.step is Step.IDENTIFY
    assert record.lpn == "LPN0010000001"
    assert (record.rma, record.sku, record.grade, record.disposition) == (
        "RMA-00001",
        "AP-1",
        "A",
        "restock",
    )
    assert record.automatic and not record.held and record.refund is not None
    assert record.refund.kind == "full_refund"
    assert record.policy_version == Policy.default().version
    assert record.rule and record.explanation
    assert record.weight_g == 612.0
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(UnitRow)) == 1
        outbox = s.scalars(select(OutboxRow)).all()
        assert [o.kind for o in outbox] == ["unit.completed"]
        assert outbox[0].payload["unit"]["lpn"] == record.lpn
        job = s.scalars(select(PrintJobRow)).one()
        assert job.lpn == record.lpn and "^XA" in job.zpl
        actions = s.scalars(select(AuditEventRow.action).order_by(AuditEventRow.seq)).all()
        assert actions == ["login", "unit.completed"]
        assert audit.verify(s) is None


def test_next_unit_gets_the_next_lpn(bench: BenchSession, shots: list[Path]) -> None:
    login(bench)
    lpns = []
    for _ in range(2):
        run(bench, Scan("RMA-00001"), Scan("0012345678905"), Weight(600.0, True))
        answer(bench, APPAREL_GOOD)
        take_photos(bench, shots)
        (rec,) = run(bench, Confirm())
        lpns.append(rec.lpn)
    assert lpns == ["LPN0010000001", "LPN0010000002"]


def test_login_errors(bench: BenchSession) -> None:
    run(bench, Login("B1001", "0000"))
    assert bench.state.step is Step.LOGIN and "not recognised" in bench.state.error
    run(bench, Scan("RMA-00001"))
    assert "Log in first" in bench.state.error
    run(bench, Login("B1001", "1234"))
    assert bench.state.step is Step.IDENTIFY and bench.state.error == ""


def test_serial_mismatch_holds_and_a_lead_approves_at_the_bench(
    bench: BenchSession, db: Database, shots: list[Path]
) -> None:
    login(bench)
    run(bench, Scan("RMA-00002"), Scan("5901234123457"), Scan("SNWRONG999"), Weight(250, True))
    assert bench.state.step is Step.GRADE
    answer(bench, ELECTRONICS_GOOD)
    take_photos(bench, shots)
    run(bench, Confirm())
    assert bench.state.step is Step.HOLD
    assert "serial_mismatch" in [e.code for e in bench.state.escalations]
    run(bench, Approve("B1001", "1234"))  # an inspector cannot approve
    assert "not a lead" in bench.state.error and bench.state.step is Step.HOLD
    (record,) = run(bench, Approve("B2001", "9876"))
    assert record.hold_state == "approved" and not record.held
    assert "serial_mismatch" in record.escalations
    assert not record.automatic
    assert bench.state.step is Step.IDENTIFY


def test_weight_out_of_tolerance_parks_then_lead_denies_later(
    bench: BenchSession, db: Database, shots: list[Path]
) -> None:
    login(bench)
    run(bench, Scan("RMA-00001"), Scan("0012345678905"), Weight(120.0, True))
    answer(bench, APPAREL_GOOD)
    take_photos(bench, shots)
    run(bench, Confirm())
    assert bench.state.step is Step.HOLD
    assert "weight_out_of_tolerance" in [e.code for e in bench.state.escalations]
    (parked,) = run(bench, Confirm())  # Enter parks the unit; the inspector moves on
    assert parked.held and parked.hold_state == "held" and parked.decided_at is None
    assert "Measured" in parked.hold_reason
    assert bench.state.step is Step.IDENTIFY and bench.state.held_count == 1
    # later, a lead at this bench scans the held unit's label
    run(bench, Scan(parked.lpn))
    assert bench.state.step is Step.HOLD
    (decided,) = run(bench, Deny("B2001", "9876"))
    assert decided.lpn == parked.lpn
    assert decided.hold_state == "denied" and decided.refund is not None
    assert decided.refund.kind == "deny"
    assert decided.decided_at is not None
    assert bench.state.held_count == 0
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(UnitRow)) == 1
        kinds = s.scalars(select(OutboxRow.kind).order_by(OutboxRow.mutation_id)).all()
        assert kinds == ["unit.held", "unit.hold_decided"]
        ids = s.scalars(select(OutboxRow.mutation_id).order_by(OutboxRow.mutation_id)).all()
        assert ids == [1, 2]
        assert audit.verify(s) is None


def test_manual_escalation_before_grading_resumes_after_approval(
    bench: BenchSession, shots: list[Path]
) -> None:
    login(bench)
    run(bench, Scan("RMA-00003"), Scan("4006381333931"))
    run(bench, Escalate("box smells of smoke"))
    assert bench.state.step is Step.HOLD
    (parked,) = run(bench, Confirm())
    assert parked.held and parked.grade is None
    run(bench, OpenHeld(parked.lpn))
    assert bench.state.step is Step.HOLD
    run(bench, Approve("B2001", "9876"))
    assert bench.state.step in (Step.VERIFY, Step.GRADE), bench.state
    if bench.state.step is Step.VERIFY:
        run(bench, Confirm())
    answer(bench, HOME_GOOD)
    take_photos(bench, shots)
    (final,) = run(bench, Confirm())
    assert final.lpn == parked.lpn and final.grade is not None
    assert final.hold_state == "approved"


def test_unknown_code_is_an_unexpected_item_held_for_a_lead(
    bench: BenchSession, shots: list[Path]
) -> None:
    login(bench)
    run(bench, Scan("ZZ-NOT-A-CODE-77"))
    assert bench.state.step is Step.VERIFY
    assert bench.state.unit is not None and bench.state.unit.unexpected
    run(bench, Confirm())
    assert bench.state.step is Step.GRADE
    answer(bench, HOME_GOOD)
    take_photos(bench, shots)
    run(bench, Confirm())
    assert bench.state.step is Step.HOLD
    assert "unexpected_item" in [e.code for e in bench.state.escalations]
    (rec,) = run(bench, Confirm())
    assert rec.held and rec.rma is None


def test_override_needs_a_reason_and_is_recorded(bench: BenchSession, shots: list[Path]) -> None:
    login(bench)
    run(bench, Scan("RMA-00001"), Scan("0012345678905"), Weight(600, True))
    answer(bench, APPAREL_GOOD)
    take_photos(bench, shots)
    run(bench, ChooseDisposition("donate", ""))
    assert "needs a reason" in bench.state.error
    run(bench, ChooseDisposition("teleport", "x"))
    assert "Unknown disposition" in bench.state.error
    run(bench, ChooseDisposition("donate", "local charity drive"))
    assert bench.state.error == ""
    (rec,) = run(bench, Confirm())
    assert rec.disposition == "donate" and rec.suggested_disposition == "restock"
    assert rec.override_reason == "local charity drive" and not rec.automatic


def test_cancel_discards_the_draft(bench: BenchSession, db: Database) -> None:
    login(bench)
    run(bench, Scan("RMA-00001"), Scan("0012345678905"))
    run(bench, Cancel())
    assert bench.state.step is Step.IDENTIFY and bench.state.unit is None
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(UnitRow)) == 0


def test_wrong_answers_are_refused_with_what_to_press(bench: BenchSession) -> None:
    login(bench)
    run(bench, Scan("RMA-00001"), Scan("0012345678905"), Weight(600, True))
    q = bench.state.question
    assert q is not None
    run(bench, Answer(q.id, "maybe"))
    assert "Press Y or N" in bench.state.error
    run(bench, Answer("no_such_question", "Y"))
    assert "Unknown checklist question" in bench.state.error


def test_motion_is_never_a_weight(bench: BenchSession) -> None:
    login(bench)
    run(bench, Scan("RMA-00001"), Scan("0012345678905"), Weight(0.0, False))
    assert bench.state.step is Step.VERIFY
    assert bench.state.unit is not None and bench.state.unit.weight_stable is False
    assert "motion" in bench.state.prompt


def test_commit_is_atomic(
    bench: BenchSession, db: Database, shots: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    login(bench)
    run(bench, Scan("RMA-00001"), Scan("0012345678905"), Weight(600, True))
    answer(bench, APPAREL_GOOD)
    take_photos(bench, shots)

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("station.outbox.enqueue", broken)
    with pytest.raises(RuntimeError):
        run(bench, Confirm())
    with db.sessions() as s:
        for table in (UnitRow, PrintJobRow, OutboxRow):
            assert s.scalar(select(func.count()).select_from(table)) == 0
        assert s.scalars(select(AuditEventRow.action)).all() == ["login"]
        assert audit.verify(s) is None
    monkeypatch.undo()
    (rec,) = run(bench, Confirm())
    assert rec.lpn == "LPN0010000001"
