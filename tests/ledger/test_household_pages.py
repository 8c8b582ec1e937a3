"""Adding a household, editing its owner and phone, and changing its occupancy from a date."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger import services
from ledger.models import Due, Household
from tests.builders import pay

D = Decimal
NEW = reverse("ledger:household_new")


def flat_form(**changes):
    data = {
        "building": "5",
        "unit": "1",
        "room": "202",
        "owner_name": "陈珺",
        "phone": "13700000000",
        "occupancy": "occupied",
    }
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_log_in(client, household):
    for url in (
        NEW,
        reverse("ledger:household_edit", args=[household]),
        reverse("ledger:household_occupancy", args=[household]),
    ):
        assert client.get(url)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("user", ["outsider", "committee"])
def test_only_the_steward_changes_households(signed_in, request, household, user):
    client = signed_in(request.getfixturevalue(user))
    assert client.post(NEW, flat_form()).status_code == 403
    assert client.post(reverse("ledger:household_edit", args=[household]), {"owner_name": "x"}).status_code == 403
    assert Household.objects.count() == 1


def test_adding_a_household_gives_it_its_dues(signed_in, steward, plan):
    response = signed_in(steward).post(NEW, flat_form())
    household = Household.objects.get(building=5)
    assert response["Location"] == "/ledger/households/5-1-202/"
    assert Due.objects.get(household=household).total == D("200.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"building": "0"}, "building"),
        ({"room": "abc"}, "room"),
        ({"owner_name": ""}, "owner_name"),
        ({"owner_name": "陈" * 51}, "owner_name"),
        ({"occupancy": "rented"}, "occupancy"),
    ],
)
def test_bad_households_are_refused(signed_in, steward, plan, changes, field):
    response = signed_in(steward).post(NEW, flat_form(**changes))
    assert field in response.context["form"].errors
    assert not Household.objects.exists()


def test_a_flat_that_exists_is_refused(signed_in, steward, household):
    response = signed_in(steward).post(NEW, flat_form(building="12", unit="2", room="301"))
    assert "There is already a household 12-2-301." in response.content.decode()
    assert Household.objects.count() == 1


def test_editing_owner_and_phone(signed_in, steward, household):
    url = reverse("ledger:household_edit", args=[household])
    client = signed_in(steward)
    assert client.get(url).context["form"]["owner_name"].value() == "王堃"
    response = client.post(url, {"owner_name": " 王昇 ", "phone": "13900000000", "notes": "新业主"})
    assert response["Location"] == reverse("ledger:household", args=[household])
    household.refresh_from_db()
    assert (household.owner_name, household.phone, household.notes) == ("王昇", "13900000000", "新业主")


def test_changing_occupancy_from_a_date(signed_in, steward, household, plan):
    url = reverse("ledger:household_occupancy", args=[household])
    response = signed_in(steward).post(url, {"occupancy": "vacant", "since": "2024-01-01"})
    assert response["Location"] == reverse("ledger:household", args=[household])
    household.refresh_from_db()
    assert (household.occupancy, household.occupancy_since) == ("vacant", date(2024, 1, 1))
    assert Due.objects.get(household=household).total == D("140.00")


def test_an_occupancy_that_the_payments_forbid_is_refused(signed_in, steward, household, plan):
    pay(household, plan, steward, "200.00")
    url = reverse("ledger:household_occupancy", args=[household])
    response = signed_in(steward).post(url, {"occupancy": "vacant", "since": "2024-01-01"})
    assert "has paid more into Garbage removal for 2024 than a Vacant unit owes" in response.content.decode()
    household.refresh_from_db()
    assert household.occupancy == "occupied"


def test_a_future_occupancy_date_is_refused(signed_in, steward, household):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = signed_in(steward).post(
        reverse("ledger:household_occupancy", args=[household]), {"occupancy": "vacant", "since": tomorrow}
    )
    assert response.context["form"].errors["since"] == ["The date cannot be in the future."]
    household.refresh_from_db()
    assert household.occupancy == "occupied"


def test_changing_occupancy_later_in_the_year_leaves_this_year(signed_in, steward, household, plan):
    services.fee_plan_create(year=2025)
    signed_in(steward).post(
        reverse("ledger:household_occupancy", args=[household]), {"occupancy": "vacant", "since": "2024-06-01"}
    )
    dues = dict(Due.objects.filter(household=household).values_list("fee_plan__year", "total"))
    assert dues == {2024: D("200.00"), 2025: D("140.00")}
