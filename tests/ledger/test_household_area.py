"""A flat's floor area: entered and changed on the household form, refused when it is not an area."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ledger import services
from trustmgmt.base.refusals import codes


def test_the_steward_sets_and_clears_the_area(signed_in, steward, household):
    client = signed_in(steward)
    url = reverse("ledger:household_edit", args=[household])
    form = {"owner_name": household.owner_name, "phone": household.phone, "notes": "", "area": "88.6"}
    assert client.post(url, form).status_code == 302
    household.refresh_from_db()
    assert household.area == Decimal("88.60")
    assert "88.60 m²" in client.get(reverse("ledger:household", args=[household])).content.decode()
    assert client.post(url, {**form, "area": ""}).status_code == 302
    household.refresh_from_db()
    assert household.area is None
    refused = client.post(url, {**form, "area": "-3"})
    assert refused.status_code == 200 and "floor area" in refused.content.decode()


def test_a_new_household_takes_its_area(signed_in, steward, plan):
    client = signed_in(steward)
    form = {"building": 3, "unit": 1, "room": 101, "owner_name": "周昇", "occupancy": "occupied", "area": "72.00"}
    assert client.post(reverse("ledger:household_new"), form).status_code == 302
    assert services.Household.objects.get(room=101).area == Decimal("72.00")


@pytest.mark.parametrize("area", ["0", "0.001", "10000.01", "abc", "Infinity"])
def test_the_service_refuses_what_is_not_an_area(db, area):
    with pytest.raises(ValidationError) as error:
        services.household_create(building=1, unit=1, room=101, owner_name="周昇", occupancy="occupied", area=area)
    assert codes(error.value) == ["area_invalid"]
    assert not services.Household.objects.exists()
