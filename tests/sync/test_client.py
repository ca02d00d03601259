"""Client behaviour: photos resumable and separate, backoff, watchdog, status, timer and wake."""

from __future__ import annotations

import hashlib
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from station.storage.db import Database
from station.storage.models import OutboxRow, PhotoRow
from sync.client import CHUNK_BYTES, Backoff, HubApi, SyncClient, SyncStatus
from sync.hub import service
from tests.sync.faultproxy import FaultProxy
from tests.sync.support import HubThread, assert_hub_matches, commit_units, free_port


def _photo(db: Database, folder: Path, size: int, seed: int) -> str:
    data = random.Random(seed).randbytes(size)
    sha = hashlib.sha256(data).hexdigest()
    path = folder / f"{sha}.jpg"
    path.write_bytes(data)
    with db.transaction() as session:
        session.add(PhotoRow(sha256=sha, path=str(path), width=10, height=10))
    return sha


def test_photos_upload_resumably_and_content_addressed(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
    tmp_path: Path,
) -> None:
    db, token = enrolled("bench-01")
    big = _photo(db, tmp_path, CHUNK_BYTES * 2 + 1234, 1)
    small = _photo(db, tmp_path, 999, 2)
    # A previous attempt got one chunk across before the network went.
    data = (tmp_path / f"{big}.jpg").read_bytes()
    api = HubApi(hub.url, token)
    try:
        state = api.blob_put(big, 0, data[:CHUNK_BYTES], len(data))
        assert (state.complete, state.received) == (False, CHUNK_BYTES)
        # A chunk at the wrong offset is refused with the offset to resume from.
        state = api.blob_put(big, 0, data[:CHUNK_BYTES], len(data))
        assert state.received == CHUNK_BYTES
        assert api.blob_offset(big) == (False, CHUNK_BYTES)
    finally:
        api.close()
    client = clients(db, hub.url, token, "bench-01")
    assert client.upload_photos_once() == 2
    assert service.blob_bytes(hub.db, big) == data
    assert hashlib.sha256(service.blob_bytes(hub.db, small)).hexdigest() == small
    assert client.status.photos_pending == 0
    assert client.upload_photos_once() == 0


def test_backoff_is_exponential_jittered_and_capped_at_30_s() -> None:
    backoff = Backoff(rng=random.Random(4))
    delays = [backoff.next_delay() for _ in range(12)]
    for n, delay in enumerate(delays):
        ceiling = min(30.0, 0.5 * 2**n)
        assert ceiling / 2 <= delay <= ceiling
    assert max(delays) <= 30.0 and len({round(d, 3) for d in delays[-4:]}) == 4
    backoff.reset()
    assert backoff.next_delay() <= 0.5


def test_offline_then_online_status_watchdog_and_timer_driven_upload(
    tmp_path: Path,
    enrolled: Callable[[str], tuple[Database, str]],
    hub: HubThread,
    clients: Callable[..., SyncClient],
) -> None:
    db, token = enrolled("bench-01")
    commit_units(db, "bench-01", 3)
    old = datetime.now(UTC) - timedelta(minutes=10)
    with db.transaction() as session:
        session.execute(update(OutboxRow).values(created_at=old))
    seen: list[SyncStatus] = []
    changed = threading.Condition()

    def on_status(status: SyncStatus) -> None:
        with changed:
            seen.append(status)
            changed.notify_all()

    def wait_for(predicate: Callable[[SyncStatus], bool]) -> SyncStatus:
        with changed:
            assert changed.wait_for(lambda: any(predicate(s) for s in seen), timeout=15), seen[-3:]
            return next(s for s in seen if predicate(s))

    dead_port = free_port()
    client = clients(db, f"http://127.0.0.1:{dead_port}", token, "bench-01", on_status=on_status)
    client.start()
    offline = wait_for(lambda s: not s.online and bool(s.last_error))
    assert offline.pending == 3 and not offline.watchdog  # offline: no watchdog alarm
    client.stop()
    # Online (pulls work), but every push answer is garbage: the watchdog shows the stale
    # queue.
    with FaultProxy(hub.port) as proxy:
        proxy.add("garbage", times=1000)
        with changed:
            seen.clear()
        watched = clients(db, proxy.url, token, "bench-01", on_status=on_status)
        watched.start()
        alarm = wait_for(lambda s: s.watchdog)
        assert alarm.oldest_pending_age_s is not None and alarm.oldest_pending_age_s > 300
        watched.stop()
    with changed:
        seen.clear()
    # A healthy hub: the timer uploads without any wake() call.
    healthy = clients(db, hub.url, token, "bench-01", on_status=on_status)
    healthy.start()
    done = wait_for(lambda s: s.online and s.pending == 0)
    assert not done.watchdog and done.last_push_at is not None
    commit_units(db, "bench-01", 2, start=10)
    healthy.wake()
    wait_for(lambda s: s.pending == 0 and s.last_push_at != done.last_push_at)
    healthy.stop()
    assert_hub_matches(hub.db, db, "bench-01")
