"""Uploaded files are checked by what they contain, not by their name or the browser's word for them.

A voucher (the invoice behind an expenditure) and a contract document are a PDF or a JPEG, PNG or WebP image;
a photo (of a fault, a repair, a patrol) is an image. Images must be readable by Pillow and no larger than a
real photo (a larger one is a decompression bomb). Each kind has a size limit. A file that passes is renamed
to a random name with the right extension, so a phone's file name (which may name a person or a flat) is
never stored, and `content_type` says what `trustmgmt.base.files.serve_file` serves it as. A photo from a
resident (`checked_photo_without_metadata`) is also redrawn from its pixels, so no EXIF (GPS position, the
phone) is kept.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MB = 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; larger is a decompression bomb, not a photo
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}

FILE_EMPTY = _("“%(name)s” is empty.")
FILE_TOO_LARGE = _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB.")


@dataclass(frozen=True)
class Kind:
    """What an upload must be: its limit in MB, whether a PDF will do, and the refusal for anything else."""

    limit_mb: int
    pdf: bool
    refusal: str
    code: str

    @property
    def limit_bytes(self) -> int:
        return self.limit_mb * MB


VOUCHER = Kind(
    10,
    True,
    _("“%(name)s” is neither a PDF nor a photo: upload the invoice as a PDF, JPEG, PNG or WebP."),
    "not_a_voucher",
)
DOCUMENT = Kind(
    15,
    True,
    _("“%(name)s” is neither a PDF nor an image: upload the contract as a PDF or a photo of it."),
    "not_a_document",
)
PHOTO = Kind(8, False, _("“%(name)s” is not a photo: upload a JPEG, PNG or WebP image."), "not_an_image")
MAX_VOUCHER_MB = VOUCHER.limit_mb


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}"


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


def _is_pdf(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, upload.size - 1024))
    tail = upload.read(1024)
    upload.seek(0)
    return head.startswith(b"%PDF-") and b"%%EOF" in tail


def checked(upload: UploadedFile, kind: Kind) -> UploadedFile:
    """The upload renamed to a random name with the extension its content shows, or a refusal."""
    name = upload.name or ""
    if not upload.size:
        raise ValidationError(FILE_EMPTY, code="empty", params={"name": name})
    if upload.size > kind.limit_bytes:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="too_large",
            params={"name": name, "size": _megabytes(upload.size), "limit": kind.limit_mb},
        )
    extension = "pdf" if kind.pdf and _is_pdf(upload) else _image_extension(upload)
    if extension is None:
        raise ValidationError(kind.refusal, code=kind.code, params={"name": name})
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    return upload


def checked_voucher(upload: UploadedFile) -> UploadedFile:
    return checked(upload, VOUCHER)


def checked_document(upload: UploadedFile) -> UploadedFile:
    return checked(upload, DOCUMENT)


def checked_photo(upload: UploadedFile) -> UploadedFile:
    return checked(upload, PHOTO)


# Pixels on the long side of a resident's photo as kept: enough to see a fault, small enough to load on a phone. A
# JPEG is decoded at the smallest of its own scales (1/2, 1/4, 1/8) that keeps PUBLIC_PHOTO_SIDE, and resized only
# when that is still above PUBLIC_PHOTO_LIMIT: a 4000 x 3000 photo is kept at 2000 x 1500 without a resize, which
# is what keeps a report with a phone's 3 MB photo within 300 ms.
PUBLIC_PHOTO_SIDE = 1920
PUBLIC_PHOTO_LIMIT = 2400
FORMAT_OF = {extension: image_format for image_format, extension in IMAGE_FORMATS.items()}


def _reencoded(upload: UploadedFile, extension: str, max_side: int) -> bytes:
    """The image drawn afresh from its pixels: upright (as the EXIF orientation meant), about `max_side` pixels
    on the long side (see PUBLIC_PHOTO_SIDE), and saved without EXIF (camera, time, GPS position), XMP or
    comments."""
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(upload) as image:
            if image.format == "JPEG":  # decode at a half or a quarter scale where that is still large enough:
                scale = max_side / max(image.size)  # a phone's 12-megapixel photo in a fraction of the time
                image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
            picture = ImageOps.exif_transpose(image)
            if max(picture.size) > max_side * PUBLIC_PHOTO_LIMIT // PUBLIC_PHOTO_SIDE:
                picture.thumbnail((max_side, max_side))
            if extension == "jpg" and picture.mode not in ("RGB", "L"):
                picture = picture.convert("RGB")
            output = io.BytesIO()
            options = {"quality": 85, "optimize": False} if extension == "jpg" else {}
            picture.save(output, format=FORMAT_OF[extension], **options)  # no exif=, no icc_profile=: none written
    upload.seek(0)
    return output.getvalue()


def checked_photo_without_metadata(upload: UploadedFile, kind: Kind = PHOTO, max_side: int = PUBLIC_PHOTO_SIDE):
    """A photo from someone outside the staff (a resident's fault report): checked like any photo, then stored as a
    fresh copy without its metadata, so the place it was taken and the phone that took it are never kept."""
    original = upload.name or ""
    upload = checked(upload, kind)
    extension = upload.name.rsplit(".", 1)[-1]
    try:
        data = _reencoded(upload, extension, max_side)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(kind.refusal, code=kind.code, params={"name": original}) from None
    return ContentFile(data, name=upload.name)


def content_type(stored_name: str) -> str:
    """What a stored file is served as; its extension was set by `checked` from its content."""
    return CONTENT_TYPES.get(stored_name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
