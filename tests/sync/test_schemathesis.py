"""Schemathesis against the hub's OpenAPI: generated requests, valid and not, to every
operation, with real tokens so that they reach the handlers. The hub must never answer 5xx
(invalid input is a 4xx) and must answer what its description promises.

One test per operation of the committed description (``resources/api/openapi.json``, kept
equal to the served one by test_hub_api); each runs Hypothesis over the operation's
Schemathesis strategies. (Schemathesis' own ``from_fixture`` loader fails under pytest 9.)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.schemas import BaseSchema

from sync.hub import service
from sync.hub.app import create_app
from sync.protocol import SCHEMA_HEADER, SCHEMA_VERSION
from tests.sync.support import ROOT, catalog_csv, rmas_csv

# Per operation, valid and invalid together: the run stays under a minute. A deeper hunt:
# STATION_FUZZ_EXAMPLES=500 pytest tests/sync/test_schemathesis.py
EXAMPLES = int(os.environ.get("STATION_FUZZ_EXAMPLES", "30"))
STATION_OPERATIONS = {
    ("POST", "/v1/push"),
    ("POST", "/v1/pull"),
    ("PUT", "/v1/blobs/{sha256}"),
    ("HEAD", "/v1/blobs/{sha256}"),
}
# Left out, on purpose:
# - negative_data_rejection: the real tokens and schema header replace the invalid ones it
#   generates, and unknown query parameters are ignored (as HTTP APIs do), so it reports
#   requests that are in fact valid;
# - positive_data_acceptance: CSV and policy files, Content-Range against the body and
#   RMA keys are checked by the hub beyond what a schema can say; those refusals are 422s.
NOT_CHECKED = [
    schemathesis.checks.negative_data_rejection,
    schemathesis.checks.positive_data_acceptance,
]
_SPEC = json.loads((ROOT / "resources" / "api" / "openapi.json").read_text(encoding="utf-8"))
OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in _SPEC["paths"].items()
    for method in item
    if method in ("get", "put", "post", "delete", "patch", "head")
)


@pytest.fixture
def hub_schema(tmp_path: Path) -> Iterator[tuple[BaseSchema, dict[str, str]]]:
    # Long-polls capped: generated pulls ask to wait up to 25 s each.
    app = create_app(f"sqlite:///{tmp_path / 'hub.db'}", webhooks=False, max_pull_wait_s=0.2)
    db = app.state.db
    # Some data, so that reads return rows and generated keys sometimes find something.
    service.import_catalog(db, catalog_csv(5))
    service.import_rmas(db, rmas_csv(5, skus=5))
    code = service.issue_code(db, "bench-01")
    tokens = {
        "station": service.enroll(db, code.code, "bench-01").token,
        "admin": service.create_api_token(db, "admin", "schemathesis"),
    }
    yield schemathesis.openapi.from_asgi("/openapi.json", app), tokens
    db.close()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_generated_requests_get_no_server_error(
    hub_schema: tuple[BaseSchema, dict[str, str]], method: str, path: str
) -> None:
    schema, tokens = hub_schema
    operation = schema[path][method]
    role = "station" if (method, path) in STATION_OPERATIONS else "admin"
    headers = {"Authorization": f"Bearer {tokens[role]}", SCHEMA_HEADER: str(SCHEMA_VERSION)}
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,  # no .hypothesis folder in the working tree
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED)

    check()
