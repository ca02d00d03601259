"""Station-side storage work of sync: outbox batches, recorded answers, pulled changes applied.

Everything here runs on the sync threads with their own sessions and short transactions.
Pulled changes are applied in small chunks whose size adapts so that each transaction holds
the write gate (and SQLite's write lock) for about :data:`TARGET_LOCK_S`: the bench's own
commit never waits long behind sync.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, create_engine, event, func, select, update
from sqlalchemy.orm import Session

from station.storage.models import (
    OperatorRow,
    OutboxRow,
    PhotoRow,
    RmaLineRow,
    RmaRow,
    SkuGtinRow,
    SkuRow,
    SyncStateRow,
)
from sync.protocol import Change, MutationResult

log = logging.getLogger(__name__)

CURSOR_KEY = "sync_cursor"
SNAPSHOT_KEY = "sync_snapshot"
HUB_URL_KEY = "hub_url"
HUB_TOKEN_KEY = "hub_token"
HUB_STATION_KEY = "hub_station"
POLICY_DIR_KEY = "hub_policy_dir"
POLICY_VERSION_KEY = "hub_policy_version"

TARGET_LOCK_S = 0.010
CHECKPOINT_AFTER_S = 0.2  # of pulled-page writing between two passive WAL checkpoints
_MIN_CHUNK, _MAX_CHUNK = 16, 2000
_YIELD_S = 0.001


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# -- station state -------------------------------------------------------------------------------


def get_state(session: Session, key: str, default: str = "") -> str:
    row = session.get(SyncStateRow, key)
    return row.value if row is not None else default


def set_state(session: Session, key: str, value: str) -> None:
    row = session.get(SyncStateRow, key)
    if row is None:
        session.add(SyncStateRow(key=key, value=value))
    else:
        row.value = value


# -- outbox ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class OutboxEntry:
    mutation_id: int
    uuid: str
    kind: str
    payload: dict[str, Any]
    created_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "mutation_id": self.mutation_id,
            "uuid": self.uuid,
            "kind": self.kind,
            "payload": self.payload,
            "created_at": _aware(self.created_at).isoformat(),
        }


def pending_batch(session: Session, limit: int) -> list[OutboxEntry]:
    rows = session.execute(
        select(
            OutboxRow.mutation_id,
            OutboxRow.uuid,
            OutboxRow.kind,
            OutboxRow.payload,
            OutboxRow.created_at,
        )
        .where(OutboxRow.state == "pending")
        .order_by(OutboxRow.mutation_id)
        .limit(limit)
    )
    return [OutboxEntry(*r) for r in rows]


@dataclasses.dataclass(frozen=True, slots=True)
class PushTally:
    """What one push answer did to the outbox."""

    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    gap_expected: int | None = None
    unanswered: int = 0

    def __add__(self, other: PushTally) -> PushTally:
        return PushTally(
            self.applied + other.applied,
            self.duplicates + other.duplicates,
            self.rejected + other.rejected,
            other.gap_expected if other.gap_expected is not None else self.gap_expected,
            self.unanswered + other.unanswered,
        )


def record_results(
    session: Session,
    sent: Sequence[OutboxEntry],
    results: Sequence[MutationResult],
    *,
    now: datetime | None = None,
) -> PushTally:
    """Mark rows by the hub's answers. A row is done only when the hub names its id.

    ``now`` is the station clock's reading, recorded as the rows' ``sent_at``.
    """
    by_id = {e.mutation_id: e for e in sent}
    now = now or utcnow()
    applied: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    counts = {"applied": 0, "duplicate": 0, "rejected": 0}
    gap: int | None = None
    answered = 0
    for result in results:
        entry = by_id.get(result.mutation_id)
        if entry is None or entry.uuid != result.uuid:
            log.warning(
                "hub answered mutation %s (%s) that was not sent; ignored",
                result.mutation_id,
                result.uuid,
            )
            continue
        answered += 1
        if result.status == "gap":
            gap = result.expected_id
            continue
        counts[result.status] += 1
        outcome = result.original if result.status == "duplicate" else result.status
        if outcome == "rejected":
            rejected.append({"id": result.mutation_id, "result": result.reason or "rejected"})
        else:
            applied.append({"id": result.mutation_id, "result": result.review_flag})
    if applied:
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.mutation_id == _bind("id"), OutboxRow.state == "pending")
            .values(
                state="applied",
                result=_bind("result"),
                sent_at=now,
                attempts=OutboxRow.attempts + 1,
            )
            .execution_options(dml_strategy="core_only", synchronize_session=False),
            applied,
        )
    if rejected:
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.mutation_id == _bind("id"), OutboxRow.state == "pending")
            .values(
                state="rejected",
                result=_bind("result"),
                sent_at=now,
                attempts=OutboxRow.attempts + 1,
            )
            .execution_options(dml_strategy="core_only", synchronize_session=False),
            rejected,
        )
    if gap is not None:
        # The hub lost mutations it had acknowledged (restored from a backup): send them
        # again from the id it expects.
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.mutation_id >= gap, OutboxRow.state != "pending")
            .values(state="pending", result="")
        )
    return PushTally(
        applied=counts["applied"],
        duplicates=counts["duplicate"],
        rejected=counts["rejected"],
        gap_expected=gap,
        unanswered=len(sent) - answered,
    )


def _bind(name: str) -> Any:
    return bindparam(name)


def has_mutation(session: Session, mutation_id: int) -> bool:
    return session.get(OutboxRow, mutation_id) is not None


@dataclasses.dataclass(frozen=True, slots=True)
class QueueStats:
    pending: int
    oldest_pending_at: datetime | None
    rejected: int


def queue_stats(session: Session) -> QueueStats:
    pending, oldest = session.execute(
        select(func.count(), func.min(OutboxRow.created_at)).where(OutboxRow.state == "pending")
    ).one()
    rejected = session.scalar(select(func.count()).where(OutboxRow.state == "rejected")) or 0
    return QueueStats(int(pending), _aware(oldest) if oldest is not None else None, int(rejected))


@dataclasses.dataclass(frozen=True, slots=True)
class RejectedMutation:
    mutation_id: int
    kind: str
    reason: str


def rejected_mutations(session: Session, limit: int = 100) -> list[RejectedMutation]:
    rows = session.execute(
        select(OutboxRow.mutation_id, OutboxRow.kind, OutboxRow.result)
        .where(OutboxRow.state == "rejected")
        .order_by(OutboxRow.mutation_id)
        .limit(limit)
    )
    return [RejectedMutation(*r) for r in rows]


# -- photos ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class PhotoToUpload:
    sha256: str
    path: Path


def photos_to_upload(session: Session, limit: int = 50) -> list[PhotoToUpload]:
    rows = session.execute(
        select(PhotoRow.sha256, PhotoRow.path)
        .where(PhotoRow.uploaded.is_(False))
        .order_by(PhotoRow.created_at)
        .limit(limit)
    )
    return [PhotoToUpload(sha, Path(path)) for sha, path in rows]


def photos_pending(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(PhotoRow.uploaded.is_(False))) or 0)


def mark_photo_uploaded(session: Session, sha256: str) -> None:
    session.execute(update(PhotoRow).where(PhotoRow.sha256 == sha256).values(uploaded=True))


# -- pulled changes ------------------------------------------------------------------------------

_FAMILY = {
    "sku": "sku",
    "rma": "rma",
    "assignment": "rma",
    "operator": "operator",
    "policy": "policy",
}


def _runs(changes: Sequence[Change]) -> list[list[Change]]:
    """Split into runs in which each record appears once, so a run may be applied by kind."""
    runs: list[list[Change]] = []
    current: list[Change] = []
    seen: set[tuple[str, str]] = set()
    for change in changes:
        ident = (_FAMILY[change.kind], change.key)
        if ident in seen:
            runs.append(current)
            current, seen = [], set()
        seen.add(ident)
        current.append(change)
    if current:
        runs.append(current)
    return runs


class _OrderedIds:
    """Row ids for pulled records that sort by creation time (RFC 9562 UUID version 7).

    Random (version 4) ids land all over the primary-key index, so every chunk dirtied a
    page per row and the WAL carried several times the data: ids that grow put new rows at
    the index's right edge. Thread-safe; strictly increasing within this process.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ms = 0
        self._seq = 0

    def __call__(self) -> str:
        with self._lock:
            ms = max(time.time_ns() // 1_000_000, self._ms)
            self._seq = self._seq + 1 if ms == self._ms else 0
            if self._seq > 0xFFF:  # 4,096 ids in one millisecond: borrow the next one
                ms, self._seq = ms + 1, 0
            self._ms = ms
            seq = self._seq
        rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms << 80) | (0x7 << 76) | (seq << 64) | (0b10 << 62) | rand
        return str(uuid.UUID(int=value))


ordered_id = _OrderedIds()


def _pull_connection(dbapi_connection: Any, _record: Any) -> None:
    """Tune a connection that writes pulled pages (SQLite)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")  # an RMA's lines go with it (ON DELETE CASCADE)
        cursor.execute("PRAGMA busy_timeout=5000")
        # Checkpoints run from ChangeApplier.checkpoint(), between chunks and outside the
        # write gate: never inside one of these commits, which the bench may be waiting for.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() == "wal":
            # Pulled rows are a copy of the hub's and the cursor commits with them: a power
            # cut may undo the last pages, which the station then pulls again. Skipping the
            # fsync here keeps each chunk's hold on the write lock short; the bench's own
            # FULL commits still sync every WAL frame written before theirs.
            cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _pull_engine(engine: Engine) -> tuple[Engine, bool]:
    """The engine pulled pages are written with, and whether it is ours to dispose.

    A SQLite file gets connections of its own, so that their tuning (above) never leaks
    into the pooled connections the bench commits units with.
    """
    url = engine.url
    if engine.dialect.name != "sqlite" or url.database in (None, "", ":memory:"):
        return engine, False
    own = create_engine(url, pool_size=1, max_overflow=1)
    event.listen(own, "connect", _pull_connection)
    return own, True


def _wal_file(engine: Engine) -> Path | None:
    """The WAL file of a SQLite database in WAL mode, else None."""
    with engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    database = engine.url.database
    if str(mode).lower() != "wal" or not database:
        return None
    return Path(database + "-wal")


_fdatasync: Callable[[int], None] = getattr(os, "fdatasync", os.fsync)


class _Sql:
    """Statements for one dialect, run with ``executemany`` on plain parameter tuples.

    Pulled changes are turned into tuples *before* the write gate is taken: the lock is then
    held for the database work alone. (SQLAlchemy Core ``insert().on_conflict_do_update()``
    with a list of dicts does the same upsert but converts the parameters inside the
    ``execute`` call, which measured ~25 % longer per locked chunk.)
    """

    def __init__(self, engine: Engine) -> None:
        self.dialect = engine.dialect
        self.mark = "?" if self.dialect.paramstyle == "qmark" else "%s"

    def processor(self, table: Table, column: str) -> Callable[[Any], Any]:
        """How the dialect stores a value of the column (dates and times as SQLAlchemy does)."""
        impl = table.c[column].type.dialect_impl(self.dialect)
        process = impl.bind_processor(self.dialect)
        return process if process is not None else (lambda value: value)

    def upsert(
        self,
        table: Table,
        columns: Sequence[str],
        key: str,
        keep: Sequence[str] = ("id", "created_at"),
    ) -> str:
        marks = ", ".join([self.mark] * len(columns))
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in (key, *keep))
        return (
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
        )

    def insert(self, table: Table, columns: Sequence[str]) -> str:
        marks = ", ".join([self.mark] * len(columns))
        return f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"

    def where(self, sql: str) -> str:
        return sql.replace("?", self.mark)


def _tbl(model: Any) -> Table:
    return cast(Table, model.__table__)


_SKU_COLUMNS = (
    "id",
    "sku",
    "description",
    "category",
    "unit_value_cents",
    "weight_g",
    "weight_tolerance_g",
    "serialized",
    "returnable",
    "supplier",
    "hazmat",
    "battery",
    "grading_profile",
    "created_at",
    "updated_at",
)
_RMA_COLUMNS = (
    "id",
    "rma",
    "order_number",
    "tracking",
    "channel",
    "customer",
    "delivered_on",
    "reason",
    "preference",
    "status",
    "risk_score",
    "assigned_bench",
    "created_at",
    "updated_at",
)
_OPERATOR_COLUMNS = (
    "id",
    "badge",
    "name",
    "role",
    "pin_hash",
    "active",
    "created_at",
    "updated_at",
)
_STATE_COLUMNS = ("key", "value")

Statement = tuple[str, list[tuple[Any, ...]]]


class ChangeApplier:
    """Applies pulled changes to the local reference tables in short transactions.

    Each chunk is one transaction that stores its cursor with its changes. Chunks are sized
    so that one holds the write gate for about ``target_lock_s``; between chunks the gate is
    released and the thread yields, so a bench commit waits for at most one chunk. The WAL
    is checkpointed (PASSIVE) from here, outside the gate, every ``checkpoint_after_s`` of
    writing: the bench's commits then never find a long WAL to checkpoint themselves.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        policy_root: Path | None = None,
        target_lock_s: float = TARGET_LOCK_S,
        write_gate: threading.Lock | None = None,
        checkpoint_after_s: float = CHECKPOINT_AFTER_S,
    ) -> None:
        self._engine, self._owns_engine = _pull_engine(engine)
        self._wal = _wal_file(self._engine) if self._owns_engine else None
        # A lock the bench's own commits also take (same process): the bench then waits
        # for at most one short sync transaction instead of SQLite's busy-handler sleeps.
        self._gate: contextlib.AbstractContextManager[Any] = (
            write_gate if write_gate is not None else contextlib.nullcontext()
        )
        self._policy_root = policy_root
        self._target = target_lock_s
        self._checkpoint_after = checkpoint_after_s
        self._written_since_checkpoint = 0.0
        self._chunk = 128
        self.longest_transaction_s = 0.0
        self.transactions = 0
        self.checkpoints = 0
        self.longest_checkpoint_s = 0.0
        sql = _Sql(self._engine)
        skus, gtins, rmas, lines = _tbl(SkuRow), _tbl(SkuGtinRow), _tbl(RmaRow), _tbl(RmaLineRow)
        operators, state = _tbl(OperatorRow), _tbl(SyncStateRow)
        self._sql = {
            "sku": sql.upsert(skus, _SKU_COLUMNS, "sku"),
            "sku_gtins_clear": sql.where("DELETE FROM sku_gtins WHERE sku = ?"),
            "gtin": sql.upsert(gtins, ("gtin", "sku"), "gtin"),
            "sku_delete": sql.where("DELETE FROM skus WHERE sku = ?"),
            "rma": sql.upsert(rmas, _RMA_COLUMNS, "rma"),
            "rma_lines_clear": sql.where("DELETE FROM rma_lines WHERE rma = ?"),
            "rma_line": sql.insert(lines, ("rma", "sku", "qty", "serial")),
            "rma_delete": sql.where("DELETE FROM rmas WHERE rma = ?"),
            "assignment": sql.where(
                "UPDATE rmas SET assigned_bench = ?, updated_at = ? WHERE rma = ?"
            ),
            "operator": sql.upsert(operators, _OPERATOR_COLUMNS, "badge"),
            "operator_delete": sql.where(
                "UPDATE operators SET active = ?, updated_at = ? WHERE badge = ?"
            ),
            "state": sql.upsert(state, _STATE_COLUMNS, "key", keep=()),
        }
        self._stamp = sql.processor(rmas, "updated_at")
        self._day = sql.processor(rmas, "delivered_on")
        self._flag = sql.processor(operators, "active")

    def close(self) -> None:
        """Close the connections this applier opened of its own."""
        if self._owns_engine:
            self._engine.dispose()

    def apply_page(
        self,
        changes: Sequence[Change],
        *,
        cursor: int,
        snapshot_page: bool,
        more_snapshot: bool,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> int:
        """Apply one page and store the cursor with the last chunk; returns changes applied.

        ``more_snapshot`` is stored with the final cursor: True while a snapshot is still
        being paged in. Intermediate chunks store the seq of their last change, so a crash
        mid-page resumes there (changes are whole records: applying one twice is harmless).
        """
        done = 0
        if not changes:
            self._execute(self._cursor_statements(cursor, more_snapshot))
            return 0
        while done < len(changes):
            if should_stop():
                break
            chunk = changes[done : done + self._chunk]
            last = done + len(chunk) == len(changes)
            self._write_policy_files(chunk)
            statements = [st for run in _runs(chunk) for st in self._plan(run)]
            statements += (
                self._cursor_statements(cursor, more_snapshot)
                if last
                else self._cursor_statements(chunk[-1].seq, snapshot_page)
            )
            took = self._execute(statements)
            done += len(chunk)
            # Aim each transaction at the target lock time, whatever this PC's disk does.
            scale = self._target / max(took, 1e-4)
            self._chunk = int(min(_MAX_CHUNK, max(_MIN_CHUNK, self._chunk * min(2.0, scale))))
            self._written_since_checkpoint += took
            if not self._flush_wal():
                # Give up the interpreter with the gate free: a bench commit waiting on it
                # goes first instead of after this thread's next chunk.
                time.sleep(_YIELD_S)
            if self._written_since_checkpoint >= self._checkpoint_after:
                self.checkpoint()
        return done

    def _flush_wal(self) -> bool:
        """Put the chunk's WAL frames on disk now, with the gate free (and the GIL too).

        The bench's next FULL commit syncs the WAL file, which would otherwise write out
        every frame of sync's chunks before its own, while holding the gate.
        """
        if self._wal is None:
            return False
        try:
            fd = os.open(self._wal, os.O_RDONLY)
        except OSError:
            return False
        try:
            _fdatasync(fd)
        except OSError as exc:
            log.debug("could not sync %s: %s", self._wal, exc)
        finally:
            os.close(fd)
        return True

    def checkpoint(self) -> None:
        """Copy the WAL into the database (PASSIVE: never waits for, nor blocks, writers)."""
        self._written_since_checkpoint = 0.0
        if not self._owns_engine:
            return
        started = time.perf_counter()
        with self._engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        self.checkpoints += 1
        self.longest_checkpoint_s = max(self.longest_checkpoint_s, time.perf_counter() - started)

    def _execute(self, statements: Sequence[Statement]) -> float:
        with self._gate:
            started = time.perf_counter()
            with self._engine.begin() as conn:
                for sql, params in statements:
                    if params:
                        conn.exec_driver_sql(sql, params)
            took = time.perf_counter() - started
        self.longest_transaction_s = max(self.longest_transaction_s, took)
        self.transactions += 1
        return took

    def _cursor_statements(self, cursor: int, snapshot: bool) -> list[Statement]:
        return [
            (
                self._sql["state"],
                [(CURSOR_KEY, str(cursor)), (SNAPSHOT_KEY, "1" if snapshot else "0")],
            )
        ]

    def _plan(self, run: Sequence[Change]) -> list[Statement]:
        by_kind: dict[tuple[str, str], list[Change]] = {}
        for change in run:
            by_kind.setdefault((change.kind, change.op), []).append(change)
        out: list[Statement] = []
        for (kind, op), items in by_kind.items():
            plan = getattr(self, f"_{op}_{kind}", None)
            if plan is None:
                log.warning(
                    "ignoring %d %s %s changes this station does not know", len(items), op, kind
                )
                continue
            out.extend(plan(items))
        return out

    # -- per kind: changes -> statements ----------------------------------------------------

    def _upsert_sku(self, items: Sequence[Change]) -> list[Statement]:
        now = self._stamp(utcnow())
        skus: list[tuple[Any, ...]] = []
        gtins: list[tuple[Any, ...]] = []
        for c in items:
            p = c.payload or {}
            skus.append(
                (
                    ordered_id(),
                    p["sku"],
                    p["description"],
                    p["category"],
                    p["unit_value_cents"],
                    p.get("weight_g"),
                    p.get("weight_tolerance_g"),
                    bool(p.get("serialized")),
                    bool(p.get("returnable", True)),
                    p.get("supplier", ""),
                    bool(p.get("hazmat")),
                    bool(p.get("battery")),
                    p.get("grading_profile", ""),
                    now,
                    now,
                )
            )
            gtins.extend((g, p["sku"]) for g in p.get("gtins", []))
        return [
            (self._sql["sku"], skus),
            (self._sql["sku_gtins_clear"], [(s[1],) for s in skus]),
            (self._sql["gtin"], gtins),
        ]

    def _delete_sku(self, items: Sequence[Change]) -> list[Statement]:
        return [(self._sql["sku_delete"], [(c.key,) for c in items])]

    def _upsert_rma(self, items: Sequence[Change]) -> list[Statement]:
        now = self._stamp(utcnow())
        day = self._day
        headers: list[tuple[Any, ...]] = []
        lines: list[tuple[Any, ...]] = []
        for c in items:
            p = c.payload or {}
            delivered = p.get("delivered_on")
            headers.append(
                (
                    ordered_id(),
                    p["rma"],
                    p["order_number"],
                    p.get("tracking", ""),
                    p.get("channel", ""),
                    p.get("customer", ""),
                    day(date.fromisoformat(delivered)) if delivered else None,
                    p["reason"],
                    p["preference"],
                    p.get("status", "open"),
                    p.get("risk_score", 0),
                    p.get("assigned_bench", ""),
                    now,
                    now,
                )
            )
            lines.extend(
                (p["rma"], ln["sku"], ln.get("qty", 1), ln.get("serial", ""))
                for ln in p.get("lines", [])
            )
        return [
            (self._sql["rma"], headers),
            (self._sql["rma_lines_clear"], [(h[1],) for h in headers]),
            (self._sql["rma_line"], lines),
        ]

    def _delete_rma(self, items: Sequence[Change]) -> list[Statement]:
        return [(self._sql["rma_delete"], [(c.key,) for c in items])]

    def _upsert_assignment(self, items: Sequence[Change]) -> list[Statement]:
        stamp = self._stamp(utcnow())
        return [
            (
                self._sql["assignment"],
                [((c.payload or {}).get("assigned_bench", ""), stamp, c.key) for c in items],
            )
        ]

    def _upsert_operator(self, items: Sequence[Change]) -> list[Statement]:
        now = self._stamp(utcnow())
        return [
            (
                self._sql["operator"],
                [
                    (
                        ordered_id(),
                        p["badge"],
                        p["name"],
                        p["role"],
                        p["pin_hash"],
                        bool(p.get("active", True)),
                        now,
                        now,
                    )
                    for p in (c.payload or {} for c in items)
                ],
            )
        ]

    def _delete_operator(self, items: Sequence[Change]) -> list[Statement]:
        # Operators stay in the table (audit events name them); they just cannot log in.
        stamp = self._stamp(utcnow())
        inactive = self._flag(False)
        return [(self._sql["operator_delete"], [(inactive, stamp, c.key) for c in items])]

    def _upsert_policy(self, items: Sequence[Change]) -> list[Statement]:
        payload = items[-1].payload or {}
        version = str(payload.get("version", ""))
        folder = self._policy_folder(version)
        if folder is None:
            return []
        return [
            (self._sql["state"], [(POLICY_DIR_KEY, str(folder)), (POLICY_VERSION_KEY, version)])
        ]

    def _policy_folder(self, version: str) -> Path | None:
        if self._policy_root is None or not version:
            return None
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in version)
        if safe.startswith("."):  # never ".." or a hidden folder
            safe = "v" + safe
        return self._policy_root / safe

    def _write_policy_files(self, chunk: Sequence[Change]) -> None:
        """Policy files are written (outside the transaction) before the state names them."""
        for change in chunk:
            if change.kind != "policy" or change.op != "upsert" or not change.payload:
                continue
            folder = self._policy_folder(str(change.payload.get("version", "")))
            if folder is None or folder.exists():
                continue
            staging = folder.with_name(folder.name + ".partial")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            for name, text in dict(change.payload.get("files", {})).items():
                if "/" in name or "\\" in name or name.startswith("."):
                    continue
                (staging / name).write_text(str(text), encoding="utf-8")
            staging.rename(folder)


# -- which policy the station runs ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class PolicySource:
    """The policy directory the station should load, where it comes from, and why.

    ``origin`` is ``hub`` (pulled from the hub), ``config`` (``[policy] dir``) or
    ``shipped`` (``resources/policy`` or ``$STATION_POLICY_DIR``). ``problem`` says why a
    pulled policy was passed over, for the status bar and the log; empty otherwise.
    """

    directory: Path
    origin: str
    version: str = ""
    problem: str = ""


def policy_source(session: Session, configured: Path | None = None) -> PolicySource:
    """The hub's policy when one was pulled and loads cleanly, else the configured or shipped one.

    The pulled folder must load with :meth:`station.policy.Policy.load` and carry the version
    the hub published; anything else (files removed or edited on the PC, a policy this
    station version cannot read) falls back rather than stopping the bench. Reads
    ``station_state`` and the files only: cheap enough for start-up.
    """
    from station.policy import Policy, PolicyError
    from station.policy.engine import DEFAULT_DIRECTORY, POLICY_DIR_ENV

    if configured is not None:
        fallback = PolicySource(Path(configured), "config")
    else:
        override = os.environ.get(POLICY_DIR_ENV, "").strip()
        fallback = PolicySource(Path(override) if override else DEFAULT_DIRECTORY, "shipped")
    pulled = get_state(session, POLICY_DIR_KEY)
    if not pulled:
        return fallback
    published = get_state(session, POLICY_VERSION_KEY)
    folder = Path(pulled)
    try:
        loaded = Policy.load(folder)
    except PolicyError as exc:
        problem = f"policy {published or '?'} from the hub does not load: {exc}"
    except OSError as exc:
        problem = f"policy {published or '?'} from the hub cannot be read: {exc}"
    else:
        if not published or loaded.version == published:
            return PolicySource(folder, "hub", loaded.version)
        problem = (
            f"policy files in {folder} say version {loaded.version!r}, the hub published "
            f"{published!r}"
        )
    log.warning("%s; using the %s policy in %s", problem, fallback.origin, fallback.directory)
    return dataclasses.replace(fallback, problem=problem)


def read_cursor(session: Session) -> tuple[int, bool]:
    return int(get_state(session, CURSOR_KEY, "0") or 0), get_state(session, SNAPSHOT_KEY) == "1"
