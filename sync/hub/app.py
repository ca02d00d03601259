"""The hub's HTTP API (FastAPI): thin handlers over :mod:`sync.hub.service`.

Authentication is a bearer token: a station's (from enrollment) for push, pull and photo
blobs; an ``admin`` or ``integration`` token (``station hub create-token``) for imports,
the unit feed, KPIs and dead letters. Station endpoints require the ``X-Station-Schema``
header; an unsupported version gets HTTP 426 "update needed".
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import make_url
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.hub import service
from sync.hub.db import HubDatabase
from sync.hub.service import HubError, Principal
from sync.hub.webhooks import (
    WebhookDispatcher,
    create_webhook,
    deactivate_webhook,
    list_webhooks,
    prune_deliveries,
)
from sync.protocol import (
    MAX_PULL_WAIT_S,
    MAX_SEQ,
    SCHEMA_HEADER,
    SCHEMA_VERSION,
    SUPPORTED_SCHEMAS,
    AssignmentRequest,
    BlobState,
    DeadLetterOut,
    EnrollmentCode,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    Health,
    ImportSummary,
    IssueCodeRequest,
    Kpis,
    PolicyRecord,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    UnitPage,
    WebhookCreate,
    WebhookCreated,
    WebhookOut,
    WhoAmI,
)

API_VERSION = "1.0.0"
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$|^bytes \*/(\d+)$")
_SHA = Path(pattern=r"^[0-9a-f]{64}$", description="sha256 of the blob, lowercase hex")
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (400, "the body cannot be parsed (not JSON)"),
        (401, "unknown or missing token"),
        (403, "token may not do this"),
        (422, "request not valid"),
        (426, "update needed: unsupported schema"),
    )
}


class UpdateNeeded(HubError):
    status, code = 426, "update_needed"


def _schema_message(version: int | None) -> str:
    newest = max(SUPPORTED_SCHEMAS)
    if version is None:
        return (
            f"This client sent no {SCHEMA_HEADER} header. Update the station software "
            f"(the hub speaks sync schema {sorted(SUPPORTED_SCHEMAS)}); the station keeps "
            "its queue until then."
        )
    if version < min(SUPPORTED_SCHEMAS):
        return (
            f"Update needed: this station speaks sync schema {version}, the hub needs "
            f"{newest}. Install the current station software; inspections stay queued "
            "on the station and are sent after the update."
        )
    return (
        f"Update needed on the hub: this station speaks sync schema {version}, the hub "
        f"only up to {newest}. Ask IT to update the hub; inspections stay queued."
    )


def require_schema(
    x_station_schema: Annotated[int | None, Header(alias=SCHEMA_HEADER)] = None,
) -> int:
    if x_station_schema not in SUPPORTED_SCHEMAS:
        raise UpdateNeeded(_schema_message(x_station_schema))
    assert x_station_schema is not None
    return x_station_schema


def check_schema(
    x_station_schema: Annotated[int | None, Header(alias=SCHEMA_HEADER)] = None,
) -> None:
    """Integrations may omit the header; a version they do send must be supported."""
    if x_station_schema is not None and x_station_schema not in SUPPORTED_SCHEMAS:
        raise UpdateNeeded(_schema_message(x_station_schema))


_bearer = HTTPBearer(auto_error=False, description="station, admin or integration token")


def _db(request: Request) -> HubDatabase:
    db: HubDatabase = request.app.state.db
    return db


def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or not credentials.credentials:
        raise service.Unauthorized(
            "Send the station's or an API token as 'Authorization: Bearer TOKEN'."
        )
    return service.authenticate(_db(request), credentials.credentials)


def _allow(*kinds: str) -> Callable[[Principal], Principal]:
    def check(who: Annotated[Principal, Depends(principal)]) -> Principal:
        if who.kind not in kinds:
            raise service.Forbidden(
                f"a {who.kind} token may not do this (needs {' or '.join(kinds)})"
            )
        return who

    return check


StationCaller = Annotated[Principal, Depends(_allow("station"))]
AnyCaller = Annotated[Principal, Depends(principal)]
Integration = Annotated[Principal, Depends(_allow("admin", "integration"))]
Admin = Annotated[Principal, Depends(_allow("admin"))]
Schema = Annotated[int, Depends(require_schema)]


def _error(
    status: int,
    code: str,
    message: str,
    details: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(
        error=code,
        message=message,
        details=details or [],
        supported_schemas=sorted(SUPPORTED_SCHEMAS) if status == 426 else [],
    )
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _json(model: Any) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


def create_app(
    db_url: str,
    *,
    database: HubDatabase | None = None,
    webhooks: WebhookDispatcher | bool = True,
    max_pull_wait_s: float = MAX_PULL_WAIT_S,
) -> FastAPI:
    """The hub application on the database at ``db_url`` (migrated to the newest schema).

    ``max_pull_wait_s`` caps a pull's long-poll below what a client asks, for proxies with a
    shorter idle timeout (and for fuzzing, where thousands of generated pulls would each wait).

    While the app is served, a :class:`WebhookDispatcher` thread delivers the unit feed to
    webhook subscribers (``webhooks=False``: none; or pass one configured for tests).
    """
    db = database or HubDatabase(db_url)
    dispatcher: WebhookDispatcher | None
    if isinstance(webhooks, WebhookDispatcher):
        dispatcher = webhooks
    else:
        dispatcher = WebhookDispatcher(db) if webhooks else None

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if dispatcher is not None:
            dispatcher.start()
        try:
            yield
        finally:
            if dispatcher is not None:
                await run_in_threadpool(dispatcher.stop)
            if database is None:
                db.close()

    app = FastAPI(
        title="Returns bench station hub",
        version=API_VERSION,
        description=(
            "Reference central service of the returns bench stations: enrollment, "
            "outbox push, change-log pull, photo blobs, imports, unit feed and KPIs. "
            f"Station requests carry `{SCHEMA_HEADER}: {SCHEMA_VERSION}`."
        ),
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.webhooks = dispatcher

    @app.exception_handler(HubError)
    async def hub_error(_request: Request, exc: HubError) -> JSONResponse:
        headers = {}
        if isinstance(exc, service.Conflict):
            headers["Upload-Offset"] = str(exc.offset)
        if isinstance(exc, service.Unavailable):
            headers["Retry-After"] = "2"
        return _error(exc.status, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        # FastAPI's own refusals (an unparsable body, an unknown path or method) in the
        # hub's error format like every other non-2xx answer.
        codes = {400: "invalid", 404: "not_found", 405: "method_not_allowed"}
        return _error(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            str(exc.detail),
            headers=dict(exc.headers or {}),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return _error(422, "invalid", "The request is not valid.", details[:50])

    @app.get("/health", response_model=Health, tags=["operations"])
    def health() -> Health:
        return Health(
            status="ok",
            schema_versions=sorted(SUPPORTED_SCHEMAS),
            database=make_url(db.url).get_backend_name(),
        )

    @app.post("/v1/enroll", response_model=EnrollResponse, responses=_ERRORS, tags=["station"])
    def enroll(body: EnrollRequest, _schema: Schema) -> EnrollResponse:
        """Exchange a one-time enrollment code for the station's bearer token."""
        return service.enroll(db, body.code, body.station)

    @app.get("/v1/whoami", response_model=WhoAmI, responses=_ERRORS, tags=["station"])
    def whoami(who: AnyCaller, _schema: Annotated[None, Depends(check_schema)]) -> WhoAmI:
        last = service.station_last_id(db, who.name) if who.kind == "station" else None
        return WhoAmI(kind=who.kind, name=who.name, last_mutation_id=last)

    @app.post("/v1/push", response_model=PushResponse, responses=_ERRORS, tags=["station"])
    def push(body: PushRequest, who: StationCaller, _schema: Schema) -> Response:
        """Apply outbox mutations in id order; every mutation gets its own answer."""
        if body.station != who.name:
            raise service.Forbidden(f"this token belongs to {who.name}, not {body.station}")
        answer = service.push(db, who.name, body.mutations)
        if dispatcher is not None and any(r.status == "applied" for r in answer.results):
            dispatcher.wake()
        return _json(answer)

    @app.post("/v1/pull", response_model=PullResponse, responses=_ERRORS, tags=["station"])
    async def pull(body: PullRequest, _who: StationCaller, _schema: Schema) -> Response:
        """Changes after the cursor (long-polls up to ``wait_s`` when there are none)."""
        page = await run_in_threadpool(service.pull_page, db, body)
        deadline = time.monotonic() + min(body.wait_s, max_pull_wait_s)
        while not page.changes and not page.snapshot and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            if await run_in_threadpool(service.latest_change, db) > body.cursor:
                page = await run_in_threadpool(service.pull_page, db, body)
        return Response(page.body, media_type="application/json")

    @app.head(
        "/v1/blobs/{sha256}",
        responses={
            200: {"description": "complete"},
            401: {"description": "unknown or missing token"},
            403: {"description": "token may not do this"},
            404: {"description": "absent or partial"},
            422: {"description": "request not valid"},
            426: {"description": "update needed: unsupported schema"},
        },
        tags=["station"],
    )
    def blob_head(sha256: Annotated[str, _SHA], _who: AnyCaller, _schema: Schema) -> Response:
        """``Upload-Offset`` says how many bytes the hub holds; 200 only when complete."""
        state = service.blob_state(db, sha256)
        headers = {"Upload-Offset": str(state.received)}
        if state.size is not None:
            headers["Upload-Length"] = str(state.size)
        return Response(status_code=200 if state.complete else 404, headers=headers)

    @app.put(
        "/v1/blobs/{sha256}",
        response_model=BlobState,
        responses=_ERRORS
        | {409: {"model": ErrorBody, "description": "wrong offset; see Upload-Offset"}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
        tags=["station"],
    )
    async def blob_put(
        sha256: Annotated[str, _SHA],
        request: Request,
        who: StationCaller,
        _schema: Schema,
        content_range: Annotated[str, Header(description="bytes START-END/TOTAL")] = "",
    ) -> BlobState:
        """Append a chunk (``Content-Range: bytes START-END/TOTAL``); resumable."""
        data = await request.body()
        match = _RANGE.match(content_range.strip())
        if match is None:
            raise service.Invalid(
                "Content-Range must be 'bytes START-END/TOTAL' "
                "(or 'bytes */TOTAL' for an empty blob)"
            )
        if match.group(4) is not None:
            start, end, total = 0, -1, int(match.group(4))
        else:
            start, end, total = (int(g) for g in match.group(1, 2, 3))
        if end - start + 1 != len(data):
            raise service.Invalid(
                f"Content-Range covers {end - start + 1} bytes, the body has {len(data)}"
            )
        return await run_in_threadpool(
            service.blob_put, db, sha256, start=start, total=total, data=data, station=who.name
        )

    @app.get(
        "/v1/blobs/{sha256}",
        responses=_ERRORS
        | {
            200: {"content": {"application/octet-stream": {}}, "description": "the bytes"},
            404: {"model": ErrorBody, "description": "no complete blob"},
        },
        tags=["integration"],
    )
    def blob_get(
        sha256: Annotated[str, _SHA],
        _who: AnyCaller,
        _schema: Annotated[None, Depends(check_schema)],
    ) -> Response:
        return Response(service.blob_bytes(db, sha256), media_type="application/octet-stream")

    def _csv_import(
        path: str, run: Callable[[HubDatabase, str], ImportSummary], guard: Any, summary: str
    ) -> None:
        csv_body = {
            "requestBody": {
                "required": True,
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }

        @app.post(
            path,
            response_model=ImportSummary,
            summary=summary,
            tags=["integration"],
            responses=_ERRORS,
            dependencies=[Depends(guard)],
            openapi_extra=csv_body,
        )
        async def import_csv(
            request: Request, _schema: Annotated[None, Depends(check_schema)]
        ) -> ImportSummary:
            raw = await request.body()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise service.Invalid(f"the CSV is not UTF-8: {exc}") from exc
            return await run_in_threadpool(run, db, text)

    _csv_import(
        "/v1/import/catalog",
        service.import_catalog,
        _allow("admin", "integration"),
        "Import the SKU catalog (station CSV columns); all rows or none",
    )
    _csv_import(
        "/v1/import/rmas",
        service.import_rmas,
        _allow("admin", "integration"),
        "Import RMAs (station CSV columns); all rows or none",
    )
    _csv_import(
        "/v1/import/operators",
        service.import_operators,
        _allow("admin"),
        "Import operators with PINs (hashed on arrival); all rows or none",
    )

    @app.post(
        "/v1/import/policy", response_model=ImportSummary, responses=_ERRORS, tags=["integration"]
    )
    def import_policy(
        body: PolicyRecord, _who: Admin, _schema: Annotated[None, Depends(check_schema)]
    ) -> ImportSummary:
        """Publish a policy version (the TOML files); checked exactly as a station loads it."""
        return service.import_policy(db, body)

    @app.post(
        "/v1/rmas/{rma}/assignment",
        status_code=204,
        responses=_ERRORS | {404: {"model": ErrorBody, "description": "RMA not known"}},
        tags=["integration"],
    )
    def assign(
        rma: Annotated[str, Path(max_length=40)],
        body: AssignmentRequest,
        _who: Integration,
        _schema: Annotated[None, Depends(check_schema)],
    ) -> Response:
        """Move an RMA to a bench's queue; stations learn it through pull."""
        service.reassign(db, rma, body.bench)
        return Response(status_code=204)

    @app.get("/v1/units", response_model=UnitPage, responses=_ERRORS, tags=["integration"])
    def units(
        _who: Integration,
        _schema: Annotated[None, Depends(check_schema)],
        since: Annotated[
            int, Query(ge=0, le=MAX_SEQ, description="feed position from the last page")
        ] = 0,
        station: Annotated[str | None, Query(max_length=40)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> Response:
        """Units in the order the hub recorded them (each new version of a unit again)."""
        return _json(service.units_page(db, since=since, station=station, limit=limit))

    @app.get(
        "/v1/dead-letters",
        response_model=list[DeadLetterOut],
        responses=_ERRORS,
        tags=["integration"],
    )
    def dead_letters(
        _who: Integration,
        _schema: Annotated[None, Depends(check_schema)],
        station: Annotated[str | None, Query(max_length=40)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> list[DeadLetterOut]:
        """Rejected mutations, kept whole for a lead."""
        return service.dead_letters(db, station=station, limit=limit)

    @app.get("/v1/kpis", response_model=Kpis, responses=_ERRORS, tags=["integration"])
    def kpis(
        _who: Integration,
        _schema: Annotated[None, Depends(check_schema)],
        since: Annotated[datetime | None, Query()] = None,
    ) -> Kpis:
        """KPIs over the units of all stations (optionally those recorded since a time)."""
        return service.kpis(db, since=since)

    @app.post(
        "/v1/admin/enrollment-codes",
        response_model=EnrollmentCode,
        responses=_ERRORS,
        tags=["admin"],
    )
    def issue_code(
        body: IssueCodeRequest, _who: Admin, _schema: Annotated[None, Depends(check_schema)]
    ) -> EnrollmentCode:
        return service.issue_code(db, body.station, ttl_hours=body.ttl_hours)

    @app.post("/v1/admin/prune", responses=_ERRORS, tags=["admin"])
    def prune(
        _who: Admin,
        _schema: Annotated[None, Depends(check_schema)],
        keep_days: Annotated[float, Query(gt=0, le=3650)] = 30.0,
    ) -> dict[str, int]:
        """Drop change-log entries (late stations get a snapshot) and delivered webhook
        batches older than ``keep_days``."""
        keep = timedelta(days=keep_days)
        return {
            "removed": service.prune_changes(db, keep=keep),
            "deliveries_removed": prune_deliveries(db, keep=keep),
        }

    @app.post(
        "/v1/admin/webhooks",
        status_code=201,
        response_model=WebhookCreated,
        responses=_ERRORS,
        tags=["admin"],
    )
    def add_webhook(
        body: WebhookCreate, _who: Admin, _schema: Annotated[None, Depends(check_schema)]
    ) -> WebhookCreated:
        """Subscribe a URL to the unit feed: the hub POSTs signed batches of units to it
        (body: WebhookDelivery; headers X-Hub-Delivery, X-Hub-Attempt, X-Hub-Signature-256),
        at least once, retrying with backoff until it answers 2xx."""
        created = create_webhook(db, body)
        if dispatcher is not None:
            dispatcher.wake()
        return created

    @app.get(
        "/v1/admin/webhooks",
        response_model=list[WebhookOut],
        responses=_ERRORS,
        tags=["admin"],
    )
    def webhooks_list(
        _who: Admin, _schema: Annotated[None, Depends(check_schema)]
    ) -> list[WebhookOut]:
        """Subscribers with their feed position, failures and last error (no secrets)."""
        return list_webhooks(db)

    @app.delete(
        "/v1/admin/webhooks/{webhook_id}",
        status_code=204,
        responses=_ERRORS | {404: {"model": ErrorBody, "description": "no such webhook"}},
        tags=["admin"],
    )
    def remove_webhook(
        webhook_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        _who: Admin,
        _schema: Annotated[None, Depends(check_schema)],
    ) -> Response:
        """Stop deliveries to a subscriber (kept, inactive, for the record)."""
        deactivate_webhook(db, webhook_id)
        return Response(status_code=204)

    return app
