"""Diagnostics for IT: live device events, test scan/weigh/print, serial ports, log, doctor."""

from __future__ import annotations

import json
import logging
import os
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from drivers.events import ScanEvent, WeightEvent
from station.domain import to_jsonable
from ui import vocab
from ui.widgets import label

if TYPE_CHECKING:
    from ui.services import BenchServices

log = logging.getLogger(__name__)


def serial_ports() -> list[str]:
    """Serial ports the OS offers, with USB ids when known."""
    from serial.tools import list_ports

    out = []
    for port in list_ports.comports():
        ids = (
            f" {port.vid:04x}:{port.pid:04x}"
            if port.vid is not None and port.pid is not None
            else ""
        )
        serial = f" sn {port.serial_number}" if port.serial_number else ""
        out.append(f"{port.device}{ids}{serial} {port.description or ''}".strip())
    return out


def doctor_lines(services: BenchServices) -> list[str]:
    """`station doctor` checks, as lines; the database check knows this app holds the lock."""
    from station.doctor import core_checks

    checks: list[Any] = list(core_checks(services.config.source, paths=services.config.paths))
    for module, function in (
        ("drivers.commands", "doctor_checks"),
        ("sync.commands", "doctor_checks"),
    ):
        try:
            mod = __import__(module, fromlist=[function])
        except ImportError:
            continue
        checks.extend(getattr(mod, function)(services.config))
    lines = []
    own = f"(pid {os.getpid()})"
    for check in checks:
        ok = check.ok or (check.name == "database" and own in check.detail)
        detail = "open in this application" if ok and not check.ok else check.detail
        lines.append(f"[{'ok  ' if ok else 'FAIL'}] {check.name}: {detail}")
        if not ok and check.fix:
            lines.append(f"       fix: {check.fix}")
    return lines


class DiagnosticsScreen(QWidget):
    """What IT looks at when a bench misbehaves.

    Signals:
        doctorDone(): the doctor results are shown.
    """

    doctorDone = Signal()

    def __init__(self, services: BenchServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diagnosticsScreen")
        self._services = services
        root = QHBoxLayout(self)
        left = QVBoxLayout()
        right = QVBoxLayout()
        root.addLayout(left, 3)
        root.addLayout(right, 2)
        self.events_title = label("", "title")
        self.events = QPlainTextEdit()
        self.events.setObjectName("deviceEvents")
        self.events.setReadOnly(True)
        self.events.setMaximumBlockCount(500)
        self.last_scan = label("—", "value", wrap=True, name="lastScan", data=True)
        self.last_weight = label("—", "value", name="lastWeight", data=True)
        self.printer_line = label("", "caption", wrap=True, name="printerStatus")
        left.addWidget(self.events_title)
        left.addWidget(self.events, 1)
        grid = QGridLayout()
        self.scan_caption = label("", "caption")
        self.weight_caption = label("", "caption")
        grid.addWidget(self.scan_caption, 0, 0)
        grid.addWidget(self.last_scan, 0, 1)
        grid.addWidget(self.weight_caption, 1, 0)
        grid.addWidget(self.last_weight, 1, 1)
        grid.setColumnStretch(1, 1)  # captions in one line, the values take the rest
        # A long scanned code must not push the results column off the screen.
        self.last_scan.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        left.addLayout(grid)
        left.addWidget(self.printer_line)
        buttons = QGridLayout()
        self.print_test = QPushButton()
        self.print_test.setObjectName("printTest")
        self.print_test.clicked.connect(self.print_test_label)
        self.ports_button = QPushButton()
        self.ports_button.setObjectName("listPorts")
        self.ports_button.clicked.connect(self.list_ports)
        self.doctor_button = QPushButton()
        self.doctor_button.setObjectName("runDoctor")
        self.doctor_button.clicked.connect(self.run_doctor)
        self.log_button = QPushButton()
        self.log_button.setObjectName("showLog")
        self.log_button.clicked.connect(self.show_log)
        for i, b in enumerate(
            (self.print_test, self.ports_button, self.doctor_button, self.log_button)
        ):
            buttons.addWidget(b, i // 2, i % 2)
        left.addLayout(buttons)
        self.output_title = label("", "title")
        self.output = QPlainTextEdit()
        self.output.setObjectName("diagnosticsOutput")
        self.output.setReadOnly(True)
        right.addWidget(self.output_title)
        right.addWidget(self.output, 1)
        self.retranslate()

        self._doctor_ran = False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # IT opens this tab to find out what is wrong: the checks run at once, not on request.
        super().showEvent(event)
        if not self._doctor_ran:
            self._doctor_ran = True
            self.run_doctor()

    def retranslate(self) -> None:
        self.events_title.setText(self.tr("Device events (live)"))
        self.scan_caption.setText(self.tr("Test scan: scan any code"))
        self.weight_caption.setText(self.tr("Test weigh: put a weight on the scale"))
        self.print_test.setText(self.tr("Print test label"))
        self.ports_button.setText(self.tr("Serial ports"))
        self.doctor_button.setText(self.tr("Run doctor"))
        self.log_button.setText(self.tr("Show log"))
        self.output_title.setText(self.tr("Results"))
        self.printer_line.setText(
            self.tr("Printer: {state}").format(
                state=vocab.device_state_name(self._services.devices.status.get("printer", ""))
            )
        )

    def show_device_event(self, event: object) -> None:
        record = to_jsonable(event)
        record["event"] = type(event).__name__
        self.events.appendPlainText(json.dumps(record, ensure_ascii=False, default=str))
        if isinstance(event, ScanEvent):
            self.last_scan.setText(event.data.replace("\x1d", "<GS>"))
        elif isinstance(event, WeightEvent):
            self.last_weight.setText(
                f"{event.grams:,.1f} g" if event.grams is not None else event.state.value
            )

    def show_print_event(self, lpn: str, kind: str, message: str) -> None:
        self.events.appendPlainText(
            json.dumps(
                {"event": "print", "lpn": lpn, "kind": kind, "message": message}, ensure_ascii=False
            )
        )
        self.printer_line.setText(self.tr("Printer: {state}").format(state=message))

    def _write(self, lines: list[str]) -> None:
        self.output.setPlainText("\n".join(lines))

    def print_test_label(self) -> None:
        from station.labels import LabelData, render_zpl

        services = self._services
        config = services.config
        zpl = render_zpl(
            LabelData(
                lpn="LPN0000000000",
                rma="TEST",
                sku="TEST-LABEL",
                description="Test label",
                grade="A",
                disposition="TEST",
                destination="-",
                date=date.today().isoformat(),
                operator="IT",
                station=config.station_id,
            ),
            dpi=config.label_dpi,
        )
        if services.printing.queue is None:
            self._write([self.tr("No print queue in this build.")])
            return
        services.db_executor.run(
            lambda: services.printing.test_print(zpl),
            lambda job: self._write([self.tr("Test label queued: job {job}").format(job=job)]),
            lambda exc: self._write([str(exc)]),
            owner=self,
        )

    def list_ports(self) -> None:
        self._services.render_executor.run(
            serial_ports,
            lambda ports: self._write(ports or [self.tr("No serial ports found.")]),
            owner=self,
        )

    def run_doctor(self) -> None:
        services = self._services
        self._write([self.tr("Running checks…")])

        def shown(lines: list[str]) -> None:
            self._write(lines)
            self.doctorDone.emit()

        services.render_executor.run(
            lambda: doctor_lines(services),
            shown,
            lambda exc: self._write([f"doctor failed: {exc}"]),
            owner=self,
        )

    def show_log(self) -> None:
        recent = self._services.recent_log
        self._write(recent.tail(200) if recent is not None else [self.tr("No log in memory.")])
