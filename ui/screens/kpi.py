"""KPI dashboard: each DESIGN §3 figure against its target, mixes as bars, CSV export."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station import leads
from station.storage.db import Database
from ui import vocab
from ui.charts import BarChart
from ui.i18n import QT_TRANSLATE_NOOP
from ui.ops import SerialExecutor
from ui.widgets import card, label, set_role

PERIODS = (("today", 24), ("week", 24 * 7), ("month", 24 * 30))


UNITS = {"units/h": QT_TRANSLATE_NOOP("KpiScreen", "units/h")}


def _unit(unit: str) -> str:
    return QCoreApplication.translate("KpiScreen", UNITS[unit]) if unit in UNITS else unit


def _value_text(k: leads.Kpi) -> str:
    if k.value is None:
        return "—"
    if k.unit == "%":
        return f"{k.value * 100:.1f}%"
    if k.unit == "EUR":
        return f"€ {k.value:,.0f}"
    return f"{k.value:,.1f} {_unit(k.unit)}"


def _target_text(k: leads.Kpi) -> str:
    if k.target is None:
        return ""
    sign = "≥" if k.higher_is_better else "≤"
    if k.unit == "%":
        return f"{sign} {k.target * 100:.0f}%"
    return f"{sign} {k.target:,.0f} {_unit(k.unit)}"


class KpiScreen(QWidget):
    """The dashboard.

    Signals:
        refreshed(): new figures are shown.
    """

    refreshed = Signal()

    def __init__(
        self, executor: SerialExecutor, db: Database, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kpiScreen")
        self._executor = executor
        self._db = db
        self.report: leads.KpiReport | None = None
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.title = label("", "title")
        self.period = QComboBox()
        self.period.setObjectName("kpiPeriod")
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period.addItems(["", "", ""])
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("kpiRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton()
        self.export_button.setObjectName("kpiExport")
        self.export_button.clicked.connect(self._export_clicked)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.period)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.export_button)
        outer.addLayout(bar)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        host = QWidget()
        scroll.setWidget(host)
        outer.addWidget(scroll, 1)
        body = QVBoxLayout(host)
        self.tiles_grid = QGridLayout()
        body.addLayout(self.tiles_grid)
        self.tiles: dict[str, tuple[QWidget, QLabel, QLabel, QLabel]] = {}
        charts = QGridLayout()
        self.mix_chart = BarChart()
        self.kg_chart = BarChart()
        self.refund_chart = BarChart()
        self.sku_chart = BarChart()
        for i, chart in enumerate(
            (self.mix_chart, self.kg_chart, self.refund_chart, self.sku_chart)
        ):
            charts.addWidget(chart, i // 2, i % 2)
        body.addLayout(charts)
        self.reasons_title = label("", "title", wrap=True)
        body.addWidget(self.reasons_title)
        self.reasons = QTableWidget(0, 5)
        self.reasons.setObjectName("reasonsTable")
        self.reasons.setMinimumHeight(260)
        body.addWidget(self.reasons)
        self.empty = label("", "caption", wrap=True, name="kpiEmpty")
        body.addWidget(self.empty)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("KPI dashboard"))
        for i, text in enumerate(
            (self.tr("Last 24 hours"), self.tr("Last 7 days"), self.tr("Last 30 days"))
        ):
            self.period.setItemText(i, text)
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export CSV"))
        self.reasons_title.setText(
            self.tr("Top return reasons per SKU and supplier (⚑ = conformity issues above 2%)")
        )
        self.reasons.setHorizontalHeaderLabels(
            [
                self.tr("SKU / supplier"),
                self.tr("Reason"),
                self.tr("Units"),
                self.tr("Share"),
                self.tr("Flag"),
            ]
        )
        if self.report is not None:
            self._show(self.report)

    def _kpi_name(self, key: str) -> str:
        names = {
            "units_per_hour": self.tr("Units per hour"),
            "receipt_to_decision_h": self.tr("Receipt to decision (median)"),
            "restock_rate": self.tr("Restock rate"),
            "automatic_rate": self.tr("Automatic decisions"),
            "override_rate": self.tr("Overrides"),
            "escalation_rate": self.tr("Escalations"),
            "weight_mismatch_rate": self.tr("Weight mismatches"),
            "damaged_share": self.tr("Damaged"),
            "unsellable_share": self.tr("Unsellable (grade X)"),
            "refund_share": self.tr("Refunds (vs store credit)"),
            "recovered_value": self.tr("Recovered value"),
            "kg_diverted": self.tr("Diverted from landfill"),
        }
        return names.get(key, key)

    def refresh(self) -> None:
        hours = PERIODS[max(self.period.currentIndex(), 0)][1]
        db = self._db

        def read() -> leads.KpiReport:
            now = datetime.now(UTC)
            return leads.kpis(db, now - timedelta(hours=hours), now=now)

        self._executor.run(read, self._show, owner=self)

    def _show(self, report: leads.KpiReport) -> None:
        self.report = report
        for i, k in enumerate(report.kpis):
            tile = self.tiles.get(k.key)
            if tile is None:
                # Tiles are made once and updated: rebuilding them inside a scroll area
                # leaves the area sized for the old content.
                frame, lay = card()
                frame.setObjectName(f"kpi_{k.key}")
                tile = (
                    frame,
                    label("", "caption", wrap=True, name=f"kpiName_{k.key}"),
                    label("", "value", name=f"kpiValue_{k.key}", data=True),
                    label("", "caption", name=f"kpiTarget_{k.key}"),
                )
                for w in tile[1:]:
                    lay.addWidget(w)
                self.tiles_grid.addWidget(frame, i // 3, i % 3)
                self.tiles[k.key] = tile
            _frame, name, value, target = tile
            name.setText(self._kpi_name(k.key))
            value.setText(_value_text(k))
            target.setText(
                self.tr("target {target}").format(target=_target_text(k))
                if k.target is not None
                else ""
            )
            set_role(value, "value" if k.on_target is None else "ok" if k.on_target else "bad")
        self.mix_chart.set_data(
            self.tr("Disposition mix (units)"),
            [
                (vocab.disposition_name(k) if k != "none" else "—", float(v), str(v))
                for k, v in sorted(report.disposition_mix.items(), key=lambda kv: -kv[1])
            ],
        )
        self.kg_chart.set_data(
            self.tr("Weight by disposition stream (kg)"),
            [
                (vocab.disposition_name(k) if k != "none" else "—", v, f"{v:,.1f}")
                for k, v in sorted(report.kg_by_stream.items(), key=lambda kv: -kv[1])
            ],
        )
        self.refund_chart.set_data(
            self.tr("Refund vs store credit (units)"),
            [
                (vocab.refund_name(k) if k != "none" else "—", float(v), str(v))
                for k, v in sorted(report.refund_mix.items(), key=lambda kv: -kv[1])
            ],
        )
        self.sku_chart.set_data(
            self.tr("Throughput per operator (units/h)"),
            [
                (t.who, t.units_per_hour, f"{t.units_per_hour:.1f}")
                for t in report.throughput
                if t.kind == "operator"
            ],
        )
        rows = [(c, "sku") for c in report.reasons_by_sku[:15]] + [
            (c, "supplier") for c in report.reasons_by_supplier[:10]
        ]
        self.reasons.setRowCount(len(rows))
        for r, (c, _kind) in enumerate(rows):
            cells = (
                c.key,
                vocab.reason_name(c.reason)
                if c.reason != "unexpected_item"
                else self.tr("unexpected item"),
                str(c.units),
                f"{c.share * 100:.1f}%",
                "⚑" if c.flagged else "",
            )
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.reasons.setItem(r, col, cell)
        self.reasons.resizeColumnsToContents()
        self.empty.setText("" if report.units else self.tr("No units decided in this period."))
        self.refreshed.emit()

    def export_csv(self, path: Path) -> int:
        """Write the shown report as CSV; returns the number of data rows."""
        if self.report is None:
            return 0
        rows = self.report.csv_rows()
        with path.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(rows)
        return len(rows) - 1

    def _export_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export KPIs"), "kpis.csv", "CSV (*.csv)"
        )
        if name:
            self.export_csv(Path(name))
