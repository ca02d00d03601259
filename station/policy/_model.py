"""The compiled policy: fact catalog, condition tests, sentence templates and rule records.

Every rule of every policy file is a ``when`` table of conditions on named *facts* plus an
outcome. Facts are computed once per assessment into a flat context dict; a condition is a
precompiled predicate on one fact. A fact that is not known (no RMA, question unanswered,
grade not computed yet) is ``None`` and never satisfies any condition, including ``not``.

Facts become known in stages (an escalation may look at the disposition, an eligibility rule
may not), so each fact carries the stage that produces it and each section of the policy says
up to which stage it may look; the loader refuses a rule that looks further.
"""

from __future__ import annotations

import dataclasses
import enum
import string
from collections.abc import Callable, Collection, Mapping

from station.domain import Disposition, Grade, Question, ReasonCode, RefundKind, Verdict

from ._reader import Table


class Stage(enum.IntEnum):
    """When in an assessment a fact becomes known."""

    BASE = 0  # SKU, RMA, scans, weight, answers
    DAMAGE = 1  # damage codes from the answers given so far
    ELIGIBLE = 2
    RISK = 3
    GRADE = 4  # only once every question is answered
    DISPOSITION = 5


class FactKind(enum.Enum):
    FLAG = "true or false"
    NUMBER = "an integer"
    TEXT = "a string"
    CHOICE = "one of a fixed set of strings"
    CODES = "a set of damage codes"


@dataclasses.dataclass(frozen=True, slots=True)
class FactSpec:
    kind: FactKind
    stage: Stage
    noun: str  # used in messages: "unknown grade 'Q'"
    values: frozenset[str] = frozenset()  # CHOICE/CODES: the allowed values


def _choice(noun: str, values: Collection[str], stage: Stage = Stage.BASE) -> FactSpec:
    return FactSpec(FactKind.CHOICE, stage, noun, frozenset(values))


SERIAL_STATUSES = ("not_required", "missing", "matches", "mismatch", "unverified")
WEIGHT_STATUSES = ("unknown", "ok", "under", "over")

# The facts a `when` table may name. `answer.<question>` and `damage_codes` values depend on the
# loaded grading profiles and are added by the loader.
FACTS: dict[str, FactSpec] = {
    "category": FactSpec(FactKind.TEXT, Stage.BASE, "category"),
    "profile": FactSpec(FactKind.TEXT, Stage.BASE, "grading profile"),
    "sku": FactSpec(FactKind.TEXT, Stage.BASE, "SKU"),
    "supplier": FactSpec(FactKind.TEXT, Stage.BASE, "supplier"),
    "channel": FactSpec(FactKind.TEXT, Stage.BASE, "channel"),
    "value_cents": FactSpec(FactKind.NUMBER, Stage.BASE, "unit value"),
    "serialized": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "returnable": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "hazmat": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "battery": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "vendor_return_agreement": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "has_rma": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "proof_of_purchase": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "seller_fault": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "sku_on_rma": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "reason": _choice("reason code", [r.value for r in ReasonCode]),
    "preference": _choice("preference", ["refund", "store_credit", "exchange"]),
    "serial_status": _choice("serial status", SERIAL_STATUSES),
    "weight_status": _choice("weight status", WEIGHT_STATUSES),
    "delivery_date_known": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "days_since_delivery": FactSpec(FactKind.NUMBER, Stage.BASE, "day count"),
    "within_window": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "window_waived": FactSpec(FactKind.FLAG, Stage.BASE, "flag"),
    "hub_risk_score": FactSpec(FactKind.NUMBER, Stage.BASE, "risk score"),
    "damage": FactSpec(FactKind.FLAG, Stage.DAMAGE, "flag"),
    "damage_codes": FactSpec(FactKind.CODES, Stage.DAMAGE, "damage code"),
    "eligible": FactSpec(FactKind.FLAG, Stage.ELIGIBLE, "flag"),
    "risk_score": FactSpec(FactKind.NUMBER, Stage.RISK, "risk score"),
    "grade": _choice("grade", [g.value for g in Grade], Stage.GRADE),
    "disposition": _choice("disposition", [d.value for d in Disposition], Stage.DISPOSITION),
}

# Placeholders an explanation may use, with the stage that fills them. `{answer_<question>}`
# is also allowed everywhere (stage BASE).
PLACEHOLDERS: dict[str, Stage] = {
    "sku": Stage.BASE,
    "description": Stage.BASE,
    "category": Stage.BASE,
    "supplier": Stage.BASE,
    "value": Stage.BASE,  # money, e.g. "€120.00"
    "reason": Stage.BASE,  # "no longer needed"
    "preference": Stage.BASE,
    "rma": Stage.BASE,
    "order": Stage.BASE,
    "days": Stage.BASE,  # days from delivery to receipt
    "window": Stage.BASE,  # the return window that applies to this reason, in days
    "standard_window": Stage.BASE,
    "measured_g": Stage.BASE,  # weights render with their unit: "412.5 g"
    "expected_g": Stage.BASE,
    "tolerance_g": Stage.BASE,
    "deviation_g": Stage.BASE,  # absolute difference, measured vs expected
    "weight_status": Stage.BASE,  # "under", "over", "ok" or "unknown"
    "serial": Stage.BASE,  # the scanned serial
    "expected_serials": Stage.BASE,  # serials on the RMA lines of this SKU
    "hub_risk": Stage.BASE,
    "codes": Stage.DAMAGE,  # "SCREEN_CRACKED, ACCESSORIES_MISSING" or "none"
    "code_texts": Stage.DAMAGE,  # "screen cracked, accessories missing" or "none"
    "risk": Stage.RISK,
    "grade": Stage.GRADE,
    "disposition": Stage.DISPOSITION,  # "resell open box"
    "destination": Stage.DISPOSITION,
}
REFUND_PLACEHOLDERS = frozenset({"refund", "fee", "fee_amount", "refund_amount", "due"})


def placeholders_up_to(stage: Stage, extra: Collection[str] = ()) -> frozenset[str]:
    return frozenset(name for name, s in PLACEHOLDERS.items() if s <= stage) | frozenset(extra)


Predicate = Callable[[object], bool]


@dataclasses.dataclass(frozen=True, slots=True)
class Test:
    """One condition: the named fact satisfies the predicate (unknown facts never do)."""

    fact: str
    accepts: Predicate


def matches(tests: tuple[Test, ...], context: Mapping[str, object]) -> bool:
    get = context.get
    for test in tests:  # noqa: SIM110 - a plain loop is measurably faster than all() here
        if not test.accepts(get(test.fact)):
            return False
    return True


class Texts(dict[str, str]):
    """Placeholder values for one assessment; a value not known yet renders as 'unknown'."""

    def __missing__(self, key: str) -> str:
        return "unknown"


class Template:
    """An explanation sentence with ``{placeholders}``, checked against allowed names at load."""

    __slots__ = ("fields", "text")

    def __init__(
        self, table: Table, name: str, allowed: frozenset[str], answer_ids: Collection[str]
    ) -> None:
        self.text = table.text(name)
        try:
            parsed = list(string.Formatter().parse(self.text))
        except ValueError as exc:
            raise table.error(name, f"malformed placeholder: {exc}") from None
        fields: dict[str, None] = {}
        for _literal, field, spec, conversion in parsed:
            if field is None:
                continue
            fields.setdefault(field)
            if spec or conversion:
                raise table.error(
                    name, f"placeholder {{{field}}} must not carry a format or conversion"
                )
            if field in allowed:
                continue
            if field.startswith("answer_") and field.removeprefix("answer_") in answer_ids:
                continue
            known = ", ".join(sorted(allowed))
            raise table.error(
                name, f"unknown placeholder {{{field}}} (allowed here: {known}, answer_<question>)"
            )
        self.fields = tuple(fields)  # each placeholder once, in the order the sentence has them

    def render(self, texts: Texts) -> str:
        return self.text.format_map(texts)

    def verdict(self, rule: str, texts: Texts) -> Verdict:
        """The sentence filled in, with the template and the values it was filled with.

        The values are what the English sentence shows, so a screen can translate the
        template and put them back (translating those that are policy words in turn).
        """
        values = tuple((field, texts[field]) for field in self.fields)
        return Verdict(rule, self.text.format_map(dict(values)), self.text, values)


@dataclasses.dataclass(frozen=True, slots=True)
class General:
    version: str
    currency: str
    seller_fault_reasons: frozenset[str]
    vendor_return_suppliers: frozenset[str]  # casefolded
    default_weight_tolerance_pct: float
    window_days: int
    window_exceptions: Mapping[str, int]  # reason -> longer window in days
    hub_score_is_floor: bool


@dataclasses.dataclass(frozen=True, slots=True)
class EligibilityRule:
    rule: str
    tests: tuple[Test, ...]
    eligible: bool
    exception: bool  # record the RMA's reason as the exception that made the unit eligible
    explain: Template


@dataclasses.dataclass(frozen=True, slots=True)
class DamageCode:
    name: str
    text: str
    physical: bool  # real damage to the unit (not e.g. "not factory reset")


@dataclasses.dataclass(frozen=True, slots=True)
class GradingRule:
    rule: str
    tests: tuple[Test, ...]
    grade: Grade
    codes: tuple[str, ...]
    explain: Template


@dataclasses.dataclass(frozen=True, slots=True)
class Profile:
    name: str
    questions: tuple[Question, ...]
    answer_values: Mapping[str, frozenset[str]]  # question id -> accepted answer strings
    rules: tuple[GradingRule, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class DispositionRule:
    rule: str
    tests: tuple[Test, ...]
    disposition: Disposition
    destination: Template
    automatic: bool
    explain: Template


@dataclasses.dataclass(frozen=True, slots=True)
class RefundRule:
    rule: str
    tests: tuple[Test, ...]
    kind: RefundKind
    fee_pct: float
    due_days: int | None
    explain: Template


@dataclasses.dataclass(frozen=True, slots=True)
class EscalationRule:
    code: str
    rule: str
    tests: tuple[Test, ...]
    explain: Template


@dataclasses.dataclass(frozen=True, slots=True)
class RiskFactor:
    rule: str
    tests: tuple[Test, ...]
    points: int


@dataclasses.dataclass(frozen=True, slots=True)
class PhotoRule:
    rule: str
    tests: tuple[Test, ...]
    slots: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class PolicyData:
    general: General
    eligibility: tuple[EligibilityRule, ...]
    codes: Mapping[str, DamageCode]
    profiles: Mapping[str, Profile]
    disposition: tuple[DispositionRule, ...]
    refund: tuple[RefundRule, ...]
    refund_not_eligible: Template
    escalations: tuple[EscalationRule, ...]
    risk: tuple[RiskFactor, ...]
    photo_slots: Mapping[str, str]  # slot name -> what to photograph
    photos: tuple[PhotoRule, ...]
