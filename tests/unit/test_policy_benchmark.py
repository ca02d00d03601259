"""Benchmark of Policy.assess (runs on every answer) and the automatic-decision share of a mix.

Run with ``pytest -m benchmark -s tests/unit/test_policy_benchmark.py``. Prints figures only.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

import pytest

from station.domain import (
    InspectionFacts,
    Preference,
    ReasonCode,
    ReturnAuthorization,
    RmaLine,
    Sku,
)
from station.policy import Policy

RECEIVED = date(2026, 11, 20)
FLAWLESS = {
    "powers_on": "yes",
    "screen_intact": "yes",
    "accessories_complete": "yes",
    "factory_reset": "yes",
    "packaging": "sealed",
    "damage_cause": "none",
    "tags_attached": "yes",
    "worn": "no",
    "stains_odour": "no",
    "packaging_intact": "yes",
    "parts_complete": "yes",
    "used": "no",
}
# Minor flaws give grade A/B, major ones C and worse.
MINOR = {
    "electronics": [
        {"packaging": "opened"},
        {"factory_reset": "no"},
        {"accessories_complete": "no"},
    ],
    "apparel": [{"tags_attached": "no"}],
    "home": [{"packaging_intact": "no"}],
}
MAJOR = {
    "electronics": [{"powers_on": "no"}, {"screen_intact": "no", "damage_cause": "carrier"}],
    "apparel": [{"stains_odour": "yes"}, {"damage_cause": "manufacturing"}],
    "home": [{"parts_complete": "no"}, {"damage_cause": "carrier"}],
}


def typical_unit(rng: random.Random, policy: Policy, index: int) -> InspectionFacts:
    """One return from an assumed pilot mix (a guess, not measured warehouse data)."""
    category = rng.choices(["electronics", "apparel", "home"], weights=[35, 40, 25])[0]
    serialized = category == "electronics" and rng.random() < 0.6
    sku = Sku(
        sku=f"SKU-{index % 500}",
        description="Typical unit",
        category=category,
        unit_value_cents=rng.choice([1999, 3999, 7999, 14999, 29999, 64999]),
        weight_g=800.0,
        weight_tolerance_g=40.0,
        serialized=serialized,
        supplier=rng.choice(["Voltura Electronics", "Acme Trading", "Nordic Wear"]),
    )
    if category == "apparel":
        reasons = [
            "size_mismatch",
            "no_longer_needed",
            "color_mismatch",
            "defective",
            "not_as_described",
        ]
        weights = [40, 30, 10, 10, 10]
    else:
        reasons = [
            "no_longer_needed",
            "defective",
            "not_as_described",
            "damaged_in_transit",
            "wrong_item",
        ]
        weights = [50, 20, 12, 10, 8]
    reason = ReasonCode(rng.choices(reasons, weights=weights)[0])
    serial = f"SN-{index}" if serialized else ""
    rma = ReturnAuthorization(
        rma=f"RMA-{index}",
        order=f"ORD-{index}",
        channel="web",
        customer="C",
        delivered_on=RECEIVED - timedelta(days=rng.randint(2, 33)),
        reason=reason,
        preference=Preference(rng.choices(["refund", "store_credit", "exchange"], [70, 15, 15])[0]),
        lines=(RmaLine(sku.sku, 1, serial),),
    )
    answers = {q.id: FLAWLESS[q.id] for q in policy.questions(sku)}
    roll = rng.random()
    if reason in (ReasonCode.DEFECTIVE, ReasonCode.DAMAGED_IN_TRANSIT) or roll > 0.88:
        answers.update(rng.choice(MAJOR[category]))
    elif roll > 0.70:
        answers.update(rng.choice(MINOR[category]))
    scanned = serial if rng.random() < 0.97 else ""
    weight = 800.0 + (rng.uniform(-20, 20) if rng.random() < 0.95 else rng.choice([-300.0, 250.0]))
    return InspectionFacts(
        sku=sku,
        rma=rma,
        received_on=RECEIVED,
        scanned_serial=scanned,
        weight_g=weight,
        answers=answers,
    )


@pytest.mark.benchmark
def test_assess_latency_and_automatic_share() -> None:
    policy = Policy.default()
    rng = random.Random(20261120)
    units = [typical_unit(rng, policy, i) for i in range(5000)]

    timings: list[float] = []
    automatic = decided = 0
    for facts in units:
        start = time.perf_counter()
        result = policy.assess(facts)
        timings.append(time.perf_counter() - start)
        automatic += result.automatic
        decided += result.disposition is not None
    # a partial answer set costs the same path minus the decision stages
    partial = [
        InspectionFacts(f.sku, f.rma, f.received_on, f.scanned_serial, f.weight_g, {})
        for f in units[:1000]
    ]
    partial_timings: list[float] = []
    for facts in partial:
        start = time.perf_counter()
        policy.assess(facts)
        partial_timings.append(time.perf_counter() - start)

    def figures(samples: list[float]) -> str:
        q = statistics.quantiles(samples, n=100)
        return f"p50 {q[49] * 1e6:.0f} us, p99 {q[98] * 1e6:.0f} us"

    print(f"\nPolicy.assess, all answered ({len(units)} units): {figures(timings)}")
    print(f"Policy.assess, no answers ({len(partial)} units): {figures(partial_timings)}")
    print(f"automatic decisions on the assumed typical mix: {automatic / len(units):.1%}")
    assert decided == len(units)  # every fully answered unit got a disposition
