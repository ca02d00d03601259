"""Lead mode: holds inbox, queue board of all benches with SLA aging, reassignment, throughput.

Reassign an RMA by dragging it onto another bench's column, or with the keyboard: select it
and press the column's number (0 = unassigned). Enter on a held unit opens it at this bench
for a decision. All reads and writes go through ``station.leads`` on the DB executor.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station import leads
from station.config import StationConfig
from station.domain import Operator
from station.photos import PhotoStore
from station.storage.db import Database
from ui import vocab
from ui.ops import SerialExecutor
from ui.widgets import label

log = logging.getLogger(__name__)

RMA_MIME = "application/x-station-rma"
AGING_COLOURS = {
    leads.Aging.OK: "#d8f0de",
    leads.Aging.DUE_SOON: "#ffe2a8",
    leads.Aging.BREACHED: "#f6c3c9",
}


@dataclasses.dataclass(frozen=True, slots=True)
class LeadSnapshot:
    """Everything the lead screen shows, read in one go on the DB executor."""

    holds: tuple[leads.HeldUnit, ...]
    board: tuple[leads.BenchColumn, ...]
    throughput: tuple[leads.Throughput, ...]


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} h" if hours >= 1 else f"{delta.total_seconds() / 60:.0f} min"


class BenchList(QListWidget):
    """One bench's column; accepts RMAs dropped from other columns.

    Signals:
        rmaDropped(str, str): RMA number and this column's bench id.
        benchKey(str, int): RMA selected here and the column number typed (reassign by key).
    """

    rmaDropped = Signal(str, str)
    benchKey = Signal(str, int)

    def __init__(self, bench: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.setObjectName(f"bench_{bench or 'unassigned'}")
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        rmas = [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.data(Qt.ItemDataRole.UserRole + 1) == "rma"
        ]
        data.setData(RMA_MIME, "\n".join(rmas).encode())
        return data

    def mimeTypes(self) -> list[str]:
        return [RMA_MIME]

    def dropEvent(self, event: QDropEvent) -> None:
        payload = bytes(event.mimeData().data(RMA_MIME).data()).decode()
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the board redraws from the database
        event.accept()
        for rma in filter(None, payload.split("\n")):
            self.rmaDropped.emit(rma, self.bench)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        text = event.text()
        if item is not None and text.isdigit() and item.data(Qt.ItemDataRole.UserRole + 1) == "rma":
            self.benchKey.emit(str(item.data(Qt.ItemDataRole.UserRole)), int(text))
            return
        super().keyPressEvent(event)


class LeadScreen(QWidget):
    """Holds inbox, queue board and throughput.

    Signals:
        openHeld(str): the lead wants to decide this held unit (LPN) at this bench.
        reassigned(str, str): an RMA moved to a bench (after the commit).
        refreshed(): the screen shows fresh figures.
    """

    openHeld = Signal(str)
    reassigned = Signal(str, str)
    refreshed = Signal()

    def __init__(
        self,
        executor: SerialExecutor,
        db: Database,
        config: StationConfig,
        *,
        benches: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("leadScreen")
        self._executor = executor
        self._db = db
        self._config = config
        self._benches = tuple(benches) or (config.station_id,)
        self._operator: Operator | None = None
        self._snapshot: LeadSnapshot | None = None
        self._photos = PhotoStore(config.paths.photos)
        self._columns: list[BenchList] = []

        root = QVBoxLayout(self)
        self.message = label("", "caption", wrap=True, name="leadMessage")
        root.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Horizontal)
        root.addWidget(split, 1)

        left = QWidget()
        left_lay = QVBoxLayout(left)
        self.holds_title = label("", "title")
        self.holds = QListWidget()
        self.holds.setObjectName("holdsList")
        self.holds.setWordWrap(True)
        self.holds.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.holds.itemActivated.connect(self._hold_activated)
        self.holds.currentItemChanged.connect(self._hold_selected)
        self.hold_detail = label("", "caption", wrap=True, name="holdDetail")
        self.hold_photos = QHBoxLayout()
        left_lay.addWidget(self.holds_title)
        left_lay.addWidget(self.holds, 2)
        left_lay.addWidget(self.hold_detail)
        left_lay.addLayout(self.hold_photos)
        split.addWidget(left)

        right = QWidget()
        right_lay = QVBoxLayout(right)
        self.board_title = label("", "title")
        self.board_hint = label("", "caption", wrap=True)
        right_lay.addWidget(self.board_title)
        right_lay.addWidget(self.board_hint)
        self.board_area = QScrollArea()
        self.board_area.setWidgetResizable(True)
        self.board_host = QWidget()
        self.board_layout = QHBoxLayout(self.board_host)
        self.board_area.setWidget(self.board_host)
        right_lay.addWidget(self.board_area, 3)
        self.throughput_title = label("", "title")
        self.throughput = label("", "caption", wrap=True, name="throughput")
        right_lay.addWidget(self.throughput_title)
        right_lay.addWidget(self.throughput)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)  # the board needs the room: one column per bench
        self.retranslate()

    def retranslate(self) -> None:
        self.holds_title.setText(self.tr("Holds inbox"))
        self.board_title.setText(self.tr("Queue board"))
        self.board_hint.setText(
            self.tr(
                "Drag an RMA to another bench, or select it and press "
                "the bench number (0 = unassigned). Intake SLA 24 h, "
                "disposition SLA 48 h. Enter on a hold opens it here."
            )
        )
        self.throughput_title.setText(self.tr("Throughput, last 8 hours"))
        if self._snapshot is not None:
            self._show(self._snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_operator(self, operator: Operator | None) -> None:
        self._operator = operator

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        db, benches = self._db, self._benches

        def read() -> LeadSnapshot:
            now = datetime.now(UTC)
            report = leads.kpis(db, now - timedelta(hours=8), now=now)
            return LeadSnapshot(
                tuple(leads.list_holds(db, now=now)),
                tuple(leads.queue_board(db, now=now, benches=benches)),
                report.throughput,
            )

        self._executor.run(read, self._show, owner=self)

    def _show(self, snap: LeadSnapshot) -> None:
        self._snapshot = snap
        selected = self.holds.currentItem()
        keep = selected.data(Qt.ItemDataRole.UserRole) if selected else None
        self.holds.clear()
        for hold in snap.holds:
            item = QListWidgetItem(
                f"{hold.lpn} · {hold.sku} · {_age(hold.age)}\n" + "; ".join(hold.reasons)
            )
            item.setData(Qt.ItemDataRole.UserRole, hold.lpn)
            item.setBackground(QBrush(QColor(AGING_COLOURS[hold.aging])))
            self.holds.addItem(item)
            if hold.lpn == keep:
                self.holds.setCurrentItem(item)
        if not snap.holds:
            self.hold_detail.setText(self.tr("No units on hold."))
        self._show_board(snap.board)
        lines = [
            (
                self.tr("{who}: 1 unit, {rate:.1f} per hour")
                if t.units == 1
                else self.tr("{who}: {units} units, {rate:.1f} per hour")
            ).format(who=t.who, units=t.units, rate=t.units_per_hour)
            for t in snap.throughput
        ]
        self.throughput.setText("\n".join(lines) or self.tr("No units decided yet."))
        self.refreshed.emit()

    def _show_board(self, board: Sequence[leads.BenchColumn]) -> None:
        while self.board_layout.count():
            item = self.board_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not when the event loop gets round to it
                widget.deleteLater()
        self._columns = []
        for number, column in enumerate(board):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            name = column.bench or self.tr("unassigned")
            head = QLabel(
                self.tr("[{number}] {bench}\nwaiting {waiting} · held {held} · late {late}").format(
                    number=number,
                    bench=name,
                    waiting=column.waiting,
                    held=column.held,
                    late=column.breached,
                )
            )
            head.setProperty("role", "caption")
            head.setWordWrap(True)
            head.setObjectName(f"benchHead_{column.bench or 'unassigned'}")
            lst = BenchList(column.bench)
            lst.setMinimumWidth(230)
            lst.setWordWrap(True)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            box.setMinimumWidth(230)
            for entry in column.items:
                text = (
                    f"{entry.key} · {_age(entry.age)}\n{vocab.reason_name(entry.detail)}"
                    if entry.kind == "rma"
                    else f"⚑ {entry.key} · {_age(entry.age)}\n{entry.detail}"
                )
                row = QListWidgetItem(text)
                row.setData(Qt.ItemDataRole.UserRole, entry.key)
                row.setData(Qt.ItemDataRole.UserRole + 1, entry.kind)
                row.setBackground(QBrush(QColor(AGING_COLOURS[entry.aging])))
                if entry.kind != "rma":
                    row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
                lst.addItem(row)
            lst.rmaDropped.connect(self.reassign)
            lst.benchKey.connect(self._reassign_by_number)
            lay.addWidget(head)
            lay.addWidget(lst, 1)
            self.board_layout.addWidget(box)
            self._columns.append(lst)

    def column(self, bench: str) -> BenchList | None:
        return next((c for c in self._columns if c.bench == bench), None)

    # -- actions -------------------------------------------------------------------------------

    def _reassign_by_number(self, rma: str, number: int) -> None:
        if 0 <= number < len(self._columns):
            self.reassign(rma, self._columns[number].bench)

    def reassign(self, rma: str, bench: str) -> None:
        operator = self._operator
        if operator is None:
            return
        db, station = self._db, self._config.station_id

        def done(result: leads.Reassignment) -> None:
            self.message.setText(
                self.tr("{rma} moved from {old} to {new}.").format(
                    rma=result.rma,
                    old=result.from_bench or self.tr("unassigned"),
                    new=result.to_bench or self.tr("unassigned"),
                )
            )
            self.reassigned.emit(result.rma, result.to_bench)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.message.setText(
                str(exc)
                if isinstance(exc, leads.LeadError)
                else self.tr("Not moved: {error}").format(error=exc)
            )

        self._executor.run(
            lambda: leads.reassign(db, rma, bench, operator, station=station),
            done,
            failed,
            owner=self,
        )

    def _hold_activated(self, item: QListWidgetItem) -> None:
        self.openHeld.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _hold_selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        while self.hold_photos.count():
            entry = self.hold_photos.takeAt(0)
            widget = entry.widget() if entry is not None else None
            if widget is not None:
                widget.hide()  # gone now, not when the event loop gets round to it
                widget.deleteLater()
        if item is None or self._snapshot is None:
            return
        lpn = item.data(Qt.ItemDataRole.UserRole)
        hold = next((h for h in self._snapshot.holds if h.lpn == lpn), None)
        if hold is None:
            return
        self.hold_detail.setText(
            self.tr("{lpn} · RMA {rma} · bench {station} · by {operator}\nRules: {rules}").format(
                lpn=hold.lpn,
                rma=hold.rma or "—",
                station=hold.station,
                operator=hold.operator,
                rules=", ".join(hold.rules),
            )
        )
        for sha in hold.photos[:4]:
            path: Path = self._photos.thumb_path_for(sha)
            if not path.exists():
                path = self._photos.path_for(sha)
            pixmap = QPixmap(str(path)) if path.exists() else QPixmap()
            thumb = QLabel()
            if not pixmap.isNull():
                # Four in a row must not take the queue board's room.
                thumb.setPixmap(
                    pixmap.scaledToWidth(104, Qt.TransformationMode.SmoothTransformation)
                )
            self.hold_photos.addWidget(thumb)
