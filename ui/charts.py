"""Horizontal bar charts of the KPI dashboard, on QtCharts.

One bar per (label, value); the category label carries the value as text ("restock  42 %"),
so the number is readable at arm's length without hovering. Animations are off: a bench
screen updates every few seconds and must not move under the reader's eyes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme


class BarChart(QChartView):
    """Labelled horizontal bars; ``bars()`` and ``title()`` give back what is plotted."""

    ROW = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 12, 4))
        title_font = QFont()
        title_font.setPointSize(theme.SMALL_PT)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.setTitleBrush(QColor(theme.INK))
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._title = ""
        self._bars: list[tuple[str, float, str]] = []
        self.set_data("", [])

    def set_data(self, title: str, bars: Sequence[tuple[str, float, str]]) -> None:
        """``bars``: (label, value, value as text), drawn top to bottom in this order."""
        self._title = title
        self._bars = list(bars)
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        shown = self._bars or [("—", 0.0, "")]
        # Bottom to top in QtCharts: reverse, so the first bar is at the top.
        categories: list[str] = []
        values = QBarSet("")
        values.setColor(QColor(theme.BLUE))
        values.setBorderColor(QColor(theme.BLUE))
        for name, value, text in reversed(shown):
            category = f"{name}  {text}".strip()
            while category in categories:  # categories must be unique
                category += " "
            categories.append(category)
            values.append(max(float(value), 0.0))
        series = QHorizontalBarSeries()
        series.append(values)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        axis_font = QFont()
        axis_font.setPointSize(theme.SMALL_PT)
        names = QBarCategoryAxis()
        names.append(categories)
        names.setLabelsFont(axis_font)
        names.setLabelsColor(QColor(theme.INK))
        names.setGridLineVisible(False)
        names.setTruncateLabels(False)  # "restock  12", never "…"
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        scale = QValueAxis()
        top = max((v for _n, v, _t in shown), default=0.0)
        scale.setRange(0.0, top * 1.05 if top > 0 else 1.0)
        scale.setLabelsVisible(False)  # the values are in the category labels
        scale.setGridLineColor(QColor("#d0d0d0"))
        chart.addAxis(scale, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(scale)
        self.setMinimumHeight(self.minimumSizeHint().height())
        self.updateGeometry()

    def bars(self) -> list[tuple[str, float, str]]:
        return list(self._bars)

    def title(self) -> str:
        return self._title

    def plotted(self) -> list[tuple[str, float]]:
        """What the chart itself holds, top to bottom: (category label, bar value)."""
        series = self.chart().series()
        if not series:
            return []
        bar_series = series[0]
        assert isinstance(bar_series, QHorizontalBarSeries)
        values = bar_series.barSets()[0]
        axis = next(a for a in self.chart().axes() if isinstance(a, QBarCategoryAxis))
        labels = axis.categories()
        return [(labels[i].strip(), values.at(i)) for i in reversed(range(values.count()))]

    def sizeHint(self) -> QSize:
        return QSize(420, 70 + self.ROW * max(len(self._bars), 1))

    def minimumSizeHint(self) -> QSize:
        return QSize(280, 80 + self.ROW * max(len(self._bars), 1))
