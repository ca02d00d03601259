"""Raw TCP label printer (port 9100): ``~HS`` before every job, confirmation after it.

One job is one connection:

1. connect, send ``~HS`` and wait for the three status strings (``timeout``, 1 s by
   default). No answer, a garbled answer or a reported fault raises before any byte of
   the job is sent, so the job can safely be tried again later.
2. send the ZPL followed by a second ``~HS``. The printer reads its input in order, so
   an answer to that second ``~HS`` proves it has taken in the whole job. If the
   connection breaks or no answer comes within ``job_timeout``, the label may or may not
   have printed and :class:`PrinterUncertain` is raised instead — the queue asks the
   operator rather than printing it a second time.

Some Zebra firmware stays silent on ``~HS`` while out of paper or with the head open, so
"no answer" names those causes too.
"""

from __future__ import annotations

import socket
import time

from drivers.printers.base import canonical_job_id, encode_zpl
from drivers.printers.status import (
    MAX_REPLY_BYTES,
    PrinterError,
    PrinterFault,
    PrinterStatus,
    PrinterUncertain,
    parse_host_status,
    reply_complete,
)

HOST_STATUS = b"~HS"


class _NoAnswer(Exception):
    """The printer did not answer ``~HS`` before the deadline (or closed the connection)."""


def _read_host_status(sock: socket.socket, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    buffer = b""
    while not reply_complete(buffer):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            # Three strings without the final CR LF still make a whole reply.
            if buffer.count(b"\x03") >= 3:
                return buffer
            raise _NoAnswer
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(512)
        except TimeoutError:
            continue
        if not chunk:
            raise _NoAnswer
        buffer += chunk
        if len(buffer) > MAX_REPLY_BYTES:
            raise PrinterError(f"unreadable ~HS reply: more than {MAX_REPLY_BYTES} bytes")
    return buffer


class TcpPrinter:
    """A Zebra-compatible printer on the network, spoken to over raw TCP."""

    idempotent = False

    def __init__(
        self, host: str, port: int = 9100, timeout: float = 1.0, job_timeout: float = 10.0
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        # Sending a big label to a busy printer can take longer than a status question.
        self.job_timeout = max(job_timeout, timeout)
        self.last_status: PrinterStatus | None = None

    @property
    def name(self) -> str:
        return f"{self.host}:{self.port}"

    def __repr__(self) -> str:
        return f"TcpPrinter({self.host!r}, {self.port})"

    def _connect(self) -> socket.socket:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except TimeoutError:
            raise PrinterError(
                f"no connection to printer at {self.name} within {self.timeout:g} s "
                "— check power and network"
            ) from None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise PrinterError(
                f"cannot connect to printer at {self.name}: {reason} — check power and network"
            ) from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def _ask_status(self, sock: socket.socket) -> PrinterStatus:
        try:
            sock.sendall(HOST_STATUS)
            reply = _read_host_status(sock, self.timeout)
        except _NoAnswer:
            raise PrinterError(
                f"printer did not answer ~HS within {self.timeout:g} s at {self.name} "
                "— check power and network (some printers also stay silent while out of "
                "paper or with the head open)"
            ) from None
        except OSError as exc:
            raise PrinterError(
                f"connection to printer at {self.name} failed while asking its status: {exc}"
            ) from None
        status = parse_host_status(reply)
        self.last_status = status
        return status

    def status(self) -> PrinterStatus:
        """Ask the printer with ``~HS``; raises :class:`PrinterError` when it cannot tell."""
        with self._connect() as sock:
            return self._ask_status(sock)

    def send(self, job_id: str, zpl: str) -> None:
        """Print one label job; see the module docstring for what each error means."""
        canonical_job_id(job_id)
        payload = encode_zpl(zpl)
        with self._connect() as sock:
            status = self._ask_status(sock)
            if not status.ok:
                raise PrinterFault(status, self.name)
            # From the first byte of the job on, a failure may leave a printed label.
            try:
                sock.settimeout(self.job_timeout)
                sock.sendall(payload + HOST_STATUS)
                reply = _read_host_status(sock, self.job_timeout)
            except _NoAnswer:
                raise PrinterUncertain(
                    f"printer at {self.name} took the job but did not confirm it within "
                    f"{self.job_timeout:g} s — the label may have printed"
                ) from None
            except OSError as exc:
                raise PrinterUncertain(
                    f"connection to printer at {self.name} broke during the job ({exc}) "
                    "— the label may have printed"
                ) from None
            try:
                self.last_status = parse_host_status(reply)
            except PrinterError:
                # The answer proves delivery even if it is unreadable.
                self.last_status = None
