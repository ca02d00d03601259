"""Push over real HTTP: each mutation applied once, answered per id, rejections both sides."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from station.storage.db import Database
from station.storage.models import OutboxRow
from sync.client import SyncClient
from tests.sync.support import HubThread, assert_hub_matches, commit_poison, commit_units


def test_push_applies_each_unit_once_and_duplicates_answer_with_stored_result(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
) -> None:
    db, token = enrolled("bench-01")
    commit_units(db, "bench-01", 25)
    client = clients(db, hub.url, token, "bench-01", batch_size=10)
    tally = client.push_once()
    assert (tally.applied, tally.duplicates, tally.rejected) == (25, 0, 0)
    assert_hub_matches(hub.db, db, "bench-01")
    # The station forgets it sent them (e.g. a crash before marking): resent, answered dup.
    with db.transaction() as session:
        for row in session.scalars(select(OutboxRow)):
            row.state = "pending"
    tally = client.push_once()
    assert (tally.applied, tally.duplicates) == (0, 25)
    assert_hub_matches(hub.db, db, "bench-01")


def test_poison_mutation_is_dead_lettered_and_never_blocks_the_1000_behind_it(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
) -> None:
    db, token = enrolled("bench-02")
    commit_units(db, "bench-02", 3)
    poison = commit_poison(db, "bench-02")
    from tests.sync.support import commit_units_fast

    commit_units_fast(db, "bench-02", 1000, start=4)
    client = clients(db, hub.url, token, "bench-02")
    tally = client.push_once()
    assert (tally.applied, tally.rejected) == (1003, 1)
    with db.sessions() as session:
        row = session.get(OutboxRow, poison)
        assert row is not None and row.state == "rejected"
        assert "invalid payload" in row.result
    assert client.status.rejected == 1 and client.status.pending == 0
    assert_hub_matches(hub.db, db, "bench-02")
