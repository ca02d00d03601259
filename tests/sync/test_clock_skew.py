"""Station clocks a day off: recorded everywhere, deciding nothing in sync.

What the station clock decides, on purpose, at the bench (DESIGN §2-§3), and sync keeps as the
bench decided it:

- eligibility by the return window: days from the RMA's delivery date to the bench's
  receipt date (``received_at.date()``), so at the 30-day edge a bench a day ahead turns a
  return down that a right clock accepts;
- the refund or credit due date (receipt date + the rule's days), the date on the label,
  and sentences that quote them;
- what a bench only shows: SLA aging on the lead board, and the age of the oldest pending
  mutation (the watchdog), measured by the clock that stamped the rows, so a steady offset
  cancels out and only a jump moves it.

What it does not decide (the hub's order and clock): acceptance, duplicates (uuid and the
per-station mutation id), the order units reach the feed (arrival, ``feed_seq``), the
lead-review flag of an inspection whose RMA moved meanwhile (the hub's assignment when the
mutation is applied), which of two reassignments wins (arrival, not their ``at``), the pull
cursor and pages, and the hub's own stamps (``applied_at``, ``hub_received_at``). The
station's times are stored as sent: a mutation's ``created_at`` as ``station_created_at``,
a unit's ``received_at`` / ``decided_at`` in its record, a reassignment's ``at``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from station import leads
from station.domain import to_jsonable
from station.storage import repo
from station.storage.db import Database
from station.storage.models import OutboxRow, RmaRow
from station.storage.models import UnitRow as StationUnitRow
from station.workflow import UnitRecord
from sync import local
from sync.client import SyncClient
from sync.hub import service
from sync.hub.models import DeadLetterRow, MutationRow, ReferenceRow
from sync.hub.models import UnitRow as HubUnitRow
from tests.support import photos
from tests.sync.bench import LEAD, Bench, StationClock, seed_hub, station_config
from tests.sync.support import (
    RMA_HEADER,
    HubThread,
    catalog_csv,
    commit_poison,
    enroll_station,
    gtin13,
    open_station,
    rmas_csv,
)

A, B = "bench-a", "bench-b"
EDGE, DEFECT = "RMA-0000900", "RMA-0000901"  # delivered 30 days before the right date
DAY = timedelta(days=1)
# Fields of a committed unit that are the bench's decision and do not involve a date.
DECISION = (
    "lpn",
    "rma",
    "sku",
    "grade",
    "disposition",
    "suggested_disposition",
    "automatic",
    "held",
    "hold_state",
    "rule",
    "policy_version",
    "escalations",
    "review_flag",
)


def _aware(moment: datetime) -> datetime:
    """SQLite hands times back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class _Station:
    name: str
    db: Database
    bench: Bench
    client: SyncClient


@contextlib.contextmanager
def _stations(
    folder: Path,
    hub: HubThread,
    clients: Callable[..., SyncClient],
    clocks: dict[str, StationClock],
) -> Iterator[dict[str, _Station]]:
    shots = photos(folder / "camera", 4)
    with contextlib.ExitStack() as stack:
        out = {}
        for number, (name, clock) in enumerate(clocks.items(), 1):
            db = stack.enter_context(open_station(folder / f"{name}.db"))
            token = enroll_station(hub.db, hub.url, name)
            client = clients(
                db, hub.url, token, name, batch_size=2, now=clock.now, write_gate=db.write_lock
            )
            bench = Bench(db, station_config(folder / name, name, number), clock, shots)
            out[name] = _Station(name, db, bench, client)
        yield out


def _unit(record: UnitRecord) -> dict[str, Any]:
    whole = to_jsonable(record)
    return {k: whole[k] for k in DECISION} | {"refund": whole["refund"]["kind"]}


def _morning(
    folder: Path, clients: Callable[..., SyncClient], offsets: dict[str, timedelta], jump: bool
) -> dict[str, Any]:
    """Two benches and a hub through a morning; everything either can observe, minus times.

    ``offsets`` sets each bench's clock against the real time; with ``jump`` bench A's clock
    is also put back two hours mid-shift (an NTP correction), so a later unit carries an
    earlier time than the one before it.
    """
    folder.mkdir()
    began = datetime.now(UTC)
    clocks = {name: StationClock(began + offset) for name, offset in offsets.items()}
    with (
        HubThread(f"sqlite:///{folder / 'hub.db'}") as hub,
        _stations(folder, hub, clients, clocks) as benches,
    ):
        seed_hub(hub.db, catalog=catalog_csv(3), rmas=rmas_csv(8, skus=3))
        for n in range(8):
            service.reassign(hub.db, f"RMA-{n:07d}", A if n < 4 else B)
        a, b = benches[A], benches[B]
        pulled = {name: [s.client.pull_once()] for name, s in benches.items()}
        # The hub moves RMAs between the benches before either hears of it.
        service.reassign(hub.db, "RMA-0000001", B)
        service.reassign(hub.db, "RMA-0000005", A)

        def inspect(station: _Station, n: int) -> dict[str, Any]:
            record = station.bench.inspect(f"RMA-{n:07d}", gtin13(n % 3))
            station.bench.clock.advance(timedelta(minutes=3))
            return _unit(record)

        a.bench.login()
        b.bench.login()
        committed = [inspect(a, 0), inspect(a, 1)]
        if jump:
            a.bench.clock.advance(-timedelta(hours=2))
        committed.append(inspect(a, 2))
        with a.db.sessions() as session:
            lead = repo.find_operator(session, LEAD[0])
        assert lead is not None
        leads.reassign(a.db, "RMA-0000003", B, lead[0], station=A, now=a.bench.clock.now())
        poison = commit_poison(a.db, A)
        committed += [inspect(b, 4), inspect(b, 5)]
        tallies = [a.client.push_once(), b.client.push_once()]
        # An integration moves RMA-0000003 again after bench A's reassignment arrived: the
        # later arrival wins, whatever bench A's clock wrote into its ``at``.
        service.reassign(hub.db, "RMA-0000003", "bench-c")
        for name, station in benches.items():
            pulled[name].append(station.client.pull_once())
        committed += [inspect(b, 6), inspect(a, 5)]
        tallies += [b.client.push_once(), a.client.push_once()]
        for name, station in benches.items():
            pulled[name].append(station.client.pull_once())
        finished = datetime.now(UTC)

        hub_page = service.units_page(hub.db, since=0, station=None, limit=100)
        with hub.db.read() as session:
            mutations = list(
                session.execute(
                    select(
                        MutationRow.station,
                        MutationRow.mutation_id,
                        MutationRow.kind,
                        MutationRow.status,
                        MutationRow.review_flag,
                        MutationRow.station_created_at,
                        MutationRow.applied_at,
                    ).order_by(MutationRow.applied_at, MutationRow.station, MutationRow.mutation_id)
                ).all()
            )
            received = list(session.scalars(select(HubUnitRow.hub_received_at)))
            dead = [
                (d.station, d.mutation_id, d.reason)
                for d in session.scalars(select(DeadLetterRow).order_by(DeadLetterRow.id))
            ]
            hub_assignments = dict(
                session.execute(
                    select(ReferenceRow.key, ReferenceRow.assigned_bench).where(
                        ReferenceRow.kind == "rma"
                    )
                ).all()
            )
        local_view: dict[str, Any] = {}
        sent: dict[tuple[str, int], datetime] = {}
        for name, station in benches.items():
            with station.db.sessions() as session:
                outbox = list(session.scalars(select(OutboxRow).order_by(OutboxRow.mutation_id)))
                sent.update(((name, o.mutation_id), _aware(o.created_at)) for o in outbox)
                local_view[name] = {
                    "assignments": dict(
                        session.execute(select(RmaRow.rma, RmaRow.assigned_bench)).all()
                    ),
                    "outbox": [(o.mutation_id, o.kind, o.state, o.result) for o in outbox],
                    "cursor": local.read_cursor(session),
                    "status": (station.client.status.pending, station.client.status.rejected),
                    "unit_times": {
                        u.lpn: _aware(u.received_at)
                        for u in session.scalars(select(StationUnitRow))
                    },
                }

    # The hub stamps its own time, whatever the benches' clocks say ...
    for moment in [*received, *(m.applied_at for m in mutations)]:
        assert began - timedelta(seconds=1) <= _aware(moment) <= finished + timedelta(seconds=1)
    # ... and keeps theirs as they sent them: every mutation's created_at, every unit's times.
    for m in mutations:
        assert m.station_created_at is not None
        assert _aware(m.station_created_at) == sent[(m.station, m.mutation_id)]
    for unit in hub_page.units:
        bench_time = local_view[unit.station]["unit_times"][unit.lpn]
        assert datetime.fromisoformat(unit.unit["received_at"]) == bench_time
        skew = bench_time - _aware(unit.hub_received_at) - offsets[unit.station]
        assert abs(skew) < timedelta(hours=3)  # minutes of bench time, and A's 2-hour jump
    for view in local_view.values():
        del view["unit_times"]
    return {
        "committed": committed,
        "tallies": [(t.applied, t.duplicates, t.rejected) for t in tallies],
        "poison": poison,
        "pulled": pulled,
        "hub_mutations": [tuple(m)[:5] for m in mutations],
        "feed": [
            (u.feed_seq, u.station, u.review_flag, {k: u.unit[k] for k in DECISION})
            for u in hub_page.units
        ],
        "dead_letters": dead,
        "hub_assignments": hub_assignments,
        "stations": local_view,
    }


def test_the_same_morning_with_bench_clocks_a_day_off(
    tmp_path: Path, clients: Callable[..., SyncClient]
) -> None:
    right = _morning(tmp_path / "right", clients, {A: timedelta(0), B: timedelta(0)}, False)
    # What happened, with right clocks: each inspection accepted once, in arrival order; the
    # two of RMAs moved meanwhile flagged for lead review on both sides; the malformed
    # mutation rejected on both sides; the later reassignment of RMA-0000003 kept.
    assert right["tallies"] == [(4, 0, 1), (2, 0, 0), (1, 0, 0), (1, 0, 0)]
    feed = right["feed"]
    assert [(station, d["rma"]) for _seq, station, _flag, d in feed] == [
        (A, "RMA-0000000"),
        (A, "RMA-0000001"),
        (A, "RMA-0000002"),
        (B, "RMA-0000004"),
        (B, "RMA-0000005"),
        (B, "RMA-0000006"),
        (A, "RMA-0000005"),
    ]
    flagged = {d["rma"]: (station, flag) for _seq, station, flag, d in feed if flag}
    assert flagged.keys() == {"RMA-0000001", "RMA-0000005"}
    assert flagged["RMA-0000001"][0] == A and "assigned to bench-b" in flagged["RMA-0000001"][1]
    assert flagged["RMA-0000005"][0] == B and "assigned to bench-a" in flagged["RMA-0000005"][1]
    results = {o[0]: o[3] for o in right["stations"][B]["outbox"]}
    assert results[2] == flagged["RMA-0000005"][1]  # the bench sees the hub's flag too
    assert [(s, m) for s, m, _reason in right["dead_letters"]] == [(A, right["poison"])]
    assert (right["poison"], "rejected") in [(o[0], o[2]) for o in right["stations"][A]["outbox"]]
    assert right["hub_assignments"]["RMA-0000003"] == "bench-c"
    for name in (A, B):
        view = right["stations"][name]
        assert view["assignments"]["RMA-0000003"] == "bench-c"
        assert view["assignments"]["RMA-0000001"] == B
        assert view["assignments"]["RMA-0000005"] == A
        assert view["status"] == (0, 1 if name == A else 0)
        assert view["cursor"][0] > 0

    ahead_behind = _morning(tmp_path / "skewed", clients, {A: DAY, B: -DAY}, True)
    behind_ahead = _morning(tmp_path / "swapped", clients, {A: -DAY, B: DAY}, False)
    assert ahead_behind == right
    assert behind_ahead == right


# -- what the bench clock does decide --------------------------------------------------------


def test_the_return_window_is_the_bench_clocks_and_sync_keeps_the_bench_decision(
    tmp_path: Path, hub: HubThread, clients: Callable[..., SyncClient]
) -> None:
    # Noon: the bench's receipt date is a day off when its clock is, never two.
    today = datetime.combine(datetime.now(UTC).date(), time(12), UTC)
    delivered = (today - 30 * DAY).date()
    rmas = RMA_HEADER + "".join(
        f"{rma},ORD-{rma},web,C1,{delivered.isoformat()},{reason},refund,SKU-000000,1,\n"
        for rma, reason in ((EDGE, "no_longer_needed"), (DEFECT, "defective"))
    )
    seed_hub(hub.db, catalog=catalog_csv(1), rmas=rmas)
    offsets = {"bench-right": timedelta(0), "bench-ahead": DAY, "bench-behind": -DAY}
    clocks = {name: StationClock(today + offset) for name, offset in offsets.items()}
    records: dict[str, dict[str, UnitRecord]] = {}
    with _stations(tmp_path, hub, clients, clocks) as benches:
        for name, station in benches.items():
            station.client.pull_once()
            station.bench.login()
            records[name] = {rma: station.bench.inspect(rma, gtin13(0)) for rma in (EDGE, DEFECT)}
            tally = station.client.push_once()
            assert (tally.applied, tally.rejected) == (2, 0)
    with hub.db.read() as session:
        on_hub = {
            (u.station, u.rma): u for u in session.scalars(select(HubUnitRow)) if u.rma is not None
        }

    # 30 days after delivery on the right clock and a day behind: inside the window.
    # A day ahead, the bench received it on day 31: outside, refund denied, held for a lead.
    edge = {name: r[EDGE] for name, r in records.items()}
    for name in ("bench-right", "bench-behind"):
        refund = edge[name].refund
        assert not edge[name].held and refund is not None and refund.kind != "deny"
        assert "not_eligible" not in edge[name].escalations
    ahead = edge["bench-ahead"]
    assert ahead.held and "not_eligible" in ahead.escalations
    assert ahead.refund is not None and ahead.refund.kind == "deny"
    # The defective item's window is a year: the same decision on every clock; only its due
    # date moves with the bench's receipt date.
    defect = {name: r[DEFECT] for name, r in records.items()}
    assert len({repr(_unit(r) | {"lpn": ""}) for r in defect.values()}) == 1
    dues = {n: r.refund.due for n, r in defect.items() if r.refund and r.refund.due}
    assert dues.keys() == defect.keys()
    for name, due in dues.items():
        assert due == dues["bench-right"] + offsets[name]

    # The hub records each unit exactly as its bench decided it; it does not re-decide by
    # its own date.
    for name, by_rma in records.items():
        for rma, record in by_rma.items():
            row = on_hub[(name, rma)]
            assert row.record == to_jsonable(record)
            assert (row.hold_state, row.refund_kind) == (
                record.hold_state,
                record.refund.kind if record.refund else None,
            )
