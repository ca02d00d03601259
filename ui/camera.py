"""Photo sources of the photos step: live camera (Qt Multimedia), watched folder, test pattern.

``[devices.camera]`` in the station config picks the source::

    [devices.camera]
    kind = "qt"             # a live USB/built-in camera through Qt Multimedia
    device = "Logitech"     # optional: part of the camera's name or id (default: the first)
    dir = "captures"        # where stills go before the photo store takes them in
    resolution = "1920x1080"  # optional: the still size to ask the camera for

``kind = "folder"`` (a tethered camera or phone drops pictures into ``dir``) and
``kind = "test_pattern"`` are the drivers' sources (:mod:`drivers.camera.config`); no table,
or ``--demo``, is the test pattern. A Qt camera that is missing, unplugged or failing falls
back to the test pattern and says so in the photos step, and comes back live when the
camera does (``QMediaDevices.videoInputsChanged``).

Every source answers :meth:`PhotoSource.request` with ``photoReady(path)`` (at once for the
test pattern, when the still is saved for the Qt camera, when a new file has settled for the
folder); the window hands the path to the workflow as a ``Photo`` event and the photo store
hashes, downscales and strips it.
"""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from drivers.camera.base import CameraSource, PhotoCaptured
from drivers.camera.config import open_camera
from drivers.camera.folder import WatchedFolderCamera
from drivers.camera.pattern import TestPatternCamera
from station.config import ConfigError
from ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

QT_KEYS = {"kind", "type", "enabled", "dir", "device", "resolution"}


class PhotoSource(QObject):
    """What the photos step asks for pictures; subclasses are the kinds of camera.

    Signals:
        photoReady(str): a complete picture file for the slot asked for.
        stateChanged(str, str): a device state for the status bar ("live", "test pattern",
            "folder", "error") and a sentence for the photos step.
    """

    photoReady = Signal(str)
    stateChanged = Signal(str, str)

    name = "camera"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = "ready"
        # The sentence is kept untranslated with its values, so a language switch
        # re-translates it (``message``); the contexts are the class names lupdate sees.
        self._text: tuple[str, str, dict[str, str]] = ("", "", {})

    @property
    def message(self) -> str:
        context, text, values = self._text
        if not text:
            return ""
        return QCoreApplication.translate(context, text).format(**values)

    def _say(self, context: str, text: str, **values: object) -> None:
        self._text = (context, text, {k: str(v) for k, v in values.items()})

    def _set_state(self, state: str, context: str, text: str, **values: object) -> None:
        self.state = state
        self._say(context, text, **values)
        self.stateChanged.emit(state, self.message)

    def start(self) -> None:
        self.stateChanged.emit(self.state, self.message)

    def stop(self) -> None:
        """Release the device and threads; idempotent."""

    def request(self, slot: str) -> None:
        """Take (or pick) the picture for ``slot``; the answer comes as ``photoReady``."""
        raise NotImplementedError

    def live_view(self) -> QWidget | None:
        """A widget showing the camera's picture, when the source has one."""
        return None

    def keep(self, path: str) -> None:
        """A picture arrived while no unit wanted one; sources that can, offer it to P later."""


class TestPattern(PhotoSource):
    """A test card per request: a photo without a camera (demo, training, fallback)."""

    __test__ = False  # its name starts with "Test"; keep pytest from collecting it
    name = "test pattern"

    def __init__(
        self,
        folder: Path,
        parent: QObject | None = None,
        *,
        card: TestPatternCamera | None = None,
    ) -> None:
        super().__init__(parent)
        self._card = card or TestPatternCamera(folder, name="test pattern")
        self.state = "test pattern"
        self._say(
            "TestPattern", QT_TRANSLATE_NOOP("TestPattern", "Test pattern: P takes a test picture.")
        )

    def explain_error(self, error: str) -> None:
        """The camera table is wrong: say so (the test pattern is used meanwhile)."""
        self._say(
            "TestPattern",
            QT_TRANSLATE_NOOP("TestPattern", "{error} — using the test pattern until IT fixes it."),
            error=error,
        )

    def request(self, slot: str) -> None:
        photo = self._card.capture()
        self.photoReady.emit(str(photo.path))


class FolderPhotos(PhotoSource):
    """Pictures a tethered camera or phone drops into a folder (the drivers' watched folder).

    A picture that settles in the folder during the photos step is used at once; one that
    came earlier is kept, and P uses the newest of those.
    """

    name = "folder"

    def __init__(self, source: CameraSource, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._folder = folder
        self._lock = threading.Lock()
        self._arrived: collections.deque[Path] = collections.deque(maxlen=50)
        self._waiting = False
        self.state = "folder"
        self._say(
            "FolderPhotos",
            QT_TRANSLATE_NOOP(
                "FolderPhotos", "Take the picture with the camera; it arrives from {folder}."
            ),
            folder=folder,
        )
        self._arrival.connect(self._arrived_on_gui_thread, Qt.ConnectionType.QueuedConnection)

    _arrival = Signal(str)

    def deliver(self, photo: PhotoCaptured) -> None:
        """The drivers' callback (watcher thread): plain data to the GUI thread."""
        self._arrival.emit(str(photo.path))

    def _arrived_on_gui_thread(self, path: str) -> None:
        # Used at once in the photos step (the window calls keep() otherwise).
        self._waiting = False
        self.photoReady.emit(path)

    def keep(self, path: str) -> None:
        with self._lock:
            self._arrived.append(Path(path))

    def start(self) -> None:
        self._source.start()
        super().start()

    def stop(self) -> None:
        self._source.stop()

    def request(self, slot: str) -> None:
        with self._lock:
            newest = self._arrived.pop() if self._arrived else None
        if newest is not None:
            self.photoReady.emit(str(newest))
            return
        self._waiting = True
        self._set_state(
            "folder",
            "FolderPhotos",
            QT_TRANSLATE_NOOP(
                "FolderPhotos", "Waiting for the picture from the camera ({folder})."
            ),
            folder=self._folder,
        )


class QtCamera(PhotoSource):
    """A live camera through Qt Multimedia, with a test-pattern fallback when there is none."""

    name = "live camera"

    def __init__(
        self,
        folder: Path,
        *,
        device: str = "",
        resolution: tuple[int, int] | None = None,
        parent: QObject | None = None,
    ) -> None:
        from PySide6.QtMultimedia import QMediaCaptureSession, QMediaDevices

        super().__init__(parent)
        self._folder = folder
        self._device = device
        self._resolution = resolution
        self._session = QMediaCaptureSession(self)
        self._camera: Any = None
        self._capture: Any = None
        self._view: QWidget | None = None  # made when a camera is found
        self._fallback = TestPattern(folder, self)
        self._fallback.photoReady.connect(self.photoReady)
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._open)
        self._counter = 0
        self._stopped = False

    def start(self) -> None:
        self._stopped = False
        self._open()

    def _find(self) -> Any:
        from PySide6.QtMultimedia import QMediaDevices

        inputs = list(QMediaDevices.videoInputs())
        if not self._device:
            return inputs[0] if inputs else None
        wanted = self._device.lower()
        for candidate in inputs:
            ident = bytes(candidate.id().data()).decode(errors="replace").lower()
            if wanted in candidate.description().lower() or wanted in ident:
                return candidate
        return None

    def _open(self) -> None:
        from PySide6.QtMultimedia import QCamera, QImageCapture

        if self._stopped:
            return
        found = self._find()
        if found is None:
            self._close()
            wanted = f" “{self._device}”" if self._device else ""
            self._set_state(
                "test pattern",
                "QtCamera",
                QT_TRANSLATE_NOOP(
                    "QtCamera",
                    "No camera{wanted} found — check its cable. Using the test pattern: "
                    "P takes a test picture.",
                ),
                wanted=wanted,
            )
            return
        if self._camera is not None and self._camera.cameraDevice() == found:
            return
        self._close()
        if self._view is None:
            from PySide6.QtMultimediaWidgets import QVideoWidget

            self._view = QVideoWidget()
            self._view.setObjectName("liveCamera")
            self._view.setMinimumSize(480, 270)
            self._session.setVideoOutput(self._view)
        self._camera = QCamera(found, self)
        self._camera.errorOccurred.connect(self._camera_error)
        self._capture = QImageCapture(self)
        if self._resolution is not None:
            from PySide6.QtCore import QSize

            self._capture.setResolution(QSize(*self._resolution))
        self._capture.imageSaved.connect(self._saved)
        self._capture.errorOccurred.connect(self._capture_error)
        self._session.setCamera(self._camera)
        self._session.setImageCapture(self._capture)
        self._camera.start()
        self._set_state(
            "live",
            "QtCamera",
            QT_TRANSLATE_NOOP("QtCamera", "Live: {camera}. P takes the picture."),
            camera=found.description(),
        )

    def _close(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._session.setCamera(None)  # type: ignore[arg-type]  # None detaches it
            self._session.setImageCapture(None)  # type: ignore[arg-type]
            self._camera.deleteLater()
            if self._capture is not None:
                self._capture.deleteLater()
        self._camera = None
        self._capture = None

    def _camera_error(self, _error: object, text: str) -> None:
        log.warning("camera error: %s", text)
        self._close()
        self._set_state(
            "test pattern",
            "QtCamera",
            QT_TRANSLATE_NOOP(
                "QtCamera",
                "Camera failed ({error}) — using the test pattern. Call IT if it repeats.",
            ),
            error=text,
        )

    def _capture_error(self, _id: int, _error: object, text: str) -> None:
        log.warning("still capture failed: %s", text)
        self._set_state(
            "error",
            "QtCamera",
            QT_TRANSLATE_NOOP("QtCamera", "The picture was not taken ({error}). Press P again."),
            error=text,
        )

    def _saved(self, _id: int, path: str) -> None:
        self.photoReady.emit(path)

    def request(self, slot: str) -> None:
        if self.state != "live" or self._capture is None or not self._capture.isReadyForCapture():
            if self.state == "live":
                self._set_state(
                    "live",
                    "QtCamera",
                    QT_TRANSLATE_NOOP("QtCamera", "The camera is not ready yet — press P again."),
                )
                return
            self._fallback.request(slot)
            return
        self._folder.mkdir(parents=True, exist_ok=True)
        self._counter += 1
        self._capture.captureToFile(
            str(self._folder / f"{slot or 'photo'}-{self._counter:05d}.jpg")
        )

    def stop(self) -> None:
        self._stopped = True
        self._close()
        if self._view is not None and self._view.parent() is None:
            self._view.deleteLater()  # never shown in a window: not owned by one

    def live_view(self) -> QWidget | None:
        return self._view if self.state == "live" else None


def _resolution(table: Mapping[str, Any], section: str) -> tuple[int, int] | None:
    value = table.get("resolution")
    if value is None:
        return None
    parts = str(value).lower().split("x") if isinstance(value, str) else []
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ConfigError(f'[{section}] resolution: expected "WIDTHxHEIGHT", got {value!r}')
    width, height = (int(p) for p in parts)
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise ConfigError(f"[{section}] resolution: expected 16..8192 pixels a side, got {value!r}")
    return width, height


def open_photo_source(
    table: Mapping[str, Any] | None,
    *,
    default_dir: Path,
    base_dir: Path | None = None,
    demo: bool = False,
    section: str = "devices.camera",
) -> PhotoSource:
    """The photos step's source for a ``[devices.camera]`` table (not started yet).

    Raises :class:`ConfigError` naming the table and the key for a bad table.
    """
    if demo or not table or table.get("enabled", True) is False:
        return TestPattern(default_dir)
    kind = table.get("kind")
    if kind == "qt":
        unknown = sorted(set(table) - QT_KEYS)
        if unknown:
            raise ConfigError(
                f"[{section}] {unknown[0]}: unknown key for kind='qt' "
                f"(known: {', '.join(sorted(QT_KEYS))})"
            )
        device = table.get("device", "")
        if not isinstance(device, str):
            raise ConfigError(f"[{section}] device: expected text, got {device!r}")
        folder_value = table.get("dir", "")
        if not isinstance(folder_value, str):
            raise ConfigError(f"[{section}] dir: expected a folder path, got {folder_value!r}")
        folder = Path(folder_value).expanduser() if folder_value.strip() else default_dir
        if not folder.is_absolute() and base_dir is not None:
            folder = base_dir / folder
        return QtCamera(folder, device=device, resolution=_resolution(table, section))
    if kind == "test_pattern":
        card = open_camera(table, lambda _photo: None, section=section, base_dir=base_dir)
        assert isinstance(card, TestPatternCamera)
        return TestPattern(card.folder, card=card)
    holder: list[FolderPhotos] = []
    source = open_camera(
        table, lambda photo: holder[0].deliver(photo), section=section, base_dir=base_dir
    )
    assert isinstance(source, WatchedFolderCamera)
    holder.append(FolderPhotos(source, source.folder))
    return holder[0]
