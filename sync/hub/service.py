"""What the hub does, independent of HTTP: enrollment, push, pull, imports, feeds, blobs.

Push (DESIGN §6): the station's row is locked for the whole batch, so two uploaders of one
station (or two hub processes) never apply a mutation twice; the last applied id is
written in the same transaction as the effects. Each mutation is answered applied,
duplicate (with the stored result), rejected (dead-lettered, id consumed) or gap.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
import secrets
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, cast

from pydantic import ValidationError
from sqlalchemy import Table, Text, delete, func, insert, select, update
from sqlalchemy import cast as cast_
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from sync.hub.db import HubDatabase
from sync.hub.models import (
    ApiTokenRow,
    BlobChunkRow,
    BlobRow,
    ChangeRow,
    CounterRow,
    DeadLetterRow,
    EnrollmentCodeRow,
    HubBase,
    MutationRow,
    ReferenceRow,
    StationRow,
    UnitRow,
)
from sync.protocol import (
    REASSIGN_KIND,
    UNIT_KINDS,
    BlobState,
    DeadLetterOut,
    EnrollmentCode,
    EnrollResponse,
    ImportSummary,
    Kpis,
    Mutation,
    MutationResult,
    MutationStatus,
    OperatorRecord,
    PolicyRecord,
    PullRequest,
    PullResponse,
    PushResponse,
    ReassignPayload,
    RmaLineRecord,
    RmaRecord,
    SkuRecord,
    UnitOut,
    UnitPage,
    UnitPayload,
)

MAX_BLOB_BYTES = 50 * 1024 * 1024
_IN_CHUNK = 500  # keys per IN (...) clause: well under SQLite's bound-parameter limit
_POLICY_FILE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")  # plain names, no paths
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over a phone


# -- errors ---------------------------------------------------------------------------------


class HubError(Exception):
    """An answer other than success; ``status`` is the HTTP status the app sends."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)


class Invalid(HubError):
    status, code = 422, "invalid"


class NotFound(HubError):
    status, code = 404, "not_found"


class Unauthorized(HubError):
    status, code = 401, "unauthorized"


class Forbidden(HubError):
    status, code = 403, "forbidden"


class Conflict(HubError):
    status, code = 409, "conflict"

    def __init__(self, message: str, details: Sequence[str] = (), *, offset: int = 0) -> None:
        super().__init__(message, details)
        self.offset = offset


class Unavailable(HubError):
    status, code = 503, "unavailable"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def hash_secret(secret: str) -> str:
    """Tokens and codes are random and long: a plain SHA-256 is enough to store them."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _table(model: type[HubBase]) -> Table:
    return cast(Table, model.__table__)


def _bump(session: Session, name: str, count: int) -> int:
    """Reserve ``count`` numbers of a counter; returns the first. Locks the row to commit.

    Holding the counter's row lock until commit makes sequence order equal commit order, so
    a station pulling "everything after N" can never miss a transaction that commits late.
    """
    new_value = session.execute(
        update(CounterRow)
        .where(CounterRow.name == name)
        .values(value=CounterRow.value + count)
        .returning(CounterRow.value)
    ).scalar_one()
    return int(new_value) - count + 1


def _counter(session: Session, name: str) -> int:
    return int(
        session.execute(select(CounterRow.value).where(CounterRow.name == name)).scalar_one()
    )


# -- enrollment and tokens ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a station (by name) or an admin / integration token."""

    kind: Literal["station", "admin", "integration"]
    name: str


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def issue_code(db: HubDatabase, station: str, *, ttl_hours: float = 24.0) -> EnrollmentCode:
    """A one-time enrollment code for ``station`` (stored hashed; printed once)."""
    code = _new_code()
    expires = utcnow() + timedelta(hours=ttl_hours)
    with db.write() as session:
        session.add(
            EnrollmentCodeRow(
                code_hash=hash_secret(_normalise_code(code)), station=station, expires_at=expires
            )
        )
    return EnrollmentCode(station=station, code=code, expires_at=expires)


def enroll(db: HubDatabase, code: str, station: str) -> EnrollResponse:
    """Exchange a one-time code for the station's token; a re-enrolled station keeps its ids."""
    with db.write() as session:
        row = session.get(
            EnrollmentCodeRow, hash_secret(_normalise_code(code)), with_for_update=True
        )
        if row is None or row.used_at is not None:
            raise Unauthorized(
                "This enrollment code is unknown or was already used. Ask IT "
                "for a new one: `station hub issue-code --station NAME`."
            )
        if _aware(row.expires_at) < utcnow():
            raise Unauthorized("This enrollment code has expired. Ask IT for a new one.")
        if row.station != station:
            raise Forbidden(
                f"This code was issued for station {row.station!r}, but this "
                f"station is configured as {station!r}. Check [station] id."
            )
        row.used_at = utcnow()
        token = "st_" + secrets.token_urlsafe(32)
        existing = session.get(StationRow, station, with_for_update=True)
        if existing is None:
            existing = StationRow(name=station, last_mutation_id=0, enrolled_at=utcnow())
            session.add(existing)
        existing.token_hash = hash_secret(token)
        existing.enrolled_at = utcnow()
        session.flush()
        return EnrollResponse(
            station=station, token=token, last_mutation_id=existing.last_mutation_id
        )


def create_api_token(db: HubDatabase, role: Literal["admin", "integration"], name: str = "") -> str:
    token = f"{role[:3]}_" + secrets.token_urlsafe(32)
    with db.write() as session:
        session.add(ApiTokenRow(token_hash=hash_secret(token), role=role, name=name or role))
    return token


def authenticate(db: HubDatabase, token: str) -> Principal:
    digest = hash_secret(token)
    with db.read() as session:
        name = session.scalar(select(StationRow.name).where(StationRow.token_hash == digest))
        if name is not None:
            return Principal("station", name)
        api = session.get(ApiTokenRow, digest)
        if api is not None and api.revoked_at is None and api.role in ("admin", "integration"):
            return Principal("admin" if api.role == "admin" else "integration", api.name)
    raise Unauthorized(
        "The hub does not know this token. Enroll the station again "
        "(`station enroll`) or ask IT for a valid API token."
    )


def station_last_id(db: HubDatabase, station: str) -> int:
    with db.read() as session:
        row = session.get(StationRow, station)
        return row.last_mutation_id if row is not None else 0


# -- push -------------------------------------------------------------------------------------


class TransientFailure(Exception):
    """The database could not take the batch now (locked, connection lost): try again."""


@dataclasses.dataclass(slots=True)
class _Effects:
    """What a run of mutations changes, collected before one bulk write."""

    units: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    assignments: dict[str, str] = dataclasses.field(default_factory=dict)
    mutations: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    dead_letters: list[dict[str, Any]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True, slots=True)
class _Known:
    """The stored answer to a mutation the hub already decided."""

    station: str
    mutation_id: int
    status: str
    reason: str
    review_flag: str


def _summarise(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err["loc"]) or "payload"
        parts.append(f"{where}: {err['msg']}")
    more = f" (+{exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
    return "invalid payload: " + "; ".join(parts) + more


def push(db: HubDatabase, station: str, mutations: Sequence[Mutation]) -> PushResponse:
    """Apply a station's batch; see the module docstring for the answers."""
    try:
        with db.write() as session:
            row = session.get(StationRow, station, with_for_update=True)
            if row is None:
                raise Unauthorized(f"Station {station!r} is not enrolled on this hub.")
            results, last, stopped = _push_locked(session, station, row.last_mutation_id, mutations)
            row.last_mutation_id = last
            row.last_seen_at = utcnow()
    except DBAPIError as exc:
        # Nothing of this batch was committed; the station will send it again.
        reason = type(exc.orig).__name__
        raise Unavailable(
            f"The hub database is not available right now ({reason}); the "
            "station keeps its queue and retries."
        ) from exc
    return PushResponse(station=station, results=results, last_applied_id=last, stopped=stopped)


def _push_locked(
    session: Session, station: str, last: int, mutations: Sequence[Mutation]
) -> tuple[list[MutationResult], int, str]:
    savepoint = session.begin_nested()
    try:
        results, new_last = _process(session, station, last, mutations)
        savepoint.commit()
        return results, new_last, ""
    except IntegrityError:
        savepoint.rollback()
    # Something in the batch collides with data written concurrently (e.g. two stations
    # issuing the same LPN): apply one by one so only the culprit is dead-lettered.
    results = []
    for mutation in mutations:
        savepoint = session.begin_nested()
        try:
            part, new_last = _process(session, station, last, [mutation])
            savepoint.commit()
        except IntegrityError as exc:
            savepoint.rollback()
            savepoint = session.begin_nested()
            part, new_last = _dead_letter_one(
                session, station, last, mutation, f"conflicts with data on the hub: {exc.orig}"
            )
            savepoint.commit()
        except DBAPIError as exc:
            savepoint.rollback()
            return results, last, f"stopped by a transient database failure: {exc.orig}"
        results.extend(part)
        last = new_last
        if part and part[-1].status == "gap":
            break
    return results, last, ""


def _dead_letter_one(
    session: Session, station: str, last: int, mutation: Mutation, reason: str
) -> tuple[list[MutationResult], int]:
    effects = _Effects()
    consumes = mutation.mutation_id == last + 1
    _reject(effects, station, mutation, reason, record=consumes)
    _write(session, effects)
    return (
        [
            MutationResult(
                mutation_id=mutation.mutation_id,
                uuid=mutation.uuid,
                status="rejected",
                reason=reason,
            )
        ],
        last + 1 if consumes else last,
    )


def _reject(effects: _Effects, station: str, m: Mutation, reason: str, *, record: bool) -> None:
    now = utcnow()
    effects.dead_letters.append(
        {
            "station": station,
            "mutation_id": m.mutation_id,
            "uuid": m.uuid,
            "kind": m.kind,
            "payload": m.payload,
            "reason": reason,
            "at": now,
        }
    )
    if record:
        effects.mutations.append(
            {
                "station": station,
                "mutation_id": m.mutation_id,
                "uuid": m.uuid,
                "kind": m.kind,
                "status": "rejected",
                "reason": reason,
                "review_flag": "",
                "station_created_at": m.created_at,
                "applied_at": now,
            }
        )


def _process(
    session: Session, station: str, last: int, mutations: Sequence[Mutation]
) -> tuple[list[MutationResult], int]:
    uuids = [m.uuid for m in mutations]
    known: dict[str, _Known] = {}
    dead: dict[str, str] = {}  # uuid -> reason
    for part in _chunks(uuids):
        known.update(
            (r.uuid, _Known(r.station, r.mutation_id, r.status, r.reason, r.review_flag))
            for r in session.execute(
                select(
                    MutationRow.uuid,
                    MutationRow.station,
                    MutationRow.mutation_id,
                    MutationRow.status,
                    MutationRow.reason,
                    MutationRow.review_flag,
                ).where(MutationRow.uuid.in_(part))
            )
        )
        dead.update(
            (uuid, reason)
            for uuid, reason in session.execute(
                select(DeadLetterRow.uuid, DeadLetterRow.reason).where(
                    DeadLetterRow.station == station, DeadLetterRow.uuid.in_(part)
                )
            )
        )
    parsed: dict[str, UnitPayload | ReassignPayload | str] = {}
    for m in mutations:
        if m.uuid in known or m.uuid in dead:
            continue
        try:
            if m.kind in UNIT_KINDS:
                parsed[m.uuid] = UnitPayload.model_validate(m.payload)
            elif m.kind == REASSIGN_KIND:
                parsed[m.uuid] = ReassignPayload.model_validate(m.payload)
            else:
                parsed[m.uuid] = (
                    f"unknown mutation kind {m.kind!r} (this hub understands "
                    f"{', '.join(sorted(UNIT_KINDS | {REASSIGN_KIND}))})"
                )
        except ValidationError as exc:
            parsed[m.uuid] = _summarise(exc)
    lpns = sorted({p.unit.lpn for p in parsed.values() if isinstance(p, UnitPayload)})
    units: dict[str, UnitRow] = {}
    for part in _chunks(lpns):
        units.update(
            (u.lpn, u) for u in session.scalars(select(UnitRow).where(UnitRow.lpn.in_(part)))
        )
    rma_keys = sorted(
        {p.unit.rma for p in parsed.values() if isinstance(p, UnitPayload) and p.unit.rma}
        | {p.rma for p in parsed.values() if isinstance(p, ReassignPayload)}
    )
    rmas: dict[str, ReferenceRow] = {}
    for part in _chunks(rma_keys):
        rmas.update(
            (r.key, r)
            for r in session.scalars(
                select(ReferenceRow).where(ReferenceRow.kind == "rma", ReferenceRow.key.in_(part))
            )
        )
    assignment = {k: r.assigned_bench for k, r in rmas.items() if not r.deleted}

    effects = _Effects()
    results: list[MutationResult] = []
    now = utcnow()
    for m in mutations:
        if m.uuid in known:
            k = known[m.uuid]
            if (k.station, k.mutation_id) == (station, m.mutation_id):
                results.append(
                    _result(
                        m,
                        status="duplicate",
                        original=k.status,
                        reason=k.reason,
                        review_flag=k.review_flag,
                    )
                )
                continue
            reason = (
                f"uuid {m.uuid} already belongs to mutation {k.mutation_id} of "
                f"{k.station}; kept in the dead-letter table"
            )
            _reject(effects, station, m, reason, record=False)
            results.append(_result(m, status="rejected", reason=reason))
            dead[m.uuid] = reason
            continue
        if m.uuid in dead:
            results.append(_result(m, status="duplicate", original="rejected", reason=dead[m.uuid]))
            continue
        if m.mutation_id <= last:
            # The id was consumed by another mutation: the station's database was probably
            # restored from an older copy. The inspection is kept, never silently dropped.
            reason = (
                f"mutation id {m.mutation_id} was already used by another mutation of "
                f"{station} (station database restored from an older copy?); kept in "
                "the dead-letter table for a lead"
            )
            _reject(effects, station, m, reason, record=False)
            results.append(_result(m, status="rejected", reason=reason))
            dead[m.uuid] = reason
            continue
        if m.mutation_id > last + 1:
            results.append(
                _result(
                    m,
                    status="gap",
                    expected_id=last + 1,
                    reason=f"expected mutation {last + 1} first",
                )
            )
            break
        last += 1
        item = parsed[m.uuid]
        problem, flag = "", ""
        if isinstance(item, str):
            problem = item
        elif isinstance(item, UnitPayload):
            problem, flag = _unit_effect(effects, station, m, item, units, assignment, now)
        else:
            problem = _reassign_effect(session, effects, item, assignment)
            if problem and item.rma in assignment:
                # The sending bench already shows its lead's move (leads.reassign changes
                # its copy with the outbox row), and no later change would put it back:
                # log the hub's assignment again, so that every bench pulls the one that
                # stands instead of keeping a move the hub refused.
                effects.assignments[item.rma] = assignment[item.rma]
        if problem:
            _reject(effects, station, m, problem, record=True)
            results.append(_result(m, status="rejected", reason=problem))
            continue
        effects.mutations.append(
            {
                "station": station,
                "mutation_id": m.mutation_id,
                "uuid": m.uuid,
                "kind": m.kind,
                "status": "applied",
                "reason": "",
                "review_flag": flag,
                "station_created_at": m.created_at,
                "applied_at": now,
            }
        )
        known[m.uuid] = _Known(station, m.mutation_id, "applied", "", flag)
        results.append(_result(m, status="applied", review_flag=flag))
    _write(session, effects, existing_units=units)
    return results, last


def _result(
    m: Mutation,
    status: MutationStatus,
    *,
    original: str = "",
    reason: str = "",
    expected_id: int | None = None,
    review_flag: str = "",
) -> MutationResult:
    return MutationResult(
        mutation_id=m.mutation_id,
        uuid=m.uuid,
        status=status,
        original=cast(Literal["applied", "rejected", ""], original),
        reason=reason,
        expected_id=expected_id,
        review_flag=review_flag,
    )


def _unit_effect(
    effects: _Effects,
    station: str,
    m: Mutation,
    item: UnitPayload,
    units: dict[str, UnitRow],
    assignment: dict[str, str],
    now: datetime,
) -> tuple[str, str]:
    unit = item.unit
    if item.station != station or unit.station != station:
        return (
            f"unit {unit.lpn} claims station {unit.station!r} but was pushed by {station!r}",
            "",
        )
    owner = units.get(unit.lpn)
    if owner is not None and owner.station != station:
        return (
            f"LPN {unit.lpn} was already recorded by station {owner.station}; two "
            "stations issue the same LPNs (check [station] number)",
            "",
        )
    flag = ""
    bench = assignment.get(unit.rma or "", "")
    if bench and bench != station:
        flag = f"RMA {unit.rma} is assigned to {bench} but was inspected at {station}: lead review"
    previous = effects.units.get(unit.lpn)
    earlier_flag = previous["review_flag"] if previous else (owner.review_flag if owner else "")
    received = _aware(unit.received_at)
    decided = _aware(unit.decided_at) if unit.decided_at else None
    effects.units[unit.lpn] = {
        "lpn": unit.lpn,
        "station": station,
        "mutation_uuid": m.uuid,
        "rma": unit.rma,
        "sku": unit.sku,
        "grade": unit.grade.value if unit.grade else None,
        "disposition": unit.disposition.value if unit.disposition else None,
        "suggested_disposition": (
            unit.suggested_disposition.value if unit.suggested_disposition else None
        ),
        "automatic": unit.automatic,
        "overridden": bool(unit.override_reason),
        "hold_state": unit.hold_state.value,
        "refund_kind": unit.refund.kind if unit.refund else None,
        "received_at": received,
        "decided_at": decided,
        "decision_s": (decided - received).total_seconds() if decided else None,
        "review_flag": flag or unit.review_flag or earlier_flag,
        "record": m.payload["unit"],  # as the station sent it, extra fields included
        "hub_received_at": now,
    }
    return "", flag


def _reassign_effect(
    session: Session, effects: _Effects, item: ReassignPayload, assignment: dict[str, str]
) -> str:
    if item.rma not in assignment:
        return f"RMA {item.rma} is not known to the hub"
    lead = session.get(ReferenceRow, ("operator", item.by))
    role = (lead.payload or {}).get("role") if lead is not None and not lead.deleted else None
    if role not in ("lead", "admin"):
        return f"badge {item.by} is not a lead or admin on the hub; reassignment refused"
    assignment[item.rma] = item.bench
    effects.assignments[item.rma] = item.bench
    return ""


def _write(
    session: Session, effects: _Effects, *, existing_units: dict[str, UnitRow] | None = None
) -> None:
    """Bulk-write collected effects. Lock order: change_seq before unit_feed (no deadlocks)."""
    if effects.assignments:
        _record_assignments(session, effects.assignments)
    if effects.units:
        existing = existing_units or {}
        first = _bump(session, "unit_feed", len(effects.units))
        new_rows, updates = [], []
        for offset, (lpn, values) in enumerate(effects.units.items()):
            values = values | {"feed_seq": first + offset}
            if lpn in existing:
                updates.append(values | {"versions": existing[lpn].versions + 1})
            else:
                new_rows.append(values | {"versions": 1})
        if new_rows:
            session.execute(_table(UnitRow).insert(), new_rows)
        if updates:
            session.execute(update(UnitRow), updates)  # bulk UPDATE by primary key (lpn)
    # Core inserts: the ORM's per-row bookkeeping is most of the cost of a large batch.
    if effects.mutations:
        session.execute(_table(MutationRow).insert(), effects.mutations)
    if effects.dead_letters:
        session.execute(_table(DeadLetterRow).insert(), effects.dead_letters)


def _record_assignments(session: Session, assignments: dict[str, str]) -> None:
    first = _bump(session, "change_seq", len(assignments))
    now = utcnow()
    rows = {
        r.key: r
        for r in session.scalars(
            select(ReferenceRow).where(
                ReferenceRow.kind == "rma", ReferenceRow.key.in_(list(assignments))
            )
        )
    }
    changes = []
    for offset, (rma, bench) in enumerate(sorted(assignments.items())):
        seq = first + offset
        row = rows[rma]
        row.payload = dict(row.payload) | {"assigned_bench": bench}
        row.assigned_bench = bench
        row.seq = seq
        row.updated_at = now
        changes.append(
            {
                "seq": seq,
                "kind": "assignment",
                "key": rma,
                "op": "upsert",
                "payload": {"rma": rma, "assigned_bench": bench},
                "at": now,
            }
        )
    session.flush()
    session.execute(insert(ChangeRow), changes)


def reassign(db: HubDatabase, rma: str, bench: str) -> None:
    """An integration or admin moves an RMA to another bench's queue."""
    with db.write() as session:
        row = session.get(ReferenceRow, ("rma", rma))
        if row is None or row.deleted:
            raise NotFound(f"RMA {rma} is not known to the hub")
        _record_assignments(session, {rma: bench})


# -- reference data and the change log ---------------------------------------------------------


def upsert_reference(session: Session, kind: str, payloads: dict[str, dict[str, Any]]) -> int:
    """Store reference records; only those that differ become changes. Returns that count."""
    keys = list(payloads)
    existing: dict[str, ReferenceRow] = {}
    for part in _chunks(keys):
        existing.update(
            (r.key, r)
            for r in session.scalars(
                select(ReferenceRow).where(ReferenceRow.kind == kind, ReferenceRow.key.in_(part))
            )
        )
    changed: list[tuple[str, dict[str, Any]]] = []
    for key in keys:
        payload = payloads[key]
        old = existing.get(key)
        if kind == "rma":
            # The hub is authoritative for assignments: an import never undoes one.
            payload = payload | {"assigned_bench": old.assigned_bench if old else ""}
        if old is None or old.deleted or old.payload != payload:
            changed.append((key, payload))
    if not changed:
        return 0
    first = _bump(session, "change_seq", len(changed))
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    log: list[dict[str, Any]] = []
    for offset, (key, payload) in enumerate(changed):
        seq = first + offset
        values = {
            "kind": kind,
            "key": key,
            "seq": seq,
            "payload": payload,
            "deleted": False,
            "assigned_bench": str(payload.get("assigned_bench", "")),
            "updated_at": now,
        }
        (updates if key in existing else inserts).append(values)
        log.append(
            {"seq": seq, "kind": kind, "key": key, "op": "upsert", "payload": payload, "at": now}
        )
    if updates:
        session.execute(update(ReferenceRow), updates)
    if inserts:
        session.execute(insert(ReferenceRow), inserts)
    session.execute(insert(ChangeRow), log)
    return len(changed)


def delete_reference(session: Session, kind: str, keys: Iterable[str]) -> int:
    """Tombstone reference records (kept, so that snapshots carry the deletion)."""
    rows = [
        r
        for part in _chunks(sorted(set(keys)))
        for r in session.scalars(
            select(ReferenceRow).where(
                ReferenceRow.kind == kind,
                ReferenceRow.key.in_(part),
                ReferenceRow.deleted.is_(False),
            )
        )
    ]
    if not rows:
        return 0
    first = _bump(session, "change_seq", len(rows))
    now = utcnow()
    log = []
    for offset, row in enumerate(rows):
        row.seq, row.deleted, row.updated_at = first + offset, True, now
        log.append(
            {
                "seq": row.seq,
                "kind": kind,
                "key": row.key,
                "op": "delete",
                "payload": None,
                "at": now,
            }
        )
    session.flush()
    session.execute(insert(ChangeRow), log)
    return len(rows)


@dataclasses.dataclass(frozen=True, slots=True)
class PulledPage:
    """A pull answer already encoded as the JSON of :class:`PullResponse`."""

    body: bytes
    changes: int
    snapshot: bool


def _page_json(
    rows: Sequence[Any], *, cursor: int, has_more: bool, reset: bool, snapshot: bool
) -> bytes:
    """The JSON of a PullResponse, with each payload copied as the database holds it.

    Payloads were JSON-encoded (and validated) when the hub stored them: decoding and
    encoding them again for every pull was most of the hub's work per page.
    """
    dumps = json.dumps
    changes = ",".join(
        f'{{"seq":{seq},"kind":{dumps(kind)},"key":{dumps(key)},"op":{dumps(op)},'
        f'"payload":{payload if payload is not None and op != "delete" else "null"}}}'
        for seq, kind, key, op, payload in rows
    )
    return (
        f'{{"cursor":{cursor},"changes":[{changes}],"has_more":{dumps(has_more)},'
        f'"reset":{dumps(reset)},"snapshot":{dumps(snapshot)}}}'
    ).encode()


def pull_page(db: HubDatabase, request: PullRequest) -> PulledPage:
    """Changes after the cursor, or a snapshot page after a reset, as JSON ready to send."""
    with db.read() as session:
        floor = _counter(session, "change_floor")
        reset = not request.snapshot and request.cursor < floor
        if reset or request.snapshot:
            start = 0 if reset else request.cursor
            rows = [
                (seq, kind, key, "delete" if deleted else "upsert", payload)
                for seq, kind, key, deleted, payload in session.execute(
                    select(
                        ReferenceRow.seq,
                        ReferenceRow.kind,
                        ReferenceRow.key,
                        ReferenceRow.deleted,
                        cast_(ReferenceRow.payload, Text),
                    )
                    .where(ReferenceRow.seq > start)
                    .order_by(ReferenceRow.seq)
                    .limit(request.limit + 1)
                )
            ]
        else:
            start = request.cursor
            rows = list(
                session.execute(
                    select(
                        ChangeRow.seq,
                        ChangeRow.kind,
                        ChangeRow.key,
                        ChangeRow.op,
                        cast_(ChangeRow.payload, Text),
                    )
                    .where(ChangeRow.seq > request.cursor)
                    .order_by(ChangeRow.seq)
                    .limit(request.limit + 1)
                )
            )
    snapshot = reset or request.snapshot
    page = rows[: request.limit]
    body = _page_json(
        page,
        cursor=page[-1][0] if page else start,
        has_more=len(rows) > request.limit,
        reset=reset,
        snapshot=snapshot,
    )
    return PulledPage(body=body, changes=len(page), snapshot=snapshot)


def pull(db: HubDatabase, request: PullRequest) -> PullResponse:
    """:func:`pull_page` as a model (for Python callers; HTTP sends the bytes)."""
    return PullResponse.model_validate_json(pull_page(db, request).body)


def latest_change(db: HubDatabase) -> int:
    with db.read() as session:
        return _counter(session, "change_seq")


def prune_changes(db: HubDatabase, *, keep: timedelta) -> int:
    """Drop log entries older than ``keep``; stations behind that get a reset + snapshot."""
    cutoff = utcnow() - keep
    with db.write() as session:
        newest_old = session.scalar(select(func.max(ChangeRow.seq)).where(ChangeRow.at < cutoff))
        if newest_old is None:
            return 0
        removed = session.execute(
            select(func.count()).where(ChangeRow.seq <= newest_old)
        ).scalar_one()
        session.execute(delete(ChangeRow).where(ChangeRow.seq <= newest_old))
        session.execute(
            update(CounterRow)
            .where(CounterRow.name == "change_floor", CounterRow.value < newest_old)
            .values(value=newest_old)
        )
        return int(removed or 0)


# -- imports --------------------------------------------------------------------------------------


def _csv_items(text: str, columns: list[str], parse: Any, label: str) -> list[tuple[int, Any]]:
    """Validate CSV text with the station importer's row parsers; errors name line numbers."""
    from station.importer import validate

    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hub-import-") as folder:
        path = Path(folder) / label
        path.write_text(text, encoding="utf-8")
        try:
            items = list(validate(path, columns, parse, errors))
        except Exception as exc:  # station.importer.ImportError_: header missing, unreadable
            errors.extend(getattr(exc, "errors", [str(exc)]))
            items = []
    if errors:
        # Name the file as the caller knows it, not the hub's temporary copy.
        shown = [e.replace(str(path), label) for e in errors]
        raise Invalid(f"{label}: {len(errors)} bad rows; nothing was imported", shown)
    return items


def import_catalog(db: HubDatabase, text: str) -> ImportSummary:
    from station.importer import CATALOG_COLUMNS, parse_catalog

    items = _csv_items(text, CATALOG_COLUMNS, parse_catalog, "catalog.csv")
    payloads: dict[str, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    errors = []
    for line, item in items:
        if item.sku in payloads:
            errors.append(f"catalog.csv:{line}: sku {item.sku!r} appears twice")
        for gtin in item.gtins:
            if owners.setdefault(gtin, item.sku) != item.sku:
                errors.append(f"catalog.csv:{line}: gtin {gtin} already belongs to {owners[gtin]}")
        payloads[item.sku] = SkuRecord(
            sku=item.sku, gtins=list(item.gtins), **item.values
        ).model_dump(mode="json")
    if errors:
        raise Invalid(f"catalog.csv: {len(errors)} bad rows; nothing was imported", errors)
    with db.write() as session:
        changed = upsert_reference(session, "sku", payloads)
    return ImportSummary(kind="catalog", rows=len(payloads), changed=changed)


def import_rmas(db: HubDatabase, text: str) -> ImportSummary:
    from station.importer import RMA_COLUMNS, parse_rma

    items = _csv_items(text, RMA_COLUMNS, parse_rma, "rmas.csv")
    with db.write() as session:
        skus = {item.sku for _line, item in items}
        known: set[str] = set()
        for part in _chunks(sorted(skus)):
            known.update(
                session.scalars(
                    select(ReferenceRow.key).where(
                        ReferenceRow.kind == "sku",
                        ReferenceRow.key.in_(part),
                        ReferenceRow.deleted.is_(False),
                    )
                )
            )
        errors = []
        headers: dict[str, tuple[Any, ...]] = {}
        lines: dict[str, list[RmaLineRecord]] = {}
        for line, item in items:
            if item.sku not in known:
                errors.append(f"rmas.csv:{line}: sku {item.sku!r} is not in the hub's catalog")
            if headers.setdefault(item.rma, item.header) != item.header:
                errors.append(
                    f"rmas.csv:{line}: {item.rma} has other order/customer/date/"
                    "reason than on its first line"
                )
            lines.setdefault(item.rma, []).append(
                RmaLineRecord(sku=item.sku, qty=item.qty, serial=item.serial)
            )
        if errors:
            raise Invalid(f"rmas.csv: {len(errors)} bad rows; nothing was imported", errors)
        payloads = {}
        for rma, header in headers.items():
            order, channel, customer, delivered_on, reason, preference, tracking = header
            payloads[rma] = RmaRecord(
                rma=rma,
                order_number=order,
                tracking=tracking,
                channel=channel,
                customer=customer,
                delivered_on=delivered_on.isoformat() if delivered_on else None,
                reason=reason,
                preference=preference,
                lines=lines[rma],
            ).model_dump(mode="json")
        changed = upsert_reference(session, "rma", payloads)
    return ImportSummary(kind="rmas", rows=len(payloads), changed=changed)


def import_operators(db: HubDatabase, text: str) -> ImportSummary:
    from station.importer import OPERATOR_COLUMNS, parse_operator
    from station.storage.repo import check_pin, hash_pin

    items = _csv_items(text, OPERATOR_COLUMNS, parse_operator, "operators.csv")
    with db.write() as session:
        badges = [item["badge"] for _line, item in items]
        if len(set(badges)) != len(badges):
            raise Invalid("operators.csv: a badge appears twice; nothing was imported")
        old: dict[str, dict[str, Any]] = {}
        for part in _chunks(badges):
            old.update(
                (r.key, r.payload)
                for r in session.scalars(
                    select(ReferenceRow).where(
                        ReferenceRow.kind == "operator", ReferenceRow.key.in_(part)
                    )
                )
            )
        payloads = {}
        for _line, item in items:
            previous = old.get(item["badge"], {}).get("pin_hash", "")
            # Keep the stored hash when the PIN is unchanged: a fresh salt would make every
            # import a change for every station.
            pin_hash = (
                previous
                if previous and check_pin(item["pin"], previous)
                else (hash_pin(item["pin"]))
            )
            payloads[item["badge"]] = OperatorRecord(
                badge=item["badge"],
                name=item["name"],
                role=item["role"],
                pin_hash=pin_hash,
            ).model_dump(mode="json")
        changed = upsert_reference(session, "operator", payloads)
    return ImportSummary(kind="operators", rows=len(payloads), changed=changed)


def import_policy(db: HubDatabase, record: PolicyRecord) -> ImportSummary:
    """Check the policy files load exactly as a station would load them, then publish."""
    from station.policy import Policy, PolicyError

    with tempfile.TemporaryDirectory(prefix="hub-policy-") as folder:
        for name, content in record.files.items():
            if not _POLICY_FILE.fullmatch(name):
                raise Invalid(f"policy file name {name!r} is not a plain file name")
            try:
                (Path(folder) / name).write_text(content, encoding="utf-8")
            except (OSError, UnicodeError) as exc:
                raise Invalid(f"policy file {name!r} cannot be stored: {exc}") from exc
        try:
            policy = Policy.load(Path(folder))
        except PolicyError as exc:
            raise Invalid(f"policy refused: {exc}") from exc
    if policy.version != record.version:
        raise Invalid(
            f"policy.toml says version {policy.version!r}, the request says {record.version!r}"
        )
    with db.write() as session:
        changed = upsert_reference(session, "policy", {"active": record.model_dump()})
    return ImportSummary(kind="policy", rows=1, changed=changed)


# -- feeds for the WMS and leads -----------------------------------------------------------------


def units_page(db: HubDatabase, *, since: int, station: str | None, limit: int) -> UnitPage:
    with db.read() as session:
        query = select(UnitRow).where(UnitRow.feed_seq > since)
        if station:
            query = query.where(UnitRow.station == station)
        rows = list(session.scalars(query.order_by(UnitRow.feed_seq).limit(limit + 1)))
    page = rows[:limit]
    return UnitPage(
        units=[unit_out(r) for r in page],
        next=page[-1].feed_seq if page else since,
        has_more=len(rows) > limit,
    )


def unit_out(row: UnitRow) -> UnitOut:
    """A unit of the feed as the WMS receives it (page or webhook)."""
    return UnitOut(
        feed_seq=row.feed_seq,
        lpn=row.lpn,
        station=row.station,
        rma=row.rma,
        review_flag=row.review_flag,
        hub_received_at=_aware(row.hub_received_at),
        unit=row.record,
    )


def dead_letters(db: HubDatabase, *, station: str | None, limit: int) -> list[DeadLetterOut]:
    with db.read() as session:
        query = select(DeadLetterRow)
        if station:
            query = query.where(DeadLetterRow.station == station)
        rows = session.scalars(query.order_by(DeadLetterRow.id).limit(limit))
        return [
            DeadLetterOut(
                id=r.id,
                station=r.station,
                mutation_id=r.mutation_id,
                uuid=r.uuid,
                kind=r.kind,
                reason=r.reason,
                payload=r.payload,
                at=_aware(r.at),
            )
            for r in rows
        ]


def kpis(db: HubDatabase, *, since: datetime | None = None) -> Kpis:
    with db.read() as session:
        where = [UnitRow.hub_received_at >= since] if since else []

        def grouped(column: Any) -> dict[str, int]:
            rows = session.execute(select(column, func.count()).where(*where).group_by(column))
            return {str(k if k is not None else "none"): int(n) for k, n in rows}

        total = int(session.scalar(select(func.count()).select_from(UnitRow).where(*where)) or 0)

        def share(*conditions: Any) -> float:
            if not total:
                return 0.0
            n = (
                session.scalar(select(func.count()).select_from(UnitRow).where(*where, *conditions))
                or 0
            )
            return round(int(n) / total, 4)

        mean = session.scalar(select(func.avg(UnitRow.decision_s)).where(*where))
        flagged = (
            session.scalar(
                select(func.count()).select_from(UnitRow).where(*where, UnitRow.review_flag != "")
            )
            or 0
        )
        dead = session.scalar(select(func.count()).select_from(DeadLetterRow)) or 0
        return Kpis(
            units=total,
            by_station=grouped(UnitRow.station),
            disposition_mix=grouped(UnitRow.disposition),
            grade_mix=grouped(UnitRow.grade),
            refund_mix=grouped(UnitRow.refund_kind),
            automatic_rate=share(UnitRow.automatic.is_(True)),
            override_rate=share(UnitRow.overridden.is_(True)),
            hold_rate=share(UnitRow.hold_state != "none"),
            restock_rate=share(UnitRow.disposition == "restock"),
            review_flagged=int(flagged),
            dead_letters=int(dead),
            mean_receipt_to_decision_s=float(mean) if mean is not None else None,
        )


def units_csv(page: UnitPage) -> str:
    """The same page as CSV for spreadsheet users (flat columns only)."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = [
        "feed_seq",
        "lpn",
        "station",
        "rma",
        "sku",
        "grade",
        "disposition",
        "hold_state",
        "review_flag",
    ]
    writer.writerow(columns)
    for u in page.units:
        flat = {
            "feed_seq": u.feed_seq,
            "lpn": u.lpn,
            "station": u.station,
            "rma": u.rma,
            "review_flag": u.review_flag,
        } | {k: u.unit.get(k) for k in columns[4:8]}
        writer.writerow(["" if flat.get(c) is None else flat[c] for c in columns])
    return out.getvalue()


# -- blobs ---------------------------------------------------------------------------------------


def blob_state(db: HubDatabase, sha256: str) -> BlobState:
    with db.read() as session:
        row = session.get(BlobRow, sha256)
        if row is None:
            return BlobState(sha256=sha256, complete=False, received=0, size=None)
        return BlobState(sha256=sha256, complete=row.complete, received=row.received, size=row.size)


def blob_put(
    db: HubDatabase, sha256: str, *, start: int, total: int, data: bytes, station: str
) -> BlobState:
    """Append one chunk at ``start``; the blob completes when its bytes hash to its name."""
    if total > MAX_BLOB_BYTES:
        raise Invalid(f"blob of {total} bytes is larger than {MAX_BLOB_BYTES}")
    if start < 0 or start + len(data) > total or (not data and total):
        raise Invalid("Content-Range does not match the body")
    corrupt = False
    with db.write() as session:
        row = session.get(BlobRow, sha256, with_for_update=True)
        if row is None:
            row = BlobRow(sha256=sha256, size=total, received=0, complete=False, station=station)
            session.add(row)
            session.flush()
        if row.complete:
            return BlobState(sha256=sha256, complete=True, received=row.received, size=row.size)
        if row.size != total:
            raise Conflict(
                f"blob {sha256} is being uploaded with size {row.size}, not {total}",
                offset=row.received,
            )
        if start != row.received:
            raise Conflict(
                f"blob {sha256}: expected bytes from offset {row.received}", offset=row.received
            )
        if data:
            session.add(BlobChunkRow(sha256=sha256, offset=start, data=data))
            row.received += len(data)
        if row.received == total:
            digest = hashlib.sha256()
            for chunk in session.scalars(
                select(BlobChunkRow.data)
                .where(BlobChunkRow.sha256 == sha256)
                .order_by(BlobChunkRow.offset)
            ):
                digest.update(chunk)
            if digest.hexdigest() == sha256:
                row.complete, row.completed_at = True, utcnow()
            else:
                # Start over: the bad bytes are dropped in this (committed) transaction.
                session.execute(delete(BlobChunkRow).where(BlobChunkRow.sha256 == sha256))
                session.delete(row)
                corrupt = True
        state = BlobState(
            sha256=sha256, complete=row.complete, received=row.received, size=row.size
        )
    if corrupt:
        raise Invalid(f"the uploaded bytes do not hash to {sha256}; upload it again")
    return state


def blob_bytes(db: HubDatabase, sha256: str) -> bytes:
    with db.read() as session:
        row = session.get(BlobRow, sha256)
        if row is None or not row.complete:
            raise NotFound(f"no complete blob {sha256}")
        return b"".join(
            session.scalars(
                select(BlobChunkRow.data)
                .where(BlobChunkRow.sha256 == sha256)
                .order_by(BlobChunkRow.offset)
            )
        )
