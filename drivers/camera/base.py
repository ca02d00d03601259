"""What every camera source delivers: a ``PhotoCaptured`` event for each new picture file."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Protocol


@dataclasses.dataclass(frozen=True, slots=True)
class PhotoCaptured:
    """A complete picture file is ready at ``path`` (the source is done writing it)."""

    path: Path
    at: datetime  # UTC, when the source noticed or took the picture
    source: str = ""  # the camera's name, for logs and the device monitor


class CameraSource(Protocol):
    """A camera that reports pictures through the ``on_photo`` callback given to it.

    The callback runs on the source's own thread (or the caller's, for ``capture``).
    """

    @property
    def name(self) -> str: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...
