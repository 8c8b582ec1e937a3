"""The staff's pages for owners' inspection requests (查账): the list, answering, public vouchers."""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ledger import services
from ledger.inspections import services as inspections
from ledger.models.inspections import InspectionRequest, PublicVoucher
from trustmgmt.base import uploads


@pytest.fixture
def spent(steward, plan, funded):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 60)).save(buffer, format="PNG")
    return services.expenditure_record(
        spent_on=date(2024, 5, 2),
        pool="maintenance",
        payee="五金店",
        amount=Decimal("46.50"),
        description="水龙头",
        voucher=uploads.checked_voucher(SimpleUploadedFile("v.png", buffer.getvalue())),
        recorded_by=steward,
    )


def ask(spent, days_ago: int, contact: str) -> InspectionRequest:
    day = timezone.localdate() - timedelta(days=days_ago)
    return inspections.inspection_request_create(
        expenditure=spent,
        flat="12-2-301",
        contact=contact,
        asked_at=timezone.make_aware(datetime.combine(day, time(9))),
    )


@pytest.fixture
def requests(spent, household, steward):
    answered = ask(spent, 30, "wx_answered")
    inspections.inspection_request_answer(request=answered, by=steward, answer="出示原件", method="desk")
    return {"answered": answered, "overdue": ask(spent, 10, "wx_overdue"), "open": ask(spent, 1, "wx_open")}


def test_the_list_puts_the_overdue_first_then_the_open(signed_in, steward, requests, django_assert_max_num_queries):
    client = signed_in(steward)
    with django_assert_max_num_queries(12):
        html = client.get("/ledger/inspections/").content.decode()
    assert html.index("wx_overdue") < html.index("wx_open") < html.index("wx_answered")
    assert 'class="overdue even"' in html and "Past its deadline" in html
    assert "12-2-301" in html  # the requester is the staff's to see


def test_the_list_filters_and_exports(signed_in, committee, requests):
    client = signed_in(committee)
    html = client.get("/ledger/inspections/", {"status": "overdue"}).content.decode()
    assert "wx_overdue" in html and "wx_open" not in html
    csv = client.get("/ledger/inspections/", {"_export": "csv"}).content.decode()
    assert "wx_answered" in csv and requests["open"].reference in csv


def test_the_steward_answers_on_the_request_page(signed_in, steward, requests):
    client = signed_in(steward)
    asked = requests["open"]
    page = client.get(f"/ledger/inspections/{asked.pk}/").content.decode()
    assert "wx_open" in page and "王堃" in page and 'name="answer"' in page
    response = client.post(f"/ledger/inspections/{asked.pk}/", {"method": "copy", "answer": "已微信发送发票照片"})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.method == "copy" and asked.answered_by == steward
    again = client.post(f"/ledger/inspections/{asked.pk}/", {"method": "desk", "answer": "x"}, follow=True)
    assert "already been answered" in again.content.decode()
    asked.refresh_from_db()
    assert asked.answer == "已微信发送发票照片"


def test_a_bad_answer_shows_its_message_and_writes_nothing(signed_in, steward, requests):
    asked = requests["open"]
    response = signed_in(steward).post(f"/ledger/inspections/{asked.pk}/", {"method": "public", "answer": "公开了"})
    assert response.status_code == 200 and "not public yet" in response.content.decode()
    asked.refresh_from_db()
    assert asked.is_open


def test_the_dashboard_counts_the_open_and_overdue(signed_in, steward, requests):
    html = signed_in(steward).get("/ledger/").content.decode()
    assert "2 inspection requests open" in html and "1 is past its deadline." in html


def test_the_committee_makes_the_voucher_public_from_the_expenditure_page(signed_in, committee, spent):
    client = signed_in(committee)
    page = client.get(f"/ledger/expenditures/{spent.pk}/").content.decode()
    assert "Make it public" in page
    response = client.post(f"/ledger/expenditures/{spent.pk}/voucher/publish/")
    assert response.status_code == 302 and PublicVoucher.objects.get().public
    page = client.get(f"/ledger/expenditures/{spent.pk}/").content.decode()
    assert "Stop showing it" in page and f"/disclosure/vouchers/{spent.pk}.png" in page
    client.post(f"/ledger/expenditures/{spent.pk}/voucher/withdraw/")
    assert not PublicVoucher.objects.get().public


def test_the_steward_cannot_make_a_voucher_public(signed_in, steward, spent):
    client = signed_in(steward)
    assert "Make it public" not in client.get(f"/ledger/expenditures/{spent.pk}/").content.decode()
    assert client.post(f"/ledger/expenditures/{spent.pk}/voucher/publish/").status_code == 403
    assert not PublicVoucher.objects.exists()


def test_a_refused_publication_says_why(signed_in, committee, steward, plan, funded):
    bare = services.expenditure_record(
        spent_on=date(2024, 5, 2),
        pool="garbage",
        payee="x",
        amount=Decimal("1.00"),
        description="y",
        recorded_by=steward,
    )
    response = signed_in(committee).post(f"/ledger/expenditures/{bare.pk}/voucher/publish/", follow=True)
    assert "no voucher on file" in response.content.decode()
    assert not PublicVoucher.objects.exists()


def test_the_expenditure_page_lists_the_requests_about_it(signed_in, committee, spent, requests):
    html = signed_in(committee).get(f"/ledger/expenditures/{spent.pk}/").content.decode()
    assert all(f"/ledger/inspections/{asked.pk}/" in html for asked in requests.values())
