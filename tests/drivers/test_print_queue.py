"""The durable print queue on a real SQLite file and a simulated printer on real TCP sockets."""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, create_engine

from drivers.printers import (
    FilePrinter,
    JobState,
    Printer,
    PrintQueue,
    PrintQueueEvent,
    QueuedJob,
    SqlitePrintJobStore,
    TcpPrinter,
    print_jobs_table,
    retry_delay,
)
from drivers.printers.queue import start_station_print_queue, station_printers
from drivers.printers.simulator import PrinterSimulator, SimulatedFault
from station.config import StationConfig
from station.storage.db import Database
from station.storage.models import PrintJobRow, new_id, utcnow
from tests.drivers.printer_support import Recorder, new_threads

FAST = (0.05, 0.1, 0.2)


def label(lpn: str) -> str:
    return f"^XA^CI28^FO50,50^A0N,40,40^FD{lpn}^FS^XZ"


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert new_threads(before) == []


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{db_path}")
    yield engine
    engine.dispose()


@pytest.fixture
def simulator() -> Iterator[PrinterSimulator]:
    with PrinterSimulator() as sim:
        yield sim


def tcp(sim: PrinterSimulator) -> TcpPrinter:
    host, port = sim.address
    return TcpPrinter(host, port, timeout=1.0, job_timeout=2.0)


class Station:
    """A print queue with its store and recorded events, stopped by the test's end."""

    def __init__(self, engine: Engine, printers: dict[str, Printer]) -> None:
        self.store = SqlitePrintJobStore(engine)
        self.events: Recorder[PrintQueueEvent] = Recorder()
        self.queue = PrintQueue(self.store, printers, on_event=self.events, backoff=FAST)

    def kinds(self, kind: str) -> list[PrintQueueEvent]:
        return [e for e in self.events.items if e.kind == kind]

    def wait_kind(self, kind: str, count: int = 1, timeout: float = 5.0) -> list[PrintQueueEvent]:
        self.events.wait_for(lambda items: sum(e.kind == kind for e in items) >= count, timeout)
        return self.kinds(kind)


@pytest.fixture
def stations() -> Iterator[list[Station]]:
    made: list[Station] = []
    yield made
    for station in made:
        assert station.queue.stop(timeout=10)


StationFactory = Callable[..., Station]


@pytest.fixture
def station_for(stations: list[Station]) -> Iterator[StationFactory]:
    def make(engine: Engine, printers: dict[str, Printer], *, start: bool = True) -> Station:
        station = Station(engine, printers)
        stations.append(station)
        if start:
            station.queue.start()
        return station

    yield make


# -- printing ----------------------------------------------------------------------------


def test_job_is_printed_once_and_recorded(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    station = station_for(engine, {"default": tcp(simulator)})
    job_id = station.queue.submit("LPN-1", label("LPN-1"))
    station.wait_kind("printed")
    assert simulator.printed_zpl() == [label("LPN-1")]
    job = station.store.get(job_id)
    assert job is not None and job.state is JobState.DONE
    assert job.attempts == 1 and job.printed_at is not None
    assert station.queue.jobs() == []
    assert [e.kind for e in station.events.items] == ["queued", "sending", "printed"]


def test_resubmitting_the_same_job_uuid_prints_once(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    station = station_for(engine, {"default": tcp(simulator)})
    job_id = str(uuid.uuid4())
    assert station.queue.submit("LPN-1", label("LPN-1"), job_id=job_id) == job_id
    assert station.queue.submit("LPN-1", label("LPN-1"), job_id=job_id) == job_id
    station.wait_kind("printed")
    assert station.queue.drain(timeout=5)
    assert len(simulator.printed_zpl()) == 1


def test_jobs_of_one_printer_print_in_order_after_a_fault(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    simulator.set_fault(SimulatedFault.PAPER_OUT, times=1)
    station = station_for(engine, {"default": tcp(simulator)})
    for n in range(1, 5):
        station.queue.submit(f"LPN-{n}", label(f"LPN-{n}"))
    station.wait_kind("printed", 4)
    assert simulator.printed_zpl() == [label(f"LPN-{n}") for n in range(1, 5)]


def test_submissions_from_many_threads_all_print_exactly_once(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    station = station_for(engine, {"default": tcp(simulator)})

    def submit_batch(batch: int) -> None:
        for n in range(5):
            station.queue.submit(f"LPN-{batch}-{n}", label(f"LPN-{batch}-{n}"))

    threads = [threading.Thread(target=submit_batch, args=(b,)) for b in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    station.wait_kind("printed", 20, timeout=15)
    printed = simulator.printed_zpl()
    assert sorted(printed) == sorted(label(f"LPN-{b}-{n}") for b in range(4) for n in range(5))


# -- restart -----------------------------------------------------------------------------


def test_restart_with_jobs_queued_prints_each_exactly_once(
    db_path: Path, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    simulator.set_fault(SimulatedFault.PAPER_OUT)
    first_engine = create_engine(f"sqlite:///{db_path}")
    first = station_for(first_engine, {"default": tcp(simulator)})
    ids = [first.queue.submit(f"LPN-{n}", label(f"LPN-{n}")) for n in range(1, 4)]
    first.wait_kind("retrying")
    assert first.queue.stop(timeout=10)
    first_engine.dispose()
    assert simulator.printed_zpl() == []

    simulator.set_fault(SimulatedFault.NONE)
    second_engine = create_engine(f"sqlite:///{db_path}")
    try:
        second = station_for(second_engine, {"default": tcp(simulator)})
        second.wait_kind("printed", 3)
        assert second.queue.drain(timeout=5)
        assert second.queue.stop(timeout=10)
        # And a third start finds nothing left to print.
        third = station_for(second_engine, {"default": tcp(simulator)})
        assert third.queue.drain(timeout=5)
        assert third.kinds("printed") == []
    finally:
        second_engine.dispose()
    assert simulator.printed_zpl() == [label(f"LPN-{n}") for n in range(1, 4)]
    for job_id in ids:
        job = third.store.get(job_id)
        assert job is not None and job.state is JobState.DONE


def test_tcp_job_interrupted_by_a_crash_is_not_reprinted_silently(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    store = SqlitePrintJobStore(engine)
    job = QueuedJob.new("LPN-7", label("LPN-7"), "default", now=datetime.now(UTC))
    store.add(job)
    assert store.mark_sending(job.id)  # ... and then the station lost power.

    station = station_for(engine, {"default": tcp(simulator)})
    (event,) = station.wait_kind("uncertain")
    assert "may have printed" in event.message and "LPN-7" in event.message
    assert station.queue.drain(timeout=5)
    assert simulator.labels() == []
    (open_job,) = station.queue.jobs()
    assert open_job.state is JobState.UNCERTAIN and "confirm" in open_job.last_error

    # The operator saw no label: reprint it, once.
    assert station.queue.reprint(job.id)
    station.wait_kind("printed")
    assert simulator.printed_zpl() == [label("LPN-7")]
    assert not station.queue.reprint(job.id)  # done now; a reprint is a new job


def test_uncertain_job_can_be_confirmed_without_printing(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    store = SqlitePrintJobStore(engine)
    job = QueuedJob.new("LPN-8", label("LPN-8"), "default", now=datetime.now(UTC))
    store.add(job)
    store.mark_sending(job.id)
    station = station_for(engine, {"default": tcp(simulator)})
    station.wait_kind("uncertain")
    assert station.queue.confirm_printed(job.id)
    assert station.kinds("confirmed")[0].lpn == "LPN-8"
    stored = station.store.get(job.id)
    assert stored is not None and stored.state is JobState.DONE
    assert station.queue.jobs() == []
    assert simulator.labels() == []


def test_file_job_interrupted_by_a_crash_is_resent_and_still_one_label(
    engine: Engine, tmp_path: Path, station_for: StationFactory
) -> None:
    printer = FilePrinter(tmp_path / "labels")
    store = SqlitePrintJobStore(engine)
    job = QueuedJob.new("LPN-9", label("LPN-9"), "default", now=datetime.now(UTC))
    store.add(job)
    store.mark_sending(job.id)
    printer.send(job.id, job.zpl)  # the label was written; "done" never was.

    station = station_for(engine, {"default": printer})
    station.wait_kind("printed")
    assert station.kinds("requeued")[0].job_id == job.id
    assert [p.name for p in (tmp_path / "labels").glob("*.zpl")] == [f"{job.id}.zpl"]
    stored = station.store.get(job.id)
    assert stored is not None and stored.state is JobState.DONE and stored.attempts == 2


# -- faults and retries --------------------------------------------------------------------


def test_retry_schedule_defaults_and_cap() -> None:
    assert [retry_delay(n) for n in range(1, 8)] == [1, 2, 5, 10, 30, 30, 30]
    assert retry_delay(0) == 1
    assert retry_delay(5, FAST) == 0.2


def test_paper_out_is_retried_with_backoff_and_shown(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    simulator.set_fault(SimulatedFault.PAPER_OUT, times=3)
    station = station_for(engine, {"default": tcp(simulator)})
    job_id = station.queue.submit("LPN-2", label("LPN-2"))
    station.wait_kind("printed")
    retries = station.kinds("retrying")
    assert len(retries) == 3
    for attempt, (event, delay) in enumerate(zip(retries, FAST, strict=True), start=1):
        assert event.attempts == attempt
        assert "Paper out — load labels and press FEED" in event.message
        assert event.status is not None and event.status.fault_codes == ("paper_out",)
        assert event.next_attempt_at is not None
        assert event.next_attempt_at - event.at == timedelta(seconds=delay)
    # Attempts really were spaced by the schedule (not hammered).
    sending = [e.at for e in station.kinds("sending")]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(sending)]
    assert all(gap >= delay for gap, delay in zip(gaps, FAST, strict=True))
    job = station.store.get(job_id)
    assert job is not None and job.attempts == 4 and job.state is JobState.DONE
    assert simulator.printed_zpl() == [label("LPN-2")]


def test_printer_that_does_not_answer_is_retried(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    simulator.set_fault(SimulatedFault.SILENT, times=1)
    station = station_for(engine, {"default": tcp(simulator)})
    station.queue.submit("LPN-3", label("LPN-3"))
    station.wait_kind("printed", timeout=6)
    (retry,) = station.kinds("retrying")
    assert "did not answer ~HS within 1 s" in retry.message
    assert simulator.printed_zpl() == [label("LPN-3")]


def test_connection_dropped_mid_job_waits_for_the_operator(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    simulator.set_fault(SimulatedFault.DROP_MID_JOB, times=1)
    station = station_for(engine, {"default": tcp(simulator)})
    job_id = station.queue.submit("LPN-4", label("LPN-4"))
    (event,) = station.wait_kind("uncertain")
    assert "may have printed" in event.message
    assert station.queue.drain(timeout=5)
    assert simulator.printed_zpl() == []
    assert station.queue.reprint(job_id)
    station.wait_kind("printed")
    assert simulator.printed_zpl() == [label("LPN-4")]


def test_failing_job_stays_visible_until_cancelled(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    simulator.set_fault(SimulatedFault.HEAD_OPEN)
    station = station_for(engine, {"default": tcp(simulator)})
    stuck = station.queue.submit("LPN-5", label("LPN-5"))
    station.wait_kind("retrying", 3)
    (job,) = station.queue.jobs()
    assert job.id == stuck and job.state in (JobState.FAILED, JobState.SENDING)
    assert "Print head open" in station.kinds("retrying")[-1].message

    assert station.queue.cancel(stuck)
    assert station.kinds("cancelled")[0].job_id == stuck
    assert station.queue.jobs() == []
    assert not station.queue.cancel(stuck)
    assert not station.queue.cancel(str(uuid.uuid4()))

    simulator.set_fault(SimulatedFault.NONE)
    done = station.queue.submit("LPN-6", label("LPN-6"))
    station.wait_kind("printed")
    assert simulator.printed_zpl() == [label("LPN-6")]
    assert not station.queue.cancel(done)
    cancelled = station.store.get(stuck)
    assert cancelled is not None and cancelled.state is JobState.CANCELLED


def test_retry_now_skips_the_wait(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    simulator.set_fault(SimulatedFault.PAPER_OUT)
    station = station_for(engine, {"default": tcp(simulator)})
    station.queue._backoff = (60.0,)  # a long wait, as in production
    station.queue.submit("LPN-10", label("LPN-10"))
    station.wait_kind("retrying")
    simulator.set_fault(SimulatedFault.NONE)  # the operator loaded labels
    assert station.queue.retry_now() == 1
    station.wait_kind("printed")
    assert simulator.printed_zpl() == [label("LPN-10")]


def test_unknown_printer_is_refused_at_submit_and_retried_if_stored(
    engine: Engine, simulator: PrinterSimulator, station_for: StationFactory
) -> None:
    station = station_for(engine, {"default": tcp(simulator)})
    with pytest.raises(ValueError, match="no printer named 'back'"):
        station.queue.submit("LPN-11", label("LPN-11"), printer="back")
    orphan = QueuedJob.new("LPN-12", label("LPN-12"), "back", now=datetime.now(UTC))
    station.store.add(orphan)
    station.queue.wake()
    (event,) = station.wait_kind("retrying")[:1]
    assert "no printer named 'back' is configured" in event.message


def test_a_failing_event_listener_does_not_stop_printing(
    engine: Engine, simulator: PrinterSimulator
) -> None:
    def broken(_event: PrintQueueEvent) -> None:
        raise RuntimeError("listener bug")

    queue = PrintQueue(SqlitePrintJobStore(engine), {"default": tcp(simulator)}, on_event=broken)
    with queue:
        queue.submit("LPN-13", label("LPN-13"))
        assert simulator.wait_for_labels(1)
        assert queue.drain(timeout=5)
    assert not queue.running


# -- the store on its own ------------------------------------------------------------------


def test_store_transitions_only_from_the_named_states(engine: Engine) -> None:
    moments = iter(datetime(2026, 1, 1, 8, 0, second, tzinfo=UTC) for second in range(60))
    store = SqlitePrintJobStore(engine, clock=lambda: next(moments))
    job = QueuedJob.new("LPN-1", "^XA^XZ", "default", now=datetime(2026, 1, 1, 7, tzinfo=UTC))
    assert store.add(job) and not store.add(job)
    assert not store.mark_done(job.id)  # never sent
    assert not store.mark_uncertain(job.id, "x")
    assert store.mark_sending(job.id) and not store.mark_sending(job.id)
    assert not store.cancel(job.id)  # being sent
    later = datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert store.mark_failed(job.id, "paper out", later)
    assert store.next_due(later - timedelta(seconds=1)) is None
    due = store.next_due(later)
    assert due is not None and due.attempts == 1 and due.last_error == "paper out"
    assert due.next_attempt_at == later and due.created_at == job.created_at
    assert store.mark_sending(job.id) and store.mark_done(job.id)
    done = store.get(job.id)
    assert done is not None and done.state is JobState.DONE and done.attempts == 2
    assert done.printed_at is not None and done.printed_at.tzinfo is UTC
    assert store.pending() == [] and not store.cancel(job.id)


def test_store_holds_back_later_jobs_of_a_waiting_printer(engine: Engine) -> None:
    store = SqlitePrintJobStore(engine)
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    first = QueuedJob.new("A", "^XA^XZ", "front", now=start)
    second = QueuedJob.new("B", "^XA^XZ", "front", now=start + timedelta(seconds=1))
    other = QueuedJob.new("C", "^XA^XZ", "back", now=start + timedelta(seconds=2))
    for job in (first, second, other):
        store.add(job)
    store.mark_sending(first.id)
    store.mark_failed(first.id, "paper out", start + timedelta(minutes=1))
    due = store.next_due(start + timedelta(seconds=5))
    assert due is not None and due.id == other.id  # "front" waits, "back" goes on


def test_table_matches_the_station_migration(tmp_path: Path) -> None:
    with Database(f"sqlite:///{tmp_path / 'station.db'}", lock=False) as db:
        metadata = MetaData()
        print_jobs_table(metadata)
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # Only "drop the other tables" differences: print_jobs itself agrees column by column.
    assert [d for d in diff if "print_jobs" in repr(d)] == []


# -- the station wiring ----------------------------------------------------------------------


def test_station_queue_prints_jobs_the_workflow_committed(
    db: Database, config: StationConfig, simulator: PrinterSimulator
) -> None:
    config = StationConfig(paths=config.paths, devices={"printer": simulator.config})
    queue = start_station_print_queue(config, db.engine)
    try:
        job_id = new_id()
        with db.transaction() as session:  # as station.workflow does it
            session.add(
                PrintJobRow(
                    id=job_id,
                    lpn="LPN-20",
                    printer="default",
                    zpl=label("LPN-20"),
                    state="queued",
                    attempts=0,
                    last_error="",
                    next_attempt_at=None,
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
        queue.wake()
        assert queue.drain(timeout=5)
    finally:
        assert queue.stop(timeout=10)
    assert simulator.printed_zpl() == [label("LPN-20")]
    with db.transaction() as session:
        row = session.get(PrintJobRow, job_id)
        assert row is not None and row.state == "done" and row.printed_at is not None


def test_station_without_a_printer_keeps_labels_as_files(config: StationConfig) -> None:
    printers = station_printers(config)
    default = printers["default"]
    assert isinstance(default, FilePrinter)
    assert default.folder == config.paths.labels


def test_station_printers_follow_the_device_roles(config: StationConfig, tmp_path: Path) -> None:
    devices: dict[str, dict[str, object]] = {
        "printer": {"kind": "tcp", "host": "10.0.4.21", "type": "printer", "enabled": True},
        "back_label": {"type": "printer", "kind": "file", "dir": str(tmp_path / "back")},
        "printer_old": {"kind": "spooler", "queue": "z", "enabled": False},
        "scanner": {"kind": "hid"},
    }
    printers = station_printers(StationConfig(paths=config.paths, devices=devices))
    assert sorted(printers) == ["back_label", "default", "printer"]
    queue = PrintQueue(SqlitePrintJobStore(create_engine("sqlite://")), printers)
    job = queue.store.get(queue.submit("LPN-30", label("LPN-30")))  # not started: stays queued
    assert job is not None and job.printer == "default" and job.state is JobState.QUEUED
    assert printers["default"] is printers["printer"]
    assert isinstance(printers["back_label"], FilePrinter)
