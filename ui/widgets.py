"""Small building blocks shared by the screens: labels with a style role, the step strip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui import vocab

# The progress strip of the inspector screen, in the order a unit goes through.
STRIP_STEPS = ("identify", "verify", "grade", "photos", "disposition", "label")


def label(
    text: str = "", role: str = "", *, wrap: bool = False, name: str = "", data: bool = False
) -> QLabel:
    """A QLabel with a stylesheet role (prompt, error, title, caption, value, key ...).

    ``data=True`` marks a label that shows warehouse data (codes, names, descriptions,
    policy sentences), which the translation test does not expect to change language.
    """
    widget = QLabel(text)
    if data:
        widget.setProperty("i18n", "data")
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return widget


def set_role(widget: QWidget, role: str) -> None:
    """Change a widget's style role and make the stylesheet notice."""
    if widget.property("role") != role:
        widget.setProperty("role", role)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.updateGeometry()  # the new role's font and padding change the size hint


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 12)
    return frame, layout


class StepStrip(QWidget):
    """Identify → Verify → Grade → Photos → Disposition → Label, the current one lit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepStrip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._labels: dict[str, QLabel] = {}
        for step in STRIP_STEPS:
            widget = label("", "step", name=f"step_{step}")
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # Equal shares of the width whatever the language's word lengths.
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(widget, 1)
            self._labels[step] = widget
        self._current = ""
        self._hold = False
        self.retranslate()

    def retranslate(self) -> None:
        for step, widget in self._labels.items():
            number = STRIP_STEPS.index(step) + 1
            widget.setText(f"{number} {vocab.step_name(step)}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_step(self, step: str, *, hold: bool = False) -> None:
        """Light ``step``; earlier steps show as done, a hold lights the current one amber."""
        self._current, self._hold = step, hold
        index = STRIP_STEPS.index(step) if step in STRIP_STEPS else -1
        for i, (_name, widget) in enumerate(self._labels.items()):
            phase = "done" if i < index else "current" if i == index else "todo"
            if phase == "current" and hold:
                phase = "hold"
            if widget.property("phase") != phase:
                widget.setProperty("phase", phase)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def phase(self, step: str) -> str:
        return str(self._labels[step].property("phase") or "todo")
