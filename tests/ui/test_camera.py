"""The photos step with each configured camera: watched folder, test pattern, Qt camera.

No camera is attached to this machine, so the Qt camera test shows what a bench with an
unplugged camera does: it says so and carries on with the test pattern.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station.config import ConfigError
from station.domain import QuestionKind
from station.events import Answer, Cancel, Login, Scan, Weight
from station.workflow import BenchState, Step
from tests.ui.conftest import Bench
from ui.camera import FolderPhotos, QtCamera, TestPattern, open_photo_source


def _to_photos(bench: Bench) -> None:
    """Log in and bring a unit to the photos step (through the real workflow)."""
    submit = bench.services.bench.submit
    submit(Login("B1001", "1234"))
    bench.wait_step(Step.IDENTIFY)
    for parcel in bench.parcels():
        submit(Scan(parcel.rma))
        bench.wait_for(lambda s: s.step is not Step.IDENTIFY or bool(s.error))
        submit(Scan(parcel.item_code))
        submit(Weight(parcel.weight_g or 500.0, True))
        bench.wait_idle()
        for _ in range(30):
            state = bench.state
            if state.step is not Step.GRADE or state.question is None:
                break
            q = state.question
            submit(Answer(q.id, "yes" if q.kind is QuestionKind.YES_NO else "1"))
            bench.wait_idle()
        if bench.state.step is Step.PHOTOS:
            return
        submit(Cancel())
        bench.wait_step(Step.IDENTIFY)
    raise AssertionError("no demo parcel asks for photos")


def _photos_taken(state: BenchState) -> int:
    return len(state.unit.photos) if state.unit is not None else 0


def _picture(path: Path, colour: str = "red") -> None:
    tmp = path.with_suffix(".part")
    Image.new("RGB", (640, 480), colour).save(tmp, format="JPEG")
    tmp.rename(path)  # a camera finishes the file, then it appears


def test_folder_camera_picture_dropped_into_the_folder_is_the_photo(
    make_bench: object, qtbot: QtBot, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    config = (
        f'[devices.camera]\nkind = "folder"\ndir = "{drop}"\npoll_interval = 0.05\nsettle = 0.1\n'
    )
    bench: Bench = make_bench(config_text=config)  # type: ignore[operator]
    camera = bench.services.camera
    assert isinstance(camera, FolderPhotos)
    assert bench.services.devices.status.get("camera") == "folder"
    _to_photos(bench)
    inspector = bench.window.inspector
    assert str(drop) in inspector.camera_state.text()
    before = _photos_taken(bench.state)
    _picture(drop / "IMG_0001.jpg")  # the inspector presses the camera's shutter
    bench.wait_for(lambda s: _photos_taken(s) > before or s.step is not Step.PHOTOS)
    assert not inspector.photo_preview.pixmap().isNull()
    if bench.state.step is Step.PHOTOS:
        # P with nothing new waits for the camera, and the next picture is used.
        taken = _photos_taken(bench.state)
        qtbot.keyClick(inspector, "p")
        qtbot.waitUntil(lambda: "Waiting for the picture" in inspector.camera_state.text())
        _picture(drop / "IMG_0002.jpg", "blue")
        bench.wait_for(lambda s: _photos_taken(s) > taken or s.step is not Step.PHOTOS)


def test_test_pattern_camera_uses_its_configured_folder_and_size(
    make_bench: object, qtbot: QtBot, tmp_path: Path
) -> None:
    cards = tmp_path / "cards"
    config = (
        f'[devices.camera]\nkind = "test_pattern"\ndir = "{cards}"\nwidth = 320\nheight = 240\n'
    )
    bench: Bench = make_bench(config_text=config)  # type: ignore[operator]
    assert isinstance(bench.services.camera, TestPattern)
    _to_photos(bench)
    before = _photos_taken(bench.state)
    qtbot.keyClick(bench.window.inspector, "p")
    bench.wait_for(lambda s: _photos_taken(s) > before or s.step is not Step.PHOTOS)
    written = sorted(cards.glob("*.png"))
    assert len(written) == 1
    with Image.open(written[0]) as card:
        assert card.size == (320, 240)


def test_qt_camera_without_a_device_says_so_and_falls_back_to_the_test_pattern(
    make_bench: object, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    if QMediaDevices.videoInputs():
        pytest.skip("a camera is attached here; this test is about a bench without one")
    config = f'[devices.camera]\nkind = "qt"\ndevice = "Logitech"\ndir = "{tmp_path / "stills"}"\n'
    bench: Bench = make_bench(config_text=config)  # type: ignore[operator]
    camera = bench.services.camera
    assert isinstance(camera, QtCamera)
    assert bench.services.devices.status.get("camera") == "test pattern"
    _to_photos(bench)
    inspector = bench.window.inspector
    text = inspector.camera_state.text()
    assert "No camera “Logitech” found" in text and "test pattern" in text
    assert inspector.camera_state.isVisible()
    assert camera.live_view() is None
    before = _photos_taken(bench.state)
    qtbot.keyClick(inspector, "p")
    bench.wait_for(lambda s: _photos_taken(s) > before or s.step is not Step.PHOTOS)
    assert list((tmp_path / "stills").glob("*.png")), "the fallback test card is kept"


def test_a_bad_camera_table_is_named_and_the_bench_still_starts(
    make_bench: object, qtbot: QtBot
) -> None:
    bench: Bench = make_bench(config_text='[devices.camera]\nkind = "qt"\nresolutoin = "1x1"\n')  # type: ignore[operator]
    inspector = bench.window.inspector
    assert "[devices.camera] resolutoin: unknown key" in inspector.camera_state.text()
    assert bench.services.devices.status.get("camera") == "error"
    bench.services.bench.submit(Login("B1001", "1234"))
    bench.wait_step(Step.IDENTIFY)
    assert bench.state.operator is not None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"kind": "qt", "resolution": "big"},
            r'\[devices.camera\] resolution: expected "WIDTHxHEIGHT"',
        ),
        ({"kind": "qt", "resolution": "10x10"}, r"resolution: expected 16..8192"),
        ({"kind": "qt", "device": 3}, r"\[devices.camera\] device: expected text"),
        ({"kind": "qt", "lens": "wide"}, r"\[devices.camera\] lens: unknown key for kind='qt'"),
        ({"kind": "webcam", "dir": "x"}, r"\[devices.camera\] kind: expected one of"),
        ({"kind": "folder"}, r"\[devices.camera\] dir: expected a folder path"),
    ],
)
def test_camera_config_errors_name_the_table_and_key(
    table: dict[str, object], message: str, tmp_path: Path, qapp: QApplication
) -> None:
    with pytest.raises(ConfigError, match=message):
        open_photo_source(table, default_dir=tmp_path)


def test_demo_and_no_table_use_the_test_pattern(tmp_path: Path, qapp: QApplication) -> None:
    assert isinstance(open_photo_source(None, default_dir=tmp_path), TestPattern)
    qt_table = {"kind": "qt"}
    assert isinstance(open_photo_source(qt_table, default_dir=tmp_path, demo=True), TestPattern)
