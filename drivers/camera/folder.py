"""Camera source that watches a folder: a tethered camera or phone app drops pictures there.

The folder is polled (portable, no OS file-watch API needed) every ``poll_interval``
seconds. A ``.jpg``/``.jpeg``/``.png`` file is reported once its size and modification
time have not changed for ``settle_s`` seconds, so a picture still being copied in is
never handed on half-written. Hidden files (``.name``) and other extensions — including
the ``.part``/``.tmp`` files copy tools write first — are ignored. Files already there
when watching starts are old pictures and are skipped unless ``include_existing``. A file
rewritten under the same name is reported again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from drivers.camera.base import PhotoCaptured

log = logging.getLogger(__name__)

PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png")

_Signature = tuple[int, int]  # size, mtime_ns


class WatchedFolderCamera:
    """Reports new picture files in ``folder`` through ``on_photo`` (on its own thread)."""

    def __init__(
        self,
        folder: Path | str,
        on_photo: Callable[[PhotoCaptured], None],
        *,
        poll_interval: float = 0.2,
        settle_s: float = 0.5,
        include_existing: bool = False,
        suffixes: Iterable[str] = PICTURE_SUFFIXES,
        name: str = "",
    ) -> None:
        self.folder = Path(folder)
        self._on_photo = on_photo
        self.poll_interval = poll_interval
        self.settle_s = settle_s
        self.include_existing = include_existing
        self.suffixes = tuple(s.lower() for s in suffixes)
        self._name = name or f"folder:{self.folder}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # name -> (signature, monotonic time it was first seen with that signature)
        self._watching: dict[str, tuple[_Signature, float]] = {}
        self._reported: dict[str, _Signature] = {}
        self._folder_error = ""

    @property
    def name(self) -> str:
        return self._name

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("folder camera already started")
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.include_existing:
            self._reported = dict(self._snapshot())
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"camera-{self.folder.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> WatchedFolderCamera:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _snapshot(self) -> dict[str, _Signature]:
        found: dict[str, _Signature] = {}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.name.lower().endswith(self.suffixes):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    stat = entry.stat()
                except OSError:
                    continue  # removed between listing and stat
                found[entry.name] = (stat.st_size, stat.st_mtime_ns)
        return found

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(self.poll_interval)

    def poll(self) -> list[PhotoCaptured]:
        """Look at the folder once; returns (and reports) the pictures that became ready."""
        try:
            current = self._snapshot()
        except OSError as exc:
            message = str(exc)
            if message != self._folder_error:  # say it once, not every poll
                log.warning("camera folder %s cannot be read: %s", self.folder, exc)
                self._folder_error = message
            return []
        self._folder_error = ""
        now = time.monotonic()
        ready: list[PhotoCaptured] = []
        for name, signature in current.items():
            if self._reported.get(name) == signature:
                continue
            seen = self._watching.get(name)
            if seen is None or seen[0] != signature:
                self._watching[name] = (signature, now)
                continue
            if signature[0] > 0 and now - seen[1] >= self.settle_s:
                del self._watching[name]
                self._reported[name] = signature
                ready.append(
                    PhotoCaptured(path=self.folder / name, at=datetime.now(UTC), source=self.name)
                )
        for gone in set(self._watching) - set(current):
            del self._watching[gone]
        for gone in set(self._reported) - set(current):
            del self._reported[gone]
        for photo in ready:
            try:
                self._on_photo(photo)
            except Exception:
                log.exception("photo listener failed for %s", photo.path)
        return ready
