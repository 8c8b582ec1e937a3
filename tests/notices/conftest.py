import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from trustmgmt.notices import services


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def png():
    def make(name="停水.png", size=(40, 30)) -> SimpleUploadedFile:
        buffer = io.BytesIO()
        Image.new("RGB", size, (30, 90, 70)).save(buffer, "PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    return make


@pytest.fixture
def pdf_upload():
    def make(name="议程.pdf") -> SimpleUploadedFile:
        content = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def draft(steward, today):
    """draft(**changes) -> a draft notice by the steward, valid today and the week after."""

    def make(**changes):
        fields = {
            "title": "停水通知",
            "body": "12 月 2 日停水。",
            "text_format": "text",
            "valid_from": today,
            "valid_to": today + timedelta(days=7),
            **changes,
        }
        return services.notice_create(by=changes.pop("by", steward), **fields)

    return make


@pytest.fixture
def published(draft, steward):
    """published(**changes) -> a notice published now."""

    def make(**changes):
        return services.notice_publish(notice=draft(**changes), by=steward)

    return make
