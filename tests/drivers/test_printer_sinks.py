"""File sink, system spooler (through zebra and lpr) and building printers from config."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from drivers.printers import (
    FilePrinter,
    PrinterError,
    SpoolerPrinter,
    TcpPrinter,
    open_printer,
)
from drivers.printers.simulator import PrinterSimulator
from drivers.printers.spooler import spooler_queues
from station.config import ConfigError

LABEL = "^XA^CI28^FO50,50^A0N,40,40^FDLPN-000123^FS^FO50,120^BCN,80^FDLPN-000123^FS^XZ"


# -- file sink ---------------------------------------------------------------------------


def test_file_sink_writes_zpl_and_a_png_preview(tmp_path: Path) -> None:
    printer = FilePrinter(tmp_path / "labels")
    job_id = str(uuid.uuid4())
    printer.send(job_id, LABEL)
    assert (tmp_path / "labels" / f"{job_id}.zpl").read_text(encoding="utf-8") == LABEL
    with Image.open(tmp_path / "labels" / f"{job_id}.png") as preview:
        assert preview.format == "PNG"
        assert preview.size == (812, 1218)
    # Only the two files: no temporary files left behind.
    assert sorted(p.name for p in (tmp_path / "labels").iterdir()) == [
        f"{job_id}.png",
        f"{job_id}.zpl",
    ]


def test_file_sink_resending_a_job_gives_one_label(tmp_path: Path) -> None:
    printer = FilePrinter(tmp_path)
    job_id = str(uuid.uuid4())
    printer.send(job_id, LABEL)
    printer.send(job_id, LABEL)
    assert len(list(tmp_path.glob("*.zpl"))) == 1
    assert printer.idempotent


def test_file_sink_keeps_a_label_it_cannot_preview(tmp_path: Path) -> None:
    printer = FilePrinter(tmp_path)
    job_id = str(uuid.uuid4())
    printer.send(job_id, "not zpl at all")
    assert (tmp_path / f"{job_id}.zpl").exists()
    assert not (tmp_path / f"{job_id}.png").exists()


def test_file_sink_uses_300_dpi_preview_size(tmp_path: Path) -> None:
    printer = FilePrinter(tmp_path, dpi=300)
    job_id = str(uuid.uuid4())
    printer.send(job_id, LABEL)
    with Image.open(io.BytesIO((tmp_path / f"{job_id}.png").read_bytes())) as preview:
        assert preview.size == (1200, 1800)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_file_sink_reports_an_unwritable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        printer = FilePrinter(folder)
        assert not printer.status().ok
        with pytest.raises(PrinterError, match="cannot write label"):
            printer.send(str(uuid.uuid4()), LABEL)
    finally:
        folder.chmod(stat.S_IRWXU)


def test_file_sink_reports_a_folder_that_cannot_exist(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    printer = FilePrinter(blocker / "labels")
    status = printer.status()
    assert not status.ok and "cannot be created" in status.problems[0]
    with pytest.raises(PrinterError, match="cannot write label"):
        printer.send(str(uuid.uuid4()), LABEL)


# -- spooler -----------------------------------------------------------------------------


@pytest.fixture
def fake_lpr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``lpr`` (and ``lpstat``) on PATH that behave like CUPS with one queue, zebra1."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    spool = tmp_path / "spool"
    spool.mkdir()
    lpr = bin_dir / "lpr"
    cat = shutil.which("cat")
    assert cat is not None
    lpr.write_text(f'#!/bin/sh\n{cat} > "{spool}/job-$$-$1-$2"\n')
    lpstat = bin_dir / "lpstat"
    lpstat.write_text("#!/bin/sh\necho 'printer zebra1 is idle.  enabled since Mon'\n")
    for tool in (lpr, lpstat):
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    return spool


def test_spooler_pipes_raw_zpl_into_lpr_for_the_queue(fake_lpr: Path) -> None:
    printer = SpoolerPrinter("zebra1")
    printer.send(str(uuid.uuid4()), LABEL)
    jobs = list(fake_lpr.iterdir())
    assert len(jobs) == 1
    assert jobs[0].name.endswith("-Pzebra1--oraw")  # zebra calls: lpr -Pzebra1 -oraw
    assert jobs[0].read_text(encoding="utf-8") == LABEL


def test_spooler_status_is_unknown_but_not_a_fault(fake_lpr: Path) -> None:
    status = SpoolerPrinter("zebra1").status()
    assert not status.known and status.ok
    assert status.summary.startswith("status unknown")


def test_spooler_names_a_missing_queue(fake_lpr: Path) -> None:
    printer = SpoolerPrinter("nosuch")
    with pytest.raises(PrinterError, match="no printer queue 'nosuch' \\(queues: zebra1\\)"):
        printer.send(str(uuid.uuid4()), LABEL)
    assert list(fake_lpr.iterdir()) == []


def test_spooler_without_lpr_says_to_install_cups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no lpr anywhere
    printer = SpoolerPrinter("zebra1")
    with pytest.raises(PrinterError, match="'lpr' command is not installed — install CUPS"):
        printer.send(str(uuid.uuid4()), LABEL)
    status = printer.status()
    assert not status.ok and "install CUPS" in status.summary


CUPS_SERVER = os.environ.get("STATION_TEST_CUPS_SERVER", "")
needs_cups = pytest.mark.skipif(
    not CUPS_SERVER,
    reason="no test CUPS scheduler (scripts/test.sh starts one: scripts/cups-test-server.sh)",
)


@pytest.fixture
def cups_queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, PrinterSimulator]]:
    """A raw CUPS queue whose backend hands each job to a simulated Zebra on loopback."""
    simulator = PrinterSimulator()
    host, port = simulator.start()
    queue = f"zebra_test_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("CUPS_SERVER", CUPS_SERVER)
    subprocess.run(
        ["lpadmin", "-p", queue, "-E", "-v", f"tcpcopy://{host}:{port}", "-m", "raw"],
        check=True,
        capture_output=True,
        timeout=20,
    )
    try:
        yield queue, simulator
    finally:
        subprocess.run(["lpadmin", "-x", queue], check=False, capture_output=True, timeout=20)
        simulator.stop()


@needs_cups
def test_real_cups_queue_prints_the_exact_label(cups_queue: tuple[str, PrinterSimulator]) -> None:
    queue, simulator = cups_queue
    assert queue in (spooler_queues() or [])
    printer = SpoolerPrinter(queue)
    status = printer.status()
    assert status.fault == "" and not status.known and "does not report paper" in status.note
    label = "^XA^CI28^FO40,40^A0N,40,40^FDLPN0010000042 – grøn ^FS^XZ"
    printer.send(str(uuid.uuid4()), label)
    assert simulator.wait_for_labels(1, timeout=20), "CUPS did not deliver the job"
    assert simulator.printed_zpl() == [label]


@needs_cups
def test_unknown_cups_queue_is_refused_naming_the_queues(
    cups_queue: tuple[str, PrinterSimulator],
) -> None:
    queue, simulator = cups_queue
    printer = SpoolerPrinter("no_such_queue")
    with pytest.raises(PrinterError, match=f"no printer queue 'no_such_queue' .*{queue}"):
        printer.send(str(uuid.uuid4()), LABEL)
    assert "no printer queue" in printer.status().fault
    assert simulator.labels() == []


# -- config ------------------------------------------------------------------------------


def test_open_printer_builds_each_kind(tmp_path: Path) -> None:
    tcp = open_printer({"kind": "tcp", "host": "10.0.4.21"})
    assert isinstance(tcp, TcpPrinter) and tcp.name == "10.0.4.21:9100" and tcp.timeout == 1.0
    spooler = open_printer({"kind": "spooler", "queue": "zebra1"})
    assert isinstance(spooler, SpoolerPrinter) and spooler.name == "spooler:zebra1"
    files = open_printer({"kind": "file", "dir": "labels"}, base_dir=tmp_path)
    assert isinstance(files, FilePrinter) and files.folder == tmp_path / "labels"
    tuned = open_printer({"kind": "tcp", "host": "p1", "port": 6101, "timeout": 0.5})
    assert isinstance(tuned, TcpPrinter) and tuned.port == 6101 and tuned.timeout == 0.5


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({}, r"\[devices.printer\] kind: expected one of 'tcp', 'spooler', 'file', got None"),
        ({"kind": "usb"}, r"kind: expected one of"),
        ({"kind": "tcp"}, r"\[devices.printer\] host: missing"),
        ({"kind": "tcp", "host": ""}, r"host: expected a non-empty string"),
        ({"kind": "tcp", "host": "p", "port": 70000}, r"port: expected 1..65535"),
        ({"kind": "tcp", "host": "p", "port": "9100"}, r"port: expected 1..65535"),
        ({"kind": "tcp", "host": "p", "port": True}, r"port: expected 1..65535"),
        ({"kind": "tcp", "host": "p", "timeout": 0}, r"timeout: expected seconds"),
        ({"kind": "tcp", "host": "p", "hots": "x"}, r"hots: unknown key for kind='tcp'"),
        ({"kind": "spooler"}, r"queue: missing"),
        ({"kind": "spooler", "queue": "q", "host": "h"}, r"host: unknown key"),
        ({"kind": "file"}, r"dir: missing"),
        ({"kind": "file", "dir": "x", "dpi": 600}, r"dpi: expected 203 or 300"),
        ({"kind": "file", "dir": "x", "preview": "yes"}, r"preview: expected true or false"),
    ],
)
def test_open_printer_config_errors_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        open_printer(table)


def test_config_error_names_the_section_given() -> None:
    with pytest.raises(ConfigError, match=r"^\[devices.printer2\] host: missing$"):
        open_printer({"kind": "tcp"}, section="devices.printer2")
