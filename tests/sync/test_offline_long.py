"""Thirty hours without the network, 10,000 mutations queued, then the hub comes back.

One station and one sync client run through the whole outage, as at the bench: the fault
proxy drops every request for 30 station-clock hours while the bench commits units, and a
lead's reassignment and a malformed mutation sit in the middle of the queue. Meanwhile the
hub moves on (an RMA reassigned away from this bench, the lead demoted, new RMAs, the change
log pruned past the station's cursor). When the network returns the queue drains: the hub
holds exactly the station's committed units, each once; the two rejections are dead letters
on the hub and rejected rows at the station, with the same reason; the station gets a
snapshot of what it missed.

The first and last 250 units go through the real workflow (scans, checklist, photos,
confirm); the 9,498 between are copies of a real unit written by the workflow's own calls
(``tests.sync.bench.commit_like_the_bench``), since 10,000 inspections at ~10 ms each would
not fit a test run. The station clock is a :class:`~tests.sync.bench.StationClock` handed to
the workflow, ``station.leads.reassign`` and the sync client; nothing touches the real time.

The refused reassignment has a test of its own, without the snapshot that would hide a
stale copy: every bench ends with the hub's assignment, not the move the hub refused.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import func, select

from station import audit, leads
from station.storage import repo
from station.storage.db import Database
from station.storage.models import OutboxRow, PhotoRow, RmaRow
from station.storage.models import UnitRow as StationUnitRow
from station.workflow import UnitRecord
from sync import local
from sync.client import SyncClient, SyncStatus
from sync.hub import service
from sync.hub.models import CounterRow, MutationRow
from sync.hub.models import UnitRow as HubUnitRow
from tests.support import photos
from tests.sync.bench import (
    INSPECTOR,
    LEAD,
    Bench,
    StationClock,
    commit_like_the_bench,
    seed_hub,
    station_config,
)
from tests.sync.faultproxy import PASS, Fault, FaultProxy
from tests.sync.support import (
    HubThread,
    admin_headers,
    assert_hub_matches,
    catalog_csv,
    commit_poison,
    enroll_station,
    gtin13,
    rmas_csv,
)

STATION = "bench-30h"
QUEUED = 10_000  # mutations: 9,998 units, a refused reassignment and a malformed payload
INSPECTED = 250  # real inspections at each end of the outage
OUTAGE = timedelta(hours=30)
STEP = OUTAGE / QUEUED  # one mutation every 10.8 s of station time
SKUS = 5
CONFLICT_RMA = "RMA-0000007"  # reassigned to another bench on the hub during the outage
REASSIGNED_RMA = "RMA-0000015"  # the lead at this bench moves it while offline


class StatusLog:
    """Every status the client publishes, with the monotonic time it arrived."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, SyncStatus]] = []
        self._changed = threading.Condition()

    def __call__(self, status: SyncStatus) -> None:
        with self._changed:
            self.seen.append((time.monotonic(), status))
            self._changed.notify_all()

    def wait_for(
        self, predicate: Callable[[SyncStatus], bool], timeout_s: float, *, after: float = 0.0
    ) -> SyncStatus:
        """The first status published at or after ``after`` that matches (bounded wait)."""

        def found() -> SyncStatus | None:
            return next((s for t, s in self.seen if t >= after and predicate(s)), None)

        with self._changed:
            assert self._changed.wait_for(lambda: found() is not None, timeout_s), self.seen[-3:]
            status = found()
        assert status is not None
        return status

    def first_time(self, predicate: Callable[[SyncStatus], bool], *, after: float) -> float:
        with self._changed:
            return next(t for t, s in self.seen if t >= after and predicate(s))

    def since(self, moment: float) -> Iterator[SyncStatus]:
        with self._changed:
            return iter([s for t, s in self.seen if t >= moment])


def _aware(moment: datetime) -> datetime:
    """SQLite hands times back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _inspect(bench: Bench, count: int, first: int) -> list[UnitRecord]:
    """``count`` real inspections, one RMA after the other (the conflict one among them)."""
    records = []
    for n in range(first, first + count):
        rma = n % 10
        records.append(bench.inspect(f"RMA-{rma:07d}", gtin13(rma % SKUS)))
        bench.clock.advance(STEP)
    return records


def test_thirty_hours_offline_with_10000_queued_then_drained_exactly_once(
    tmp_path: Path,
    hub: HubThread,
    stations: Callable[[str], Database],
    clients: Callable[..., SyncClient],
) -> None:
    started = time.monotonic()
    seed_hub(hub.db, catalog=catalog_csv(SKUS), rmas=rmas_csv(20, skus=SKUS))
    for n in range(20):
        service.reassign(hub.db, f"RMA-{n:07d}", STATION)
    db = stations(STATION)
    config = station_config(tmp_path / "home", STATION, 30)
    token = enroll_station(hub.db, hub.url, STATION)
    clock = StationClock(datetime.now(UTC))
    outage_began = clock.now()
    log = StatusLog()

    with FaultProxy(hub.port) as proxy:
        client = clients(
            db, proxy.url, token, STATION, on_status=log, now=clock.now, write_gate=db.write_lock
        )
        client.start()
        ready = log.wait_for(lambda s: s.online and s.cursor > 0, 20)
        assert ready.pending == 0 and not ready.last_error
        with db.sessions() as session:
            assert session.scalar(select(func.count()).select_from(RmaRow)) == 20
            lead = repo.find_operator(session, LEAD[0])
        assert lead is not None

        # The network goes. Meanwhile the hub moves on: one of this bench's RMAs goes to
        # another bench, and the lead loses the lead role.
        cut = time.monotonic()
        proxy.default = Fault("drop_request")
        log.wait_for(lambda s: not s.online, 20, after=cut)
        service.reassign(hub.db, CONFLICT_RMA, "bench-02")
        service.import_operators(
            hub.db, f"badge,name,role,pin\n{LEAD[0]},Lee,inspector,{LEAD[1]}\n"
        )

        bench = Bench(db, config, clock, photos(tmp_path / "camera", 4))
        bench.login(*INSPECTOR)
        inspected = _inspect(bench, INSPECTED, 1)
        assert {r.rma for r in inspected} >= {CONFLICT_RMA}
        template = inspected[0]
        assert not template.held and template.disposition == "restock", template
        # A scale that reads 300 g light: the unit waits on the hold shelf for a lead.
        held = bench.inspect("RMA-0000003", gtin13(3), weight_g=900.0)
        assert held.held
        clock.advance(STEP)
        half = QUEUED // 2 - INSPECTED - 2
        commit_like_the_bench(db, config, template, half, clock=clock, step=STEP)
        # The lead, still a lead as far as this bench knows, moves an RMA while offline.
        leads.reassign(db, REASSIGNED_RMA, "bench-05", lead[0], station=STATION, now=clock.now())
        clock.advance(STEP)
        planted = {QUEUED // 2, QUEUED // 2 + 1}  # that reassignment, and a garbled unit
        assert commit_poison(db, STATION) == QUEUED // 2 + 1
        clock.advance(STEP)
        rest = QUEUED - max(planted) - INSPECTED
        commit_like_the_bench(db, config, template, rest, clock=clock, step=STEP)
        inspected += _inspect(bench, INSPECTED, INSPECTED + 1)
        assert clock.now() - outage_began == OUTAGE

        offline = log.wait_for(
            lambda s: (
                s.pending == QUEUED and (s.oldest_pending_age_s or 0) >= OUTAGE.total_seconds()
            ),
            20,
        )
        assert not offline.online and "unreachable" in offline.last_error
        assert offline.oldest_pending_age_s == OUTAGE.total_seconds()
        assert not offline.watchdog  # the bench shows "offline", not a stuck queue
        assert offline.rejected == 0 and offline.photos_pending == 4

        # More of the hub moving on: new RMAs, one for this bench; then the change log is
        # pruned past the station's cursor.
        service.import_rmas(hub.db, rmas_csv(3, start=100, skus=SKUS))
        service.reassign(hub.db, "RMA-0000101", STATION)
        assert service.prune_changes(hub.db, keep=timedelta(seconds=-1)) > 0

        # The network returns; the same client, on its own timer, drains the queue.
        back = time.monotonic()
        proxy.default = PASS
        done = log.wait_for(
            lambda s: s.online and s.pending == 0 and s.photos_pending == 0 and s.cursor > 0,
            60,
            after=back,
        )
        drained_s = log.first_time(lambda s: s.online and s.pending == 0, after=back) - back
        draining = [s for s in log.since(back) if s.online and s.pending]
        client.stop()
    with hub.db.read() as session:
        head = session.get(CounterRow, "change_seq")
        assert head is not None
    with db.sessions() as session:
        assert local.read_cursor(session) == (head.value, False)
    print(
        f"\n30 h offline: {QUEUED} queued mutations drained in {drained_s:.2f} s after the "
        f"network returned; whole test {time.monotonic() - started:.1f} s"
    )
    # While the 30-hour-old queue drains, online, the watchdog is up; then it clears.
    assert draining and all(s.watchdog for s in draining)
    assert done.rejected == 2 and not done.watchdog and done.last_push_at == clock.now()

    # Exactly the station's committed units, each once; rejections on both sides.
    assert_hub_matches(hub.db, db, STATION)
    with db.sessions() as session:
        station_lpns = set(session.scalars(select(StationUnitRow.lpn)))
        rejected = {r.mutation_id: r.reason for r in local.rejected_mutations(session)}
        flags = dict(
            session.execute(
                select(OutboxRow.mutation_id, OutboxRow.result).where(
                    OutboxRow.state == "applied", OutboxRow.result != ""
                )
            ).all()
        )
        local_rmas = dict(session.execute(select(RmaRow.rma, RmaRow.assigned_bench)).all())
        assert session.scalar(select(func.count()).where(PhotoRow.uploaded.is_(False))) == 0
        assert audit.verify(session) is None  # the bench's own trail is whole, fillers too
    assert len(station_lpns) == QUEUED - len(planted)
    headers = admin_headers(hub.db)
    fed: list[str] = []
    since: int = 0
    for _page in range(QUEUED // 1000 + 2):  # bounded: the feed in pages of 1,000
        page = requests.get(
            f"{hub.url}/v1/units",
            params={"since": str(since), "station": STATION, "limit": "1000"},
            headers=headers,
            timeout=30,
        ).json()
        fed += [u["lpn"] for u in page["units"]]
        since = int(page["next"])
        if not page["has_more"]:
            break
    assert len(fed) == len(set(fed)) == len(station_lpns) and set(fed) == station_lpns
    dead = requests.get(
        f"{hub.url}/v1/dead-letters", params={"station": STATION}, headers=headers, timeout=30
    ).json()
    assert {d["mutation_id"]: d["reason"] for d in dead} == rejected
    assert set(rejected) == planted
    assert "not a lead" in rejected[QUEUED // 2]

    with hub.db.read() as session:
        hub_flags = dict(
            session.execute(
                select(HubUnitRow.lpn, HubUnitRow.review_flag).where(HubUnitRow.review_flag != "")
            ).all()
        )
        hold_states = dict(session.execute(select(HubUnitRow.lpn, HubUnitRow.hold_state)).all())
        first = session.get(MutationRow, (STATION, 1))
        assert first is not None
    # The inspections of the RMA moved away meanwhile: kept and flagged, on both sides.
    conflicted = {r.lpn for r in inspected if r.rma == CONFLICT_RMA}
    assert set(hub_flags) == conflicted and all("bench-02" in f for f in hub_flags.values())
    assert sorted(flags.values()) == sorted(hub_flags.values())
    assert hold_states[held.lpn] == "held"
    # The hub keeps the bench's time as sent, and stamps its own.
    sent_at = first.station_created_at
    assert sent_at is not None and _aware(sent_at) == outage_began
    assert abs(_aware(first.applied_at) - datetime.now(UTC)) < timedelta(minutes=5)

    # The snapshot brought what the station missed, and undid the refused reassignment.
    assert local_rmas[CONFLICT_RMA] == "bench-02"
    assert local_rmas[REASSIGNED_RMA] == STATION
    assert local_rmas["RMA-0000101"] == STATION and len(local_rmas) == 23

    # Another round finds nothing to send: each mutation went once.
    tally = clients(db, hub.url, token, STATION).push_once()
    assert (tally.applied, tally.duplicates, tally.rejected) == (0, 0, 0)
    with hub.db.read() as session:
        recorded = session.scalar(
            select(func.count()).select_from(MutationRow).where(MutationRow.station == STATION)
        )
    assert recorded == QUEUED


def test_a_reassignment_the_hub_refuses_is_undone_at_every_bench(
    hub: HubThread, stations: Callable[[str], Database], clients: Callable[..., SyncClient]
) -> None:
    """A lead moved an RMA offline, but the hub has since taken the lead role away."""
    seed_hub(hub.db, catalog=catalog_csv(1), rmas=rmas_csv(2, skus=1))
    rma = "RMA-0000001"
    service.reassign(hub.db, rma, STATION)
    benches = {name: stations(name) for name in (STATION, "bench-05")}
    syncs = {
        name: clients(db, hub.url, enroll_station(hub.db, hub.url, name), name)
        for name, db in benches.items()
    }
    for client in syncs.values():
        client.pull_once()
    with benches[STATION].sessions() as session:
        lead = repo.find_operator(session, LEAD[0])
    assert lead is not None
    service.import_operators(hub.db, f"badge,name,role,pin\n{LEAD[0]},Lee,inspector,{LEAD[1]}\n")
    leads.reassign(benches[STATION], rma, "bench-05", lead[0], station=STATION)
    tally = syncs[STATION].push_once()
    assert (tally.applied, tally.rejected) == (0, 1)
    for client in syncs.values():
        client.pull_once()

    (dead,) = service.dead_letters(hub.db, station=STATION, limit=10)
    for name, db in benches.items():
        with db.sessions() as session:
            here = session.scalar(select(RmaRow.assigned_bench).where(RmaRow.rma == rma))
            assert here == STATION, f"{name} shows {rma} at {here}; the hub kept it at {STATION}"
    with benches[STATION].sessions() as session:
        (refused,) = local.rejected_mutations(session)
    assert (refused.mutation_id, refused.reason) == (dead.mutation_id, dead.reason)
    assert "not a lead" in dead.reason
