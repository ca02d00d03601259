"""Table-driven tests of the shipped returns policy: one row per rule of every policy file."""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import pytest

from station.domain import (
    Assessment,
    Disposition,
    Grade,
    InspectionFacts,
    Preference,
    QuestionKind,
    ReasonCode,
    RefundKind,
    ReturnAuthorization,
    RmaLine,
    Sku,
    Verdict,
    to_jsonable,
)
from station.policy import Policy

RECEIVED = date(2026, 11, 20)

# The answers of a flawless unit, per grading profile.
HAPPY: dict[str, dict[str, str]] = {
    "electronics": {
        "powers_on": "yes",
        "screen_intact": "yes",
        "accessories_complete": "yes",
        "factory_reset": "yes",
        "packaging": "sealed",
        "damage_cause": "none",
    },
    "apparel": {"tags_attached": "yes", "worn": "no", "stains_odour": "no", "damage_cause": "none"},
    "home": {
        "packaging_intact": "yes",
        "parts_complete": "yes",
        "used": "no",
        "damage_cause": "none",
    },
    "default": {
        "packaging_intact": "yes",
        "parts_complete": "yes",
        "used": "no",
        "damage_cause": "none",
    },
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy.default()


def make_sku(category: str = "electronics", **changes: object) -> Sku:
    base = Sku(
        sku=f"SKU-{category.upper()}",
        description=f"Test {category} item",
        category=category,
        unit_value_cents=12000,
        weight_g=500.0,
        weight_tolerance_g=25.0,
        supplier="Acme Trading",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def make_rma(sku: Sku, **changes: object) -> ReturnAuthorization:
    base = ReturnAuthorization(
        rma="RMA-1001",
        order="ORD-5001",
        channel="web",
        customer="C-42",
        delivered_on=RECEIVED - timedelta(days=10),
        reason=ReasonCode.NO_LONGER_NEEDED,
        preference=Preference.REFUND,
        lines=(RmaLine(sku.sku, 1, ""),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def profile_of(sku: Sku) -> str:
    return sku.profile if sku.profile in HAPPY else "default"


def make_facts(
    sku: Sku | None = None,
    *,
    rma: Mapping[str, object] | None = None,
    no_rma: bool = False,
    answers: Mapping[str, str] | None = None,
    all_answers: bool = True,
    **changes: object,
) -> InspectionFacts:
    """A unit with an RMA for it, received 10 days after delivery, answered flawless unless told."""
    sku = sku or make_sku()
    given = dict(HAPPY[profile_of(sku)]) if all_answers else {}
    given.update(answers or {})
    base = InspectionFacts(
        sku=sku,
        rma=None if no_rma else make_rma(sku, **(rma or {})),
        received_on=RECEIVED,
        answers=given,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def all_verdicts(a: Assessment) -> list[str]:
    texts = [a.eligibility.verdict.explanation]
    texts += [v.verdict.explanation for v in (a.grade, a.disposition, a.refund) if v is not None]
    texts += [e.verdict.explanation for e in a.escalations]
    return texts


# --- loading and questions ----------------------------------------------------------------------


def test_default_policy_loads_with_version(policy: Policy) -> None:
    assert policy.version == "2026.11-1"
    assert policy.assess(make_facts()).policy_version == "2026.11-1"


def test_env_override_picks_the_policy_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    from station.policy.engine import DEFAULT_DIRECTORY

    target = tmp_path / "policy"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    text = (target / "policy.toml").read_text(encoding="utf-8")
    (target / "policy.toml").write_text(text.replace("2026.11-1", "test-9"), encoding="utf-8")
    monkeypatch.setenv("STATION_POLICY_DIR", str(target))
    assert Policy.default().version == "test-9"


@pytest.mark.parametrize(
    ("sku", "question_ids"),
    [
        (
            make_sku("electronics"),
            [
                "powers_on",
                "screen_intact",
                "accessories_complete",
                "factory_reset",
                "packaging",
                "damage_cause",
            ],
        ),
        (make_sku("apparel"), ["tags_attached", "worn", "stains_odour", "damage_cause"]),
        (make_sku("home"), ["packaging_intact", "parts_complete", "used", "damage_cause"]),
        (make_sku("toys"), ["packaging_intact", "parts_complete", "used", "damage_cause"]),
        (
            make_sku("toys", grading_profile="apparel"),
            ["tags_attached", "worn", "stains_odour", "damage_cause"],
        ),
    ],
    ids=["electronics", "apparel", "home", "unknown-category-default", "explicit-profile"],
)
def test_questions_follow_the_profile(policy: Policy, sku: Sku, question_ids: list[str]) -> None:
    questions = policy.questions(sku)
    assert [q.id for q in questions] == question_ids
    for q in questions:
        assert q.text.strip()
        if q.kind is QuestionKind.CHOICE:
            assert 2 <= len(q.options) <= 9
        else:
            assert q.options == ()


def test_choice_options(policy: Policy) -> None:
    by_id = {q.id: q for q in policy.questions(make_sku("electronics"))}
    assert by_id["packaging"].options == ("sealed", "opened", "damaged", "missing")
    assert by_id["damage_cause"].options == (
        "none",
        "carrier",
        "customer",
        "manufacturing",
        "unknown",
    )


# --- eligibility ----------------------------------------------------------------------------------

ELIGIBILITY_ROWS = [
    # (id, facts, eligible, rule, exception, numbers the sentence must mention)
    ("no rma", make_facts(no_rma=True), False, "unexpected_item", "", ["SKU-ELECTRONICS"]),
    (
        "order mismatch",
        make_facts(proof_of_purchase=False),
        False,
        "no_proof_of_purchase",
        "",
        ["ORD-5001", "RMA-1001"],
    ),
    (
        "non-returnable sku",
        make_facts(make_sku(returnable=False)),
        False,
        "non_returnable",
        "",
        ["SKU-ELECTRONICS"],
    ),
    (
        "non-returnable but defective",
        make_facts(make_sku(returnable=False), rma={"reason": ReasonCode.DEFECTIVE}),
        True,
        "within_window",
        "",
        ["10", "365"],
    ),
    (
        "31 days, change of mind",
        make_facts(rma={"delivered_on": RECEIVED - timedelta(days=31)}),
        False,
        "outside_window",
        "",
        ["31", "30"],
    ),
    (
        "30 days is still inside",
        make_facts(rma={"delivered_on": RECEIVED - timedelta(days=30)}),
        True,
        "within_window",
        "",
        ["30"],
    ),
    (
        "not as described has no exception",
        make_facts(
            rma={
                "reason": ReasonCode.NOT_AS_DESCRIBED,
                "delivered_on": RECEIVED - timedelta(days=40),
            }
        ),
        False,
        "outside_window",
        "",
        ["40", "30"],
    ),
    (
        "defective waives the window",
        make_facts(
            rma={"reason": ReasonCode.DEFECTIVE, "delivered_on": RECEIVED - timedelta(days=200)}
        ),
        True,
        "window_waived",
        "defective",
        ["200", "30", "365"],
    ),
    (
        "defective beyond its own window",
        make_facts(
            rma={"reason": ReasonCode.DEFECTIVE, "delivered_on": RECEIVED - timedelta(days=366)}
        ),
        False,
        "outside_window",
        "",
        ["366", "365"],
    ),
    (
        "damaged in transit waives the window",
        make_facts(
            rma={
                "reason": ReasonCode.DAMAGED_IN_TRANSIT,
                "delivered_on": RECEIVED - timedelta(days=60),
            }
        ),
        True,
        "window_waived",
        "damaged_in_transit",
        ["60", "90"],
    ),
    (
        "wrong item waives the window",
        make_facts(
            rma={"reason": ReasonCode.WRONG_ITEM, "delivered_on": RECEIVED - timedelta(days=60)}
        ),
        True,
        "window_waived",
        "wrong_item",
        ["60", "90"],
    ),
    (
        "fulfillment error waives the window",
        make_facts(
            rma={
                "reason": ReasonCode.FULFILLMENT_ERROR,
                "delivered_on": RECEIVED - timedelta(days=60),
            }
        ),
        True,
        "window_waived",
        "fulfillment_error",
        ["60", "90"],
    ),
    (
        "apparel tags removed",
        make_facts(make_sku("apparel"), answers={"tags_attached": "no"}),
        False,
        "apparel_tags_removed",
        "",
        ["no longer needed"],
    ),
    (
        "apparel tags removed but defective",
        make_facts(
            make_sku("apparel"),
            answers={"tags_attached": "no"},
            rma={"reason": ReasonCode.DEFECTIVE},
        ),
        True,
        "within_window",
        "",
        ["10"],
    ),
    (
        "apparel worn",
        make_facts(make_sku("apparel"), answers={"worn": "yes"}, rma={"reason": "size_mismatch"}),
        False,
        "apparel_worn",
        "",
        ["size mismatch"],
    ),
    (
        "home goods used",
        make_facts(make_sku("home"), answers={"used": "yes"}),
        False,
        "home_used",
        "",
        ["no longer needed"],
    ),
    (
        "electronics without packaging",
        make_facts(answers={"packaging": "missing"}),
        False,
        "electronics_packaging_missing",
        "",
        ["no longer needed"],
    ),
    (
        "electronics without packaging, damaged in transit",
        make_facts(answers={"packaging": "missing"}, rma={"reason": "damaged_in_transit"}),
        True,
        "within_window",
        "",
        ["10"],
    ),
    (
        "no delivery date",
        make_facts(rma={"delivered_on": None}),
        True,
        "delivery_date_unknown",
        "",
        ["RMA-1001", "30"],
    ),
    (
        "apparel with no answers yet",
        make_facts(make_sku("apparel"), all_answers=False),
        True,
        "within_window",
        "",
        ["10", "30"],
    ),
]


@pytest.mark.parametrize(
    ("facts", "eligible", "rule", "exception", "mentions"),
    [row[1:] for row in ELIGIBILITY_ROWS],
    ids=[row[0] for row in ELIGIBILITY_ROWS],
)
def test_eligibility(
    policy: Policy,
    facts: InspectionFacts,
    eligible: bool,
    rule: str,
    exception: str,
    mentions: list[str],
) -> None:
    result = policy.assess(facts).eligibility
    assert (result.eligible, result.verdict.rule, result.exception) == (
        eligible,
        f"eligibility.{rule}",
        exception,
    )
    for text in mentions:
        assert text in result.verdict.explanation


# --- grading --------------------------------------------------------------------------------------

GRADING_ROWS = [
    # (profile/category, answers over the flawless ones, grade, codes, rule)
    ("electronics", {}, "A", (), "all_clear"),
    ("electronics", {"packaging": "opened"}, "A", ("PACKAGING_OPENED",), "packaging_opened"),
    ("electronics", {"packaging": "damaged"}, "B", ("PACKAGING_DAMAGED",), "packaging_damaged"),
    ("electronics", {"packaging": "missing"}, "B", ("PACKAGING_MISSING",), "packaging_missing"),
    ("electronics", {"factory_reset": "no"}, "B", ("NOT_RESET",), "not_reset"),
    (
        "electronics",
        {"accessories_complete": "no"},
        "B",
        ("ACCESSORIES_MISSING",),
        "accessories_missing",
    ),
    (
        "electronics",
        {"damage_cause": "manufacturing"},
        "C",
        ("MANUFACTURING_DEFECT",),
        "manufacturing_defect",
    ),
    ("electronics", {"damage_cause": "customer"}, "C", ("PHYSICAL_DAMAGE",), "physical_damage"),
    ("electronics", {"screen_intact": "no"}, "C", ("SCREEN_CRACKED",), "screen_cracked"),
    ("electronics", {"powers_on": "no"}, "D", ("NO_POWER",), "no_power"),
    (
        "electronics",
        {"powers_on": "no", "damage_cause": "carrier"},
        "X",
        ("NO_POWER", "PHYSICAL_DAMAGE"),
        "dead_and_damaged",
    ),
    (
        "electronics",
        {"powers_on": "no", "screen_intact": "no", "accessories_complete": "no"},
        "D",
        ("NO_POWER", "SCREEN_CRACKED", "ACCESSORIES_MISSING"),
        "no_power",
    ),
    ("apparel", {}, "A", (), "all_clear"),
    ("apparel", {"tags_attached": "no"}, "B", ("TAGS_REMOVED",), "tags_removed"),
    ("apparel", {"worn": "yes"}, "B", ("WORN",), "worn"),
    ("apparel", {"stains_odour": "yes"}, "C", ("STAINED",), "stained"),
    (
        "apparel",
        {"damage_cause": "manufacturing"},
        "D",
        ("MANUFACTURING_DEFECT",),
        "manufacturing_defect",
    ),
    ("apparel", {"damage_cause": "customer"}, "D", ("FABRIC_DAMAGED",), "fabric_damaged"),
    (
        "apparel",
        {"stains_odour": "yes", "damage_cause": "unknown"},
        "X",
        ("FABRIC_DAMAGED", "STAINED"),
        "stained_and_damaged",
    ),
    ("home", {}, "A", (), "all_clear"),
    ("home", {"packaging_intact": "no"}, "B", ("PACKAGING_DAMAGED",), "packaging_damaged"),
    ("home", {"used": "yes"}, "B", ("USED",), "used"),
    (
        "home",
        {"damage_cause": "manufacturing"},
        "C",
        ("MANUFACTURING_DEFECT",),
        "manufacturing_defect",
    ),
    ("home", {"damage_cause": "carrier"}, "C", ("PHYSICAL_DAMAGE",), "physical_damage"),
    ("home", {"parts_complete": "no"}, "D", ("MISSING_PARTS",), "missing_parts"),
    (
        "home",
        {"parts_complete": "no", "damage_cause": "customer"},
        "X",
        ("MISSING_PARTS", "PHYSICAL_DAMAGE"),
        "broken_and_incomplete",
    ),
    ("default", {}, "A", (), "all_clear"),
    ("default", {"packaging_intact": "no"}, "B", ("PACKAGING_DAMAGED",), "packaging_damaged"),
    ("default", {"used": "yes"}, "B", ("USED",), "used"),
    (
        "default",
        {"damage_cause": "manufacturing"},
        "C",
        ("MANUFACTURING_DEFECT",),
        "manufacturing_defect",
    ),
    ("default", {"damage_cause": "unknown"}, "C", ("PHYSICAL_DAMAGE",), "physical_damage"),
    ("default", {"parts_complete": "no"}, "D", ("MISSING_PARTS",), "missing_parts"),
    (
        "default",
        {"parts_complete": "no", "damage_cause": "carrier"},
        "X",
        ("MISSING_PARTS", "PHYSICAL_DAMAGE"),
        "broken_and_incomplete",
    ),
]


def grading_facts(profile: str, answers: Mapping[str, str]) -> InspectionFacts:
    category = "toys" if profile == "default" else profile
    return make_facts(make_sku(category), answers=answers)


@pytest.mark.parametrize(
    ("profile", "answers", "grade", "codes", "rule"),
    GRADING_ROWS,
    ids=[f"{r[0]}-{r[4]}-{'-'.join(r[1].values()) or 'flawless'}" for r in GRADING_ROWS],
)
def test_grading(
    policy: Policy,
    profile: str,
    answers: Mapping[str, str],
    grade: str,
    codes: tuple[str, ...],
    rule: str,
) -> None:
    result = policy.assess(grading_facts(profile, answers)).grade
    assert result is not None
    assert (result.grade, result.damage_codes, result.verdict.rule) == (
        Grade(grade),
        codes,
        f"grading.{profile}.{rule}",
    )
    assert f"grade {grade}" in result.verdict.explanation


def test_grading_waits_for_every_answer(policy: Policy) -> None:
    answers = dict(HAPPY["electronics"])
    del answers["damage_cause"]
    partial = policy.assess(make_facts(answers=answers, all_answers=False))
    assert (partial.grade, partial.disposition, partial.refund) == (None, None, None)
    assert partial.eligibility.eligible


def test_invalid_answer_counts_as_unanswered(policy: Policy) -> None:
    result = policy.assess(make_facts(answers={"packaging": "shrink_wrapped", "powers_on": "Y"}))
    assert result.grade is None


# --- disposition ----------------------------------------------------------------------------------

DISPOSITION_ROWS = [
    # (rule, facts, disposition, destination contains)
    (
        "hazmat_unsellable",
        make_facts(make_sku("home", hazmat=True), answers={"damage_cause": "customer"}),
        Disposition.WRITE_OFF,
        "Hazmat cage",
    ),
    (
        "battery_unsellable",
        make_facts(make_sku(battery=True), answers={"powers_on": "no"}),
        Disposition.RECYCLE,
        "Battery",
    ),
    (
        "return_to_vendor",
        make_facts(
            make_sku(supplier="Voltura Electronics"),
            rma={"reason": ReasonCode.DEFECTIVE},
            answers={"powers_on": "no"},
        ),
        Disposition.RETURN_TO_VENDOR,
        "RTV staging: Voltura Electronics",
    ),
    ("electronics_restock", make_facts(), Disposition.RESTOCK, "electronics A-zone"),
    (
        "electronics_open_box",
        make_facts(answers={"packaging": "opened"}),
        Disposition.RESELL_OPEN_BOX,
        "Open-box",
    ),
    (
        "electronics_refurbish",
        make_facts(answers={"factory_reset": "no"}),
        Disposition.REFURBISH,
        "Refurb cage",
    ),
    (
        "electronics_repair",
        make_facts(answers={"screen_intact": "no"}),
        Disposition.REFURBISH,
        "repair bench",
    ),
    (
        "electronics_liquidate",
        make_facts(make_sku(unit_value_cents=4000), answers={"screen_intact": "no"}),
        Disposition.LIQUIDATE,
        "Liquidation",
    ),
    (
        "electronics_recycle",
        make_facts(answers={"powers_on": "no", "damage_cause": "customer"}),
        Disposition.RECYCLE,
        "E-waste",
    ),
    ("apparel_restock", make_facts(make_sku("apparel")), Disposition.RESTOCK, "apparel"),
    (
        "apparel_repack",
        make_facts(make_sku("apparel"), answers={"tags_attached": "no"}),
        Disposition.RESTOCK,
        "re-tag",
    ),
    (
        "apparel_clean",
        make_facts(make_sku("apparel"), answers={"stains_odour": "yes"}),
        Disposition.RESELL_OPEN_BOX,
        "clean",
    ),
    (
        "apparel_donate",
        make_facts(make_sku("apparel"), answers={"damage_cause": "customer"}),
        Disposition.DONATE,
        "Donation",
    ),
    (
        "apparel_recycle",
        make_facts(
            make_sku("apparel"), answers={"damage_cause": "customer", "stains_odour": "yes"}
        ),
        Disposition.RECYCLE,
        "Textile",
    ),
    ("home_restock", make_facts(make_sku("home")), Disposition.RESTOCK, "home"),
    (
        "home_open_box",
        make_facts(make_sku("home"), answers={"packaging_intact": "no"}),
        Disposition.RESELL_OPEN_BOX,
        "Open-box",
    ),
    (
        "home_liquidate",
        make_facts(make_sku("home"), answers={"damage_cause": "carrier"}),
        Disposition.LIQUIDATE,
        "Liquidation",
    ),
    (
        "home_donate",
        make_facts(make_sku("home", unit_value_cents=2500), answers={"damage_cause": "carrier"}),
        Disposition.DONATE,
        "Donation",
    ),
    (
        "home_recycle",
        make_facts(make_sku("home"), answers={"parts_complete": "no", "damage_cause": "carrier"}),
        Disposition.RECYCLE,
        "Recycling",
    ),
    ("restock", make_facts(make_sku("toys")), Disposition.RESTOCK, "general"),
    (
        "open_box",
        make_facts(make_sku("toys"), answers={"used": "yes"}),
        Disposition.RESELL_OPEN_BOX,
        "general",
    ),
    (
        "liquidate",
        make_facts(make_sku("toys"), answers={"parts_complete": "no"}),
        Disposition.LIQUIDATE,
        "general",
    ),
    (
        "recycle_unsellable",
        make_facts(make_sku("toys"), answers={"parts_complete": "no", "damage_cause": "customer"}),
        Disposition.RECYCLE,
        "Recycling",
    ),
]


@pytest.mark.parametrize(
    ("rule", "facts", "disposition", "destination"),
    DISPOSITION_ROWS,
    ids=[row[0] for row in DISPOSITION_ROWS],
)
def test_disposition(
    policy: Policy, rule: str, facts: InspectionFacts, disposition: Disposition, destination: str
) -> None:
    result = policy.assess(facts).disposition
    assert result is not None
    assert (result.verdict.rule, result.disposition) == (f"disposition.{rule}", disposition)
    assert destination in result.destination
    assert result.verdict.explanation.endswith(".")


def test_disposition_sentence_names_grade_and_value(policy: Policy) -> None:
    result = policy.assess(make_facts(answers={"factory_reset": "no"})).disposition
    assert result is not None
    assert result.verdict.explanation == (
        "Grade B electronics worth €120.00 go to refurbishment: "
        "tested, wiped and repackaged before resale."
    )


def test_vendor_agreement_only_for_defective(policy: Policy) -> None:
    facts = make_facts(make_sku(supplier="voltura electronics"), answers={"powers_on": "no"})
    result = policy.assess(facts).disposition
    assert result is not None and result.disposition is Disposition.LIQUIDATE


# --- refund ---------------------------------------------------------------------------------------

REFUND_ROWS = [
    # (rule, facts, kind, fee %, days until due or None)
    (
        "not_eligible",
        make_facts(rma={"delivered_on": RECEIVED - timedelta(days=45)}),
        RefundKind.DENY,
        0.0,
        None,
    ),
    ("exchange", make_facts(rma={"preference": Preference.EXCHANGE}), RefundKind.EXCHANGE, 0.0, 3),
    (
        "store_credit",
        make_facts(rma={"preference": Preference.STORE_CREDIT}),
        RefundKind.STORE_CREDIT,
        0.0,
        1,
    ),
    (
        "seller_fault",
        make_facts(rma={"reason": ReasonCode.DEFECTIVE}, answers={"powers_on": "no"}),
        RefundKind.FULL_REFUND,
        0.0,
        14,
    ),
    (
        "seller_fault",
        make_facts(rma={"reason": ReasonCode.NOT_AS_DESCRIBED}, answers={"packaging": "opened"}),
        RefundKind.FULL_REFUND,
        0.0,
        14,
    ),
    (
        "change_of_mind_fee",
        make_facts(answers={"accessories_complete": "no"}),
        RefundKind.REFUND_LESS_FEE,
        10.0,
        14,
    ),
    (
        "fit_fee",
        make_facts(
            make_sku("apparel"),
            rma={"reason": ReasonCode.SIZE_MISMATCH},
            answers={"stains_odour": "yes"},
        ),
        RefundKind.REFUND_LESS_FEE,
        5.0,
        14,
    ),
    ("full_refund", make_facts(), RefundKind.FULL_REFUND, 0.0, 14),
    (
        "full_refund",
        make_facts(make_sku("apparel"), rma={"reason": ReasonCode.COLOR_MISMATCH}),
        RefundKind.FULL_REFUND,
        0.0,
        14,
    ),
]


@pytest.mark.parametrize(
    ("rule", "facts", "kind", "fee", "due_days"),
    REFUND_ROWS,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(REFUND_ROWS)],
)
def test_refund(
    policy: Policy,
    rule: str,
    facts: InspectionFacts,
    kind: RefundKind,
    fee: float,
    due_days: int | None,
) -> None:
    result = policy.assess(facts).refund
    assert result is not None
    due = None if due_days is None else RECEIVED + timedelta(days=due_days)
    assert (result.verdict.rule, result.kind, result.fee_pct, result.due) == (
        f"refund.{rule}",
        kind,
        fee,
        due,
    )
    if due is not None:
        assert due.isoformat() in result.verdict.explanation


def test_restocking_fee_sentence_has_the_amounts(policy: Policy) -> None:
    result = policy.assess(make_facts(answers={"accessories_complete": "no"})).refund
    assert result is not None
    for text in ("€108.00", "10%", "€12.00", "2026-12-04"):
        assert text in result.verdict.explanation


def test_no_fee_for_a_unit_resellable_as_new(policy: Policy) -> None:
    for category in HAPPY:
        sku = make_sku("toys" if category == "default" else category)
        result = policy.assess(make_facts(sku)).refund
        assert result is not None and result.fee_pct == 0.0
        assert result.kind is RefundKind.FULL_REFUND


def test_exchange_follows_preference_only_when_eligible(policy: Policy) -> None:
    late = make_facts(
        rma={"preference": Preference.EXCHANGE, "delivered_on": RECEIVED - timedelta(days=90)}
    )
    result = policy.assess(late).refund
    assert result is not None and result.kind is RefundKind.DENY


# --- escalations ----------------------------------------------------------------------------------

ESCALATION_ROWS = [
    # (code, facts, numbers/words the sentence must mention)
    ("unexpected_item", make_facts(no_rma=True), ["SKU-ELECTRONICS"]),
    (
        "wrong_item_received",
        make_facts(rma={"lines": (RmaLine("SKU-OTHER", 1, ""),)}),
        ["SKU-ELECTRONICS", "RMA-1001"],
    ),
    ("not_eligible", make_facts(rma={"delivered_on": RECEIVED - timedelta(days=45)}), ["lead"]),
    ("serial_missing", make_facts(make_sku(serialized=True)), ["SKU-ELECTRONICS"]),
    (
        "serial_mismatch",
        make_facts(
            make_sku(serialized=True),
            rma={"lines": (RmaLine("SKU-ELECTRONICS", 1, "SN-111"),)},
            scanned_serial="SN-999",
        ),
        ["SN-999", "SN-111"],
    ),
    (
        "damage_not_carrier",
        make_facts(answers={"screen_intact": "no", "damage_cause": "customer"}),
        ["customer", "screen cracked"],
    ),
    (
        "damage_not_carrier",
        make_facts(answers={"screen_intact": "no"}),
        ["'none'"],
    ),
    (
        "weight_out_of_tolerance",
        make_facts(weight_g=410.0),
        ["410 g", "500 g", "25 g", "90 g under"],
    ),
    (
        "weight_out_of_tolerance",
        make_facts(make_sku(weight_tolerance_g=None), weight_g=530.5),
        ["530.5 g", "500 g", "25 g", "30.5 g over"],
    ),
    (
        "high_value_write_off",
        make_facts(make_sku(unit_value_cents=80000), answers={"powers_on": "no"}),
        ["€800.00", "liquidate"],
    ),
    (
        "high_value_write_off",
        make_facts(
            make_sku("home", hazmat=True, unit_value_cents=60000),
            answers={"damage_cause": "carrier"},
        ),
        ["€600.00", "write off"],
    ),
    ("high_risk", make_facts(rma={"risk_score": 85}), ["85"]),
    (
        "high_risk",
        make_facts(
            make_sku(serialized=True),
            rma={"lines": (RmaLine("SKU-ELECTRONICS", 1, "SN-111"),)},
            scanned_serial="SN-999",
            weight_g=100.0,
        ),
        ["80"],
    ),
]


@pytest.mark.parametrize(
    ("code", "facts", "mentions"),
    ESCALATION_ROWS,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(ESCALATION_ROWS)],
)
def test_escalation(policy: Policy, code: str, facts: InspectionFacts, mentions: list[str]) -> None:
    result = policy.assess(facts)
    by_code = {e.code: e for e in result.escalations}
    assert code in by_code
    assert by_code[code].verdict.rule == f"escalation.{code}"
    for text in mentions:
        assert text in by_code[code].verdict.explanation
    assert not result.automatic


@pytest.mark.parametrize(
    ("facts", "absent"),
    [
        (make_facts(), "any"),
        (make_facts(no_rma=True), "not_eligible"),
        (make_facts(answers={"screen_intact": "no", "damage_cause": "carrier"}), "any"),
        (make_facts(weight_g=525.0), "any"),
        (make_facts(make_sku(weight_tolerance_g=None), weight_g=475.0), "any"),
        (make_facts(make_sku(weight_g=None), weight_g=10.0), "any"),
        (make_facts(make_sku(serialized=True), scanned_serial="SN-1"), "any"),
        (
            make_facts(
                make_sku(serialized=True),
                rma={"lines": (RmaLine("SKU-ELECTRONICS", 1, "sn-111"),)},
                scanned_serial="SN-111",
            ),
            "any",
        ),
        (make_facts(make_sku(unit_value_cents=50000), answers={"powers_on": "no"}), "any"),
        (make_facts(rma={"risk_score": 69}), "any"),
    ],
    ids=[
        "flawless",
        "no-rma-is-only-unexpected",
        "carrier-damage",
        "weight-at-the-edge",
        "default-5pct-tolerance",
        "no-expected-weight",
        "serial-unverifiable",
        "serial-matches-case-insensitive",
        "value-at-threshold",
        "risk-below-threshold",
    ],
)
def test_no_escalation(policy: Policy, facts: InspectionFacts, absent: str) -> None:
    codes = [e.code for e in policy.assess(facts).escalations]
    if absent == "any":
        assert codes == []
    else:
        assert absent not in codes and codes == ["unexpected_item"]


def test_escalations_without_answers(policy: Policy) -> None:
    facts = make_facts(make_sku(serialized=True), all_answers=False, weight_g=5.0)
    codes = {e.code for e in policy.assess(facts).escalations}
    assert {"serial_missing", "weight_out_of_tolerance"} <= codes


def test_damage_escalates_as_soon_as_answered(policy: Policy) -> None:
    facts = make_facts(
        all_answers=False, answers={"screen_intact": "no", "damage_cause": "customer"}
    )
    result = policy.assess(facts)
    assert result.grade is None
    assert "damage_not_carrier" in {e.code for e in result.escalations}
    assert "damage_closeup" in result.required_photos


# --- risk -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "score"),
    [
        (make_facts(), 0),
        (make_facts(rma={"risk_score": 40}), 40),
        (make_facts(rma={"risk_score": 250}), 100),
        (make_facts(rma={"risk_score": -20}), 0),
        (make_facts(make_sku(unit_value_cents=25000)), 20),
        (make_facts(make_sku(unit_value_cents=25000), rma={"risk_score": 30}), 30),
        (make_facts(no_rma=True), 25),
        (make_facts(proof_of_purchase=False), 30),
        (make_facts(weight_g=100.0), 35),
        (make_facts(weight_g=900.0), 15),
        (make_facts(make_sku(serialized=True)), 20),
        (make_facts(answers={"damage_cause": "customer"}), 15),
        (make_facts(rma={"delivered_on": RECEIVED - timedelta(days=26)}), 5),
        (
            make_facts(
                make_sku(serialized=True, unit_value_cents=90000),
                rma={"lines": (RmaLine("SKU-OTHER", 1, "SN-1"),)},
                proof_of_purchase=False,
                scanned_serial="SN-2",
                weight_g=1.0,
                answers={"damage_cause": "customer"},
            ),
            100,
        ),
    ],
    ids=[
        "clean",
        "hub-floor",
        "hub-above-100-clamped",
        "hub-negative-clamped",
        "change-of-mind-high-value",
        "hub-floor-above-factors",
        "no-rma",
        "no-proof-of-purchase",
        "weight-under",
        "weight-over",
        "serial-missing",
        "customer-damage",
        "late-change-of-mind",
        "everything-capped",
    ],
)
def test_risk_score(policy: Policy, facts: InspectionFacts, score: int) -> None:
    assert policy.assess(facts).risk_score == score
    assert policy.risk_score(facts.rma, facts) == score


def test_risk_score_takes_the_given_rma(policy: Policy) -> None:
    facts = make_facts(no_rma=True)
    rma = make_rma(facts.sku, risk_score=55)
    assert policy.risk_score(rma, facts) == 55
    assert policy.risk_score(None, make_facts(rma={"risk_score": 55})) == 25


# --- automatic decisions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "automatic"),
    [
        (make_facts(), True),
        (make_facts(answers={"factory_reset": "no"}), True),
        (make_facts(make_sku("apparel"), rma={"reason": "size_mismatch"}), True),
        (make_facts(make_sku("home"), answers={"packaging_intact": "no"}), True),
        (make_facts(answers={"screen_intact": "no", "damage_cause": "carrier"}), False),
        (make_facts(answers={"powers_on": "no"}), False),
        (make_facts(all_answers=False), False),
        (make_facts(rma={"delivered_on": RECEIVED - timedelta(days=45)}), False),
        (make_facts(weight_g=100.0), False),
        (make_facts(no_rma=True), False),
        (
            make_facts(
                make_sku(supplier="Voltura Electronics"), rma={"reason": ReasonCode.DEFECTIVE}
            ),
            False,
        ),
    ],
    ids=[
        "grade-A-restock",
        "grade-B-refurbish",
        "apparel-restock",
        "home-open-box",
        "grade-C-needs-confirmation",
        "grade-D",
        "unanswered",
        "not-eligible",
        "escalated",
        "no-rma",
        "return-to-vendor",
    ],
)
def test_automatic(policy: Policy, facts: InspectionFacts, automatic: bool) -> None:
    assert policy.assess(facts).automatic is automatic


# --- photos ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "slots"),
    [
        (make_facts(), ["front", "back", "label", "accessories"]),
        (
            make_facts(make_sku(serialized=True)),
            ["front", "back", "label", "serial_plate", "accessories"],
        ),
        (make_facts(make_sku("apparel")), ["front", "back", "label", "tags"]),
        (make_facts(make_sku("home")), ["front", "back", "label", "packaging"]),
        (make_facts(make_sku("toys")), ["front", "back", "label"]),
        (
            make_facts(answers={"screen_intact": "no", "packaging": "damaged"}),
            ["front", "back", "label", "accessories", "damage_closeup", "packaging"],
        ),
        (
            make_facts(make_sku("home"), answers={"parts_complete": "no"}),
            ["front", "back", "label", "packaging", "contents"],
        ),
        (make_facts(all_answers=False), ["front", "back", "label", "accessories"]),
    ],
    ids=[
        "electronics",
        "serialized",
        "apparel",
        "home",
        "default",
        "damage",
        "missing-parts",
        "before-answers",
    ],
)
def test_required_photos(policy: Policy, facts: InspectionFacts, slots: list[str]) -> None:
    result = policy.assess(facts).required_photos
    assert list(result) == slots
    assert set(result) <= set(policy.photo_slots)


# --- coverage of the shipped rules ------------------------------------------------------------


def test_every_rule_has_a_row(policy: Policy) -> None:
    """Each rule of the shipped policy fires in at least one table row above."""
    fired: set[str] = set()
    rows = [r[1] for r in ELIGIBILITY_ROWS] + [r[1] for r in DISPOSITION_ROWS]
    rows += [r[1] for r in REFUND_ROWS] + [r[1] for r in ESCALATION_ROWS]
    rows += [grading_facts(r[0], r[1]) for r in GRADING_ROWS]
    for facts in rows:
        result = policy.assess(facts)
        fired.update(v.verdict.rule for v in (result.grade, result.disposition, result.refund) if v)
        fired.add(result.eligibility.verdict.rule)
        fired.update(e.verdict.rule for e in result.escalations)
    data = policy._data
    shipped = {r.rule for r in data.eligibility} | {r.rule for r in data.disposition}
    shipped |= {r.rule for r in data.refund} | {"refund.not_eligible"}
    shipped |= {r.rule for r in data.escalations}
    shipped |= {r.rule for p in data.profiles.values() for r in p.rules}
    assert shipped - fired == set()


def test_every_sentence_is_filled_in(policy: Policy) -> None:
    rows = [r[1] for r in ELIGIBILITY_ROWS] + [r[1] for r in DISPOSITION_ROWS]
    rows += [r[1] for r in REFUND_ROWS] + [r[1] for r in ESCALATION_ROWS]
    for facts in rows:
        for text in all_verdicts(policy.assess(facts)):
            assert text and text[0].isupper() and text.endswith(".")
            assert "{" not in text and "unknown" not in text, text


# --- verdicts carry their template ------------------------------------------------------------


def every_verdict(a: Assessment) -> list[Verdict]:
    verdicts = [a.eligibility.verdict]
    verdicts += [v.verdict for v in (a.grade, a.disposition, a.refund) if v is not None]
    verdicts += [e.verdict for e in a.escalations]
    return verdicts


def placeholders(template: str) -> list[str]:
    return list(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(template) if f))


def table_rows() -> list[InspectionFacts]:
    rows = [r[1] for r in ELIGIBILITY_ROWS] + [r[1] for r in DISPOSITION_ROWS]
    rows += [r[1] for r in REFUND_ROWS] + [r[1] for r in ESCALATION_ROWS]
    rows += [grading_facts(r[0], r[1]) for r in GRADING_ROWS]
    return rows


def test_every_verdict_is_its_template_filled_with_its_values(policy: Policy) -> None:
    """Over every table row: a screen can rebuild each English sentence from template + values."""
    shipped = set(policy.explain_templates())
    used: set[str] = set()
    for facts in table_rows():
        for verdict in every_verdict(policy.assess(facts)):
            assert verdict.template in shipped, verdict
            assert verdict.template.format_map(dict(verdict.values)) == verdict.explanation
            assert [name for name, _ in verdict.values] == placeholders(verdict.template)
            assert all(isinstance(v, str) and "{" not in v for _, v in verdict.values)
            used.add(verdict.template)
    # Every explanation sentence of the policy is reached by some row (none is dead text).
    assert shipped - used == set()


def test_verdict_values_are_what_the_sentence_shows(policy: Policy) -> None:
    result = policy.assess(make_facts(weight_g=410.0))
    weight = next(e for e in result.escalations if e.code == "weight_out_of_tolerance").verdict
    assert dict(weight.values) == {
        "measured_g": "410 g",
        "expected_g": "500 g",
        "tolerance_g": "25 g",
        "deviation_g": "90 g",
        "weight_status": "under",
    }
    assert weight.template.startswith("Measured {measured_g} against an expected {expected_g}")

    facts = make_facts(rma={"reason": ReasonCode.DEFECTIVE})
    refund = policy.assess(facts).refund
    assert refund is not None
    assert refund.verdict.values == (
        ("reason", "defective"),
        ("value", "€120.00"),
        ("due", (RECEIVED + timedelta(days=14)).isoformat()),
    )


def test_not_eligible_deny_carries_its_template(policy: Policy) -> None:
    facts = make_facts(rma={"delivered_on": RECEIVED - timedelta(days=45)})
    refund = policy.assess(facts).refund
    assert refund is not None and refund.kind is RefundKind.DENY
    assert refund.verdict.rule == "refund.not_eligible"
    assert refund.verdict.template == (
        "The return is not eligible, so no refund is due for this unit worth {value}; "
        "a lead decides what happens to it."
    )
    assert refund.verdict.values == (("value", "€120.00"),)


def test_destinations_come_from_the_policy(policy: Policy) -> None:
    destinations = policy.destination_templates()
    assert "RTV staging: {supplier}" in destinations
    assert len(destinations) == len(set(destinations))
    for facts in table_rows():
        suggestion = policy.assess(facts).disposition
        if suggestion is None:
            continue
        filled = {d.format_map({"supplier": facts.sku.supplier}) for d in destinations}
        assert suggestion.destination in filled


def test_a_verdict_without_template_stays_valid() -> None:
    """Verdicts made outside the engine (a manual escalation) keep the two-field form."""
    manual = Verdict("escalation.manual", "Escalated by the inspector: smells of smoke")
    assert (manual.template, manual.values) == ("", ())
    assert to_jsonable(manual)["explanation"] == "Escalated by the inspector: smells of smoke"
