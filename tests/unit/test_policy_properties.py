"""Property tests of the policy engine: any facts, any partial answers, never an exception."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from station.domain import (
    InspectionFacts,
    Preference,
    QuestionKind,
    ReasonCode,
    RefundKind,
    ReturnAuthorization,
    RmaLine,
    Sku,
)
from station.policy import Policy

POLICY = Policy.default()  # module level: hypothesis refuses function-scoped fixtures
SKU_CODES = ["SKU-1", "SKU-2"]
SERIALS = ["", "SN-1", "SN-2", " sn-1 "]
weights = st.none() | st.floats(min_value=-10.0, max_value=100_000.0) | st.just(float("nan"))
dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def skus(draw: st.DrawFn) -> Sku:
    return Sku(
        sku=draw(st.sampled_from(SKU_CODES)),
        description="Property-test unit",
        category=draw(st.sampled_from(["electronics", "apparel", "home", "toys", "garden"])),
        unit_value_cents=draw(st.integers(min_value=0, max_value=5_000_000)),
        weight_g=draw(weights),
        weight_tolerance_g=draw(st.none() | st.floats(min_value=0.0, max_value=1000.0)),
        serialized=draw(st.booleans()),
        returnable=draw(st.booleans()),
        supplier=draw(st.sampled_from(["", "Voltura Electronics", "Acme Trading"])),
        hazmat=draw(st.booleans()),
        battery=draw(st.booleans()),
        grading_profile=draw(st.sampled_from(["", "", "electronics", "apparel", "home", "nope"])),
    )


@st.composite
def rmas(draw: st.DrawFn) -> ReturnAuthorization:
    lines = draw(
        st.lists(
            st.builds(RmaLine, st.sampled_from(SKU_CODES), st.just(1), st.sampled_from(SERIALS)),
            max_size=3,
        )
    )
    return ReturnAuthorization(
        rma="RMA-1",
        order="ORD-1",
        channel="web",
        customer="C-1",
        delivered_on=draw(st.none() | dates),
        reason=draw(st.sampled_from(list(ReasonCode))),
        preference=draw(st.sampled_from(list(Preference))),
        lines=tuple(lines),
        risk_score=draw(st.integers(min_value=-50, max_value=200)),
    )


@st.composite
def inspections(draw: st.DrawFn) -> tuple[InspectionFacts, bool]:
    """Random facts, and whether every checklist question got a valid answer."""
    sku = draw(skus())
    answers: dict[str, str] = {}
    complete = True
    answer_all = draw(st.booleans())  # half the cases fully answered, to exercise decisions
    for question in POLICY.questions(sku):
        valid = ["yes", "no"] if question.kind is QuestionKind.YES_NO else list(question.options)
        how = "valid" if answer_all else draw(st.sampled_from(["valid", "valid", "skip", "junk"]))
        if how == "valid":
            answers[question.id] = draw(st.sampled_from(valid))
        else:
            complete = False
            if how == "junk":
                answers[question.id] = draw(st.sampled_from(["", "Y", "maybe", "YES", "1"]))
    if draw(st.booleans()):
        answers["not_a_question"] = "yes"
    facts = InspectionFacts(
        sku=sku,
        rma=draw(st.none() | rmas()),
        received_on=draw(dates),
        scanned_serial=draw(st.sampled_from(SERIALS)),
        weight_g=draw(weights),
        answers=answers,
        proof_of_purchase=draw(st.booleans()),
    )
    return facts, complete


@settings(max_examples=500, deadline=None)
@given(inspections())
def test_assess_never_raises_and_decides_exactly_when_answered(
    case: tuple[InspectionFacts, bool],
) -> None:
    facts, complete = case
    result = POLICY.assess(facts)

    assert (result.grade is not None) is complete
    assert (result.disposition is not None) is complete
    assert (result.refund is not None) is complete
    assert 0 <= result.risk_score <= 100
    assert result.risk_score == POLICY.risk_score(facts.rma, facts)
    assert result.policy_version == POLICY.version

    verdicts = [result.eligibility.verdict] + [e.verdict for e in result.escalations]
    verdicts += [v.verdict for v in (result.grade, result.disposition, result.refund) if v]
    templates = set(POLICY.explain_templates())
    for verdict in verdicts:
        assert verdict.rule.count(".") >= 1
        assert verdict.explanation.strip() and "{" not in verdict.explanation
        # The UI translates the template and fills in the values: it must rebuild the sentence.
        assert verdict.template in templates
        assert verdict.template.format_map(dict(verdict.values)) == verdict.explanation

    codes = [e.code for e in result.escalations]
    assert len(codes) == len(set(codes))
    assert result.required_photos and len(set(result.required_photos)) == len(
        result.required_photos
    )
    assert set(result.required_photos) <= set(POLICY.photo_slots)

    if result.automatic:
        assert result.eligibility.eligible and result.grade is not None and not result.escalations
    if result.refund is not None:
        assert 0.0 <= result.refund.fee_pct <= 10.0
        if not result.eligibility.eligible:
            assert result.refund.kind is RefundKind.DENY
        if result.refund.kind is RefundKind.REFUND_LESS_FEE:
            assert result.grade is not None and result.grade.grade.value != "A"
            assert result.refund.fee_pct > 0
    if facts.rma is None:
        assert "unexpected_item" in codes and not result.eligibility.eligible
