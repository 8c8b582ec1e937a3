"""The desk finds a household by how the steward types it, and goes straight there when only one matches."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger import figures, services
from tests.builders import households, pay

DESK = reverse("ledger:desk")


@pytest.fixture
def neighbours(household, vacant_household):
    """12-2-301 (王堃), 12-2-302 (李喆), 12-1-101 (陈珺), 7-1-301 (周昇)."""
    services.household_create(building=12, unit=1, room=101, owner_name="陈珺", occupancy="occupied")
    services.household_create(building=7, unit=1, room=301, owner_name="周昇", occupancy="occupied")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(DESK)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_outsider_is_refused(signed_in, outsider):
    assert signed_in(outsider).get(DESK).status_code == 403


@pytest.mark.parametrize("typed", ["12-2-301", "12 2 301", " 12-2-301 ", "12/2/301", "王堃", "堃"])
def test_one_match_goes_straight_to_the_household(signed_in, steward, neighbours, household, typed):
    response = signed_in(steward).get(DESK, {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:household", args=[household]) == "/ledger/households/12-2-301/"


@pytest.mark.parametrize(
    ("typed", "flats"),
    [
        ("12-2", ["12-2-301", "12-2-302"]),
        ("12", ["12-1-101", "12-2-301", "12-2-302"]),
        ("12 2", ["12-2-301", "12-2-302"]),
    ],
)
def test_several_matches_are_listed(signed_in, steward, neighbours, typed, flats):
    response = signed_in(steward).get(DESK, {"q": typed})
    assert response.status_code == 200
    assert [h.label for h, _state in response.context["matches"]] == flats
    for flat in flats:
        assert f'href="/ledger/households/{flat}/"' in response.content.decode()


def test_no_match_says_so(signed_in, steward, neighbours):
    response = signed_in(steward).get(DESK, {"q": "99-9-999"})
    assert response.status_code == 200
    assert "No household matches “99-9-999”" in response.content.decode()


def test_the_committee_may_search_too(signed_in, committee, neighbours):
    assert signed_in(committee).get(DESK, {"q": "12-2-302"}).status_code == 302


def test_a_search_is_escaped_not_run(signed_in, steward, neighbours):
    response = signed_in(steward).get(DESK, {"q": "<script>alert(1)</script>"})
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_desk_lists_todays_receipts_of_the_steward(signed_in, steward, household, plan):
    from django.utils import timezone

    payment = services.payment_record(
        household=household,
        fee_plan=plan,
        amount=services.DEFAULT_OCCUPIED["garbage"],
        method="cash",
        paid_on=timezone.localdate(),
        recorded_by=steward,
    )
    response = signed_in(steward).get(DESK)
    assert response.context["today"]["count"] == 1
    assert payment.receipt_no in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_searching_takes_a_fixed_number_of_queries(signed_in, steward, plan, count, django_assert_max_num_queries):
    households(count)
    client = signed_in(steward)
    with django_assert_max_num_queries(6):
        response = client.get(DESK, {"q": "3"})
    assert len(response.context["matches"]) == count


@pytest.fixture
def this_year(plan):
    return services.fee_plan_create(year=timezone.localdate().year)


def test_each_match_shows_what_the_flat_still_owes_or_that_this_year_is_paid(
    signed_in, steward, plan, this_year, household, vacant_household
):
    year = this_year.year
    pay(household, plan, steward, "200.00")
    pay(household, this_year, steward, "200.00", paid_on=timezone.localdate())
    pay(vacant_household, plan, steward, "40.00")

    response = signed_in(steward).get(DESK, {"q": "12-2"})

    states = {household.label: state for household, state in response.context["matches"]}
    assert states["12-2-301"] == figures.DeskState(year=year, year_paid=True, owed=Decimal("0.00"), owed_years=())
    assert states["12-2-302"] == figures.DeskState(
        year=year, year_paid=False, owed=Decimal("240.00"), owed_years=(2024, year)
    )
    page = response.content.decode()
    assert f"{year} paid" in page and f"Owes 240.00 yuan for 2024, {year}" in page


def test_the_states_come_in_one_query_however_many_flats_match(
    signed_in, steward, this_year, django_assert_num_queries
):
    flats = households(3)
    client = signed_in(steward)
    client.get(DESK, {"q": "3-1"})  # sessions and permissions warm
    with django_assert_num_queries(6) as few:
        client.get(DESK, {"q": "3-1"})
    households(40, start_room=201)
    for flat in flats:
        pay(flat, this_year, steward, "50.00", paid_on=timezone.localdate())
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(DESK, {"q": "3-1"})
    assert len(response.context["matches"]) == 43
