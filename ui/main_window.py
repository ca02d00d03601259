"""The bench window: login page, then tabs (inspect, lead, KPIs, diagnostics, settings).

Built from :class:`~ui.services.BenchServices`; the window only wires signals between the
parts. Keys that work everywhere: F12 next language, Ctrl+L log out.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStackedWidget, QTabWidget, QWidget

from station import leads
from station.domain import Operator, Role
from station.events import BenchEvent, Logout, OpenHeld, Photo, Scan
from station.workflow import BenchState, Step
from ui.i18n import LANGUAGES
from ui.screens.inspector import InspectorScreen
from ui.screens.login import LoginScreen
from ui.services import BenchServices
from ui.statusbar import BenchStatusBar

log = logging.getLogger(__name__)

LEAD_ROLES = (Role.LEAD, Role.ADMIN)


class MainWindow(QMainWindow):
    """One bench's window; every part comes in through ``services``."""

    def __init__(self, services: BenchServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.services = services
        self._operator: Operator | None = None
        self._last_step: Step | None = None
        self._allow_close = not services.kiosk
        config = services.config

        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.login = LoginScreen(config.station_name)
        self.pages.addWidget(self.login)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages.addWidget(self.tabs)
        self.inspector = InspectorScreen(photo_slots=services.photo_slots, wedge=services.wedge)
        self.tabs.addTab(self.inspector, "")
        self.lead_tabs: list[QWidget] = []
        self._build_extra_tabs()

        self.status = BenchStatusBar(config.station_name)
        self.setStatusBar(self.status)
        for kind, state in services.devices.status.items():
            self.status.show_device(kind, state)

        self.simulate_dock: QDockWidget | None = None
        if services.demo:
            from ui.simulate import SimulatePanel

            self.simulate = SimulatePanel(services.devices, services.db_executor, services.db)
            self.simulate.photoRequested.connect(self._take_photo_for_current_slot)
            dock = QDockWidget()
            dock.setObjectName("simulateDock")
            dock.setWidget(self.simulate)
            dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
            dock.setMaximumWidth(380)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.simulate_dock = dock
            self.simulate.refresh()
            for kind, state in services.devices.status.items():
                self.status.show_device(kind, state)

        bench = services.bench
        bench.stateChanged.connect(self._show_state)
        bench.labelPreviewReady.connect(self.inspector.show_label_preview)
        bench.unitCommitted.connect(self._unit_committed)
        self.login.benchEvent.connect(bench.submit)
        self.inspector.benchEvent.connect(bench.submit)
        self.inspector.photoRequested.connect(self._take_photo)
        services.devices.benchEvent.connect(self._device_input)
        services.devices.liveWeight.connect(self.inspector.show_live_weight)
        services.devices.statusChanged.connect(self.status.show_device)
        services.printing.jobChanged.connect(self._print_job_changed)
        services.sync.snapshot.connect(self.status.show_sync)
        services.db_executor.failed.connect(self._operation_failed)
        camera = services.camera
        camera.photoReady.connect(self._photo_ready)
        camera.stateChanged.connect(
            lambda _state, message: self.inspector.show_camera(message, camera.live_view())
        )
        camera.start()
        self.inspector.show_camera(camera.message, camera.live_view())

        QShortcut(QKeySequence(Qt.Key.Key_F12), self, self.next_language)
        QShortcut(QKeySequence("Ctrl+L"), self, lambda: bench.submit(Logout()))
        self.retranslate()
        self._show_page_for(bench.state)

    def _build_extra_tabs(self) -> None:
        s = self.services
        from ui.screens.diagnostics import DiagnosticsScreen
        from ui.screens.kpi import KpiScreen
        from ui.screens.lead import LeadScreen
        from ui.screens.settings import SettingsScreen

        self.lead = LeadScreen(s.db_executor, s.db, s.config, benches=s.benches)
        self.lead.openHeld.connect(self._open_held)
        self.kpi = KpiScreen(s.db_executor, s.db)
        self.diagnostics = DiagnosticsScreen(s)
        self.settings = SettingsScreen(s.config, s.languages)
        self.settings.languageChosen.connect(self.switch_language)
        self.settings.closeRequested.connect(self._close_by_lead)
        for screen in (self.lead, self.kpi, self.diagnostics, self.settings):
            self.tabs.addTab(screen, "")
        self.lead_tabs = [self.lead, self.kpi, self.settings]
        s.devices.deviceEvent.connect(self.diagnostics.show_device_event)
        s.printing.jobChanged.connect(self.diagnostics.show_print_event)

    # -- language -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        camera = self.services.camera
        self.inspector.show_camera(camera.message, camera.live_view())
        self.setWindowTitle(
            self.tr("Returns bench station — {station}").format(
                station=self.services.config.station_name
            )
        )
        names = {
            self.inspector: self.tr("Inspect"),
            self.lead: self.tr("Lead"),
            self.kpi: self.tr("KPIs"),
            self.diagnostics: self.tr("Diagnostics"),
            self.settings: self.tr("Settings"),
        }
        for widget, name in names.items():
            self.tabs.setTabText(self.tabs.indexOf(widget), name)
        if self.simulate_dock is not None:
            self.simulate_dock.setWindowTitle(self.tr("Simulate"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def switch_language(self, language: str) -> None:
        self.services.languages.switch(language)

    def next_language(self) -> None:
        codes = list(LANGUAGES)
        current = self.services.languages.language
        self.switch_language(codes[(codes.index(current) + 1) % len(codes)])

    # -- state --------------------------------------------------------------------------------

    def _show_state(self, state: BenchState) -> None:
        self._show_page_for(state)
        self.status.show_operator(state.operator)
        self.status.show_policy(state.policy_version)
        if state.step is Step.LOGIN:
            self.login.show_state(state)
        else:
            self.inspector.show_state(state)
        entering_identify = state.step is Step.IDENTIFY and (self._last_step is not Step.IDENTIFY)
        self._last_step = state.step
        if entering_identify:
            self._refresh_bench_queue()

    def _refresh_bench_queue(self) -> None:
        s = self.services
        db, bench = s.db, s.config.station_id
        s.db_executor.run(
            lambda: leads.bench_queue(db, bench),
            self.inspector.show_bench_queue,
            lambda exc: log.warning("bench queue not read: %s", exc),
            owner=self.inspector,
        )

    def _show_page_for(self, state: BenchState | None) -> None:
        operator = state.operator if state is not None else None
        if state is None or state.step is Step.LOGIN:
            if self.pages.currentWidget() is not self.login:
                self.login.reset()
            self.pages.setCurrentWidget(self.login)
            self.login.badge.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.pages.setCurrentWidget(self.tabs)
        if operator != self._operator:
            self._operator = operator
            lead = operator is not None and operator.role in LEAD_ROLES
            for widget in self.lead_tabs:
                self.tabs.setTabVisible(self.tabs.indexOf(widget), lead)
            self.lead.set_operator(operator)
            self.settings.set_operator(operator)
            self.tabs.setCurrentWidget(self.inspector)
            if lead:
                self.lead.refresh()

    def _unit_committed(self, _record: object) -> None:
        if self._operator is not None and self._operator.role in LEAD_ROLES:
            self.lead.refresh()

    # -- input --------------------------------------------------------------------------------

    def _device_input(self, event: BenchEvent) -> None:
        """Device input goes where the person is: the login badge, a hold's lead badge."""
        state = self.services.bench.state
        if isinstance(event, Scan):
            if self.pages.currentWidget() is self.login:
                self.login.badge_scanned(event.data)
                return
            if state is not None and state.step is Step.HOLD:
                self.tabs.setCurrentWidget(self.inspector)
                self.inspector.scanned(event.data)
                return
            self.tabs.setCurrentWidget(self.inspector)
        self.services.bench.submit(event)

    def _take_photo_for_current_slot(self) -> None:
        state = self.services.bench.state
        self._take_photo(state.photo_slot if state is not None else "")

    def _take_photo(self, slot: str) -> None:
        self.services.camera.request(slot or "extra")

    def _photo_ready(self, path: str) -> None:
        state = self.services.bench.state
        if state is None or state.step is not Step.PHOTOS:
            log.info("picture %s arrived outside the photos step; kept for P", path)
            self.services.camera.keep(path)
            return
        self.inspector.show_last_photo(path)
        self.services.bench.submit(Photo(path=path))

    def _open_held(self, lpn: str) -> None:
        self.tabs.setCurrentWidget(self.inspector)
        self.services.bench.submit(OpenHeld(lpn=lpn))

    def _print_job_changed(self, lpn: str, kind: str, message: str) -> None:
        self.inspector.show_print_status(lpn, kind, message)
        devices = self.services.devices
        if kind == "retrying":
            devices.set_status("printer", "error")
        elif kind == "printed" and devices.status.get("printer") == "error":
            devices.set_status("printer", "ready")

    def _operation_failed(self, message: str) -> None:
        self.inspector.error.setText(
            self.tr("Not saved: {message}. Try again; if it repeats, call IT.").format(
                message=message
            )
        )
        self.inspector.error.show()

    # -- kiosk --------------------------------------------------------------------------------

    def _close_by_lead(self) -> None:
        if self._operator is not None and self._operator.role in LEAD_ROLES:
            self._allow_close = True
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._allow_close:
            event.ignore()  # kiosk: only a lead closes the station (Settings tab)
            return
        super().closeEvent(event)
