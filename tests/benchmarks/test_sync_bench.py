"""Sync benchmarks (DESIGN §7): drain 10,000 mutations, apply 100,000 pulled changes while a
bench commits, and a lead's reassignment reaching the target bench. Prints figures only.

Run: ``pytest -m benchmark -s tests/benchmarks/test_sync_bench.py``
"""

from __future__ import annotations

import gc
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from station import outbox
from station.storage.db import Database
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
        client = SyncClient(
            db.engine, hub.url, token, "bench-01", batch_size=500, write_gate=db.write_lock
        )
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


class _BenchLoad:
    """What the bench does while sync pulls: small commits through ``db.transaction()``
    (which takes ``db.write_lock``, the gate the applier shares), and a GUI-like thread
    whose 5 ms ticks show how long the interpreter is kept from it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.commits: list[float] = []
        self.tick_lateness: list[float] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._commit, name="bench-commits"),
            threading.Thread(target=self._tick, name="bench-gui"),
        ]

    def _commit(self) -> None:
        n = 0
        while not self._stop.is_set():
            started = time.perf_counter()
            with self.db.transaction() as session:
                session.merge(SyncStateRow(key=f"bench-{n % 10}", value=str(n)))
                outbox.enqueue(session, "bench.tick", {"n": n})
            self.commits.append(time.perf_counter() - started)
            n += 1
            self._stop.wait(0.005)

    def _tick(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            self._stop.wait(0.005)
            self.tick_lateness.append(time.perf_counter() - started - 0.005)

    def __enter__(self) -> _BenchLoad:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(30)

    def figures(self) -> str:
        c, t = self.commits, self.tick_lateness
        return (
            f"{len(c)} commits, p50 {_pct(c, 0.5) * 1000:.1f} ms, p99 {_pct(c, 0.99) * 1000:.1f} "
            f"ms, max {max(c) * 1000:.1f} ms; 5 ms tick late p99 {_pct(t, 0.99) * 1000:.1f} ms, "
            f"max {max(t) * 1000:.1f} ms"
        )


@pytest.fixture(scope="module")
def hub_with_100000_changes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hub database whose change log holds 50 SKUs and 99,950 RMAs (built once)."""
    path = tmp_path_factory.mktemp("hub100k") / "hub.db"
    hub_db = HubDatabase(f"sqlite:///{path}")
    service.import_catalog(hub_db, catalog_csv(50))
    for start in range(0, 99_950, 20_000):
        with hub_db.write() as session:
            service.upsert_reference(
                session, "rma", _rma_payloads(start, min(20_000, 99_950 - start))
            )
    hub_db.close()
    yield f"sqlite:///{path}"


class _GcPauses:
    """Longest garbage-collector pauses (each stops every thread of the process)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))

    def __enter__(self) -> _GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def figures(self) -> str:
        full = [d for g, d in self.pauses if g == 2]
        longest = max((d for _g, d in self.pauses), default=0.0)
        return (
            f"{len(full)} full collections ({sum(full) * 1000:.0f} ms), longest pause "
            f"{longest * 1000:.1f} ms"
        )


@pytest.mark.parametrize("frozen", [False, True], ids=["gc-as-is", "gc-frozen"])
def test_apply_100000_pulled_changes_while_the_bench_commits(
    tmp_path: Path, hub_with_100000_changes: str, frozen: bool
) -> None:
    """``gc-frozen`` calls gc.freeze() before the pull, as an app would after start-up: full
    collections then skip the objects made at start-up (on this VM a full collection of
    the ~120,000 objects of a test process takes ~90 ms and stops every thread)."""
    station = "bench-frozen" if frozen else "bench-01"
    hub_db = HubDatabase(hub_with_100000_changes)
    with HubProcess(hub_with_100000_changes) as hub:
        db = open_station(tmp_path / "bench.db")
        token = enroll_station(hub_db, hub.url, station)
        # As the app does (sync.commands.make_client): the applier shares db.write_lock.
        client = SyncClient(db.engine, hub.url, token, station, write_gate=db.write_lock)
        with _BenchLoad(db) as idle:
            time.sleep(2.0)
        if frozen:
            gc.collect()
            gc.freeze()
        try:
            with _GcPauses() as pauses, _BenchLoad(db) as load:
                started = time.perf_counter()
                applied = client.pull_once()
                took = time.perf_counter() - started
        finally:
            gc.unfreeze()
        client.stop()
        assert applied == 100_000
        with db.sessions() as session:
            assert session.scalar(select(RmaRow.rma).where(RmaRow.rma == "RMA-0099949"))
        db.close()
    hub_db.close()
    applier = client.applier
    print(f"\n[{'gc.freeze() before the pull' if frozen else 'garbage collector as is'}]")
    print(
        f"sync pull: 100,000 changes applied in {took:.2f} s ({applied / took:,.0f}/s; "
        "target < 10 s)"
    )
    print(f"bench, no pull (2 s):  {idle.figures()}")
    print(f"bench, during pull:    {load.figures()} (target < 50 ms)")
    print(
        f"sync transactions {applier.transactions}, longest hold "
        f"{applier.longest_transaction_s * 1000:.1f} ms; WAL checkpoints {applier.checkpoints}, "
        f"longest {applier.longest_checkpoint_s * 1000:.1f} ms (outside the gate)"
    )
    print(f"garbage collector during pull: {pauses.figures()}")


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
            client = SyncClient(
                db.engine, hub.url, token, name, pull_wait_s=2.0, write_gate=db.write_lock
            )
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
