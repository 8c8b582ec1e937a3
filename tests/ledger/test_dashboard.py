"""The dashboard: this fee year's collection, the pools, this month's money, approvals waiting, the fingerprint."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger import journal, services
from tests.builders import households, pay

D = Decimal
DASHBOARD = reverse("ledger:dashboard")


@pytest.fixture
def this_year(db):
    return services.fee_plan_create(year=timezone.localdate().year)


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(DASHBOARD)["Location"].startswith(reverse("login"))


def test_an_outsider_is_refused(signed_in, outsider):
    assert signed_in(outsider).get(DASHBOARD).status_code == 403


def test_it_shows_collection_pools_the_month_and_the_fingerprint(signed_in, committee, steward, this_year):
    today = timezone.localdate()
    flats = households(5)  # four occupied, the fifth vacant
    pay(flats[0], this_year, steward, "200.00", paid_on=today)
    pay(flats[1], this_year, steward, "50.00", paid_on=today)
    pay(flats[4], this_year, steward, "140.00", paid_on=today)
    services.expenditure_record(
        spent_on=today, pool="garbage", payee="环卫处", amount=D("30.00"), description="清运", recorded_by=steward
    )
    services.expenditure_record(
        spent_on=today, pool="maintenance", payee="维修", amount=D("900.00"), description="水泵", recorded_by=steward
    )
    response = signed_in(committee).get(DASHBOARD)
    context = response.context
    assert (context["collection"].occupied.households, context["collection"].occupied.paid) == (4, 1)
    assert context["collection"].occupied.rate == "0.2500"
    assert (context["collection"].vacant.households, context["collection"].vacant.paid) == (1, 1)
    assert context["month_income"] == D("390.00") and context["month_spent"] == D("30.00")
    assert context["balance_total"] == D("360.00")
    assert context["pending"] == 1
    html = response.content.decode()
    assert "25.00%" in html and "100.00%" in html and "40.00%" in html and journal.fingerprint() in html
    assert "1 expenditure awaits approval" in html


def test_without_a_fee_plan_it_says_so(signed_in, committee, db):
    response = signed_in(committee).get(DASHBOARD)
    assert response.status_code == 200 and "There is no fee plan yet." in response.content.decode()


def test_it_falls_back_to_the_latest_fee_year(signed_in, committee, plan):
    assert signed_in(committee).get(DASHBOARD).context["collection"].fee_year == 2024


def test_it_takes_a_fixed_number_of_queries(signed_in, steward, this_year, django_assert_max_num_queries):
    for flat in households(12):
        pay(flat, this_year, steward, "20.00", paid_on=date(this_year.year, 1, 1))
    client = signed_in(steward)
    # One of them counts the open inspection requests, one lists the cash box's differences (issue 12).
    with django_assert_max_num_queries(12):
        client.get(DASHBOARD)
