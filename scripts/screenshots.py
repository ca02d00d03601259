"""Render each main screen of the bench app in English, Dutch and Chinese to PNG files.

Runs offscreen against a fresh demo station home (nothing is left behind):

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs/screenshots]

Files: ``docs/screenshots/<screen>_<lang>.png`` for login, identify, verify, grade, photos,
disposition, done (label preview), hold, lead, kpi, diagnostics and settings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from drivers.events import WeightEvent, WeightState
from station.config import StationPaths, load_config
from station.domain import QuestionKind
from station.events import Answer, Confirm, Login, Logout, Scan, Weight
from station.storage.db import Database
from station.workflow import Step
from ui import theme
from ui.app import seed_demo_once
from ui.harness import BenchHarness
from ui.i18n import LANGUAGES
from ui.simulate import DemoParcel, demo_parcels

SIZE = (1600, 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots", type=Path)
    parser.add_argument("--languages", nargs="*", default=list(LANGUAGES))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    theme.apply(app)
    with tempfile.TemporaryDirectory(prefix="station-shots-") as home:
        config = load_config(None, paths=StationPaths(Path(home)))
        config.paths.ensure()
        with Database(config.db_url) as db:
            seed_demo_once(config, db)
            harness = BenchHarness(config, db, demo=True)
            try:
                written = _walk(harness, db, args.out, args.languages)
            finally:
                harness.close()
    for path in written:
        print(path)
    return 0


def _walk(h: BenchHarness, db: Database, out: Path, languages: list[str]) -> list[Path]:
    window = h.window
    window.resize(*SIZE)
    window.show()
    written: list[Path] = []

    def shot(name: str, prepare: Callable[[], None] = lambda: None) -> None:
        for lang in languages:
            h.services.languages.switch(lang)
            prepare()
            h.wait_idle()
            path = out / f"{name}_{lang}.png"
            window.grab().save(str(path))
            written.append(path)
        h.services.languages.switch("en")

    shot("login")
    h.submit(Login("B1001", "1234"))
    shot("identify")
    parcels = demo_parcels(db)
    electronics = _pick(parcels, serialized=True) or parcels[0]
    sim = window.simulate
    h.submit(Scan(electronics.rma))
    h.services.devices.deliver(WeightEvent("sim-scale", None, "g", WeightState.MOTION, "", 0.0))
    h.wait_idle()
    shot("verify")
    sim.scan(electronics.item_code)
    h.wait_idle()
    sim.weigh(electronics.weight_g or 500.0)
    h.wait_idle()
    shot("grade")
    _answer_all(h)
    shot("photos")
    while h.state.step is Step.PHOTOS:
        window._take_photo(h.state.photo_slot)
        h.wait_idle()
    shot("disposition")
    h.submit(Confirm())
    h.wait_until(lambda: not window.inspector.label_preview.pixmap().isNull(), 20)
    shot("done")
    # A light box: held for a lead.
    other = next(p for p in parcels if p.rma != electronics.rma)
    h.submit(Scan(other.rma))
    h.submit(Scan(other.item_code))
    h.submit(Weight(round((other.weight_g or 500) * 0.4, 1), True))
    _answer_all(h)
    while h.state.step is Step.PHOTOS:
        window._take_photo(h.state.photo_slot)
        h.wait_idle()
    if h.state.step is Step.DISPOSITION:
        h.submit(Confirm())
    shot("hold")
    if h.state.step is Step.HOLD:
        h.submit(Confirm())  # park it
    h.submit(Logout())
    h.submit(Login("B2001", "2468"))
    window.tabs.setCurrentWidget(window.lead)
    window.lead.refresh()
    shot("lead")
    window.tabs.setCurrentWidget(window.kpi)
    window.kpi.refresh()
    shot("kpi")
    window.tabs.setCurrentWidget(window.diagnostics)
    shot("diagnostics")
    window.tabs.setCurrentWidget(window.settings)
    shot("settings")
    return written


def _pick(parcels: list[DemoParcel], *, serialized: bool) -> DemoParcel | None:
    return next((p for p in parcels if bool(p.serial) == serialized), None)


def _answer_all(h: BenchHarness) -> None:
    """Answer the checklist as for an item in good order: yes, or the first option."""
    for _ in range(20):
        q = h.state.question
        if h.state.step is not Step.GRADE or q is None:
            return
        h.submit(Answer(q.id, "yes" if q.kind is QuestionKind.YES_NO else "1"))


if __name__ == "__main__":
    sys.exit(main())
