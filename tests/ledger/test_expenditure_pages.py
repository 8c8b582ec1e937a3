"""Recording spending from the page: posted at once up to the threshold, else it waits for the committee."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ledger.models import Entry, Expenditure, ExpenditureStatus
from tests.builders import spend

D = Decimal
NEW = reverse("ledger:expenditure_new")


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def form(**fields):
    data = {
        "spent_on": timezone.localdate().isoformat(),
        "pool": "maintenance",
        "payee": "月湖五金水电商行",
        "amount": "85.00",
        "description": "LED 楼道灯泡 10 只",
    }
    data.update(fields)
    return data


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(NEW)["Location"].startswith(reverse("login"))


def test_an_outsider_and_the_committee_may_not_record(signed_in, outsider, committee):
    assert signed_in(outsider).post(NEW, form()).status_code == 403
    assert signed_in(committee).post(NEW, form()).status_code == 403
    assert Expenditure.objects.count() == 0


def test_spending_up_to_the_threshold_is_posted_at_once(signed_in, steward, funded):
    client = signed_in(steward)
    response = client.post(NEW, form(amount="500.00"))
    expenditure = Expenditure.objects.get()
    assert response["Location"] == reverse("ledger:expenditure", args=[expenditure.pk])
    assert expenditure.status == ExpenditureStatus.POSTED
    assert Entry.objects.get(expenditure=expenditure).maintenance == D("-500.00")
    assert "The expenditure is posted to the ledger." in client.get(response["Location"]).content.decode()


def test_spending_above_the_threshold_waits(signed_in, steward):
    client = signed_in(steward)
    response = client.post(NEW, form(amount="500.01"))
    expenditure = Expenditure.objects.get()
    assert expenditure.status == ExpenditureStatus.PENDING and not Entry.objects.exists()
    assert "waits for a committee member" in client.get(response["Location"]).content.decode()


@override_settings(EXPENDITURE_APPROVAL_THRESHOLD=D("50.00"))
def test_the_threshold_is_a_setting(signed_in, steward):
    signed_in(steward).post(NEW, form(amount="85.00"))
    assert Expenditure.objects.get().status == ExpenditureStatus.PENDING


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "0"}, "amount", "The amount must be more than zero."),
        ({"amount": "-5"}, "amount", "The amount must be more than zero."),
        ({"amount": "1.005"}, "amount", "An amount has at most two decimal places (fen)."),
        ({"amount": "八十五"}, "amount", "Enter an amount in yuan, such as 200 or 200.50."),
        ({"pool": "heating"}, "pool", None),
        ({"payee": ""}, "payee", "This field is required."),
        ({"payee": "店" * 101}, "payee", None),
        ({"description": "灯" * 301}, "description", None),
        ({"spent_on": "2024-13-01"}, "spent_on", "Enter a valid date."),
        (
            {"spent_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "spent_on",
            "The date cannot be in the future.",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_written(signed_in, steward, fields, field, message):
    response = signed_in(steward).post(NEW, form(**fields))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert Expenditure.objects.count() == 0 and Entry.objects.count() == 0


def test_script_tags_are_stored_as_text_and_shown_escaped(signed_in, steward, funded):
    client = signed_in(steward)
    response = client.post(NEW, form(payee="<script>alert(1)</script>", description="<b>bold</b>"))
    expenditure = Expenditure.objects.get()
    assert expenditure.payee == "<script>alert(1)</script>"
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page and "<b>bold</b>" not in page


def test_a_photo_voucher_is_kept_under_a_random_name(signed_in, steward, funded):
    upload = SimpleUploadedFile("王堃 发票.png", png(), content_type="image/png")
    signed_in(steward).post(NEW, form(voucher=upload))
    voucher = Expenditure.objects.get().voucher
    assert voucher.name.startswith("vouchers/") and voucher.name.endswith(".png")
    assert "王堃" not in voucher.name


def test_a_pdf_voucher_is_accepted(signed_in, steward, funded):
    signed_in(steward).post(NEW, form(voucher=SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")))
    assert Expenditure.objects.get().voucher.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.png", b"<html><script>alert(1)</script></html>", "is neither a PDF nor a photo"),
        ("invoice.pdf", b"MZ\x90\x00 not a pdf at all", "is neither a PDF nor a photo"),
        ("invoice.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "neither"),
        ("invoice.gif", b"GIF89a" + b"\x00" * 20, "is neither a PDF nor a photo"),
        ("empty.png", b"", "empty"),
    ],
)
def test_a_voucher_is_checked_by_its_content(signed_in, steward, name, content, message):
    response = signed_in(steward).post(NEW, form(voucher=SimpleUploadedFile(name, content)))
    errors = response.context["form"].errors["voucher"]
    assert message in errors[0]
    assert Expenditure.objects.count() == 0


def test_a_voucher_over_10_mb_is_refused(signed_in, steward):
    big = PDF[:-7] + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    response = signed_in(steward).post(NEW, form(voucher=SimpleUploadedFile("big.pdf", big)))
    assert "the limit is 10 MB" in response.context["form"].errors["voucher"][0]
    assert Expenditure.objects.count() == 0


@pytest.mark.parametrize(("reference", "linked"), [("WO-2024-0007", True), ("发票 No.12345", False)])
def test_a_work_order_number_links_to_the_order_wherever_the_staff_see_it(
    signed_in, steward, committee, funded, reference, linked
):
    expenditure = spend(steward, "300.00", reference=reference)
    expenditure_page = reverse("ledger:expenditure", args=[expenditure.pk])
    order = f'<a href="/repairs/orders/{reference}/">{reference}</a>'
    client = signed_in(committee)
    for url in (expenditure_page, reverse("ledger:expenditures")):
        page = client.get(url).content.decode()
        assert (order in page) is linked and reference in page
    other = reference[:-1] + "9"
    assert spend(steward, "900.00", reference=other).status == ExpenditureStatus.PENDING  # above the threshold
    assert (
        f'<a href="/repairs/orders/{other}/">' in client.get(reverse("ledger:approvals")).content.decode()
    ) is linked
