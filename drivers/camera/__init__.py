"""Qt-free camera sources: a watched folder and a test pattern (the Qt camera lives in ui/)."""

from drivers.camera.base import CameraSource, PhotoCaptured
from drivers.camera.config import QtCameraSettings, open_camera, qt_camera_settings
from drivers.camera.folder import WatchedFolderCamera
from drivers.camera.pattern import TestPatternCamera, render_test_card

__all__ = [
    "CameraSource",
    "PhotoCaptured",
    "QtCameraSettings",
    "TestPatternCamera",
    "WatchedFolderCamera",
    "open_camera",
    "qt_camera_settings",
    "render_test_card",
]
