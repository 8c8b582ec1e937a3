"""A voucher is for staff only, streamed by a permission-checked view, never from MEDIA_URL."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ledger import services
from trustmgmt.base import uploads

D = Decimal


@pytest.fixture
def expenditure(steward, db, funded):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 60)).save(buffer, format="JPEG")
    voucher = uploads.checked_voucher(SimpleUploadedFile("发票.jpg", buffer.getvalue()))
    return services.expenditure_record(
        spent_on=date(2024, 5, 2),
        pool="maintenance",
        payee="五金店",
        amount=D("46.50"),
        description="水龙头",
        voucher=voucher,
        recorded_by=steward,
    )


def url(expenditure):
    return reverse("ledger:voucher", args=[expenditure.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, expenditure):
    assert client.get(url(expenditure))["Location"].startswith(reverse("login"))


def test_an_outsider_is_refused(signed_in, outsider, expenditure):
    assert signed_in(outsider).get(url(expenditure)).status_code == 403


@pytest.mark.parametrize("user", ["steward", "committee"])
def test_staff_see_it_as_what_it_is(signed_in, request, expenditure, user):
    response = signed_in(request.getfixturevalue(user)).get(url(expenditure))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_no_voucher_is_not_found(signed_in, steward, db, funded):
    expenditure = services.expenditure_record(
        spent_on=date(2024, 5, 2), pool="garbage", payee="x", amount=D("1.00"), description="y", recorded_by=steward
    )
    assert signed_in(steward).get(url(expenditure)).status_code == 404


def test_the_expenditure_page_links_the_view_not_the_file(signed_in, steward, expenditure):
    html = signed_in(steward).get(reverse("ledger:expenditure", args=[expenditure.pk])).content.decode()
    assert url(expenditure) in html and expenditure.voucher.name not in html
