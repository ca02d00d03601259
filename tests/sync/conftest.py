"""Fixtures for sync tests: a hub on loopback with its SQLite file, enrolled stations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from station.storage.db import Database
from sync.client import SyncClient
from tests.sync.support import HubThread, enroll_station, open_station


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubThread]:
    with HubThread(f"sqlite:///{tmp_path / 'hub.db'}") as server:
        yield server


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    opened: list[Database] = []

    def make(name: str) -> Database:
        db = open_station(tmp_path / f"{name}.db")
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def clients() -> Iterator[Callable[..., SyncClient]]:
    """SyncClient factory with test-friendly timings; every client is stopped afterwards."""
    made: list[SyncClient] = []

    def make(db: Database, url: str, token: str, station: str, **options: Any) -> SyncClient:
        settings: dict[str, Any] = {
            "idle_interval_s": 0.5,
            "pull_wait_s": 0.5,
            "photo_interval_s": 0.5,
            "backoff_cap_s": 1.0,
            "read_timeout_s": 10.0,
        }
        settings.update(options)
        client = SyncClient(db.engine, url, token, station, **settings)
        made.append(client)
        return client

    yield make
    for client in made:
        client.stop()


@pytest.fixture
def enrolled(
    hub: HubThread, stations: Callable[[str], Database]
) -> Callable[[str], tuple[Database, str]]:
    def make(name: str) -> tuple[Database, str]:
        return stations(name), enroll_station(hub.db, hub.url, name)

    return make
