"""Raw TCP printer against the simulator on real 127.0.0.1 sockets: jobs, faults, silence."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from drivers.printers import PrinterError, PrinterFault, PrinterUncertain, TcpPrinter
from drivers.printers.simulator import PrinterSimulator, SimulatedFault
from tests.drivers.printer_support import new_threads

LABEL = "^XA^CI28^FO50,50^A0N,40,40^FDLPN-000123 Köln^FS^XZ"


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert new_threads(before) == []


@pytest.fixture
def simulator() -> Iterator[PrinterSimulator]:
    with PrinterSimulator() as sim:
        yield sim


@pytest.fixture
def printer(simulator: PrinterSimulator) -> TcpPrinter:
    host, port = simulator.address
    return TcpPrinter(host, port, timeout=1.0, job_timeout=2.0)


def job() -> str:
    return str(uuid.uuid4())


def test_normal_job_is_received_once_after_a_status_check(
    simulator: PrinterSimulator, printer: TcpPrinter
) -> None:
    printer.send(job(), LABEL)
    assert simulator.printed_zpl() == [LABEL]
    # One ~HS before the job, one after it to confirm delivery.
    assert simulator.status_requests == 2
    assert printer.last_status is not None and printer.last_status.ok


def test_status_query_reports_ready(printer: TcpPrinter) -> None:
    status = printer.status()
    assert status.ok and status.known
    assert status.label_length_dots == 1218


def test_printer_that_does_not_answer_hs_fails_within_about_a_second(
    simulator: PrinterSimulator, printer: TcpPrinter
) -> None:
    simulator.set_fault(SimulatedFault.SILENT)
    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        printer.send(job(), LABEL)
    elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 1.6
    assert not isinstance(caught.value, PrinterUncertain)
    assert str(caught.value).startswith(
        f"printer did not answer ~HS within 1 s at {printer.name} — check power and network"
    )
    assert simulator.labels() == []


@pytest.mark.parametrize(
    ("fault", "code", "words"),
    [
        (SimulatedFault.PAPER_OUT, "paper_out", "Paper out — load labels and press FEED"),
        (SimulatedFault.HEAD_OPEN, "head_open", "Print head open — close the print head"),
        (SimulatedFault.PAUSE, "paused", "Printer paused — press PAUSE to resume"),
        (SimulatedFault.RIBBON_OUT, "ribbon_out", "Ribbon out — load a new ribbon"),
        (SimulatedFault.HEAD_TOO_HOT, "head_too_hot", "Print head too hot"),
    ],
)
def test_reported_fault_refuses_the_job_before_sending_it(
    simulator: PrinterSimulator,
    printer: TcpPrinter,
    fault: SimulatedFault,
    code: str,
    words: str,
) -> None:
    simulator.set_fault(fault)
    with pytest.raises(PrinterFault) as caught:
        printer.send(job(), LABEL)
    assert caught.value.status.fault_codes == (code,)
    assert words in str(caught.value)
    assert simulator.labels() == []
    assert printer.status().fault_codes == (code,)


def test_connection_closed_mid_job_is_uncertain_not_an_error_to_retry(
    simulator: PrinterSimulator, printer: TcpPrinter
) -> None:
    simulator.set_fault(SimulatedFault.DROP_MID_JOB, times=1)
    with pytest.raises(PrinterUncertain, match="may have printed"):
        printer.send(job(), LABEL)
    assert simulator.wait_for(lambda sim: sim.dropped_jobs == 1, timeout=2)
    assert simulator.printed_zpl() == []
    # The printer is fine again afterwards.
    printer.send(job(), LABEL)
    assert simulator.printed_zpl() == [LABEL]


def test_slow_answer_within_the_timeout_is_fine(
    simulator: PrinterSimulator, printer: TcpPrinter
) -> None:
    simulator.set_delay(0.3)
    printer.send(job(), LABEL)
    assert simulator.printed_zpl() == [LABEL]


def test_answer_slower_than_the_timeout_is_no_answer(
    simulator: PrinterSimulator, printer: TcpPrinter
) -> None:
    simulator.set_delay(1.5)
    with pytest.raises(PrinterError, match="did not answer ~HS within 1 s"):
        printer.send(job(), LABEL)


def test_nothing_listening_is_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    printer = TcpPrinter("127.0.0.1", port)
    with pytest.raises(
        PrinterError, match=r"cannot connect to printer at 127\.0\.0\.1:.* check power"
    ):
        printer.send(job(), LABEL)


def test_garbled_status_reply_is_refused() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]

        def answer_garbage() -> None:
            conn, _ = server.accept()
            with conn:
                conn.recv(16)
                conn.sendall(b"\x02hello,printer\x03\r\n\x02x\x03\r\n\x02y\x03\r\n")
                conn.recv(16)

        thread = threading.Thread(target=answer_garbage)
        thread.start()
        try:
            with pytest.raises(PrinterError, match="unreadable ~HS reply"):
                TcpPrinter("127.0.0.1", port).send(job(), LABEL)
        finally:
            thread.join(timeout=5)


def test_fault_limited_to_a_number_of_uses_clears_itself(
    simulator: PrinterSimulator, printer: TcpPrinter
) -> None:
    simulator.set_fault(SimulatedFault.PAPER_OUT, times=2)
    for _ in range(2):
        with pytest.raises(PrinterFault):
            printer.send(job(), LABEL)
    printer.send(job(), LABEL)
    assert simulator.printed_zpl() == [LABEL]


def test_job_id_must_be_a_uuid(printer: TcpPrinter) -> None:
    with pytest.raises(PrinterError, match="not a UUID"):
        printer.send("../../etc/passwd", LABEL)


def test_simulator_splits_formats_and_status_questions_across_chunks(
    simulator: PrinterSimulator,
) -> None:
    host, port = simulator.address
    stream = b"~H" + b"S^XA^FDone^FS^X" + b"Z^XA^FDtwo^FS^XZ~hs" + b"^XA^FDpartial"
    with socket.create_connection((host, port), timeout=2) as conn:
        for index in range(0, len(stream), 3):
            conn.sendall(stream[index : index + 3])
            time.sleep(0.002)  # make the printer see separate reads
        answers = b""
        while answers.count(b"\x03") < 6:
            chunk = conn.recv(1024)
            assert chunk
            answers += chunk
    assert simulator.wait_for(lambda sim: sim.partial_formats == 1, timeout=2)
    assert simulator.printed_zpl() == ["^XA^FDone^FS^XZ", "^XA^FDtwo^FS^XZ"]
    assert simulator.status_requests == 2
