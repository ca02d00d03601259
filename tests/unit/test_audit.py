"""Audit trail: hash chain intact after appends; edits, deletions, reorders and cut-offs found."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from station import audit
from station.config import StationConfig
from station.storage.db import Database


def _fill(db: Database, n: int = 5) -> None:
    with db.transaction() as s:
        for i in range(n):
            audit.append(
                s,
                actor="B1001",
                station="bench-01",
                action="unit.completed",
                subject=f"unit:LPN{i}",
                before=None,
                after={"grade": "A", "i": i},
            )


def _tamper(config: StationConfig, sql: str) -> None:
    con = sqlite3.connect(config.paths.database)
    con.executescript(sql)
    con.commit()
    con.close()


def _verify_cli(config: StationConfig, db: Database) -> subprocess.CompletedProcess[str]:
    db.close()
    return subprocess.run(
        [sys.executable, "-m", "station.cli", "audit", "verify"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_intact_chain(db: Database) -> None:
    _fill(db)
    with db.sessions() as s:
        assert audit.verify(s) is None


def test_empty_chain_is_intact(db: Database) -> None:
    with db.sessions() as s:
        assert audit.verify(s) is None


@pytest.mark.parametrize(
    ("sql", "bad_seq", "words"),
    [
        ('UPDATE audit_events SET after = \'{"grade": "X"}\' WHERE seq = 3', 3, "edited"),
        ("UPDATE audit_events SET actor = 'B9' WHERE seq = 1", 1, "edited"),
        ("DELETE FROM audit_events WHERE seq = 2", 3, "missing"),
        ("DELETE FROM audit_events WHERE seq = 5", 4, "cut off"),
        (
            "UPDATE audit_events SET seq = 100 WHERE seq = 2; "
            "UPDATE audit_events SET seq = 2 WHERE seq = 4; "
            "UPDATE audit_events SET seq = 4 WHERE seq = 100;",
            2,
            "does not follow",
        ),
    ],
)
def test_tampering_is_detected_and_named(
    db: Database, config: StationConfig, sql: str, bad_seq: int, words: str
) -> None:
    _fill(db)
    _tamper(config, sql)
    with db.sessions() as s:
        problem = audit.verify(s)
    assert problem is not None
    assert problem.seq == bad_seq
    assert words in problem.message
    done = _verify_cli(config, db)
    assert done.returncode == 1
    assert f"BROKEN at event {bad_seq}" in done.stdout


def test_cli_exit_zero_when_intact(db: Database, config: StationConfig, station_home: Path) -> None:
    _fill(db, 3)
    done = _verify_cli(config, db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "intact: 3 events" in done.stdout
