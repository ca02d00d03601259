"""The photos step with each configured camera: watched folder, test pattern, Qt camera.

No camera is attached to this machine, so the Qt camera tests show what a bench with an
unplugged camera does: it says so and carries on with the test pattern. Every test checks
that no thread it started (the folder watcher, executors) outlives it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtMultimedia import QCameraDevice
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from drivers.camera.base import PhotoCaptured
from drivers.camera.config import QtCameraSettings, qt_camera_settings
from station.config import ConfigError
from station.domain import QuestionKind
from station.events import Answer, Cancel, Login, Scan, Weight
from station.workflow import BenchState, Step
from tests.drivers.printer_support import new_threads
from tests.ui.conftest import Bench
from ui.camera import FolderPhotos, PhotoBridge, QtCamera, TestPattern, open_photo_source

NO_SUCH_CAMERA = "no-such-camera-7f3a"  # missing on any bench, with or without cameras


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    # Set up before the bench fixtures, so checked after the benches are shut down.
    before = set(threading.enumerate())
    yield
    assert new_threads(before) == []


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
        ({"kind": "webcam", "dir": "x"}, r"\[devices.camera\] kind: expected one of .*'qt'"),
        ({"dir": "x"}, r"\[devices.camera\] kind: expected one of"),
        ({"kind": "qt", "dir": ""}, r"\[devices.camera\] dir: expected a folder path"),
        ({"kind": "qt", "resolution": 1080}, r'resolution: expected "WIDTHxHEIGHT", got 1080'),
        ({"kind": "test_pattern", "dir": "x", "device": "y"}, r"device: unknown key"),
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


def test_qt_table_defaults_and_resolution(tmp_path: Path) -> None:
    settings = qt_camera_settings(
        {"kind": "qt", "device": " C920 ", "dir": "stills", "resolution": "1920 x 1080"},
        base_dir=tmp_path,
    )
    assert settings == QtCameraSettings(tmp_path / "stills", "C920", (1920, 1080))
    assert qt_camera_settings({"kind": "qt"}, default_dir=tmp_path) == QtCameraSettings(tmp_path)
    with pytest.raises(ConfigError, match=r"\[devices.camera\] dir: expected a folder path"):
        qt_camera_settings({"kind": "qt"})  # no default folder to fall back on


def test_bridge_hands_a_driver_thread_photo_to_the_gui_thread(qtbot: QtBot, tmp_path: Path) -> None:
    bridge = PhotoBridge()
    on_gui_thread: list[bool] = []
    bridge.arrived.connect(
        lambda _photo: on_gui_thread.append(threading.current_thread() is threading.main_thread())
    )
    photo = PhotoCaptured(path=tmp_path / "IMG_1.jpg", at=datetime.now(UTC), source="camera")
    with qtbot.waitSignal(bridge.arrived, timeout=5_000) as arrived:
        watcher = threading.Thread(target=bridge.deliver, args=(photo,), name="fake-watcher")
        watcher.start()
        watcher.join(5)
    assert arrived.args == [photo]
    assert on_gui_thread == [True]


def test_qt_camera_rescans_when_cameras_change_and_stays_on_the_test_pattern(
    make_bench: object, qtbot: QtBot, tmp_path: Path
) -> None:
    stills = tmp_path / "stills"
    config = f'[devices.camera]\nkind = "qt"\ndevice = "{NO_SUCH_CAMERA}"\ndir = "{stills}"\n'
    bench: Bench = make_bench(config_text=config)  # type: ignore[operator]
    camera = bench.services.camera
    assert isinstance(camera, QtCamera)
    _to_photos(bench)
    inspector = bench.window.inspector
    # A camera plugged in or out: Qt re-announces the list (this one never has ours in it).
    with qtbot.waitSignal(camera.stateChanged, timeout=5_000) as changed:
        camera._devices.videoInputsChanged.emit()
    assert changed.args[0] == "test pattern"
    assert f"No camera “{NO_SUCH_CAMERA}” found — check its cable" in inspector.camera_state.text()
    assert "camera: test pattern" in bench.window.status.devices_label.toolTip()
    assert camera.live_view() is None
    before = _photos_taken(bench.state)
    qtbot.keyClick(inspector, " ")  # Space takes the picture as P does
    bench.wait_for(lambda s: _photos_taken(s) > before or s.step is not Step.PHOTOS)
    assert len(list(stills.glob("test-pattern-*.png"))) == 1


def test_qt_camera_message_follows_the_language(make_bench: object, tmp_path: Path) -> None:
    config = f'[devices.camera]\nkind = "qt"\ndevice = "{NO_SUCH_CAMERA}"\ndir = "{tmp_path}"\n'
    bench: Bench = make_bench(config_text=config)  # type: ignore[operator]
    inspector = bench.window.inspector
    english = inspector.camera_state.text()
    bench.window.switch_language("nl")
    dutch = inspector.camera_state.text()
    assert dutch != english and NO_SUCH_CAMERA in dutch


def test_test_card_that_cannot_be_saved_is_said_and_the_bench_carries_on(
    make_bench: object, qtbot: QtBot, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "cards"
    not_a_folder.write_text("a file where the folder should be")
    config = f'[devices.camera]\nkind = "test_pattern"\ndir = "{not_a_folder}"\n'
    bench: Bench = make_bench(config_text=config)  # type: ignore[operator]
    _to_photos(bench)
    inspector = bench.window.inspector
    before = _photos_taken(bench.state)
    qtbot.keyClick(inspector, "p")
    qtbot.waitUntil(lambda: "could not be saved" in inspector.camera_state.text())
    assert str(not_a_folder) in inspector.camera_state.text()
    assert bench.services.devices.status.get("camera") == "error"
    assert bench.state.step is Step.PHOTOS and _photos_taken(bench.state) == before
    not_a_folder.unlink()  # IT frees the folder: the next P works and the error is gone
    qtbot.keyClick(inspector, "p")
    bench.wait_for(lambda s: _photos_taken(s) > before or s.step is not Step.PHOTOS)
    assert inspector.camera_state.text().startswith("Test pattern")
    assert bench.services.devices.status.get("camera") == "test pattern"


def test_folder_that_cannot_be_watched_is_said_and_the_bench_still_starts(
    make_bench: object, qtbot: QtBot, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "drop"
    not_a_folder.write_text("a file where the folder should be")
    config = f'[devices.camera]\nkind = "folder"\ndir = "{not_a_folder}"\n'
    bench: Bench = make_bench(config_text=config)  # type: ignore[operator]
    inspector = bench.window.inspector
    assert "cannot be used" in inspector.camera_state.text()
    assert bench.services.devices.status.get("camera") == "error"
    _to_photos(bench)
    with qtbot.waitSignal(bench.services.camera.stateChanged, timeout=5_000):
        qtbot.keyClick(inspector, "p")
    assert "cannot be used" in inspector.camera_state.text()


class _VanishedCamera(QtCamera):
    """Finds the null camera device: what Qt hands out for a camera unplugged between
    listing the cameras and opening one. The QCamera opened on it is real and fails."""

    def _find(self) -> QCameraDevice | None:
        return QCameraDevice()


def test_qt_camera_that_fails_while_opening_falls_back_and_says_so(
    qtbot: QtBot, tmp_path: Path, no_leaked_widgets: None
) -> None:
    camera = _VanishedCamera(tmp_path / "stills")
    with qtbot.waitSignal(camera.stateChanged, timeout=5_000) as changed:
        camera.start()
    state, message = changed.args
    assert state == "test pattern"
    assert message.startswith("Camera failed (") and "Call IT if it repeats" in message
    assert camera.live_view() is None
    with qtbot.waitSignal(camera.photoReady, timeout=5_000) as ready:
        camera.request("front")
    assert Path(ready.args[0]).parent == tmp_path / "stills"
    camera.stop()
    camera.deleteLater()
