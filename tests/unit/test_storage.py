"""Database: migrations from empty, models equal migrations, SQLite tuning, one process only."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from station.config import StationConfig
from station.storage.db import Database, DatabaseInUse, current_revision, head_revision
from station.storage.models import Base, OperatorRow


def test_migrates_from_empty_to_head(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        tables = {
            r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        }
    assert {
        "skus",
        "rmas",
        "rma_lines",
        "units",
        "audit_events",
        "outbox",
        "print_jobs",
        "operators",
        "photos",
        "station_state",
        "alembic_version",
    } <= tables


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models differ from migrations, add a migration: {diff}"


def test_sqlite_is_wal_and_synchronous_full(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_second_process_is_refused_with_a_clear_message(
    db: Database, config: StationConfig
) -> None:
    probe = (
        "import sys\n"
        "from station.storage.db import Database, DatabaseInUse\n"
        f"try:\n    Database({config.db_url!r})\n"
        "except DatabaseInUse as e:\n    print(e); sys.exit(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "Another station process" in done.stdout
    assert "Close it first" in done.stdout


def test_same_process_second_open_is_refused_too(db: Database, config: StationConfig) -> None:
    with pytest.raises(DatabaseInUse):
        Database(config.db_url)


def test_lock_released_on_close(config: StationConfig) -> None:
    Database(config.db_url).close()
    Database(config.db_url).close()


def test_reopen_keeps_data_and_does_not_migrate_again(config: StationConfig) -> None:
    with Database(config.db_url) as first, first.transaction() as s:
        s.add(OperatorRow(badge="B1", name="Ann", role="inspector", pin_hash="x"))
    with Database(config.db_url) as second, second.sessions() as s:
        assert s.query(OperatorRow).count() == 1


def test_upgrade_from_an_older_revision_keeps_a_backup(config: StationConfig) -> None:
    with Database(config.db_url) as d, d.transaction() as s:
        s.add(OperatorRow(badge="B1", name="Ann", role="inspector", pin_hash="x"))
    path = Path(config.paths.database)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'older'")
    con.commit()
    con.close()
    # an unknown older revision cannot be migrated: refused, data untouched
    from station.storage.db import DatabaseError

    with pytest.raises(DatabaseError):
        Database(config.db_url)
    assert list(path.parent.glob("station.db.before-*")), "backup kept before migrating"
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM operators").fetchone()[0] == 1
    con.close()
