"""Hub API: enrollment, tokens and roles, schema version (426), feeds, KPIs, OpenAPI file."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from station.storage.db import Database
from station.storage.models import OutboxRow
from sync.client import HubApi, HubRefused, SyncClient, UpdateNeeded
from sync.hub import service
from sync.hub.app import create_app
from sync.protocol import SCHEMA_HEADER, Mutation
from tests.sync.support import (
    ROOT,
    HubThread,
    admin_headers,
    commit_poison,
    commit_units,
    enroll_station,
)

OPENAPI = ROOT / "resources" / "api" / "openapi.json"


def test_committed_openapi_equals_the_served_one(tmp_path: Path, hub: HubThread) -> None:
    committed = json.loads(OPENAPI.read_text(encoding="utf-8"))
    app = create_app(f"sqlite:///{tmp_path / 'spec.db'}")
    try:
        assert committed == app.openapi(), (
            "regenerate: station hub --db sqlite:// openapi > resources/api/openapi.json"
        )
    finally:
        app.state.db.close()
    assert requests.get(f"{hub.url}/openapi.json", timeout=10).json() == committed


def test_enrollment_code_is_one_time_bound_to_its_station_and_stored_hashed(
    hub: HubThread,
) -> None:
    code = service.issue_code(hub.db, "bench-03")
    api = HubApi(hub.url)
    try:
        try:
            api.enroll(code.code, "bench-04")
            raise AssertionError("a code issued for bench-03 enrolled bench-04")
        except HubRefused as exc:
            assert exc.status == 403 and "bench-03" in str(exc)
        answer = api.enroll(code.code.lower().replace("-", ""), "bench-03")
        assert answer.token.startswith("st_") and answer.last_mutation_id == 0
        try:
            api.enroll(code.code, "bench-03")
            raise AssertionError("a used code enrolled again")
        except HubRefused as exc:
            assert exc.status == 401
    finally:
        api.close()
    db_file = Path(hub.db.url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
    assert code.station.encode() in raw  # the files do hold the data, WAL included
    assert answer.token.encode() not in raw and code.code.encode() not in raw
    who = HubApi(hub.url, answer.token)
    try:
        assert who.whoami().name == "bench-03"
    finally:
        who.close()


def test_tokens_only_do_what_their_role_allows(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
) -> None:
    _db, station_token = enrolled("bench-01")
    integration = service.create_api_token(hub.db, "integration", "wms")
    headers = {SCHEMA_HEADER: "1"}

    def status(
        method: str, path: str, token: str, body: Any = None, data: bytes | None = None
    ) -> int:
        response = requests.request(
            method,
            hub.url + path,
            timeout=10,
            json=body,
            data=data,
            headers=headers | {"Authorization": f"Bearer {token}"},
        )
        return response.status_code

    assert status("GET", "/v1/units", station_token) == 403
    assert status("GET", "/v1/units", integration) == 200
    assert status("POST", "/v1/import/operators", integration, data=b"badge,name,role,pin\n") == 403
    push = {"station": "bench-01", "mutations": []}
    assert status("POST", "/v1/push", integration, push) == 403
    assert status("POST", "/v1/push", "st_forged", push) == 401
    assert status("POST", "/v1/push", station_token, push | {"station": "bench-02"}) == 403
    assert (
        requests.post(
            f"{hub.url}/v1/push", json=push, timeout=10, headers={SCHEMA_HEADER: "1"}
        ).status_code
        == 401
    )


def test_old_client_gets_update_needed_and_keeps_its_queue(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
) -> None:
    db, token = enrolled("bench-01")
    commit_units(db, "bench-01", 3)
    response = requests.post(
        f"{hub.url}/v1/push",
        json={"station": "bench-01", "mutations": []},
        headers={SCHEMA_HEADER: "0", "Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 426
    assert response.json()["error"] == "update_needed"
    assert "Update needed" in response.json()["message"]
    client = clients(db, hub.url, token, "bench-01")
    client._hub = (hub.url, token, True, 5.0, 10.0)
    old = HubApi(hub.url, token)
    old._session.headers[SCHEMA_HEADER] = "0"
    try:
        client.push_once(old)
        raise AssertionError("an unsupported schema was accepted")
    except UpdateNeeded as exc:
        client._failed(exc)
    finally:
        old.close()
    assert client.status.update_needed and "Update needed" in client.status.last_error
    assert client.status.pending == 3  # nothing lost, nothing marked


def test_id_reused_after_a_restored_station_database_is_kept_not_dropped(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
) -> None:
    _db, _token = enrolled("bench-01")
    first = Mutation(
        mutation_id=1,
        uuid="a" * 36,
        kind="unit.completed",
        payload={"station": "bench-01", "unit": {}},
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert service.push(hub.db, "bench-01", [first]).results[0].status == "rejected"
    again = first.model_copy(update={"uuid": "b" * 36})
    answer = service.push(hub.db, "bench-01", [again, again])
    assert [r.status for r in answer.results] == ["rejected", "duplicate"]
    assert "restored" in answer.results[0].reason
    letters = service.dead_letters(hub.db, station="bench-01", limit=10)
    assert [d.uuid for d in letters] == ["a" * 36, "b" * 36]
    gap = first.model_copy(update={"uuid": "c" * 36, "mutation_id": 5})
    result = service.push(hub.db, "bench-01", [gap]).results[0]
    assert (result.status, result.expected_id) == ("gap", 2)


def test_unit_feed_pages_for_the_wms_and_kpis_aggregate(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
) -> None:
    for name in ("bench-01", "bench-02"):
        db, token = enrolled(name)
        commit_units(db, name, 4)
        commit_poison(db, name)
        clients(db, hub.url, token, name).push_once()
    headers = admin_headers(hub.db)
    seen, since = [], 0
    for _ in range(10):
        page = requests.get(
            f"{hub.url}/v1/units", params={"since": since, "limit": 3}, headers=headers, timeout=10
        ).json()
        seen += [u["lpn"] for u in page["units"]]
        since = page["next"]
        if not page["has_more"]:
            break
    assert len(seen) == len(set(seen)) == 8
    only = requests.get(
        f"{hub.url}/v1/units", params={"station": "bench-02"}, headers=headers, timeout=10
    ).json()
    assert {u["station"] for u in only["units"]} == {"bench-02"}
    kpis = requests.get(f"{hub.url}/v1/kpis", headers=headers, timeout=10).json()
    assert kpis["units"] == 8 and kpis["by_station"] == {"bench-01": 4, "bench-02": 4}
    assert kpis["restock_rate"] == 1.0 and kpis["dead_letters"] == 2
    letters = requests.get(f"{hub.url}/v1/dead-letters", headers=headers, timeout=10).json()
    assert {d["station"] for d in letters} == {"bench-01", "bench-02"}
    assert requests.get(f"{hub.url}/health", timeout=10).json()["status"] == "ok"


def test_reenrolled_station_continues_after_the_ids_the_hub_holds(
    hub: HubThread,
    enrolled: Callable[[str], tuple[Database, str]],
    clients: Callable[..., SyncClient],
) -> None:
    db, token = enrolled("bench-01")
    commit_units(db, "bench-01", 5)
    clients(db, hub.url, token, "bench-01").push_once()
    code = service.issue_code(hub.db, "bench-01")
    answer = service.enroll(hub.db, code.code, "bench-01")
    assert answer.last_mutation_id == 5
    assert enroll_station(hub.db, hub.url, "bench-01") != token
    with db.sessions() as session:
        assert len(list(session.scalars(select(OutboxRow)))) == 5
