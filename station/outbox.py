"""Outbox: the station's changes queued for the hub, written in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from station.storage.models import OutboxRow, new_id, utcnow
from station.storage.repo import next_counter

MUTATION_COUNTER = "outbox_mutation_id"


def enqueue(
    session: Session, kind: str, payload: dict[str, Any], *, at: datetime | None = None
) -> OutboxRow:
    """Queue one mutation; its id is this station's next, strictly increasing, mutation id.

    ``at`` is the time the caller stamped the change with (the bench's clock), so that the
    row's ``created_at`` agrees with the unit, audit event and print job it goes with. The
    hub records it and never decides by it; the sync status ages the queue by it.
    """
    row = OutboxRow(
        mutation_id=next_counter(session, MUTATION_COUNTER),
        uuid=new_id(),
        kind=kind,
        payload=payload,
        created_at=at or utcnow(),
        state="pending",
    )
    session.add(row)
    return row
