"""`station simulate printer`: prints host:port first, serves real TCP, takes a fault script."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.printers import PrinterFault, TcpPrinter
from drivers.printers.simulator import (
    PrinterSimulator,
    add_printer_simulate_parser,
    run_printer_simulator,
    run_script,
)
from tests.drivers.printer_support import new_threads

LABEL = "^XA^FO50,50^A0N,40,40^FDLPN-1^FS^XZ"


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert new_threads(before) == []


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="station simulate")
    sub = parser.add_subparsers(dest="device", required=True)
    add_printer_simulate_parser(sub)
    return parser.parse_args(argv)


class Output(io.StringIO):
    """stdout that lets a test wait for lines."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = threading.Condition()

    def write(self, text: str) -> int:
        with self.changed:
            written = super().write(text)
            self.changed.notify_all()
            return written

    def wait_lines(self, count: int, timeout: float = 5.0) -> list[str]:
        with self.changed:
            assert self.changed.wait_for(
                lambda: self.getvalue().count("\n") >= count, timeout=timeout
            ), self.getvalue()
            return self.getvalue().splitlines()


def test_cli_prints_address_first_and_applies_the_fault(tmp_path: Path) -> None:
    args = parse(["printer", "--port", "0", "--fault", "paper_out", "--render-dir", str(tmp_path)])
    assert args.func is run_printer_simulator
    out, stop = Output(), threading.Event()
    runner = threading.Thread(target=lambda: run_printer_simulator(args, stdout=out, stop=stop))
    runner.start()
    try:
        host, port = out.wait_lines(1)[0].split(":")
        printer = TcpPrinter(host, int(port))
        with pytest.raises(PrinterFault, match="Paper out"):
            printer.send(str(uuid.uuid4()), LABEL)
    finally:
        stop.set()
        runner.join(timeout=5)
    assert not runner.is_alive()


def test_cli_script_from_stdin_clears_the_fault_and_reports_labels(tmp_path: Path) -> None:
    args = parse(
        [
            "printer",
            "--port",
            "0",
            "--fault",
            "head_open",
            "--script",
            "-",
            "--render-dir",
            str(tmp_path),
        ]
    )
    script = io.StringIO("# training: the head is closed after a moment\nfault none\nbogus\n")
    out, stop = Output(), threading.Event()
    runner = threading.Thread(
        target=lambda: run_printer_simulator(args, stdout=out, stdin=script, stop=stop)
    )
    runner.start()
    try:
        lines = out.wait_lines(3)
        host, port = lines[0].split(":")
        events = [json.loads(line) for line in lines[1:3]]
        assert events[0] == {"event": "fault", "fault": "none", "times": None}
        assert events[1]["event"] == "error" and "line 3" in events[1]["message"]
        TcpPrinter(host, int(port)).send(str(uuid.uuid4()), LABEL)
        label_event = json.loads(out.wait_lines(4)[3])
    finally:
        stop.set()
        runner.join(timeout=5)
    assert label_event["event"] == "label" and label_event["printed"] is True
    assert Path(label_event["preview"]).read_bytes().startswith(b"\x89PNG")


def test_script_commands() -> None:
    with PrinterSimulator() as simulator:
        errors = run_script(
            simulator,
            ["fault pause 2", "delay 0.1", "wait 0", "clear", "fault nonsense", "delay x"],
            threading.Event(),
        )
    assert [e.split(":")[0] for e in errors] == ["line 5", "line 6"]


def test_port_in_use_is_a_clear_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with PrinterSimulator() as busy:
        _host, port = busy.address
        args = parse(["printer", "--port", str(port)])
        assert run_printer_simulator(args, stdout=io.StringIO(), stop=threading.Event()) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_cli_runs_as_its_own_process_and_stops_on_sigterm() -> None:
    code = (
        "import argparse, sys\n"
        "from drivers.printers.simulator import add_printer_simulate_parser\n"
        "p = argparse.ArgumentParser(); s = p.add_subparsers()\n"
        "add_printer_simulate_parser(s)\n"
        "a = p.parse_args(sys.argv[1:]); sys.exit(a.func(a))\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, "printer", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    ) as process:
        try:
            assert process.stdout is not None
            host, port = process.stdout.readline().strip().split(":")
            assert TcpPrinter(host, int(port)).status().ok
        finally:
            process.terminate()
            assert process.wait(timeout=10) == 0
