"""Load and validate the policy TOML files into compiled rules; any mistake is a PolicyError.

Files (all required, nothing else allowed in the directory):

- ``policy.toml``       version, currency, seller-fault reasons, vendor-return suppliers, weights
- ``eligibility.toml``  return window and its exceptions; ordered eligibility rules
- ``grading.toml``      damage-code catalog; per-profile questions and grading rules
- ``disposition.toml``  ordered disposition rules
- ``refund.toml``       the deny sentence for ineligible units; ordered refund rules
- ``escalation.toml``   escalation rules (every matching one fires)
- ``risk.toml``         risk factors (points add up, 0..100)
- ``photos.toml``       photo slot catalog and rules adding slots

A ``when`` table is a conjunction of conditions ``fact = value``. A value is a scalar (equal,
or for ``damage_codes`` "contains"), an array (one of / contains any), or a table of
operators ``{ not = ..., min = n, max = n, above = n, below = n }``. Answers are named as
``when.answer.<question> = "yes"``.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path

from station.domain import Disposition, Grade, Question, QuestionKind, ReasonCode, RefundKind

from ._model import (
    FACTS,
    REFUND_PLACEHOLDERS,
    DamageCode,
    DispositionRule,
    EligibilityRule,
    EscalationRule,
    FactKind,
    FactSpec,
    General,
    GradingRule,
    PhotoRule,
    PolicyData,
    Predicate,
    Profile,
    RefundRule,
    RiskFactor,
    Stage,
    Template,
    Test,
    placeholders_up_to,
)
from ._reader import ID_PATTERN, PolicyError, Table

FILES = (
    "policy.toml",
    "eligibility.toml",
    "grading.toml",
    "disposition.toml",
    "refund.toml",
    "escalation.toml",
    "risk.toml",
    "photos.toml",
)
MAX_RESTOCKING_FEE_PCT = 10.0  # DESIGN §2: a restocking fee is never more than 10%
DEFAULT_PROFILE = "default"
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")
OPERATORS = ("not", "min", "max", "above", "below")
_REPO_ROOT = Path(__file__).resolve().parents[2]


def display_path(path: Path) -> str:
    """The path as people know it: relative to the repository when inside it."""
    resolved = path.resolve()
    for base in (_REPO_ROOT, Path.cwd().resolve()):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return str(path)


def _parse_file(path: Path) -> Table:
    shown = display_path(path)
    if not path.is_file():
        raise PolicyError(shown, "", "policy file is missing")
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(shown, "", f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise PolicyError(shown, "", f"cannot read: {exc.strerror}") from None
    return Table(shown, "", data)


# --- conditions -------------------------------------------------------------------------------


def _values(spec: FactSpec, raw: object, table: Table, key: str) -> frozenset[object]:
    """The operand of a condition (a scalar or an array), type-checked against the fact."""
    items = raw if isinstance(raw, list) else [raw]
    if isinstance(raw, list) and not raw:
        raise table.error(key, "an empty array matches nothing")
    if isinstance(raw, list) and spec.kind is FactKind.FLAG:
        raise table.error(key, "a true/false fact takes true or false, not an array")
    out: set[object] = set()
    for item in items:
        if spec.kind is FactKind.FLAG:
            ok = isinstance(item, bool)
        elif spec.kind is FactKind.NUMBER:
            ok = isinstance(item, int) and not isinstance(item, bool)
        else:
            ok = isinstance(item, str)
        if not ok:
            raise table.error(key, f"expected {spec.kind.value}, found {item!r}")
        if spec.values and item not in spec.values:
            allowed = ", ".join(sorted(spec.values))
            raise table.error(key, f"unknown {spec.noun} {item!r} (expected one of: {allowed})")
        out.add(item)
    return frozenset(out)


def _one_of(values: frozenset[object], codes: bool) -> Predicate:
    if codes:
        return lambda v: isinstance(v, frozenset) and not values.isdisjoint(v)
    if len(values) == 1:
        (only,) = values
        return lambda v: v == only  # None never equals a policy value
    return lambda v: v in values


def _none_of(values: frozenset[object], codes: bool) -> Predicate:
    if codes:
        return lambda v: isinstance(v, frozenset) and values.isdisjoint(v)
    return lambda v: v is not None and v not in values


def _between(low: int, high: int) -> Predicate:
    return lambda v: isinstance(v, int) and low <= v <= high


def _all_of(predicates: list[Predicate]) -> Predicate:
    if len(predicates) == 1:
        return predicates[0]
    return lambda v: all(p(v) for p in predicates)


def _predicate(spec: FactSpec, raw: object, table: Table, key: str) -> Predicate:
    codes = spec.kind is FactKind.CODES
    if not isinstance(raw, dict):
        return _one_of(_values(spec, raw, table, key), codes)
    if not raw:
        raise table.error(key, "an empty condition table; give a value or an operator")
    predicates: list[Predicate] = []
    low, high = -(2**62), 2**62
    for op, operand in raw.items():
        where = f"{key}.{op}"
        if op == "not":
            if spec.kind is FactKind.FLAG:
                raise table.error(where, "write the opposite value (true/false) instead of 'not'")
            predicates.append(_none_of(_values(spec, operand, table, where), codes))
        elif op in OPERATORS:
            if spec.kind is not FactKind.NUMBER:
                raise table.error(where, f"'{op}' only applies to numbers, not to a {spec.noun}")
            if isinstance(operand, bool) or not isinstance(operand, int):
                raise table.error(where, f"expected an integer, found {operand!r}")
            if op == "min":
                low = max(low, operand)
            elif op == "above":
                low = max(low, operand + 1)
            elif op == "max":
                high = min(high, operand)
            else:
                high = min(high, operand - 1)
        else:
            raise table.error(
                where, f"unknown operator '{op}' (expected one of: {', '.join(OPERATORS)})"
            )
    if low > high:
        raise table.error(key, "the range is empty: no value can match")
    if low != -(2**62) or high != 2**62:
        predicates.append(_between(low, high))
    return _all_of(predicates)


class _Conditions:
    """Compiles ``when`` tables against the fact catalog and the loaded grading profiles."""

    def __init__(
        self, questions: Mapping[str, Mapping[str, frozenset[str]]], codes: Collection[str]
    ) -> None:
        self._questions = questions  # profile -> question id -> answer values
        self._facts = dict(FACTS)
        self._facts["damage_codes"] = dataclasses.replace(
            FACTS["damage_codes"], values=frozenset(codes)
        )

    def compile(
        self, rule: Table, *, section: str, max_stage: Stage, profile: str | None = None
    ) -> tuple[Test, ...]:
        when = rule.table("when")
        entries = when.entries()
        candidates = [profile] if profile is not None else self._candidate_profiles(entries)
        tests: list[Test] = []
        for name, raw in entries:
            if name == "answer":
                if not isinstance(raw, dict) or not raw:
                    raise when.error(name, "expected a table of question = answer")
                for question, answer in raw.items():
                    key = f"answer.{question}"
                    allowed = self._answer_values(when, key, question, candidates)
                    answer_spec = FactSpec(
                        FactKind.CHOICE, Stage.BASE, f"answer to '{question}'", allowed
                    )
                    tests.append(Test(key, _predicate(answer_spec, answer, when, key)))
                continue
            spec = self._facts.get(name)
            if spec is None:
                known = ", ".join(sorted([*self._facts, "answer.<question>"]))
                raise when.error(name, f"unknown fact '{name}' (known: {known})")
            if spec.stage > max_stage:
                raise when.error(name, f"'{name}' is not known yet when {section} rules run")
            tests.append(Test(name, _predicate(spec, raw, when, name)))
        return tuple(tests)

    def _candidate_profiles(self, entries: list[tuple[str, object]]) -> list[str]:
        """The profiles a rule can apply to, judged from its profile/category conditions."""
        conditions = dict(entries)
        for fact in ("profile", "category"):
            raw = conditions.get(fact)
            names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else None
            if names and all(isinstance(n, str) for n in names):
                return sorted(
                    {
                        n if n in self._questions else DEFAULT_PROFILE
                        for n in names
                        if isinstance(n, str)
                    }
                )
        return sorted(self._questions)

    def _answer_values(
        self, when: Table, key: str, question: str, profiles: list[str]
    ) -> frozenset[str]:
        values: set[str] = set()
        for name in profiles:
            values |= self._questions.get(name, {}).get(question, frozenset())
        if not values:
            where = ", ".join(f"'{p}'" for p in profiles)
            raise when.error(
                key, f"question '{question}' does not exist in grading profile {where}"
            )
        return frozenset(values)


def _check_rule_list(
    file: str, prefix: str, ids: list[str], tests: list[tuple[Test, ...]], catch_all: str | None
) -> None:
    """Unique ids; with ``catch_all`` (what the catch-all guarantees) the last rule matches all."""
    seen: set[str] = set()
    for i, rule_id in enumerate(ids):
        if rule_id in seen:
            raise PolicyError(file, f"{prefix}[{i}].id", f"duplicate rule id '{rule_id}'")
        seen.add(rule_id)
    if catch_all is None:
        return
    for i, rule_tests in enumerate(tests[:-1]):
        if not rule_tests:
            raise PolicyError(
                file,
                f"{prefix}[{i + 1}]",
                f"unreachable: {prefix}[{i}] has no conditions and matches every unit",
            )
    if tests[-1]:
        raise PolicyError(
            file,
            f"{prefix}[{len(tests) - 1}].when",
            f"the last rule must have no conditions (a catch-all): {catch_all}",
        )


def _enum_value(table: Table, name: str, allowed: Collection[str], noun: str) -> str:
    value = table.text(name)
    if value not in allowed:
        raise table.error(name, f"unknown {noun} {value!r} (expected one of: {', '.join(allowed)})")
    return value


GRADES = [g.value for g in Grade]
DISPOSITIONS = [d.value for d in Disposition]
REFUND_KINDS = [k.value for k in RefundKind]


# --- files ------------------------------------------------------------------------------------


def _general(policy: Table, eligibility: Table, risk: Table) -> General:
    reasons = [r.value for r in ReasonCode]
    seller_fault = policy.texts("seller_fault_reasons", required=True)
    for i, reason in enumerate(seller_fault):
        if reason not in reasons:
            raise policy.error(f"seller_fault_reasons[{i}]", f"unknown reason code {reason!r}")
    window_days = eligibility.integer("window_days", low=0, high=3650)
    exceptions: dict[str, int] = {}
    exceptions_table = eligibility.table("window_exceptions")
    for reason, _days in exceptions_table.entries():
        if reason not in reasons:
            raise exceptions_table.error(reason, f"unknown reason code {reason!r}")
        exceptions[reason] = exceptions_table.integer(reason, low=window_days, high=3650)
    tolerance = policy.optional_number("default_weight_tolerance_pct")
    if tolerance is not None and not 0 <= tolerance <= 100:
        raise policy.error("default_weight_tolerance_pct", f"{tolerance} is outside 0..100")
    return General(
        version=policy.text("version"),
        currency=policy.text("currency", "€"),
        seller_fault_reasons=frozenset(seller_fault),
        vendor_return_suppliers=frozenset(
            s.casefold() for s in policy.texts("vendor_return_suppliers")
        ),
        default_weight_tolerance_pct=5.0 if tolerance is None else tolerance,
        window_days=window_days,
        window_exceptions=exceptions,
        hub_score_is_floor=risk.flag("hub_score_is_floor", True),
    )


def _damage_codes(grading: Table) -> dict[str, DamageCode]:
    catalog = grading.table("codes", required=True)
    codes: dict[str, DamageCode] = {}
    for name, _raw in catalog.entries():
        if not CODE_PATTERN.match(name):
            raise catalog.error(
                name, f"{name!r} is not a valid damage code (expected {CODE_PATTERN.pattern})"
            )
        entry = catalog.table(name)
        codes[name] = DamageCode(name, entry.text("text"), entry.flag("physical"))
        entry.finish()
    if not codes:
        raise catalog.error(None, "the damage-code catalog is empty")
    return codes


def _questions(profile: Table) -> tuple[tuple[Question, ...], dict[str, frozenset[str]]]:
    questions: list[Question] = []
    values: dict[str, frozenset[str]] = {}
    for q in profile.tables("questions"):
        qid = q.text("id", pattern=ID_PATTERN)
        if qid in values:
            raise q.error("id", f"duplicate question id '{qid}'")
        kind_text = q.text("kind")
        kinds = [k.value for k in QuestionKind]
        if kind_text not in kinds:
            raise q.error(
                "kind", f"unknown question kind {kind_text!r} (expected one of: {', '.join(kinds)})"
            )
        kind = QuestionKind(kind_text)
        options = q.texts("options", pattern=ID_PATTERN)
        if kind is QuestionKind.CHOICE and not 2 <= len(options) <= 9:
            raise q.error(
                "options", "a choice question needs 2 to 9 options (answered with keys 1-9)"
            )
        if kind is QuestionKind.YES_NO and options:
            raise q.error("options", "a yes_no question takes no options")
        questions.append(Question(qid, q.text("text"), kind, options))
        values[qid] = (
            frozenset(options) if kind is QuestionKind.CHOICE else frozenset({"yes", "no"})
        )
        q.finish()
    return tuple(questions), values


def _profiles(grading: Table, codes: Mapping[str, DamageCode]) -> dict[str, Profile]:
    catalog = grading.table("profiles", required=True)
    tables: dict[str, Table] = {}
    questions: dict[str, tuple[tuple[Question, ...], dict[str, frozenset[str]]]] = {}
    for name, _raw in catalog.entries():
        if not ID_PATTERN.match(name):
            raise catalog.error(name, f"{name!r} is not a valid profile name")
        tables[name] = catalog.table(name)
        questions[name] = _questions(tables[name])
    if DEFAULT_PROFILE not in tables:
        raise catalog.error(
            None, f"a '{DEFAULT_PROFILE}' profile is required for categories without their own"
        )
    allowed = placeholders_up_to(Stage.BASE, {"grade", "codes", "code_texts"})
    profiles: dict[str, Profile] = {}
    for name, profile in tables.items():
        asked, values = questions[name]
        conditions = _Conditions({name: values}, codes)
        rules: list[GradingRule] = []
        ids: list[str] = []
        for r in profile.tables("rules"):
            ids.append(r.text("id", pattern=ID_PATTERN))
            tests = conditions.compile(r, section="grading", max_stage=Stage.BASE, profile=name)
            grade = Grade(_enum_value(r, "grade", GRADES, "grade"))
            rule_codes = r.texts("codes")
            for i, code in enumerate(rule_codes):
                if code not in codes:
                    raise r.error(
                        f"codes[{i}]", f"unknown damage code {code!r} (add it to [codes])"
                    )
            explain = Template(r, "explain", allowed, values)
            rules.append(
                GradingRule(f"grading.{name}.{ids[-1]}", tests, grade, rule_codes, explain)
            )
            r.finish()
        _check_rule_list(
            profile.file,
            profile.path("rules"),
            ids,
            [rule.tests for rule in rules],
            "it is the all-clear verdict when no other rule finds anything wrong",
        )
        profiles[name] = Profile(name, asked, values, tuple(rules))
        profile.finish()
    return profiles


class _Sections:
    """Compiles the rule lists of the files that follow the grading profiles."""

    def __init__(self, profiles: Mapping[str, Profile], codes: Collection[str]) -> None:
        self.conditions = _Conditions({p.name: p.answer_values for p in profiles.values()}, codes)
        self._answer_ids = {qid for p in profiles.values() for qid in p.answer_values}

    def template(
        self, table: Table, name: str, stage: Stage, extra: Collection[str] = ()
    ) -> Template:
        return Template(table, name, placeholders_up_to(stage, extra), self._answer_ids)

    def eligibility(self, file: Table) -> tuple[EligibilityRule, ...]:
        rules: list[EligibilityRule] = []
        ids: list[str] = []
        for r in file.tables("rules"):
            ids.append(r.text("id", pattern=ID_PATTERN))
            tests = self.conditions.compile(r, section="eligibility", max_stage=Stage.BASE)
            eligible = r.flag("eligible")
            exception = r.flag("exception", False)
            if exception and not eligible:
                raise r.error(
                    "exception", "an exception only applies to a rule that makes the unit eligible"
                )
            explain = self.template(r, "explain", Stage.BASE)
            rules.append(
                EligibilityRule(f"eligibility.{ids[-1]}", tests, eligible, exception, explain)
            )
            r.finish()
        _check_rule_list(
            file.file,
            "rules",
            ids,
            [r.tests for r in rules],
            "every unit needs an eligibility verdict",
        )
        return tuple(rules)

    def disposition(self, file: Table) -> tuple[DispositionRule, ...]:
        rules: list[DispositionRule] = []
        ids: list[str] = []
        for r in file.tables("rules"):
            ids.append(r.text("id", pattern=ID_PATTERN))
            tests = self.conditions.compile(r, section="disposition", max_stage=Stage.GRADE)
            action = Disposition(_enum_value(r, "disposition", DISPOSITIONS, "disposition"))
            destination = self.template(r, "destination", Stage.GRADE)
            automatic = r.flag("automatic", False)
            explain = self.template(r, "explain", Stage.DISPOSITION)
            rules.append(
                DispositionRule(
                    f"disposition.{ids[-1]}", tests, action, destination, automatic, explain
                )
            )
            r.finish()
        _check_rule_list(
            file.file,
            "rules",
            ids,
            [r.tests for r in rules],
            "every graded unit needs a disposition",
        )
        return tuple(rules)

    def refund(self, file: Table) -> tuple[Template, tuple[RefundRule, ...]]:
        not_eligible = file.table("not_eligible", required=True)
        deny = self.template(not_eligible, "explain", Stage.DISPOSITION)
        not_eligible.finish()
        rules: list[RefundRule] = []
        ids: list[str] = []
        for r in file.tables("rules"):
            ids.append(r.text("id", pattern=ID_PATTERN))
            tests = self.conditions.compile(r, section="refund", max_stage=Stage.DISPOSITION)
            kind = RefundKind(_enum_value(r, "kind", REFUND_KINDS, "refund kind"))
            fee = r.optional_number("fee_pct")
            if kind is RefundKind.REFUND_LESS_FEE:
                _check_fee(r, fee, tests)
            elif fee is not None:
                raise r.error("fee_pct", "a fee only applies to kind 'refund_less_fee'")
            due_days = r.optional_integer("due_days", low=0, high=365)
            explain = self.template(r, "explain", Stage.DISPOSITION, REFUND_PLACEHOLDERS)
            rules.append(
                RefundRule(f"refund.{ids[-1]}", tests, kind, fee or 0.0, due_days, explain)
            )
            r.finish()
        _check_rule_list(
            file.file,
            "rules",
            ids,
            [r.tests for r in rules],
            "every eligible unit needs a recommendation",
        )
        return deny, tuple(rules)

    def escalations(self, file: Table) -> tuple[EscalationRule, ...]:
        rules: list[EscalationRule] = []
        for r in file.tables("rules"):
            code = r.text("code", pattern=ID_PATTERN)
            if any(e.code == code for e in rules):
                raise r.error("code", f"duplicate escalation code '{code}'")
            tests = self.conditions.compile(r, section="escalation", max_stage=Stage.DISPOSITION)
            if not tests:
                raise r.error("when", "an escalation without conditions would hold every unit")
            explain = self.template(r, "explain", Stage.DISPOSITION)
            rules.append(EscalationRule(code, f"escalation.{code}", tests, explain))
            r.finish()
        return tuple(rules)

    def risk(self, file: Table) -> tuple[RiskFactor, ...]:
        factors: list[RiskFactor] = []
        ids: list[str] = []
        for r in file.tables("factors", required=False):
            ids.append(r.text("id", pattern=ID_PATTERN))
            tests = self.conditions.compile(r, section="risk", max_stage=Stage.ELIGIBLE)
            factors.append(
                RiskFactor(f"risk.{ids[-1]}", tests, r.integer("points", low=-100, high=100))
            )
            r.finish()
        _check_rule_list(file.file, "factors", ids, [f.tests for f in factors], None)
        return tuple(factors)

    def photos(self, file: Table) -> tuple[dict[str, str], tuple[PhotoRule, ...]]:
        catalog = file.table("slots", required=True)
        slots: dict[str, str] = {}
        for name, _raw in catalog.entries():
            if not ID_PATTERN.match(name):
                raise catalog.error(name, f"{name!r} is not a valid photo slot name")
            slots[name] = catalog.text(name)
        rules: list[PhotoRule] = []
        ids: list[str] = []
        for r in file.tables("rules"):
            ids.append(r.text("id", pattern=ID_PATTERN))
            tests = self.conditions.compile(r, section="photo", max_stage=Stage.GRADE)
            rule_slots = r.texts("slots", required=True)
            for i, slot in enumerate(rule_slots):
                if slot not in slots:
                    raise r.error(f"slots[{i}]", f"unknown photo slot {slot!r} (add it to [slots])")
            rules.append(PhotoRule(f"photos.{ids[-1]}", tests, rule_slots))
            r.finish()
        _check_rule_list(file.file, "rules", ids, [r.tests for r in rules], None)
        return slots, tuple(rules)


def _check_fee(rule: Table, fee: float | None, tests: tuple[Test, ...]) -> None:
    """DESIGN §2: at most 10%, and only for units that cannot be resold as new (grade not A)."""
    if fee is None:
        raise rule.error("fee_pct", "required for a refund less restocking fee")
    if fee > MAX_RESTOCKING_FEE_PCT:
        raise rule.error(
            "fee_pct", f"restocking fee {fee:g}% is above the {MAX_RESTOCKING_FEE_PCT:g}% maximum"
        )
    if fee <= 0:
        raise rule.error("fee_pct", f"restocking fee {fee:g}% must be above 0")
    grade_tests = [t for t in tests if t.fact == "grade"]
    if not grade_tests or all(t.accepts(Grade.A.value) for t in grade_tests):
        raise rule.error(
            "when.grade",
            "a restocking fee is only allowed for units that cannot be resold as new: "
            "limit this rule to grades B, C, D or X",
        )


def load(directory: Path) -> PolicyData:
    """Read every policy file in ``directory`` and compile it; raises PolicyError."""
    if not directory.is_dir():
        raise PolicyError(display_path(directory), "", "policy directory not found")
    for path in sorted(directory.glob("*.toml")):
        if path.name not in FILES:
            raise PolicyError(
                display_path(path), "", f"unknown policy file (expected: {', '.join(FILES)})"
            )
    files = {name: _parse_file(directory / name) for name in FILES}
    general = _general(files["policy.toml"], files["eligibility.toml"], files["risk.toml"])
    codes = _damage_codes(files["grading.toml"])
    profiles = _profiles(files["grading.toml"], codes)
    sections = _Sections(profiles, codes)
    eligibility = sections.eligibility(files["eligibility.toml"])
    disposition = sections.disposition(files["disposition.toml"])
    refund_deny, refund = sections.refund(files["refund.toml"])
    escalations = sections.escalations(files["escalation.toml"])
    risk = sections.risk(files["risk.toml"])
    photo_slots, photos = sections.photos(files["photos.toml"])
    for table in files.values():
        table.finish()
    return PolicyData(
        general=general,
        eligibility=eligibility,
        codes=codes,
        profiles=profiles,
        disposition=disposition,
        refund=refund,
        refund_not_eligible=refund_deny,
        escalations=escalations,
        risk=risk,
        photo_slots=photo_slots,
        photos=photos,
    )
