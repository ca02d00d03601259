"""The hub on PostgreSQL: the same guarantees, and two hub processes on one database.

Reads ``STATION_TEST_PG_URL`` (e.g. postgresql://station:station@127.0.0.1:5432/station_test);
each test works in its own schema, dropped afterwards. Skips when no server is reachable.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from station.storage.db import Database
from sync.client import HubUnreachable, SyncClient
from sync.hub import service
from sync.hub.db import HubDatabase, normalise_url
from tests.sync.support import (
    HubProcess,
    HubThread,
    assert_hub_matches,
    catalog_csv,
    commit_poison,
    commit_units,
    enroll_station,
)

pytestmark = pytest.mark.postgres
PG_ENV = "STATION_TEST_PG_URL"


@pytest.fixture
def pg_url() -> Iterator[str]:
    base = os.environ.get(PG_ENV, "")
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL to test the hub against")
    url = normalise_url(base)
    admin = create_engine(url, connect_args={"connect_timeout": 3})
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # any connection failure means: no server here
        admin.dispose()
        pytest.skip(f"PostgreSQL at {make_url(url).render_as_string()} not reachable: {exc}")
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _drain(client: SyncClient) -> None:
    for _ in range(40):
        try:
            client.push_once()
        except HubUnreachable:
            continue
        if client.status.pending == 0:
            return
    raise AssertionError(f"not drained: {client.status}")


def test_hub_on_postgres_applies_once_dead_letters_and_serves_changes(
    pg_url: str,
    stations: Callable[[str], Database],
    clients: Callable[..., SyncClient],
) -> None:
    with HubThread(pg_url) as hub:
        db = stations("bench-01")
        token = enroll_station(hub.db, hub.url, "bench-01")
        commit_units(db, "bench-01", 30)
        commit_poison(db, "bench-01")
        client = clients(db, hub.url, token, "bench-01", batch_size=8)
        assert client.push_once().applied == 30
        assert client.push_once().applied == 0
        assert_hub_matches(hub.db, db, "bench-01")
        service.import_catalog(hub.db, catalog_csv(25))
        assert client.pull_once() == 25


def test_two_hub_processes_on_one_database_never_apply_twice(
    pg_url: str,
    stations: Callable[[str], Database],
    clients: Callable[..., SyncClient],
) -> None:
    hub_db = HubDatabase(pg_url)
    with HubProcess(pg_url) as first, HubProcess(pg_url) as second:
        work = []
        for name in ("bench-01", "bench-02"):
            db = stations(name)
            token = enroll_station(hub_db, first.url, name)
            commit_units(db, name, 120)
            commit_poison(db, name)
            commit_units(db, name, 30, start=200)
            # Each station pushes to both hubs at once, with different batch sizes.
            work += [
                (db, clients(db, first.url, token, name, batch_size=9)),
                (db, clients(db, second.url, token, name, batch_size=13)),
            ]
        errors: list[BaseException] = []

        def run(client: SyncClient) -> None:
            try:
                _drain(client)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(c,)) for _db, c in work]
        for t in threads:
            t.start()
        # Meanwhile both hubs take imports: change seqs stay in commit order.
        service.import_catalog(hub_db, catalog_csv(40))
        for t in threads:
            t.join(120)
        assert not errors, errors
        for name, db in (("bench-01", work[0][0]), ("bench-02", work[2][0])):
            assert_hub_matches(hub_db, db, name)
    hub_db.close()
