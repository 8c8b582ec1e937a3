"""The fee-year pages: the list, the closing preview and form, and the record of a closed year."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ledger import services
from ledger.models import Entry, FeeYearClosing
from ledger.settlement import services as settlement
from tests.builders import pay

D = Decimal
URL = reverse("ledger:fee_year", args=[2024])


@pytest.fixture
def year_2024(plan, household, vacant_household, steward):
    services.fee_plan_create(year=2025)
    pay(household, plan, steward, "200.00")
    pay(vacant_household, plan, steward, "140.00")
    services.expenditure_record(
        spent_on=date(2024, 6, 1),
        pool="garbage",
        payee="环卫所",
        amount=D("20.00"),
        description="清运",
        recorded_by=steward,
    )
    return plan


def test_the_list_shows_each_year_s_status(signed_in, steward, year_2024, committee):
    page = signed_in(steward).get(reverse("ledger:fee_years")).content.decode()
    assert "Ended, not closed" in page and "Figures so far" not in page
    settlement.fee_year_close(
        fee_plan=year_2024,
        decisions=dict.fromkeys(("electricity", "maintenance", "garbage"), "carry"),
        minute="m",
        by=committee,
    )
    page = signed_in(steward).get(reverse("ledger:fee_years")).content.decode()
    assert "Closed" in page and "Settlement" in page


def test_the_preview_shows_each_pool_and_what_it_can_do(signed_in, committee, year_2024):
    response = signed_in(committee).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Garbage removal" in page and "40.00" in page  # 60 in, 20 out
    assert "or credit 40.00 toward 2025" in page
    assert "Close 2024 and post the settlement" in page


def test_a_steward_sees_the_figures_but_no_form_and_cannot_post(signed_in, steward, year_2024):
    client = signed_in(steward)
    assert "post the settlement" not in client.get(URL).content.decode()
    assert client.post(URL, {"minute": "x"}).status_code == 403
    assert not FeeYearClosing.objects.exists()


def test_the_committee_closes_the_year(signed_in, committee, year_2024, household):
    client = signed_in(committee)
    response = client.post(
        URL, {"electricity": "carry", "maintenance": "carry", "garbage": "credit", "minute": "2025-01-10 会议纪要3"}
    )
    assert response.status_code == 302 and response.url == URL
    closing = FeeYearClosing.objects.get()
    assert closing.closed_by == committee and closing.minute == "2025-01-10 会议纪要3"
    page = client.get(URL).content.decode()
    assert "Settlement of 2024" in page and "2025-01-10 会议纪要3" in page
    assert "12-2-301" in page  # credited 40.00 of garbage toward 2025
    household_page = client.get(reverse("ledger:household", args=[household])).content.decode()
    assert "40.00 was credited from the previous year" in household_page
    assert client.post(URL, {"minute": "again"}).status_code == 403


def test_bad_input_shows_the_messages_and_writes_nothing(signed_in, committee, year_2024):
    entries = Entry.objects.count()
    response = signed_in(committee).post(URL, {"electricity": "credit", "maintenance": "carry", "minute": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Record the committee&#x27;s decision" in page
    assert (Entry.objects.count(), FeeYearClosing.objects.count()) == (entries, 0)


def test_a_year_that_cannot_close_says_why_and_offers_no_form(signed_in, committee, plan, household):
    page = signed_in(committee).get(URL).content.decode()
    assert "Set the fee plan for the year after 2024 first" in page
    assert "post the settlement" not in page


def test_the_pages_take_a_fixed_number_of_queries(signed_in, committee, year_2024, django_assert_max_num_queries):
    client = signed_in(committee)
    with django_assert_max_num_queries(15):
        client.get(URL)
    settlement.fee_year_close(
        fee_plan=year_2024,
        decisions={"electricity": "carry", "maintenance": "credit", "garbage": "credit"},
        minute="m",
        by=committee,
    )
    with django_assert_max_num_queries(15):
        client.get(URL)
    with django_assert_max_num_queries(8):
        client.get(reverse("ledger:fee_years"))
