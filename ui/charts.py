"""A plain horizontal bar chart drawn with QPainter.

QtCharts is not part of PySide6-Essentials; the dashboard needs only labelled bars, which
this widget draws in the bench's high-contrast style without the extra 100+ MB package.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme

PALETTE = (
    theme.BLUE,
    theme.GREEN,
    theme.AMBER,
    "#6a3d9a",
    "#1f78b4",
    theme.RED,
    "#33a02c",
    "#b15928",
    theme.GREY,
)


class BarChart(QWidget):
    """Labelled horizontal bars, one per (label, value); the value printed at the bar's end."""

    ROW = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._bars: list[tuple[str, float, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(self, title: str, bars: Sequence[tuple[str, float, str]]) -> None:
        """``bars``: (label, value, value as text)."""
        self._title = title
        self._bars = list(bars)
        self.updateGeometry()
        self.update()

    def bars(self) -> list[tuple[str, float, str]]:
        return list(self._bars)

    def title(self) -> str:
        return self._title

    def sizeHint(self) -> QSize:
        return QSize(420, 40 + self.ROW * max(len(self._bars), 1))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        font = QFont(self.font())
        font.setPointSize(theme.SMALL_PT)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(theme.INK))
        painter.drawText(
            QRectF(8, 4, self.width() - 16, 28), Qt.AlignmentFlag.AlignLeft, self._title
        )
        font.setBold(False)
        painter.setFont(font)
        if not self._bars:
            painter.drawText(
                QRectF(8, 36, self.width() - 16, self.ROW), Qt.AlignmentFlag.AlignLeft, "—"
            )
            return
        label_w = min(220.0, self.width() * 0.38)
        value_w = 90.0
        top = max(v for _l, v, _t in self._bars) or 1.0
        span = max(self.width() - label_w - value_w - 24, 10)
        for i, (name, value, text) in enumerate(self._bars):
            y = 36 + i * self.ROW
            painter.setPen(QColor(theme.INK))
            painter.drawText(
                QRectF(8, y, label_w - 8, self.ROW - 6),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                name,
            )
            width = span * max(value, 0) / top
            painter.fillRect(
                QRectF(label_w + 8, y + 4, width, self.ROW - 12), QColor(PALETTE[i % len(PALETTE)])
            )
            painter.drawText(
                QRectF(label_w + 14 + width, y, value_w, self.ROW - 6),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )
        painter.end()
