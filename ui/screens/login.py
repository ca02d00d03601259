"""The login screen: scan a badge (or type it), type the PIN, Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QVBoxLayout, QWidget

from station.events import Login
from station.workflow import BenchState
from ui.prompts import translate_prompt
from ui.widgets import card, label


class LoginScreen(QWidget):
    """Badge then PIN; sends one Login event.

    Signals:
        benchEvent(object): the ``Login`` event.
        keyUsed(str): every key press acted on (for training figures).
    """

    benchEvent = Signal(object)
    keyUsed = Signal(str)

    def __init__(self, station_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginScreen")
        self._station_name = station_name
        self._state: BenchState | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(80, 40, 80, 40)
        root.setSpacing(18)
        self.title = label("", "title", name="loginTitle")
        root.addWidget(self.title)
        self.prompt = label("", "prompt", wrap=True, name="prompt")
        root.addWidget(self.prompt)
        self.error = label("", "error", wrap=True, name="errorBand")
        self.error.hide()
        root.addWidget(self.error)
        frame, lay = card()
        grid = QGridLayout()
        self.badge_caption = label("", "value")
        self.badge = QLineEdit()
        self.badge.setObjectName("badge")
        self.pin_caption = label("", "value")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        grid.addWidget(self.badge_caption, 0, 0)
        grid.addWidget(self.badge, 0, 1)
        grid.addWidget(self.pin_caption, 1, 0)
        grid.addWidget(self.pin, 1, 1)
        lay.addLayout(grid)
        root.addWidget(frame)
        self.hint = label("", "caption", wrap=True, name="loginHint")
        root.addWidget(self.hint)
        root.addStretch(1)
        self.badge.installEventFilter(self)
        self.pin.installEventFilter(self)
        self.setFocusProxy(self.badge)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Returns bench — {station}").format(station=self._station_name))
        self.badge_caption.setText(self.tr("Badge"))
        self.pin_caption.setText(self.tr("PIN"))
        self.badge.setPlaceholderText(self.tr("scan your badge"))
        self.pin.setPlaceholderText(self.tr("type your PIN, then Enter"))
        self.hint.setText(self.tr("F12 changes the language."))
        if self._state is not None:
            self.show_state(self._state)
        else:
            self.prompt.setText(translate_prompt("Scan your badge to log in."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_state(self, state: BenchState) -> None:
        self._state = state
        self.prompt.setText(translate_prompt(state.prompt))
        self.error.setVisible(bool(state.error))
        self.error.setText(translate_prompt(state.error))
        if state.error:
            self.pin.clear()
            self.badge.selectAll()
            self.badge.setFocus(Qt.FocusReason.OtherFocusReason)

    def badge_scanned(self, data: str) -> None:
        """A device scanner read a badge: fill it in and ask for the PIN."""
        self.keyUsed.emit("scan")
        self.badge.setText(data.strip())
        self.pin.clear()
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def reset(self) -> None:
        self.badge.clear()
        self.pin.clear()
        self.badge.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.keyUsed.emit("Enter")
                if watched is self.badge:
                    if self.badge.text().strip():
                        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
                if watched is self.pin:
                    badge, pin = self.badge.text().strip(), self.pin.text()
                    if not badge:
                        self.badge.setFocus(Qt.FocusReason.OtherFocusReason)
                        return True
                    self.pin.clear()
                    self.benchEvent.emit(Login(badge=badge, pin=pin))
                    return True
            elif watched is self.pin and event.text().isprintable() and event.text():
                self.keyUsed.emit("pin")
            elif event.key() == Qt.Key.Key_Escape:
                self.keyUsed.emit("Esc")
                self.reset()
                return True
        return super().eventFilter(watched, event)
