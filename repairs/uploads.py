"""Checking uploaded files by what they contain, not by their name or the browser's word for them.

Photos must be JPEG, PNG or WebP images that Pillow can read; the contract document a PDF or such an
image. Each has a size limit. A file that passes is renamed to a random name with the right extension,
so a phone's file name (which may carry a person's name or a flat) is never stored.
"""

import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; larger is a decompression bomb, not a stairwell
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

NOT_AN_IMAGE = _("“%(name)s” is not a photo: upload a JPEG, PNG or WebP image.")
NOT_A_DOCUMENT = _("“%(name)s” is neither a PDF nor an image: upload the contract as a PDF or a photo of it.")
FILE_TOO_LARGE = _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB.")
FILE_EMPTY = _("“%(name)s” is empty.")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def _check_size(upload: UploadedFile, limit: int) -> None:
    name = upload.name or ""
    if not upload.size:
        raise ValidationError(FILE_EMPTY, code="empty", params={"name": name})
    if upload.size > limit:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="too_large",
            params={"name": name, "size": _megabytes(upload.size), "limit": _megabytes(limit).removesuffix(".0")},
        )


def _image_extension(upload: UploadedFile) -> str | None:
    """The extension for an image Pillow can fully read, or None."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in IMAGE_FORMATS or image.width * image.height > MAX_PIXELS:
                    return None
                image.verify()
                return IMAGE_FORMATS[image.format]
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    finally:
        upload.seek(0)


def _looks_like_pdf(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, upload.size - 1024))
    tail = upload.read(1024)
    upload.seek(0)
    return head.startswith(b"%PDF-") and b"%%EOF" in tail


def _renamed(upload: UploadedFile, extension: str) -> UploadedFile:
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    return upload


def checked_photo(upload: UploadedFile) -> UploadedFile:
    _check_size(upload, MAX_PHOTO_BYTES)
    extension = _image_extension(upload)
    if extension is None:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image", params={"name": upload.name})
    return _renamed(upload, extension)


def checked_document(upload: UploadedFile) -> UploadedFile:
    _check_size(upload, MAX_DOCUMENT_BYTES)
    if _looks_like_pdf(upload):
        return _renamed(upload, "pdf")
    extension = _image_extension(upload)
    if extension is None:
        raise ValidationError(NOT_A_DOCUMENT, code="not_a_document", params={"name": upload.name})
    return _renamed(upload, extension)
