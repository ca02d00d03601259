"""Days without the network, and station clocks that are wrong.

- 30 hours offline with 10,000 units queued (and a poison mutation among them) while the hub
  moves on (new RMAs, a reassignment to this bench, the change log pruned past the station's
  cursor): when the network returns the queue drains exactly once, the rejection is
  visible on both sides and the station gets a snapshot of what it missed.
- The station clock a day ahead or behind: the hub orders, accepts, flags and pages exactly
  as for a station with the right time. Client times are stored (``received_at``,
  ``decided_at``) but the hub's order is the per-station mutation id and its own feed
  sequence, and its timestamps are its own.

What the bench clock does decide, on purpose: the return window is counted from the
delivery date to the bench's receipt date, so a bench a day off can move a unit across the
30-day edge. That is a policy input at the bench, not a sync decision; it is not tested here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select, update

from station import leads, outbox
from station.domain import Operator, Role
from station.storage.db import Database
from station.storage.models import OutboxRow, RmaRow, UnitRow
from sync import local
from sync.client import SyncClient, SyncStatus
from sync.hub import service
from sync.hub.models import DeadLetterRow, MutationRow
from sync.hub.models import UnitRow as HubUnitRow
from tests.sync.support import (
    HubThread,
    admin_headers,
    assert_hub_matches,
    catalog_csv,
    commit_poison,
    commit_units_fast,
    enroll_station,
    free_port,
    open_station,
    rmas_csv,
    station_lpn,
    unit_payload,
)

QUEUED = 10_000


def _import(hub: HubThread, kind: str, text: str) -> None:
    response = requests.post(
        f"{hub.url}/v1/import/{kind}",
        data=text.encode(),
        headers=admin_headers(hub.db) | {"Content-Type": "text/csv"},
        timeout=30,
    )
    assert response.status_code == 200, response.text


def _wait_status(
    client: SyncClient, predicate: Callable[[SyncStatus], bool], timeout: float
) -> SyncStatus:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.status
        if predicate(status):
            return status
        time.sleep(0.05)
    raise AssertionError(f"sync status never got there: {client.status}")


def test_thirty_hours_offline_with_10000_queued_then_drained_exactly_once(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
) -> None:
    _import(hub, "catalog", catalog_csv(5))
    _import(hub, "rmas", rmas_csv(5, skus=5))
    db, token = enrolled("bench-30h")
    lead_db, lead_token = enrolled("bench-lead")
    first = clients(db, hub.url, token, "bench-30h")
    assert first.pull_once() == 10
    lead = clients(lead_db, hub.url, lead_token, "bench-lead")
    lead.pull_once()

    # The network goes: the station keeps committing units, the poison one among them.
    dead = clients(db, f"http://127.0.0.1:{free_port()}", token, "bench-30h")
    dead.start()
    commit_units_fast(db, "bench-30h", QUEUED // 2)
    poison = commit_poison(db, "bench-30h")
    commit_units_fast(db, "bench-30h", QUEUED // 2, start=QUEUED // 2 + 1)
    # Thirty hours pass: the units were committed over the outage, the first 30 h ago,
    # one every 10 s (the station clock is right; time really passed).
    outage_start = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=30)
    with db.transaction() as session:
        ids = list(
            session.scalars(
                select(OutboxRow.mutation_id)
                .where(OutboxRow.state == "pending")
                .order_by(OutboxRow.mutation_id)
            )
        )
        session.execute(
            update(OutboxRow),
            [
                {"mutation_id": row_id, "created_at": outage_start + timedelta(seconds=10 * i)}
                for i, row_id in enumerate(ids)
            ],
        )
    dead.wake()
    offline = _wait_status(
        dead,
        lambda s: (
            not s.online and s.pending == QUEUED + 1 and (s.oldest_pending_age_s or 0) >= 30 * 3600
        ),
        20,
    )
    assert not offline.watchdog  # offline: the bench shows "offline", not a stuck queue
    dead.stop()

    # Meanwhile the hub moves on: new RMAs, a lead reassigns one to this bench, and the
    # change log is pruned past the station's cursor.
    _import(hub, "rmas", rmas_csv(3, start=100, skus=5))
    lead_badge = Operator(badge="L1", name="Lee", role=Role.LEAD)
    _import(hub, "operators", "badge,name,role,pin\nL1,Lee,lead,4321\n")
    lead.pull_once()
    leads.reassign(lead_db, "RMA-0000101", "bench-30h", lead_badge, station="bench-lead")
    assert lead.push_once().applied == 1
    assert service.prune_changes(hub.db, keep=timedelta(seconds=-1)) > 0

    # The network returns.
    started = time.monotonic()
    back = clients(db, hub.url, token, "bench-30h", batch_size=500)
    back.start()
    done = _wait_status(back, lambda s: s.online and s.pending == 0 and s.cursor > 0, 120)
    drained_s = time.monotonic() - started
    back.stop()
    assert done.rejected == 1 and not done.watchdog
    print(f"\n30 h offline: {QUEUED + 1} queued mutations drained in {drained_s:.1f} s")

    assert_hub_matches(hub.db, db, "bench-30h")
    with hub.db.read() as session:
        held = session.scalar(
            select(func.count()).select_from(HubUnitRow).where(HubUnitRow.station == "bench-30h")
        )
        assert held == QUEUED
        dead_letters = list(
            session.scalars(
                select(DeadLetterRow.mutation_id).where(DeadLetterRow.station == "bench-30h")
            )
        )
        assert dead_letters == [poison]
    with db.sessions() as session:
        rejected = local.rejected_mutations(session)
        assert [r.mutation_id for r in rejected] == [poison] and rejected[0].reason
        # The snapshot brought what the station missed, reassignment included.
        assigned = session.scalar(select(RmaRow.assigned_bench).where(RmaRow.rma == "RMA-0000101"))
        assert assigned == "bench-30h"
        assert session.scalar(select(func.count()).select_from(RmaRow)) == 8

    # A second drain finds nothing to send: each mutation went once.
    again = clients(db, hub.url, token, "bench-30h")
    tally = again.push_once()
    assert (tally.applied, tally.duplicates, tally.rejected) == (0, 0, 0)
    with hub.db.read() as session:
        mutations = session.scalar(
            select(func.count()).select_from(MutationRow).where(MutationRow.station == "bench-30h")
        )
    assert mutations == QUEUED + 1


# -- station clocks ----------------------------------------------------------------------


def _commit_at(db: Database, station: str, n: int, *, at: datetime, rma: str | None) -> None:
    """A unit as the bench commits it, with the bench's clock reading ``at``."""
    lpn = station_lpn("bench", n)  # the same LPNs on every station: results comparable
    with db.transaction() as session:
        session.add(
            UnitRow(
                lpn=lpn,
                rma=rma,
                sku="SKU-000001",
                operator="B100",
                station=station,
                received_at=at,
            )
        )
        row = outbox.enqueue(
            session,
            "unit.completed",
            {"station": station, "unit": unit_payload(station, lpn, rma=rma, received=at)},
        )
        row.created_at = at.replace(tzinfo=None)


def _run_station(
    tmp_path: Path, clients: Callable[..., SyncClient], offset: timedelta
) -> dict[str, Any]:
    """One bench's morning against its own hub, its clock ``offset`` off; what both end with."""
    station = "bench-01"
    with HubThread(f"sqlite:///{tmp_path / 'hub.db'}") as hub:
        _import(hub, "catalog", catalog_csv(3))
        _import(hub, "rmas", rmas_csv(6, skus=3))
        service.reassign(hub.db, "RMA-0000002", station)
        db = open_station(tmp_path / "station.db")
        token = enroll_station(hub.db, hub.url, station)
        client = clients(db, hub.url, token, station, batch_size=3)
        pulled_before = client.pull_once()
        now = datetime.now(UTC) + offset
        # A lead moves RMA-0000002 to another bench while this one works on it.
        service.reassign(hub.db, "RMA-0000002", "bench-02")
        for n in range(1, 6):
            _commit_at(db, station, n, at=now + timedelta(minutes=n), rma=f"RMA-{n:07d}")
        # The bench's clock jumps back an hour mid-shift (an NTP correction): later units
        # carry earlier times than the ones before them.
        for n in range(6, 9):
            _commit_at(db, station, n, at=now - timedelta(hours=1, minutes=n), rma=None)
        with db.transaction() as session:
            outbox.enqueue(session, "unit.completed", {"station": station, "unit": {"lpn": "X"}})
        tally = client.push_once()
        pulled_after = client.pull_once()
        page = service.units_page(hub.db, since=0, station=station, limit=100)
        with hub.db.read() as session:
            statuses = list(
                session.execute(
                    select(MutationRow.mutation_id, MutationRow.status)
                    .where(MutationRow.station == station)
                    .order_by(MutationRow.mutation_id)
                ).all()
            )
            received = list(session.scalars(select(HubUnitRow.hub_received_at)))
            dead = list(session.scalars(select(DeadLetterRow.mutation_id)))
        with db.sessions() as session:
            local_rma = session.scalar(
                select(RmaRow.assigned_bench).where(RmaRow.rma == "RMA-0000002")
            )
            states = dict(
                session.execute(
                    select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
                ).all()
            )
            cursor = local.read_cursor(session)
        db.close()
    hub_now = datetime.now(UTC)
    for at in received:  # the hub stamps its own time, whatever the bench's clock says
        aware = at if at.tzinfo else at.replace(tzinfo=UTC)
        assert abs((hub_now - aware).total_seconds()) < 120
    # ... and keeps the bench's own times as recorded.
    assert page.units[0].unit["received_at"] == (now + timedelta(minutes=1)).isoformat()
    return {
        "tally": (tally.applied, tally.duplicates, tally.rejected),
        "pulled": (pulled_before, pulled_after),
        "order": [u.lpn for u in page.units],
        "feed": [u.feed_seq for u in page.units],
        "flags": [u.review_flag for u in page.units],
        "statuses": statuses,
        "dead_letters": dead,
        "local_assignment": local_rma,
        "local_states": states,
        "cursor": cursor,
    }


def test_results_are_the_same_with_the_station_clock_a_day_off(
    tmp_path: Path, clients: Callable[..., SyncClient]
) -> None:
    runs = {}
    for name, offset in (
        ("right", timedelta(0)),
        ("ahead", timedelta(days=1)),
        ("behind", timedelta(days=-1)),
    ):
        folder = tmp_path / name
        folder.mkdir()
        runs[name] = _run_station(folder, clients, offset)
    right = runs["right"]
    assert right["tally"] == (8, 0, 1)
    assert right["order"] == [station_lpn("bench", n) for n in range(1, 9)]
    assert [bool(f) for f in right["flags"]] == [False, True] + [False] * 6
    assert "bench-02" in right["flags"][1]  # the unit for the RMA moved away: kept, flagged
    assert right["local_assignment"] == "bench-02"
    assert right["local_states"] == {"applied": 8, "rejected": 1}
    assert right["dead_letters"] == [9]
    for name in ("ahead", "behind"):
        assert runs[name] == right, name
