"""Core benchmark: 1,000,000 RMAs and 200,000 SKUs local; identify-by-scan and unit commit.

Run: ``pytest -m benchmark -s tests/benchmarks/test_core_bench.py`` (set BENCH_RMAS / BENCH_SKUS
for a smaller run). Prints figures; asserts only correctness, never timing.
"""

from __future__ import annotations

import contextlib
import os
import random
import statistics
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from station.config import StationConfig
from station.demo import generate_large
from station.events import Answer, Cancel, Confirm, Login, Photo, Scan, Weight
from station.importer import import_files
from station.policy import Policy
from station.storage.db import Database
from station.storage.models import RmaLineRow, RmaRow
from station.workflow import BenchSession, Step, UnitRecord
from tests.support import photos

pytestmark = pytest.mark.benchmark

RMAS = int(os.environ.get("BENCH_RMAS", "1000000"))
SKUS = int(os.environ.get("BENCH_SKUS", "200000"))


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def _report(name: str, samples: list[float]) -> None:
    ms = [s * 1000 for s in samples]
    print(
        f"{name}: n={len(ms)} p50={statistics.median(ms):.3f} ms "
        f"p99={_pct(ms, 0.99):.3f} ms max={max(ms):.3f} ms"
    )


def test_identify_and_commit_with_a_million_rmas(
    db: Database, config: StationConfig, tmp_path: Path
) -> None:
    t0 = time.perf_counter()
    files = generate_large(tmp_path / "large", skus=SKUS, rmas=RMAS, today=date.today())
    t1 = time.perf_counter()
    with db.transaction() as session:
        summary = import_files(
            session, catalog=files.catalog, rmas=files.rmas, operators=files.operators
        )
    t2 = time.perf_counter()
    print(
        f"\ngenerate {RMAS} RMAs / {SKUS} SKUs: {t1 - t0:.1f} s; "
        f"import: {t2 - t1:.1f} s ({summary.rmas} RMAs, {summary.rma_lines} lines, "
        f"{summary.skus} SKUs)"
    )
    assert summary.rmas == RMAS and summary.skus == SKUS

    rng = random.Random(1)
    with db.sessions() as s:
        single = (
            s.execute(
                select(RmaRow.rma)
                .join(RmaLineRow, RmaLineRow.rma == RmaRow.rma)
                .where(RmaLineRow.serial == "")
                .limit(20000)
            )
            .scalars()
            .all()
        )
    sample = rng.sample(list(dict.fromkeys(single)), 1000)
    bench = BenchSession(db, Policy.default(), config)
    bench.handle(Login("B1001", "1234"))
    assert bench.state.step is Step.IDENTIFY

    identify: list[float] = []
    for number in sample:
        start = time.perf_counter()
        bench.handle(Scan(f"]C1{number}"))
        identify.append(time.perf_counter() - start)
        assert bench.state.step is Step.VERIFY, bench.state.error
        bench.handle(Cancel())
    _report("identify by scan (RMA, 1M local)", identify)

    shot = photos(tmp_path / "cam", 1)[0]
    commit: list[float] = []
    transactions: list[float] = []
    plain_transaction = db.transaction

    @contextlib.contextmanager
    def timed_transaction() -> Iterator[Session]:
        start = time.perf_counter()
        with plain_transaction() as session:
            yield session
        transactions.append(time.perf_counter() - start)

    db.transaction = timed_transaction  # type: ignore[method-assign]
    in_commit: list[float] = []
    for number in sample[:500]:
        bench.handle(Scan(number))
        bench.handle(Confirm())
        unit = bench.state.unit
        if unit is None or unit.sku is None:
            continue
        if unit.sku.weight_g is not None:
            bench.handle(Weight(unit.sku.weight_g, True))
        while bench.state.step is Step.GRADE and bench.state.question is not None:
            q = bench.state.question
            bench.handle(Answer(q.id, q.options[0] if q.options else "Y"))
        while bench.state.step is Step.PHOTOS:
            bench.handle(Photo(str(shot)))
        assert bench.state.step in (Step.DISPOSITION, Step.HOLD), bench.state
        if bench.state.step is Step.DISPOSITION and bench.state.escalations:
            bench.handle(Confirm())  # to the hold step; the next Enter parks it
        transactions.clear()
        start = time.perf_counter()
        out = bench.handle(Confirm())
        commit.append(time.perf_counter() - start)
        in_commit.extend(transactions)
        assert any(isinstance(o, UnitRecord) for o in out), bench.state
    _report("commit transaction (unit + audit + outbox + print job, fsync)", in_commit)
    _report("confirm to ready-for-next-scan (assess, label render, commit)", commit)
