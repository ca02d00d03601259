"""What the status bar says about sync: online or not, pending mutations, oldest pending age.

The local outbox is the truth about what is still to send, so the figures are read from it
on the DB executor every few seconds. Whether the hub is reachable comes from the sync
client's status snapshot when a client runs; without one (no hub configured, or a build
without sync) the station is simply offline and its outbox keeps growing safely.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import func, select

from station.storage.db import Database
from station.storage.models import OutboxRow
from ui.ops import SerialExecutor

# DESIGN §6: a watchdog shows when the oldest pending mutation is older than this, online.
STALE_AFTER_S = 5 * 60


@dataclasses.dataclass(frozen=True, slots=True)
class SyncSnapshot:
    """Sync as the status bar shows it; plain data built on the DB executor thread."""

    configured: bool
    online: bool
    pending: int
    oldest_age_s: float | None
    rejected: int = 0
    detail: str = ""

    @property
    def stale(self) -> bool:
        return self.online and self.oldest_age_s is not None and self.oldest_age_s > STALE_AFTER_S


def read_outbox(db: Database, now: datetime | None = None) -> tuple[int, float | None, int]:
    """Pending count, age in seconds of the oldest pending mutation, and rejected count."""
    now = now or datetime.now(UTC)
    with db.sessions() as session:
        pending, oldest = session.execute(
            select(func.count(), func.min(OutboxRow.created_at)).where(OutboxRow.state == "pending")
        ).one()
        rejected = (
            session.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.state == "rejected")
            )
            or 0
        )
    age = None
    if oldest is not None:
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        age = max(0.0, (now - oldest).total_seconds())
    return int(pending or 0), age, int(rejected)


class SyncStatusPoller(QObject):
    """Reads the outbox (and the sync client's status) on a timer.

    Signals:
        snapshot(SyncSnapshot): the latest figures, on the GUI thread.
    """

    snapshot = Signal(object)

    def __init__(
        self,
        executor: SerialExecutor,
        db: Database,
        *,
        hub_url: str,
        client_status: Callable[[], Any] | None = None,
        interval_ms: int = 3000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._executor = executor
        self._db = db
        self._hub_url = hub_url
        self._client_status = client_status
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return  # one read at a time: a busy DB must not pile up status reads
        self._busy = True
        self._executor.run(self._read, self._done, self._failed, owner=self)

    def _read(self) -> SyncSnapshot:
        pending, age, rejected = read_outbox(self._db)
        online, detail = False, ""
        if self._client_status is not None:
            status = self._client_status()  # sync.client.SyncStatus, a frozen snapshot
            online = bool(getattr(status, "online", False))
            detail = str(getattr(status, "last_error", "") or "")
            if getattr(status, "update_needed", False):
                detail = "update needed"
        return SyncSnapshot(
            configured=bool(self._hub_url),
            online=online,
            pending=pending,
            oldest_age_s=age,
            rejected=rejected,
            detail=detail,
        )

    def _done(self, snap: SyncSnapshot) -> None:
        self._busy = False
        self.snapshot.emit(snap)

    def _failed(self, _exc: BaseException) -> None:
        self._busy = False
