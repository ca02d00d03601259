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

(The Qt Multimedia camera, ``kind = "qt"``, is built in ``ui/``.) Every error raises
:class:`station.config.ConfigError` naming the table and the key.
"""

from __future__ import annotations

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
    unknown = sorted(set(config) - KEYS[kind])
    if unknown:
        raise ConfigError(
            f"[{section}] {unknown[0]}: unknown key for kind={kind!r} "
            f"(known: {', '.join(sorted(KEYS[kind]))})"
        )
    folder_value = config.get("dir")
    if not isinstance(folder_value, str) or not folder_value.strip():
        raise ConfigError(f"[{section}] dir: expected a folder path, got {folder_value!r}")
    folder = Path(folder_value.strip()).expanduser()
    if not folder.is_absolute() and base_dir is not None:
        folder = base_dir / folder
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
