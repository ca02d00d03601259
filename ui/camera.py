"""Photo sources for the photos step: a test pattern and a watched folder.

A live camera through Qt Multimedia is not part of PySide6-Essentials; stations without
one use a folder a USB/network camera drops pictures into, and demo and training use the
test pattern. Every source returns the path of a picture file, which the workflow's photo
store takes in (hashed, downscaled, EXIF-stripped) through a ``Photo`` event.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter


class PhotoSource(Protocol):
    name: str

    def capture(self, slot: str) -> Path | None: ...


class TestPatternCamera:
    """Paints a colour-bar picture naming the slot and time: a photo without a camera."""

    name = "test pattern"

    def __init__(self, folder: Path, *, size: tuple[int, int] = (800, 600)) -> None:
        self._folder = folder
        self._size = size
        self._counter = itertools.count(1)

    def capture(self, slot: str) -> Path:
        self._folder.mkdir(parents=True, exist_ok=True)
        width, height = self._size
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        bars = ("#ffffff", "#ffff00", "#00ffff", "#00ff00", "#ff00ff", "#ff0000", "#0000ff")
        bar = width // len(bars)
        for i, colour in enumerate(bars):
            painter.fillRect(QRect(i * bar, 0, bar + 1, height * 2 // 3), QColor(colour))
        painter.fillRect(QRect(0, height * 2 // 3, width, height), QColor("#202020"))
        painter.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(36)
        painter.setFont(font)
        number = next(self._counter)
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        painter.drawText(
            QRect(0, height * 2 // 3, width, height // 3),
            Qt.AlignmentFlag.AlignCenter,
            f"{slot}  #{number}\n{stamp}",
        )
        painter.end()
        path = self._folder / f"test-{dt.datetime.now():%Y%m%d-%H%M%S}-{number:04d}.jpg"
        image.save(str(path), quality=85)  # format from the .jpg suffix
        return path


class FolderCamera:
    """Takes the newest picture a camera dropped into a folder since the last capture."""

    name = "folder"
    SUFFIXES = (".jpg", ".jpeg", ".png")

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._taken: set[Path] = set()

    def capture(self, slot: str) -> Path | None:
        if not self._folder.is_dir():
            return None
        fresh = [
            p
            for p in self._folder.iterdir()
            if p.suffix.lower() in self.SUFFIXES and p not in self._taken
        ]
        if not fresh:
            return None
        newest = max(fresh, key=lambda p: p.stat().st_mtime)
        self._taken.add(newest)
        return newest
