"""Immutable domain value types shared by the core, drivers, sync and the UI.

These are plain frozen dataclasses and string enums: safe to pass across threads, cheap to
compare, and serialisable to JSON with :func:`to_jsonable`. ORM rows live in
``station.storage.models`` and are converted to these at the storage boundary.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any


class Role(enum.StrEnum):
    INSPECTOR = "inspector"
    LEAD = "lead"
    ADMIN = "admin"


class Grade(enum.StrEnum):
    """Condition grade of an inspected unit."""

    A = "A"  # like new
    B = "B"  # good
    C = "C"  # fair
    D = "D"  # parts / salvage
    X = "X"  # unsellable


class Disposition(enum.StrEnum):
    RESTOCK = "restock"
    REFURBISH = "refurbish"
    RESELL_OPEN_BOX = "resell_open_box"
    LIQUIDATE = "liquidate"
    DONATE = "donate"
    RECYCLE = "recycle"
    WRITE_OFF = "write_off"
    RETURN_TO_VENDOR = "return_to_vendor"


class ReasonCode(enum.StrEnum):
    DEFECTIVE = "defective"
    NOT_AS_DESCRIBED = "not_as_described"
    WRONG_ITEM = "wrong_item"
    SIZE_MISMATCH = "size_mismatch"
    COLOR_MISMATCH = "color_mismatch"
    FULFILLMENT_ERROR = "fulfillment_error"
    DAMAGED_IN_TRANSIT = "damaged_in_transit"
    NO_LONGER_NEEDED = "no_longer_needed"


class Preference(enum.StrEnum):
    """What the customer asked for."""

    REFUND = "refund"
    STORE_CREDIT = "store_credit"
    EXCHANGE = "exchange"


class RefundKind(enum.StrEnum):
    FULL_REFUND = "full_refund"
    REFUND_LESS_FEE = "refund_less_fee"
    STORE_CREDIT = "store_credit"
    EXCHANGE = "exchange"
    DENY = "deny"


class QuestionKind(enum.StrEnum):
    YES_NO = "yes_no"  # answered with Y / N
    CHOICE = "choice"  # answered with the option's number 1..9


class HoldState(enum.StrEnum):
    NONE = "none"
    HELD = "held"
    APPROVED = "approved"
    DENIED = "denied"


@dataclasses.dataclass(frozen=True, slots=True)
class Sku:
    """Reference data for one stock-keeping unit."""

    sku: str
    description: str
    category: str
    unit_value_cents: int
    gtins: tuple[str, ...] = ()
    weight_g: float | None = None
    weight_tolerance_g: float | None = None
    serialized: bool = False
    returnable: bool = True
    supplier: str = ""
    hazmat: bool = False
    battery: bool = False
    grading_profile: str = ""  # empty: the category's profile

    @property
    def profile(self) -> str:
        return self.grading_profile or self.category


@dataclasses.dataclass(frozen=True, slots=True)
class RmaLine:
    sku: str
    qty: int = 1
    serial: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class ReturnAuthorization:
    """An RMA as the bench sees it: what the customer said they are sending back."""

    rma: str
    order: str
    channel: str
    customer: str
    delivered_on: date | None
    reason: ReasonCode
    preference: Preference
    lines: tuple[RmaLine, ...]
    status: str = "open"
    risk_score: int = 0
    assigned_bench: str = ""
    tracking: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Operator:
    badge: str
    name: str
    role: Role


@dataclasses.dataclass(frozen=True, slots=True)
class Question:
    """One checklist question of a grading profile."""

    id: str
    text: str
    kind: QuestionKind
    options: tuple[str, ...] = ()  # for CHOICE: option values, answered by 1-based number


@dataclasses.dataclass(frozen=True, slots=True)
class InspectionFacts:
    """Everything the policy engine may look at for one unit. Missing facts are None."""

    sku: Sku
    rma: ReturnAuthorization | None
    received_on: date
    scanned_serial: str = ""
    weight_g: float | None = None
    answers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    proof_of_purchase: bool = True  # the scanned order matches the RMA's order


@dataclasses.dataclass(frozen=True, slots=True)
class Verdict:
    """One decision of the policy engine: what fired and why, in a sentence a person reads.

    ``explanation`` is the English sentence that is stored, audited and synced. ``template``
    is the policy sentence it was filled in from and ``values`` its placeholder values as
    rendered, so that a screen can show the sentence in its own language; for a verdict of a
    policy template ``template.format_map(dict(values)) == explanation``. Both stay empty for
    a verdict no template made (an inspector's own escalation, say).
    """

    rule: str
    explanation: str
    template: str = ""
    values: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    verdict: Verdict
    exception: str = ""  # e.g. "defective" when the window was waived


@dataclasses.dataclass(frozen=True, slots=True)
class GradeResult:
    grade: Grade
    damage_codes: tuple[str, ...]
    verdict: Verdict


@dataclasses.dataclass(frozen=True, slots=True)
class DispositionSuggestion:
    disposition: Disposition
    destination: str  # where the unit goes physically, e.g. "Restock A-zone", "Refurb cage"
    verdict: Verdict


@dataclasses.dataclass(frozen=True, slots=True)
class RefundRecommendation:
    kind: RefundKind
    fee_pct: float  # 0..10
    due: date | None
    verdict: Verdict


@dataclasses.dataclass(frozen=True, slots=True)
class Escalation:
    """A reason to hold the unit for a lead."""

    code: str  # e.g. "serial_mismatch", "weight_out_of_tolerance"
    verdict: Verdict


@dataclasses.dataclass(frozen=True, slots=True)
class Assessment:
    """The policy engine's full answer for one unit."""

    policy_version: str
    eligibility: Eligibility
    grade: GradeResult | None  # None until every checklist question is answered
    disposition: DispositionSuggestion | None
    refund: RefundRecommendation | None
    escalations: tuple[Escalation, ...]
    risk_score: int
    required_photos: tuple[str, ...]
    automatic: bool  # no doubt left: the inspector only confirms

    @property
    def deciding(self) -> Verdict:
        """The verdict that explains the suggested disposition (or the eligibility)."""
        if self.disposition is not None:
            return self.disposition.verdict
        return self.eligibility.verdict


def to_jsonable(value: Any) -> Any:
    """Turn value types (dataclasses, enums, dates) into JSON-ready structures."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value
