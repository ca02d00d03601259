"""Look-ups and conversions between ORM rows and the frozen value types of station.domain."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.domain import (
    Operator,
    Preference,
    ReasonCode,
    ReturnAuthorization,
    RmaLine,
    Role,
    Sku,
)
from station.storage.models import (
    OperatorRow,
    RmaLineRow,
    RmaRow,
    SkuGtinRow,
    SkuRow,
    SyncStateRow,
    UnitRow,
)

# scrypt cost: ~30 ms per check on a warehouse PC — slow for guessing, fine for a login.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(candidate.hex(), digest)


def sku_from_row(row: SkuRow, gtins: tuple[str, ...] = ()) -> Sku:
    return Sku(
        sku=row.sku,
        description=row.description,
        category=row.category,
        unit_value_cents=row.unit_value_cents,
        gtins=gtins,
        weight_g=row.weight_g,
        weight_tolerance_g=row.weight_tolerance_g,
        serialized=row.serialized,
        returnable=row.returnable,
        supplier=row.supplier,
        hazmat=row.hazmat,
        battery=row.battery,
        grading_profile=row.grading_profile,
    )


def rma_from_row(row: RmaRow, lines: list[RmaLineRow]) -> ReturnAuthorization:
    return ReturnAuthorization(
        rma=row.rma,
        order=row.order_number,
        channel=row.channel,
        customer=row.customer,
        delivered_on=row.delivered_on,
        reason=ReasonCode(row.reason),
        preference=Preference(row.preference),
        lines=tuple(RmaLine(sku=ln.sku, qty=ln.qty, serial=ln.serial) for ln in lines),
        status=row.status,
        risk_score=row.risk_score,
        assigned_bench=row.assigned_bench,
        tracking=row.tracking,
    )


def find_sku(session: Session, sku: str) -> Sku | None:
    row = session.scalar(select(SkuRow).where(SkuRow.sku == sku))
    if row is None:
        return None
    gtins = tuple(session.scalars(select(SkuGtinRow.gtin).where(SkuGtinRow.sku == sku)))
    return sku_from_row(row, gtins)


def find_sku_by_gtin(session: Session, gtin14: str) -> Sku | None:
    sku = session.scalar(select(SkuGtinRow.sku).where(SkuGtinRow.gtin == gtin14))
    return find_sku(session, sku) if sku else None


def _rma(session: Session, row: RmaRow | None) -> ReturnAuthorization | None:
    if row is None:
        return None
    lines = list(
        session.scalars(select(RmaLineRow).where(RmaLineRow.rma == row.rma).order_by(RmaLineRow.id))
    )
    return rma_from_row(row, lines)


def find_rma(session: Session, number: str) -> ReturnAuthorization | None:
    return _rma(session, session.scalar(select(RmaRow).where(RmaRow.rma == number)))


def find_rma_by_order(session: Session, order: str) -> ReturnAuthorization | None:
    row = session.scalar(
        select(RmaRow).where(RmaRow.order_number == order).order_by(RmaRow.rma).limit(1)
    )
    return _rma(session, row)


def find_rma_by_tracking(session: Session, tracking: str) -> ReturnAuthorization | None:
    row = session.scalar(select(RmaRow).where(RmaRow.tracking == tracking).limit(1))
    return _rma(session, row)


def find_rma_by_serial(session: Session, serial: str) -> ReturnAuthorization | None:
    if not serial:
        return None
    rma = session.scalar(select(RmaLineRow.rma).where(RmaLineRow.serial == serial).limit(1))
    return find_rma(session, rma) if rma else None


def find_unit(session: Session, lpn: str) -> UnitRow | None:
    return session.scalar(select(UnitRow).where(UnitRow.lpn == lpn))


def find_operator(session: Session, badge: str) -> tuple[Operator, str] | None:
    row = session.scalar(
        select(OperatorRow).where(OperatorRow.badge == badge, OperatorRow.active.is_(True))
    )
    if row is None:
        return None
    return Operator(badge=row.badge, name=row.name, role=Role(row.role)), row.pin_hash


def next_counter(session: Session, key: str) -> int:
    """Increment and return a persistent counter inside the caller's transaction."""
    row = session.get(SyncStateRow, key)
    if row is None:
        row = SyncStateRow(key=key, value="0")
        session.add(row)
    value = int(row.value) + 1
    row.value = str(value)
    return value


def get_state(session: Session, key: str, default: str = "") -> str:
    row = session.get(SyncStateRow, key)
    return row.value if row is not None else default
