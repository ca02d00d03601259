"""Camera sources without Qt: a watched folder (never half-written files) and a test card."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from drivers.camera import (
    PhotoCaptured,
    TestPatternCamera,
    WatchedFolderCamera,
    open_camera,
    render_test_card,
)
from station.config import ConfigError
from tests.drivers.printer_support import Recorder, new_threads


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert new_threads(before) == []


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    import io

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def test_slowly_written_picture_is_reported_once_when_complete(tmp_path: Path) -> None:
    photos: Recorder[PhotoCaptured] = Recorder[PhotoCaptured]()
    data = jpeg_bytes((400, 300))
    with WatchedFolderCamera(tmp_path, photos, poll_interval=0.02, settle_s=0.5):
        with (tmp_path / "IMG_0001.jpg").open("wb") as picture:
            for start in range(0, len(data), len(data) // 5 + 1):
                picture.write(data[start : start + len(data) // 5 + 1])
                picture.flush()
                os.fsync(picture.fileno())
                # Far shorter than settle_s: the copy is still "in progress".
                time.sleep(0.05)
                assert photos.items == []
        finished = datetime.now(UTC)
        (event,) = photos.wait_for(lambda items: len(items) >= 1, timeout=3)
        time.sleep(0.2)  # several more polls: no second report of the same file
    assert photos.items == [event]
    assert event.path == tmp_path / "IMG_0001.jpg"
    assert event.at >= finished
    assert event.path.read_bytes() == data


def test_old_hidden_and_foreign_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "before.jpg").write_bytes(jpeg_bytes())
    photos: Recorder[PhotoCaptured] = Recorder[PhotoCaptured]()
    with WatchedFolderCamera(tmp_path, photos, poll_interval=0.02, settle_s=0.05):
        (tmp_path / ".hidden.jpg").write_bytes(jpeg_bytes())
        (tmp_path / "copying.jpg.part").write_bytes(jpeg_bytes())
        (tmp_path / "notes.txt").write_text("x")
        (tmp_path / "empty.png").write_bytes(b"")
        (tmp_path / "sub.jpg").mkdir()
        (tmp_path / "new.PNG").write_bytes(jpeg_bytes())
        photos.wait_for(lambda items: len(items) >= 1)
        time.sleep(0.2)
    assert [p.path.name for p in photos.items] == ["new.PNG"]


def test_existing_files_can_be_included_and_rewrites_are_reported_again(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes())
    photos: Recorder[PhotoCaptured] = Recorder[PhotoCaptured]()
    camera = WatchedFolderCamera(
        tmp_path, photos, poll_interval=0.02, settle_s=0.05, include_existing=True
    )
    with camera:
        photos.wait_for(lambda items: len(items) == 1)
        (tmp_path / "a.jpg").write_bytes(jpeg_bytes((100, 100)))
        photos.wait_for(lambda items: len(items) == 2)
    assert [p.path.name for p in photos.items] == ["a.jpg", "a.jpg"]


def test_failing_listener_does_not_stop_the_watch(tmp_path: Path) -> None:
    seen: Recorder[PhotoCaptured] = Recorder[PhotoCaptured]()

    def listener(photo: PhotoCaptured) -> None:
        seen(photo)
        if photo.path.name == "1.jpg":
            raise RuntimeError("listener bug")

    with WatchedFolderCamera(tmp_path, listener, poll_interval=0.02, settle_s=0.05):
        (tmp_path / "1.jpg").write_bytes(jpeg_bytes())
        seen.wait_for(lambda items: len(items) == 1)
        (tmp_path / "2.jpg").write_bytes(jpeg_bytes())
        seen.wait_for(lambda items: len(items) == 2)


def test_vanished_folder_is_survived(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    camera = WatchedFolderCamera(folder, Recorder[PhotoCaptured](), settle_s=0.05)
    folder.mkdir()
    folder.rmdir()
    assert camera.poll() == []  # logged once, no exception
    folder.mkdir()
    (folder / "x.jpg").write_bytes(jpeg_bytes())
    assert camera.poll() == []  # first sight: not settled yet


def test_test_pattern_writes_distinct_numbered_pngs(tmp_path: Path) -> None:
    photos: Recorder[PhotoCaptured] = Recorder[PhotoCaptured]()
    camera = TestPatternCamera(tmp_path / "cards", photos, width=320, height=240)
    camera.start()
    first = camera.capture()
    second = camera.capture()
    camera.stop()
    assert photos.items == [first, second]
    assert first.path != second.path and first.path.parent == tmp_path / "cards"
    assert first.path.read_bytes() != second.path.read_bytes()
    with Image.open(first.path) as image:
        assert image.format == "PNG" and image.size == (320, 240)
        rgb = image.convert("RGB")
    # Colour bars: the top-left is grey-white, the last bar blue.
    assert rgb.getpixel((5, 5)) == (191, 191, 191)
    assert rgb.getpixel((315, 5)) == (0, 0, 191)


def test_test_card_shows_counter_and_time_so_cards_differ() -> None:
    at = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    assert render_test_card(1, at, width=200, height=150) != render_test_card(
        2, at, width=200, height=150
    )
    assert render_test_card(1, at, width=200, height=150) == render_test_card(
        1, at, width=200, height=150
    )


def test_open_camera_builds_each_kind(tmp_path: Path) -> None:
    folder = open_camera(
        {"kind": "folder", "dir": "in", "settle": 1}, Recorder[PhotoCaptured](), base_dir=tmp_path
    )
    assert isinstance(folder, WatchedFolderCamera)
    assert folder.folder == tmp_path / "in" and folder.settle_s == 1.0
    assert folder.name == "camera"
    pattern = open_camera(
        {"kind": "test_pattern", "dir": str(tmp_path), "width": 640}, Recorder[PhotoCaptured]()
    )
    assert isinstance(pattern, TestPatternCamera) and pattern.width == 640


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"kind": "webcam"}, r"\[devices.camera\] kind: expected one of"),
        ({"kind": "folder"}, r"\[devices.camera\] dir: expected a folder path"),
        ({"kind": "folder", "dir": "x", "settle": -1}, r"settle: expected seconds"),
        ({"kind": "folder", "dir": "x", "width": 3}, r"width: unknown key for kind='folder'"),
        ({"kind": "test_pattern", "dir": "x", "width": 2}, r"width: expected pixels"),
    ],
)
def test_open_camera_errors_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        open_camera(table, Recorder[PhotoCaptured]())
