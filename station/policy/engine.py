"""The policy engine: turns the facts of one inspected unit into an Assessment by the loaded rules.

The engine holds no business rules of its own; it computes facts from the unit, then walks the
compiled rule lists in a fixed order, each stage adding facts the next may look at:

    base facts and answers -> damage codes (from the answers given so far) -> eligibility
    -> risk score -> grade (all answered) -> disposition -> refund -> escalations -> photos

A handful of laws sit in code because DESIGN §2 states them as such rather than as policy: an
ineligible unit is refused a refund, a restocking fee is capped at 10% (checked at load), and a
decision is automatic only when eligible, graded, free of escalations and the disposition rule
is marked automatic.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from station.domain import (
    Assessment,
    DispositionSuggestion,
    Eligibility,
    Escalation,
    Grade,
    GradeResult,
    InspectionFacts,
    Question,
    RefundKind,
    RefundRecommendation,
    ReturnAuthorization,
    Sku,
)

from ._load import DEFAULT_PROFILE, load
from ._model import EligibilityRule, GradingRule, PolicyData, Profile, Texts, matches

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "resources" / "policy"
POLICY_DIR_ENV = "STATION_POLICY_DIR"
_GRADE_RANK = {Grade.A: 0, Grade.B: 1, Grade.C: 2, Grade.D: 3, Grade.X: 4}


@dataclasses.dataclass(frozen=True, slots=True)
class _AnswerKey:
    """Precomputed context/placeholder keys of one question, so assess() builds no strings."""

    question: str
    fact: str
    placeholder: str
    accepted: frozenset[str]


@dataclasses.dataclass(slots=True)
class _Early:
    """What is known before the grade: enough for eligibility and the risk score."""

    profile: Profile
    context: dict[str, object]
    texts: Texts
    complete: bool
    codes: list[str]
    worst: GradingRule | None
    eligibility: EligibilityRule
    risk: int


class Policy:
    """A loaded, validated returns policy. Immutable and safe to share between threads."""

    version: str

    def __init__(self, data: PolicyData, directory: Path) -> None:
        self._data = data
        self.version = data.general.version
        self.directory = directory
        self._answer_keys = {
            name: tuple(
                _AnswerKey(qid, f"answer.{qid}", f"answer_{qid}", accepted)
                for qid, accepted in profile.answer_values.items()
            )
            for name, profile in data.profiles.items()
        }

    @classmethod
    def load(cls, directory: Path) -> Policy:
        """Load and validate every policy file in ``directory``; raises PolicyError."""
        directory = Path(directory)
        return cls(load(directory), directory)

    @classmethod
    def default(cls) -> Policy:
        """The policy shipped in the repository, or the directory named by $STATION_POLICY_DIR."""
        override = os.environ.get(POLICY_DIR_ENV, "").strip()
        return cls.load(Path(override) if override else DEFAULT_DIRECTORY)

    # --- reference data for the UI -------------------------------------------------------------

    def questions(self, sku: Sku) -> tuple[Question, ...]:
        """The ordered checklist for this SKU's grading profile (the 'default' one as fallback)."""
        return self._profile(sku).questions

    @property
    def photo_slots(self) -> Mapping[str, str]:
        """Every photo slot name with what the inspector should photograph."""
        return self._data.photo_slots

    @property
    def damage_codes(self) -> Mapping[str, str]:
        """Every damage code with its description."""
        return {code.name: code.text for code in self._data.codes.values()}

    def explain_templates(self) -> tuple[str, ...]:
        """Every explanation sentence as the policy writes it, {placeholders} and all, once.

        These are the ``Verdict.template`` values the engine can hand out; the UI's catalogs
        translate them.
        """
        data = self._data
        found: dict[str, None] = {}
        for rule in data.eligibility:
            found.setdefault(rule.explain.text)
        for profile in data.profiles.values():
            for grading in profile.rules:
                found.setdefault(grading.explain.text)
        for disposition in data.disposition:
            found.setdefault(disposition.explain.text)
        found.setdefault(data.refund_not_eligible.text)
        for refund in data.refund:
            found.setdefault(refund.explain.text)
        for escalation in data.escalations:
            found.setdefault(escalation.explain.text)
        return tuple(found)

    def destination_templates(self) -> tuple[str, ...]:
        """Every disposition destination as the policy writes it (some carry {placeholders})."""
        return tuple(dict.fromkeys(rule.destination.text for rule in self._data.disposition))

    # --- decisions ------------------------------------------------------------------------------

    def assess(self, facts: InspectionFacts) -> Assessment:
        """The full decision for one unit; works on partial answers (grade etc. then None)."""
        data = self._data
        early = self._early(facts)
        context, texts = early.context, early.texts
        rule = early.eligibility
        eligibility = Eligibility(
            eligible=rule.eligible,
            verdict=rule.explain.verdict(rule.rule, texts),
            exception=str(context.get("reason") or "") if rule.exception else "",
        )

        grade: GradeResult | None = None
        disposition: DispositionSuggestion | None = None
        refund: RefundRecommendation | None = None
        automatic_rule = False
        if early.complete and early.worst is not None:
            worst = early.worst
            context["grade"] = worst.grade.value
            texts["grade"] = worst.grade.value
            grade = GradeResult(
                worst.grade, tuple(early.codes), worst.explain.verdict(worst.rule, texts)
            )

            chosen = next(r for r in data.disposition if matches(r.tests, context))
            context["disposition"] = chosen.disposition.value
            texts["disposition"] = chosen.disposition.value.replace("_", " ")
            texts["destination"] = chosen.destination.render(texts)
            disposition = DispositionSuggestion(
                chosen.disposition,
                texts["destination"],
                chosen.explain.verdict(chosen.rule, texts),
            )
            automatic_rule = chosen.automatic
            refund = self._refund(facts, eligibility.eligible, context, texts)

        escalations = tuple(
            Escalation(r.code, r.explain.verdict(r.rule, texts))
            for r in data.escalations
            if matches(r.tests, context)
        )
        photos: list[str] = []
        for photo_rule in data.photos:
            if matches(photo_rule.tests, context):
                photos.extend(s for s in photo_rule.slots if s not in photos)

        return Assessment(
            policy_version=self.version,
            eligibility=eligibility,
            grade=grade,
            disposition=disposition,
            refund=refund,
            escalations=escalations,
            risk_score=early.risk,
            required_photos=tuple(photos),
            automatic=eligibility.eligible
            and grade is not None
            and automatic_rule
            and not escalations,
        )

    def risk_score(self, rma: ReturnAuthorization | None, facts: InspectionFacts) -> int:
        """0..100; ``rma`` stands in for ``facts.rma`` (e.g. before the RMA is attached)."""
        if rma is not facts.rma:
            facts = dataclasses.replace(facts, rma=rma)
        return self._early(facts).risk

    # --- stages ---------------------------------------------------------------------------------

    def _profile(self, sku: Sku) -> Profile:
        profiles = self._data.profiles
        return profiles.get(sku.profile) or profiles[DEFAULT_PROFILE]

    def _money(self, cents: int) -> str:
        sign = "-" if cents < 0 else ""
        cents = abs(cents)
        return f"{sign}{self._data.general.currency}{cents // 100:,}.{cents % 100:02d}"

    def _early(self, facts: InspectionFacts) -> _Early:
        data = self._data
        profile = self._profile(facts.sku)
        context, texts = self._base_facts(facts)

        complete = True
        answers = facts.answers
        for key in self._answer_keys[profile.name]:
            answer = answers.get(key.question)
            if answer in key.accepted:
                context[key.fact] = answer
                texts[key.placeholder] = str(answer).replace("_", " ")
            else:  # unanswered, or an answer this question does not offer
                complete = False

        # Grading runs on partial answers too: damage found so far drives escalations and photos.
        # Every matching rule adds its codes; the worst grade wins and its rule explains it.
        codes: list[str] = []
        worst: GradingRule | None = None
        for rule in profile.rules:
            if not matches(rule.tests, context):
                continue
            codes.extend(c for c in rule.codes if c not in codes)
            if worst is None or _GRADE_RANK[rule.grade] > _GRADE_RANK[worst.grade]:
                worst = rule
        context["damage_codes"] = frozenset(codes)
        context["damage"] = any(data.codes[c].physical for c in codes)
        texts["codes"] = ", ".join(codes) or "none"
        texts["code_texts"] = ", ".join(_lower_first(data.codes[c].text) for c in codes) or "none"

        eligibility = next(r for r in data.eligibility if matches(r.tests, context))
        context["eligible"] = eligibility.eligible

        risk = min(100, max(0, sum(f.points for f in data.risk if matches(f.tests, context))))
        hub = context.get("hub_risk_score")
        if data.general.hub_score_is_floor and isinstance(hub, int):
            risk = max(risk, min(100, max(0, hub)))
        context["risk_score"] = risk
        texts["risk"] = str(risk)
        return _Early(profile, context, texts, complete, codes, worst, eligibility, risk)

    def _base_facts(self, facts: InspectionFacts) -> tuple[dict[str, object], Texts]:
        general = self._data.general
        sku, rma = facts.sku, facts.rma
        context: dict[str, object] = {
            "category": sku.category,
            "profile": self._profile(sku).name,
            "sku": sku.sku,
            "supplier": sku.supplier,
            "value_cents": sku.unit_value_cents,
            "serialized": sku.serialized,
            "returnable": sku.returnable,
            "hazmat": sku.hazmat,
            "battery": sku.battery,
            "vendor_return_agreement": bool(sku.supplier)
            and sku.supplier.casefold() in general.vendor_return_suppliers,
            "has_rma": rma is not None,
            "proof_of_purchase": facts.proof_of_purchase,
        }
        texts = Texts(
            sku=sku.sku,
            description=sku.description,
            category=sku.category,
            supplier=sku.supplier or "the supplier",
            value=self._money(sku.unit_value_cents),
            standard_window=str(general.window_days),
            window=str(general.window_days),
        )

        expected_serials: list[str] = []
        if rma is not None:
            reason = str(rma.reason)
            window = general.window_exceptions.get(reason, general.window_days)
            context["reason"] = reason
            context["preference"] = str(rma.preference)
            context["channel"] = rma.channel
            context["seller_fault"] = reason in general.seller_fault_reasons
            context["sku_on_rma"] = any(line.sku == sku.sku for line in rma.lines)
            context["hub_risk_score"] = rma.risk_score
            context["delivery_date_known"] = rma.delivered_on is not None
            texts["reason"] = reason.replace("_", " ")
            texts["preference"] = str(rma.preference).replace("_", " ")
            texts["rma"] = rma.rma
            texts["order"] = rma.order
            texts["hub_risk"] = str(rma.risk_score)
            texts["window"] = str(window)
            if rma.delivered_on is not None:
                days = (facts.received_on - rma.delivered_on).days
                context["days_since_delivery"] = days
                context["within_window"] = days <= window
                context["window_waived"] = general.window_days < days <= window
                texts["days"] = str(days)
            expected_serials = [
                line.serial.strip()
                for line in rma.lines
                if line.sku == sku.sku and line.serial.strip()
            ]

        serial = facts.scanned_serial.strip()
        context["serial_status"] = _serial_status(sku.serialized, serial, expected_serials)
        texts["serial"] = serial or "none"
        texts["expected_serials"] = ", ".join(expected_serials) or "none"
        context["weight_status"] = self._weight_status(sku, facts.weight_g, texts)
        return context, texts

    def _weight_status(self, sku: Sku, measured: float | None, texts: Texts) -> str:
        expected = sku.weight_g
        tolerance = sku.weight_tolerance_g
        if tolerance is None and expected is not None:
            tolerance = abs(expected) * self._data.general.default_weight_tolerance_pct / 100
        if measured is None or expected is None or tolerance is None:
            return "unknown"
        if not (math.isfinite(measured) and math.isfinite(expected) and math.isfinite(tolerance)):
            return "unknown"  # a garbled reading or catalog value proves nothing either way
        deviation = measured - expected
        texts["measured_g"] = _grams(measured)
        texts["expected_g"] = _grams(expected)
        texts["tolerance_g"] = _grams(tolerance)
        texts["deviation_g"] = _grams(abs(deviation))
        if abs(deviation) <= tolerance + 1e-9:  # scale readings are floats; the edge is inside
            status = "ok"
        else:
            status = "under" if deviation < 0 else "over"
        texts["weight_status"] = status
        return status

    def _refund(
        self, facts: InspectionFacts, eligible: bool, context: Mapping[str, object], texts: Texts
    ) -> RefundRecommendation:
        if not eligible:
            deny = self._data.refund_not_eligible.verdict("refund.not_eligible", texts)
            return RefundRecommendation(RefundKind.DENY, 0.0, None, deny)
        rule = next(r for r in self._data.refund if matches(r.tests, context))
        value = facts.sku.unit_value_cents
        fee_cents = (value * round(rule.fee_pct * 100) + 5000) // 10000  # half-up on whole cents
        due = None if rule.due_days is None else facts.received_on + timedelta(days=rule.due_days)
        texts["refund"] = rule.kind.value.replace("_", " ")
        texts["fee"] = f"{rule.fee_pct:g}%"
        texts["fee_amount"] = self._money(fee_cents)
        texts["refund_amount"] = self._money(value - fee_cents)
        texts["due"] = due.isoformat() if due is not None else "no due date"
        return RefundRecommendation(
            rule.kind, rule.fee_pct, due, rule.explain.verdict(rule.rule, texts)
        )


def _serial_status(serialized: bool, serial: str, expected: list[str]) -> str:
    if not serial:
        return "missing" if serialized else "not_required"
    if not expected:
        return "unverified"  # nothing on the RMA to compare with
    wanted = serial.casefold()
    return "matches" if any(wanted == e.casefold() for e in expected) else "mismatch"


def _grams(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0") + " g"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
