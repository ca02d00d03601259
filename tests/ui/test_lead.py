"""Lead mode with real widgets: reassign on the queue board, open a hold from the inbox."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from station import audit
from station.storage.models import OutboxRow, RmaRow
from station.workflow import Step
from tests.ui.conftest import Bench
from tests.ui.test_inspector import _login, _wedge_scan


def _assigned(bench: Bench, rma: str) -> str:
    with bench.db.sessions() as session:
        return session.scalar(select(RmaRow.assigned_bench).where(RmaRow.rma == rma)) or ""


def _show_lead_board(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    _login(bench, qtbot, "B2001", "2468")
    assert window.tabs.isTabVisible(window.tabs.indexOf(window.lead))
    window.tabs.setCurrentWidget(window.lead)
    with qtbot.waitSignal(window.lead.refreshed, timeout=10_000):
        window.lead.refresh()
    bench.wait_idle()


def test_inspectors_do_not_see_lead_tabs(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    _login(bench, qtbot, "B1001", "1234")
    for screen in (window.lead, window.kpi, window.settings):
        assert not window.tabs.isTabVisible(window.tabs.indexOf(screen))


def test_reassign_an_rma_with_the_keyboard(bench: Bench, qtbot: QtBot) -> None:
    _show_lead_board(bench, qtbot)
    lead = bench.window.lead
    unassigned = lead.column("")
    assert unassigned is not None and unassigned.count() > 0
    target = lead.column("bench-02")
    assert target is not None
    number = lead._columns.index(target)
    unassigned.setFocus()
    unassigned.setCurrentRow(0)
    rma = unassigned.currentItem().data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(lead.reassigned, timeout=10_000):
        qtbot.keyClick(unassigned, str(number))
    bench.wait_idle()  # the board re-reads after the move
    assert _assigned(bench, rma) == "bench-02"
    moved = lead.column("bench-02")
    assert moved is not None
    assert rma in [moved.item(i).data(Qt.ItemDataRole.UserRole) for i in range(moved.count())]
    with bench.db.sessions() as session:
        kinds = session.scalars(select(OutboxRow.kind)).all()
        assert "rma.reassigned" in kinds
        assert audit.verify(session) is None
    assert rma in lead.message.text()


def test_reassign_an_rma_by_drag_and_drop(bench: Bench, qtbot: QtBot) -> None:
    _show_lead_board(bench, qtbot)
    lead = bench.window.lead
    source = lead.column("")
    target = lead.column("bench-03")
    assert source is not None and target is not None
    item = source.item(1)
    rma = item.data(Qt.ItemDataRole.UserRole)
    mime = source.mimeData([item])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(lead.reassigned, timeout=10_000) as moved:
        target.dropEvent(drop)
    assert moved.args == [rma, "bench-03"]
    assert _assigned(bench, rma) == "bench-03"


def test_lead_opens_a_parked_hold_from_the_inbox_and_denies_it(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    inspector = window.inspector
    _login(bench, qtbot, "B1001", "1234")
    parcel = next(p for p in bench.parcels() if not p.serial)
    _wedge_scan(qtbot, inspector, parcel.rma)
    bench.wait_step(Step.VERIFY)
    _wedge_scan(qtbot, inspector, parcel.gtin14)
    bench.wait_for(lambda s: s.unit is not None and s.unit.sku is not None)
    qtbot.keyClick(inspector, Qt.Key.Key_F9)
    qtbot.keyClicks(inspector.escalate_box, "seal broken")
    qtbot.keyClick(inspector.escalate_box, Qt.Key.Key_Return)
    bench.wait_step(Step.HOLD)
    with qtbot.waitSignal(bench.services.bench.unitCommitted, timeout=10_000) as parked:
        qtbot.keyClick(inspector, Qt.Key.Key_Return)
    lpn = parked.args[0].lpn
    bench.wait_step(Step.IDENTIFY)
    qtbot.keyClick(window, "l", Qt.KeyboardModifier.ControlModifier)  # log out
    bench.wait_step(Step.LOGIN)

    _show_lead_board(bench, qtbot)
    holds = window.lead.holds
    row = next(
        i for i in range(holds.count()) if holds.item(i).data(Qt.ItemDataRole.UserRole) == lpn
    )
    holds.setFocus()
    holds.setCurrentRow(row)
    assert "seal broken" in window.lead.holds.item(row).text()
    qtbot.keyClick(holds, Qt.Key.Key_Return)
    bench.wait_step(Step.HOLD)
    assert window.tabs.currentWidget() is inspector
    _wedge_scan(qtbot, inspector, "B2001")
    qtbot.keyClicks(inspector.lead_pin, "2468")
    qtbot.keyClick(inspector.lead_pin, "d")
    # Escalated before the checklist: denied, the inspection goes on where it stopped.
    bench.wait_for(lambda s: s.step is not Step.HOLD)
    unit = bench.state.unit
    assert unit is not None and unit.hold_state.value == "denied"
    assert unit.existing_lpn == lpn
    assert inspector.prompt.text().startswith("Denied by Priya Nair.")


def test_the_inspector_sees_the_rmas_waiting_at_this_bench(bench: Bench, qtbot: QtBot) -> None:
    from station import leads
    from station.domain import Operator, Role

    lead = Operator("B2001", "Priya Nair", Role.LEAD)
    for rma in ("RMA-0000010", "RMA-0000011"):
        leads.reassign(bench.db, rma, bench.config.station_id, lead, station="bench-01")
    _login(bench, qtbot, "B1001", "1234")
    inspector = bench.window.inspector
    qtbot.waitUntil(lambda: "RMA-0000011" in inspector.queue_list.text())
    assert inspector.queue_title.text() == "Waiting at this bench: 2"
    assert inspector.queue_list.text().splitlines()[0].startswith("RMA-0000010")
