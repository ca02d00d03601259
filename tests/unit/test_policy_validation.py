"""A malformed policy is refused at load, naming the file and key: real files in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from station.policy import Policy, PolicyError
from station.policy.engine import DEFAULT_DIRECTORY

Edit = Callable[[str], str]


def replace_first(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, f"test row out of date: {old!r} not in the shipped file"
        return text.replace(old, new, 1)

    return edit


def append(extra: str) -> Edit:
    return lambda text: text + "\n" + extra


def cut_from(marker: str) -> Edit:
    def edit(text: str) -> str:
        assert marker in text, f"test row out of date: {marker!r} not in the shipped file"
        return text[: text.index(marker)]

    return edit


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    target = tmp_path / "policy"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def edit_file(directory: Path, name: str, edit: Edit) -> None:
    path = directory / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


MALFORMED = [
    # (id, file, edit, key, message fragment)
    (
        "unknown key in a rule",
        "disposition.toml",
        replace_first('A-zone"\nautomatic = true', 'A-zone"\nautomatc = true'),
        "rules[3].automatc",
        "unknown key",
    ),
    ("unknown top-level key", "policy.toml", append('colour = "red"'), "colour", "unknown key"),
    (
        "version not a string",
        "policy.toml",
        replace_first('version = "2026.11-1"', "version = 2026"),
        "version",
        "expected a string",
    ),
    (
        "window not an integer",
        "eligibility.toml",
        replace_first("window_days = 30", 'window_days = "30"'),
        "window_days",
        "expected an integer",
    ),
    (
        "grade of a grading rule",
        "grading.toml",
        replace_first('grade = "X"', 'grade = "Q"'),
        "profiles.electronics.rules[0].grade",
        "unknown grade 'Q'",
    ),
    (
        "grade in a condition",
        "disposition.toml",
        replace_first('when.grade = ["C", "D", "X"]', 'when.grade = ["C", "Q"]'),
        "rules[0].when.grade",
        "unknown grade 'Q'",
    ),
    (
        "unknown disposition",
        "disposition.toml",
        replace_first('disposition = "refurbish"', 'disposition = "refurbished"'),
        "rules[5].disposition",
        "unknown disposition 'refurbished'",
    ),
    (
        "unknown reason in a condition",
        "disposition.toml",
        replace_first('when.reason = "defective"', 'when.reason = "broken"'),
        "rules[2].when.reason",
        "unknown reason code 'broken'",
    ),
    (
        "restocking fee above 10%",
        "refund.toml",
        replace_first("fee_pct = 10", "fee_pct = 12"),
        "rules[3].fee_pct",
        "above the 10% maximum",
    ),
    (
        "restocking fee 10.5%",
        "refund.toml",
        replace_first("fee_pct = 10", "fee_pct = 10.5"),
        "rules[3].fee_pct",
        "above the 10% maximum",
    ),
    (
        "restocking fee of 0",
        "refund.toml",
        replace_first("fee_pct = 10", "fee_pct = 0"),
        "rules[3].fee_pct",
        "must be above 0",
    ),
    (
        "restocking fee for grade A",
        "refund.toml",
        replace_first('when.grade = ["B", "C", "D", "X"]', 'when.grade = ["A", "B"]'),
        "rules[3].when.grade",
        "cannot be resold as new",
    ),
    (
        "restocking fee for any grade",
        "refund.toml",
        replace_first('when.grade = ["B", "C", "D", "X"]\n', ""),
        "rules[3].when.grade",
        "cannot be resold as new",
    ),
    (
        "fee on a store credit",
        "refund.toml",
        replace_first('kind = "store_credit"', 'kind = "store_credit"\nfee_pct = 5'),
        "rules[1].fee_pct",
        "only applies to kind 'refund_less_fee'",
    ),
    (
        "unknown refund kind",
        "refund.toml",
        replace_first('kind = "exchange"', 'kind = "swap"'),
        "rules[0].kind",
        "unknown refund kind 'swap'",
    ),
    (
        "no catch-all disposition",
        "disposition.toml",
        cut_from('[[rules]]\nid = "recycle_unsellable"'),
        "rules[21].when",
        "catch-all",
    ),
    (
        "rule after the catch-all",
        "refund.toml",
        append('[[rules]]\nid = "late"\nkind = "deny"\nexplain = "Too late."'),
        "rules[6]",
        "unreachable",
    ),
    (
        "grading profile without all-clear rule",
        "grading.toml",
        cut_from('[[profiles.default.rules]]\nid = "all_clear"'),
        "profiles.default.rules[5].when",
        "catch-all",
    ),
    (
        "question missing from the profile",
        "grading.toml",
        replace_first('when.answer.powers_on = "no"', 'when.answer.power_on = "no"'),
        "profiles.electronics.rules[0].when.answer.power_on",
        "question 'power_on' does not exist in grading profile 'electronics'",
    ),
    (
        "question of another category",
        "eligibility.toml",
        replace_first('when.answer.packaging = "missing"', 'when.answer.tags_attached = "no"'),
        "rules[7].when.answer.tags_attached",
        "does not exist in grading profile 'electronics'",
    ),
    (
        "answer the question does not offer",
        "eligibility.toml",
        replace_first('when.answer.packaging = "missing"', 'when.answer.packaging = "lost"'),
        "rules[7].when.answer.packaging",
        "unknown answer to 'packaging' 'lost'",
    ),
    (
        "unknown fact",
        "disposition.toml",
        replace_first("when.hazmat = true", "when.hazardous = true"),
        "rules[0].when.hazardous",
        "unknown fact 'hazardous'",
    ),
    (
        "fact not known yet",
        "eligibility.toml",
        replace_first("when.returnable = false", 'when.grade = "A"'),
        "rules[2].when.grade",
        "not known yet when eligibility rules run",
    ),
    (
        "flag given a string",
        "disposition.toml",
        replace_first("when.hazmat = true", 'when.hazmat = "yes"'),
        "rules[0].when.hazmat",
        "expected true or false",
    ),
    (
        "unknown operator",
        "escalation.toml",
        replace_first("{ above = 50000 }", "{ over = 50000 }"),
        "rules[7].when.value_cents.over",
        "unknown operator 'over'",
    ),
    (
        "numeric operator on a choice",
        "escalation.toml",
        replace_first(
            'when.disposition = ["write_off", "liquidate"]', "when.disposition = { min = 3 }"
        ),
        "rules[7].when.disposition.min",
        "only applies to numbers",
    ),
    (
        "empty range",
        "risk.toml",
        replace_first("{ min = 20000 }", "{ min = 20000, max = 100 }"),
        "factors[7].when.value_cents",
        "range is empty",
    ),
    (
        "empty array",
        "disposition.toml",
        replace_first('when.grade = ["C", "D", "X"]', "when.grade = []"),
        "rules[0].when.grade",
        "matches nothing",
    ),
    (
        "unknown placeholder",
        "disposition.toml",
        replace_first(
            "Sealed grade A electronics worth {value}", "Sealed electronics worth {price}"
        ),
        "rules[3].explain",
        "unknown placeholder {price}",
    ),
    (
        "placeholder not known yet",
        "eligibility.toml",
        replace_first(
            'explain = "Received {days} days after delivery, within',
            'explain = "Grade {grade}, within',
        ),
        "rules[10].explain",
        "unknown placeholder {grade}",
    ),
    (
        "placeholder with a format",
        "refund.toml",
        replace_first("the full {value} is refunded", "the full {value:>10} is refunded"),
        "rules[2].explain",
        "must not carry a format",
    ),
    (
        "malformed braces",
        "disposition.toml",
        replace_first('explain = "Grade X electronics', 'explain = "Grade X {electronics'),
        "rules[8].explain",
        "malformed placeholder",
    ),
    (
        "unknown damage code",
        "grading.toml",
        replace_first('codes = ["NO_POWER"]', 'codes = ["NO_POWR"]'),
        "profiles.electronics.rules[1].codes[0]",
        "unknown damage code 'NO_POWR'",
    ),
    (
        "badly named damage code",
        "grading.toml",
        replace_first("NO_POWER = {", "no_power = {"),
        "codes.no_power",
        "not a valid damage code",
    ),
    (
        "unknown photo slot",
        "photos.toml",
        replace_first('slots = ["serial_plate"]', 'slots = ["serial"]'),
        "rules[1].slots[0]",
        "unknown photo slot 'serial'",
    ),
    (
        "no default profile",
        "grading.toml",
        lambda text: text.replace("profiles.default.", "profiles.fallback."),
        "profiles",
        "a 'default' profile is required",
    ),
    (
        "duplicate rule id",
        "disposition.toml",
        replace_first('id = "battery_unsellable"', 'id = "hazmat_unsellable"'),
        "rules[1].id",
        "duplicate rule id 'hazmat_unsellable'",
    ),
    (
        "duplicate escalation code",
        "escalation.toml",
        replace_first('code = "serial_mismatch"', 'code = "serial_missing"'),
        "rules[4].code",
        "duplicate escalation code 'serial_missing'",
    ),
    (
        "escalation without conditions",
        "escalation.toml",
        replace_first("when.has_rma = false\n", ""),
        "rules[0].when",
        "would hold every unit",
    ),
    (
        "choice with one option",
        "grading.toml",
        replace_first(
            'options = ["sealed", "opened", "damaged", "missing"]', 'options = ["sealed"]'
        ),
        "profiles.electronics.questions[4].options",
        "2 to 9 options",
    ),
    (
        "yes/no with options",
        "grading.toml",
        replace_first('kind = "yes_no"', 'kind = "yes_no"\noptions = ["yes", "no"]'),
        "profiles.electronics.questions[0].options",
        "takes no options",
    ),
    (
        "unknown question kind",
        "grading.toml",
        replace_first('kind = "yes_no"', 'kind = "boolean"'),
        "profiles.electronics.questions[0].kind",
        "unknown question kind 'boolean'",
    ),
    (
        "duplicate question",
        "grading.toml",
        replace_first('id = "screen_intact"', 'id = "powers_on"'),
        "profiles.electronics.questions[1].id",
        "duplicate question id 'powers_on'",
    ),
    (
        "exception window shorter than the standard one",
        "eligibility.toml",
        replace_first("damaged_in_transit = 90", "damaged_in_transit = 10"),
        "window_exceptions.damaged_in_transit",
        "outside 30..3650",
    ),
    (
        "exception for an unknown reason",
        "eligibility.toml",
        replace_first("defective = 365", "broken = 365"),
        "window_exceptions.broken",
        "unknown reason code 'broken'",
    ),
    (
        "unknown seller-fault reason",
        "policy.toml",
        replace_first('"not_as_described",', '"misdescribed",'),
        "seller_fault_reasons[1]",
        "unknown reason code 'misdescribed'",
    ),
    (
        "exception on an ineligible rule",
        "eligibility.toml",
        replace_first("eligible = false", "eligible = false\nexception = true"),
        "rules[0].exception",
        "only applies to a rule that makes the unit eligible",
    ),
    (
        "risk points out of range",
        "risk.toml",
        replace_first("points = 45", "points = 450"),
        "factors[0].points",
        "outside -100..100",
    ),
    (
        "missing required table",
        "refund.toml",
        replace_first("[not_eligible]", "[not_eligibl]"),
        "not_eligible",
        "required key is missing",
    ),
    (
        "rules not an array of tables",
        "photos.toml",
        lambda text: 'rules = "front"\n' + text[: text.index("[[rules]]")],
        "rules",
        "expected an array of tables",
    ),
]


@pytest.mark.parametrize(
    ("name", "edit", "key", "message"),
    [row[1:] for row in MALFORMED],
    ids=[row[0] for row in MALFORMED],
)
def test_malformed_policy_is_refused(
    policy_dir: Path, name: str, edit: Edit, key: str, message: str
) -> None:
    edit_file(policy_dir, name, edit)
    with pytest.raises(PolicyError) as caught:
        Policy.load(policy_dir)
    error = caught.value
    assert Path(error.file).name == name
    assert error.key == key
    assert message in error.message
    assert str(error) == f"{error.file}: {key}: {error.message}"


def test_unedited_copy_loads(policy_dir: Path) -> None:
    assert Policy.load(policy_dir).version == Policy.default().version


def test_missing_file(policy_dir: Path) -> None:
    (policy_dir / "risk.toml").unlink()
    with pytest.raises(PolicyError, match=r"risk\.toml: policy file is missing"):
        Policy.load(policy_dir)


def test_unknown_file(policy_dir: Path) -> None:
    (policy_dir / "notes.toml").write_text('note = "x"\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"notes\.toml: unknown policy file"):
        Policy.load(policy_dir)


def test_invalid_toml(policy_dir: Path) -> None:
    edit_file(policy_dir, "photos.toml", append("[[rules]\n"))
    with pytest.raises(PolicyError, match=r"photos\.toml: not valid TOML: .*line"):
        Policy.load(policy_dir)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="policy directory not found"):
        Policy.load(tmp_path / "nowhere")


def test_repository_files_are_named_relative_to_the_repository() -> None:
    with pytest.raises(PolicyError) as caught:
        Policy.load(DEFAULT_DIRECTORY.parent / "no-such-policy")
    assert caught.value.file == "resources/no-such-policy"
