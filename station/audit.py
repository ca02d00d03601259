"""Tamper-evident audit trail: append-only events, each holding the hash of the one before.

``append`` must run inside the caller's transaction so that an event is committed together
with the change it describes. ``verify`` re-computes the chain and names the first event
that was edited, removed or moved; the chain head (count and last hash) is also kept in
``station_state`` so that cutting events off the end is detected too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.storage.models import AuditEventRow, SyncStateRow, new_id

GENESIS = "0" * 64
_HEAD_KEY = "audit_head"


@dataclasses.dataclass(frozen=True, slots=True)
class AuditProblem:
    seq: int
    event_id: str
    message: str


def _canonical(row: AuditEventRow) -> bytes:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    body = {
        "seq": row.seq,
        "id": row.id,
        "at": at.isoformat(),
        "actor": row.actor,
        "station": row.station,
        "action": row.action,
        "subject": row.subject,
        "before": row.before,
        "after": row.after,
        "prev": row.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _hash(row: AuditEventRow) -> str:
    return hashlib.sha256(_canonical(row)).hexdigest()


def _head(session: Session) -> tuple[int, str]:
    state = session.get(SyncStateRow, _HEAD_KEY)
    if state is None:
        return 0, GENESIS
    seq, digest = state.value.split(":", 1)
    return int(seq), digest


def append(
    session: Session,
    *,
    actor: str,
    station: str,
    action: str,
    subject: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEventRow:
    """Add one event to the chain inside the caller's transaction."""
    last_seq, last_hash = _head(session)
    row = AuditEventRow(
        seq=last_seq + 1,
        id=new_id(),
        at=at or datetime.now(UTC),
        actor=actor,
        station=station,
        action=action,
        subject=subject,
        before=before,
        after=after,
        prev_hash=last_hash,
    )
    row.hash = _hash(row)
    session.add(row)
    head = session.get(SyncStateRow, _HEAD_KEY)
    value = f"{row.seq}:{row.hash}"
    if head is None:
        session.add(SyncStateRow(key=_HEAD_KEY, value=value))
    else:
        head.value = value
    return row


def verify(session: Session) -> AuditProblem | None:
    """Walk the whole chain; return the first problem found, or None when it is intact."""
    expected_prev = GENESIS
    expected_seq = 1
    last: AuditEventRow | None = None
    for row in session.scalars(select(AuditEventRow).order_by(AuditEventRow.seq)):
        if row.seq != expected_seq:
            return AuditProblem(
                row.seq, row.id, f"event {expected_seq} is missing (next found is {row.seq})"
            )
        if row.prev_hash != expected_prev:
            return AuditProblem(
                row.seq,
                row.id,
                f"event {row.seq} does not follow event {row.seq - 1}: an event before it "
                "was edited, removed or reordered",
            )
        if _hash(row) != row.hash:
            return AuditProblem(row.seq, row.id, f"event {row.seq} was edited after it was written")
        expected_prev = row.hash
        expected_seq += 1
        last = row
    head_seq, head_hash = _head(session)
    count = session.scalar(select(func.count()).select_from(AuditEventRow)) or 0
    if head_seq != count or (last is not None and head_hash != last.hash):
        return AuditProblem(
            count,
            last.id if last else "",
            f"the trail ends at event {count} but {head_seq} were written: events were cut off",
        )
    return None
