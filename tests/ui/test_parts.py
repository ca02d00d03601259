"""The parts under the screens: wedge decoding, prompt catalog, logging, crash dialog,
settings file, KPI export, diagnostics, kiosk close, executor ordering."""

from __future__ import annotations

import csv
import functools
import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from station.config import load_config
from station.events import Logout
from station.workflow import Step
from tests.ui.conftest import Bench
from tests.ui.test_inspector import _login
from ui import prompts
from ui.charts import BarChart
from ui.logs import CrashDialog, RecentLines, install_excepthook, qt_message_handler
from ui.ops import SerialExecutor

# -- prompt catalog ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "template"),
    [
        (
            "Welcome Ana Lopez. Scan an RMA, order, tracking number or the item.",
            "Welcome {name}. Scan an RMA, order, tracking number or the item.",
        ),
        (
            "LPN0010000001 restock. Label printing. Scan the next parcel or item.",
            "{lpn} {disposition}. Label printing. Scan the next parcel or item.",
        ),
        (
            "LPN0010000001 parked on hold. Label printing. Scan the next parcel or item.",
            "{lpn} parked on hold. Label printing. Scan the next parcel or item.",
        ),
        ("Approved by Priya Nair. Take photo: front (1 of 3).", "{state} by {name}. {prompt}"),
        (
            "Suggested: restock — All fine. The unit will be held for a lead. Enter: confirm, D: "
            "choose another disposition.",
            "Suggested: {disposition} — {explanation} The unit will be held for a lead. Enter: "
            "confirm, D: choose another disposition.",
        ),
    ],
)
def test_core_prompts_match_their_templates(prompt: str, template: str) -> None:
    found = prompts.match(prompt)
    assert found is not None and found[0] == template


def test_prompts_translate_with_their_values(qapp: QApplication) -> None:
    from ui.i18n import LanguageSwitcher

    switcher = LanguageSwitcher(qapp)
    try:
        assert switcher.switch("nl")
        text = prompts.translate_prompt("Approved by Priya Nair. Take photo: front (1 of 3).")
        assert text == "Goedgekeurd door Priya Nair. Maak foto: voorkant (1 van 3)."
        assert switcher.switch("zh_CN")
        text = prompts.translate_prompt(
            "LPN0010000001 resell_open_box. Label printing. Scan the next parcel or item."
        )
        assert text == "LPN0010000001：开箱转售。正在打印标签。请扫描下一个包裹或商品。"
        assert prompts.translate_prompt("Something the core never said.") == (
            "Something the core never said."
        )
    finally:
        switcher.switch("en")


# -- logging and crashes ----------------------------------------------------------------------


def test_qt_messages_go_to_python_logging(caplog: pytest.LogCaptureFixture) -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    with caplog.at_level(logging.INFO, logger="qt"):
        qt_message_handler(QtMsgType.QtInfoMsg, QMessageLogContext(), "hello from Qt")
    assert ("qt", logging.INFO, "hello from Qt") in caplog.record_tuples


def test_uncaught_exception_shows_the_crash_dialog_with_the_log_tail(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_leaked_widgets: None
) -> None:
    recent = RecentLines()
    logging.getLogger().addHandler(recent)
    shown: list[tuple[str, str]] = []

    def remember(dialog: CrashDialog) -> None:
        details = dialog.findChild(QPlainTextEdit, "crashDetails")
        assert details is not None
        shown.append((dialog.windowTitle(), details.toPlainText()))

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    try:
        logging.getLogger("ui.test").warning("the scale said something odd")
        install_excepthook(
            recent,
            tmp_path,
            show=remember,
        )
        try:
            raise ValueError("boom")
        except ValueError:
            kind, value, tb = sys.exc_info()
            assert kind is not None and value is not None
            sys.excepthook(kind, value, tb)
    finally:
        logging.getLogger().removeHandler(recent)
    assert len(shown) == 1
    title, details = shown[0]
    assert title == "The bench station hit an error"
    assert "ValueError: boom" in details and "the scale said something odd" in details


def test_excepthook_off_the_gui_thread_only_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    recent = RecentLines()
    shown: list[CrashDialog] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(recent, tmp_path, show=shown.append)
    worker = threading.Thread(target=lambda: sys.excepthook(ValueError, ValueError("x"), None))
    worker.start()
    worker.join(5)
    assert shown == []


# -- executor ---------------------------------------------------------------------------------


def test_serial_executor_keeps_order_and_reports_on_the_gui_thread(qtbot: QtBot) -> None:
    executor = SerialExecutor("test")
    seen: list[tuple[int, bool]] = []
    gui = threading.current_thread()

    def record(value: int) -> None:
        seen.append((value, threading.current_thread() is gui))

    try:
        with qtbot.waitSignal(executor.idle, timeout=10_000):
            for i in range(50):
                executor.run(functools.partial(int, i), record)
        assert seen == [(i, True) for i in range(50)]
        failures: list[BaseException] = []
        with qtbot.waitSignal(executor.idle, timeout=10_000):
            executor.run(lambda: 1 / 0, on_failure=failures.append)
        assert isinstance(failures[0], ZeroDivisionError)
    finally:
        executor.shutdown()
        executor.deleteLater()


# -- screens ----------------------------------------------------------------------------------


def test_settings_are_saved_as_plain_toml_the_core_can_read(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    _login(bench, qtbot, "B2001", "2468")
    settings = window.settings
    settings.hub_url.setText("https://hub.example.test")
    settings.device_fields[("printer", "type")].setText("tcp")
    settings.device_fields[("printer", "host")].setText("10.0.0.5")
    settings.device_fields[("printer", "port")].setText("9100")
    settings.language.setCurrentIndex(1)
    with qtbot.waitSignal(settings.saved, timeout=5_000) as saved:
        settings.save_button.click()
    path = Path(saved.args[0])
    config = load_config(path, paths=bench.config.paths)
    assert config.hub_url == "https://hub.example.test"
    assert config.language == "nl"
    assert dict(config.devices["printer"]) == {"type": "tcp", "host": "10.0.0.5", "port": 9100}


def test_kpi_dashboard_shows_figures_and_exports_csv(
    bench: Bench, qtbot: QtBot, tmp_path: Path
) -> None:
    window = bench.window
    _login(bench, qtbot, "B2001", "2468")
    window.tabs.setCurrentWidget(window.kpi)
    with qtbot.waitSignal(window.kpi.refreshed, timeout=10_000):
        window.kpi.refresh()
    assert window.kpi.report is not None
    assert window.kpi.findChild(QWidget, "kpi_automatic_rate") is not None
    # The charts are QtCharts views holding the report's numbers.
    mix = window.kpi.mix_chart
    assert isinstance(mix, QChartView)
    report = window.kpi.report
    assert sum(v for _c, v in mix.plotted()) == sum(report.disposition_mix.values())
    out = tmp_path / "kpis.csv"
    rows = window.kpi.export_csv(out)
    with out.open(encoding="utf-8") as f:
        table = list(csv.reader(f))
    assert rows == len(table) - 1 and table[0][0] == "section"
    assert [r[1] for r in table if r[0] == "kpi"][:3] == [
        "units_per_hour",
        "receipt_to_decision_h",
        "restock_rate",
    ]


def test_bar_chart_plots_each_value_with_its_text_top_to_bottom(
    qtbot: QtBot, no_leaked_widgets: None
) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data("Disposition mix (units)", [("restock", 12, "12"), ("donate", 3, "3")])
    assert chart.chart().title() == "Disposition mix (units)"
    assert chart.plotted() == [("restock  12", 12.0), ("donate  3", 3.0)]
    chart.set_data("Empty", [])
    assert chart.plotted() == [("—", 0.0)] and chart.bars() == []
    chart.resize(500, 200)
    assert not chart.grab().isNull()


def test_diagnostics_runs_doctor_and_shows_device_events(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    diagnostics = window.diagnostics
    with qtbot.waitSignal(diagnostics.doctorDone, timeout=30_000):
        diagnostics.run_doctor()
    text = diagnostics.output.toPlainText()
    assert "[ok  ] database: open in this application" in text
    assert "[ok  ] policy" in text
    window.simulate.scan("RMA-0000001")
    qtbot.waitUntil(lambda: diagnostics.last_scan.text() == "RMA-0000001")
    assert '"ScanEvent"' in diagnostics.events.toPlainText()


def test_kiosk_window_closes_only_for_a_lead(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    window._allow_close = False  # as in --kiosk
    window.close()
    assert window.isVisible()
    _login(bench, qtbot, "B1001", "1234")
    window.settings.closeRequested.emit()
    assert window.isVisible(), "an inspector cannot close the station"
    bench.services.bench.submit(Logout())
    bench.wait_step(Step.LOGIN)
    _login(bench, qtbot, "B2001", "2468")
    window.settings.close_button.click()
    assert not window.isVisible()


def test_station_run_is_registered_on_the_launcher() -> None:
    from station.cli import build_parser

    args = build_parser().parse_args(["run", "--demo", "--kiosk", "--config", "x.toml"])
    assert args.demo and args.kiosk and args.config == "x.toml"
    assert args.func.__module__ == "ui.app"
