"""Files for upload tests, made in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo(name="楼道灯.jpg", size=(64, 48), fmt="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name="合同.pdf") -> SimpleUploadedFile:
    content = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def text_posing_as(name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 this is not an image at all", content_type=content_type)


def huge(name: str, megabytes: int) -> SimpleUploadedFile:
    """A real JPEG header followed by padding: large, whatever it claims to be."""
    head = photo(name).read()
    return SimpleUploadedFile(name, head + b"\0" * (megabytes * 1024 * 1024), content_type="image/jpeg")
