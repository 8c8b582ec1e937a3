"""Vouchers (the invoice behind an expenditure) are checked by what they contain, not by their name.

A voucher is a PDF or a JPEG, PNG or WebP image that Pillow can read, at most 10 MB. One that passes is
renamed to a random name with the right extension, so a phone's file name (which may name a person) is
never stored, and `content_type` says what the voucher view will serve it as.
"""

import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

MAX_VOUCHER_MB = 10
MAX_VOUCHER_BYTES = MAX_VOUCHER_MB * 1024 * 1024
MAX_PIXELS = 50_000_000  # larger is a decompression bomb, not a photo of an invoice
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}

NOT_A_VOUCHER = _("“%(name)s” is neither a PDF nor a photo: upload the invoice as a PDF, JPEG, PNG or WebP.")
VOUCHER_TOO_LARGE = _("“%(name)s” is %(size)s MB; a voucher may be at most %(limit)s MB.")
VOUCHER_EMPTY = _("“%(name)s” is empty.")


def _image_extension(upload: UploadedFile) -> str | None:
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


def checked_voucher(upload: UploadedFile) -> UploadedFile:
    name = upload.name or ""
    if not upload.size:
        raise ValidationError(VOUCHER_EMPTY, code="empty", params={"name": name})
    if upload.size > MAX_VOUCHER_BYTES:
        size = f"{upload.size / 1024 / 1024:.1f}"
        raise ValidationError(
            VOUCHER_TOO_LARGE, code="too_large", params={"name": name, "size": size, "limit": MAX_VOUCHER_MB}
        )
    extension = "pdf" if _is_pdf(upload) else _image_extension(upload)
    if extension is None:
        raise ValidationError(NOT_A_VOUCHER, code="not_a_voucher", params={"name": name})
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    return upload


def content_type(stored_name: str) -> str:
    """What a stored voucher is served as; its extension was set by `checked_voucher` from its content."""
    return CONTENT_TYPES.get(stored_name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
