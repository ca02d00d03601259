"""The durable label print queue: one worker thread, retries with backoff, nothing dropped.

Callers ``submit`` a job (one short committed insert — the caller never waits for a
printer) and get its UUID back; the worker thread sends jobs in order per printer and
reports every step to ``on_event`` as a :class:`PrintQueueEvent` (called on the worker
thread; the UI bridges it into Qt).

Each job is printed once
    The job's UUID is its identity end to end: ``submit`` with a UUID already stored is a
    no-op, and the file sink names its files by it. Before sending, the job is committed as
    ``sending``; after the printer confirms, as ``done``. The one window where a label can
    come out twice is a crash (or power cut) between the printer taking the job and the
    ``done`` commit — a few milliseconds for TCP, since the printer's confirmation is the
    very next thing read. A job found in ``sending`` at start-up is therefore

    * re-sent when its printer is idempotent (the file sink overwrites ``<uuid>.zpl``);
    * otherwise (TCP, spooler) set to ``uncertain``: "may have printed — confirm". The
      operator either confirms it (:meth:`PrintQueue.confirm_printed`) or asks for a
      reprint (:meth:`PrintQueue.reprint`). The same happens when a TCP connection breaks
      after job bytes were sent, or the printer never confirms the job.

Nothing is silently dropped
    A job that fails before any byte reached the printer (no answer to ``~HS``, paper out,
    head open, paused, refused connection) goes to ``failed`` with its last error and is
    tried again after 1, 2, 5, 10, then every 30 s — indefinitely, visible in
    :meth:`PrintQueue.jobs`, until it prints or an operator cancels it.
    :meth:`PrintQueue.retry_now` skips the wait once the operator has fixed the printer.

Jobs of one printer go out in submission order; a job waiting for its retry holds the
later ones back (a paper-out printer would fail them too, and labels in order are easier
to match to units).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Engine

from drivers.device_config import DeviceConfigError, device_role
from drivers.printers.base import Printer
from drivers.printers.config import open_printer
from drivers.printers.filesink import FilePrinter
from drivers.printers.jobstore import (
    JobState,
    PrintJobStore,
    QueuedJob,
    SqlitePrintJobStore,
    utcnow,
)
from drivers.printers.status import PrinterError, PrinterFault, PrinterStatus, PrinterUncertain
from station.config import StationConfig

log = logging.getLogger(__name__)

DEFAULT_BACKOFF: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)

EventKind = Literal[
    "queued", "sending", "printed", "retrying", "uncertain", "requeued", "confirmed", "cancelled"
]


@dataclasses.dataclass(frozen=True, slots=True)
class PrintQueueEvent:
    """Something happened to a print job; ``message`` is meant for the operator."""

    kind: EventKind
    job_id: str
    lpn: str
    printer: str
    attempts: int
    message: str
    at: datetime
    next_attempt_at: datetime | None = None
    status: PrinterStatus | None = None  # the printer's report when it refused the job


def retry_delay(attempts: int, schedule: Sequence[float] = DEFAULT_BACKOFF) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (the last step repeats)."""
    if not schedule:
        raise ValueError("backoff schedule is empty")
    return float(schedule[min(max(attempts, 1), len(schedule)) - 1])


class PrintQueue:
    """Sends stored print jobs to their printers from one worker thread.

    ``printers`` maps the printer names jobs carry (usually the ``[devices.*]`` table name)
    to printers. ``clock`` must return aware UTC datetimes; ``backoff`` is the retry
    schedule in seconds. Only one queue may work on a store at a time (the station's
    process lock sees to that), since start-up treats every ``sending`` job as interrupted.
    """

    def __init__(
        self,
        store: PrintJobStore,
        printers: Mapping[str, Printer],
        *,
        on_event: Callable[[PrintQueueEvent], None] | None = None,
        clock: Callable[[], datetime] = utcnow,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
        idle_check_s: float = 5.0,
    ) -> None:
        if not backoff:
            raise ValueError("backoff schedule is empty")
        self.store = store
        self.printers = dict(printers)
        self._on_event = on_event
        self._clock = clock
        self._backoff = tuple(backoff)
        self._idle_check_s = idle_check_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._submit_lock = threading.Lock()
        self._last_created: datetime | None = None
        self._progress = threading.Condition()  # notified after every job attempt
        self._in_hand = False  # the worker is between picking a job and recording it

    # -- for any thread --------------------------------------------------------------

    def submit(
        self, lpn: str, zpl: str, *, printer: str | None = None, job_id: str | None = None
    ) -> str:
        """Queue a label; returns the job UUID. Re-submitting a stored UUID changes nothing."""
        name = printer if printer is not None else self._default_printer()
        if name not in self.printers:
            known = ", ".join(sorted(self.printers)) or "none"
            raise ValueError(f"no printer named {name!r} is configured (printers: {known})")
        with self._submit_lock:
            # Strictly increasing creation times keep submission order even when the clock
            # does not move between two submissions.
            now = self._clock()
            if self._last_created is not None and now <= self._last_created:
                now = self._last_created + timedelta(microseconds=1)
            self._last_created = now
        job = QueuedJob.new(lpn, zpl, name, now=now, job_id=job_id)
        if self.store.add(job):
            self._emit("queued", job, f"label for {lpn} queued for {name}")
        self._wake.set()
        return job.id

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued, failing or uncertain job; False if it is printing or finished."""
        job = self.store.get(job_id)
        if job is None or not self.store.cancel(job_id):
            return False
        self._emit("cancelled", job, f"label for {job.lpn} cancelled")
        return True

    def reprint(self, job_id: str) -> bool:
        """Send an uncertain (or failing) job again — the operator saw no label come out."""
        job = self.store.get(job_id)
        if job is None or job.state not in (JobState.UNCERTAIN, JobState.FAILED):
            return False
        if not self.store.requeue(job_id, self._clock()):
            return False
        self._emit("requeued", job, f"label for {job.lpn} will be printed again")
        self._wake.set()
        return True

    def confirm_printed(self, job_id: str) -> bool:
        """Close an uncertain job — the operator saw its label come out."""
        job = self.store.get(job_id)
        if job is None or not self.store.confirm_printed(job_id):
            return False
        self._emit("confirmed", job, f"label for {job.lpn} confirmed as printed")
        return True

    def retry_now(self, printer: str | None = None) -> int:
        """Make failing jobs (of one printer, or all) due now; returns how many."""
        now = self._clock()
        count = 0
        for job in self.store.pending():
            if job.state is JobState.FAILED and printer in (None, job.printer):
                count += self.store.requeue(job.id, now)
        self._wake.set()
        return count

    def jobs(self) -> list[QueuedJob]:
        """Every open job (queued, sending, failed, uncertain), oldest first."""
        return self.store.pending()

    def wake(self) -> None:
        """Look at the store now: a job was added behind the queue's back (same database)."""
        self._wake.set()

    def drain(self, timeout: float) -> bool:
        """Wait until every job that can go out now has had its attempt.

        Returns True when nothing is due or being sent (jobs waiting for a retry or for
        the operator do not count), False when ``timeout`` ran out first.
        """
        self._wake.set()

        def drained() -> bool:
            if self._in_hand:
                return False
            return self.store.next_due(self._clock()) is None

        with self._progress:
            return self._progress.wait_for(drained, timeout=timeout)

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("print queue already started")
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> bool:
        """Ask the worker to stop after the job in hand; returns False if it did not in time."""
        self._stopping.set()
        self._wake.set()
        return self.join(timeout)

    def join(self, timeout: float | None = None) -> bool:
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            return False
        self._thread = None
        return True

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> PrintQueue:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- worker thread ---------------------------------------------------------------

    def _default_printer(self) -> str:
        if "default" in self.printers:
            return "default"
        if len(self.printers) == 1:
            return next(iter(self.printers))
        raise ValueError("several printers and no 'default' are configured: say which one")

    def _emit(
        self,
        kind: EventKind,
        job: QueuedJob,
        message: str,
        *,
        attempts: int | None = None,
        next_attempt_at: datetime | None = None,
        status: PrinterStatus | None = None,
        at: datetime | None = None,
    ) -> None:
        if self._on_event is None:
            return
        event = PrintQueueEvent(
            kind=kind,
            job_id=job.id,
            lpn=job.lpn,
            printer=job.printer,
            attempts=job.attempts if attempts is None else attempts,
            message=message,
            at=at or self._clock(),
            next_attempt_at=next_attempt_at,
            status=status,
        )
        try:
            self._on_event(event)
        except Exception:
            # A broken listener must not stop labels from printing.
            log.exception("print queue event listener failed on %s", kind)

    def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                self._recover()
                break
            except Exception:
                failures += 1
                log.exception("print queue could not read its jobs (try %d)", failures)
                self._stopping.wait(min(30.0, float(failures)))
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                worked = self._step()
                with self._progress:
                    self._progress.notify_all()
                if worked:
                    failures = 0
                    continue
                wait = self._idle_wait()
            except Exception:
                # The database being locked or full must not kill the worker.
                failures += 1
                log.exception("print queue step failed (try %d)", failures)
                wait = min(30.0, float(failures))
            self._wake.wait(wait)

    def _recover(self) -> None:
        for job in self.store.pending():
            if job.state is not JobState.SENDING:
                continue
            printer = self.printers.get(job.printer)
            if printer is not None and printer.idempotent:
                if self.store.requeue(job.id, self._clock()):
                    self._emit(
                        "requeued",
                        job,
                        f"label for {job.lpn} was interrupted by a restart; sending it again "
                        f"({printer.name} cannot print it twice)",
                    )
            else:
                message = (
                    f"the station stopped while the label for {job.lpn} was being sent — "
                    "it may have printed: confirm it, or reprint it"
                )
                if self.store.mark_uncertain(job.id, message):
                    self._emit("uncertain", job, message)

    def _idle_wait(self) -> float:
        now = self._clock()
        earliest: float = self._idle_check_s
        held: set[str] = set()
        for job in self.store.pending():
            if job.state not in (JobState.QUEUED, JobState.FAILED) or job.printer in held:
                continue
            held.add(job.printer)
            if job.next_attempt_at is None:
                return 0.0
            earliest = min(earliest, (job.next_attempt_at - now).total_seconds())
        return max(0.0, earliest)

    def _step(self) -> bool:
        """Send the next due job, if any; returns whether there was one."""
        with self._progress:
            job = self.store.next_due(self._clock())
            if job is None:
                return False
            self._in_hand = True
        try:
            return self._attempt(job)
        finally:
            with self._progress:
                self._in_hand = False

    def _attempt(self, job: QueuedJob) -> bool:
        if not self.store.mark_sending(job.id):
            return True  # cancelled between the two reads
        attempts = job.attempts + 1
        self._emit("sending", job, f"printing label for {job.lpn}", attempts=attempts)
        printer = self.printers.get(job.printer)
        try:
            if printer is None:
                raise PrinterError(f"no printer named {job.printer!r} is configured")
            printer.send(job.id, job.zpl)
        except PrinterUncertain as exc:
            message = (
                f"{exc}. Check the printer: confirm if the label for {job.lpn} came out, "
                "otherwise reprint it"
            )
            self._record(lambda: self.store.mark_uncertain(job.id, message))
            self._emit("uncertain", job, message, attempts=attempts)
        except PrinterError as exc:
            status = exc.status if isinstance(exc, PrinterFault) else None
            self._fail(job, attempts, str(exc), status)
        except Exception as exc:
            log.exception("label job %s failed unexpectedly", job.id)
            self._fail(job, attempts, f"unexpected error: {exc!r}", None)
        else:
            self._record(lambda: self.store.mark_done(job.id))
            self._emit("printed", job, f"label for {job.lpn} printed", attempts=attempts)
        return True

    def _fail(
        self, job: QueuedJob, attempts: int, error: str, status: PrinterStatus | None
    ) -> None:
        delay = retry_delay(attempts, self._backoff)
        failed_at = self._clock()
        next_attempt_at = failed_at + timedelta(seconds=delay)
        self._record(lambda: self.store.mark_failed(job.id, error, next_attempt_at))
        self._emit(
            "retrying",
            job,
            f"label for {job.lpn} not printed: {error} (trying again in {delay:g} s)",
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            status=status,
            at=failed_at,
        )

    def _record(self, write: Callable[[], bool]) -> None:
        """Commit an outcome, retrying briefly: the label is out, so the record must follow."""
        delay = 0.05
        for attempt in range(6):
            try:
                write()
                return
            except Exception:
                if attempt == 5:
                    # Left in "sending": the next start-up marks it uncertain, never lost.
                    raise
                log.warning("could not record a print job outcome; retrying", exc_info=True)
                self._stopping.wait(delay)
                delay *= 2


def station_printers(config: StationConfig) -> dict[str, Printer]:
    """The printers a station's config names, keyed by device table name, plus "default".

    A device table is a printer when the device manager's rule says so (``type =
    "printer"``, or a name starting with "printer"); ``enabled = false`` leaves it out.
    "default" — the name the bench workflow gives its jobs — is ``[devices.printer]``, or,
    when that is absent or disabled, a file sink in the station's labels folder, so labels
    are kept rather than lost.
    """
    base_dir = config.source.parent if config.source is not None else config.paths.home
    printers: dict[str, Printer] = {}
    for name, table in config.devices.items():
        try:
            role = device_role(name, table)
        except DeviceConfigError:
            continue  # not recognisably a printer; the device manager reports it
        if role != "printer" or table.get("enabled", True) is False:
            continue
        printers[name] = open_printer(
            table, section=f"devices.{name}", base_dir=base_dir, dpi=config.label_dpi
        )
    printers["default"] = printers.get("printer") or FilePrinter(
        config.paths.labels, dpi=config.label_dpi
    )
    return printers


def start_station_print_queue(
    config: StationConfig,
    engine: Engine,
    *,
    on_event: Callable[[PrintQueueEvent], None] | None = None,
) -> PrintQueue:
    """The station's print queue over its database, already running."""
    queue = PrintQueue(SqlitePrintJobStore(engine), station_printers(config), on_event=on_event)
    queue.start()
    return queue
