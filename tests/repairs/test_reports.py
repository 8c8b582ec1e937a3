"""Reporting a fault: who reported it, where, and what is refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from repairs.models import WorkOrder
from tests.builders import report
from trustmgmt.base.refusals import codes


def test_a_households_report_is_located_at_its_building_and_unit(steward, household):
    order = report(steward, reporter="household", household=household, building=None, unit=None)
    assert (order.building, order.unit, order.household) == (12, 2, household)
    assert order.location == "Building 12, unit 2"


def test_a_common_area_is_a_location(steward):
    order = report(steward, building=None, unit=None, common_area="gate", category="doors")
    assert order.location == "Main gate"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"building": None, "unit": None}, "location_required"),
        ({"building": None, "unit": 2, "common_area": "garden"}, "unit_needs_building"),
        ({"reporter": "household"}, "household_required"),
        ({"description": ""}, "text_required"),
        ({"description": "灯" * 1001}, "text_too_long"),
        ({"category": "plumbing"}, "invalid_choice"),
        ({"common_area": "3-2-301 门口"}, "invalid_choice"),
        ({"pool": "savings"}, "invalid_choice"),
        ({"reported_on": date(2099, 1, 1)}, "date_in_future"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_written(steward, fields, code):
    with pytest.raises(ValidationError) as refused:
        report(steward, **fields)
    assert codes(refused.value) == [code]
    assert WorkOrder.objects.count() == 0


def test_the_steward_reporting_is_not_a_household(steward, household):
    with pytest.raises(ValidationError) as refused:
        report(steward, household=household)
    assert codes(refused.value) == ["household_not_steward"]
