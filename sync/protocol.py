"""Sync protocol: the JSON documents stations and the hub exchange, shared by both sides.

Every request a station makes carries its protocol version in the ``X-Station-Schema``
header. A hub that does not speak that version answers HTTP 426 with an
:class:`ErrorBody` whose ``error`` is ``"update_needed"``; the station keeps its queue and
shows the message.

Push: a station sends its outbox mutations in id order. The hub answers each one:

- ``applied``   the hub recorded it now (``review_flag`` set when a lead must look at it);
- ``duplicate`` the hub had it already; ``original`` and ``reason`` are the stored result;
- ``rejected``  a permanent failure (e.g. the payload is invalid): kept in the hub's
  dead-letter table, the id is consumed and nothing behind it is blocked;
- ``gap``       the id is ahead of what the hub expects; ``expected_id`` says where to resume.

Pull: a cursor over the hub's change log. A cursor older than the retained log gets
``reset`` and a snapshot of the current reference data (paged, ``snapshot`` true) after
which the log continues from the returned cursor.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from station.domain import Disposition, Grade, HoldState, Role

SCHEMA_VERSION = 1
SUPPORTED_SCHEMAS = frozenset({1})
SCHEMA_HEADER = "X-Station-Schema"

MAX_PUSH_BATCH = 1000
MAX_PULL_PAGE = 5000
MAX_PULL_WAIT_S = 25.0

StationName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
# Ids, cursors and feed positions are stored as 64-bit integers (SQLite INTEGER, PostgreSQL
# BIGINT): a larger value is refused at the door with a 422, not as a 500 from the database.
MAX_SEQ = 2**63 - 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- errors ---------------------------------------------------------------------------------


class ErrorBody(_Strict):
    """Any non-2xx answer of the hub: a machine-readable code and a sentence for people."""

    error: str = Field(description="e.g. update_needed, unauthorized, invalid, not_found")
    message: str
    supported_schemas: list[int] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)


# -- enrollment -----------------------------------------------------------------------------


class EnrollRequest(_Strict):
    code: str = Field(min_length=4, max_length=64)
    station: StationName


class EnrollResponse(_Strict):
    station: str
    token: str = Field(description="per-station bearer token; shown once, stored hashed")
    last_mutation_id: int = Field(description="the hub's last applied mutation id of the station")


class EnrollmentCode(_Strict):
    station: str
    code: str
    expires_at: datetime


class ApiToken(_Strict):
    role: Literal["admin", "integration"]
    name: str
    token: str


class IssueCodeRequest(_Strict):
    station: StationName
    ttl_hours: float = Field(default=24.0, gt=0, le=24 * 30)


# -- push -----------------------------------------------------------------------------------


class Mutation(_Strict):
    """One outbox row of a station."""

    mutation_id: int = Field(ge=1, le=MAX_SEQ)
    uuid: str = Field(min_length=1, max_length=36)
    kind: str = Field(min_length=1, max_length=40)
    payload: dict[str, Any]
    created_at: datetime = Field(description="station clock; recorded, never used to decide")


class PushRequest(_Strict):
    station: StationName
    mutations: list[Mutation] = Field(max_length=MAX_PUSH_BATCH)


MutationStatus = Literal["applied", "duplicate", "rejected", "gap"]


class MutationResult(_Strict):
    mutation_id: int
    uuid: str
    status: MutationStatus
    original: Literal["applied", "rejected", ""] = Field(
        default="", description="for a duplicate: what the hub decided the first time"
    )
    reason: str = ""
    expected_id: int | None = None
    review_flag: str = ""


class PushResponse(_Strict):
    station: str
    results: list[MutationResult]
    last_applied_id: int
    stopped: str = Field(
        default="",
        description="set when a transient failure stopped the batch; the rest was not answered",
    )


# -- payloads of the mutation kinds the hub understands ------------------------------------

UNIT_KINDS = frozenset({"unit.completed", "unit.held", "unit.hold_decided"})
REASSIGN_KIND = "rma.reassigned"


class RefundFacts(BaseModel):
    model_config = ConfigDict(extra="allow")

    kind: str = Field(max_length=30)
    fee_pct: float = Field(ge=0, le=100)
    due: str | None = None


class UnitFacts(BaseModel):
    """A committed unit as the station records it (``station.workflow.UnitRecord`` as JSON)."""

    model_config = ConfigDict(extra="allow")

    lpn: str = Field(min_length=1, max_length=20)
    rma: str | None = Field(default=None, max_length=40)
    sku: str = Field(min_length=1, max_length=64)
    category: str = Field(default="", max_length=40)
    serial: str = Field(default="", max_length=64)
    grade: Grade | None = None
    damage_codes: list[str] = Field(default_factory=list)
    disposition: Disposition | None = None
    suggested_disposition: Disposition | None = None
    destination: str = ""
    automatic: bool = False
    override_reason: str = ""
    refund: RefundFacts | None = None
    held: bool = False
    hold_state: HoldState = HoldState.NONE
    hold_reason: str = ""
    policy_version: str = Field(default="", max_length=40)
    rule: str = ""
    explanation: str = ""
    weight_g: float | None = None
    expected_weight_g: float | None = None
    operator: str = Field(min_length=1, max_length=40)
    station: str = Field(min_length=1, max_length=40)
    received_at: datetime
    decided_at: datetime | None = None
    photos: list[str] = Field(default_factory=list)
    escalations: list[str] = Field(default_factory=list)
    review_flag: str = ""


class UnitPayload(BaseModel):
    """Payload of ``unit.completed``, ``unit.held`` and ``unit.hold_decided``."""

    model_config = ConfigDict(extra="allow")

    station: str = Field(min_length=1, max_length=40)
    unit: UnitFacts


class ReassignPayload(BaseModel):
    """Payload of ``rma.reassigned`` (``station.leads.reassign``): a lead moves an RMA."""

    model_config = ConfigDict(extra="allow")

    rma: str = Field(min_length=1, max_length=40)
    bench: str = Field(
        max_length=40,
        validation_alias=AliasChoices("to_bench", "bench"),
        description="target bench (to_bench); empty returns it to the pool",
    )
    by: str = Field(min_length=1, max_length=40, description="badge of the lead")
    station: str = Field(default="", max_length=40)
    from_bench: str = Field(default="", max_length=40)
    at: datetime | None = Field(default=None, description="station clock; recorded only")


# -- pull -----------------------------------------------------------------------------------

ChangeKind = Literal["sku", "rma", "operator", "policy", "assignment"]


class Change(_Strict):
    seq: int
    kind: ChangeKind
    key: str
    op: Literal["upsert", "delete"]
    payload: dict[str, Any] | None = None


class PullRequest(_Strict):
    cursor: int = Field(ge=0, le=MAX_SEQ, description="last change seq this station applied")
    snapshot: bool = Field(default=False, description="continue a snapshot started by a reset")
    limit: int = Field(default=1000, ge=1, le=MAX_PULL_PAGE)
    wait_s: float = Field(
        default=0.0, ge=0.0, le=MAX_PULL_WAIT_S, description="long-poll when nothing is new"
    )


class PullResponse(_Strict):
    cursor: int = Field(description="store this after applying the changes")
    changes: list[Change]
    has_more: bool
    reset: bool = Field(
        default=False, description="the cursor was older than the retained log: snapshot follows"
    )
    snapshot: bool = Field(default=False, description="these changes are snapshot pages")


# -- reference payloads (what pulled changes carry) ------------------------------------------


class SkuRecord(_Strict):
    sku: str
    description: str
    category: str
    unit_value_cents: int
    weight_g: float | None = None
    weight_tolerance_g: float | None = None
    serialized: bool = False
    returnable: bool = True
    supplier: str = ""
    hazmat: bool = False
    battery: bool = False
    grading_profile: str = ""
    gtins: list[str] = Field(default_factory=list)


class RmaLineRecord(_Strict):
    sku: str
    qty: int = 1
    serial: str = ""


class RmaRecord(_Strict):
    rma: str
    order_number: str
    tracking: str = ""
    channel: str = ""
    customer: str = ""
    delivered_on: str | None = None
    reason: str
    preference: str
    status: str = "open"
    risk_score: int = 0
    assigned_bench: str = ""
    lines: list[RmaLineRecord] = Field(default_factory=list)


class OperatorRecord(_Strict):
    badge: str
    name: str
    role: Role
    pin_hash: str
    active: bool = True


class PolicyRecord(_Strict):
    version: str
    files: dict[str, str]


class AssignmentRecord(_Strict):
    rma: str
    assigned_bench: str


# -- hub administration and integration --------------------------------------------------------


class ImportSummary(_Strict):
    kind: str
    rows: int
    changed: int


class AssignmentRequest(_Strict):
    bench: str = Field(max_length=40)


class UnitOut(_Strict):
    feed_seq: int
    lpn: str
    station: str
    rma: str | None
    review_flag: str
    hub_received_at: datetime
    unit: dict[str, Any]


class UnitPage(_Strict):
    units: list[UnitOut]
    next: int = Field(description="pass as since= to get the next page")
    has_more: bool


class DeadLetterOut(_Strict):
    id: int
    station: str
    mutation_id: int
    uuid: str
    kind: str
    reason: str
    payload: dict[str, Any]
    at: datetime


class Kpis(_Strict):
    units: int
    by_station: dict[str, int]
    disposition_mix: dict[str, int]
    grade_mix: dict[str, int]
    refund_mix: dict[str, int]
    automatic_rate: float
    override_rate: float
    hold_rate: float
    restock_rate: float
    review_flagged: int
    dead_letters: int
    mean_receipt_to_decision_s: float | None


class Health(_Strict):
    status: Literal["ok"]
    schema_versions: list[int]
    database: str


class WhoAmI(_Strict):
    kind: Literal["station", "admin", "integration"]
    name: str
    last_mutation_id: int | None = None


class BlobState(_Strict):
    sha256: str
    complete: bool
    received: int
    size: int | None


# -- webhooks: the unit feed pushed to the WMS / ERP -------------------------------------------

WEBHOOK_DELIVERY_HEADER = "X-Hub-Delivery"
WEBHOOK_SIGNATURE_HEADER = "X-Hub-Signature-256"
WEBHOOK_ATTEMPT_HEADER = "X-Hub-Attempt"
WEBHOOK_EVENT: Literal["units"] = "units"


class WebhookCreate(_Strict):
    url: str = Field(
        min_length=10,
        max_length=2000,
        pattern=r"^https?://[^\s/?#]+[^\s]*$",
        description="http(s) URL the hub POSTs deliveries to",
    )
    station: StationName | None = Field(
        default=None, description="only this station's units (as GET /v1/units?station=)"
    )
    description: str = Field(default="", max_length=200)
    since: int | None = Field(
        default=None,
        ge=0,
        le=MAX_SEQ,
        description="unit-feed position to start after (0: every unit the hub holds); "
        "omitted: units recorded from now on",
    )


class WebhookOut(_Strict):
    id: int
    url: str
    station: str | None
    description: str
    active: bool
    feed_seq: int = Field(description="last unit-feed position delivered")
    failures: int = Field(description="failed attempts since the last delivery")
    last_error: str
    last_delivered_at: datetime | None
    next_attempt_at: datetime
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(description="HMAC-SHA256 key of the X-Hub-Signature-256 header; shown once")


class WebhookDelivery(_Strict):
    """The body of a webhook POST: a page of the unit feed (the same units as GET /v1/units).

    Headers: ``X-Hub-Delivery`` (= ``delivery_id``), ``X-Hub-Attempt`` (1, 2, ...) and
    ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with the webhook's secret>``.
    A delivery is retried with the same id and body until the receiver answers 2xx:
    receivers drop ids they have already processed.
    """

    delivery_id: str
    webhook_id: int
    event: Literal["units"]
    units: list[UnitOut]
    first_seq: int
    last_seq: int
