"""The hub's database: engines for SQLite or PostgreSQL and the Alembic upgrade at start."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "hub_alembic_version"
_UPGRADE_LOCK = 0x5EB5_0001  # PostgreSQL advisory lock: one process migrates at a time


class HubDatabaseError(Exception):
    """The hub database cannot be opened or upgraded; the message says what to do."""


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use psycopg 3 for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun explicitly (see _sqlite_begin) so that writers take the lock
    # up front: two pushes never deadlock upgrading a read lock to a write lock.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class HubDatabase:
    """Two engines on one database: ``writer`` begins IMMEDIATE on SQLite, ``reader`` not."""

    def __init__(self, url: str, *, upgrade_schema: bool = True) -> None:
        self.url = normalise_url(url)
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.writer = create_engine(self.url, connect_args={"check_same_thread": False})
            self.reader = create_engine(self.url, connect_args={"check_same_thread": False})
            for engine, begin in ((self.writer, "BEGIN IMMEDIATE"), (self.reader, "BEGIN")):
                event.listen(engine, "connect", _sqlite_connect)
                event.listen(engine, "begin", _begin_with(begin))
        elif self.dialect == "postgresql":
            self.writer = create_engine(self.url, pool_size=10, max_overflow=20, pool_pre_ping=True)
            self.reader = self.writer
        else:
            raise HubDatabaseError(
                f"unsupported hub database {parsed.drivername!r}: "
                "use sqlite:///FILE or postgresql://USER@HOST/DB"
            )
        self._write_sessions = sessionmaker(self.writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.reader, expire_on_commit=False)
        if upgrade_schema:
            upgrade(self.writer)

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any exception."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.writer.dispose()
        self.reader.dispose()


def _begin_with(statement: str) -> Any:
    def begin(conn: Any) -> None:
        conn.exec_driver_sql(statement)

    return begin


def _alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "no hub migrations shipped"
    return head


def upgrade(engine: Engine) -> None:
    """Bring the hub schema to the newest revision (one process at a time on PostgreSQL)."""
    cfg = _alembic_config()
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _UPGRADE_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        raise HubDatabaseError(
            f"could not upgrade the hub database to {head_revision()}: {exc}"
        ) from exc
