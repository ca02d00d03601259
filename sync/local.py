"""Station-side storage work of sync: outbox batches, recorded answers, pulled changes applied.

Everything here runs on the sync threads with their own sessions and short transactions.
Pulled changes are applied in small chunks whose size adapts so that each transaction holds
SQLite's write lock for about :data:`TARGET_LOCK_S`: the bench's own commit never waits
long behind sync.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, func, select, update
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
    new_id,
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

TARGET_LOCK_S = 0.008
_MIN_CHUNK, _MAX_CHUNK = 16, 2000


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
    session: Session, sent: Sequence[OutboxEntry], results: Sequence[MutationResult]
) -> PushTally:
    """Mark rows by the hub's answers. A row is done only when the hub names its id."""
    by_id = {e.mutation_id: e for e in sent}
    now = utcnow()
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


class _Sql:
    """Prepared SQL for one dialect: text, and the column types' bind processors.

    Pulled changes are turned into plain parameter tuples *before* the transaction opens,
    and executed with ``executemany`` inside it: SQLite's write lock is then held for the
    database work alone, not for Python and statement compilation.
    """

    def __init__(self, engine: Engine) -> None:
        self.dialect = engine.dialect
        self.mark = "?" if self.dialect.paramstyle == "qmark" else "%s"

    def processors(self, table: Table, columns: Sequence[str]) -> list[Any]:
        return [table.c[c].type.bind_processor(self.dialect) for c in columns]

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
    """Applies pulled changes to the local reference tables in short transactions."""

    def __init__(
        self,
        engine: Engine,
        *,
        policy_root: Path | None = None,
        target_lock_s: float = TARGET_LOCK_S,
        write_gate: threading.Lock | None = None,
    ) -> None:
        from sqlalchemy.orm import sessionmaker

        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._engine = engine
        # A lock the bench's own commits also take (same process): the bench then waits
        # for at most one short sync transaction instead of SQLite's busy-handler sleeps.
        self._gate = write_gate or contextlib.nullcontext()
        self._policy_root = policy_root
        self._target = target_lock_s
        self._chunk = 128
        self.longest_transaction_s = 0.0
        self.transactions = 0
        sql = _Sql(engine)
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
        self._proc = {
            "sku": sql.processors(skus, _SKU_COLUMNS),
            "rma": sql.processors(rmas, _RMA_COLUMNS),
            "operator": sql.processors(operators, _OPERATOR_COLUMNS),
            "stamp": sql.processors(rmas, ("updated_at",))[0],
            "flag": sql.processors(operators, ("active",))[0],
        }

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
            if not last:
                # Leave the lock free about as long as we held it, so that a bench commit
                # waiting in SQLite's busy handler finds it free when it retries.
                time.sleep(min(0.01, max(0.001, took)))
        return done

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

    @staticmethod
    def _row(values: Sequence[Any], processors: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            p(v) if p is not None and v is not None else v
            for v, p in zip(values, processors, strict=True)
        )

    # -- per kind: changes -> statements ----------------------------------------------------

    def _upsert_sku(self, items: Sequence[Change]) -> list[Statement]:
        now = utcnow()
        skus: list[tuple[Any, ...]] = []
        gtins: list[tuple[Any, ...]] = []
        for c in items:
            p = c.payload or {}
            skus.append(
                self._row(
                    (
                        new_id(),
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
                    ),
                    self._proc["sku"],
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
        now = utcnow()
        headers: list[tuple[Any, ...]] = []
        lines: list[tuple[Any, ...]] = []
        for c in items:
            p = c.payload or {}
            delivered = p.get("delivered_on")
            headers.append(
                self._row(
                    (
                        new_id(),
                        p["rma"],
                        p["order_number"],
                        p.get("tracking", ""),
                        p.get("channel", ""),
                        p.get("customer", ""),
                        date.fromisoformat(delivered) if delivered else None,
                        p["reason"],
                        p["preference"],
                        p.get("status", "open"),
                        p.get("risk_score", 0),
                        p.get("assigned_bench", ""),
                        now,
                        now,
                    ),
                    self._proc["rma"],
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
        stamp = self._row((utcnow(),), (self._proc["stamp"],))[0]
        return [
            (
                self._sql["assignment"],
                [((c.payload or {}).get("assigned_bench", ""), stamp, c.key) for c in items],
            )
        ]

    def _upsert_operator(self, items: Sequence[Change]) -> list[Statement]:
        now = utcnow()
        return [
            (
                self._sql["operator"],
                [
                    self._row(
                        (
                            new_id(),
                            p["badge"],
                            p["name"],
                            p["role"],
                            p["pin_hash"],
                            bool(p.get("active", True)),
                            now,
                            now,
                        ),
                        self._proc["operator"],
                    )
                    for p in (c.payload or {} for c in items)
                ],
            )
        ]

    def _delete_operator(self, items: Sequence[Change]) -> list[Statement]:
        # Operators stay in the table (audit events name them); they just cannot log in.
        stamp = self._row((utcnow(),), (self._proc["stamp"],))[0]
        inactive = self._row((False,), (self._proc["flag"],))[0]
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


def read_cursor(session: Session) -> tuple[int, bool]:
    return int(get_state(session, CURSOR_KEY, "0") or 0), get_state(session, SNAPSHOT_KEY) == "1"
