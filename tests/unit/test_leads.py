"""Lead mode core: reassignment (row + audit + outbox at once), holds, queue board, KPIs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from station import audit, leads
from station.domain import Operator, Role
from station.storage.db import Database
from station.storage.models import OutboxRow, RmaLineRow, RmaRow, SkuRow, UnitRow, new_id

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LEAD = Operator(badge="B2001", name="Priya Nair", role=Role.LEAD)
INSPECTOR = Operator(badge="B1001", name="Ana Lopez", role=Role.INSPECTOR)


def _rma(
    db: Database,
    number: str,
    *,
    bench: str = "",
    age: timedelta = timedelta(hours=1),
    reason: str = "no_longer_needed",
    sku: str = "SKU-1",
) -> None:
    with db.transaction() as session:
        session.add(
            RmaRow(
                id=new_id(),
                rma=number,
                order_number=f"ORD-{number[-7:]}",
                tracking="",
                channel="web",
                customer="c",
                delivered_on=date(2026, 11, 1),
                reason=reason,
                preference="refund",
                status="open",
                risk_score=0,
                assigned_bench=bench,
                created_at=NOW - age,
                updated_at=NOW - age,
            )
        )
        session.flush()  # the line's foreign key needs the RMA row first
        session.add(RmaLineRow(rma=number, sku=sku, qty=1, serial=""))


def _sku(db: Database, sku: str, *, value_cents: int = 10_000, supplier: str = "Acme") -> None:
    with db.transaction() as session:
        session.add(
            SkuRow(
                id=new_id(),
                sku=sku,
                description=sku,
                category="home",
                unit_value_cents=value_cents,
                weight_g=1000.0,
                weight_tolerance_g=50.0,
                supplier=supplier,
            )
        )


_LPN = iter(range(1, 1_000_000))


def _unit(db: Database, **fields: Any) -> str:
    lpn = f"LPN001{next(_LPN):07d}"
    values: dict[str, Any] = dict(
        id=new_id(),
        lpn=lpn,
        rma=None,
        sku="SKU-1",
        category="home",
        operator="B1001",
        station="bench-01",
        received_at=NOW - timedelta(hours=2),
        decided_at=NOW - timedelta(hours=1),
        final_disposition="restock",
        automatic=True,
        hold_state="none",
        weight_g=1000.0,
        escalations=[],
        damage_codes=[],
        grade="A",
        refund_kind="full_refund",
    )
    values.update(fields)
    with db.transaction() as session:
        session.add(UnitRow(**values))
    return lpn


def test_reassign_writes_row_audit_and_outbox_in_one_go(db: Database) -> None:
    _rma(db, "RMA-0000001")
    moved = leads.reassign(db, "RMA-0000001", "bench-02", LEAD, station="bench-01", now=NOW)
    assert (moved.from_bench, moved.to_bench, moved.by) == ("", "bench-02", "B2001")
    with db.sessions() as session:
        assert session.scalar(select(RmaRow.assigned_bench)) == "bench-02"
        mutation = session.scalars(select(OutboxRow)).one()
        assert mutation.kind == "rma.reassigned"
        assert mutation.payload["rma"] == "RMA-0000001"
        assert mutation.payload["to_bench"] == "bench-02"
        assert audit.verify(session) is None
    # The same move again changes nothing and queues nothing.
    leads.reassign(db, "RMA-0000001", "bench-02", LEAD, station="bench-01", now=NOW)
    with db.sessions() as session:
        assert len(session.scalars(select(OutboxRow)).all()) == 1


def test_only_leads_reassign_and_unknown_or_inspected_rmas_are_refused(db: Database) -> None:
    _rma(db, "RMA-0000001")
    _rma(db, "RMA-0000002")
    _unit(db, rma="RMA-0000002")
    with pytest.raises(leads.LeadError, match="not a lead"):
        leads.reassign(db, "RMA-0000001", "bench-02", INSPECTOR, station="bench-01")
    with pytest.raises(leads.LeadError, match="not known"):
        leads.reassign(db, "RMA-0404040", "bench-02", LEAD, station="bench-01")
    with pytest.raises(leads.LeadError, match="already inspected"):
        leads.reassign(db, "RMA-0000002", "bench-02", LEAD, station="bench-01")
    with db.sessions() as session:
        assert session.scalars(select(OutboxRow)).all() == []
        assert (
            session.scalar(select(RmaRow.assigned_bench).where(RmaRow.rma == "RMA-0000001")) == ""
        )


def test_queue_board_ages_rmas_and_holds_against_their_slas(db: Database) -> None:
    _rma(db, "RMA-0000001", bench="bench-01", age=timedelta(hours=2))
    _rma(db, "RMA-0000002", bench="bench-01", age=timedelta(hours=20))  # due soon (>18 h)
    _rma(db, "RMA-0000003", bench="bench-02", age=timedelta(hours=30))  # breached (>24 h)
    _rma(db, "RMA-0000004", age=timedelta(hours=1))  # unassigned
    _rma(db, "RMA-0000005", bench="bench-01")
    _unit(db, rma="RMA-0000005")  # inspected: no longer waiting
    held = _unit(
        db,
        hold_state="held",
        decided_at=None,
        received_at=NOW - timedelta(hours=50),
        hold_reason="too light",
    )
    board = leads.queue_board(db, now=NOW, benches=["bench-03"])
    assert [c.bench for c in board] == ["", "bench-01", "bench-02", "bench-03"]
    by_bench = {c.bench: c for c in board}
    assert by_bench[""].waiting == 1
    one = by_bench["bench-01"]
    assert one.waiting == 2 and one.held == 1
    assert {i.key: i.aging for i in one.items} == {
        "RMA-0000001": leads.Aging.OK,
        "RMA-0000002": leads.Aging.DUE_SOON,
        held: leads.Aging.BREACHED,
    }
    assert one.items[0].key == held, "oldest first"
    assert by_bench["bench-02"].breached == 1
    assert by_bench["bench-03"].items == ()


def test_list_holds_gives_reasons_rules_and_photos(db: Database) -> None:
    lpn = _unit(
        db,
        hold_state="held",
        decided_at=None,
        escalations=[
            {
                "code": "weight_out_of_tolerance",
                "rule": "escalation.weight",
                "explanation": "Measured 94 g against 235 g",
            }
        ],
        photos=[{"slot": "front", "sha256": "ab" * 32}],
    )
    _unit(db)  # not held
    holds = leads.list_holds(db, now=NOW)
    assert [h.lpn for h in holds] == [lpn]
    assert holds[0].reasons == ("Measured 94 g against 235 g",)
    assert holds[0].rules == ("escalation.weight",)
    assert holds[0].photos == ("ab" * 32,)


def test_kpis_over_the_design_list(db: Database) -> None:
    _sku(db, "SKU-1", value_cents=10_000, supplier="Acme")
    _sku(db, "SKU-2", value_cents=5_000, supplier="Bolt")
    for i in range(6):
        _rma(db, f"RMA-000010{i}", reason="no_longer_needed")
        _unit(db, rma=f"RMA-000010{i}")  # automatic restock, 1 h from receipt to decision
    _rma(db, "RMA-0000200", reason="wrong_item", sku="SKU-2")
    _unit(
        db,
        rma="RMA-0000200",
        sku="SKU-2",
        final_disposition="donate",
        automatic=False,
        override_reason="charity",
        refund_kind="store_credit",
        weight_g=2000.0,
        escalations=[{"code": "weight_out_of_tolerance"}],
        damage_codes=["USED"],
        grade="C",
    )
    _unit(
        db,
        sku="SKU-2",
        final_disposition="write_off",
        automatic=False,
        grade="X",
        damage_codes=["PHYSICAL_DAMAGE"],
        refund_kind="deny",
        weight_g=500.0,
    )
    _unit(db, decided_at=NOW - timedelta(days=3))  # outside the window
    report = leads.kpis(db, NOW - timedelta(hours=24), now=NOW)
    assert report.units == 8
    k = {x.key: x.value for x in report.kpis}
    assert k["restock_rate"] == pytest.approx(6 / 8)
    assert k["automatic_rate"] == pytest.approx(6 / 8)
    assert k["override_rate"] == pytest.approx(1 / 8)
    assert k["escalation_rate"] == pytest.approx(1 / 8)
    assert k["weight_mismatch_rate"] == pytest.approx(1 / 8)
    assert k["damaged_share"] == pytest.approx(2 / 8)
    assert k["unsellable_share"] == pytest.approx(1 / 8)
    assert k["receipt_to_decision_h"] == pytest.approx(1.0)
    assert k["units_per_hour"] == pytest.approx(8.0)  # all decided within one clock hour
    assert k["refund_share"] == pytest.approx(6 / 7)
    assert k["recovered_value"] == pytest.approx(600.0)  # 6 restocked x 100.00, donate 0
    assert k["kg_diverted"] == pytest.approx(6 + 2)  # write-off goes to landfill
    assert report.disposition_mix == {"restock": 6, "donate": 1, "write_off": 1}
    assert report.kpi("automatic_rate").on_target is True  # 75% against the 60% pilot
    assert report.flagged_skus == ("SKU-2",)  # wrong_item: 1 of 8 units, above 2%
    assert any(c.flagged and c.key == "SKU-2" for c in report.reasons_by_sku)
    assert {t.who for t in report.throughput} == {"bench-01", "B1001"}
    rows = report.csv_rows()
    assert rows[0] == ["section", "key", "value", "unit", "target", "on_target"]
    assert ["kpi", "restock_rate", "0.75", "%", "0.5", "true"] in rows


def test_kpis_without_units_have_no_values(db: Database) -> None:
    report = leads.kpis(db, NOW - timedelta(hours=24), now=NOW)
    assert report.units == 0
    assert all(k.value is None and k.on_target is None for k in report.kpis)


def test_bench_queue_lists_the_oldest_waiting_rmas_of_one_bench(db: Database) -> None:
    _rma(db, "RMA-0000001", bench="bench-01", age=timedelta(hours=30))
    _rma(db, "RMA-0000002", bench="bench-01", age=timedelta(hours=2))
    _rma(db, "RMA-0000003", bench="bench-01", age=timedelta(hours=1))
    _rma(db, "RMA-0000004", bench="bench-02")
    _rma(db, "RMA-0000005", bench="bench-01")
    _unit(db, rma="RMA-0000005")
    queue = leads.bench_queue(db, "bench-01", now=NOW, limit=2)
    assert queue.waiting == 3
    assert [i.key for i in queue.items] == ["RMA-0000001", "RMA-0000002"]
    assert queue.items[0].aging is leads.Aging.BREACHED and queue.breached == 1
    assert leads.bench_queue(db, "bench-01", now=NOW, cap=2).waiting == 2
