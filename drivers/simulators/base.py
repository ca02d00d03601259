"""A virtual serial device on a real pseudo-terminal, driven by a one-action-a-line script.

`PtySimulator` opens a pty (``os.openpty``) and gives out the slave's path — open it as a
serial port like any USB adapter. A service thread reads what the host sends and lets the
subclass answer; writes are non-blocking (bytes nobody reads are dropped, as on a real line).
``unplug`` closes both ends, so the host's reads fail as when a cable is pulled, and
``replug`` opens a new pty. With ``link`` set, a symlink at that path always points to the
current pty, the way ``/dev/serial/by-id/...`` follows a replugged adapter.

Script lines (blank lines and ``#`` comments are skipped)::

    sleep 0.2          wait
    unplug / replug    pull the cable / plug it back (a new pty)
    chunk 1 0.001      write N bytes at a time with a pause between chunks (0 = whole)
    bytes 41 42 0d     send raw bytes (hex), e.g. garbage
    quit               end the simulation

Subclasses add their own verbs by defining ``do_<verb>(self, argument: str)``. Text
arguments understand the escapes ``\\r \\n \\t \\\\ \\xHH`` and ``<GS> <RS> <EOT> <CR> <LF>``.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import threading
import time
import tty
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Self, TextIO

_ESCAPES = re.compile(r"\\x([0-9A-Fa-f]{2})|\\(.)|<(GS|RS|EOT|CR|LF|STX|ETX)>")
_NAMED = {
    "GS": "\x1d",
    "RS": "\x1e",
    "EOT": "\x04",
    "CR": "\r",
    "LF": "\n",
    "STX": "\x02",
    "ETX": "\x03",
}
_SIMPLE = {"r": "\r", "n": "\n", "t": "\t", "\\": "\\", "0": "\0"}


def unescape(text: str) -> str:
    """Script text with its escapes replaced (see the module docstring)."""

    def one(match: re.Match[str]) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        if match.group(2):
            return _SIMPLE.get(match.group(2), match.group(2))
        return _NAMED[match.group(3)]

    return _ESCAPES.sub(one, text)


class ScriptError(ValueError):
    """A script line that cannot be acted on."""


class PtySimulator:
    """Base of the virtual devices; see the module docstring."""

    kind = "device"

    def __init__(self, *, link: str | Path | None = None, tick_s: float = 0.005) -> None:
        self.link = Path(link) if link else None
        self.tick_s = tick_s
        self.chunk_size = 0
        self.chunk_delay_s = 0.0
        self.dropped = 0  # bytes written while nobody could take them
        self._write_lock = threading.Lock()  # guards the descriptors
        self._send_lock = threading.Lock()  # one message at a time, even when chunked
        self._master: int | None = None
        self._slave: int | None = None
        self._path: str | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake_r, self._wake_w = -1, -1
        self._requests: list[tuple[Callable[[], None], threading.Event]] = []
        self._requests_lock = threading.Lock()

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def path(self) -> str:
        """What the host opens: the link if one is set, else the pty slave."""
        if self.link is not None:
            return str(self.link)
        if self._path is None:
            raise RuntimeError("simulator not plugged in")
        return self._path

    @property
    def pty_path(self) -> str | None:
        return self._path

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def start(self) -> str:
        if self._thread is not None:
            raise RuntimeError("simulator already started")
        self._wake_r, self._wake_w = os.pipe()
        self._stop.clear()
        self._plug()
        self._thread = threading.Thread(target=self._serve, name=f"sim-{self.kind}", daemon=True)
        self._thread.start()
        return self.path

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            os.write(self._wake_w, b"x")
            self._thread.join(2.0)
            self._thread = None
        self._unplug()
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                os.close(fd)
        self._wake_r = self._wake_w = -1

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def unplug(self) -> None:
        """Close the pty, as if the cable were pulled (done on the service thread)."""
        self._on_service_thread(self._unplug)

    def replug(self) -> str:
        """Open a new pty (and re-point the link); returns the path to open."""
        self._on_service_thread(self._plug)
        return self.path

    def _on_service_thread(self, action: Callable[[], None]) -> None:
        # The service thread may be in select() on the master fd: closing it from here
        # could let a new descriptor with the same number be read by mistake.
        if self._thread is None:
            action()
            return
        done = threading.Event()
        with self._requests_lock:
            self._requests.append((action, done))
        os.write(self._wake_w, b"x")
        if not done.wait(5.0):
            raise RuntimeError("simulator service thread did not answer")

    def _plug(self) -> None:
        if self._master is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no CR/LF translation before the host configures it
        os.set_blocking(master, False)
        self._path = os.ttyname(slave)
        with self._write_lock:
            self._master, self._slave = master, slave
        if self.link is not None:
            temporary = self.link.with_name(self.link.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            temporary.symlink_to(self._path)
            temporary.replace(self.link)
        self.plugged_in()

    def _unplug(self) -> None:
        with self._write_lock:
            master, slave = self._master, self._slave
            self._master = self._slave = None
        if self.link is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()
        for fd in (master, slave):
            if fd is not None:
                os.close(fd)
        self._path = None

    # -- I/O ------------------------------------------------------------------------------

    def send(self, data: bytes) -> bool:
        """Write to the host; False when unplugged. Honours ``chunk_size``/``chunk_delay_s``."""
        size = self.chunk_size or len(data) or 1
        with self._send_lock:
            for index in range(0, len(data), size):
                if index and self.chunk_delay_s:
                    time.sleep(self.chunk_delay_s)
                if not self._write(data[index : index + size]):
                    return False
        return True

    def _write(self, data: bytes) -> bool:
        with self._write_lock:
            if self._master is None:
                self.dropped += len(data)
                return False
            view = memoryview(data)
            while view:
                try:
                    written = os.write(self._master, view)
                except BlockingIOError:
                    self.dropped += len(view)  # nobody reads: the line just drops it
                    return True
                except OSError:
                    self.dropped += len(view)
                    return False
                view = view[written:]
        return True

    def _serve(self) -> None:
        while not self._stop.is_set():
            with self._requests_lock:
                requests, self._requests = self._requests, []
            for action, done in requests:
                try:
                    action()
                finally:
                    done.set()
            master = self._master
            watch = [self._wake_r] + ([master] if master is not None else [])
            ready, _, _ = select.select(watch, [], [], self.tick_s)
            if self._wake_r in ready:
                os.read(self._wake_r, 512)
            if master is not None and master in ready:
                try:
                    data = os.read(master, 4096)
                except OSError:
                    data = b""
                if data:
                    self.received(data)
            self.idle(time.monotonic())

    # -- for subclasses -------------------------------------------------------------------

    def plugged_in(self) -> None:
        """Called (on any thread) after a new pty was opened."""

    def received(self, data: bytes) -> None:
        """Bytes from the host (service thread)."""

    def idle(self, now: float) -> None:
        """Called on the service thread at least every ``tick_s``."""

    # -- scripts --------------------------------------------------------------------------

    def run(self, line: str) -> bool:
        """Act on one script line; False means ``quit``. Raises `ScriptError`."""
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        verb, _, argument = line.partition(" ")
        verb = verb.lower()
        if verb == "quit":
            return False
        handler = getattr(self, f"do_{verb}", None)
        if handler is None:
            raise ScriptError(f"unknown action {verb!r}")
        handler(argument.strip())
        return True

    def run_script(self, lines: Iterable[str], errors: TextIO | None = None) -> bool:
        """Run lines until ``quit`` (returns False) or their end (True). Bad lines are reported."""
        for number, line in enumerate(lines, 1):
            try:
                if not self.run(line):
                    return False
            except (ScriptError, ValueError) as exc:
                if errors is not None:
                    errors.write(f"line {number}: {exc}\n")
                    errors.flush()
        return True

    def do_sleep(self, argument: str) -> None:
        time.sleep(script_number(argument, "sleep SECONDS"))

    def do_unplug(self, argument: str) -> None:
        self.unplug()

    def do_replug(self, argument: str) -> None:
        self.replug()

    def do_chunk(self, argument: str) -> None:
        parts = argument.split()
        if not 1 <= len(parts) <= 2:
            raise ScriptError("chunk SIZE [DELAY_SECONDS]")
        self.chunk_size = int(script_number(parts[0], "chunk SIZE"))
        self.chunk_delay_s = script_number(parts[1], "chunk DELAY") if len(parts) == 2 else 0.0

    def do_bytes(self, argument: str) -> None:
        try:
            data = bytes.fromhex(argument)
        except ValueError as exc:
            raise ScriptError(f"bytes HEX: {exc}") from exc
        self.send(data)


def script_number(text: str, usage: str) -> float:
    """A non-negative number from a script argument, or `ScriptError` naming the usage."""
    try:
        value = float(text)
    except ValueError:
        raise ScriptError(f"expected {usage}") from None
    if value < 0 or value != value:
        raise ScriptError(f"expected {usage}")
    return value
