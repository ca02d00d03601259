"""The status bar: operator, device states, sync state and the policy version."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from station.domain import Operator
from ui import vocab
from ui.sync_status import SyncSnapshot

DEVICE_KINDS = ("scanner", "scale", "printer", "camera")
GOOD_STATES = {"connected", "ready", "simulated", "live", "folder"}


def _age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class BenchStatusBar(QStatusBar):
    """Shows who is logged in, each device's state, sync and policy at a glance."""

    def __init__(self, station_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("benchStatusBar")
        self.setSizeGripEnabled(False)
        self._station_name = station_name
        self._operator: Operator | None = None
        self._devices: dict[str, str] = {}
        self._sync: SyncSnapshot | None = None
        self._policy = ""
        self.operator_label = QLabel()
        self.operator_label.setObjectName("statusOperator")
        self.devices_label = QLabel()
        self.devices_label.setObjectName("statusDevices")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("statusSync")
        self.policy_label = QLabel()
        self.policy_label.setObjectName("statusPolicy")
        # Operator and devices get their full text when the window has room; the sync text
        # takes what is left. An explicit minimum width lets each give way on a narrow
        # screen rather than widen the window (long Dutch texts); tooltips hold every text.
        for widget, stretch in ((self.operator_label, 0), (self.devices_label, 0)):
            widget.setMinimumWidth(40)
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            self.addWidget(widget, stretch)
        self.sync_label.setMinimumWidth(40)
        self.sync_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.addWidget(self.sync_label, 1)
        self.policy_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.addPermanentWidget(self.policy_label)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        op = self._operator
        who = f"{op.name} ({op.badge}, {self._role(op.role.value)})" if op else self.tr("nobody")
        self.operator_label.setText(
            self.tr("{station} · operator: {who}").format(station=self._station_name, who=who)
        )
        parts, details = [], []
        for kind in DEVICE_KINDS:
            state = self._devices.get(kind, "")
            mark = "●" if state in GOOD_STATES else "○" if not state else "✖"
            # Only a state that needs attention is spelled out; the tooltip has them all.
            shown = "" if state in ("connected", "ready") else f" ({self._state(state)})"
            parts.append(f"{mark} {self._kind(kind)}{shown}")
            details.append(f"{self._kind(kind)}: {self._state(state)}")
        self.devices_label.setText("  ".join(parts))
        self.devices_label.setToolTip("\n".join(details))
        self.sync_label.setText(self._sync_text())
        self.sync_label.setToolTip(self.sync_label.text())
        self.operator_label.setToolTip(self.operator_label.text())
        bad = self._sync is not None and (
            self._sync.stale or self._sync.rejected > 0 or self._sync.detail == "update needed"
        )
        self.sync_label.setStyleSheet("color: #b00020; font-weight: bold;" if bad else "")
        self.policy_label.setText(self.tr("policy {version}").format(version=self._policy or "—"))

    def _role(self, role: str) -> str:
        return {
            "inspector": self.tr("inspector"),
            "lead": self.tr("lead"),
            "admin": self.tr("admin"),
        }.get(role, role)

    def _kind(self, kind: str) -> str:
        return {
            "scanner": self.tr("scanner"),
            "scale": self.tr("scale"),
            "printer": self.tr("printer"),
            "camera": self.tr("camera"),
        }.get(kind, kind)

    def _state(self, state: str) -> str:
        return vocab.device_state_name(state)

    def _sync_text(self) -> str:
        snap = self._sync
        if snap is None:
            return self.tr("sync: …")
        if not snap.configured:
            where = self.tr("offline (no hub configured)")
        elif snap.online:
            where = self.tr("online")
        else:
            where = self.tr("offline")
        text = self.tr("sync: {where} · pending {count}").format(where=where, count=snap.pending)
        if snap.oldest_age_s is not None:
            text += " · " + self.tr("oldest {age}").format(age=_age(snap.oldest_age_s))
        if snap.rejected:
            text += " · " + self.tr("{count} rejected").format(count=snap.rejected)
        if snap.detail == "update needed":
            text += " · " + self.tr("update needed")
        elif snap.detail:
            text += f" · {snap.detail}"  # the hub's or the network's own words
        return text

    def show_operator(self, operator: Operator | None) -> None:
        if operator != self._operator:
            self._operator = operator
            self.retranslate()

    def show_device(self, kind: str, state: str) -> None:
        self._devices[kind] = state
        self.retranslate()

    def show_sync(self, snapshot: SyncSnapshot) -> None:
        self._sync = snapshot
        self.retranslate()

    def show_policy(self, version: str) -> None:
        if version != self._policy:
            self._policy = version
            self.retranslate()
