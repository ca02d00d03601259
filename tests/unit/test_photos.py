"""Photo store: content-addressed, downscaled, upright, metadata-free JPEGs with thumbnails."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from station.photos import MAX_SIDE, THUMB_SIDE, PhotoError, PhotoStore, StoredPhoto

ORIENTATION = 0x0112
MAKE = 0x010F
GPS_IFD = 0x8825


def picture(
    size: tuple[int, int] = (640, 480),
    *,
    fmt: str = "JPEG",
    mode: str = "RGB",
    orientation: int | None = None,
    gps: bool = False,
    icc: bytes | None = None,
    colour: tuple[int, ...] = (180, 40, 40),
) -> bytes:
    image = Image.new(mode, size, colour)
    if mode == "RGB":
        # A blue right half, so orientation and scaling are visible in the pixels.
        image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[MAKE] = "PhoneCo"
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD)[2] = (52.0, 22.0, 1.5)  # GPSLatitude
    out = io.BytesIO()
    options: dict[str, object] = {}
    if fmt == "JPEG":
        options.update(exif=exif.tobytes(), quality=95, comment=b"taken at bench 3")
    if icc is not None:
        options["icc_profile"] = icc
    image.save(out, format=fmt, **options)
    return out.getvalue()


@pytest.fixture
def store(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path / "photos")


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_stored_photo_is_named_by_the_hash_of_its_bytes(store: PhotoStore) -> None:
    photo = store.add(picture())
    assert isinstance(photo, StoredPhoto)
    data = photo.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == photo.sha256
    sha = photo.sha256
    assert photo.path == store.root / sha[:2] / sha[2:4] / f"{sha}.jpg"
    assert photo.thumb_path == store.root / "thumbs" / sha[:2] / sha[2:4] / f"{sha}.jpg"
    with Image.open(photo.path) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert image.size == (photo.width, photo.height) == (640, 480)


def test_exif_gps_comment_and_icc_are_stripped(store: PhotoStore) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = picture(gps=True, orientation=1, icc=srgb)
    with Image.open(io.BytesIO(original)) as source:  # the input really carries them
        assert source.getexif().get(MAKE) == "PhoneCo" and "icc_profile" in source.info
    photo = store.add(original)
    for path in (photo.path, photo.thumb_path):
        with Image.open(path) as image:
            assert dict(image.getexif()) == {}
            assert not {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"} & set(
                image.info
            )
        data = path.read_bytes()
        assert b"Exif" not in data and b"PhoneCo" not in data and b"bench 3" not in data


def test_large_photo_is_downscaled_and_gets_a_thumbnail(store: PhotoStore) -> None:
    photo = store.add(picture((2400, 1800), fmt="PNG"))
    assert (photo.width, photo.height) == (MAX_SIDE, 1536)
    with Image.open(photo.thumb_path) as thumb:
        assert thumb.size == (THUMB_SIDE, 192)


def test_phone_sized_jpeg_is_decoded_at_half_scale(store: PhotoStore) -> None:
    photo = store.add(picture((4032, 3024)))
    assert (photo.width, photo.height) == (2016, 1512)


def test_very_large_jpeg_takes_the_fast_decode_path_and_keeps_its_shape(
    store: PhotoStore,
) -> None:
    photo = store.add(picture((4400, 3300)))
    assert (photo.width, photo.height) == (MAX_SIDE, 1536)


def test_tall_panorama_keeps_its_long_side_at_the_limit(store: PhotoStore) -> None:
    photo = store.add(picture((300, 5000)))
    assert photo.height == MAX_SIDE and photo.width == 123


def test_small_photo_is_not_enlarged(store: PhotoStore) -> None:
    photo = store.add(picture((120, 90)))
    assert (photo.width, photo.height) == (120, 90)
    with Image.open(photo.thumb_path) as thumb:
        assert thumb.size == (120, 90)


@pytest.mark.parametrize(
    ("orientation", "size", "top_is_red"),
    [
        (1, (200, 100), None),  # upright already: red left, blue right
        (6, (100, 200), True),  # rotated 90° clockwise: the left half ends up on top
        (8, (100, 200), False),  # rotated 90° counter-clockwise: the left half ends at the bottom
        (3, (200, 100), None),  # upside down: halves swap sides
    ],
)
def test_exif_orientation_is_applied_to_the_pixels(
    store: PhotoStore, orientation: int, size: tuple[int, int], top_is_red: bool | None
) -> None:
    photo = store.add(picture((200, 100), orientation=orientation))
    assert (photo.width, photo.height) == size
    with Image.open(photo.path) as image:
        rgb = image.convert("RGB")
        if top_is_red is None:
            left, right = rgb.getpixel((20, 50)), rgb.getpixel((180, 50))
            red_left = orientation == 1
            red, blue = (left, right) if red_left else (right, left)
        else:
            top, bottom = rgb.getpixel((50, 20)), rgb.getpixel((50, 180))
            red, blue = (top, bottom) if top_is_red else (bottom, top)
    assert isinstance(red, tuple) and isinstance(blue, tuple)
    assert red[0] > 150 and red[2] < 90
    assert blue[2] > 150 and blue[0] < 90


def test_second_add_of_the_same_original_is_a_no_op(store: PhotoStore, tmp_path: Path) -> None:
    original = picture((3000, 2000), orientation=6, gps=True)
    first = store.add(original)
    files = stored_files(store.root)
    stamps = [p.stat().st_mtime_ns for p in files]
    source = tmp_path / "IMG_0042.jpg"
    source.write_bytes(original)
    again = store.add(source)
    assert again == first
    assert stored_files(store.root) == files
    assert [p.stat().st_mtime_ns for p in files] == stamps
    assert len(files) == 2  # the photo and its thumbnail


def test_processing_is_deterministic_across_stores(tmp_path: Path) -> None:
    original = picture((2500, 1800), orientation=8)
    one = PhotoStore(tmp_path / "a").add(original)
    two = PhotoStore(tmp_path / "b").add(original)
    assert one.sha256 == two.sha256
    assert one.path.read_bytes() == two.path.read_bytes()


def test_reimporting_a_stored_photo_finds_it_instead_of_re_encoding(
    store: PhotoStore, tmp_path: Path
) -> None:
    photo = store.add(picture())
    exported = tmp_path / "export.jpg"
    exported.write_bytes(photo.path.read_bytes())
    assert store.add(exported) == photo
    assert store.add(photo.path) == photo
    assert len(stored_files(store.root)) == 2


def test_missing_thumbnail_is_recreated(store: PhotoStore) -> None:
    photo = store.add(picture())
    photo.thumb_path.unlink()
    assert store.add(picture()) == photo
    assert photo.thumb_path.exists()
    photo.thumb_path.unlink()
    assert store.add(photo.path) == photo
    assert photo.thumb_path.exists()


def test_get_returns_the_record_or_none(store: PhotoStore) -> None:
    photo = store.add(picture())
    assert store.get(photo.sha256) == photo
    assert store.get("0" * 64) is None
    assert store.get("../../etc/passwd") is None


def test_png_with_transparency_is_flattened_onto_white(store: PhotoStore) -> None:
    photo = store.add(picture((50, 40), fmt="PNG", mode="RGBA", colour=(0, 0, 0, 0)))
    with Image.open(photo.path) as image:
        assert image.format == "JPEG"
        pixel = image.convert("RGB").getpixel((25, 20))
    assert isinstance(pixel, tuple) and min(pixel) > 245


@pytest.mark.parametrize("mode", ["L", "I;16", "CMYK", "P"])
def test_other_colour_modes_become_rgb(store: PhotoStore, mode: str) -> None:
    fmt = "JPEG" if mode == "CMYK" else ("TIFF" if mode == "I;16" else "PNG")
    colour: tuple[int, ...] = (
        (0, 0, 0, 0) if mode == "CMYK" else (1000,) if mode == "I;16" else (7,)
    )
    photo = store.add(picture((30, 20), fmt=fmt, mode=mode, colour=colour))
    with Image.open(photo.path) as image:
        assert image.mode == "RGB" and image.size == (30, 20)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"%PDF-1.4 not a picture at all", "not a picture"),
        (os.urandom(4096), "not a picture"),
        (picture()[:300], "damaged or truncated"),
    ],
)
def test_non_pictures_are_refused_clearly(store: PhotoStore, data: bytes, message: str) -> None:
    with pytest.raises(PhotoError, match=message):
        store.add(data)
    assert not store.root.exists() or stored_files(store.root) == []


def test_bad_paths_are_refused_clearly(store: PhotoStore, tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="no such file"):
        store.add(tmp_path / "missing.jpg")
    with pytest.raises(PhotoError, match="is a folder"):
        store.add(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(PhotoError, match="not a picture"):
        store.add(str(notes))
    assert issubclass(PhotoError, ValueError)  # the bench workflow reports ValueErrors
