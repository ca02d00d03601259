"""From the bench to the hub as a new user runs it: demo data, replay, enroll, sync, the feed.

Every other sync test builds its payloads in `tests.sync.support`; this one sends what the
real workflow commits (``station replay`` of the demo scans), so a field the workflow fills
differently from the hub's schema (a ``None`` where the hub wants text) fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from station.cli import main as station_main
from station.config import load_config
from station.storage.db import Database
from sync.__main__ import main as sync_main
from tests.sync.support import HubThread, assert_hub_matches


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bench"
    folder.mkdir()
    monkeypatch.setenv("STATION_HOME", str(folder))
    return folder


def test_replayed_demo_units_reach_the_hub_and_its_unit_feed(
    home: Path, hub: HubThread, capsys: pytest.CaptureFixture[str]
) -> None:
    assert station_main(["demo"]) == 0
    capsys.readouterr()
    assert station_main(["replay", str(home / "demo" / "demo_scans.jsonl")]) == 0
    replayed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    units = [r for r in replayed if r.get("record") == "unit"]
    assert units, "the demo scans commit units"
    station = load_config(None).station_id

    assert sync_main(["hub", "--db", hub.db_url, "issue-code", "--station", station]) == 0
    code = capsys.readouterr().out.strip()
    assert sync_main(["hub", "--db", hub.db_url, "create-token", "--role", "integration"]) == 0
    token = capsys.readouterr().out.strip()
    assert sync_main(["enroll", "--hub", hub.url, "--code", code]) == 0
    assert f"enrolled {station}" in capsys.readouterr().out
    assert sync_main(["sync", "--once", "--json"]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["rejected_mutations"] == [], outcome["rejected_mutations"]
    assert (outcome["applied"], outcome["rejected"], outcome["pending"]) == (len(units), 0, 0)

    with Database(load_config(None).db_url, lock=False) as db:
        assert_hub_matches(hub.db, db, station)
    page = requests.get(
        f"{hub.url}/v1/units",
        params={"since": "0", "station": station},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    fed = {u["lpn"]: u for u in page["units"]}
    assert set(fed) == {u["lpn"] for u in units}
    for unit in units:
        got = fed[unit["lpn"]]["unit"]
        assert (got["disposition"], got["grade"], got["rule"]) == (
            unit["disposition"],
            unit["grade"],
            unit["rule"],
        )
