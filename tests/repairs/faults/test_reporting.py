"""A resident's report from the public form becomes a work order in "reported"; who reported it stays with the staff."""

import re

import pytest
from django.core.exceptions import ValidationError

from repairs.models import FaultReport, Photo, Reporter, Status, Transition, Triage, WorkOrder
from tests.builders import fault_report
from trustmgmt.base.refusals import codes

from ..uploads import photo


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_report_is_a_work_order_waiting_for_triage(household):
    report = fault_report()
    order = report.order
    assert order.status == Status.REPORTED and order.number == "WO-2024-0001"
    assert order.reporter == Reporter.HOUSEHOLD and order.household == household and order.created_by is None
    assert (order.building, order.unit, order.common_area, order.category) == (12, 2, "", "lighting")
    assert str(order.reported_on) == "2024-05-06"
    assert report.triage == Triage.PENDING and report.contact == "13912345678"
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", report.reference)
    step = Transition.objects.get(order=order)
    assert (step.action, step.by, step.to_status) == ("report", None, Status.REPORTED)


def test_each_report_gets_its_own_reference(household):
    references = {fault_report().reference for _ in range(5)}
    assert len(references) == 5


def test_a_place_only_in_words_is_another_common_area_until_the_steward_says_better(household):
    report = fault_report(building=None, unit=None, place="车棚东门口的路灯")
    assert (report.order.building, report.order.common_area) == (None, "other")
    assert report.place == "车棚东门口的路灯"


def test_a_common_area_is_a_place(household):
    report = fault_report(building=None, unit=None, common_area="bike_shed")
    assert report.order.location == "Bicycle shed"


def test_up_to_three_photos_are_kept(household):
    report = fault_report(photos=[photo(), photo("2.png", fmt="PNG"), photo("3.jpg")])
    assert Photo.objects.filter(order=report.order, uploaded_by=None).count() == 3


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"contact": ""}, "contact_required"),
        ({"contact": "<script>"}, "contact_invalid"),
        ({"contact": "139\x0012345"}, "null_character"),
        ({"description": "   "}, "text_required"),
        ({"description": "长" * 1001}, "text_too_long"),
        ({"category": "fireworks"}, "category_invalid"),
        ({"building": None, "unit": None}, "place_required"),
        ({"building": None, "unit": 2, "place": "楼道"}, "unit_needs_building"),
        ({"building": 0}, "building_invalid"),
        ({"common_area": "moon", "building": None, "unit": None}, "place_required"),
        ({"flat": "12-2-999"}, "flat_not_found"),
        ({"flat": "my flat"}, "flat_format"),
        ({"photos": [photo(), photo(), photo(), photo()]}, "too_many_report_photos"),
    ],
)
def test_a_bad_report_is_refused_and_writes_nothing(household, fields, code):
    with pytest.raises(ValidationError) as refused:
        fault_report(**fields)
    assert codes(refused.value) == [code]
    assert WorkOrder.objects.count() == 0 and FaultReport.objects.count() == 0 and Photo.objects.count() == 0
    assert Transition.objects.count() == 0
