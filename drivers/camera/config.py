"""Building a camera source from its ``[devices.camera]`` table in the station config.

::

    [devices.camera]
    kind = "folder"         # pictures dropped into a folder by a tethered camera or phone
    dir = "incoming-photos" # relative paths are taken from base_dir (the config's folder)
    poll_interval = 0.2     # optional, seconds between looks at the folder
    settle = 0.5            # optional, seconds a file must stay unchanged to count as done

    [devices.camera]
    kind = "test_pattern"   # no camera: each capture writes a test card
    dir = "test-photos"
    width = 1280            # optional
    height = 960            # optional

    [devices.camera]
    kind = "qt"             # a live USB or built-in camera through Qt Multimedia
    device = "Logitech"     # optional: part of the camera's name or id (default: the first)
    dir = "captures"        # optional: where stills go (default: the app's captures folder)
    resolution = "1920x1080"  # optional: the still size to ask the camera for

The Qt Multimedia camera is built in ``ui/`` (drivers never import Qt); its table is checked
here by :func:`qt_camera_settings`, so the app and ``station doctor`` read it the same way.
Every error raises :class:`station.config.ConfigError` naming the table and the key.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from drivers.camera.base import CameraSource, PhotoCaptured
from drivers.camera.folder import WatchedFolderCamera
from drivers.camera.pattern import TestPatternCamera
from station.config import ConfigError

# "type" (the device role) and "enabled" are read by the device manager for every table.
COMMON_KEYS = {"kind", "type", "enabled", "dir"}
KEYS = {
    "folder": COMMON_KEYS | {"poll_interval", "settle"},
    "test_pattern": COMMON_KEYS | {"width", "height"},
}
QT_KEYS = COMMON_KEYS | {"device", "resolution"}
KINDS = (*KEYS, "qt")

_RESOLUTION = re.compile(r"\s*([0-9]+)\s*[xX]\s*([0-9]+)\s*")


@dataclasses.dataclass(frozen=True, slots=True)
class QtCameraSettings:
    """A checked ``kind = "qt"`` table: what the app's Qt Multimedia camera is opened with."""

    folder: Path  # where captured stills are written
    device: str = ""  # part of the camera's description or id; "" is the first camera
    resolution: tuple[int, int] | None = None  # (width, height) asked of the camera


def _unknown_keys(config: Mapping[str, Any], section: str, kind: str, known: set[str]) -> None:
    unknown = sorted(set(config) - known)
    if unknown:
        raise ConfigError(
            f"[{section}] {unknown[0]}: unknown key for kind={kind!r} "
            f"(known: {', '.join(sorted(known))})"
        )


def _number(table: Mapping[str, Any], section: str, key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 60:
        raise ConfigError(f"[{section}] {key}: expected seconds between 0 and 60, got {value!r}")
    return float(value)


def _pixels(table: Mapping[str, Any], section: str, key: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 16 <= value <= 8192:
        raise ConfigError(f"[{section}] {key}: expected pixels between 16 and 8192, got {value!r}")
    return value


def _folder(
    config: Mapping[str, Any], section: str, base_dir: Path | None, default: Path | None = None
) -> Path:
    folder_value = config.get("dir")
    if folder_value is None and default is not None:
        return default
    if not isinstance(folder_value, str) or not folder_value.strip():
        raise ConfigError(f"[{section}] dir: expected a folder path, got {folder_value!r}")
    folder = Path(folder_value.strip()).expanduser()
    if not folder.is_absolute() and base_dir is not None:
        folder = base_dir / folder
    return folder


def camera_kind(config: Mapping[str, Any], *, section: str = "devices.camera") -> str:
    """The table's ``kind``, one of :data:`KINDS` (the Qt camera included)."""
    kind = config.get("kind")
    if kind not in KINDS:
        raise ConfigError(
            f"[{section}] kind: expected one of {', '.join(repr(k) for k in KINDS)}, got {kind!r}"
        )
    return str(kind)


def qt_camera_settings(
    config: Mapping[str, Any],
    *,
    section: str = "devices.camera",
    base_dir: Path | None = None,
    default_dir: Path | None = None,
) -> QtCameraSettings:
    """The checked settings of a ``kind = "qt"`` table.

    ``dir`` may be left out when ``default_dir`` is given (the app's captures folder).
    """
    if camera_kind(config, section=section) != "qt":
        raise ConfigError(f"[{section}] kind: expected 'qt', got {config.get('kind')!r}")
    _unknown_keys(config, section, "qt", QT_KEYS)
    device = config.get("device", "")
    if not isinstance(device, str):
        raise ConfigError(f"[{section}] device: expected text, got {device!r}")
    resolution: tuple[int, int] | None = None
    value = config.get("resolution")
    if value is not None:
        match = _RESOLUTION.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise ConfigError(f'[{section}] resolution: expected "WIDTHxHEIGHT", got {value!r}')
        width, height = int(match[1]), int(match[2])
        if not (16 <= width <= 8192 and 16 <= height <= 8192):
            raise ConfigError(
                f"[{section}] resolution: expected 16..8192 pixels a side, got {value!r}"
            )
        resolution = (width, height)
    return QtCameraSettings(
        folder=_folder(config, section, base_dir, default_dir),
        device=device.strip(),
        resolution=resolution,
    )


def open_camera(
    config: Mapping[str, Any],
    on_photo: Callable[[PhotoCaptured], None],
    *,
    section: str = "devices.camera",
    base_dir: Path | None = None,
) -> CameraSource:
    """The camera source a ``[devices.camera]`` table describes (not started yet)."""
    kind = config.get("kind")
    if kind not in KEYS:
        raise ConfigError(
            f"[{section}] kind: expected one of {', '.join(repr(k) for k in KEYS)} "
            f"(the Qt camera is set up by the app), got {kind!r}"
        )
    _unknown_keys(config, section, kind, KEYS[kind])
    folder = _folder(config, section, base_dir)
    name = section.removeprefix("devices.")
    if kind == "folder":
        return WatchedFolderCamera(
            folder,
            on_photo,
            poll_interval=_number(config, section, "poll_interval", 0.2),
            settle_s=_number(config, section, "settle", 0.5),
            name=name,
        )
    return TestPatternCamera(
        folder,
        on_photo,
        width=_pixels(config, section, "width", 1280),
        height=_pixels(config, section, "height", 960),
        name=name,
    )
