"""Label printer behind the system spooler (CUPS ``lpr``), through the ``zebra`` package.

A spooler accepts jobs for a printer that may be switched off and never reports paper
out, so the status is always "unknown". ``zebra`` pipes the raw ZPL into
``lpr -P<queue> -oraw`` and does not look at lpr's exit code; we therefore check up
front that ``lpr`` exists and, when ``lpstat`` is available, that the queue exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import zebra

from drivers.printers.base import canonical_job_id, encode_zpl
from drivers.printers.status import PrinterError, PrinterStatus, PrinterUncertain

LPSTAT_TIMEOUT_S = 5.0


def spooler_queues() -> list[str] | None:
    """Printer queues the spooler knows, or None when ``lpstat`` is not installed."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    try:
        result = subprocess.run(
            [lpstat, "-p"],
            capture_output=True,
            text=True,
            timeout=LPSTAT_TIMEOUT_S,
            # The whole environment: CUPS_SERVER may name the print server.
            env=os.environ | {"LANG": "C", "LC_ALL": "C"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return [line.split()[1] for line in result.stdout.splitlines() if line.startswith("printer ")]


class SpoolerPrinter:
    """A printer queue of the operating system's spooler."""

    idempotent = False

    def __init__(self, queue: str) -> None:
        if not queue:
            raise PrinterError("spooler printer needs a queue name")
        self.queue = queue

    @property
    def name(self) -> str:
        return f"spooler:{self.queue}"

    def __repr__(self) -> str:
        return f"SpoolerPrinter({self.queue!r})"

    def _check_ready(self) -> None:
        if shutil.which("lpr") is None:
            raise PrinterError(
                f"cannot print to spooler queue {self.queue!r}: the 'lpr' command is not "
                "installed — install CUPS (e.g. apt install cups-client) or configure "
                'kind="tcp" for a networked printer'
            )
        queues = spooler_queues()
        if queues is not None and self.queue not in queues:
            known = ", ".join(queues) if queues else "none"
            raise PrinterError(
                f"the spooler has no printer queue {self.queue!r} (queues: {known}) "
                "— add it in CUPS or fix [devices.printer] queue"
            )

    def status(self) -> PrinterStatus:
        try:
            self._check_ready()
        except PrinterError as exc:
            return PrinterStatus(known=False, fault=str(exc))
        return PrinterStatus.unknown(f"spooler queue {self.queue!r} does not report paper or head")

    def send(self, job_id: str, zpl: str) -> None:
        canonical_job_id(job_id)
        self._check_ready()
        try:
            zebra.Zebra(self.queue).output(encode_zpl(zpl))
        except FileNotFoundError:
            raise PrinterError(
                f"the 'lpr' command vanished while printing to {self.queue!r}"
            ) from None
        except OSError as exc:
            # lpr started and may have queued part or all of the job.
            raise PrinterUncertain(
                f"spooler queue {self.queue!r} failed while taking the job ({exc}) "
                "— the label may have printed"
            ) from None
