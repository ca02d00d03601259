"""Sync benchmarks (DESIGN §7): drain 10,000 mutations, apply 100,000 pulled changes while a
bench commits, and a lead's reassignment reaching the target bench. Prints figures only.

Run: ``pytest -m benchmark -s tests/benchmarks/test_sync_bench.py``
"""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from station import outbox
from station.storage.models import RmaRow, SyncStateRow
from sync.client import SyncClient
from sync.hub import service
from sync.hub.db import HubDatabase
from tests.sync.support import (
    HubProcess,
    HubThread,
    assert_hub_matches,
    catalog_csv,
    commit_units_fast,
    enroll_station,
    open_station,
)

pytestmark = pytest.mark.benchmark


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def test_drain_10000_queued_mutations(tmp_path: Path) -> None:
    hub_url = f"sqlite:///{tmp_path / 'hub.db'}"
    hub_db = HubDatabase(hub_url)
    with HubProcess(hub_url) as hub:
        db = open_station(tmp_path / "bench.db")
        token = enroll_station(hub_db, hub.url, "bench-01")
        commit_units_fast(db, "bench-01", 10_000)
        client = SyncClient(db.engine, hub.url, token, "bench-01", batch_size=500)
        started = time.perf_counter()
        tally = client.push_once()
        took = time.perf_counter() - started
        assert tally.applied == 10_000
        assert_hub_matches(hub_db, db, "bench-01")
        db.close()
    hub_db.close()
    print(f"\nsync drain: 10,000 mutations in {took:.2f} s ({10_000 / took:,.0f}/s; target < 5 s)")


def _rma_payloads(start: int, count: int) -> dict[str, dict[str, object]]:
    return {
        f"RMA-{n:07d}": {
            "rma": f"RMA-{n:07d}",
            "order_number": f"ORD-{n:07d}",
            "tracking": "",
            "channel": "web",
            "customer": f"C{n}",
            "delivered_on": "2026-03-01",
            "reason": "defective",
            "preference": "refund",
            "status": "open",
            "risk_score": 0,
            "assigned_bench": "",
            "lines": [{"sku": f"SKU-{n % 50:06d}", "qty": 1, "serial": ""}],
        }
        for n in range(start, start + count)
    }


@pytest.mark.parametrize("gate", [False, True], ids=["sqlite-lock-only", "shared-write-gate"])
def test_apply_100000_pulled_changes_while_the_bench_commits(tmp_path: Path, gate: bool) -> None:
    hub_url = f"sqlite:///{tmp_path / 'hub.db'}"
    hub_db = HubDatabase(hub_url)
    service.import_catalog(hub_db, catalog_csv(50))
    for start in range(0, 99_950, 20_000):
        with hub_db.write() as session:
            service.upsert_reference(
                session, "rma", _rma_payloads(start, min(20_000, 99_950 - start))
            )
    with HubProcess(hub_url) as hub:
        db = open_station(tmp_path / "bench.db")
        token = enroll_station(hub_db, hub.url, "bench-01")
        write_gate = threading.Lock() if gate else None
        client = SyncClient(
            db.engine, hub.url, token, "bench-01", pull_page=2000, write_gate=write_gate
        )
        stalls: list[float] = []
        stop = threading.Event()

        def bench_commits() -> None:
            # What the bench does: small transactions (a unit's commit is ~3 writes).
            n = 0
            while not stop.is_set():
                started = time.perf_counter()
                with write_gate or contextlib.nullcontext(), db.transaction() as session:
                    session.merge(SyncStateRow(key=f"bench-{n % 10}", value=str(n)))
                    outbox.enqueue(session, "bench.tick", {"n": n})
                stalls.append(time.perf_counter() - started)
                n += 1
                time.sleep(0.005)

        writer = threading.Thread(target=bench_commits)
        writer.start()
        started = time.perf_counter()
        try:
            applied = client.pull_once()
        finally:
            took = time.perf_counter() - started
            stop.set()
            writer.join(30)
        assert applied == 100_000
        with db.sessions() as session:
            assert session.scalar(select(RmaRow.rma).where(RmaRow.rma == "RMA-0099949"))
        db.close()
    hub_db.close()
    print(f"\n[{'shared write gate' if gate else 'SQLite lock only'}]")
    print(
        f"sync pull: 100,000 changes applied in {took:.2f} s ({applied / took:,.0f}/s; "
        "target < 10 s)"
    )
    print(
        f"bench commits during pull: {len(stalls)}, p50 {_pct(stalls, 0.5) * 1000:.1f} ms, "
        f"p99 {_pct(stalls, 0.99) * 1000:.1f} ms, longest {max(stalls) * 1000:.1f} ms "
        "(target < 50 ms)"
    )
    print(
        f"sync transactions {client.applier.transactions}, longest "
        f"{client.applier.longest_transaction_s * 1000:.1f} ms"
    )


def test_reassignment_from_lead_bench_to_target_bench(tmp_path: Path) -> None:
    with HubThread(f"sqlite:///{tmp_path / 'hub.db'}") as hub:
        service.import_catalog(hub.db, catalog_csv(5))
        with hub.db.write() as session:
            service.upsert_reference(session, "rma", _rma_payloads(0, 60))
        service.import_operators(hub.db, "badge,name,role,pin\nL1,Lee,lead,4321\n")
        lead_db = open_station(tmp_path / "lead.db")
        target_db = open_station(tmp_path / "target.db")
        clients: list[SyncClient] = []
        for name, db in (("bench-lead", lead_db), ("bench-07", target_db)):
            token = enroll_station(hub.db, hub.url, name)
            client = SyncClient(db.engine, hub.url, token, name, pull_wait_s=2.0)
            client.pull_once()
            client.start()
            clients.append(client)
        lead = clients[0]
        latencies: list[float] = []
        wait: Callable[[], None] = lambda: time.sleep(0.005)  # noqa: E731
        try:
            for n in range(40):
                rma = f"RMA-{n:07d}"
                started = time.perf_counter()
                with lead_db.transaction() as session:
                    outbox.enqueue(
                        session, "rma.reassigned", {"rma": rma, "bench": "bench-07", "by": "L1"}
                    )
                lead.wake()
                deadline = started + 10
                while time.perf_counter() < deadline:
                    with target_db.sessions() as session:
                        bench = session.scalar(
                            select(RmaRow.assigned_bench).where(RmaRow.rma == rma)
                        )
                    if bench == "bench-07":
                        latencies.append(time.perf_counter() - started)
                        break
                    wait()
        finally:
            for client in clients:
                client.stop()
            lead_db.close()
            target_db.close()
    assert len(latencies) == 40
    print(
        f"\nreassignment lead -> target bench: p50 {statistics.median(latencies) * 1000:.0f} ms,"
        f" p95 {_pct(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
        "(target p95 < 2 s)"
    )
