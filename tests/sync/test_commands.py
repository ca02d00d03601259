"""Headless commands: station hub issue-code / create-token, enroll, sync --once --json, doctor."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from station.config import load_config
from station.storage.db import Database
from sync import local
from sync.__main__ import main
from sync.commands import add_sync_parsers, doctor_checks
from tests.sync.support import HubThread, commit_poison, commit_units, free_port


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "station.toml").write_text('[station]\nid = "bench-05"\nnumber = 5\n')
    monkeypatch.setenv("STATION_HOME", str(folder))
    return folder


def test_parsers_register_with_func_and_config(home: Path) -> None:
    parser = argparse.ArgumentParser()
    add_sync_parsers(parser.add_subparsers(dest="command"))
    for argv in (
        ["enroll", "--hub", "http://h", "--code", "C", "--config", "x.toml"],
        ["sync", "--once", "--json", "--config", "x.toml"],
        ["hub", "--db", "sqlite://", "--port", "9"],
        ["hub", "--config", "x.toml", "issue-code", "--station", "b"],
        ["hub", "create-token", "--role", "integration", "--db", "sqlite://"],
    ):
        args = parser.parse_args(argv)
        assert callable(args.func)
    args = parser.parse_args(["hub", "--db", "sqlite:///a.db", "issue-code", "--station", "b"])
    assert args.db == "sqlite:///a.db" and args.hub_action == "issue-code"


def test_issue_code_enroll_sync_once_json_and_doctor(
    home: Path,
    hub: HubThread,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["hub", "--db", hub.db_url, "issue-code", "--station", "bench-05"]) == 0
    code = capsys.readouterr().out.strip()
    assert len(code) == 19
    assert main(["hub", "create-token", "--role", "integration", "--db", hub.db_url]) == 0
    assert capsys.readouterr().out.startswith("int_")
    config = load_config(None)
    checks = doctor_checks(config)
    assert [c.ok for c in checks] == [True] and "standalone" in checks[0].detail
    assert main(["enroll", "--hub", hub.url, "--code", code]) == 0
    assert "enrolled bench-05" in capsys.readouterr().out
    assert main(["enroll", "--hub", hub.url, "--code", code]) == 1  # one-time
    assert "already used" in capsys.readouterr().err
    with Database(config.db_url, lock=False) as db:
        commit_units(db, "bench-05", 4)
        commit_poison(db, "bench-05")
    assert main(["sync", "--once", "--json"]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert (outcome["applied"], outcome["rejected"], outcome["pending"]) == (4, 1, 0)
    assert outcome["rejected_mutations"][0]["reason"].startswith("invalid payload")
    by_name = {c.name: c for c in doctor_checks(config)}
    assert by_name["hub"].ok and "bench-05" in by_name["hub"].detail
    assert not by_name["sync queue"].ok and "1 rejected" in by_name["sync queue"].detail


def test_sync_when_hub_is_down_fails_clearly_and_keeps_the_queue(
    home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = load_config(None)
    config.paths.ensure()
    assert main(["sync", "--once"]) == 1
    assert "not enrolled" in capsys.readouterr().err
    with Database(config.db_url, lock=False) as db:
        with db.transaction() as session:
            local.set_state(session, local.HUB_URL_KEY, f"http://127.0.0.1:{free_port()}")
            local.set_state(session, local.HUB_TOKEN_KEY, "st_x")
        commit_units(db, "bench-05", 2)
    assert main(["sync", "--once"]) == 1
    captured = capsys.readouterr()
    assert "pending 2" in captured.out and "unreachable" in captured.err
    checks = {c.name: c for c in doctor_checks(config)}
    assert not checks["hub"].ok and checks["hub"].fix
