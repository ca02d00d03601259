"""Inspection photos stored once by content: normalised JPEG, no metadata, with a thumbnail.

``PhotoStore(root).add(bytes_or_path)`` turns any picture Pillow can read into the one
form the station keeps and uploads:

1. the EXIF orientation is applied to the pixels (so a phone photo stands upright);
2. colour is converted to sRGB when the file carries an ICC profile, transparency is
   flattened onto white, and the picture becomes 8-bit RGB;
3. it is scaled down so its long side is at most 2048 px — never up. A large JPEG is
   decoded by libjpeg at 1/2, 1/4 or 1/8 scale when that still leaves a long side of at
   least 1843 px (so a 4032 x 3024 phone photo is stored at 2016 x 1512); anything still
   over 2048 px is then resized with Lanczos;
4. it is encoded as baseline JPEG, quality 85, 4:2:0, with *no* EXIF, ICC, XMP or
   comment: nothing about the camera, the place or the time leaves the bench.

The photo's identity is the SHA-256 of those stored bytes (hashing *after* normalising),
so the sync layer can upload and verify exactly what is on disk. Each step above is
deterministic, so adding the same original twice gives the same bytes and hence the same
record; and a file the store itself wrote (re-imported, e.g. from an export) is recognised
by its own hash before any re-encoding, so it is not stored a second time either. (The
guarantee holds for one Pillow/libjpeg build; a different encoder build may produce
different bytes for the same original, which then is stored as a new photo.)

Layout: ``root/ab/cd/<sha256>.jpg`` and ``root/thumbs/ab/cd/<sha256>.jpg`` (long side at most
256 px). Files are written atomically, the thumbnail first, so a photo file present on
disk always has its thumbnail.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import threading
from math import ceil
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from station.files import write_atomically

MAX_SIDE = 2048
DRAFT_MIN_SIDE = 1843  # 90 % of MAX_SIDE: what a reduced-scale JPEG decode may come down to
THUMB_SIDE = 256
JPEG_QUALITY = 85
THUMB_QUALITY = 80
MAX_INPUT_BYTES = 100 * 1024 * 1024

_SHA = re.compile(r"[0-9a-f]{64}")


class PhotoError(ValueError):
    """The input is not a picture the station can store; the message says why."""


@dataclasses.dataclass(frozen=True, slots=True)
class StoredPhoto:
    sha256: str
    path: Path
    width: int
    height: int
    thumb_path: Path


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    # Explicit settings, so the bytes depend only on the pixels; no exif/icc passed.
    image.save(
        out,
        format="JPEG",
        quality=quality,
        subsampling=2,
        optimize=True,
        progressive=False,
    )
    return out.getvalue()


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, target, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the numbers as they are
    return converted if converted is not None else image


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit or float grey: scale into 8 bits rather than clipping to white.
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def normalise(data: bytes) -> tuple[bytes, int, int, Image.Image]:
    """The stored JPEG bytes, width and height for the picture in ``data`` (and the image)."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format == "JPEG" and max(opened.size) > MAX_SIDE:
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that keeps the long side
                # at DRAFT_MIN_SIDE or more: several times faster than a full decode plus
                # Lanczos for a 12 MP phone photo, with a fraction of the memory.
                scale = max(opened.size) / DRAFT_MIN_SIDE
                opened.draft("RGB", (ceil(opened.size[0] / scale), ceil(opened.size[1] / scale)))
            opened.load()
            image = ImageOps.exif_transpose(opened)
            image = _to_srgb(image)
            image = _flatten(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(f"picture too large to store: {exc}") from None
    except UnidentifiedImageError:
        raise PhotoError("not a picture (JPEG, PNG or another image format expected)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(f"picture is damaged or truncated: {exc}") from None
    if min(image.size) < 1:
        raise PhotoError("picture has no pixels")
    if max(image.size) > MAX_SIDE:
        factor = MAX_SIDE / max(image.size)
        size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    # Pillow carries EXIF, XMP, ICC and comments along in .info and some encoders write
    # them back out; the stored photo must have none.
    image.info = {}
    return _jpeg(image, JPEG_QUALITY), image.width, image.height, image


class PhotoStore:
    """Content-addressed photo files under ``root``; safe to use from several threads."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.jpg"

    def thumb_path_for(self, sha256: str) -> Path:
        return self.root / "thumbs" / sha256[:2] / sha256[2:4] / f"{sha256}.jpg"

    def get(self, sha256: str) -> StoredPhoto | None:
        """The stored photo with this hash, or None."""
        if not _SHA.fullmatch(sha256):
            return None
        path = self.path_for(sha256)
        try:
            with Image.open(path) as image:
                width, height = image.size
        except (OSError, UnidentifiedImageError):
            return None
        return StoredPhoto(sha256, path, width, height, self.thumb_path_for(sha256))

    def add(self, source: bytes | bytearray | memoryview | Path | str) -> StoredPhoto:
        """Store a picture (its bytes or a file path); a picture already stored is a no-op."""
        data = self._read(source)
        # A file this store wrote is already normalised: recognise it by its own hash.
        existing = self.get(hashlib.sha256(data).hexdigest())
        if existing is not None:
            self._ensure_thumbnail(existing)
            return existing
        stored, width, height, image = normalise(data)
        sha256 = hashlib.sha256(stored).hexdigest()
        record = StoredPhoto(
            sha256, self.path_for(sha256), width, height, self.thumb_path_for(sha256)
        )
        with self._lock:
            if not record.path.exists():
                self._write_thumbnail(record, image)
                record.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(record.path, stored)
            elif not record.thumb_path.exists():
                self._write_thumbnail(record, image)
        return record

    def _read(self, source: bytes | bytearray | memoryview | Path | str) -> bytes:
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source)
        else:
            path = Path(source)
            try:
                size = os.path.getsize(path)
                if size > MAX_INPUT_BYTES:
                    raise PhotoError(f"{path}: {size} bytes is too large for a photo")
                data = path.read_bytes()
            except IsADirectoryError:
                raise PhotoError(f"{path} is a folder, not a picture") from None
            except FileNotFoundError:
                raise PhotoError(f"{path}: no such file") from None
        if not data:
            raise PhotoError("empty file: not a picture")
        if len(data) > MAX_INPUT_BYTES:
            raise PhotoError(f"{len(data)} bytes is too large for a photo")
        return data

    def _write_thumbnail(self, record: StoredPhoto, image: Image.Image) -> None:
        thumb = image.copy()
        thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
        record.thumb_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(record.thumb_path, _jpeg(thumb, THUMB_QUALITY))

    def _ensure_thumbnail(self, record: StoredPhoto) -> None:
        if record.thumb_path.exists():
            return
        with Image.open(record.path) as image:
            image.load()
            with self._lock:
                self._write_thumbnail(record, image)
