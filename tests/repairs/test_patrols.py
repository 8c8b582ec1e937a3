"""Patrols (巡查): who walked where on which day, what they found, and the orders raised from it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from repairs import services
from repairs.models import Patrol, WorkOrder
from tests.builders import report
from trustmgmt.base.refusals import codes


def patrol(steward, **fields):
    values = {
        "patrolled_on": date(2024, 5, 6),
        "inspector": "张国平（维修单位）、王秀英（管家）",
        "area": "1–6幢楼道及屋面",
        "findings": "3幢天沟堵塞；5幢1单元门禁锁损坏",
        "recorded_by": steward,
        **fields,
    }
    return services.patrol_record(**values)


def test_a_patrol_is_recorded_and_raises_work_orders(steward, contract):
    walk = patrol(steward)
    gutter = report(steward, patrol=walk, building=3, unit=None, category="drains", description="3幢天沟堵塞")
    lock = report(steward, patrol=walk, building=5, unit=1, category="doors", description="门禁锁损坏")
    assert list(walk.work_orders.order_by("sequence")) == [gutter, lock]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"findings": ""}, "text_required"),
        ({"area": "楼" * 101}, "text_too_long"),
        ({"findings": "堵" * 2001}, "text_too_long"),
        ({"inspector": "  "}, "text_required"),
        ({"patrolled_on": date(2099, 1, 1)}, "date_in_future"),
    ],
)
def test_bad_patrols_are_refused_and_nothing_is_written(steward, fields, code):
    with pytest.raises(ValidationError) as refused:
        patrol(steward, **fields)
    assert codes(refused.value) == [code]
    assert Patrol.objects.count() == 0


def test_a_fault_cannot_be_reported_before_the_patrol_found_it(steward):
    walk = patrol(steward)
    with pytest.raises(ValidationError) as refused:
        report(steward, patrol=walk, reported_on=date(2024, 5, 5))
    assert codes(refused.value) == ["patrol_later"]
    assert WorkOrder.objects.count() == 0
