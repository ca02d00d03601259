"""Camera source that needs no camera: each capture is a PNG test card with a counter.

The card has the seven classic colour bars, a grey ramp, the capture time (UTC) and a
running number, so every picture differs (photo de-duplication treats them as distinct)
and a person can tell them apart on screen. Used by ``station run --demo`` and tests.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from drivers.camera.base import PhotoCaptured
from station.files import write_atomically

# 75 % colour bars: white, yellow, cyan, green, magenta, red, blue.
BARS = (
    (191, 191, 191),
    (191, 191, 0),
    (0, 191, 191),
    (0, 191, 0),
    (191, 0, 191),
    (191, 0, 0),
    (0, 0, 191),
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except (OSError, ImportError):  # Pillow built without FreeType: small bitmap font
        return ImageFont.load_default()


def render_test_card(counter: int, at: datetime, *, width: int = 1280, height: int = 960) -> bytes:
    """The PNG bytes of test card number ``counter`` taken at ``at``."""
    image = Image.new("RGB", (width, height), (16, 16, 16))
    draw = ImageDraw.Draw(image)
    bars_bottom = height * 2 // 3
    for index, colour in enumerate(BARS):
        left = index * width // len(BARS)
        right = (index + 1) * width // len(BARS)
        draw.rectangle((left, 0, right - 1, bars_bottom - 1), fill=colour)
    ramp_bottom = bars_bottom + height // 12
    steps = 16
    for step in range(steps):
        grey = round(step * 255 / (steps - 1))
        left = step * width // steps
        right = (step + 1) * width // steps
        draw.rectangle((left, bars_bottom, right - 1, ramp_bottom - 1), fill=(grey, grey, grey))
    font = _font(max(12, height // 16))
    text = f"TEST PATTERN  #{counter}   {at.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"[:-3] + "Z"
    draw.text((width // 40, ramp_bottom + height // 40), text, fill=(255, 255, 255), font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class TestPatternCamera:
    """Writes a new test card into ``folder`` on each :meth:`capture`."""

    __test__ = False  # its name starts with "Test"; keep pytest from collecting it

    def __init__(
        self,
        folder: Path | str,
        on_photo: Callable[[PhotoCaptured], None] | None = None,
        *,
        width: int = 1280,
        height: int = 960,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        name: str = "test-pattern",
    ) -> None:
        self.folder = Path(folder)
        self._on_photo = on_photo
        self.width = width
        self.height = height
        self._clock = clock
        self._name = name
        self._counter = 0
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def stop(self) -> None:
        pass  # nothing runs in the background

    def capture(self) -> PhotoCaptured:
        """Take a picture now: write the PNG, report it, and return the event."""
        with self._lock:
            self._counter += 1
            counter = self._counter
        at = self._clock()
        png = render_test_card(counter, at, width=self.width, height=self.height)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"test-pattern-{at.astimezone(UTC):%Y%m%dT%H%M%S%f}-{counter:05d}.png"
        write_atomically(path, png)
        photo = PhotoCaptured(path=path, at=at, source=self.name)
        if self._on_photo is not None:
            self._on_photo(photo)
        return photo
