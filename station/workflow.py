"""The bench workflow: a Qt-free session that turns input events into immutable bench states.

Steps (DESIGN §3): LOGIN → IDENTIFY → VERIFY → GRADE → PHOTOS → DISPOSITION → (HOLD) → back to
IDENTIFY with the committed unit and its label shown. The UI and ``station replay`` feed the
same events through :meth:`BenchSession.handle`; every rule lives in the policy engine, the
session only sequences the steps and commits. A completed unit is written in one local
transaction together with its audit event, its outbox mutation and its print job.

Subscribers registered with :meth:`BenchSession.subscribe` receive every new
:class:`BenchState` and every committed :class:`UnitRecord` (on the caller's thread).
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station import audit, outbox
from station.config import StationConfig
from station.domain import (
    Assessment,
    Disposition,
    Escalation,
    HoldState,
    InspectionFacts,
    Operator,
    Question,
    QuestionKind,
    RefundKind,
    ReturnAuthorization,
    Role,
    Sku,
    Verdict,
    to_jsonable,
)
from station.events import (
    Answer,
    Approve,
    BenchEvent,
    Cancel,
    ChooseDisposition,
    Confirm,
    Deny,
    Escalate,
    Login,
    Logout,
    OpenHeld,
    Photo,
    Rfid,
    Scan,
    Weight,
)
from station.labels import LabelData, LabelError, render_zpl
from station.photos import PhotoStore
from station.policy import Policy
from station.scancodes import CodeKind, ScanCode, parse_epc, parse_scan
from station.storage import repo
from station.storage.db import Database
from station.storage.models import PhotoRow, PrintJobRow, UnitRow, new_id

log = logging.getLogger(__name__)

UNKNOWN_SKU = Sku(
    sku="UNKNOWN", description="Unidentified item", category="default", unit_value_cents=0
)
LPN_COUNTER = "lpn_sequence"
_YES = {"y", "yes", "j", "ja", "1", "true"}
_NO = {"n", "no", "nee", "0", "false"}


class Step(enum.StrEnum):
    LOGIN = "login"
    IDENTIFY = "identify"
    VERIFY = "verify"
    GRADE = "grade"
    PHOTOS = "photos"
    DISPOSITION = "disposition"
    HOLD = "hold"


@dataclasses.dataclass(frozen=True, slots=True)
class RefundOutcome:
    kind: str
    fee_pct: float
    due: date | None


@dataclasses.dataclass(frozen=True, slots=True)
class UnitRecord:
    """A committed unit as the outside world sees it (replay output, export, sync payload)."""

    lpn: str
    rma: str | None
    sku: str
    category: str
    serial: str
    grade: str | None
    damage_codes: tuple[str, ...]
    disposition: str | None
    suggested_disposition: str | None
    destination: str
    automatic: bool
    override_reason: str
    refund: RefundOutcome | None
    held: bool
    hold_state: str
    hold_reason: str
    policy_version: str
    rule: str
    explanation: str
    weight_g: float | None
    expected_weight_g: float | None
    operator: str
    station: str
    received_at: datetime
    decided_at: datetime | None
    photos: tuple[str, ...]
    escalations: tuple[str, ...]
    review_flag: str = ""
    record: str = "unit"


@dataclasses.dataclass(frozen=True, slots=True)
class UnitDraft:
    """The unit being inspected, before (or while re-opening) its commit."""

    received_at: datetime
    rma: ReturnAuthorization | None = None
    sku: Sku | None = None
    scans: tuple[str, ...] = ()
    serial: str = ""
    epc: str = ""
    weight_g: float | None = None
    weight_stable: bool = False
    answers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    photos: tuple[tuple[str, str], ...] = ()  # (slot, sha256)
    assessment: Assessment | None = None
    manual_escalation: str = ""
    override: tuple[str, str] | None = None  # (disposition code, reason)
    unexpected: bool = False
    hold_state: HoldState = HoldState.NONE
    hold_decided_by: str = ""
    existing_lpn: str = ""  # a parked unit re-opened from the database

    @property
    def photo_slots(self) -> tuple[str, ...]:
        return tuple(slot for slot, _sha in self.photos)


@dataclasses.dataclass(frozen=True, slots=True)
class BenchState:
    """Everything a bench screen shows; immutable, safe to hand to any thread."""

    step: Step
    prompt: str
    operator: Operator | None = None
    unit: UnitDraft | None = None
    questions: tuple[Question, ...] = ()
    question: Question | None = None
    photo_slot: str = ""
    error: str = ""
    last_record: UnitRecord | None = None
    last_label_zpl: str = ""
    held_count: int = 0
    policy_version: str = ""

    @property
    def escalations(self) -> tuple[Escalation, ...]:
        if self.unit is None:
            return ()
        return _escalations(self.unit)


Listener = Callable[[BenchState | UnitRecord], None]


def _escalations(unit: UnitDraft) -> tuple[Escalation, ...]:
    found = list(unit.assessment.escalations) if unit.assessment else []
    if unit.manual_escalation:
        found.append(
            Escalation(
                code="manual",
                verdict=Verdict(
                    rule="escalation.manual",
                    explanation=f"Escalated by the inspector: {unit.manual_escalation}",
                ),
            )
        )
    return tuple(found)


class BenchSession:
    """One bench's workflow. Not thread-safe: drive it from one thread (the GUI or replay)."""

    def __init__(
        self,
        db: Database,
        policy: Policy,
        config: StationConfig,
        *,
        photos: PhotoStore | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        printer_name: str = "default",
        on_print_job: Callable[[str], None] | None = None,
    ) -> None:
        self._db = db
        self._policy = policy
        self._config = config
        self._photos = photos or PhotoStore(config.paths.photos)
        self._clock = clock
        self._printer_name = printer_name
        self._on_print_job = on_print_job
        self._listeners: list[Listener] = []
        self._state = BenchState(
            step=Step.LOGIN,
            prompt="Scan your badge to log in.",
            policy_version=policy.version,
            held_count=self._count_held(),
        )

    # -- observing -------------------------------------------------------------------------

    @property
    def state(self) -> BenchState:
        return self._state

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, item: BenchState | UnitRecord, out: list[BenchState | UnitRecord]) -> None:
        out.append(item)
        for listener in list(self._listeners):
            listener(item)

    # -- input -----------------------------------------------------------------------------

    def handle(self, event: BenchEvent) -> list[BenchState | UnitRecord]:
        """Apply one input event; return the new state (and any committed record)."""
        out: list[BenchState | UnitRecord] = []
        try:
            new = self._dispatch(event, out)
        except _UserError as exc:
            new = dataclasses.replace(self._state, error=str(exc))
        if new != self._state:
            self._state = new
            self._emit(new, out)
        return out

    def _dispatch(self, event: BenchEvent, out: list[BenchState | UnitRecord]) -> BenchState:
        s = dataclasses.replace(self._state, error="")
        if isinstance(event, Login):
            return self._login(s, event)
        if isinstance(event, Logout):
            return BenchState(
                step=Step.LOGIN,
                prompt="Scan your badge to log in.",
                policy_version=self._policy.version,
                held_count=s.held_count,
            )
        if s.operator is None:
            if isinstance(event, Scan):
                code = parse_scan(event.data)
                if code.kind is CodeKind.BADGE:
                    return dataclasses.replace(
                        s, prompt=f"Badge {code.value}: type your PIN and press Enter."
                    )
            raise _UserError("Log in first: scan your badge and enter your PIN.")
        if isinstance(event, Approve | Deny):
            return self._decide_hold(s, event, out)
        if isinstance(event, OpenHeld):
            return self._open_held(s, event.lpn)
        if isinstance(event, Cancel):
            return self._ready(s, prompt="Cancelled. Scan the next parcel or item.")
        if isinstance(event, Escalate):
            if s.unit is None:
                raise _UserError("Nothing to escalate: scan a parcel or item first.")
            unit = dataclasses.replace(s.unit, manual_escalation=event.reason or "no reason given")
            return self._to_hold(s, unit)
        if isinstance(event, Weight):
            return self._weight(s, event)
        if isinstance(event, Scan | Rfid):
            code = parse_scan(event.data) if isinstance(event, Scan) else parse_epc(event.epc)
            return self._scan(s, code)
        if isinstance(event, Answer):
            return self._answer(s, event)
        if isinstance(event, Photo):
            return self._photo(s, event)
        if isinstance(event, ChooseDisposition):
            return self._override(s, event, out)
        if isinstance(event, Confirm):
            return self._confirm(s, out)
        raise _UserError(f"Unsupported event {type(event).__name__}.")

    # -- steps -----------------------------------------------------------------------------

    def _login(self, s: BenchState, event: Login) -> BenchState:
        operator = self._check_badge(event.badge, event.pin)
        if operator is None:
            raise _UserError("Badge or PIN not recognised. Scan your badge and try the PIN again.")
        with self._db.transaction() as session:
            audit.append(
                session,
                actor=operator.badge,
                station=self._config.station_id,
                action="login",
                subject=f"operator:{operator.badge}",
                after={"role": operator.role.value},
            )
        return self._ready(
            dataclasses.replace(s, operator=operator),
            prompt=f"Welcome {operator.name}. Scan an RMA, order, tracking number or the item.",
        )

    def _check_badge(self, badge: str, pin: str) -> Operator | None:
        badge_code = parse_scan(badge)
        key = badge_code.value if badge_code.kind is CodeKind.BADGE else badge.strip()
        with self._db.sessions() as session:
            found = repo.find_operator(session, key)
        if found is None or not repo.check_pin(pin, found[1]):
            return None
        return found[0]

    def _ready(self, s: BenchState, *, prompt: str) -> BenchState:
        return BenchState(
            step=Step.IDENTIFY,
            prompt=prompt,
            operator=s.operator,
            last_record=s.last_record,
            last_label_zpl=s.last_label_zpl,
            held_count=self._count_held(),
            policy_version=self._policy.version,
            error=s.error,
        )

    def _scan(self, s: BenchState, code: ScanCode) -> BenchState:
        if code.kind is CodeKind.UNKNOWN and not code.value:
            raise _UserError(f"Unreadable scan ({code.error or 'empty'}). Scan again.")
        if s.step in (Step.IDENTIFY, Step.LOGIN) or s.unit is None:
            return self._identify(s, code)
        if s.step in (Step.VERIFY, Step.GRADE, Step.PHOTOS, Step.DISPOSITION):
            return self._verify_scan(s, code)
        raise _UserError(
            "Decide the hold first: a lead approves or denies, or press Enter to park the unit."
        )

    def _identify(self, s: BenchState, code: ScanCode) -> BenchState:
        unit = UnitDraft(received_at=self._clock(), scans=(code.raw,))
        with self._db.sessions() as session:
            if code.kind is CodeKind.LPN:
                row = repo.find_unit(session, code.value)
                if row is None:
                    raise _UserError(f"{code.value} is not a unit of this station.")
                if row.hold_state == HoldState.HELD:
                    return self._open_held(s, code.value)
                raise _UserError(
                    f"{code.value} was already inspected: grade {row.grade}, "
                    f"{row.final_disposition}. Scan the next parcel."
                )
            rma: ReturnAuthorization | None = None
            if code.kind is CodeKind.RMA:
                rma = repo.find_rma(session, code.value)
            elif code.kind is CodeKind.ORDER:
                rma = repo.find_rma_by_order(session, code.value)
            elif code.kind is CodeKind.TRACKING:
                rma = repo.find_rma_by_tracking(session, code.value)
            if code.kind in (CodeKind.RMA, CodeKind.ORDER, CodeKind.TRACKING):
                if rma is None:
                    raise _UserError(
                        f"No return authorisation found for {code.kind.value} {code.value}. "
                        "Scan the item itself to handle it as an unexpected item."
                    )
                # The item itself is still scanned to prove what is in the parcel.
                return self._to_verify(s, dataclasses.replace(unit, rma=rma))
        return self._verify_scan(dataclasses.replace(s, unit=unit), code)

    def _verify_scan(self, s: BenchState, code: ScanCode) -> BenchState:
        assert s.unit is not None
        unit = dataclasses.replace(s.unit, scans=(*s.unit.scans, code.raw)[-20:])
        with self._db.sessions() as session:
            if code.kind in (CodeKind.RMA, CodeKind.ORDER, CodeKind.TRACKING):
                if s.step is not Step.VERIFY:
                    raise _UserError(
                        f"{code.value} looks like the next parcel: finish this unit first, "
                        "or press Esc to cancel it."
                    )
                finder = {
                    CodeKind.RMA: repo.find_rma,
                    CodeKind.ORDER: repo.find_rma_by_order,
                    CodeKind.TRACKING: repo.find_rma_by_tracking,
                }[code.kind]
                rma = finder(session, code.value)
                if rma is None:
                    raise _UserError(f"No return authorisation for {code.value}.")
                unit = dataclasses.replace(unit, rma=rma, unexpected=False)
            elif code.kind in (CodeKind.GTIN, CodeKind.GS1, CodeKind.EPC):
                sku = repo.find_sku_by_gtin(session, code.gtin) if code.gtin else None
                if sku is None:
                    raise _UserError(
                        f"Product {code.gtin or code.value} is not in the catalog. "
                        "Scan another barcode on the item, or escalate (F9)."
                    )
                unit = dataclasses.replace(
                    unit, sku=sku, epc=code.epc_uri or unit.epc, serial=code.serial or unit.serial
                )
                if unit.rma is None and unit.serial:
                    unit = dataclasses.replace(
                        unit, rma=repo.find_rma_by_serial(session, unit.serial)
                    )
            elif code.kind is CodeKind.SERIAL:
                unit = dataclasses.replace(unit, serial=code.value)
                if unit.rma is None:
                    rma = repo.find_rma_by_serial(session, code.value)
                    if rma is not None:
                        unit = dataclasses.replace(unit, rma=rma)
                if unit.sku is None and unit.rma is not None:
                    line = next((ln for ln in unit.rma.lines if ln.serial == code.value), None)
                    if line is not None:
                        unit = dataclasses.replace(unit, sku=repo.find_sku(session, line.sku))
            elif code.kind is CodeKind.LPN:
                raise _UserError(
                    "That is a license plate of an inspected unit. Finish or cancel "
                    "(Esc) this unit first."
                )
            elif code.kind is CodeKind.BADGE:
                raise _UserError("Badge scanned: leads approve holds at the hold screen.")
            elif unit.sku is not None:
                raise _UserError(f"Code {code.raw!r} is not a known product, serial or RMA.")
        # Nothing known about the parcel yet: it starts the unexpected-item path.
        unit = dataclasses.replace(unit, unexpected=unit.sku is None and unit.rma is None)
        return self._to_verify(s, unit)

    def _to_verify(self, s: BenchState, unit: UnitDraft) -> BenchState:
        unit = self._assess(unit)
        state = dataclasses.replace(s, step=Step.VERIFY, unit=unit, question=None, questions=())
        if s.step in (Step.GRADE, Step.PHOTOS, Step.DISPOSITION) and unit.sku is not None:
            return self._advance(dataclasses.replace(state, step=s.step), unit)
        if self._verified(unit):
            return self._to_grade(state, unit)
        return dataclasses.replace(state, prompt=self._verify_prompt(unit))

    def _verified(self, unit: UnitDraft) -> bool:
        if unit.sku is None:
            return False
        if unit.sku.serialized and not unit.serial:
            return False
        return not (unit.sku.weight_g is not None and not unit.weight_stable)

    def _verify_prompt(self, unit: UnitDraft) -> str:
        if unit.sku is None and unit.rma is None:
            return (
                "Unknown code. Scan the product barcode or the RMA label; "
                "Enter: continue as unexpected item."
            )
        if unit.sku is None:
            return "Scan the product barcode (GTIN/UPC) on the item."
        if unit.sku.serialized and not unit.serial:
            return "Scan the serial number of the item. Enter: continue without serial."
        if unit.sku.weight_g is not None and not unit.weight_stable:
            return "Place the item on the scale. Enter: continue without weighing."
        return "Press Enter to start the checklist."

    def _weight(self, s: BenchState, event: Weight) -> BenchState:
        if s.unit is None or s.step is Step.HOLD:
            return s  # a weight with nothing to weigh is not an input, just the scale talking
        if event.grams is None or not event.stable:
            return dataclasses.replace(
                s,
                unit=dataclasses.replace(s.unit, weight_stable=False),
                prompt="Scale in motion: wait until it settles."
                if s.step is Step.VERIFY
                else s.prompt,
            )
        unit = self._assess(dataclasses.replace(s.unit, weight_g=event.grams, weight_stable=True))
        s = dataclasses.replace(s, unit=unit)
        if s.step is Step.VERIFY:
            return (
                self._to_grade(s, unit)
                if self._verified(unit)
                else dataclasses.replace(s, prompt=self._verify_prompt(unit))
            )
        return s

    def _to_grade(self, s: BenchState, unit: UnitDraft) -> BenchState:
        if unit.sku is None:
            unit = self._assess(dataclasses.replace(unit, sku=UNKNOWN_SKU, unexpected=True))
        assert unit.sku is not None
        questions = self._policy.questions(unit.sku)
        return self._advance(dataclasses.replace(s, unit=unit, questions=questions), unit)

    def _advance(self, s: BenchState, unit: UnitDraft) -> BenchState:
        """Go to the first step whose input is still missing."""
        unit = self._assess(unit)
        questions = s.questions or (self._policy.questions(unit.sku) if unit.sku else ())
        s = dataclasses.replace(s, unit=unit, questions=questions)
        pending = [q for q in questions if q.id not in unit.answers]
        if pending:
            q = pending[0]
            return dataclasses.replace(
                s, step=Step.GRADE, question=q, photo_slot="", prompt=_question_prompt(q)
            )
        assert unit.assessment is not None
        missing = [p for p in unit.assessment.required_photos if p not in unit.photo_slots]
        if missing:
            return dataclasses.replace(
                s,
                step=Step.PHOTOS,
                question=None,
                photo_slot=missing[0],
                prompt=f"Take photo: {missing[0].replace('_', ' ')} "
                f"({len(unit.photos) + 1} of "
                f"{len(unit.photos) + len(missing)}).",
            )
        return dataclasses.replace(
            s,
            step=Step.DISPOSITION,
            question=None,
            photo_slot="",
            prompt=self._disposition_prompt(unit),
        )

    def _disposition_prompt(self, unit: UnitDraft) -> str:
        a = unit.assessment
        assert a is not None
        if unit.override:
            return (
                f"Override to {unit.override[0]}: {unit.override[1]}. "
                "Enter: confirm and print the label."
            )
        if a.disposition is None:
            return "Enter: confirm."
        held = " The unit will be held for a lead." if _escalations(unit) else ""
        return (
            f"Suggested: {a.disposition.disposition.value.replace('_', ' ')} — "
            f"{a.disposition.verdict.explanation}{held} Enter: confirm, "
            "D: choose another disposition."
        )

    def _answer(self, s: BenchState, event: Answer) -> BenchState:
        if s.unit is None or s.step not in (Step.GRADE, Step.PHOTOS, Step.DISPOSITION):
            raise _UserError("No checklist question is open.")
        question = next((q for q in s.questions if q.id == event.question), None)
        if question is None:
            raise _UserError(f"Unknown checklist question {event.question!r}.")
        value = _normalise_answer(question, event.value)
        answers = dict(s.unit.answers)
        answers[question.id] = value
        unit = dataclasses.replace(s.unit, answers=answers, override=None)
        return self._advance(s, unit)

    def _photo(self, s: BenchState, event: Photo) -> BenchState:
        if s.unit is None or s.unit.assessment is None:
            raise _UserError("Scan an item before taking photos.")
        try:
            stored = self._photos.add(Path(event.path))
        except (OSError, ValueError) as exc:
            raise _UserError(f"Photo not stored: {exc}") from exc
        required = s.unit.assessment.required_photos
        slot = s.photo_slot or next((p for p in required if p not in s.unit.photo_slots), "extra")
        if slot == "extra":
            slot = f"extra_{len(s.unit.photos) + 1}"
        unit = dataclasses.replace(s.unit, photos=(*s.unit.photos, (slot, stored.sha256)))
        if s.step in (Step.PHOTOS, Step.DISPOSITION):
            return self._advance(s, unit)
        return dataclasses.replace(s, unit=unit)

    def _override(
        self, s: BenchState, event: ChooseDisposition, out: list[BenchState | UnitRecord]
    ) -> BenchState:
        if s.unit is None or s.step is not Step.DISPOSITION:
            raise _UserError("Choose a disposition after the checklist and photos.")
        try:
            code = Disposition(event.code)
        except ValueError:
            raise _UserError(
                f"Unknown disposition {event.code!r}; one of: "
                f"{', '.join(d.value for d in Disposition)}."
            ) from None
        a = s.unit.assessment
        if a is not None and a.disposition is not None and a.disposition.disposition is code:
            return dataclasses.replace(
                s,
                unit=dataclasses.replace(s.unit, override=None),
                prompt=self._disposition_prompt(s.unit),
            )
        if not event.reason.strip():
            raise _UserError("An override needs a reason: type why and press Enter.")
        unit = dataclasses.replace(s.unit, override=(code.value, event.reason.strip()))
        return dataclasses.replace(s, unit=unit, prompt=self._disposition_prompt(unit))

    def _confirm(self, s: BenchState, out: list[BenchState | UnitRecord]) -> BenchState:
        if s.unit is None:
            raise _UserError("Nothing to confirm: scan a parcel or item.")
        if s.step is Step.VERIFY:
            unit = s.unit
            if unit.sku is None and unit.rma is not None and len(unit.rma.lines) == 1:
                with self._db.sessions() as session:
                    unit = dataclasses.replace(
                        unit, sku=repo.find_sku(session, unit.rma.lines[0].sku)
                    )
            return self._to_grade(s, unit)
        if s.step is Step.GRADE:
            raise _UserError(f"Answer the question first: {s.question.text if s.question else ''}")
        if s.step is Step.PHOTOS:
            raise _UserError(f"Take the {s.photo_slot.replace('_', ' ')} photo first.")
        if s.step is Step.DISPOSITION:
            if _escalations(s.unit) and s.unit.hold_state is HoldState.NONE:
                return self._to_hold(s, s.unit)
            return self._commit(s, s.unit, out)
        if s.step is Step.HOLD:
            if s.unit.existing_lpn:
                return self._ready(
                    s, prompt=f"{s.unit.existing_lpn} stays on hold. Scan the next parcel."
                )
            return self._commit(s, dataclasses.replace(s.unit, hold_state=HoldState.HELD), out)
        raise _UserError("Nothing to confirm.")

    def _to_hold(self, s: BenchState, unit: UnitDraft) -> BenchState:
        reasons = " ".join(e.verdict.explanation for e in _escalations(unit))
        return dataclasses.replace(
            s,
            step=Step.HOLD,
            unit=unit,
            question=None,
            prompt=f"Hold for a lead: {reasons} Lead: scan badge and enter PIN to approve or "
            "deny. Enter: park the unit on the hold shelf and continue.",
        )

    def _decide_hold(
        self, s: BenchState, event: Approve | Deny, out: list[BenchState | UnitRecord]
    ) -> BenchState:
        if s.unit is None or s.step is not Step.HOLD:
            raise _UserError("No unit is waiting for a lead decision here.")
        lead = self._check_badge(event.badge, event.pin)
        if lead is None:
            raise _UserError("Lead badge or PIN not recognised.")
        if lead.role not in (Role.LEAD, Role.ADMIN):
            raise _UserError(f"{lead.name} is not a lead: a lead must approve or deny holds.")
        state = HoldState.APPROVED if isinstance(event, Approve) else HoldState.DENIED
        unit = dataclasses.replace(s.unit, hold_state=state, hold_decided_by=lead.badge)
        resumed = self._advance(dataclasses.replace(s, questions=()), unit)
        if resumed.step is Step.DISPOSITION:
            return self._commit(resumed, resumed.unit or unit, out)
        return dataclasses.replace(
            resumed, prompt=f"{state.value.capitalize()} by {lead.name}. " + resumed.prompt
        )

    def _open_held(self, s: BenchState, lpn: str) -> BenchState:
        with self._db.sessions() as session:
            row = repo.find_unit(session, lpn)
            if row is None or row.hold_state != HoldState.HELD:
                raise _UserError(f"{lpn} is not on hold.")
            rma = repo.find_rma(session, row.rma) if row.rma else None
            sku = repo.find_sku(session, row.sku) or UNKNOWN_SKU
        unit = UnitDraft(
            received_at=row.received_at,
            rma=rma,
            sku=sku,
            scans=tuple(row.scans),
            serial=row.serial,
            epc=row.epc,
            weight_g=row.weight_g,
            weight_stable=row.weight_g is not None,
            answers=dict(row.answers),
            photos=tuple((p["slot"], p["sha256"]) for p in row.photos),
            manual_escalation=next(
                (
                    e["explanation"].removeprefix("Escalated by the inspector: ")
                    for e in row.escalations
                    if e["code"] == "manual"
                ),
                "",
            ),
            override=(row.final_disposition or "", row.override_reason)
            if row.override_reason
            else None,
            unexpected=row.rma is None,
            hold_state=HoldState.NONE,
            existing_lpn=row.lpn,
        )
        unit = self._assess(unit)
        return self._to_hold(dataclasses.replace(s, questions=self._policy.questions(sku)), unit)

    # -- policy and commit -----------------------------------------------------------------

    def _facts(self, unit: UnitDraft) -> InspectionFacts:
        return InspectionFacts(
            sku=unit.sku or UNKNOWN_SKU,
            rma=unit.rma,
            received_on=unit.received_at.date(),
            scanned_serial=unit.serial,
            weight_g=unit.weight_g if unit.weight_stable else None,
            answers=unit.answers,
            proof_of_purchase=unit.rma is not None,
        )

    def _assess(self, unit: UnitDraft) -> UnitDraft:
        if unit.sku is None:
            return dataclasses.replace(unit, assessment=None)
        return dataclasses.replace(unit, assessment=self._policy.assess(self._facts(unit)))

    def _count_held(self) -> int:
        with self._db.sessions() as session:
            return (
                session.scalar(
                    select(func.count()).select_from(UnitRow).where(UnitRow.hold_state == "held")
                )
                or 0
            )

    def _lpn(self, seq: int) -> str:
        return f"LPN{self._config.station_number:03d}{seq:07d}"

    def _commit(
        self, s: BenchState, unit: UnitDraft, out: list[BenchState | UnitRecord]
    ) -> BenchState:
        assert s.operator is not None
        unit = self._assess(unit)
        a = unit.assessment
        assert a is not None and unit.sku is not None
        now = self._clock()
        escalations = _escalations(unit)
        suggested = a.disposition.disposition.value if a.disposition else None
        final = unit.override[0] if unit.override else suggested
        refund = a.refund
        refund_kind = refund.kind.value if refund else None
        if unit.hold_state is HoldState.DENIED:
            refund_kind = RefundKind.DENY.value
        held = unit.hold_state is HoldState.HELD
        hold_reason = " ".join(e.verdict.explanation for e in escalations)
        deciding = a.deciding
        # The label is rendered before the transaction so that the write lock is held only
        # for the inserts. Only this process issues this station's LPNs (the database lock
        # guarantees one process), so the next LPN can be known before it is taken.
        if unit.existing_lpn:
            lpn = unit.existing_lpn
        else:
            with self._db.sessions() as peek:
                lpn = self._lpn(int(repo.get_state(peek, LPN_COUNTER, "0")) + 1)
        zpl = self._label(unit, lpn, final, held, hold_reason, s.operator, now)
        with self._db.transaction() as session, session.no_autoflush:
            row = repo.find_unit(session, unit.existing_lpn) if unit.existing_lpn else None
            before = _row_snapshot(row) if row is not None else None
            if row is None:
                taken = self._lpn(repo.next_counter(session, LPN_COUNTER))
                if taken != lpn:  # cannot happen with one process; stay correct if it does
                    lpn = taken
                    zpl = self._label(unit, lpn, final, held, hold_reason, s.operator, now)
                row = UnitRow(
                    id=new_id(),
                    lpn=lpn,
                    operator=s.operator.badge,
                    station=self._config.station_id,
                    received_at=unit.received_at,
                )
                session.add(row)
            row.rma = unit.rma.rma if unit.rma else None
            row.sku = unit.sku.sku
            row.category = unit.sku.category
            row.serial = unit.serial
            row.epc = unit.epc
            row.scans = list(unit.scans)
            row.weight_g = unit.weight_g if unit.weight_stable else None
            row.expected_weight_g = unit.sku.weight_g
            row.answers = dict(unit.answers)
            row.grade = a.grade.grade.value if a.grade else None
            row.damage_codes = list(a.grade.damage_codes) if a.grade else []
            row.damage_cause = unit.answers.get("damage_cause", "")
            row.photos = [{"slot": slot, "sha256": sha} for slot, sha in unit.photos]
            row.eligible = a.eligibility.eligible
            row.suggested_disposition = suggested
            row.final_disposition = final
            row.destination = a.disposition.destination if a.disposition else ""
            row.override_reason = unit.override[1] if unit.override else ""
            row.automatic = a.automatic and not unit.override and not escalations
            row.refund_kind = refund_kind
            row.restocking_fee_pct = refund.fee_pct if refund else 0.0
            row.refund_due = refund.due if refund else None
            row.risk_score = a.risk_score
            row.escalations = [
                {"code": e.code, "rule": e.verdict.rule, "explanation": e.verdict.explanation}
                for e in escalations
            ]
            row.hold_state = unit.hold_state.value
            row.hold_reason = hold_reason
            row.hold_decided_by = unit.hold_decided_by
            row.policy_version = a.policy_version
            row.rule = deciding.rule
            row.explanation = deciding.explanation
            row.decided_at = None if held else now
            row.labeled_at = now
            if (
                unit.rma is not None
                and unit.rma.assigned_bench
                and (unit.rma.assigned_bench != self._config.station_id)
            ):
                row.review_flag = f"RMA assigned to {unit.rma.assigned_bench}"
            self._add_photos(session, unit)
            # Column defaults are filled in at flush; the record (and the outbox payload built
            # from it) must carry them, not None.
            session.flush()
            record = _record_from_row(row)
            action = (
                "unit.held"
                if held
                else "unit.hold_decided"
                if before is not None
                else "unit.completed"
            )
            audit.append(
                session,
                actor=s.operator.badge,
                station=self._config.station_id,
                action=action,
                subject=f"unit:{row.lpn}",
                before=before,
                after=_row_snapshot(row),
                at=now,
            )
            outbox.enqueue(
                session,
                action,
                {"station": self._config.station_id, "unit": to_jsonable(record)},
                at=now,
            )
            job_id = new_id()
            if zpl:
                session.add(
                    PrintJobRow(
                        id=job_id,
                        lpn=row.lpn,
                        printer=self._printer_name,
                        zpl=zpl,
                        state="queued",
                        attempts=0,
                        last_error="",
                        next_attempt_at=None,
                        created_at=now,
                        updated_at=now,
                    )
                )
        self._emit(record, out)
        if zpl and self._on_print_job is not None:
            self._on_print_job(job_id)
        what = "parked on hold" if held else f"{record.disposition or 'done'}"
        s = dataclasses.replace(s, last_record=record, last_label_zpl=zpl)
        return self._ready(
            s, prompt=f"{record.lpn} {what}. Label printing. Scan the next parcel or item."
        )

    def _add_photos(self, session: Session, unit: UnitDraft) -> None:
        shas = {sha for _slot, sha in unit.photos}
        if not shas:
            return
        known = set(session.scalars(select(PhotoRow.sha256).where(PhotoRow.sha256.in_(shas))))
        for sha in sorted(shas - known):
            stored = self._photos.get(sha)
            if stored is not None:
                session.add(
                    PhotoRow(
                        sha256=sha, path=str(stored.path), width=stored.width, height=stored.height
                    )
                )

    def _label(
        self,
        unit: UnitDraft,
        lpn: str,
        disposition: str | None,
        held: bool,
        hold_reason: str,
        operator: Operator,
        now: datetime,
    ) -> str:
        assert unit.sku is not None and unit.assessment is not None
        a = unit.assessment
        data = LabelData(
            lpn=lpn,
            rma=unit.rma.rma if unit.rma else "NO RMA",
            sku=unit.sku.sku,
            description=unit.sku.description,
            grade=a.grade.grade.value if a.grade else "-",
            disposition=(disposition or "pending").replace("_", " ").upper(),
            destination=a.disposition.destination if a.disposition else "",
            date=now.date().isoformat(),
            operator=operator.badge,
            station=self._config.station_id,
            serial=unit.serial,
            hold_reason=hold_reason if held else "",
        )
        try:
            return render_zpl(data, dpi=self._config.label_dpi)
        except LabelError as exc:
            log.error("label for %s not rendered: %s", lpn, exc)
            return ""


class _UserError(Exception):
    """A message for the person at the bench; the state does not change."""


def _question_prompt(q: Question) -> str:
    if q.kind is QuestionKind.YES_NO:
        return f"{q.text}  Y: yes   N: no"
    options = "   ".join(f"{i}: {o.replace('_', ' ')}" for i, o in enumerate(q.options, 1))
    return f"{q.text}  {options}"


def _normalise_answer(q: Question, value: str) -> str:
    raw = value.strip().lower()
    if q.kind is QuestionKind.YES_NO:
        if raw in _YES:
            return "yes"
        if raw in _NO:
            return "no"
        raise _UserError(f"{q.text} Press Y or N.")
    if raw.isdigit() and 1 <= int(raw) <= len(q.options):
        return q.options[int(raw) - 1]
    if raw in q.options:
        return raw
    raise _UserError(f"{q.text} Press 1 to {len(q.options)}.")


def _row_snapshot(row: UnitRow) -> dict[str, Any]:
    keys = (
        "lpn",
        "rma",
        "sku",
        "serial",
        "grade",
        "final_disposition",
        "suggested_disposition",
        "override_reason",
        "hold_state",
        "hold_reason",
        "hold_decided_by",
        "refund_kind",
        "restocking_fee_pct",
        "policy_version",
        "rule",
        "weight_g",
        "automatic",
    )
    return {k: to_jsonable(getattr(row, k)) for k in keys}


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _record_from_row(row: UnitRow) -> UnitRecord:
    refund = (
        RefundOutcome(kind=row.refund_kind, fee_pct=row.restocking_fee_pct, due=row.refund_due)
        if row.refund_kind
        else None
    )
    received = _aware(row.received_at)
    assert received is not None
    return UnitRecord(
        lpn=row.lpn,
        rma=row.rma,
        sku=row.sku,
        category=row.category,
        serial=row.serial,
        grade=row.grade,
        damage_codes=tuple(row.damage_codes),
        disposition=row.final_disposition,
        suggested_disposition=row.suggested_disposition,
        destination=row.destination,
        automatic=row.automatic,
        override_reason=row.override_reason,
        refund=refund,
        held=row.hold_state == "held",
        hold_state=row.hold_state,
        hold_reason=row.hold_reason,
        policy_version=row.policy_version,
        rule=row.rule,
        explanation=row.explanation,
        weight_g=row.weight_g,
        expected_weight_g=row.expected_weight_g,
        operator=row.operator,
        station=row.station,
        received_at=received,
        decided_at=_aware(row.decided_at),
        photos=tuple(p["sha256"] for p in row.photos),
        escalations=tuple(e["code"] for e in row.escalations),
        review_flag=row.review_flag,
    )


def record_from_row(row: UnitRow) -> UnitRecord:
    """Public conversion used by export and sync."""
    return _record_from_row(row)
