"""The inspector screen driven like a bench: scanner and keyboard only, real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station.domain import QuestionKind
from station.workflow import BenchState, Step, UnitRecord
from tests.ui.conftest import Bench
from ui.simulate import DemoParcel


def _login(bench: Bench, qtbot: QtBot, badge: str, pin: str) -> None:
    login = bench.window.login
    qtbot.keyClicks(login.badge, badge)  # a wedge scanner types into the focused field
    qtbot.keyClick(login.badge, Qt.Key.Key_Return)
    qtbot.keyClicks(login.pin, pin)
    qtbot.keyClick(login.pin, Qt.Key.Key_Return)
    bench.wait_step(Step.IDENTIFY)


def _wedge_scan(qtbot: QtBot, widget: object, code: str) -> None:
    """A USB keyboard-wedge scanner: the whole code in one burst, then Enter."""
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def _answer_checklist_with_keys(bench: Bench, qtbot: QtBot, *, good: bool = True) -> None:
    inspector = bench.window.inspector
    for _ in range(20):
        state = bench.state
        if state.step is not Step.GRADE or state.question is None:
            return
        q = state.question
        answered = len(state.unit.answers) if state.unit else 0
        key = ("y" if good else "n") if q.kind is QuestionKind.YES_NO else "1"
        qtbot.keyClick(inspector, key)

        def answered_it(s: BenchState, n: int = answered) -> bool:
            return (
                s.unit is None
                or len(s.unit.answers) > n
                or s.step is not Step.GRADE
                or bool(s.error)
            )

        bench.wait_for(answered_it)
        assert not bench.state.error, bench.state.error


def _take_photos_with_key(bench: Bench, qtbot: QtBot) -> None:
    inspector = bench.window.inspector
    for _ in range(12):
        state = bench.state
        if state.step is not Step.PHOTOS:
            return
        taken = len(state.unit.photos) if state.unit else 0
        qtbot.keyClick(inspector, "p")

        def took_it(s: BenchState, n: int = taken) -> bool:
            return (s.unit is not None and len(s.unit.photos) > n) or s.step is not Step.PHOTOS

        bench.wait_for(took_it)


def _first(parcels: list[DemoParcel], *, serialized: bool) -> DemoParcel:
    return next(p for p in parcels if bool(p.serial) == serialized)


def test_a_unit_completed_with_scanner_and_keyboard_only(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    inspector = window.inspector
    scans = 0
    _login(bench, qtbot, "B1001", "1234")
    scans += 1  # the badge
    assert window.pages.currentWidget() is window.tabs
    parcel = _first(bench.parcels(), serialized=True)

    _wedge_scan(qtbot, inspector, parcel.rma)
    scans += 1
    bench.wait_step(Step.VERIFY)
    assert inspector.verify_rma_head.text().startswith(parcel.rma)
    # The item's GS1 DataMatrix (GTIN + serial) through the serial scanner, then the scale.
    window.simulate.scan(parcel.item_code)
    scans += 1
    bench.wait_for(lambda s: s.unit is not None and s.unit.sku is not None)
    assert inspector.verify_rows["serial"][2].text() == parcel.serial
    window.simulate.weigh(parcel.weight_g or 500.0)
    bench.wait_step(Step.GRADE)
    assert inspector.strip.phase("grade") == "current"
    assert inspector.strip.phase("verify") == "done"

    _answer_checklist_with_keys(bench, qtbot)
    _take_photos_with_key(bench, qtbot)
    bench.wait_step(Step.DISPOSITION)
    assert inspector.disp_value.text(), "the suggested disposition is shown"
    assert not inspector.disp_held.isVisible()

    with qtbot.waitSignal(bench.services.bench.unitCommitted, timeout=10_000) as committed:
        qtbot.keyClick(inspector, Qt.Key.Key_Return)
    record = committed.args[0]
    assert isinstance(record, UnitRecord)
    assert not record.held and record.disposition
    bench.wait_step(Step.IDENTIFY)
    assert inspector.last_lpn.text() == record.lpn
    assert inspector.strip.phase("label") == "current"
    assert inspector.strip.phase("disposition") == "done"
    qtbot.waitUntil(lambda: not inspector.label_preview.pixmap().isNull(), timeout=20_000)
    qtbot.waitUntil(lambda: inspector.print_status.text() == "Label printed", timeout=10_000)
    assert list(bench.config.paths.labels.glob("*.zpl")), "the demo printer writes label files"
    keys = [k for k in bench.keys if k not in ("scan",)]
    print(
        f"\nunit {record.lpn} ({record.disposition}) completed with {scans} scans and "
        f"{len(keys)} key presses: {' '.join(keys)}"
    )
    assert set(keys) <= {"Enter", "pin", "Y", "N", "P", "1", "2", "3", "4"}, keys


def test_a_hold_is_approved_by_a_lead_at_the_bench(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    inspector = window.inspector
    _login(bench, qtbot, "B1002", "2345")
    parcel = _first(bench.parcels(), serialized=False)
    _wedge_scan(qtbot, inspector, parcel.rma)
    bench.wait_step(Step.VERIFY)
    _wedge_scan(qtbot, inspector, parcel.gtin14)
    bench.wait_for(lambda s: s.unit is not None and s.unit.sku is not None)
    window.simulate.weigh(round((parcel.weight_g or 500.0) * 0.4, 1))  # a box far too light
    bench.wait_for(lambda s: s.step is not Step.VERIFY)
    _answer_checklist_with_keys(bench, qtbot)
    _take_photos_with_key(bench, qtbot)
    bench.wait_step(Step.DISPOSITION)
    assert inspector.disp_held.isVisible(), "the inspector sees the unit will be held"
    qtbot.keyClick(inspector, Qt.Key.Key_Return)
    bench.wait_step(Step.HOLD)
    assert inspector.strip.phase("disposition") == "hold"
    assert "weight" in " ".join(e.code for e in bench.state.escalations)

    # The lead scans their badge at this bench, types the PIN and presses A.
    _wedge_scan(qtbot, inspector, "B2001")
    qtbot.waitUntil(lambda: inspector.lead_pin.hasFocus())
    assert inspector.lead_badge.text() == "B2001"
    qtbot.keyClicks(inspector.lead_pin, "2468")
    with qtbot.waitSignal(bench.services.bench.unitCommitted, timeout=10_000) as committed:
        qtbot.keyClick(inspector.lead_pin, "a")
    record = committed.args[0]
    assert record.hold_state == "approved" and not record.held
    bench.wait_step(Step.IDENTIFY)
    assert inspector.lead_pin.text() == "" and inspector.lead_badge.text() == ""


def test_a_wrong_lead_pin_shows_what_to_do_and_keeps_the_hold(bench: Bench, qtbot: QtBot) -> None:
    inspector = bench.window.inspector
    _login(bench, qtbot, "B1001", "1234")
    parcel = _first(bench.parcels(), serialized=False)
    _wedge_scan(qtbot, inspector, parcel.rma)
    bench.wait_step(Step.VERIFY)
    _wedge_scan(qtbot, inspector, parcel.gtin14)
    bench.wait_for(lambda s: s.unit is not None and s.unit.sku is not None)
    qtbot.keyClick(inspector, Qt.Key.Key_F9)
    assert inspector.escalate_box.isVisible()
    qtbot.keyClicks(inspector.escalate_box, "box smells of smoke")
    qtbot.keyClick(inspector.escalate_box, Qt.Key.Key_Return)
    bench.wait_step(Step.HOLD)
    _wedge_scan(qtbot, inspector, "B2001")
    qtbot.keyClicks(inspector.lead_pin, "0000")
    qtbot.keyClick(inspector.lead_pin, "d")
    bench.wait_for(lambda s: bool(s.error))
    assert bench.state.step is Step.HOLD
    assert inspector.error.isVisible() and "PIN" in inspector.error.text()
    # Enter parks the unit; the bench is ready for the next parcel.
    with qtbot.waitSignal(bench.services.bench.unitCommitted, timeout=10_000) as parked:
        qtbot.keyClick(inspector, Qt.Key.Key_Return)
    assert parked.args[0].held
    bench.wait_step(Step.IDENTIFY)
    assert bench.state.held_count >= 1


def test_esc_cancels_and_an_unknown_scan_says_what_to_do(bench: Bench, qtbot: QtBot) -> None:
    inspector = bench.window.inspector
    _login(bench, qtbot, "B1001", "1234")
    _wedge_scan(qtbot, inspector, "RMA-9999999")
    bench.wait_for(lambda s: bool(s.error))
    assert inspector.error.isVisible()
    assert "Scan the item itself" in inspector.error.text()
    parcel = bench.parcels()[0]
    _wedge_scan(qtbot, inspector, parcel.rma)
    bench.wait_step(Step.VERIFY)
    assert not inspector.error.isVisible()
    qtbot.keyClick(inspector, Qt.Key.Key_Escape)
    bench.wait_step(Step.IDENTIFY)
    assert bench.state.unit is None


def test_override_with_number_key_and_typed_reason(bench: Bench, qtbot: QtBot) -> None:
    inspector = bench.window.inspector
    _login(bench, qtbot, "B1001", "1234")
    parcel = _first(bench.parcels(), serialized=True)
    _wedge_scan(qtbot, inspector, parcel.rma)
    bench.wait_step(Step.VERIFY)
    bench.window.simulate.scan(parcel.item_code)
    bench.window.simulate.weigh(parcel.weight_g or 500.0)
    bench.wait_step(Step.GRADE)
    _answer_checklist_with_keys(bench, qtbot)
    _take_photos_with_key(bench, qtbot)
    bench.wait_step(Step.DISPOSITION)
    qtbot.keyClick(inspector, "d")
    qtbot.waitUntil(inspector.chooser.isVisible)
    qtbot.keyClick(inspector.chooser, "5")  # donate
    assert inspector.chooser_reason.hasFocus()
    qtbot.keyClicks(inspector.chooser_reason, "charity pallet this week")
    qtbot.keyClick(inspector.chooser_reason, Qt.Key.Key_Return)
    bench.wait_for(lambda s: s.unit is not None and s.unit.override is not None)
    assert bench.state.unit is not None and bench.state.unit.override == (
        "donate",
        "charity pallet this week",
    )
    assert inspector.disp_value.text() == "DONATE"
