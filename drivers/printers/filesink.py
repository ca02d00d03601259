"""Label "printer" that writes each job to a folder: ``<job>.zpl`` plus a ``<job>.png`` preview.

Used by ``station run --demo``, by training PCs without a printer and by tests. Files are
named by job UUID and written atomically (temporary file, fsync, ``os.replace``), so
sending the same job again after a crash overwrites it with identical content instead of
producing a second label. The preview is written before the ZPL: a ``.zpl`` file is the
sign that the job is complete. A label that zplkit cannot render is still written (a real
printer would print it too) — only its preview is missing, and the reason is logged.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from drivers.printers.base import canonical_job_id, encode_zpl
from drivers.printers.status import PrinterError, PrinterStatus
from station.files import write_atomically
from station.labels import LabelError, render_preview_png

log = logging.getLogger(__name__)


class FilePrinter:
    """Writes labels to ``folder`` instead of paper."""

    idempotent = True

    def __init__(self, folder: Path | str, *, preview: bool = True, dpi: int = 203) -> None:
        self.folder = Path(folder)
        self.preview = preview
        self.dpi = dpi

    @property
    def name(self) -> str:
        return f"file:{self.folder}"

    def __repr__(self) -> str:
        return f"FilePrinter({str(self.folder)!r})"

    def zpl_path(self, job_id: str) -> Path:
        return self.folder / f"{canonical_job_id(job_id)}.zpl"

    def preview_path(self, job_id: str) -> Path:
        return self.folder / f"{canonical_job_id(job_id)}.png"

    def status(self) -> PrinterStatus:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return PrinterStatus(fault=f"Label folder {self.folder} cannot be created — {exc}")
        if not os.access(self.folder, os.W_OK | os.X_OK):
            return PrinterStatus(fault=f"Label folder {self.folder} is not writable")
        return PrinterStatus()

    def send(self, job_id: str, zpl: str) -> None:
        job = canonical_job_id(job_id)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if self.preview:
                try:
                    png = render_preview_png(zpl, dpi=self.dpi)
                except LabelError as exc:
                    log.warning("no preview for label job %s: %s", job, exc)
                else:
                    write_atomically(self.folder / f"{job}.png", png)
            write_atomically(self.folder / f"{job}.zpl", encode_zpl(zpl))
        except OSError as exc:
            raise PrinterError(f"cannot write label to {self.folder}: {exc}") from None
