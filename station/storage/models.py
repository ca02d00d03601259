"""SQLAlchemy 2 ORM models of the station's local database (schema owned by Alembic).

Rows never leave the storage layer: ``station.storage.repo`` converts them into the frozen
value types of ``station.domain`` before anything crosses a thread.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy's documented class attribute
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SkuRow(Timestamped, Base):
    __tablename__ = "skus"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    unit_value_cents: Mapped[int] = mapped_column(Integer)
    weight_g: Mapped[float | None] = mapped_column(Float)
    weight_tolerance_g: Mapped[float | None] = mapped_column(Float)
    serialized: Mapped[bool] = mapped_column(Boolean, default=False)
    returnable: Mapped[bool] = mapped_column(Boolean, default=True)
    supplier: Mapped[str] = mapped_column(String(100), default="")
    hazmat: Mapped[bool] = mapped_column(Boolean, default=False)
    battery: Mapped[bool] = mapped_column(Boolean, default=False)
    grading_profile: Mapped[str] = mapped_column(String(40), default="")


class SkuGtinRow(Base):
    __tablename__ = "sku_gtins"

    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)  # GTIN-14, zero padded
    sku: Mapped[str] = mapped_column(ForeignKey("skus.sku", ondelete="CASCADE"), index=True)


class RmaRow(Timestamped, Base):
    __tablename__ = "rmas"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rma: Mapped[str] = mapped_column(String(40), unique=True)
    order_number: Mapped[str] = mapped_column(String(40), index=True)
    tracking: Mapped[str] = mapped_column(String(40), default="", index=True)
    channel: Mapped[str] = mapped_column(String(40), default="")
    customer: Mapped[str] = mapped_column(String(80), default="")
    delivered_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(40))
    preference: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    risk_score: Mapped[int] = mapped_column(Integer, default=0)
    assigned_bench: Mapped[str] = mapped_column(String(40), default="", index=True)


class RmaLineRow(Base):
    __tablename__ = "rma_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rma: Mapped[str] = mapped_column(ForeignKey("rmas.rma", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    qty: Mapped[int] = mapped_column(Integer, default=1)
    serial: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (Index("ix_rma_lines_serial", "serial"),)


class OperatorRow(Timestamped, Base):
    __tablename__ = "operators"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    badge: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UnitRow(Timestamped, Base):
    """One physical item inspected at a bench, identified by its license plate number."""

    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    lpn: Mapped[str] = mapped_column(String(20), unique=True)
    rma: Mapped[str | None] = mapped_column(String(40), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(40), default="")
    serial: Mapped[str] = mapped_column(String(64), default="", index=True)
    epc: Mapped[str] = mapped_column(String(64), default="")
    scans: Mapped[list[Any]] = mapped_column(default=list)
    weight_g: Mapped[float | None] = mapped_column(Float)
    expected_weight_g: Mapped[float | None] = mapped_column(Float)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    grade: Mapped[str | None] = mapped_column(String(1))
    damage_codes: Mapped[list[Any]] = mapped_column(default=list)
    damage_cause: Mapped[str] = mapped_column(String(40), default="")
    photos: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    eligible: Mapped[bool] = mapped_column(Boolean, default=True)
    suggested_disposition: Mapped[str | None] = mapped_column(String(30))
    final_disposition: Mapped[str | None] = mapped_column(String(30))
    destination: Mapped[str] = mapped_column(String(100), default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    refund_kind: Mapped[str | None] = mapped_column(String(30))
    restocking_fee_pct: Mapped[float] = mapped_column(Float, default=0.0)
    refund_due: Mapped[date | None] = mapped_column(Date)
    expected_restock_on: Mapped[date | None] = mapped_column(Date)
    risk_score: Mapped[int] = mapped_column(Integer, default=0)
    escalations: Mapped[list[Any]] = mapped_column(default=list)
    hold_state: Mapped[str] = mapped_column(String(10), default="none", index=True)
    hold_reason: Mapped[str] = mapped_column(Text, default="")
    hold_decided_by: Mapped[str] = mapped_column(String(40), default="")
    hold_step: Mapped[str] = mapped_column(String(20), default="")
    policy_version: Mapped[str] = mapped_column(String(40), default="")
    rule: Mapped[str] = mapped_column(String(80), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(40))
    station: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()
    labeled_at: Mapped[datetime | None] = mapped_column()
    review_flag: Mapped[str] = mapped_column(String(80), default="")


class AuditEventRow(Base):
    """Append-only, hash-chained record of who did what, when, with before and after."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[datetime] = mapped_column()
    actor: Mapped[str] = mapped_column(String(40))
    station: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(80))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OutboxRow(Base):
    """A local change the hub must learn of, written in the same transaction as the change."""

    __tablename__ = "outbox"

    mutation_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    result: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column()


class SyncStateRow(Base):
    """Small key/value facts of the station: sync cursor, counters, audit head."""

    __tablename__ = "station_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PhotoRow(Base):
    __tablename__ = "photos"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)


class PrintJobRow(Base):
    """A label to print; durable so that a restart never loses or silently drops a job."""

    __tablename__ = "print_jobs"

    id: Mapped[str] = mapped_column(Text, primary_key=True, default=new_id)
    lpn: Mapped[str] = mapped_column(Text)
    printer: Mapped[str] = mapped_column(Text)
    zpl: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(Text, default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    printed_at: Mapped[datetime | None] = mapped_column(DateTime)
