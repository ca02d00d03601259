"""Figures for label printing (TCP job, queue submit-to-printed) and photo storing."""

from __future__ import annotations

import io
import statistics
import threading
import time
import uuid
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import create_engine

from drivers.printers import PrintQueue, PrintQueueEvent, SqlitePrintJobStore, TcpPrinter
from drivers.printers.simulator import PrinterSimulator
from station.photos import PhotoStore

LABEL = "^XA^CI28^FO50,50^A0N,40,40^FDLPN-000123^FS^FO50,120^BCN,80^FDLPN-000123^FS^XZ"


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms over {len(ordered)}"


@pytest.mark.benchmark
def test_tcp_job_round_trip() -> None:
    with PrinterSimulator() as simulator:
        printer = TcpPrinter(*simulator.address)
        samples = []
        for _ in range(200):
            started = time.perf_counter()
            printer.send(str(uuid.uuid4()), LABEL)
            samples.append((time.perf_counter() - started) * 1000)
        assert len(simulator.printed_zpl()) == 200
    print(f"\nTCP job incl. ~HS before and after (loopback simulator): {percentiles(samples)}")


@pytest.mark.benchmark
def test_queue_submit_to_printed(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'station.db'}")
    printed: dict[str, float] = {}
    done = threading.Condition()

    def on_event(event: PrintQueueEvent) -> None:
        if event.kind == "printed":
            with done:
                printed[event.job_id] = time.perf_counter()
                done.notify_all()

    with PrinterSimulator() as simulator:
        queue = PrintQueue(
            SqlitePrintJobStore(engine),
            {"default": TcpPrinter(*simulator.address)},
            on_event=on_event,
        )
        samples, submit_ms = [], []
        with queue:
            for n in range(100):
                started = time.perf_counter()
                job_id = queue.submit(f"LPN-{n}", LABEL)
                submit_ms.append((time.perf_counter() - started) * 1000)
                with done:
                    assert done.wait_for(lambda job=job_id: job in printed, timeout=5)  # type: ignore[misc]
                samples.append((printed[job_id] - started) * 1000)
    engine.dispose()
    print(f"\nqueue submit() call (durable insert): {percentiles(submit_ms)}")
    print(f"queue submit -> printed (SQLite file, loopback printer): {percentiles(samples)}")


@pytest.mark.benchmark
def test_photo_add(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    samples = []
    for n in range(10):
        image = Image.new("RGB", (4032, 3024), (n * 20, 80, 160))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=92)
        data = out.getvalue()
        started = time.perf_counter()
        store.add(data)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"\nphoto add, 12 MP JPEG -> 2016 px + thumbnail: {percentiles(samples)}")
