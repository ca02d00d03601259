"""CSV import of catalog, RMAs and operators: every row checked first, then one transaction.

Nothing partial is ever committed: the files are read twice, once to validate every row
(bad rows are reported as ``file:line: message``), and only when all rows are good a second
time to write them in a single transaction. Rows are streamed, so a million-line file does
not have to fit in memory.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from station.domain import Preference, ReasonCode, Role
from station.scancodes import gtin14, is_valid_gtin
from station.storage.models import (
    Base,
    OperatorRow,
    RmaLineRow,
    RmaRow,
    SkuGtinRow,
    SkuRow,
    new_id,
    utcnow,
)
from station.storage.repo import hash_pin

CATALOG_COLUMNS = [
    "sku",
    "gtin",
    "description",
    "category",
    "unit_value",
    "weight_g",
    "weight_tolerance_g",
    "serialized",
    "returnable",
    "supplier",
    "hazmat",
]
RMA_COLUMNS = [
    "rma",
    "order",
    "channel",
    "customer",
    "delivered_on",
    "reason",
    "preference",
    "sku",
    "qty",
    "serial",
]
OPERATOR_COLUMNS = ["badge", "name", "role", "pin"]

_BATCH = 5000
_MAX_ERRORS = 200
_BOOL = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False, "": False}
_PIN = re.compile(r"^\d{4,8}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ImportError_(Exception):
    """The files have bad rows; ``errors`` lists them as ``file:line: message``."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        more = "" if len(errors) < _MAX_ERRORS else f"\n(stopped after {_MAX_ERRORS} errors)"
        super().__init__("\n".join(self.errors) + more)


@dataclasses.dataclass(frozen=True, slots=True)
class ImportSummary:
    skus: int = 0
    gtins: int = 0
    rmas: int = 0
    rma_lines: int = 0
    operators: int = 0


class _RowError(Exception):
    pass


def _bool(value: str, column: str) -> bool:
    try:
        return _BOOL[value.strip().lower()]
    except KeyError:
        raise _RowError(f"{column}: expected true or false, got {value!r}") from None


def _money_cents(value: str, column: str) -> int:
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise _RowError(f"{column}: expected an amount like 129.99, got {value!r}") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise _RowError(f"{column}: expected a positive amount with 2 decimals, got {value!r}")
    return int(amount * 100)


def _float(value: str, column: str, *, optional: bool = True) -> float | None:
    if not value.strip() and optional:
        return None
    try:
        number = float(value)
    except ValueError:
        raise _RowError(f"{column}: expected a number, got {value!r}") from None
    if number < 0 or number != number:
        raise _RowError(f"{column}: expected a positive number, got {value!r}")
    return number


def _text(value: str, column: str, *, limit: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise _RowError(f"{column}: must not be empty")
    if len(value) > limit:
        raise _RowError(f"{column}: longer than {limit} characters")
    if _CONTROL.search(value):
        raise _RowError(f"{column}: contains control characters")
    return value


def _rows(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ImportError_([f"{path}: cannot open: {exc.strerror}"]) from exc
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise ImportError_([f"{path}:1: the file is empty (expected a header row)"]) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportError_([f"{path}:1: unreadable: {exc}"]) from exc
        header = [h.strip().lower() for h in header]
        missing = [c for c in columns if c not in header]
        if missing:
            raise ImportError_(
                [f"{path}:1: missing columns {', '.join(missing)} (expected {','.join(columns)})"]
            )
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise ImportError_([f"{path}:{reader.line_num}: unreadable: {exc}"]) from exc
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                yield reader.line_num, {"__error__": f"expected {len(header)} fields"}
                continue
            yield reader.line_num, dict(zip(header, values, strict=True))


@dataclasses.dataclass(frozen=True, slots=True)
class _Sku:
    sku: str
    gtins: tuple[str, ...]
    values: dict[str, Any]


def parse_catalog(row: dict[str, str]) -> _Sku:
    sku = _text(row["sku"], "sku", limit=64)
    gtins = tuple(g.strip() for g in row["gtin"].split("|") if g.strip())
    for g in gtins:
        if not is_valid_gtin(g):
            raise _RowError(
                f"gtin: {g!r} is not a valid GTIN (8, 12, 13 or 14 digits, check digit)"
            )
    weight = _float(row["weight_g"], "weight_g")
    tolerance = _float(row["weight_tolerance_g"], "weight_tolerance_g")
    if weight is not None and tolerance is None:
        raise _RowError("weight_tolerance_g: required when weight_g is given")
    return _Sku(
        sku=sku,
        gtins=tuple(gtin14(g) for g in gtins),
        values={
            "description": _text(row["description"], "description", limit=200),
            "category": _text(row["category"], "category", limit=40).lower(),
            "unit_value_cents": _money_cents(row["unit_value"], "unit_value"),
            "weight_g": weight,
            "weight_tolerance_g": tolerance,
            "serialized": _bool(row["serialized"], "serialized"),
            "returnable": _bool(row["returnable"], "returnable"),
            "supplier": _text(row["supplier"], "supplier", limit=100, required=False),
            "hazmat": _bool(row["hazmat"], "hazmat"),
            "battery": _bool(row.get("battery", "false"), "battery"),
        },
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _RmaLine:
    rma: str
    header: tuple[Any, ...]
    sku: str
    qty: int
    serial: str


def parse_rma(row: dict[str, str]) -> _RmaLine:
    rma = _text(row["rma"], "rma", limit=40)
    delivered = row["delivered_on"].strip()
    try:
        delivered_on = date.fromisoformat(delivered) if delivered else None
    except ValueError:
        raise _RowError(
            f"delivered_on: expected a date like 2026-11-01, got {delivered!r}"
        ) from None
    reason = row["reason"].strip().lower()
    if reason not in ReasonCode.__members__.values():
        raise _RowError(f"reason: {reason!r} is not one of {', '.join(ReasonCode)}")
    preference = row["preference"].strip().lower()
    if preference not in Preference.__members__.values():
        raise _RowError(f"preference: {preference!r} is not one of {', '.join(Preference)}")
    try:
        qty = int(row["qty"])
    except ValueError:
        raise _RowError(f"qty: expected a whole number, got {row['qty']!r}") from None
    if not 1 <= qty <= 999:
        raise _RowError(f"qty: must be 1..999, got {qty}")
    header = (
        _text(row["order"], "order", limit=40),
        _text(row["channel"], "channel", limit=40, required=False),
        _text(row["customer"], "customer", limit=80, required=False),
        delivered_on,
        reason,
        preference,
        _text(row.get("tracking", ""), "tracking", limit=40, required=False),
    )
    return _RmaLine(
        rma=rma,
        header=header,
        sku=_text(row["sku"], "sku", limit=64),
        qty=qty,
        serial=_text(row["serial"], "serial", limit=64, required=False),
    )


def parse_operator(row: dict[str, str]) -> dict[str, str]:
    role = row["role"].strip().lower()
    if role not in Role.__members__.values():
        raise _RowError(f"role: {role!r} is not one of {', '.join(Role)}")
    pin = row["pin"].strip()
    if not _PIN.match(pin):
        raise _RowError("pin: must be 4 to 8 digits")
    return {
        "badge": _text(row["badge"], "badge", limit=40),
        "name": _text(row["name"], "name", limit=100),
        "role": role,
        "pin": pin,
    }


def validate(
    path: Path, columns: list[str], parse: Callable[[dict[str, str]], Any], errors: list[str]
) -> Iterator[tuple[int, Any]]:
    for line, row in _rows(path, columns):
        if len(errors) >= _MAX_ERRORS:
            return
        if "__error__" in row:
            errors.append(f"{path}:{line}: {row['__error__']}")
            continue
        try:
            yield line, parse(row)
        except _RowError as exc:
            errors.append(f"{path}:{line}: {exc}")


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _upsert(session: Session, table: Table, rows: list[dict[str, Any]], key: str) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    # One compiled statement run with executemany: compiling a multi-row VALUES clause costs
    # far more than the insert itself.
    stmt: sqlite.Insert | postgresql.Insert = (
        postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    )
    update = {c: stmt.excluded[c] for c in rows[0] if c not in (key, "id", "created_at")}
    session.execute(stmt.on_conflict_do_update(index_elements=[key], set_=update), rows)


def import_files(
    session: Session,
    *,
    catalog: Path | None = None,
    rmas: Path | None = None,
    operators: Path | None = None,
) -> ImportSummary:
    """Validate all files, then write them in the caller's transaction (upsert by key).

    Raises ImportError_ listing every bad row (up to a limit) before anything is written.
    """
    errors: list[str] = []
    catalog_skus: set[str] = set()
    seen_gtins: dict[str, str] = {}
    if catalog:
        for line, item in validate(catalog, CATALOG_COLUMNS, parse_catalog, errors):
            if item.sku in catalog_skus:
                errors.append(f"{catalog}:{line}: sku {item.sku!r} appears twice")
            catalog_skus.add(item.sku)
            for g in item.gtins:
                if seen_gtins.setdefault(g, item.sku) != item.sku:
                    errors.append(f"{catalog}:{line}: gtin {g} already belongs to {seen_gtins[g]}")
    if rmas:
        known = catalog_skus | set(session.scalars(select(SkuRow.sku)))
        headers: dict[str, tuple[Any, ...]] = {}
        for line, rma_item in validate(rmas, RMA_COLUMNS, parse_rma, errors):
            if rma_item.sku not in known:
                errors.append(f"{rmas}:{line}: sku {rma_item.sku!r} is not in the catalog")
            if headers.setdefault(rma_item.rma, rma_item.header) != rma_item.header:
                errors.append(
                    f"{rmas}:{line}: {rma_item.rma} has other order/customer/date/reason than "
                    "on its first line"
                )
        del headers
    badges: set[str] = set()
    if operators:
        for line, item in validate(operators, OPERATOR_COLUMNS, parse_operator, errors):
            if item["badge"] in badges:
                errors.append(f"{operators}:{line}: badge {item['badge']!r} appears twice")
            badges.add(item["badge"])
    if errors:
        raise ImportError_(errors)
    return _write(session, catalog=catalog, rmas=rmas, operators=operators)


def _write(
    session: Session, *, catalog: Path | None, rmas: Path | None, operators: Path | None
) -> ImportSummary:
    counts = {"skus": 0, "gtins": 0, "rmas": 0, "rma_lines": 0, "operators": 0}
    now = utcnow()
    if catalog:
        skus: list[dict[str, Any]] = []
        gtins: list[dict[str, Any]] = []

        def flush_catalog() -> None:
            _upsert(session, _table(SkuRow), skus, "sku")
            _upsert(session, _table(SkuGtinRow), gtins, "gtin")
            skus.clear()
            gtins.clear()

        for _line, row in _rows(catalog, CATALOG_COLUMNS):
            item = parse_catalog(row)
            skus.append(
                {"id": new_id(), "sku": item.sku, "created_at": now, "updated_at": now}
                | item.values
            )
            gtins.extend({"gtin": g, "sku": item.sku} for g in item.gtins)
            counts["skus"] += 1
            counts["gtins"] += len(item.gtins)
            if len(skus) >= _BATCH:
                flush_catalog()
        flush_catalog()
    if rmas:
        headers: list[dict[str, Any]] = []
        lines: list[dict[str, Any]] = []
        written: set[str] = set()

        def flush_rmas() -> None:
            if headers:
                _upsert(session, _table(RmaRow), headers, "rma")
                numbers = [h["rma"] for h in headers]
                session.execute(delete(RmaLineRow).where(RmaLineRow.rma.in_(numbers)))
            if lines:
                session.execute(insert(RmaLineRow), lines)
            headers.clear()
            lines.clear()

        pending: set[str] = set()
        for _line, row in _rows(rmas, RMA_COLUMNS):
            line_item = parse_rma(row)
            if line_item.rma not in written and line_item.rma not in pending:
                order, channel, customer, delivered_on, reason, preference, tracking = (
                    line_item.header
                )
                headers.append(
                    {
                        "id": new_id(),
                        "rma": line_item.rma,
                        "order_number": order,
                        "channel": channel,
                        "customer": customer,
                        "delivered_on": delivered_on,
                        "reason": reason,
                        "preference": preference,
                        "tracking": tracking,
                        "status": "open",
                        "risk_score": 0,
                        "assigned_bench": "",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                pending.add(line_item.rma)
                counts["rmas"] += 1
            lines.append(
                {
                    "rma": line_item.rma,
                    "sku": line_item.sku,
                    "qty": line_item.qty,
                    "serial": line_item.serial,
                }
            )
            counts["rma_lines"] += 1
            if len(headers) >= _BATCH:
                # Lines of an RMA can follow in the next batch: only delete lines of RMAs
                # first seen in this batch, then remember them as written.
                flush_rmas()
                written |= pending
                pending.clear()
        flush_rmas()
    if operators:
        for _line, row in _rows(operators, OPERATOR_COLUMNS):
            op = parse_operator(row)
            _upsert(
                session,
                _table(OperatorRow),
                [
                    {
                        "id": new_id(),
                        "badge": op["badge"],
                        "name": op["name"],
                        "role": op["role"],
                        "pin_hash": hash_pin(op["pin"]),
                        "active": True,
                        "created_at": now,
                        "updated_at": now,
                    }
                ],
                "badge",
            )
            counts["operators"] += 1
    return ImportSummary(**counts)
