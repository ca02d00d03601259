"""`station replay` and `station export` as a user runs them: real processes, real files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from station.config import StationConfig
from station.storage.db import Database
from tests.support import photos, seed


def _station(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        env=os.environ.copy(),
    )


def _events(shots: list[Path]) -> list[dict[str, object]]:
    good = {"tags_attached": "Y", "worn": "N", "stains_odour": "N", "damage_cause": "1"}
    events: list[dict[str, object]] = [
        {"type": "login", "badge": "B1001", "pin": "1234"},
        {"type": "scan", "data": "]C1RMA-00001"},
        {"type": "scan", "data": "]E00012345678905"},
        {"type": "weight", "grams": 605.5, "stable": True},
    ]
    events += [{"type": "answer", "question": q, "value": v} for q, v in good.items()]
    events += [{"type": "photo", "path": str(p)} for p in shots[:4]]
    events += [{"type": "confirm"}]
    # a second unit that is held: wrong weight, parked, then approved by a lead
    events += [
        {"type": "scan", "data": "RMA-00001"},
        {"type": "scan", "data": "0012345678905"},
        {"type": "weight", "grams": 10, "stable": True},
    ]
    events += [{"type": "answer", "question": q, "value": v} for q, v in good.items()]
    events += [{"type": "photo", "path": str(p)} for p in shots[4:8]]
    events += [{"type": "confirm"}, {"type": "confirm"}]
    return events


def test_replay_round_trip_and_export(
    db: Database, config: StationConfig, tmp_path: Path, station_home: Path
) -> None:
    seed(db, tmp_path / "seed")
    db.close()
    shots = photos(tmp_path / "cam", 8)
    lines = [json.dumps(e) for e in _events(shots)]
    lines.insert(3, "this is not json")
    lines.insert(5, json.dumps({"type": "teleport"}))
    lines.insert(6, json.dumps({"type": "weight", "grams": "heavy"}))
    done = _station("replay", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    errors = [o for o in out if o["record"] == "error"]
    assert [e["line"] for e in errors] == [4, 6, 7]
    assert "unknown event type" in errors[1]["message"]
    units = [o for o in out if o["record"] == "unit"]
    assert len(units) == 2
    first, held = units
    for key in (
        "record",
        "lpn",
        "rma",
        "sku",
        "serial",
        "grade",
        "disposition",
        "automatic",
        "override_reason",
        "refund",
        "held",
        "hold_reason",
        "policy_version",
        "rule",
        "explanation",
        "weight_g",
    ):
        assert key in first, key
    assert first["disposition"] == "restock" and first["automatic"] is True
    assert set(first["refund"]) >= {"kind", "fee_pct", "due"}
    assert held["held"] is True and "Measured 10 g" in held["hold_reason"]
    states = [o for o in out if o["record"] == "state"]
    assert states[-1]["step"] == "identify"
    # the label went to the file sink in STATION_HOME
    assert list((station_home / "labels").glob("*.zpl")), "label written to the file sink"

    # export: only decided units (the parked one is not completed)
    done = _station("export", "--since", "2000-01-01", "--format", "json")
    assert done.returncode == 0, done.stderr
    exported = json.loads(done.stdout)
    assert [u["lpn"] for u in exported] == [first["lpn"]]
    done = _station("export", "--since", "2000-01-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows[0]["lpn"] == first["lpn"] and rows[0]["refund_kind"] == "full_refund"
    done = _station("export", "--since", "2999-01-01")
    assert len(list(csv.DictReader(io.StringIO(done.stdout)))) == 0
    done = _station("export", "--since", "yesterday")
    assert done.returncode == 1 and "--since" in done.stderr

    done = _station("audit", "verify")
    assert done.returncode == 0 and "intact" in done.stdout


def test_replay_same_input_same_decisions(
    db: Database, config: StationConfig, tmp_path: Path, station_home: Path
) -> None:
    """Two stations replaying the same events decide the same (only ids and times differ)."""
    seed(db, tmp_path / "seed")
    db.close()
    shots = photos(tmp_path / "cam", 8)
    text = "\n".join(json.dumps(e) for e in _events(shots)) + "\n"
    first = _station("replay", "-", stdin=text)
    os.environ["STATION_HOME"] = str(tmp_path / "other")
    try:
        with Database(f"sqlite:///{tmp_path / 'other' / 'station.db'}") as other:
            seed(other, tmp_path / "seed2")
        second = _station("replay", "-", stdin=text)
    finally:
        os.environ["STATION_HOME"] = str(station_home)
    strip = ("received_at", "decided_at")

    def units(out: str) -> list[dict[str, object]]:
        rows = [json.loads(x) for x in out.splitlines()]
        return [
            {k: v for k, v in r.items() if k not in strip} for r in rows if r["record"] == "unit"
        ]

    assert units(first.stdout) == units(second.stdout)
    assert len(units(first.stdout)) == 2
