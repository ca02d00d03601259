"""Photo sources of the photos step: live camera (Qt Multimedia), watched folder, test pattern.

``[devices.camera]`` in the station config picks the source::

    [devices.camera]
    kind = "qt"             # a live USB/built-in camera through Qt Multimedia
    device = "Logitech"     # optional: part of the camera's name or id (default: the first)
    dir = "captures"        # optional: where stills go before the photo store takes them in
    resolution = "1920x1080"  # optional: the still size to ask the camera for

``kind = "folder"`` (a tethered camera or phone drops pictures into ``dir``) and
``kind = "test_pattern"`` are the drivers' sources (:func:`drivers.camera.config.open_camera`),
and the ``qt`` table is checked there too (:func:`~drivers.camera.config.qt_camera_settings`);
only the Qt objects live here. No table, ``enabled = false`` or ``--demo`` is the test
pattern. A Qt camera that is missing, unplugged or failing falls back to the test pattern
and says so in the photos step, and comes back live when the camera does
(``QMediaDevices.videoInputsChanged``).

Every source answers :meth:`PhotoSource.request` with ``photoReady(path)`` (at once for the
test pattern, when the still is saved for the Qt camera, when a new file has settled for the
folder); the window hands the path to the workflow as a ``Photo`` event and the photo store
hashes, downscales and strips it.
"""

from __future__ import annotations

import collections
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import QWidget

from drivers.camera.base import CameraSource, PhotoCaptured
from drivers.camera.config import camera_kind, open_camera, qt_camera_settings
from drivers.camera.folder import WatchedFolderCamera
from drivers.camera.pattern import TestPatternCamera
from ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:  # Qt Multimedia is loaded only for a kind = "qt" camera
    from PySide6.QtMultimedia import QCamera, QCameraDevice, QImageCapture

log = logging.getLogger(__name__)

# The sentence a source shows: translation context, English text, the values filled in.
_Sentence = tuple[str, str, dict[str, str]]


class PhotoSource(QObject):
    """What the photos step asks for pictures; subclasses are the kinds of camera.

    A source has a resting state (live, test pattern, folder, or a lasting error) and passing
    ones (waiting for the picture, a picture not taken); the next picture brings the resting
    state back.

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
        self._text: _Sentence = ("", "", {})
        self._rest: tuple[str, _Sentence] = (self.state, self._text)

    @property
    def message(self) -> str:
        context, text, values = self._text
        if not text:
            return ""
        return QCoreApplication.translate(context, text).format(**values)

    @staticmethod
    def _sentence(context: str, text: str, values: Mapping[str, object]) -> _Sentence:
        return (context, text, {k: str(v) for k, v in values.items()})

    def _set_state(self, state: str, context: str, text: str, **values: object) -> None:
        """A passing state: shown now, replaced by the resting one at the next picture."""
        self.state = state
        self._text = self._sentence(context, text, values)
        self.stateChanged.emit(state, self.message)

    def _settle(
        self, state: str, context: str, text: str, *, emit: bool = True, **values: object
    ) -> None:
        """The state the source stays in until something changes (a camera comes or goes)."""
        self._rest = (state, self._sentence(context, text, values))
        self.state, self._text = self._rest
        if emit:
            self.stateChanged.emit(self.state, self.message)

    def _back_to_rest(self) -> None:
        if (self.state, self._text) != self._rest:
            self.state, self._text = self._rest
            self.stateChanged.emit(self.state, self.message)

    def _deliver(self, path: Path | str) -> None:
        self._back_to_rest()
        self.photoReady.emit(str(path))

    def _cannot_save(self, folder: Path, error: OSError) -> None:
        log.error("camera: cannot save a picture in %s: %s", folder, error)
        self._set_state(
            "error",
            "PhotoSource",
            QT_TRANSLATE_NOOP(
                "PhotoSource", "The picture could not be saved in {folder} ({error}). Call IT."
            ),
            folder=folder,
            error=error.strerror or error,
        )

    def _test_card(self, card: TestPatternCamera) -> None:
        try:
            photo = card.capture()
        except OSError as exc:  # a full disk or a read-only folder must not end the shift
            self._cannot_save(card.folder, exc)
            return
        self._deliver(photo.path)

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
        self._settle(
            "test pattern",
            "TestPattern",
            QT_TRANSLATE_NOOP("TestPattern", "Test pattern: P takes a test picture."),
            emit=False,
        )

    def explain_error(self, error: str) -> None:
        """The camera table is wrong: say so (the test pattern is used meanwhile)."""
        self._settle(
            "error",
            "TestPattern",
            QT_TRANSLATE_NOOP("TestPattern", "{error} — using the test pattern until IT fixes it."),
            emit=False,
            error=error,
        )

    def request(self, slot: str) -> None:
        self._test_card(self._card)


class PhotoBridge(QObject):
    """Carries the drivers' ``PhotoCaptured`` events from their thread to the GUI thread.

    Signals:
        arrived(object): a ``PhotoCaptured``, on the thread the bridge belongs to.
    """

    arrived = Signal(object)
    _incoming = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._incoming.connect(self._on_gui_thread, Qt.ConnectionType.QueuedConnection)

    def deliver(self, photo: PhotoCaptured) -> None:
        """The drivers' ``on_photo`` callback: any thread, never blocks, plain data only."""
        self._incoming.emit(photo)

    def _on_gui_thread(self, photo: PhotoCaptured) -> None:
        self.arrived.emit(photo)


class FolderPhotos(PhotoSource):
    """Pictures a tethered camera or phone drops into a folder (the drivers' watched folder).

    A picture that settles in the folder during the photos step is used at once; one that
    came earlier is kept, and P uses the newest of those. Everything here runs on the GUI
    thread: the watcher's events come through the :class:`PhotoBridge`.
    """

    name = "folder"

    def __init__(
        self,
        source: CameraSource,
        bridge: PhotoBridge,
        folder: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._folder = folder
        self._arrived: collections.deque[Path] = collections.deque(maxlen=50)
        self._started = False
        bridge.setParent(self)
        bridge.arrived.connect(self._arrived_on_gui_thread)
        self._settle(
            "folder",
            "FolderPhotos",
            QT_TRANSLATE_NOOP(
                "FolderPhotos", "Take the picture with the camera; it arrives from {folder}."
            ),
            emit=False,
            folder=folder,
        )

    def _arrived_on_gui_thread(self, photo: PhotoCaptured) -> None:
        # Used at once in the photos step (the window calls keep() otherwise).
        self._deliver(photo.path)

    def keep(self, path: str) -> None:
        self._arrived.append(Path(path))

    def start(self) -> None:
        try:
            self._source.start()
            self._started = True
        except OSError as exc:  # the bench still starts; the photos step says what is wrong
            log.error("camera folder %s cannot be used: %s", self._folder, exc)
            self._settle(
                "error",
                "FolderPhotos",
                QT_TRANSLATE_NOOP(
                    "FolderPhotos", "The camera folder {folder} cannot be used ({error}). Call IT."
                ),
                emit=False,
                folder=self._folder,
                error=exc.strerror or exc,
            )
        super().start()

    def stop(self) -> None:
        if self._started:
            self._source.stop()
            self._started = False

    def request(self, slot: str) -> None:
        if not self._started:
            self.stateChanged.emit(self.state, self.message)  # the lasting error, again
            return
        if self._arrived:
            self._deliver(self._arrived.pop())
            return
        self._set_state(
            "folder",
            "FolderPhotos",
            QT_TRANSLATE_NOOP(
                "FolderPhotos", "Waiting for the picture from the camera ({folder})."
            ),
            folder=self._folder,
        )


def _file_safe(slot: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", slot) or "photo"


class QtCamera(PhotoSource):
    """A live camera through Qt Multimedia, with the test pattern while there is none.

    The camera is looked for at :meth:`start` and whenever the list of cameras changes
    (plugged in or out); a missing, unplugged or failing camera leaves the test pattern in
    use, the photos step says so, and plugging the camera in brings the live view back.
    """

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
        self._camera: QCamera | None = None
        self._capture: QImageCapture | None = None
        self._live = False
        self._view: QWidget | None = None  # made when a camera is first found
        self._card = TestPatternCamera(folder, name="test pattern")
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._open)
        self._counter = 0
        self._stopped = True

    def start(self) -> None:
        self._stopped = False
        self._open()

    def _find(self) -> QCameraDevice | None:
        from PySide6.QtMultimedia import QMediaDevices

        inputs = list(QMediaDevices.videoInputs())
        if not self._device:
            return inputs[0] if inputs else None
        wanted = self._device.lower()
        for candidate in inputs:
            ident = bytes(candidate.id().data()).decode(errors="replace").lower()
            if wanted in candidate.description().lower() or wanted in ident:
                return candidate
        if inputs:  # for IT: what the name should have matched
            log.warning(
                "camera %r not among: %s",
                self._device,
                ", ".join(c.description() for c in inputs),
            )
        return None

    def _open(self) -> None:
        from PySide6.QtMultimedia import QCamera, QImageCapture

        if self._stopped:
            return
        found = self._find()
        if found is None:
            self._close()
            wanted = f" “{self._device}”" if self._device else ""
            self._settle(
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
            return  # another camera came or went; ours is still there
        self._close()
        camera = QCamera(found, self)
        if camera.error() is not QCamera.Error.NoError:  # failed while opening: no signal
            text = camera.errorString()
            camera.deleteLater()
            self._failed(text)
            return
        self._camera = camera
        camera.errorOccurred.connect(self._camera_error)
        capture = QImageCapture(self)
        capture.setFileFormat(QImageCapture.FileFormat.JPEG)
        if self._resolution is not None:
            capture.setResolution(QSize(*self._resolution))
        capture.imageSaved.connect(self._saved)
        capture.errorOccurred.connect(self._capture_error)
        self._capture = capture
        self._session.setVideoOutput(self._live_widget())
        self._session.setCamera(camera)
        self._session.setImageCapture(capture)
        camera.start()
        self._live = True
        self._settle(
            "live",
            "QtCamera",
            QT_TRANSLATE_NOOP("QtCamera", "Live: {camera}. P takes the picture."),
            camera=found.description(),
        )

    def _live_widget(self) -> QWidget:
        if self._view is None:
            from PySide6.QtMultimediaWidgets import QVideoWidget

            # Parentless until the photos step puts it in its layout; stop() deletes it
            # if that never happened.
            self._view = QVideoWidget()
            self._view.setObjectName("liveCamera")
            self._view.setMinimumSize(480, 270)
        return self._view

    def _close(self) -> None:
        self._live = False
        if self._camera is not None:
            self._camera.stop()
            self._session.setCamera(None)  # type: ignore[arg-type]  # None detaches it
            self._camera.deleteLater()
            self._camera = None
        if self._capture is not None:
            self._session.setImageCapture(None)  # type: ignore[arg-type]
            self._capture.deleteLater()
            self._capture = None

    def _failed(self, text: str) -> None:
        log.warning("camera error: %s", text)
        self._settle(
            "test pattern",
            "QtCamera",
            QT_TRANSLATE_NOOP(
                "QtCamera",
                "Camera failed ({error}) — using the test pattern. Call IT if it repeats.",
            ),
            error=text,
        )

    def _camera_error(self, _error: object, text: str) -> None:
        self._close()
        self._failed(text)

    def _capture_error(self, _id: int, _error: object, text: str) -> None:
        log.warning("still capture failed: %s", text)
        if self._live:  # the camera is still live: the next P tries again
            self._set_state(
                "live",
                "QtCamera",
                QT_TRANSLATE_NOOP(
                    "QtCamera", "The picture was not taken ({error}). Press P again."
                ),
                error=text,
            )

    def _saved(self, _id: int, path: str) -> None:
        self._deliver(path)

    def request(self, slot: str) -> None:
        if not self._live or self._capture is None:
            self._test_card(self._card)
            return
        if not self._capture.isReadyForCapture():
            self._set_state(
                "live",
                "QtCamera",
                QT_TRANSLATE_NOOP("QtCamera", "The camera is not ready yet — press P again."),
            )
            return
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._cannot_save(self._folder, exc)
            return
        self._counter += 1
        at = datetime.now(UTC)
        name = f"{_file_safe(slot)}-{at:%Y%m%dT%H%M%S%f}-{self._counter:05d}.jpg"
        self._capture.captureToFile(str(self._folder / name))

    def stop(self) -> None:
        self._stopped = True
        self._close()
        if self._view is not None and self._view.parent() is None:
            self._view.deleteLater()  # never shown in a window: not owned by one
            self._view = None

    def live_view(self) -> QWidget | None:
        return self._view if self._live else None


def open_photo_source(
    table: Mapping[str, Any] | None,
    *,
    default_dir: Path,
    base_dir: Path | None = None,
    demo: bool = False,
    section: str = "devices.camera",
) -> PhotoSource:
    """The photos step's source for a ``[devices.camera]`` table (not started yet).

    Raises :class:`~station.config.ConfigError` naming the table and the key for a bad table.
    """
    if demo or not table or table.get("enabled", True) is False:
        return TestPattern(default_dir)
    kind = camera_kind(table, section=section)
    if kind == "qt":
        settings = qt_camera_settings(
            table, section=section, base_dir=base_dir, default_dir=default_dir
        )
        return QtCamera(settings.folder, device=settings.device, resolution=settings.resolution)
    if kind == "test_pattern":
        card = open_camera(table, lambda _photo: None, section=section, base_dir=base_dir)
        assert isinstance(card, TestPatternCamera)
        return TestPattern(card.folder, card=card)
    bridge = PhotoBridge()
    source = open_camera(table, bridge.deliver, section=section, base_dir=base_dir)
    assert isinstance(source, WatchedFolderCamera)
    return FolderPhotos(source, bridge, source.folder)
