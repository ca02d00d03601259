"""Fault injection: cut connections, 500s, garbage, delays, hub kill -9, two uploaders.

After each run the hub holds exactly the station's committed units, each once, and every
rejection is visible on both sides.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from station.storage.db import Database
from sync.client import HubMalformed, HubUnreachable, SyncClient
from tests.sync.faultproxy import Fault, FaultProxy
from tests.sync.support import (
    HubProcess,
    HubThread,
    assert_hub_matches,
    commit_poison,
    commit_units,
    enroll_station,
    open_station,
)


def _drain(client: SyncClient, attempts: int = 30) -> None:
    """Push until nothing is pending, riding out injected faults (bounded)."""
    for _ in range(attempts):
        try:
            client.push_once()
        except HubUnreachable:
            continue
        if client.status.pending == 0:
            return
    raise AssertionError(f"queue not drained: {client.status}")


@pytest.mark.parametrize(
    "fault", ["drop_request", "drop_reply", "cut_reply", "http_500", "garbage"]
)
def test_network_faults_never_lose_or_double_a_unit(
    fault: str,
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
) -> None:
    db, token = enrolled("bench-01")
    commit_units(db, "bench-01", 12)
    commit_poison(db, "bench-01")
    commit_units(db, "bench-01", 12, start=13)
    with FaultProxy(hub.port) as proxy:
        proxy.add(fault, times=3)
        client = clients(db, proxy.url, token, "bench-01", batch_size=5)
        with pytest.raises(HubMalformed if fault == "garbage" else HubUnreachable):
            client.push_once()
        assert client.status.online is False
        _drain(client)
        assert proxy.pending_faults() == 0
    assert client.status.online and client.status.rejected == 1
    assert_hub_matches(hub.db, db, "bench-01")


def test_a_slow_hub_times_out_and_the_late_commit_is_answered_as_duplicate(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
) -> None:
    db, token = enrolled("bench-01")
    commit_units(db, "bench-01", 8)
    with FaultProxy(hub.port) as proxy:
        proxy.add("delay", seconds=1.5)
        client = clients(db, proxy.url, token, "bench-01", read_timeout_s=0.5)
        with pytest.raises(HubUnreachable):
            client.push_once()
        tally = client.push_once()  # proxy holds the first one; this one arrives on time
        assert tally.applied + tally.duplicates == 8
    assert_hub_matches(hub.db, db, "bench-01")


def test_two_uploaders_at_once_apply_each_mutation_once(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
    tmp_path: Path,
) -> None:
    db, token = enrolled("bench-01")
    commit_units(db, "bench-01", 150)
    commit_poison(db, "bench-01")
    second_db = open_station(tmp_path / "bench-01.db")  # same file, another connection pool
    try:
        a = clients(db, hub.url, token, "bench-01", batch_size=7)
        b = clients(second_db, hub.url, token, "bench-01", batch_size=11)
        errors: list[BaseException] = []

        def run(client: SyncClient) -> None:
            try:
                _drain(client)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(c,)) for c in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors
    finally:
        second_db.close()
    assert_hub_matches(hub.db, db, "bench-01")


def test_hub_killed_mid_drain_and_restarted(
    tmp_path: Path,
    stations: Callable[[str], Database],
    clients: Callable[..., SyncClient],
) -> None:
    hub_url = f"sqlite:///{tmp_path / 'hub.db'}"
    db = stations("bench-01")
    commit_units(db, "bench-01", 60)
    hub = HubProcess(hub_url)
    with hub:
        from sync.hub.db import HubDatabase

        hub_db = HubDatabase(hub_url)
        token = enroll_station(hub_db, hub.url, "bench-01")
        with FaultProxy(hub.port) as proxy:
            proxy.default = Fault("delay", 0.05)
            client = clients(db, proxy.url, token, "bench-01", batch_size=4)
            client.start()
            for _ in range(200):  # bounded: wait until some, not all, went through
                if 60 - client.status.pending > 0:
                    break
                threading.Event().wait(0.02)
            hub.kill()
            commit_units(db, "bench-01", 20, start=61)
            client.wake()
            hub.start()
            for _ in range(300):
                if client.status.pending == 0 and client.status.online:
                    break
                threading.Event().wait(0.05)
            client.stop()
        assert_hub_matches(hub_db, db, "bench-01")
        hub_db.close()


def test_station_killed_with_sigkill_mid_push_and_restarted(
    tmp_path: Path,
    hub: HubThread,
) -> None:
    import json
    import os
    import random
    import signal
    import subprocess
    import sys

    from sync import local
    from tests.sync.support import ROOT

    home = tmp_path / "station-home"
    home.mkdir()
    config = home / "station.toml"
    config.write_text('[station]\nid = "bench-09"\nnumber = 9\n', encoding="utf-8")
    token = enroll_station(hub.db, hub.url, "bench-09")
    db = open_station(home / "station.db")
    commit_units(db, "bench-09", 150)
    rng = random.Random(9)
    env = os.environ | {"STATION_HOME": str(home)}
    with FaultProxy(hub.port) as proxy:
        # Every request spends 0.4 s in flight, so a kill often lands mid-push.
        proxy.default = Fault("delay", 0.4)
        with db.transaction() as session:
            local.set_state(session, local.HUB_URL_KEY, proxy.url)
            local.set_state(session, local.HUB_TOKEN_KEY, token)
        for round_ in range(4):
            proc = subprocess.Popen(
                [sys.executable, "-m", "sync", "sync", "--config", str(config)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                proc.wait(rng.uniform(1.0, 1.8))  # starts (~1 s), then pushes in batches
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)
            commit_units(db, "bench-09", 10, start=151 + 10 * round_)
        done = subprocess.run(
            [sys.executable, "-m", "sync", "sync", "--once", "--json", "--config", str(config)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["pending"] == 0 and outcome["rejected_total"] == 0
    db.close()
    db = open_station(home / "station.db")
    try:
        assert_hub_matches(hub.db, db, "bench-09")
    finally:
        db.close()
