"""Test support for sync: a real hub on loopback (thread or process) and station databases."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
import uvicorn
from sqlalchemy import func, select

from station import outbox
from station.storage.db import Database
from station.storage.models import OutboxRow, UnitRow
from sync.hub import service
from sync.hub.app import create_app
from sync.hub.db import HubDatabase
from sync.hub.models import DeadLetterRow, MutationRow
from sync.hub.models import UnitRow as HubUnitRow
from sync.protocol import SCHEMA_HEADER, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/health", timeout=1).status_code == 200:
                return
        time.sleep(0.05)
    raise TimeoutError(f"hub at {url} did not come up in {timeout_s} s")


class HubThread:
    """The hub app served by uvicorn in a thread of the test process."""

    def __init__(self, db_url: str, port: int | None = None, **app_options: Any) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.app = create_app(db_url, **app_options)
        self.db: HubDatabase = self.app.state.db
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="error",
            timeout_graceful_shutdown=3,
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, name="hub", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> HubThread:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise TimeoutError("hub thread did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(10)
        self.db.close()


class HubProcess:
    """The hub as its own process (``python -m sync.hub``), to kill -9 and restart."""

    def __init__(self, db_url: str, port: int | None = None) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync.hub", "--db", self.db_url, "--port", str(self.port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_healthy(self.url)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        if self.proc.stderr:
            self.proc.stderr.close()

    def __enter__(self) -> HubProcess:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()


def enroll_station(hub_db: HubDatabase, hub_url: str, station: str) -> str:
    code = service.issue_code(hub_db, station)
    response = requests.post(
        f"{hub_url}/v1/enroll",
        json={"code": code.code, "station": station},
        headers={SCHEMA_HEADER: str(SCHEMA_VERSION)},
        timeout=10,
    )
    response.raise_for_status()
    return str(response.json()["token"])


def station_lpn(station: str, n: int) -> str:
    return f"LPN{zlib.crc32(station.encode()) % 1000:03d}{n:07d}"


def unit_payload(
    station: str, lpn: str, *, rma: str | None = None, received: datetime | None = None
) -> dict[str, Any]:
    """A unit as ``station.workflow.UnitRecord`` serialises it."""
    received = received or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return {
        "lpn": lpn,
        "rma": rma,
        "sku": "SKU-TV-1",
        "category": "electronics",
        "serial": "",
        "grade": "A",
        "damage_codes": [],
        "disposition": "restock",
        "suggested_disposition": "restock",
        "destination": "Restock A-zone",
        "automatic": True,
        "override_reason": "",
        "refund": {"kind": "full_refund", "fee_pct": 0.0, "due": "2026-03-16"},
        "held": False,
        "hold_state": "none",
        "hold_reason": "",
        "policy_version": "2026.1",
        "rule": "disposition.restock",
        "explanation": "like new",
        "weight_g": 1200.0,
        "expected_weight_g": 1210.0,
        "operator": "B100",
        "station": station,
        "received_at": received.isoformat(),
        "decided_at": (received + timedelta(minutes=3)).isoformat(),
        "photos": [],
        "escalations": [],
        "review_flag": "",
        "record": "unit",
    }


def commit_units(
    db: Database,
    station: str,
    count: int,
    *,
    start: int = 1,
    rma: str | None = None,
    kind: str = "unit.completed",
) -> list[str]:
    """Commit units like the bench does: unit row and outbox row in one transaction each."""
    lpns = []
    for n in range(start, start + count):
        lpn = station_lpn(station, n)
        with db.transaction() as session:
            session.add(UnitRow(lpn=lpn, rma=rma, sku="SKU-TV-1", operator="B100", station=station))
            outbox.enqueue(
                session, kind, {"station": station, "unit": unit_payload(station, lpn, rma=rma)}
            )
        lpns.append(lpn)
    return lpns


def commit_units_fast(db: Database, station: str, count: int, *, start: int = 1) -> None:
    """Many units in few transactions (benchmarks, big queues)."""
    done = 0
    while done < count:
        with db.transaction() as session:
            for n in range(start + done, start + min(count, done + 1000)):
                lpn = station_lpn(station, n)
                session.add(UnitRow(lpn=lpn, sku="SKU-TV-1", operator="B100", station=station))
                outbox.enqueue(
                    session,
                    "unit.completed",
                    {"station": station, "unit": unit_payload(station, lpn)},
                )
        done = min(count, done + 1000)


def commit_poison(db: Database, station: str) -> int:
    with db.transaction() as session:
        row = outbox.enqueue(
            session, "unit.completed", {"station": station, "unit": {"lpn": "BROKEN"}}
        )
        session.flush()
        return row.mutation_id


def open_station(path: Path) -> Database:
    return Database(f"sqlite:///{path}", lock=False)


def assert_hub_matches(hub_db: HubDatabase, station_db: Database, station: str) -> None:
    """The hub holds exactly the station's committed units, each once; rejections both sides."""
    with station_db.sessions() as session:
        local_lpns = set(session.scalars(select(UnitRow.lpn).where(UnitRow.station == station)))
        states = dict(
            session.execute(select(OutboxRow.state, func.count()).group_by(OutboxRow.state)).all()
        )
        rejected_local = set(
            session.scalars(select(OutboxRow.mutation_id).where(OutboxRow.state == "rejected"))
        )
        total = sum(states.values())
    assert states.get("pending", 0) == 0, f"station still has pending rows: {states}"
    with hub_db.read() as session:
        hub_lpns = list(
            session.scalars(select(HubUnitRow.lpn).where(HubUnitRow.station == station))
        )
        mutations = session.scalar(
            select(func.count()).select_from(MutationRow).where(MutationRow.station == station)
        )
        rejected_hub = set(
            session.scalars(
                select(MutationRow.mutation_id).where(
                    MutationRow.station == station, MutationRow.status == "rejected"
                )
            )
        )
        dead = set(
            session.scalars(
                select(DeadLetterRow.mutation_id).where(DeadLetterRow.station == station)
            )
        )
    assert len(hub_lpns) == len(set(hub_lpns))
    assert set(hub_lpns) == local_lpns, (
        f"hub has {len(hub_lpns)} units, station {len(local_lpns)}; missing "
        f"{sorted(local_lpns - set(hub_lpns))[:5]}, extra {sorted(set(hub_lpns) - local_lpns)[:5]}"
    )
    assert mutations == total, f"hub recorded {mutations} mutations, station holds {total}"
    assert rejected_hub == rejected_local == dead, (rejected_hub, rejected_local, dead)


@contextlib.contextmanager
def env(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def gtin13(n: int) -> str:
    """A valid GTIN-13 (check digit computed) for test catalogs."""
    body = f"400{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


CATALOG_HEADER = (
    "sku,gtin,description,category,unit_value,weight_g,weight_tolerance_g,"
    "serialized,returnable,supplier,hazmat\n"
)
RMA_HEADER = "rma,order,channel,customer,delivered_on,reason,preference,sku,qty,serial\n"


def catalog_csv(count: int, *, start: int = 0, description: str = "Television") -> str:
    rows = [
        f"SKU-{n:06d},{gtin13(n)},{description} {n},electronics,199.00,1200,50,false,true,"
        f"Acme,false\n"
        for n in range(start, start + count)
    ]
    return CATALOG_HEADER + "".join(rows)


def rmas_csv(count: int, *, start: int = 0, skus: int = 1) -> str:
    rows = [
        f"RMA-{n:07d},ORD-{n:07d},web,C{n},2026-03-01,defective,refund,SKU-{n % skus:06d},1,\n"
        for n in range(start, start + count)
    ]
    return RMA_HEADER + "".join(rows)


def admin_headers(hub_db: HubDatabase) -> dict[str, str]:
    token = service.create_api_token(hub_db, "admin", "tests")
    return {"Authorization": f"Bearer {token}", SCHEMA_HEADER: str(SCHEMA_VERSION)}
