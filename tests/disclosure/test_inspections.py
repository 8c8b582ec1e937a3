"""The public side of owners' inspection requests (查账): the form, the thanks, the counts, public vouchers.

Who asked never leaves the staff pages; the counts and voucher links are live on cached pages.
"""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from ledger import services
from ledger.inspections import services as inspections
from ledger.models import Expenditure, Publication
from ledger.models.inspections import InspectionRequest
from tests.pages import json_of
from tests.pdfs import pdf_text
from trustmgmt.base import uploads
from trustmgmt.disclosure.services import publish

CONTACT = "wx_zhangsan_77"
FLAT = "3-1-101"  # 赵阿毛, 13900000003


@pytest.fixture
def electricity(ledger) -> Expenditure:
    return Expenditure.objects.get(payee="国网宁波供电公司")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def ask_url(expenditure) -> str:
    return f"/disclosure/expenditures/{expenditure.pk}/ask/"


def post(client, expenditure, **fields):
    return client.post(ask_url(expenditure), {"flat": FLAT, "contact": CONTACT, "question": "想看发票"} | fields)


def with_voucher(steward) -> Expenditure:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone 9"
    Image.new("RGB", (30, 20), (200, 10, 10)).save(buffer, format="JPEG", exif=exif)
    return services.expenditure_record(
        spent_on=date(2024, 2, 20),
        pool="maintenance",
        payee="五金店",
        amount=Decimal("46.50"),
        description="水龙头",
        voucher=uploads.checked_voucher(SimpleUploadedFile("a.jpg", buffer.getvalue())),
        recorded_by=steward,
    )


def test_the_month_page_links_each_spending_to_its_form(client, electricity):
    html = client.get("/disclosure/2024/01/").content.decode()
    assert ask_url(electricity) in html


def test_the_form_shows_the_spending(english, electricity):
    html = english.get(ask_url(electricity)).content.decode()
    assert "国网宁波供电公司" in html and "35.50" in html and 'name="flat"' in html and "csrfmiddlewaretoken" in html


def test_spending_not_disclosed_has_no_form(client, ledger, steward):
    pending = services.expenditure_record(
        spent_on=date(2024, 2, 1),
        pool="garbage",
        payee="x",
        amount=Decimal("900.00"),
        description="y",
        recorded_by=steward,
    )
    assert client.get(ask_url(pending)).status_code == 404
    assert post(client, pending).status_code == 404
    assert client.get("/disclosure/expenditures/999999/ask/").status_code == 404
    assert not InspectionRequest.objects.exists()


def test_a_request_thanks_with_a_reference_and_the_deadline_but_not_the_requester(english, electricity):
    response = post(english, electricity)
    assert response.status_code == 302
    asked = InspectionRequest.objects.get()
    assert asked.household.label == FLAT and asked.contact == CONTACT
    page = english.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert asked.reference in html and asked.due_by.isoformat() in html
    assert CONTACT not in html and FLAT not in html and "赵阿毛" not in html


def test_the_thanks_page_cannot_be_guessed(client, electricity):
    post(client, electricity)
    pk = InspectionRequest.objects.get().pk
    assert client.get(f"/disclosure/asked/{pk}/").status_code == 404
    assert client.get(f"/disclosure/asked/{pk}:forged/").status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"flat": "12-2"}, "Give your flat as building-unit-room, for example 12-2-301."),
        ({"flat": "9-9-909"}, "There is no flat 9-9-909 in this complex; check the numbers."),
        ({"contact": ""}, "This field is required."),
        ({"contact": "<b>hi</b>"}, "A phone number or WeChat ID has 3 to 60 letters"),
        ({"question": "长" * 501}, "Ensure this value has at most 500 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(english, electricity, fields, message):
    response = post(english, electricity, **fields)
    html = response.content.decode()
    assert response.status_code == 200
    assert message.replace("“", "&ldquo;")[:30] in html or message[:30] in html
    assert not InspectionRequest.objects.exists()
    assert "赵阿毛" not in html and "王堃" not in html


def test_the_form_needs_its_csrf_token(electricity):
    strict = Client(enforce_csrf_checks=True)
    response = post(strict, electricity)
    assert response.status_code == 403
    assert not InspectionRequest.objects.exists()


def test_one_address_is_slowed_down_after_a_few_requests(english, electricity, settings):
    settings.INSPECTION_REQUESTS_PER_HOUR = 2
    assert post(english, electricity).status_code == 302
    assert post(english, electricity).status_code == 302
    refused = post(english, electricity)
    assert refused.status_code == 429 and "try again" in refused.content.decode()
    assert InspectionRequest.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert post(other, electricity).status_code == 302


def test_trying_rooms_is_slowed_down_too(english, electricity, settings):
    settings.INSPECTION_REQUESTS_PER_HOUR = 1
    statuses = [post(english, electricity, flat=f"9-9-{room}").status_code for room in range(101, 107)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert not InspectionRequest.objects.exists()


def counts_in(html: str) -> list[str]:
    section = html.split('id="inspections-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="value">([^<]*)<', section)


def test_the_counts_show_on_the_index_and_the_month_and_follow_each_request(english, electricity, steward):
    assert "No owner has asked" in english.get("/disclosure/").content.decode()
    english.get("/disclosure/2024/01/")  # both pages cached now
    post(english, electricity)
    assert counts_in(english.get("/disclosure/").content.decode()) == ["1", "0", "—", "1"]
    assert counts_in(english.get("/disclosure/2024/01/").content.decode()) == ["1", "0", "—", "1"]
    assert "No owner has asked to see a voucher of this month" in english.get("/disclosure/2024/02/").content.decode()
    inspections.inspection_request_answer(
        request=InspectionRequest.objects.get(), by=steward, answer="已出示", method="desk"
    )
    assert counts_in(english.get("/disclosure/").content.decode()) == ["1", "1", "0.0", "0"]
    assert counts_in(english.get("/disclosure/2024/01/").content.decode()) == ["1", "1", "0.0", "0"]


def test_a_published_month_shows_live_counts_but_its_stored_document_does_not_change(english, electricity, committee):
    publication = publish(month=date(2024, 1, 1), by=committee)
    stored = dict(publication.document)
    english.get("/disclosure/2024/01/")
    post(english, electricity)
    assert counts_in(english.get("/disclosure/2024/01/").content.decode())[0] == "1"
    assert Publication.objects.get(pk=publication.pk).document == stored


def test_whoever_asked_is_on_no_public_response(english, electricity, committee, steward):
    """A distinctive contact and flat, then every public page, its JSON and its PDF: neither is there."""
    publish(month=date(2024, 1, 1), by=committee)
    post(english, electricity)
    post(english, electricity, flat="12-2-301", contact="+86 139 0000 4242")
    inspections.inspection_request_answer(
        request=InspectionRequest.objects.first(), by=steward, answer="已出示", method="desk"
    )
    secret = {CONTACT, "+86 139 0000 4242", "赵阿毛", "王堃", "13900000003", "13800000001"}
    flats = {FLAT, "12-2-301", "3-1-101"}
    for url in ["/disclosure/", "/disclosure/2024/01/", "/disclosure/2024/02/"]:
        html = english.get(url).content.decode()
        assert not [value for value in secret | flats if value in html], url
    for month in (1, 2):
        text = str(json_of(english, 2024, month))
        assert not [value for value in secret | flats if value in text]
        pdf = pdf_text(english.get(f"/disclosure/2024/{month:02d}.pdf").content)
        assert not [value for value in secret if value in pdf]


def test_a_voucher_is_public_only_once_the_committee_says_so(english, ledger, steward, committee):
    spent = with_voucher(steward)
    url = f"/disclosure/vouchers/{spent.pk}.jpg"
    assert english.get(url).status_code == 404
    english.get("/disclosure/2024/02/")
    assert "voucher-public" not in english.get("/disclosure/2024/02/").content.decode()
    inspections.voucher_make_public(expenditure=spent, by=committee)
    response = english.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    data = b"".join(response.streaming_content)
    assert b"Secret Phone" not in data and not Image.open(io.BytesIO(data)).getexif()
    assert f'href="{url}"' in english.get("/disclosure/2024/02/").content.decode()
    lines = json_of(english, 2024, 2)["expenditures"]
    assert [line.get("voucher_url") for line in lines if line["payee"] == "五金店"] == [url]
    assert all("voucher_url" not in line for line in lines if line["payee"] != "五金店")
    inspections.voucher_withdraw(expenditure=spent, by=committee)
    assert english.get(url).status_code == 404
    assert f'href="{url}"' not in english.get("/disclosure/2024/02/").content.decode()


def test_a_public_voucher_shows_on_a_published_month_without_changing_what_was_stored(
    english, ledger, steward, committee
):
    spent = with_voucher(steward)
    publish(month=date(2024, 1, 1), by=committee)
    publication = publish(month=date(2024, 2, 1), by=committee)
    inspections.voucher_make_public(expenditure=spent, by=committee)
    lines = json_of(english, 2024, 2)["expenditures"]
    assert [line["voucher_url"] for line in lines if "voucher_url" in line] == [f"/disclosure/vouchers/{spent.pk}.jpg"]
    stored = Publication.objects.get(pk=publication.pk).document["expenditures"]
    assert all("voucher_url" not in line for line in stored)


def test_a_staff_only_voucher_stays_staff_only(client, ledger, steward):
    spent = with_voucher(steward)
    assert client.get(f"/disclosure/vouchers/{spent.pk}.jpg").status_code == 404
    assert client.get(f"/ledger/expenditures/{spent.pk}/voucher/")["Location"].startswith("/accounts/login/")


def test_with_requests_and_public_vouchers_a_cached_page_still_costs_one_query(
    client, electricity, steward, committee, django_assert_num_queries
):
    from trustmgmt.disclosure.cache import forget_ledger_state

    inspections.voucher_make_public(expenditure=with_voucher(steward), by=committee)
    post(client, electricity)
    client.get("/disclosure/2024/02/")
    forget_ledger_state()
    with django_assert_num_queries(1):
        assert client.get("/disclosure/2024/02/").status_code == 200


def test_a_published_month_costs_one_query_more_for_its_counts_and_one_for_its_public_vouchers(
    client, electricity, steward, committee, django_assert_num_queries
):
    from django.core.cache import cache

    from trustmgmt.disclosure.cache import forget_ledger_state

    spent = with_voucher(steward)
    publish(month=date(2024, 1, 1), by=committee)
    publish(month=date(2024, 2, 1), by=committee)
    inspections.voucher_make_public(expenditure=spent, by=committee)
    post(client, electricity)
    cache.clear()
    forget_ledger_state()
    # the state, the publication, its public vouchers, the counts, whether its fee year is closed
    with django_assert_num_queries(5):
        html = client.get("/disclosure/2024/02/").content.decode()
    assert f"/disclosure/vouchers/{spent.pk}.jpg" in html


def test_a_public_photo_is_shown_small_beside_its_line_and_a_wrong_extension_is_not_found(
    english, ledger, steward, committee
):
    spent = with_voucher(steward)
    inspections.voucher_make_public(expenditure=spent, by=committee)
    html = english.get("/disclosure/2024/02/").content.decode()
    assert f'<img src="/disclosure/vouchers/{spent.pk}.jpg"' in html
    assert english.get(f"/disclosure/vouchers/{spent.pk}.pdf").status_code == 404
    assert english.get(f"/disclosure/vouchers/{spent.pk}.jpg").status_code == 200
