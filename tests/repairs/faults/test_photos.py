"""Residents' photos are checked by content and size, bombs are refused, and what is kept carries no EXIF."""

import io
import re
import warnings
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from repairs.models import FaultReport, Photo, WorkOrder
from tests.builders import fault_report
from trustmgmt.base.refusals import codes

from ..uploads import huge, pdf, text_posing_as

GPS = 0x8825
NINGBO = {1: "N", 2: (29.0, 52.0, 10.0), 3: "E", 4: (121.0, 33.0, 20.0)}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def phone_photo(name="IMG_0001.jpg", size=(800, 600), orientation=None) -> SimpleUploadedFile:
    """A JPEG as a phone sends it: the GPS position, the phone's make and, maybe, an orientation in its EXIF."""
    exif = Image.Exif()
    exif[GPS] = NINGBO
    exif[0x010F] = "HUAWEI"  # Make
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def bomb() -> SimpleUploadedFile:
    """A PNG of 8,000 x 8,000 pixels in a few kilobytes: decoded, it would take 64 megapixels of memory."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Image.new("1", (8000, 8000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 100_000
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


def stored(report) -> Image.Image:
    photo = Photo.objects.get(order=report.order)
    with photo.image.open("rb") as handle:
        data = handle.read()
    return data, Image.open(io.BytesIO(data))


def test_the_photo_the_phone_sent_has_its_position_in_it():
    """The test photo really carries what must go (else the next test would prove nothing)."""
    image = Image.open(phone_photo())
    assert image.getexif().get_ifd(GPS)[1] == "N" and image.getexif()[0x010F] == "HUAWEI"


def test_a_kept_photo_has_no_gps_position_nor_any_exif(household):
    report = fault_report(photos=[phone_photo()])
    data, image = stored(report)
    assert image.format == "JPEG" and image.size == (800, 600)
    assert not image.getexif() and not image.getexif().get_ifd(GPS)
    assert b"Exif" not in data and b"HUAWEI" not in data
    assert "exif" not in image.info


def test_a_photo_taken_sideways_is_kept_upright(household):
    report = fault_report(photos=[phone_photo(orientation=6)])  # "rotate 90° clockwise to view"
    _data, image = stored(report)
    assert image.size == (600, 800) and not image.getexif()


def test_a_large_photo_is_kept_at_a_size_a_phone_shows(household):
    report = fault_report(photos=[phone_photo(size=(4000, 3000))])  # a JPEG is decoded at half its size
    _data, image = stored(report)
    assert image.size == (2000, 1500)


def test_a_large_png_is_resized(household):
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 3000), (10, 20, 30)).save(buffer, "PNG")
    report = fault_report(photos=[SimpleUploadedFile("scan.png", buffer.getvalue(), content_type="image/png")])
    _data, image = stored(report)
    assert image.format == "PNG" and image.size == (1920, 1920)


def test_the_file_name_from_the_phone_is_not_kept(household):
    report = fault_report(photos=[phone_photo("王堃_12-2-301.jpg")])
    name = Path(Photo.objects.get(order=report.order).image.name).name
    # a random name (32 hex digits, which may hold "301" by chance), nothing of the phone's
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", name), name


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (text_posing_as("楼道灯.jpg", "image/jpeg"), "not_an_image"),  # not an image, named .jpg
        (pdf("楼道灯.jpg"), "not_an_image"),
        (huge("楼道灯.jpg", 20), "too_large"),  # 20 MB
        (bomb(), "not_an_image"),  # a decompression bomb
        (SimpleUploadedFile("空.jpg", b"", content_type="image/jpeg"), "empty"),
    ],
    ids=["text-named-jpg", "pdf-named-jpg", "20-mb", "decompression-bomb", "empty"],
)
def test_a_bad_photo_is_refused_and_nothing_is_written(household, tmp_path, upload, code):
    with pytest.raises(ValidationError) as refused:
        fault_report(photos=[upload])
    assert codes(refused.value) == [code]
    assert "photos" in refused.value.error_dict
    assert WorkOrder.objects.count() == 0 and FaultReport.objects.count() == 0 and Photo.objects.count() == 0
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]
