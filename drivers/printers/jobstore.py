"""Durable storage of label print jobs: the ``print_jobs`` table and the store protocol.

A job moves through these states::

    queued ──► sending ──► done
      ▲  │        │
      │  │        ├──► failed ──► (due again) sending ...      retried with backoff
      │  │        └──► uncertain ──► done (operator: "it printed")
      │  │                  └──────► queued (operator: "reprint")
      │  └──► cancelled (operator; also from failed and uncertain)

``sending`` is written and committed *before* a single byte goes to the printer, and
``done`` right after the printer confirmed, so the only window in which a job can print
without being marked is between those two commits. A job found in ``sending`` at start-up
fell into that window: see :mod:`drivers.printers.queue` for what happens to it.

Timestamps are kept in UTC; SQLite stores them without a zone, so they are written naive
and read back as aware UTC datetimes.
"""

from __future__ import annotations

import dataclasses
import enum
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Row,
    Table,
    Text,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


class JobState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    DONE = "done"
    FAILED = "failed"  # last attempt failed; tried again at next_attempt_at
    CANCELLED = "cancelled"
    UNCERTAIN = "uncertain"  # may have printed; waits for the operator


# States a job is still "open" in: shown to the operator, never dropped.
OPEN_STATES = (JobState.QUEUED, JobState.SENDING, JobState.FAILED, JobState.UNCERTAIN)
CANCELLABLE_STATES = (JobState.QUEUED, JobState.FAILED, JobState.UNCERTAIN)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclasses.dataclass(frozen=True, slots=True)
class QueuedJob:
    """One label job as stored; safe to hand to any thread."""

    id: str
    lpn: str
    printer: str
    zpl: str
    state: JobState
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    created_at: datetime
    printed_at: datetime | None = None

    @classmethod
    def new(
        cls, lpn: str, zpl: str, printer: str, *, now: datetime, job_id: str | None = None
    ) -> QueuedJob:
        return cls(
            id=str(uuid.UUID(job_id)) if job_id else str(uuid.uuid4()),
            lpn=lpn,
            printer=printer,
            zpl=zpl,
            state=JobState.QUEUED,
            attempts=0,
            last_error="",
            next_attempt_at=None,
            created_at=now,
        )


class PrintJobStore(Protocol):
    """Where the print queue keeps its jobs. Every method is one committed transaction.

    The ``mark_*`` methods, ``requeue``, ``confirm_printed`` and ``cancel`` change a job only
    from the states their docstrings name and return whether they did, so a job cancelled
    while the worker picked it up is never sent.
    """

    def add(self, job: QueuedJob) -> bool:
        """Store a new job; False (and nothing changes) when its id is already stored."""
        ...

    def get(self, job_id: str) -> QueuedJob | None: ...

    def next_due(self, now: datetime) -> QueuedJob | None:
        """The oldest queued/failed job of some printer whose time has come.

        Jobs of one printer go out in the order they were added: a job waiting for its
        retry holds back the later jobs of the same printer.
        """
        ...

    def mark_sending(self, job_id: str) -> bool:
        """queued/failed -> sending, counting one attempt."""
        ...

    def mark_done(self, job_id: str) -> bool:
        """sending -> done, with printed_at."""
        ...

    def mark_failed(self, job_id: str, error: str, next_attempt_at: datetime) -> bool:
        """queued/sending/failed -> failed, to be tried again at ``next_attempt_at``."""
        ...

    def mark_uncertain(self, job_id: str, error: str) -> bool:
        """sending -> uncertain: the label may have printed; the operator decides."""
        ...

    def requeue(self, job_id: str, now: datetime) -> bool:
        """sending/failed/uncertain -> queued, due at ``now`` (reprint, retry now, recovery)."""
        ...

    def confirm_printed(self, job_id: str) -> bool:
        """uncertain -> done: the operator saw the label come out."""
        ...

    def cancel(self, job_id: str) -> bool:
        """queued/failed/uncertain -> cancelled (never a job being sent)."""
        ...

    def pending(self) -> list[QueuedJob]:
        """Every open job (queued, sending, failed, uncertain), oldest first."""
        ...


def print_jobs_table(metadata: MetaData) -> Table:
    """The ``print_jobs`` table on ``metadata`` (identical to the station's migration)."""
    existing = metadata.tables.get("print_jobs")
    if existing is not None:
        return existing
    return Table(
        "print_jobs",
        metadata,
        Column("id", Text, primary_key=True),  # job UUID, also the file sink's file name
        Column("lpn", Text, nullable=False),
        Column("printer", Text, nullable=False),
        Column("zpl", Text, nullable=False),
        Column("state", Text, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("last_error", Text, nullable=False),
        Column("next_attempt_at", DateTime, nullable=True),
        Column("created_at", DateTime, nullable=False),
        Column("updated_at", DateTime, nullable=False),
        Column("printed_at", DateTime, nullable=True),
    )


def _to_db(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("print job times must be timezone-aware")
    return moment.astimezone(UTC).replace(tzinfo=None)


def _from_db(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _job(row: Row[Any]) -> QueuedJob:
    created = _from_db(row.created_at)
    assert created is not None
    return QueuedJob(
        id=row.id,
        lpn=row.lpn,
        printer=row.printer,
        zpl=row.zpl,
        state=JobState(row.state),
        attempts=row.attempts,
        last_error=row.last_error,
        next_attempt_at=_from_db(row.next_attempt_at),
        created_at=created,
        printed_at=_from_db(row.printed_at),
    )


class SqlitePrintJobStore:
    """:class:`PrintJobStore` on a SQLite database through SQLAlchemy Core.

    Safe to use from several threads: each call takes its own connection and commits.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        create_table: bool = True,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.metadata = MetaData()
        self.table = print_jobs_table(self.metadata)
        self._clock = clock
        if create_table:
            self.metadata.create_all(engine, checkfirst=True)

    def _now(self) -> datetime | None:
        return _to_db(self._clock())

    def _transition(self, job_id: str, from_states: tuple[JobState, ...], **values: Any) -> bool:
        table = self.table
        statement = (
            update(table)
            .where(table.c.id == job_id, table.c.state.in_([s.value for s in from_states]))
            .values(updated_at=self._now(), **values)
        )
        with self.engine.begin() as conn:
            return conn.execute(statement).rowcount == 1

    def add(self, job: QueuedJob) -> bool:
        statement = (
            sqlite_insert(self.table)
            .values(
                id=job.id,
                lpn=job.lpn,
                printer=job.printer,
                zpl=job.zpl,
                state=job.state.value,
                attempts=job.attempts,
                last_error=job.last_error,
                next_attempt_at=_to_db(job.next_attempt_at),
                created_at=_to_db(job.created_at),
                updated_at=self._now(),
                printed_at=_to_db(job.printed_at),
            )
            .on_conflict_do_nothing(index_elements=["id"])
        )
        with self.engine.begin() as conn:
            return conn.execute(statement).rowcount == 1

    def get(self, job_id: str) -> QueuedJob | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(self.table).where(self.table.c.id == job_id)).first()
        return _job(row) if row is not None else None

    def _open(self, states: tuple[JobState, ...]) -> list[QueuedJob]:
        table = self.table
        statement = (
            select(table)
            .where(table.c.state.in_([s.value for s in states]))
            .order_by(table.c.created_at, table.c.id)
        )
        with self.engine.connect() as conn:
            return [_job(row) for row in conn.execute(statement)]

    def next_due(self, now: datetime) -> QueuedJob | None:
        held: set[str] = set()
        for job in self._open((JobState.QUEUED, JobState.FAILED)):
            if job.printer in held:
                continue
            held.add(job.printer)
            if job.next_attempt_at is None or job.next_attempt_at <= now:
                return job
        return None

    def mark_sending(self, job_id: str) -> bool:
        return self._transition(
            job_id,
            (JobState.QUEUED, JobState.FAILED),
            state=JobState.SENDING.value,
            attempts=self.table.c.attempts + 1,
        )

    def mark_done(self, job_id: str) -> bool:
        now = self._now()
        return self._transition(
            job_id,
            (JobState.SENDING,),
            state=JobState.DONE.value,
            printed_at=now,
            next_attempt_at=None,
        )

    def mark_failed(self, job_id: str, error: str, next_attempt_at: datetime) -> bool:
        return self._transition(
            job_id,
            (JobState.QUEUED, JobState.SENDING, JobState.FAILED),
            state=JobState.FAILED.value,
            last_error=error,
            next_attempt_at=_to_db(next_attempt_at),
        )

    def mark_uncertain(self, job_id: str, error: str) -> bool:
        return self._transition(
            job_id,
            (JobState.SENDING,),
            state=JobState.UNCERTAIN.value,
            last_error=error,
            next_attempt_at=None,
        )

    def requeue(self, job_id: str, now: datetime) -> bool:
        return self._transition(
            job_id,
            (JobState.SENDING, JobState.FAILED, JobState.UNCERTAIN),
            state=JobState.QUEUED.value,
            next_attempt_at=_to_db(now),
        )

    def confirm_printed(self, job_id: str) -> bool:
        now = self._now()
        return self._transition(
            job_id,
            (JobState.UNCERTAIN,),
            state=JobState.DONE.value,
            printed_at=now,
        )

    def cancel(self, job_id: str) -> bool:
        return self._transition(
            job_id, CANCELLABLE_STATES, state=JobState.CANCELLED.value, next_attempt_at=None
        )

    def pending(self) -> list[QueuedJob]:
        return self._open(OPEN_STATES)
