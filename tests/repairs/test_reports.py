"""Reporting a fault: who reported it, where, and what is refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from repairs.models import WorkOrder
from tests.builders import report


def test_a_households_report_is_located_at_its_building_and_unit(steward, household):
    order = report(steward, reporter="household", household=household, building=None, unit=None)
    assert (order.building, order.unit, order.household) == (12, 2, household)
    assert order.location == "Building 12, unit 2"


def test_a_common_area_is_a_location(steward):
    order = report(steward, building=None, unit=None, common_area="gate", category="doors")
    assert order.location == "Main gate"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"building": None, "unit": None}, "Say where"),
        ({"building": None, "unit": 2, "common_area": "garden"}, "give the building too"),
        ({"reporter": "household"}, "which household"),
        ({"description": ""}, "cannot be left empty"),
        ({"description": "灯" * 1001}, "under 1000 characters"),
        ({"category": "plumbing"}, "not a valid choice"),
        ({"common_area": "3-2-301 门口"}, "not a valid choice"),
        ({"pool": "savings"}, "not a valid choice"),
        ({"reported_on": date(2099, 1, 1)}, "future"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_written(steward, fields, message):
    with pytest.raises(ValidationError, match=message):
        report(steward, **fields)
    assert WorkOrder.objects.count() == 0


def test_the_steward_reporting_is_not_a_household(steward, household):
    with pytest.raises(ValidationError, match="not tied to a household"):
        report(steward, household=household)
