"""The demo's "Simulate" panel: buttons that act as scanner, scale and camera.

Every button produces exactly what a real device produces — a ``drivers.events`` value
delivered through the device bridge, or a photo request — so a new user can try the whole
flow without hardware and the rest of the application cannot tell the difference.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import exists, func, select

from drivers.events import ScanEvent, WeightEvent, WeightState
from station.storage.db import Database
from station.storage.models import RmaLineRow, RmaRow, SkuGtinRow, SkuRow, UnitRow
from ui.devices import DeviceBridge, now
from ui.ops import SerialExecutor

GS = "\x1d"


@dataclasses.dataclass(frozen=True, slots=True)
class DemoParcel:
    """An RMA waiting in the demo data, with what its item's labels and weight say."""

    rma: str
    order: str
    sku: str
    description: str
    gtin14: str
    serial: str
    weight_g: float | None
    tolerance_g: float | None

    @property
    def item_code(self) -> str:
        """What scanning the item gives: GS1 DataMatrix with the serial, or the bare GTIN."""
        if self.serial:
            return f"]d2{GS}01{self.gtin14}21{self.serial}"
        return self.gtin14


def demo_parcels(db: Database, *, limit: int = 30, today: date | None = None) -> list[DemoParcel]:
    """Open single-line RMAs inside the return window that no unit was inspected for."""
    today = today or date.today()
    one_line = (
        select(RmaLineRow.rma).group_by(RmaLineRow.rma).having(func.count() == 1).scalar_subquery()
    )
    with db.sessions() as session:
        rows = session.execute(
            select(
                RmaRow.rma,
                RmaRow.order_number,
                RmaLineRow.sku,
                RmaLineRow.serial,
                SkuRow.description,
                SkuRow.weight_g,
                SkuRow.weight_tolerance_g,
                func.min(SkuGtinRow.gtin),
            )
            .join(RmaLineRow, RmaLineRow.rma == RmaRow.rma)
            .join(SkuRow, SkuRow.sku == RmaLineRow.sku)
            .join(SkuGtinRow, SkuGtinRow.sku == SkuRow.sku)
            .where(
                RmaRow.status == "open",
                RmaRow.rma.in_(one_line),
                RmaRow.delivered_on >= today - timedelta(days=25),
                SkuRow.returnable.is_(True),
                ~exists().where(UnitRow.rma == RmaRow.rma),
            )
            .group_by(RmaRow.rma)
            .order_by(RmaRow.rma)
            .limit(limit)
        ).all()
    return [
        DemoParcel(
            rma=r[0],
            order=r[1],
            sku=r[2],
            serial=r[3],
            description=r[4],
            weight_g=r[5],
            tolerance_g=r[6],
            gtin14=r[7],
        )
        for r in rows
    ]


class SimulatePanel(QGroupBox):
    """Simulated scanner, scale and camera for demo and training.

    Signals:
        photoRequested(): take a test-pattern photo for the current slot.
    """

    photoRequested = Signal()

    def __init__(
        self,
        bridge: DeviceBridge,
        executor: SerialExecutor,
        db: Database,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("simulatePanel")
        self._bridge = bridge
        self._executor = executor
        self._db = db
        self._parcels: list[DemoParcel] = []
        layout = QVBoxLayout(self)
        self.parcel = QComboBox()
        self.parcel.setObjectName("simParcel")
        self.parcel.setProperty("i18n", "data")
        layout.addWidget(self.parcel)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(
            ("scan_rma", "scan_item", "weigh", "weigh_light", "lift", "photo", "next", "refresh")
        ):
            button = QPushButton()
            button.setObjectName(f"sim_{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard on the bench
            grid.addWidget(button, i, 0)
            self.buttons[key] = button
        layout.addLayout(grid)
        self.free_text = QLineEdit()
        self.free_text.setObjectName("simFreeText")
        self.send_text = QPushButton()
        self.send_text.setObjectName("sim_send")
        self.send_text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.free_text)
        layout.addWidget(self.send_text)
        layout.addStretch(1)
        self.buttons["scan_rma"].clicked.connect(lambda: self._scan_parcel("rma"))
        self.buttons["scan_item"].clicked.connect(lambda: self._scan_parcel("item"))
        self.buttons["weigh"].clicked.connect(lambda: self._weigh(1.0))
        self.buttons["weigh_light"].clicked.connect(lambda: self._weigh(0.4))
        self.buttons["lift"].clicked.connect(self._lift)
        self.buttons["photo"].clicked.connect(self.photoRequested.emit)
        self.buttons["next"].clicked.connect(self._next)
        self.buttons["refresh"].clicked.connect(self.refresh)
        self.send_text.clicked.connect(self._send_text)
        self.free_text.returnPressed.connect(self._send_text)
        bridge.set_status("scanner", "simulated")
        bridge.set_status("scale", "simulated")
        bridge.set_status("camera", "simulated")
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Simulate devices (demo)"))
        texts = {
            "scan_rma": self.tr("Scan RMA label"),
            "scan_item": self.tr("Scan item barcode"),
            "weigh": self.tr("Scale: item weight"),
            "weigh_light": self.tr("Scale: light box"),
            "lift": self.tr("Scale: lift off"),
            "photo": self.tr("Camera: test photo"),
            "next": self.tr("Next parcel"),
            "refresh": self.tr("Reload parcels"),
        }
        for key, button in self.buttons.items():
            button.setText(texts[key])
        self.free_text.setPlaceholderText(self.tr("any code, e.g. B2001 or RMA-0000001"))
        self.send_text.setText(self.tr("Scan this text"))

    def refresh(self) -> None:
        db = self._db
        self._executor.run(lambda: demo_parcels(db), self._show_parcels, owner=self)

    def _show_parcels(self, parcels: list[DemoParcel]) -> None:
        self._parcels = parcels
        self.parcel.clear()
        for p in parcels:
            self.parcel.addItem(f"{p.rma} · {p.sku} · {p.description[:28]}")

    def current(self) -> DemoParcel | None:
        index = self.parcel.currentIndex()
        return self._parcels[index] if 0 <= index < len(self._parcels) else None

    def _next(self) -> None:
        if self.parcel.count():
            self.parcel.setCurrentIndex((self.parcel.currentIndex() + 1) % self.parcel.count())

    def scan(self, data: str) -> None:
        """Deliver ``data`` as the simulated serial scanner would."""
        symbology = data[:3] if data.startswith("]") else ""
        self._bridge.deliver(
            ScanEvent(device="sim-scanner", data=data, symbology=symbology, kind="serial", at=now())
        )

    def weigh(self, grams: float) -> None:
        """A load settles on the simulated scale: a motion reading, then a settled one."""
        self._bridge.deliver(
            WeightEvent(
                device="sim-scale", grams=None, unit="g", state=WeightState.MOTION, raw="", at=now()
            )
        )
        self._bridge.deliver(
            WeightEvent(
                device="sim-scale",
                grams=grams,
                unit="g",
                state=WeightState.STABLE,
                raw=f"{grams:.1f} g",
                at=now(),
                settled=True,
            )
        )

    def _scan_parcel(self, what: str) -> None:
        parcel = self.current()
        if parcel is not None:
            self.scan(parcel.rma if what == "rma" else parcel.item_code)

    def _weigh(self, share: float) -> None:
        parcel = self.current()
        if parcel is not None:
            self.weigh(round((parcel.weight_g or 500.0) * share, 1))

    def _lift(self) -> None:
        self._bridge.deliver(
            WeightEvent(
                device="sim-scale", grams=None, unit="g", state=WeightState.MOTION, raw="", at=now()
            )
        )

    def _send_text(self) -> None:
        text = self.free_text.text().strip()
        if text:
            self.scan(text)
            self.free_text.clear()
