"""`station run --demo` as the README's first command runs it: a process on a fresh home.

It must seed the demo data, reach "ready to scan", and close cleanly on SIGTERM (the way a
desktop session or systemd stops it), leaving the database intact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from station.storage.db import Database
from station.storage.models import OperatorRow, RmaRow


def test_run_demo_on_a_fresh_home_reaches_ready_to_scan_and_stops_cleanly(
    tmp_path: Path,
) -> None:
    home = tmp_path / "fresh-home"
    env = dict(os.environ, STATION_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    console = tmp_path / "console.txt"
    station = Path(sys.executable).with_name("station")  # the console script beside python
    with console.open("w") as out:
        process = subprocess.Popen(
            [str(station), "run", "--demo"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    log_file = home / "logs" / "station.log"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if log_file.exists() and "ready to scan" in log_file.read_text(encoding="utf-8"):
                break
            time.sleep(0.1)
        assert process.poll() is None, f"station run exited early:\n{console.read_text()}"
        assert "ready to scan" in log_file.read_text(encoding="utf-8")
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, console.read_text()
    log = log_file.read_text(encoding="utf-8")
    assert "demo data seeded" in log and "Traceback" not in log, log[-2000:]
    db = Database(f"sqlite:///{home / 'station.db'}", lock=False)
    with db, db.sessions() as session:
        assert (session.scalar(select(func.count()).select_from(RmaRow)) or 0) >= 1000
        assert (session.scalar(select(func.count()).select_from(OperatorRow)) or 0) >= 2
