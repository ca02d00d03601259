"""Lead mode in the core: holds inbox, queue board with SLA aging, RMA reassignment, KPIs.

Qt-free, so the lead screens, the CLI and tests share one implementation. Reassigning an
RMA writes the new assignment, its audit event and its outbox mutation (``rma.reassigned``)
in one transaction, like every other change the hub must learn of.
"""

from __future__ import annotations

import dataclasses
import enum
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, select

from station import audit, outbox
from station.domain import Operator, Role
from station.storage.db import Database
from station.storage.models import RmaLineRow, RmaRow, SkuRow, UnitRow

# DESIGN §3: intake within 24 h of arrival, disposition within 48 h of receipt at the bench.
INTAKE_SLA = timedelta(hours=24)
DISPOSITION_SLA = timedelta(hours=48)
# Share of the SLA after which an item shows as "due soon" on the board.
WARN_SHARE = 0.75
UNASSIGNED = ""
BOARD_ITEMS_PER_BENCH = 200  # the board shows the oldest; counts cover everything

# Conformity issues: returns that say the product or its shipment did not match the promise.
CONFORMITY_REASONS = frozenset(
    {"not_as_described", "wrong_item", "size_mismatch", "color_mismatch", "defective"}
)
CONFORMITY_FLAG_SHARE = 0.02  # DESIGN §3: flag SKUs whose conformity issues exceed 2%

# Share of the unit value a disposition recovers (planning figures for the dashboard,
# not accounting): resold as new or credited by the vendor recovers it all, salvage little.
RECOVERY_SHARE: Mapping[str, float] = {
    "restock": 1.0,
    "return_to_vendor": 1.0,
    "resell_open_box": 0.8,
    "refurbish": 0.6,
    "liquidate": 0.25,
    "donate": 0.0,
    "recycle": 0.02,
    "write_off": 0.0,
}
# Streams that keep a unit out of landfill (write-off is disposed of).
LANDFILL_STREAMS = frozenset({"write_off"})


class LeadError(Exception):
    """A lead action that cannot be done; the message says why."""


class Aging(enum.StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    BREACHED = "breached"


def aging(age: timedelta, sla: timedelta) -> Aging:
    if age > sla:
        return Aging.BREACHED
    if age > sla * WARN_SHARE:
        return Aging.DUE_SOON
    return Aging.OK


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


# -- holds ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class HeldUnit:
    """A unit parked on the hold shelf, waiting for a lead."""

    lpn: str
    rma: str | None
    sku: str
    station: str
    operator: str
    received_at: datetime
    reasons: tuple[str, ...]  # explanations a person reads
    rules: tuple[str, ...]  # the policy rules that fired
    photos: tuple[str, ...]  # sha256 of the unit's photos
    age: timedelta
    aging: Aging


def list_holds(db: Database, *, now: datetime | None = None) -> list[HeldUnit]:
    """Held units, oldest first."""
    now = now or datetime.now(UTC)
    with db.sessions() as session:
        rows = session.scalars(
            select(UnitRow).where(UnitRow.hold_state == "held").order_by(UnitRow.received_at)
        ).all()
        out = []
        for row in rows:
            received = _aware(row.received_at) or now
            age = now - received
            out.append(
                HeldUnit(
                    lpn=row.lpn,
                    rma=row.rma,
                    sku=row.sku,
                    station=row.station,
                    operator=row.operator,
                    received_at=received,
                    reasons=tuple(e.get("explanation", "") for e in row.escalations),
                    rules=tuple(e.get("rule", "") for e in row.escalations),
                    photos=tuple(p.get("sha256", "") for p in row.photos),
                    age=age,
                    aging=aging(age, DISPOSITION_SLA),
                )
            )
    return out


# -- queue board ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class BoardItem:
    """One thing waiting at a bench: an RMA to take in, or a held unit to decide."""

    kind: str  # "rma" (intake SLA) or "hold" (disposition SLA)
    key: str  # RMA number or LPN
    bench: str
    detail: str  # RMA: its reason code; hold: "SKU: why it is held"
    since: datetime
    age: timedelta
    aging: Aging


@dataclasses.dataclass(frozen=True, slots=True)
class BenchColumn:
    bench: str  # "" for unassigned
    waiting: int  # RMAs assigned and not yet inspected (all of them, not only those listed)
    held: int
    breached: int
    items: tuple[BoardItem, ...]


def queue_board(
    db: Database,
    *,
    now: datetime | None = None,
    benches: Iterable[str] = (),
    per_bench: int = BOARD_ITEMS_PER_BENCH,
) -> list[BenchColumn]:
    """Every bench's waiting RMAs and held units with SLA aging; unassigned first."""
    now = now or datetime.now(UTC)
    not_inspected = ~exists().where(UnitRow.rma == RmaRow.rma)
    open_rma = (RmaRow.status == "open") & not_inspected
    intake_cutoff = now - INTAKE_SLA
    with db.sessions() as session:
        counts = dict(
            session.execute(
                select(RmaRow.assigned_bench, func.count())
                .where(open_rma)
                .group_by(RmaRow.assigned_bench)
            ).all()
        )
        breached = dict(
            session.execute(
                select(RmaRow.assigned_bench, func.count())
                .where(open_rma, RmaRow.created_at < intake_cutoff)
                .group_by(RmaRow.assigned_bench)
            ).all()
        )
        names = sorted(set(counts) | {b for b in benches if b} | {UNASSIGNED})
        held_rows = session.execute(
            select(
                UnitRow.lpn, UnitRow.station, UnitRow.sku, UnitRow.received_at, UnitRow.hold_reason
            )
            .where(UnitRow.hold_state == "held")
            .order_by(UnitRow.received_at)
        ).all()
        names = sorted(set(names) | {r.station for r in held_rows})
        columns = []
        for bench in names:
            rows = session.execute(
                select(RmaRow.rma, RmaRow.created_at, RmaRow.reason, RmaRow.customer)
                .where(open_rma, RmaRow.assigned_bench == bench)
                .order_by(RmaRow.created_at, RmaRow.rma)
                .limit(per_bench)
            ).all()
            items = []
            for r in rows:
                since = _aware(r.created_at) or now
                age = now - since
                items.append(
                    BoardItem(
                        "rma",
                        r.rma,
                        bench,
                        r.reason.replace("_", " "),
                        since,
                        age,
                        aging(age, INTAKE_SLA),
                    )
                )
            held = [h for h in held_rows if h.station == bench]
            held_breached = 0
            for h in held:
                since = _aware(h.received_at) or now
                age = now - since
                state = aging(age, DISPOSITION_SLA)
                held_breached += state is Aging.BREACHED
                items.append(
                    BoardItem("hold", h.lpn, bench, f"{h.sku}: {h.hold_reason}", since, age, state)
                )
            items.sort(key=lambda item: item.since)
            columns.append(
                BenchColumn(
                    bench=bench,
                    waiting=counts.get(bench, 0),
                    held=len(held),
                    breached=breached.get(bench, 0) + held_breached,
                    items=tuple(items),
                )
            )
    unassigned = [c for c in columns if c.bench == UNASSIGNED]
    return unassigned + [c for c in columns if c.bench != UNASSIGNED]


def bench_queue(
    db: Database, bench: str, *, now: datetime | None = None, limit: int = 5, cap: int = 1000
) -> BenchColumn:
    """One bench's waiting RMAs, oldest first: what its inspector sees between units.

    Cheap enough to run between two scans: it reads through the bench index, lists at most
    ``limit`` RMAs and counts at most ``cap`` (a count of ``cap`` means "that many or more").
    """
    now = now or datetime.now(UTC)
    open_rma = (RmaRow.status == "open") & ~exists().where(UnitRow.rma == RmaRow.rma)
    with db.sessions() as session:
        waiting = (
            session.scalar(
                select(func.count()).select_from(
                    select(RmaRow.id)
                    .where(open_rma, RmaRow.assigned_bench == bench)
                    .limit(cap)
                    .subquery()
                )
            )
            or 0
        )
        rows = session.execute(
            select(RmaRow.rma, RmaRow.created_at, RmaRow.reason)
            .where(open_rma, RmaRow.assigned_bench == bench)
            .order_by(RmaRow.created_at, RmaRow.rma)
            .limit(limit)
        ).all()
    items = []
    for r in rows:
        since = _aware(r.created_at) or now
        items.append(
            BoardItem(
                "rma", r.rma, bench, r.reason, since, now - since, aging(now - since, INTAKE_SLA)
            )
        )
    breached = sum(1 for i in items if i.aging is Aging.BREACHED)
    return BenchColumn(bench=bench, waiting=waiting, held=0, breached=breached, items=tuple(items))


# -- reassignment --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Reassignment:
    rma: str
    from_bench: str
    to_bench: str
    by: str
    at: datetime


def reassign(
    db: Database,
    rma: str,
    bench: str,
    by: Operator,
    *,
    station: str,
    now: datetime | None = None,
) -> Reassignment:
    """Move an RMA to another bench (``""`` = unassigned): row, audit and outbox at once."""
    if by.role not in (Role.LEAD, Role.ADMIN):
        raise LeadError(f"{by.name} is not a lead: only leads reassign RMAs.")
    bench = bench.strip()
    if len(bench) > 40:
        raise LeadError("A bench id has at most 40 characters.")
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        row = session.scalar(select(RmaRow).where(RmaRow.rma == rma))
        if row is None:
            raise LeadError(f"RMA {rma} is not known at this station.")
        if session.scalar(select(exists().where(UnitRow.rma == rma))):
            raise LeadError(f"RMA {rma} is already inspected; it cannot move to another bench.")
        before = row.assigned_bench
        if before == bench:
            return Reassignment(rma, before, bench, by.badge, now)
        row.assigned_bench = bench
        audit.append(
            session,
            actor=by.badge,
            station=station,
            action="rma.reassigned",
            subject=f"rma:{rma}",
            before={"assigned_bench": before},
            after={"assigned_bench": bench},
            at=now,
        )
        outbox.enqueue(
            session,
            "rma.reassigned",
            {
                "station": station,
                "rma": rma,
                "from_bench": before,
                "to_bench": bench,
                "by": by.badge,
                "at": now.isoformat(),
            },
            at=now,
        )
    return Reassignment(rma, before, bench, by.badge, now)


# -- KPIs ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Kpi:
    """One figure of the dashboard with its target; ``value`` None when there is no data."""

    key: str
    name: str
    value: float | None
    unit: str  # "%", "units/h", "h", "EUR", "kg"
    target: float | None = None
    higher_is_better: bool = True

    @property
    def on_target(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


@dataclasses.dataclass(frozen=True, slots=True)
class Throughput:
    who: str  # bench id or operator badge
    kind: str  # "bench" or "operator"
    units: int
    units_per_hour: float


@dataclasses.dataclass(frozen=True, slots=True)
class ReasonCount:
    key: str  # SKU or supplier
    reason: str
    units: int
    share: float  # of all inspected units in the window
    flagged: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class KpiReport:
    since: datetime
    until: datetime
    units: int
    kpis: tuple[Kpi, ...]
    disposition_mix: Mapping[str, int]
    refund_mix: Mapping[str, int]
    kg_by_stream: Mapping[str, float]
    throughput: tuple[Throughput, ...]
    reasons_by_sku: tuple[ReasonCount, ...]
    reasons_by_supplier: tuple[ReasonCount, ...]
    flagged_skus: tuple[str, ...]

    def kpi(self, key: str) -> Kpi:
        return next(k for k in self.kpis if k.key == key)

    def csv_rows(self) -> list[list[str]]:
        """The report as CSV rows (section, key, value, unit, target, on target)."""
        rows = [["section", "key", "value", "unit", "target", "on_target"]]
        for k in self.kpis:
            rows.append(
                [
                    "kpi",
                    k.key,
                    _fmt(k.value),
                    k.unit,
                    _fmt(k.target),
                    "" if k.on_target is None else str(k.on_target).lower(),
                ]
            )
        for name, mix, unit in (
            ("disposition_mix", self.disposition_mix, "units"),
            ("refund_mix", self.refund_mix, "units"),
            ("kg_by_stream", self.kg_by_stream, "kg"),
        ):
            for key, value in mix.items():
                rows.append([name, key, _fmt(value), unit, "", ""])
        for t in self.throughput:
            rows.append([f"throughput_{t.kind}", t.who, _fmt(t.units_per_hour), "units/h", "", ""])
        for section, counts in (
            ("reasons_by_sku", self.reasons_by_sku),
            ("reasons_by_supplier", self.reasons_by_supplier),
        ):
            for c in counts:
                rows.append(
                    [
                        section,
                        f"{c.key}:{c.reason}",
                        str(c.units),
                        "units",
                        "",
                        "flagged" if c.flagged else "",
                    ]
                )
        return rows


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


# Targets: the pilot's automatic-decision share (DESIGN §2) and the SLA; the rest are the
# operations team's starting figures, to be tuned per site.
TARGETS: Mapping[str, tuple[float, bool]] = {
    "units_per_hour": (20.0, True),
    "receipt_to_decision_h": (DISPOSITION_SLA.total_seconds() / 3600, False),
    "restock_rate": (0.5, True),
    "automatic_rate": (0.6, True),
    "override_rate": (0.1, False),
    "escalation_rate": (0.15, False),
    "weight_mismatch_rate": (0.05, False),
    "damaged_share": (0.3, False),
    "unsellable_share": (0.1, False),
    "recovered_value": (0.0, True),
    "kg_diverted": (0.0, True),
}


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def _active_hours(moments: Sequence[datetime]) -> float:
    """Hours with at least one decision: throughput per productive hour, not per wall hour."""
    return float(len({m.replace(minute=0, second=0, microsecond=0) for m in moments}))


def kpis(db: Database, since: datetime, *, now: datetime | None = None) -> KpiReport:
    """The DESIGN §3 KPI list over units decided since ``since``."""
    now = now or datetime.now(UTC)
    since = _aware(since) or since
    with db.sessions() as session:
        rows = session.execute(
            select(
                UnitRow.station,
                UnitRow.operator,
                UnitRow.sku,
                UnitRow.rma,
                UnitRow.final_disposition,
                UnitRow.automatic,
                UnitRow.override_reason,
                UnitRow.escalations,
                UnitRow.grade,
                UnitRow.damage_codes,
                UnitRow.refund_kind,
                UnitRow.weight_g,
                UnitRow.expected_weight_g,
                UnitRow.received_at,
                UnitRow.decided_at,
            ).where(UnitRow.decided_at.is_not(None), UnitRow.decided_at >= since)
        ).all()
        skus = {r.sku for r in rows}
        sku_info = (
            {
                s.sku: (s.unit_value_cents, s.supplier)
                for s in session.execute(
                    select(SkuRow.sku, SkuRow.unit_value_cents, SkuRow.supplier).where(
                        SkuRow.sku.in_(skus)
                    )
                ).all()
            }
            if skus
            else {}
        )
        rmas = {r.rma for r in rows if r.rma}
        reasons = (
            dict(
                session.execute(select(RmaRow.rma, RmaRow.reason).where(RmaRow.rma.in_(rmas))).all()
            )
            if rmas
            else {}
        )
    return _report(rows, sku_info, reasons, since, now)


def _report(
    rows: Sequence[Any],
    sku_info: Mapping[str, tuple[int, str]],
    reasons: Mapping[str, str],
    since: datetime,
    now: datetime,
) -> KpiReport:
    total = len(rows)
    decided = [_aware(r.decided_at) for r in rows]
    decided_at = [d for d in decided if d is not None]
    hours = _active_hours(decided_at)
    waits = [
        ((_aware(r.decided_at) or now) - (_aware(r.received_at) or now)).total_seconds() / 3600
        for r in rows
    ]

    def count(pred: Any) -> int:
        return sum(1 for r in rows if pred(r))

    def codes(r: Any) -> set[str]:
        return {str(e.get("code", "")) for e in (r.escalations or [])}

    mix = Counter(r.final_disposition or "none" for r in rows)
    refunds = Counter(r.refund_kind or "none" for r in rows)
    recovered = 0.0
    kg: dict[str, float] = defaultdict(float)
    for r in rows:
        value_cents = sku_info.get(r.sku, (0, ""))[0]
        recovered += value_cents / 100 * RECOVERY_SHARE.get(r.final_disposition or "", 0.0)
        grams = r.weight_g if r.weight_g is not None else (r.expected_weight_g or 0.0)
        kg[r.final_disposition or "none"] += grams / 1000
    diverted = sum(v for k, v in kg.items() if k not in LANDFILL_STREAMS and k != "none")

    def kpi(key: str, name: str, value: float | None, unit: str) -> Kpi:
        target, higher = TARGETS.get(key, (None, True))
        return Kpi(key, name, value, unit, target, higher)

    figures = (
        kpi("units_per_hour", "Units per hour", total / hours if hours else None, "units/h"),
        kpi(
            "receipt_to_decision_h",
            "Receipt to decision (median)",
            statistics.median(waits) if waits else None,
            "h",
        ),
        kpi("restock_rate", "Restock rate", _share(mix.get("restock", 0), total), "%"),
        kpi(
            "automatic_rate",
            "Automatic decisions",
            _share(count(lambda r: r.automatic), total),
            "%",
        ),
        kpi(
            "override_rate",
            "Overrides",
            _share(count(lambda r: bool(r.override_reason)), total),
            "%",
        ),
        kpi(
            "escalation_rate",
            "Escalations",
            _share(count(lambda r: bool(r.escalations)), total),
            "%",
        ),
        kpi(
            "weight_mismatch_rate",
            "Weight mismatches",
            _share(count(lambda r: any("weight" in c for c in codes(r))), total),
            "%",
        ),
        kpi("damaged_share", "Damaged", _share(count(lambda r: bool(r.damage_codes)), total), "%"),
        kpi(
            "unsellable_share",
            "Unsellable (grade X)",
            _share(count(lambda r: r.grade == "X"), total),
            "%",
        ),
        kpi(
            "refund_share",
            "Refunds (vs store credit)",
            _share(
                refunds.get("full_refund", 0) + refunds.get("refund_less_fee", 0),
                refunds.get("full_refund", 0)
                + refunds.get("refund_less_fee", 0)
                + refunds.get("store_credit", 0),
            ),
            "%",
        ),
        kpi("recovered_value", "Recovered value", recovered if total else None, "EUR"),
        kpi("kg_diverted", "Diverted from landfill", diverted if total else None, "kg"),
    )

    per_bench: dict[str, list[datetime]] = defaultdict(list)
    per_operator: dict[str, list[datetime]] = defaultdict(list)
    for r, d in zip(rows, decided, strict=True):
        if d is not None:
            per_bench[r.station].append(d)
            per_operator[r.operator].append(d)
    throughput = tuple(
        Throughput(who, kind, len(moments), len(moments) / (_active_hours(moments) or 1.0))
        for kind, table in (("bench", per_bench), ("operator", per_operator))
        for who, moments in sorted(table.items())
    )

    by_sku: Counter[tuple[str, str]] = Counter()
    by_supplier: Counter[tuple[str, str]] = Counter()
    conformity: Counter[str] = Counter()
    for r in rows:
        reason = reasons.get(r.rma or "", "unexpected_item")
        by_sku[(r.sku, reason)] += 1
        by_supplier[(sku_info.get(r.sku, (0, ""))[1] or "unknown", reason)] += 1
        if reason in CONFORMITY_REASONS:
            conformity[r.sku] += 1
    flagged = tuple(
        sorted(s for s, n in conformity.items() if total and n / total > CONFORMITY_FLAG_SHARE)
    )
    reasons_by_sku = tuple(
        ReasonCount(
            sku, reason, n, n / total, flagged=sku in flagged and reason in CONFORMITY_REASONS
        )
        for (sku, reason), n in by_sku.most_common(50)
    )
    reasons_by_supplier = tuple(
        ReasonCount(supplier, reason, n, n / total)
        for (supplier, reason), n in by_supplier.most_common(50)
    )
    return KpiReport(
        since=since,
        until=now,
        units=total,
        kpis=figures,
        disposition_mix=dict(mix),
        refund_mix=dict(refunds),
        kg_by_stream=dict(kg),
        throughput=throughput,
        reasons_by_sku=reasons_by_sku,
        reasons_by_supplier=reasons_by_supplier,
        flagged_skus=flagged,
    )


def rma_lines(db: Database, rma: str) -> list[tuple[str, int, str]]:
    """(sku, qty, serial) of an RMA, for the board's detail view."""
    with db.sessions() as session:
        return [
            (r.sku, r.qty, r.serial)
            for r in session.scalars(
                select(RmaLineRow).where(RmaLineRow.rma == rma).order_by(RmaLineRow.id)
            )
        ]
