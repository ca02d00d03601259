"""Shared fixtures: an isolated STATION_HOME per test and a migrated station database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from station.config import StationConfig, StationPaths, load_config
from station.storage.db import Database


@pytest.fixture
def station_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("STATION_HOME", str(home))
    return home


@pytest.fixture
def config(station_home: Path) -> StationConfig:
    cfg = load_config(None, paths=StationPaths(station_home))
    cfg.paths.ensure()
    return cfg


@pytest.fixture
def db(config: StationConfig) -> Iterator[Database]:
    database = Database(config.db_url)
    yield database
    database.close()
