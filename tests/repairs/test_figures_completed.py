"""work_orders_completed: the month's repairs as the public disclosure shows them."""

from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal

import pytest

from repairs.figures import CompletedOrder, work_orders_completed
from repairs.models import Category, CommonArea, Contract, Contractor, CostLine, Status, WorkOrder


def _contract(user):
    contractor = Contractor.objects.create(
        company="宁波海曙安居物业维修服务有限公司", contact_person="张师傅", phone="13900000000"
    )
    return Contract.objects.create(
        contractor=contractor,
        title="2024年维修承揽合同",
        signed_on=date(2024, 3, 1),
        starts_on=date(2024, 3, 1),
        ends_on=date(2025, 2, 28),
        votes_for=40,
        votes_against=2,
        households=50,
        created_by=user,
    )


def _order(user, sequence, *, status, reported_on, done_on=None, category=Category.LIGHTING, **location):
    location = location or {"building": 12, "unit": 2}
    contract = None if status == Status.REPORTED else Contract.objects.get()
    return WorkOrder.objects.create(
        contract=contract,
        number=f"WO-2024-{sequence:04d}",
        year=2024,
        sequence=sequence,
        reported_on=reported_on,
        reporter="steward",
        category=category,
        description="楼道灯不亮",
        status=status,
        done_on=done_on,
        created_by=user,
        **location,
    )


def _line(order, user, quantity, unit_price):
    quantity, unit_price = Decimal(quantity), Decimal(unit_price)
    return CostLine.objects.create(
        order=order,
        description="手工",
        unit="项",
        quantity=quantity,
        unit_price=unit_price,
        amount=CostLine.compute_amount(quantity, unit_price),
        justification="test",
        created_by=user,
    )


@pytest.fixture
def orders(steward):
    _contract(steward)
    done = _order(steward, 1, status=Status.DONE, reported_on=date(2024, 4, 28), done_on=date(2024, 5, 2))
    _line(done, steward, "2", "35.50")
    _line(done, steward, "1.5", "12.33")  # 18.495 -> 18.50, half up
    settled_late = _order(
        steward,
        2,
        status=Status.ACCEPTED,
        reported_on=date(2024, 5, 20),
        done_on=date(2024, 5, 31),
        category=Category.DRAINS,
        common_area=CommonArea.BIKE_SHED,
    )
    same_day = _order(steward, 3, status=Status.DONE, reported_on=date(2024, 5, 2), done_on=date(2024, 5, 2))
    _order(steward, 4, status=Status.DONE, reported_on=date(2024, 4, 1), done_on=date(2024, 4, 30))  # April
    _order(steward, 5, status=Status.DONE, reported_on=date(2024, 5, 1), done_on=date(2024, 6, 1))  # June
    _order(steward, 6, status=Status.ASSIGNED, reported_on=date(2024, 5, 3))  # not done
    return done, settled_late, same_day


def test_it_lists_orders_done_in_the_range_by_day_then_number(orders):
    result = work_orders_completed(date(2024, 5, 1), date(2024, 5, 31))
    assert [order.number for order in result] == ["WO-2024-0001", "WO-2024-0003", "WO-2024-0002"]


def test_each_order_carries_public_fields_with_exact_cost_and_days(orders):
    first, same_day, bike_shed = work_orders_completed(date(2024, 5, 1), date(2024, 5, 31))
    assert first == CompletedOrder(
        number="WO-2024-0001",
        category="lighting",
        category_label="Lighting",
        location="Building 12, unit 2",
        reported_on=date(2024, 4, 28),
        completed_on=date(2024, 5, 2),
        cost=Decimal("89.50"),
        days=4,
    )
    assert same_day.cost == Decimal("0.00") and same_day.days == 0
    assert bike_shed.location == "Bicycle shed" and bike_shed.category_label == "Drains and gutters"
    assert bike_shed.days == 11


def test_it_is_frozen(orders):
    order = work_orders_completed(date(2024, 5, 1), date(2024, 5, 31))[0]
    with pytest.raises(FrozenInstanceError):
        order.cost = Decimal("1.00")


def test_cancelled_orders_are_left_out(orders, steward):
    WorkOrder.objects.filter(number="WO-2024-0003").update(status=Status.CANCELLED, cancel_reason="重复报修")
    numbers = [order.number for order in work_orders_completed(date(2024, 5, 1), date(2024, 5, 31))]
    assert numbers == ["WO-2024-0001", "WO-2024-0002"]


def test_it_takes_one_query_however_many_orders(orders, django_assert_num_queries):
    with django_assert_num_queries(1):
        work_orders_completed(date(2024, 1, 1), date(2024, 12, 31))


def test_labels_follow_the_language(orders):
    from django.utils import translation

    with translation.override("zh-hans"):
        first = work_orders_completed(date(2024, 5, 1), date(2024, 5, 2))[0]
    assert first.category_label == "照明" and first.location == "12幢2单元"
