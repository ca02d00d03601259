"""SQLAlchemy models of the hub's own database (schema owned by sync/hub/migrations).

The hub keeps no state outside these tables, so several hub processes can serve one
PostgreSQL database: per-station row locks and unique constraints make concurrent pushes
apply each mutation once, and a counter row locked until commit keeps change-log and
unit-feed sequence numbers in commit order (a reader never skips a late commit).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class HubBase(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy's documented class attribute
        dict[str, Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class StationRow(HubBase):
    """An enrolled bench: its token (hashed) and the last mutation id applied for it."""

    __tablename__ = "hub_stations"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    last_mutation_id: Mapped[int] = mapped_column(BigInteger, default=0)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column()


class EnrollmentCodeRow(HubBase):
    __tablename__ = "hub_enrollment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    station: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()


class ApiTokenRow(HubBase):
    """A token for people and systems other than stations (admin, integration)."""

    __tablename__ = "hub_api_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()


class MutationRow(HubBase):
    """What the hub decided for one station mutation; answers every later duplicate."""

    __tablename__ = "hub_mutations"

    station: Mapped[str] = mapped_column(String(40), primary_key=True)
    mutation_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))  # applied | rejected
    reason: Mapped[str] = mapped_column(Text, default="")
    review_flag: Mapped[str] = mapped_column(Text, default="")
    station_created_at: Mapped[datetime | None] = mapped_column()
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeadLetterRow(HubBase):
    """A mutation that can never apply as sent; kept whole so that a lead can act on it."""

    __tablename__ = "hub_dead_letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station: Mapped[str] = mapped_column(String(40), index=True)
    mutation_id: Mapped[int] = mapped_column(BigInteger)
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class UnitRow(HubBase):
    """An inspected unit as the hub knows it; an inspection is never dropped."""

    __tablename__ = "hub_units"

    lpn: Mapped[str] = mapped_column(String(20), primary_key=True)
    station: Mapped[str] = mapped_column(String(40), index=True)
    mutation_uuid: Mapped[str] = mapped_column(String(36))
    versions: Mapped[int] = mapped_column(Integer, default=1)
    feed_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    rma: Mapped[str | None] = mapped_column(String(40), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    grade: Mapped[str | None] = mapped_column(String(1))
    disposition: Mapped[str | None] = mapped_column(String(30))
    suggested_disposition: Mapped[str | None] = mapped_column(String(30))
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_state: Mapped[str] = mapped_column(String(10), default="none")
    refund_kind: Mapped[str | None] = mapped_column(String(30))
    received_at: Mapped[datetime] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_s: Mapped[float | None] = mapped_column(Float)
    review_flag: Mapped[str] = mapped_column(Text, default="")
    record: Mapped[dict[str, Any]] = mapped_column()
    hub_received_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReferenceRow(HubBase):
    """Current reference data (SKUs, RMAs, operators, policy); ``seq`` = its last change.

    Rows are never deleted, only marked ``deleted``: a snapshot served after a reset is
    then these rows in ``seq`` order, tombstones included.
    """

    __tablename__ = "hub_reference"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column()
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned_bench: Mapped[str] = mapped_column(String(40), default="", index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeRow(HubBase):
    """The change log stations pull from; pruned to a retention, see ``hub_counters``."""

    __tablename__ = "hub_changes"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(80))
    op: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_hub_changes_at", "at"),)


class CounterRow(HubBase):
    """Named counters (change_seq, unit_feed, change_floor), locked FOR UPDATE when bumped."""

    __tablename__ = "hub_counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class BlobRow(HubBase):
    """A content-addressed photo; complete once its bytes hash to its name."""

    __tablename__ = "hub_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int | None] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    station: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column()


class BlobChunkRow(HubBase):
    __tablename__ = "hub_blob_chunks"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class WebhookRow(HubBase):
    """A subscriber to the unit feed (WMS, ERP): where to POST, the signing key, its position.

    ``feed_seq`` is the last unit-feed position delivered. ``lease_owner`` and
    ``lease_until`` say which hub process delivers for it right now: a process claims the
    row with a conditional UPDATE, so with several hub processes one delivers at a time.
    """

    __tablename__ = "hub_webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(100))  # kept: every delivery is signed with it
    station: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    feed_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_delivered_at: Mapped[datetime | None] = mapped_column()
    lease_owner: Mapped[str] = mapped_column(String(64), default="")
    lease_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDeliveryRow(HubBase):
    """One batch of units for one subscriber; retried with the same id and body until a 2xx.

    The body is stored as sent, so a retry is byte-for-byte the first attempt: receivers
    drop a delivery id they have seen (delivery is at least once).
    """

    __tablename__ = "hub_webhook_deliveries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    webhook_id: Mapped[int] = mapped_column(Integer, index=True)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    units: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column()
    last_status: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
