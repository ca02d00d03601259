"""A virtual Zebra label printer on a real TCP port, for training and tests.

It answers ``~HS`` with realistic status strings, takes ZPL formats (``^XA ... ^XZ``) and
keeps them (optionally rendering each to a PNG), and can be told to misbehave:

===============  ===============================================================
fault            behaviour
===============  ===============================================================
``paper_out``    ``~HS`` reports paper out (also ``head_open``, ``pause``,
                 ``ribbon_out``, ``head_too_hot``)
``silent``       ``~HS`` is never answered (printer hung or unplugged mid-way)
``drop_mid_job`` the status is answered, then the connection is reset as soon as
                 job bytes arrive, before anything is confirmed
===============  ===============================================================

A fault can be limited to its next ``times`` uses, and every ``~HS`` answer can be
delayed. ``station simulate printer`` runs it from the command line: it prints the bound
``host:port`` on the first line, then one JSON object per event, and reads commands
(``fault paper_out``, ``fault none``, ``delay 0.2``, ``wait 5``) from a script file or
stdin (``--script -``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import enum
import json
import signal
import socket
import struct
import sys
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from drivers.printers.status import PrinterStatus, format_host_status
from station.labels import LabelError, render_preview_png

POLL_S = 0.05  # how often blocked server loops look at the stop flag


class SimulatedFault(enum.StrEnum):
    NONE = "none"
    PAPER_OUT = "paper_out"
    HEAD_OPEN = "head_open"
    PAUSE = "pause"
    RIBBON_OUT = "ribbon_out"
    HEAD_TOO_HOT = "head_too_hot"
    SILENT = "silent"
    DROP_MID_JOB = "drop_mid_job"


_STATUS_FAULTS = frozenset(
    {
        SimulatedFault.PAPER_OUT,
        SimulatedFault.HEAD_OPEN,
        SimulatedFault.PAUSE,
        SimulatedFault.RIBBON_OUT,
        SimulatedFault.HEAD_TOO_HOT,
    }
)


@dataclasses.dataclass(frozen=True, slots=True)
class ReceivedLabel:
    """One complete ZPL format the simulated printer took in."""

    zpl: str
    received_at: datetime
    connection: int
    printed: bool  # False when it arrived while a status fault was active
    preview: Path | None = None


def _tail_matching(buffer: bytes, token: bytes) -> int:
    """How many bytes at the end of ``buffer`` could be the start of ``token``."""
    for size in range(len(token) - 1, 0, -1):
        if buffer.endswith(token[:size]):
            return size
    return 0


class PrinterSimulator:
    """A Zebra-like printer listening on ``host:port`` (port 0 picks a free one).

    Callbacks (``on_label``, ``on_event``) run on the connection's thread.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        fault: SimulatedFault | str = SimulatedFault.NONE,
        delay: float = 0.0,
        render_dir: Path | None = None,
        on_event: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self._host = host
        self._port = port
        self._fault = SimulatedFault(fault)
        self._fault_uses: int | None = None
        self._delay = delay
        self._render_dir = render_dir
        self._on_event = on_event
        # Re-entrant: wait_for predicates read the counters, which take the lock again.
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._labels: list[ReceivedLabel] = []
        self._status_requests = 0
        self._dropped = 0
        self._partial = 0
        self._connections = 0
        self._stop = threading.Event()
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._clients: set[socket.socket] = set()

    # -- control -----------------------------------------------------------------------

    def start(self) -> tuple[str, int]:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((self._host, self._port))
        except OSError:
            listener.close()
            raise
        listener.listen(16)
        listener.settimeout(POLL_S)
        self._listener = listener
        thread = threading.Thread(target=self._accept_loop, name="printer-sim-accept", daemon=True)
        self._threads.append(thread)
        thread.start()
        return self.address

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)
        for thread in list(self._threads):
            thread.join(timeout=5)
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def __enter__(self) -> PrinterSimulator:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        if self._listener is None:
            raise RuntimeError("printer simulator is not running")
        host, port = self._listener.getsockname()[:2]
        return str(host), int(port)

    @property
    def config(self) -> dict[str, Any]:
        """A ``[devices.printer]`` table pointing at this simulator."""
        host, port = self.address
        return {"kind": "tcp", "host": host, "port": port}

    def set_fault(self, fault: SimulatedFault | str, *, times: int | None = None) -> None:
        """Misbehave from now on, or only for the next ``times`` occasions."""
        with self._lock:
            self._fault = SimulatedFault(fault)
            self._fault_uses = times
        self._emit({"event": "fault", "fault": str(self._fault), "times": times})

    def set_delay(self, seconds: float) -> None:
        with self._lock:
            self._delay = max(0.0, seconds)

    # -- what happened -----------------------------------------------------------------

    def labels(self) -> list[ReceivedLabel]:
        with self._lock:
            return list(self._labels)

    def printed_zpl(self) -> list[str]:
        """ZPL of every label that came out of the (simulated) printer, in order."""
        return [label.zpl for label in self.labels() if label.printed]

    @property
    def status_requests(self) -> int:
        with self._lock:
            return self._status_requests

    @property
    def dropped_jobs(self) -> int:
        with self._lock:
            return self._dropped

    @property
    def partial_formats(self) -> int:
        with self._lock:
            return self._partial

    def wait_for(self, predicate: Callable[[PrinterSimulator], bool], timeout: float) -> bool:
        """Block until ``predicate(self)`` holds or ``timeout`` passes; returns whether it held."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self), timeout=timeout)

    def wait_for_labels(self, count: int, timeout: float = 5.0) -> bool:
        return self.wait_for(lambda sim: len(sim._labels) >= count, timeout)

    # -- serving -----------------------------------------------------------------------

    def _emit(self, event: dict[str, Any]) -> None:
        if self._on_event is not None:
            self._on_event(event)

    def _use_fault(self, *kinds: SimulatedFault) -> SimulatedFault:
        """The fault among ``kinds`` that applies now (NONE if another), counting one use."""
        with self._lock:
            fault = self._fault
            if fault not in kinds:
                return SimulatedFault.NONE
            if self._fault_uses is not None:
                self._fault_uses -= 1
                if self._fault_uses <= 0:
                    self._fault, self._fault_uses = SimulatedFault.NONE, None
            return fault

    def _current_status(self, fault: SimulatedFault) -> PrinterStatus:
        return PrinterStatus(
            paper_out=fault is SimulatedFault.PAPER_OUT,
            head_open=fault is SimulatedFault.HEAD_OPEN,
            paused=fault is SimulatedFault.PAUSE,
            ribbon_out=fault is SimulatedFault.RIBBON_OUT,
            # Only a thermal-transfer printer has a ribbon to run out of.
            thermal_transfer=fault is SimulatedFault.RIBBON_OUT,
            head_too_hot=fault is SimulatedFault.HEAD_TOO_HOT,
            label_length_dots=1218,
            print_mode="tear-off",
        )

    def _accept_loop(self) -> None:
        assert self._listener is not None
        listener = self._listener
        while not self._stop.is_set():
            try:
                client, _peer = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._connections += 1
                number = self._connections
                self._clients.add(client)
                # Finished connection threads are pruned so a long run does not grow.
                self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(
                target=self._serve, args=(client, number), name=f"printer-sim-{number}", daemon=True
            )
            with self._lock:
                self._threads.append(thread)
            thread.start()

    def _serve(self, client: socket.socket, number: int) -> None:
        try:
            self._converse(client, number)
        except OSError:
            pass  # the client went away; a real printer does not care either
        finally:
            with self._lock:
                self._clients.discard(client)
                self._changed.notify_all()
            client.close()

    def _converse(self, client: socket.socket, number: int) -> None:
        client.settimeout(POLL_S)
        pending = b""  # bytes not yet known to be (or not be) a ~HS question
        stream = b""  # everything else: the ZPL formats
        answered = False
        while not self._stop.is_set():
            try:
                chunk = client.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                break
            drop = SimulatedFault.DROP_MID_JOB
            if answered and self._use_fault(drop) is drop:
                # SO_LINGER 0 makes close() send RST, like a printer that reboots.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                with self._lock:
                    self._dropped += 1
                    self._changed.notify_all()
                self._emit({"event": "dropped", "connection": number})
                return
            pending += chunk
            while True:
                index = pending.upper().find(b"~HS")
                if index < 0:
                    keep = _tail_matching(pending.upper(), b"~HS")
                    stream += pending[: len(pending) - keep]
                    pending = pending[len(pending) - keep :]
                    break
                stream += pending[:index]
                pending = pending[index + 3 :]
                stream = self._take_formats(stream, number)
                answered = self._answer_status(client) or answered
            stream = self._take_formats(stream, number)
        if b"^XA" in stream.upper():
            with self._lock:
                self._partial += 1

    def _answer_status(self, client: socket.socket) -> bool:
        with self._lock:
            self._status_requests += 1
            delay = self._delay
            self._changed.notify_all()
        if delay and self._stop.wait(delay):
            return False
        fault = self._use_fault(SimulatedFault.SILENT, *_STATUS_FAULTS)
        if fault is SimulatedFault.SILENT:
            return False
        client.sendall(format_host_status(self._current_status(fault)))
        return True

    def _take_formats(self, stream: bytes, connection: int) -> bytes:
        while True:
            upper = stream.upper()
            start = upper.find(b"^XA")
            if start < 0:
                # Bytes outside a format are ignored, as a printer does; the last two may
                # be the start of a "^XA" split across reads.
                return stream[-2:]
            end = upper.find(b"^XZ", start + 3)
            if end < 0:
                return stream[start:]
            zpl = stream[start : end + 3].decode("utf-8", errors="replace")
            stream = stream[end + 3 :]
            self._record(zpl, connection)

    def _record(self, zpl: str, connection: int) -> None:
        with self._lock:
            printed = self._fault not in _STATUS_FAULTS
            sequence = len(self._labels) + 1
        preview: Path | None = None
        if self._render_dir is not None:
            self._render_dir.mkdir(parents=True, exist_ok=True)
            try:
                png = render_preview_png(zpl)
            except LabelError:
                pass
            else:
                preview = self._render_dir / f"label-{sequence:05d}.png"
                preview.write_bytes(png)
        label = ReceivedLabel(
            zpl=zpl,
            received_at=datetime.now(UTC),
            connection=connection,
            printed=printed,
            preview=preview,
        )
        with self._lock:
            self._labels.append(label)
            self._changed.notify_all()
        self._emit(
            {
                "event": "label",
                "sequence": sequence,
                "bytes": len(zpl.encode("utf-8")),
                "printed": printed,
                "preview": str(preview) if preview else None,
            }
        )


# -- command line ------------------------------------------------------------------------


def add_printer_simulate_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add ``printer`` to ``station simulate``; the handler is ``args.func(args) -> int``."""
    parser = subparsers.add_parser(
        "printer",
        help="a virtual Zebra label printer on a TCP port",
        description="Run a virtual Zebra label printer. Prints HOST:PORT first, then one "
        "JSON object per label or fault change.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=9100, help="TCP port (0: any free port)")
    parser.add_argument(
        "--fault",
        choices=[f.value for f in SimulatedFault],
        default="none",
        help="misbehave from the start",
    )
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each ~HS answer")
    parser.add_argument("--render-dir", type=Path, help="write a PNG preview of each label here")
    parser.add_argument(
        "--script",
        help="file of commands (fault NAME [TIMES] | delay S | wait S), '-' for stdin",
    )
    parser.set_defaults(func=run_printer_simulator)
    return parser


class ScriptError(ValueError):
    """A simulator script line that cannot be understood."""


def run_script(
    simulator: PrinterSimulator, lines: Iterable[str], stop: threading.Event
) -> list[str]:
    """Apply script commands in order; returns the errors (bad lines never stop the script)."""
    errors: list[str] = []
    for number, raw in enumerate(lines, start=1):
        if stop.is_set():
            break
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        try:
            command = words[0].lower()
            if command == "fault" and len(words) in (2, 3):
                times = int(words[2]) if len(words) == 3 else None
                simulator.set_fault(words[1], times=times)
            elif command in ("clear", "ok") and len(words) == 1:
                simulator.set_fault(SimulatedFault.NONE)
            elif command == "delay" and len(words) == 2:
                simulator.set_delay(float(words[1]))
            elif command == "wait" and len(words) == 2:
                stop.wait(float(words[1]))
            else:
                raise ScriptError("expected: fault NAME [TIMES] | clear | delay S | wait S")
        except (ValueError, ScriptError) as exc:
            errors.append(f"line {number}: {line!r}: {exc}")
    return errors


def run_printer_simulator(
    args: argparse.Namespace,
    *,
    stdout: TextIO | None = None,
    stdin: TextIO | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run until SIGINT/SIGTERM (or ``stop`` is set); returns the process exit code."""
    out = stdout or sys.stdout
    stop = stop or threading.Event()
    write_lock = threading.Lock()

    def emit(event: dict[str, Any]) -> None:
        with write_lock:
            out.write(json.dumps(event) + "\n")
            out.flush()

    simulator = PrinterSimulator(
        args.host,
        args.port,
        fault=args.fault,
        delay=args.delay,
        render_dir=args.render_dir,
        on_event=emit,
    )
    try:
        host, port = simulator.start()
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
    with write_lock:
        out.write(f"{host}:{port}\n")
        out.flush()
    try:
        if args.script:
            script: TextIO
            if args.script == "-":
                script = stdin or sys.stdin
                errors = run_script(simulator, script, stop)
            else:
                try:
                    with open(args.script, encoding="utf-8") as script:
                        errors = run_script(simulator, script, stop)
                except OSError as exc:
                    errors = [f"cannot read script {args.script}: {exc}"]
            for error in errors:
                emit({"event": "error", "message": error})
        while not stop.wait(0.5):
            pass
    finally:
        simulator.stop()
    return 0
