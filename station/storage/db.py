"""Opening the station database: SQLite tuning, one-process lock, Alembic upgrade at start."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be opened or upgraded; the message says what to do."""


class DatabaseInUse(DatabaseError):
    """Another station process holds this database."""


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (sync thread, lead screens) run while the bench commits; FULL makes
    # a committed unit survive power loss, which the audit trail promises.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class ProcessLock:
    """An exclusive advisory lock beside the database file, held while the process runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise DatabaseInUse(
                f"Another station process (pid {holder}) is using {self.path.with_suffix('')}. "
                "Close it first, or point this one at another STATION_HOME / --config."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class Database:
    """An open station database: engine, session factory and the process lock."""

    def __init__(self, url: str, *, lock: bool = True, upgrade_schema: bool = True) -> None:
        self.url = url
        self.sqlite_path = _sqlite_path(url)
        self.write_lock = threading.Lock()
        self._lock: ProcessLock | None = None
        if self.sqlite_path is not None:
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            if lock:
                self._lock = ProcessLock(self.sqlite_path.with_suffix(".db.lock"))
                self._lock.acquire()
        try:
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _tune_sqlite)
            self.sessions = sessionmaker(self.engine, expire_on_commit=False)
            if upgrade_schema:
                upgrade(self.engine, backup_of=self.sqlite_path)
        except Exception:
            self.close()
            raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception.

        Writers of this process take turns on ``write_lock`` (the sync thread's page writes
        share it): waiting on a lock wakes the moment it is free, where SQLite's own busy
        handler sleeps in 25-100 ms steps and would stall the bench.
        """
        with self.write_lock, self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        engine = getattr(self, "engine", None)
        if engine is not None:
            engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def upgrade(engine: Engine, *, backup_of: Path | None = None) -> bool:
    """Bring the schema to the newest revision; returns True when anything was migrated.

    Before migrating a database that already holds data, a copy is kept beside it so that a
    failed or wrong migration never costs the station its records.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return False
    if current is not None and backup_of is not None and backup_of.exists():
        backup = backup_of.with_name(f"{backup_of.name}.before-{head}")
        engine.dispose()
        shutil.copy2(backup_of, backup)
        wal = backup_of.with_name(backup_of.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, backup.with_name(backup.name + "-wal"))
        log.info("backed up %s to %s before migrating %s -> %s", backup_of, backup, current, head)
    cfg = _alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        raise DatabaseError(f"could not upgrade the database schema to {head}: {exc}") from exc
    return True
