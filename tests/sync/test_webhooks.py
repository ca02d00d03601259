"""Webhooks: the unit feed POSTed to a real receiver on loopback, signed, at least once, with
retries and backoff, one hub process delivering at a time, and the admin API around it."""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, update

from station.storage.db import Database
from sync import local
from sync.client import SyncClient
from sync.hub import service
from sync.hub.db import VERSION_TABLE, HubDatabase
from sync.hub.models import HubBase, WebhookDeliveryRow, WebhookRow
from sync.hub.webhooks import WebhookDispatcher, create_webhook, sign, verify_signature
from sync.protocol import (
    WEBHOOK_ATTEMPT_HEADER,
    WEBHOOK_DELIVERY_HEADER,
    WEBHOOK_SIGNATURE_HEADER,
    Mutation,
    WebhookCreate,
    WebhookDelivery,
)
from tests.sync.support import (
    HubThread,
    admin_headers,
    commit_units,
    enroll_station,
    station_lpn,
)


class Receiver:
    """A WMS endpoint on 127.0.0.1: records every POST and answers from a script of statuses
    (then 200). ``delay_s`` makes it slow, to keep a delivery in flight."""

    def __init__(self, statuses: list[int] | None = None, delay_s: float = 0.0) -> None:
        self.posts: list[tuple[dict[str, str], bytes]] = []
        self.statuses = list(statuses or [])
        self.delay_s = delay_s
        self.in_flight = 0
        self.most_in_flight = 0
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._changed:
                    receiver.in_flight += 1
                    receiver.most_in_flight = max(receiver.most_in_flight, receiver.in_flight)
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    # Recorded before answering: the hub may act on the answer (and a test
                    # look at the posts) before this thread runs again.
                    receiver.posts.append((dict(self.headers.items()), body))
                    receiver._changed.notify_all()
                if receiver.delay_s:
                    time.sleep(receiver.delay_s)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with receiver._changed:
                    receiver.in_flight -= 1
                    receiver._changed.notify_all()

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/wms/units"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(10)

    def wait_for(self, posts: int, timeout_s: float) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.posts) >= posts, timeout=timeout_s):
                raise AssertionError(f"{len(self.posts)} posts in {timeout_s} s, not {posts}")

    def deliveries(self) -> list[WebhookDelivery]:
        """Every POST's body, in arrival order."""
        return [WebhookDelivery.model_validate_json(body) for _h, body in self.posts]


@pytest.fixture
def hub_db(tmp_path: Path) -> Iterator[HubDatabase]:
    db = HubDatabase(f"sqlite:///{tmp_path / 'hub.db'}")
    yield db
    db.close()


def test_units_reach_a_subscriber_signed_and_retried_until_accepted(
    tmp_path: Path, stations: Callable[[str], Database]
) -> None:
    """Through the API and the hub's own delivery thread: two 500s, then accepted."""
    db = HubDatabase(f"sqlite:///{tmp_path / 'hub.db'}")
    dispatcher = WebhookDispatcher(db, poll_s=0.2, retry_base_s=0.1, retry_cap_s=0.5)
    with (
        Receiver(statuses=[500, 503]) as receiver,
        HubThread(db.url, database=db, webhooks=dispatcher) as hub,
    ):
        headers = admin_headers(hub.db)
        created = requests.post(
            f"{hub.url}/v1/admin/webhooks",
            json={"url": receiver.url, "description": "WMS", "since": 0},
            headers=headers,
            timeout=10,
        )
        assert created.status_code == 201, created.text
        secret = created.json()["secret"]
        station = stations("bench-01")
        token = enroll_station(hub.db, hub.url, "bench-01")
        lpns = commit_units(station, "bench-01", 5)
        client = SyncClient(station.engine, hub.url, token, "bench-01")
        try:
            assert client.push_once().applied == 5
        finally:
            client.stop()
        receiver.wait_for(3, 20)
        # The third answer (200) reaches the hub a moment after the receiver counted it.
        deadline = time.monotonic() + 10
        while True:
            listed = requests.get(
                f"{hub.url}/v1/admin/webhooks", headers=headers, timeout=10
            ).json()
            if listed[0]["failures"] == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
    first, second, third = receiver.posts[:3]
    # The same delivery (id and bytes) three times, attempt counted, each one signed.
    ids = {h[WEBHOOK_DELIVERY_HEADER] for h, _b in (first, second, third)}
    assert len(ids) == 1 and first[1] == second[1] == third[1]
    assert [h[WEBHOOK_ATTEMPT_HEADER] for h, _b in (first, second, third)] == ["1", "2", "3"]
    for h, body in receiver.posts:
        assert verify_signature(secret, body, h[WEBHOOK_SIGNATURE_HEADER])
        assert not verify_signature(secret, body + b" ", h[WEBHOOK_SIGNATURE_HEADER])
    delivery = WebhookDelivery.model_validate_json(third[1])
    assert delivery.delivery_id in ids and delivery.event == "units"
    assert [u.lpn for u in delivery.units] == lpns
    assert delivery.units[0].unit["grade"] == "A"  # the unit as the feed serves it
    assert "secret" not in listed[0]
    assert listed[0]["feed_seq"] == delivery.last_seq and listed[0]["failures"] == 0
    assert listed[0]["last_error"] == ""


def test_failures_back_off_and_show_until_the_receiver_accepts(
    hub_db: HubDatabase, stations: Callable[[str], Database]
) -> None:
    with Receiver(statuses=[500, 500, 500]) as receiver:
        hook = create_webhook(hub_db, WebhookCreate(url=receiver.url, since=0))
        _push_units(hub_db, stations, "bench-01", 3)
        dispatcher = WebhookDispatcher(hub_db, retry_base_s=5.0, retry_cap_s=10.0)
        waits = []
        try:
            assert dispatcher.run_once() == 0
            for _attempt in range(2):
                row = _webhook(hub_db, hook.id)
                assert row.failures == len(receiver.posts)
                assert "HTTP 500" in row.last_error
                waits.append((row.next_attempt_at - service.utcnow()).total_seconds())
                # Not due yet: nothing is sent before the backoff has passed.
                assert dispatcher.run_once() == 0 and len(receiver.posts) == len(waits)
                _make_due(hub_db, hook.id)
                dispatcher.run_once()
            assert len(receiver.posts) == 3
            _make_due(hub_db, hook.id)
            assert dispatcher.run_once() == 1
        finally:
            dispatcher.stop()
    assert 2.0 < waits[0] <= 5.0 and 4.5 < waits[1] <= 10.0  # jittered, doubling, capped
    row = _webhook(hub_db, hook.id)
    assert (row.failures, row.last_error) == (0, "")
    assert len({h[WEBHOOK_DELIVERY_HEADER] for h, _b in receiver.posts}) == 1


def test_two_hub_processes_never_deliver_the_same_batch_at_once(
    hub_db: HubDatabase, stations: Callable[[str], Database]
) -> None:
    """Two dispatchers (as in two hub processes) on one database, a slow receiver: the lease
    lets one deliver for the subscriber at a time, so each unit arrives exactly once."""
    with Receiver(delay_s=0.05) as receiver:
        create_webhook(hub_db, WebhookCreate(url=receiver.url, since=0))
        lpns = _push_units(hub_db, stations, "bench-01", 250)
        dispatchers = [WebhookDispatcher(hub_db, batch_units=20) for _ in range(2)]
        made = [0, 0]

        def run(n: int) -> None:
            for _round in range(30):
                made[n] += dispatchers[n].run_once()

        threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        for dispatcher in dispatchers:
            dispatcher.stop()
    received = [u.lpn for d in receiver.deliveries() for u in d.units]
    assert sorted(received) == sorted(lpns)  # each once: none lost, none doubled
    assert receiver.most_in_flight == 1
    assert sum(made) == len(receiver.posts) == 13


def test_a_subscriber_is_claimed_by_one_process_at_a_time(hub_db: HubDatabase) -> None:
    assert claims_at_once(hub_db, 8) == 1


def claims_at_once(hub_db: HubDatabase, processes: int) -> int:
    """How many of ``processes`` dispatchers, claiming the same subscriber at the same
    moment, got it (the PostgreSQL tests call this too)."""
    hook = create_webhook(hub_db, WebhookCreate(url="http://127.0.0.1:9/wms"))
    dispatchers = [WebhookDispatcher(hub_db) for _ in range(processes)]
    start = threading.Barrier(processes, timeout=30)
    won: list[bool] = []

    def claim(dispatcher: WebhookDispatcher) -> None:
        start.wait()
        won.append(dispatcher._claim(hook.id))

    threads = [threading.Thread(target=claim, args=(d,)) for d in dispatchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for dispatcher in dispatchers:
        dispatcher.stop()
    assert len(won) == processes
    return sum(won)


def test_a_batch_left_by_a_dead_process_is_resent_with_its_id(
    hub_db: HubDatabase, stations: Callable[[str], Database]
) -> None:
    with Receiver() as receiver:
        hook = create_webhook(hub_db, WebhookCreate(url=receiver.url, since=0))
        _push_units(hub_db, stations, "bench-01", 4)
        dead = WebhookDispatcher(hub_db)
        assert dead._claim(hook.id)
        made = dead._next_delivery(hook.id)  # the batch is stored ... and the process dies
        assert made is not None
        survivor = WebhookDispatcher(hub_db)
        try:
            assert survivor.run_once() == 0  # the lease still holds
            with hub_db.write() as session:
                session.execute(
                    update(WebhookRow).values(lease_until=service.utcnow() - timedelta(seconds=1))
                )
            assert survivor.run_once() == 1
            assert dead._record(hook.id, made[0], 200, "") is False  # too late: not its lease
        finally:
            dead.stop()
            survivor.stop()
    assert [h[WEBHOOK_DELIVERY_HEADER] for h, _b in receiver.posts] == [made[0]]
    assert receiver.posts[0][1] == made[1]
    with hub_db.read() as session:
        row = session.get(WebhookDeliveryRow, made[0])
        assert row is not None and row.delivered_at is not None and row.attempts == 1


def test_only_admins_manage_webhooks_and_bad_urls_are_refused(tmp_path: Path) -> None:
    with HubThread(f"sqlite:///{tmp_path / 'hub.db'}", webhooks=False) as hub:
        admin = admin_headers(hub.db)
        integration = service.create_api_token(hub.db, "integration", "wms")
        url = f"{hub.url}/v1/admin/webhooks"
        assert (
            requests.get(url, headers={"Authorization": f"Bearer {integration}"}, timeout=10)
        ).status_code == 403
        for bad in ("ftp://wms.example/x", "http://", "not a url", "http:// x"):
            answer = requests.post(url, json={"url": bad}, headers=admin, timeout=10)
            assert answer.status_code == 422, (bad, answer.text)
        created = requests.post(
            url,
            json={"url": "https://wms.example/hook", "station": "bench-01"},
            headers=admin,
            timeout=10,
        ).json()
        assert created["secret"].startswith("whs_") and created["station"] == "bench-01"
        gone = requests.delete(f"{url}/{created['id']}", headers=admin, timeout=10)
        assert gone.status_code == 204
        assert requests.delete(f"{url}/999", headers=admin, timeout=10).status_code == 404
        listed = requests.get(url, headers=admin, timeout=10).json()
        assert [w["active"] for w in listed] == [False]


def test_signature_is_hmac_sha256_of_the_body() -> None:
    body = json.dumps({"units": []}).encode()
    expected = "sha256=" + hmac.new(b"k", body, "sha256").hexdigest()
    assert sign("k", body) == expected
    assert verify_signature("k", body, expected)
    assert not verify_signature("other", body, expected)


def test_hub_migrations_match_the_models(hub_db: HubDatabase) -> None:
    with hub_db.writer.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), HubBase.metadata)
    assert [d for d in diff if VERSION_TABLE not in str(d)] == []


# -- helpers ------------------------------------------------------------------------------------


def _push_units(
    hub_db: HubDatabase, stations: Callable[[str], Database], name: str, count: int
) -> list[str]:
    station = stations(name)
    commit_units(station, name, count)
    with station.sessions() as session:
        batch = local.pending_batch(session, count)
    code = service.issue_code(hub_db, name)
    service.enroll(hub_db, code.code, name)
    answer = service.push(hub_db, name, [Mutation.model_validate(e.as_json()) for e in batch])
    assert all(r.status == "applied" for r in answer.results)
    return [station_lpn(name, n) for n in range(1, count + 1)]


def _webhook(hub_db: HubDatabase, webhook_id: int) -> Any:
    with hub_db.read() as session:
        row = session.scalars(select(WebhookRow).where(WebhookRow.id == webhook_id)).one()
        row.next_attempt_at = service._aware(row.next_attempt_at)
        session.expunge(row)
        return row


def _make_due(hub_db: HubDatabase, webhook_id: int) -> None:
    with hub_db.write() as session:
        session.execute(
            update(WebhookRow)
            .where(WebhookRow.id == webhook_id)
            .values(next_attempt_at=service.utcnow() - timedelta(seconds=1))
        )
