"""The one interface every label printer sink offers, and what all sinks share."""

from __future__ import annotations

import uuid
from typing import Protocol, runtime_checkable

from drivers.printers.status import PrinterError, PrinterStatus


@runtime_checkable
class Printer(Protocol):
    """A place labels go: a networked printer, a spooler queue or a folder.

    ``send`` raises :class:`PrinterError` when the job certainly did not print (safe to
    retry), :class:`PrinterFault` when the printer reported a fault before the job, and
    :class:`PrinterUncertain` when the job may have printed. ``idempotent`` is True when
    sending the same ``job_id`` twice cannot produce two labels (the file sink), which lets
    the queue re-send a job that was interrupted by a crash.
    """

    @property
    def name(self) -> str: ...

    @property
    def idempotent(self) -> bool: ...

    def status(self) -> PrinterStatus: ...

    def send(self, job_id: str, zpl: str) -> None: ...


def canonical_job_id(job_id: str) -> str:
    """The job's UUID in canonical form; anything else is refused (it names files)."""
    try:
        return str(uuid.UUID(job_id))
    except (ValueError, TypeError, AttributeError):
        raise PrinterError(f"job id {job_id!r} is not a UUID") from None


def encode_zpl(zpl: str) -> bytes:
    """ZPL as sent to the printer: UTF-8, which labels select with ``^CI28``."""
    return zpl.encode("utf-8")
