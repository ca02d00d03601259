"""Settings: language, hub, printer and devices, written to the station's TOML config.

Device tables are kept as the drivers read them (``[devices.scanner]``, ``[devices.scale]``,
``[devices.printer]``); keys this screen does not show are preserved. Changes other than
the language take effect at the next start, which the screen says.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.config import ConfigError, StationConfig
from station.domain import Operator
from ui import settings_store
from ui.i18n import LANGUAGES, LanguageSwitcher
from ui.widgets import label

log = logging.getLogger(__name__)

DEVICE_FIELDS = {
    "scanner": ("port", "baudrate"),
    "scale": ("port", "protocol"),
    "printer": ("type", "host", "port", "queue", "folder"),
}


class SettingsScreen(QWidget):
    """Station settings (leads and admins).

    Signals:
        languageChosen(str): a language code from ``ui.i18n.LANGUAGES``.
        saved(str): the config file written.
        closeRequested(): a lead asked to close the station (kiosk mode).
    """

    languageChosen = Signal(str)
    saved = Signal(str)
    closeRequested = Signal()

    def __init__(
        self, config: StationConfig, languages: LanguageSwitcher, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self._config = config
        self._languages = languages
        self._path = config.source or config.paths.config_file
        root = QVBoxLayout(self)
        self.title = label("", "title", wrap=True)
        root.addWidget(self.title)
        top = QHBoxLayout()
        root.addLayout(top)

        self.general = QGroupBox()
        form = QFormLayout(self.general)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.setProperty("i18n", "data")  # each language in its own words
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(
            list(LANGUAGES).index(languages.language) if languages.language in LANGUAGES else 0
        )
        self.language.activated.connect(self._language_activated)
        self.station_id = QLineEdit(config.station_id)
        self.station_name = QLineEdit(config.station_name)
        self.hub_url = QLineEdit(config.hub_url)
        self.hub_url.setObjectName("hubUrl")
        self.verify_tls = QCheckBox()
        self.verify_tls.setChecked(config.hub_verify_tls)
        self.enroll_code = QLineEdit()
        self.enroll_code.setObjectName("enrollCode")
        self.general_labels = [label("", "caption") for _ in range(6)]
        for caption, field in zip(
            self.general_labels,
            (
                self.language,
                self.station_id,
                self.station_name,
                self.hub_url,
                self.verify_tls,
                self.enroll_code,
            ),
            strict=True,
        ):
            form.addRow(caption, field)
        top.addWidget(self.general, 1)

        self.devices = QGroupBox()
        dev_form = QFormLayout(self.devices)
        self.device_fields: dict[tuple[str, str], QLineEdit] = {}
        self.device_labels: list[tuple[Any, str, str]] = []
        for device, keys in DEVICE_FIELDS.items():
            table = config.devices.get(device, {})
            for key in keys:
                field = QLineEdit(str(table.get(key, "")))
                field.setObjectName(f"device_{device}_{key}")
                caption = label("", "caption")
                dev_form.addRow(caption, field)
                self.device_fields[(device, key)] = field
                self.device_labels.append((caption, device, key))
        top.addWidget(self.devices, 1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeStation")
        self.close_button.clicked.connect(self.closeRequested.emit)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        root.addLayout(buttons)
        self.message = label("", "caption", wrap=True, name="settingsMessage")
        root.addWidget(self.message)
        root.addStretch(1)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings — saved to {path}").format(path=self._path))
        self.general.setTitle(self.tr("Station and hub"))
        self.devices.setTitle(self.tr("Devices and printer"))
        for caption, text in zip(
            self.general_labels,
            (
                self.tr("Language"),
                self.tr("Station id"),
                self.tr("Station name"),
                self.tr("Hub URL"),
                self.tr("Verify TLS"),
                self.tr("Enrollment code"),
            ),
            strict=True,
        ):
            caption.setText(text)
        device_names = {
            "scanner": self.tr("Scanner"),
            "scale": self.tr("Scale"),
            "printer": self.tr("Printer"),
        }
        key_names = {
            "port": self.tr("port"),
            "baudrate": self.tr("baud rate"),
            "protocol": self.tr("protocol"),
            "type": self.tr("type"),
            "host": self.tr("host"),
            "queue": self.tr("spooler queue"),
            "folder": self.tr("folder"),
        }
        for caption, device, key in self.device_labels:
            caption.setText(f"{device_names[device]} · {key_names.get(key, key)}")
        self.verify_tls.setText(self.tr("on"))
        self.save_button.setText(self.tr("Save"))
        self.close_button.setText(self.tr("Close the station (lead)"))
        self.enroll_code.setPlaceholderText(self.tr("one-time code from the hub"))

    def set_operator(self, operator: Operator | None) -> None:
        self.close_button.setEnabled(operator is not None)

    def _language_activated(self, index: int) -> None:
        code = str(self.language.itemData(index))
        self.languageChosen.emit(code)

    def collect(self) -> dict[str, Any]:
        """The config file's content with this screen's values applied."""
        data = settings_store.read(self._path)
        data.setdefault("station", {})["id"] = self.station_id.text().strip() or "bench-01"
        data["station"]["name"] = self.station_name.text().strip() or "Bench"
        data.setdefault("ui", {})["language"] = str(self.language.currentData())
        hub = data.setdefault("hub", {})
        hub["url"] = self.hub_url.text().strip()
        hub["verify_tls"] = self.verify_tls.isChecked()
        devices = data.setdefault("devices", {})
        for (device, key), field in self.device_fields.items():
            text = field.text().strip()
            table = devices.setdefault(device, {})
            if text:
                table[key] = int(text) if text.isdigit() else text
            else:
                table.pop(key, None)
        for device in list(devices):
            if not devices[device]:
                del devices[device]
        if not devices:
            del data["devices"]
        return data

    def save(self) -> bool:
        try:
            settings_store.write(self._path, self.collect(), self._config.paths)
        except (ConfigError, OSError, TypeError) as exc:
            self.message.setText(self.tr("Not saved: {error}").format(error=exc))
            return False
        self.message.setText(
            self.tr(
                "Saved. Device, hub and station changes apply at the next "
                "start; the language applies now."
            )
        )
        self.saved.emit(str(self._path))
        return True
