"""The real bench workflow for sync tests: a station clock to set, benches, hub reference data.

Sync tests elsewhere build unit payloads in ``tests.sync.support``; the ones that need the
bench's own commits (its clock, its LPNs, its review flags, its outbox rows) drive
:class:`station.workflow.BenchSession` through :class:`Bench` instead.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from station import audit, outbox
from station.config import StationConfig, StationPaths, load_config
from station.domain import to_jsonable
from station.events import Answer, Confirm, Login, Photo, Scan, Weight
from station.policy import Policy
from station.storage import repo
from station.storage.db import Database
from station.storage.models import UnitRow, new_id
from station.workflow import LPN_COUNTER, BenchSession, Step, UnitRecord, record_from_row
from sync.hub import service
from sync.hub.db import HubDatabase
from tests.support import ELECTRONICS_GOOD

INSPECTOR = ("B100", "1234")
LEAD = ("L1", "4321")
OPERATORS_CSV = f"badge,name,role,pin\n{INSPECTOR[0]},Ann,inspector,{INSPECTOR[1]}\n"
OPERATORS_CSV += f"{LEAD[0]},Lee,lead,{LEAD[1]}\n"
TV_WEIGHT_G = 1200.0  # what ``support.catalog_csv`` says every test television weighs


class StationClock:
    """A bench PC's wall clock: reads ``start`` until moved. Thread-safe (sync reads it)."""

    def __init__(self, start: datetime) -> None:
        self._lock = threading.Lock()
        self._now = start

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta


def station_config(home: Path, station: str, number: int) -> StationConfig:
    """A bench's configuration with its own home (photos, labels) under ``home``."""
    config = load_config(None, paths=StationPaths(home))
    config.paths.ensure()
    return dataclasses.replace(config, station_id=station, station_number=number)


def seed_hub(hub_db: HubDatabase, *, catalog: str, rmas: str) -> None:
    """Reference data as the WMS sends it: catalog, RMAs and the operators of the site."""
    service.import_catalog(hub_db, catalog)
    service.import_rmas(hub_db, rmas)
    service.import_operators(hub_db, OPERATORS_CSV)


class Bench:
    """One bench driven by scans and single keys, as the inspector works it."""

    def __init__(
        self, db: Database, config: StationConfig, clock: StationClock, shots: Sequence[Path]
    ) -> None:
        self.db = db
        self.config = config
        self.clock = clock
        self.shots = list(shots)
        self.session = BenchSession(db, Policy.default(), config, clock=clock.now)

    def login(self, badge: str = INSPECTOR[0], pin: str = INSPECTOR[1]) -> None:
        self.session.handle(Login(badge, pin))
        assert self.session.state.step is Step.IDENTIFY, self.session.state.error

    def inspect(
        self,
        rma: str,
        gtin: str,
        *,
        weight_g: float = TV_WEIGHT_G,
        answers: Mapping[str, str] = ELECTRONICS_GOOD,
    ) -> UnitRecord:
        """One parcel from the RMA scan to the label; a unit needing a lead is parked."""
        bench = self.session
        for event in (Scan(f"]C1{rma}"), Scan(f"]E0{gtin}"), Weight(weight_g, True)):
            bench.handle(event)
            assert not bench.state.error, bench.state.error
        while bench.state.step is Step.GRADE:
            question = bench.state.question
            assert question is not None
            bench.handle(Answer(question.id, answers[question.id]))
            assert not bench.state.error, bench.state.error
        for shot in self.shots:
            if bench.state.step is not Step.PHOTOS:
                break
            bench.handle(Photo(str(shot)))
        assert bench.state.step in (Step.DISPOSITION, Step.HOLD), bench.state
        if bench.state.step is Step.DISPOSITION and bench.state.escalations:
            bench.handle(Confirm())  # to the hold screen; the next Enter parks the unit
        records = [r for r in bench.handle(Confirm()) if isinstance(r, UnitRecord)]
        assert len(records) == 1, bench.state
        return records[0]


def commit_like_the_bench(
    db: Database,
    config: StationConfig,
    template: UnitRecord,
    count: int,
    *,
    clock: StationClock,
    step: timedelta,
    per_transaction: int = 500,
) -> list[str]:
    """More units of the kind ``template`` is, written as ``BenchSession._commit`` writes them.

    For queues too long to inspect one by one in a test: each unit is a copy of the
    template's committed row with the next LPN of the station's counter and the clock's
    time (the clock moves ``step`` per unit); its audit event and its outbox mutation are
    built by the same calls the workflow makes (``record_from_row``, ``to_jsonable``,
    ``audit.append``, ``outbox.enqueue``). What differs: many units per transaction (the
    workflow commits one each), and no label is rendered or print job queued.
    """
    with db.sessions() as session:
        model = repo.find_unit(session, template.lpn)
        assert model is not None, template.lpn
        columns = {
            c.key: getattr(model, c.key)
            for c in UnitRow.__table__.columns
            if c.key not in ("id", "lpn", "created_at", "updated_at")
        }
    lpns: list[str] = []
    while len(lpns) < count:
        # As in the workflow's commit: no flush before the rows are all added.
        with db.transaction() as session, session.no_autoflush:
            for _ in range(min(per_transaction, count - len(lpns))):
                lpns.append(_commit_copy(session, config, columns, clock.now()))
                clock.advance(step)
    return lpns


def _commit_copy(
    session: Session, config: StationConfig, columns: Mapping[str, object], now: datetime
) -> str:
    lpn = f"LPN{config.station_number:03d}{repo.next_counter(session, LPN_COUNTER):07d}"
    stamps = {
        "received_at": now,
        "decided_at": now if columns["decided_at"] is not None else None,  # held: undecided
        "labeled_at": now,
    }
    row = UnitRow(**(dict(columns) | stamps), id=new_id(), lpn=lpn)
    session.add(row)
    record = record_from_row(row)  # every column is set above: no flush needed for defaults
    action = "unit.held" if record.held else "unit.completed"
    audit.append(
        session,
        actor=row.operator,
        station=config.station_id,
        action=action,
        subject=f"unit:{lpn}",
        after={"lpn": lpn, "grade": row.grade, "final_disposition": row.final_disposition},
        at=now,
    )
    outbox.enqueue(
        session, action, {"station": config.station_id, "unit": to_jsonable(record)}, at=now
    )
    return lpn
